//===- ExtractTest.cpp - Tests for extraction -----------------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests for cost functions, greedy tree extraction
// and DAG-aware extraction.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Extract.h"

#include "gtest/gtest.h"

using namespace edge::egraph;

namespace {

RecExpr parse(llvm::StringRef s) { return llvm::cantFail(RecExpr::parse(s)); }

TEST(ExtractTest, GreedyPicksCheapest) {
  EGraph g;
  Id big = g.addExpr(parse("(+ (* a 1) 0)"));
  g.unionClasses(big, g.addExpr(parse("a")));
  g.rebuild();
  GreedyExtractor ex(g, AstSize());
  EXPECT_EQ(ex.extract(big).toString(), "a");
  EXPECT_EQ(ex.getCost(big), 1.0);
  // With `a` made expensive the product is preferred... but it contains `a`,
  // so the cheapest term is still the leaf.
  OpCost cost;
  cost.set("a", 10).set("+", 0.5);
  GreedyExtractor ex2(g, cost);
  EXPECT_EQ(ex2.extract(big).toString(), "a");
}

TEST(ExtractTest, AstDepth) {
  EGraph g;
  Id x = g.addExpr(parse("(+ a (+ b (+ c d)))"));
  g.unionClasses(x, g.addExpr(parse("(+ (+ a b) (+ c d))")));
  g.rebuild();
  GreedyExtractor bySize(g, AstSize());
  GreedyExtractor byDepth(g, AstDepth());
  EXPECT_EQ(bySize.getCost(x), 7.0);
  EXPECT_EQ(byDepth.extract(x).toString(), "(+ (+ a b) (+ c d))");
  EXPECT_EQ(byDepth.getCost(x), 3.0);
}

TEST(ExtractTest, CyclicClassesAreHandled) {
  EGraph g;
  Id a = g.addExpr(parse("a"));
  Id fa = g.addExpr(parse("(f a)"));
  g.unionClasses(a, fa);
  g.rebuild();
  GreedyExtractor ex(g, AstSize());
  EXPECT_EQ(ex.extract(fa).toString(), "a");
  DagExtractor dag(g, AstSize());
  EXPECT_EQ(dag.extract(fa).toString(), "a");
  // A class whose only term is infinite has no extraction.
  EGraph h;
  Id ga = h.addExpr(parse("(g b)"));
  Id b = h.addExpr(parse("b"));
  h.unionClasses(ga, b);
  h.rebuild();
  Id gg = h.addExpr(parse("(k (g b))"));
  h.rebuild();
  GreedyExtractor exh(h, AstSize());
  EXPECT_EQ(exh.extract(gg).toString(), "(k b)");
}

TEST(ExtractTest, DagBeatsTreeOnSharedSubterm) {
  // X can be (p S) or a 5-node chain; Y can be (q S) or another 5-node
  // chain; S is a 6-node chain. Tree extraction pays for S twice and picks
  // the chains (1 + 5 + 5 = 11); DAG extraction shares S (1+1+1+6 = 9).
  EGraph g;
  Id root = g.addExpr(parse(
      "(f (p (h (h (h (h (h s)))))) (q (h (h (h (h (h s)))))))"));
  Id x = *g.lookupExpr(parse("(p (h (h (h (h (h s))))))"));
  Id y = *g.lookupExpr(parse("(q (h (h (h (h (h s))))))"));
  g.unionClasses(x, g.addExpr(parse("(k (k (k (k b))))")));
  g.unionClasses(y, g.addExpr(parse("(m (m (m (m c))))")));
  g.rebuild();

  GreedyExtractor tree(g, AstSize());
  RecExpr treeExpr = tree.extract(root);
  EXPECT_EQ(treeExpr.toString(), "(f (k (k (k (k b)))) (m (m (m (m c)))))");
  EXPECT_EQ(getTreeCost(g, treeExpr, AstSize()), 11.0);
  EXPECT_EQ(getDagCost(g, treeExpr, AstSize()), 11.0);

  DagExtractor dag(g, AstSize());
  RecExpr dagExpr = dag.extract(root);
  EXPECT_EQ(dagExpr.toString(),
            "(f (p (h (h (h (h (h s)))))) (q (h (h (h (h (h s)))))))");
  EXPECT_EQ(getDagCost(g, dagExpr, AstSize()), 9.0);
  EXPECT_EQ(dag.getCost(root), 9.0);
  EXPECT_EQ(dagExpr.size(), 9u) << "the shared subterm is stored once";
  EXPECT_LT(getDagCost(g, dagExpr, AstSize()),
            getDagCost(g, treeExpr, AstSize()));
}

TEST(ExtractTest, MultiRootExtractionShares) {
  EGraph g;
  Id r1 = g.addExpr(parse("(f (g a))"));
  Id r2 = g.addExpr(parse("(h (g a))"));
  g.rebuild();
  DagExtractor dag(g, AstSize());
  RecExpr out;
  llvm::SmallVector<Id, 2> idx;
  ASSERT_TRUE(dag.extract({r1, r2}, out, idx));
  EXPECT_EQ(out.size(), 4u);
  EXPECT_EQ(out.toString(idx[0]), "(f (g a))");
  EXPECT_EQ(out.toString(idx[1]), "(h (g a))");
}

} // namespace
