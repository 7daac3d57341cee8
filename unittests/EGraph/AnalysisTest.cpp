//===- AnalysisTest.cpp - Tests for e-class analyses ----------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests for constant folding and for a user-defined
// analysis (the set of rank names a value depends on) used as a rewrite guard.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Analysis.h"
#include "edge/EGraph/Extract.h"
#include "edge/EGraph/Runner.h"

#include "gtest/gtest.h"

#include <algorithm>

using namespace edge::egraph;

namespace {

RecExpr parse(llvm::StringRef s) { return llvm::cantFail(RecExpr::parse(s)); }

TEST(ConstantFoldingTest, FoldsOnAdd) {
  EGraph g;
  ConstantFolding cf;
  g.addAnalysis(cf);
  Id x = g.addExpr(parse("(+ 1 (* 2 3))"));
  g.rebuild();
  EXPECT_EQ(cf.getConstant(x), Attr::getInt(7));
  // The literal was added to the class.
  EXPECT_EQ(g.lookupExpr(parse("7")), g.find(x));
  Id y = g.addExpr(parse("(/ 7 2)"));
  g.rebuild();
  EXPECT_TRUE(cf.getConstant(y).isNone()) << "inexact integer division";
  Id z = g.addExpr(parse("(/ 7.0 2)"));
  g.rebuild();
  EXPECT_EQ(cf.getConstant(z), Attr::getDouble(3.5));
  EXPECT_TRUE(cf.getConstant(g.addExpr(parse("(+ a 1)"))).isNone());
  EXPECT_FALSE(cf.hasConflict());
}

TEST(ConstantFoldingTest, PropagatesThroughUnions) {
  EGraph g;
  ConstantFolding cf;
  g.addAnalysis(cf);
  Id e = g.addExpr(parse("(* (+ x 1) 4)"));
  Id x = g.addExpr(parse("x"));
  g.rebuild();
  EXPECT_TRUE(cf.getConstant(e).isNone());
  // Learning x = 2 makes the whole expression constant after rebuild.
  g.unionClasses(x, g.addExpr(parse("2")));
  g.rebuild();
  EXPECT_EQ(cf.getConstant(e), Attr::getInt(12));
  EXPECT_EQ(g.lookupExpr(parse("12")), g.find(e));
}

TEST(ConstantFoldingTest, CustomFolder) {
  EGraph g;
  ConstantFolding cf;
  cf.setFolder(Symbol("max"), [](const ENode &, llvm::ArrayRef<Attr> a) {
    if (a.size() != 2 || a[0].getKind() != Attr::Kind::Int ||
        a[1].getKind() != Attr::Kind::Int)
      return Attr();
    return Attr::getInt(std::max(a[0].getInt(), a[1].getInt()));
  });
  g.addAnalysis(cf);
  Id m = g.addExpr(parse("(max 3 (+ 2 2))"));
  g.rebuild();
  EXPECT_EQ(cf.getConstant(m), Attr::getInt(4));
}

/// A user-defined analysis: the sorted set of rank names (`rank["r0"]`
/// leaves) a value depends on, as a sharding pass might track.
class RankSet : public AnalysisOf<std::vector<uint32_t>> {
public:
  using Set = std::vector<uint32_t>;
  Set make(const ENode &node) override {
    if (node.getOp() == Symbol("rank") &&
        node.getAttr().getKind() == Attr::Kind::String)
      return {Symbol(node.getAttr().getString()).getRawId()};
    Set out;
    for (Id c : node.getChildren()) {
      const Set &s = getData(c);
      Set merged;
      std::set_union(out.begin(), out.end(), s.begin(), s.end(),
                     std::back_inserter(merged));
      out.swap(merged);
    }
    return out;
  }
  DidMerge merge(Set &into, Set from) override {
    Set merged;
    std::set_union(into.begin(), into.end(), from.begin(), from.end(),
                   std::back_inserter(merged));
    DidMerge dm{merged != into, merged != from};
    into.swap(merged);
    return dm;
  }
  size_t numRanks(Id id) const { return getData(id).size(); }
};

TEST(UserAnalysisTest, RankSetMakeAndMerge) {
  EGraph g;
  RankSet ranks;
  g.addAnalysis(ranks);
  Id a = g.addExpr(parse("(send rank[\"r0\"] x)"));
  Id b = g.addExpr(parse("(send rank[\"r1\"] x)"));
  Id both = g.addExpr(parse("(add (send rank[\"r0\"] x) y)"));
  g.rebuild();
  EXPECT_EQ(ranks.numRanks(a), 1u);
  EXPECT_EQ(ranks.numRanks(both), 1u);
  g.unionClasses(a, b);
  g.rebuild();
  EXPECT_EQ(ranks.numRanks(a), 2u);
  // The change propagated to the parent of the merged class.
  EXPECT_EQ(ranks.numRanks(both), 2u);
}

TEST(UserAnalysisTest, GuardOverAnalysis) {
  EGraph g;
  RankSet ranks;
  g.addAnalysis(ranks);
  Id local = g.addExpr(parse("(allreduce (send rank[\"r0\"] x))"));
  Id global = g.addExpr(parse("(allreduce (add (send rank[\"r0\"] x) "
                              "(send rank[\"r1\"] x)))"));
  // An all-reduce over data living on at most one rank is a no-op.
  Rewrite rule = llvm::cantFail(
      Rewrite::create("allreduce-single-rank", "(allreduce ?v)", "?v"));
  rule.addCondition([&ranks](const EGraph &, Id, const Subst &s) {
    return ranks.numRanks(s["?v"]) <= 1;
  });
  Runner runner(g);
  runner.run(llvm::ArrayRef<Rewrite>(rule));
  EXPECT_EQ(runner.getReport().stopReason, StopReason::Saturated);
  EXPECT_TRUE(g.areEqual(local, *g.lookupExpr(parse("(send rank[\"r0\"] x)"))));
  EXPECT_FALSE(g.areEqual(
      global, *g.lookupExpr(parse(
                  "(add (send rank[\"r0\"] x) (send rank[\"r1\"] x))"))));
}

TEST(UserAnalysisTest, TwoAnalysesTogether) {
  EGraph g;
  ConstantFolding cf;
  RankSet ranks;
  g.addAnalysis(cf);
  g.addAnalysis(ranks);
  Id e = g.addExpr(parse("(+ (* 2 3) (size rank[\"r2\"]))"));
  g.rebuild();
  EXPECT_EQ(ranks.numRanks(e), 1u);
  EXPECT_TRUE(cf.getConstant(e).isNone());
  g.unionClasses(g.addExpr(parse("(size rank[\"r2\"])")),
                 g.addExpr(parse("4")));
  g.rebuild();
  EXPECT_EQ(cf.getConstant(e), Attr::getInt(10));
  EXPECT_EQ(ranks.numRanks(e), 1u);
}

} // namespace
