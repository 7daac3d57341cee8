//===- EGraphTest.cpp - Tests for the core e-graph ------------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests for symbols, terms, union-find, hash-consing,
// congruence closure and explanations.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/EGraph.h"
#include "edge/EGraph/UnionFind.h"

#include "gtest/gtest.h"

using namespace edge::egraph;

namespace {

RecExpr parse(llvm::StringRef s) { return llvm::cantFail(RecExpr::parse(s)); }
Id add(EGraph &g, llvm::StringRef s) { return g.addExpr(parse(s)); }

TEST(UnionFindTest, Basic) {
  UnionFind uf;
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(uf.makeSet(), static_cast<Id>(i));
  uf.unite(0, 1);
  uf.unite(2, 3);
  uf.unite(0, 2);
  EXPECT_EQ(uf.find(3), 0u);
  EXPECT_EQ(uf.findMut(3), 0u);
  EXPECT_EQ(uf.find(4), 4u);
}

TEST(SymbolTest, Interning) {
  EXPECT_EQ(Symbol("foo"), Symbol("foo"));
  EXPECT_NE(Symbol("foo"), Symbol("bar"));
  EXPECT_EQ(Symbol("foo").str(), "foo");
  EXPECT_TRUE(Symbol("?x").isVariable());
  EXPECT_FALSE(Symbol("x").isVariable());
  EXPECT_FALSE(Symbol().isValid());
}

TEST(RecExprTest, ParsePrintRoundTrip) {
  for (llvm::StringRef s :
       {"(* (+ a b) 2)", "a", "(tile[32] x)", "(f[\"r 0\"] 1.5 -3)",
        "(g a a)", "(conv[tag] (tile[-4] x) 0.25)", "(nop)"}) {
    RecExpr e = parse(s);
    EXPECT_EQ(parse(e.toString()).toString(), e.toString()) << s.str();
  }
  EXPECT_EQ(parse("(* (+ a b) 2)").toString(), "(* (+ a b) 2)");
  EXPECT_EQ(parse("(tile[32] x)").toString(), "(tile[32] x)");
  EXPECT_EQ(parse("( f  a ; comment\n b)").toString(), "(f a b)");
  // Identical subterms are shared.
  EXPECT_EQ(parse("(g (h a) (h a))").size(), 3u);
  // Numbers become literal constants.
  RecExpr two = parse("2");
  EXPECT_EQ(two[0].getOp(), getConstOp());
  EXPECT_EQ(two[0].getAttr(), Attr::getInt(2));
  EXPECT_EQ(parse("2.0")[0].getAttr(), Attr::getDouble(2.0));
  EXPECT_EQ(parse("2.0").toString(), "2.0");
  EXPECT_EQ(parse("-")[0].getOp(), Symbol("-"));
}

TEST(RecExprTest, ParseErrors) {
  for (llvm::StringRef s : {"", "(+ a", ")", "(a b))", "(f[1 x)", "(f[\"x)"}) {
    llvm::Expected<RecExpr> e = RecExpr::parse(s);
    EXPECT_FALSE(static_cast<bool>(e)) << s.str();
    llvm::consumeError(e.takeError());
  }
}

TEST(EGraphTest, HashConsing) {
  EGraph g;
  Id a = add(g, "(+ a b)");
  Id b = add(g, "(+ a b)");
  EXPECT_EQ(a, b);
  EXPECT_EQ(g.getNumClasses(), 3u);
  EXPECT_NE(add(g, "(+ b a)"), a);
  EXPECT_EQ(g.getNumClasses(), 4u);
  EXPECT_EQ(g.lookupExpr(parse("(+ b a)")).has_value(), true);
  EXPECT_EQ(g.lookupExpr(parse("(+ c a)")).has_value(), false);
}

TEST(EGraphTest, AttributesDistinguishNodes) {
  EGraph g;
  Id t32 = add(g, "(tile[32] x)");
  Id t64 = add(g, "(tile[64] x)");
  Id s32 = add(g, "(tile[\"32\"] x)");
  EXPECT_NE(t32, t64);
  EXPECT_NE(t32, s32);
  EXPECT_EQ(add(g, "(tile[32] x)"), t32);
  g.rebuild();
  EXPECT_EQ(g.getClassesWithOp(Symbol("tile")).size(), 3u);
}

TEST(EGraphTest, CongruenceAfterUnion) {
  EGraph g;
  Id fa = add(g, "(f a)");
  Id fb = add(g, "(f b)");
  Id a = add(g, "a"), b = add(g, "b");
  g.rebuild();
  EXPECT_FALSE(g.areEqual(fa, fb));
  EXPECT_TRUE(g.unionClasses(a, b));
  EXPECT_FALSE(g.unionClasses(a, b));
  EXPECT_FALSE(g.isClean());
  EXPECT_EQ(g.rebuild(), 1u);
  EXPECT_TRUE(g.areEqual(fa, fb));
  EXPECT_EQ(g.getNumClasses(), 2u);
  EXPECT_EQ(g.getNumNodes(), 3u);
  EXPECT_EQ(g.getClass(fa).size(), 1u);
}

TEST(EGraphTest, CongruencePropagatesUpwards) {
  EGraph g;
  Id x = add(g, "(h (f (g a)) c)");
  Id y = add(g, "(h (f (g b)) c)");
  g.unionClasses(add(g, "a"), add(g, "b"));
  g.rebuild();
  EXPECT_TRUE(g.areEqual(x, y));
  EXPECT_EQ(g.getNumClasses(), 5u);
  // Lookups see the merged classes.
  EXPECT_EQ(g.lookupExpr(parse("(f (g b))")), g.lookupExpr(parse("(f (g a))")));
}

TEST(EGraphTest, CyclicClasses) {
  EGraph g;
  Id a = add(g, "a");
  Id fa = add(g, "(f a)");
  g.unionClasses(a, fa);
  g.rebuild();
  EXPECT_EQ(g.getNumClasses(), 1u);
  EXPECT_EQ(g.getClass(a).size(), 2u);
  EXPECT_EQ(g.lookupExpr(parse("(f (f (f a)))")), g.find(a));
}

TEST(EGraphTest, OriginalTermAndPrint) {
  EGraph g;
  Id x = add(g, "(+ (* a 2) a)");
  EXPECT_EQ(g.getOriginalTerm(x).toString(), "(+ (* a 2) a)");
  g.rebuild();
  EXPECT_NE(g.toString().find("(+ e"), std::string::npos);
}

TEST(EGraphTest, Explanations) {
  EGraph g;
  g.setExplanationsEnabled(true);
  Id x = add(g, "(f a)");
  Id y = add(g, "(f c)");
  Id a = add(g, "a"), b = add(g, "b"), c = add(g, "c");
  g.unionClasses(a, b, Symbol("a=b"));
  g.unionClasses(b, c, Symbol("b=c"));
  g.rebuild();
  ASSERT_TRUE(g.areEqual(x, y));
  std::vector<ProofStep> steps = g.explain(a, c);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].reason, Symbol("a=b"));
  EXPECT_EQ(steps[1].reason, Symbol("b=c"));
  EXPECT_EQ(steps[1].to, c);
  std::vector<ProofStep> cong = g.explain(x, y);
  ASSERT_EQ(cong.size(), 1u);
  EXPECT_EQ(cong[0].reason, Symbol("congruence"));
  std::string text = g.explainToString(a, c);
  EXPECT_NE(text.find("by a=b"), std::string::npos) << text;
  EXPECT_TRUE(g.explain(a, add(g, "d")).empty());
}

TEST(EGraphTest, LookupNodeIdIsTheNodeNotItsClass) {
  EGraph g;
  Id a = add(g, "a"), b = add(g, "b");
  Id fa = add(g, "(f a)"), fb = add(g, "(f b)");
  g.unionClasses(fa, fb);
  g.rebuild();
  // (f b) is in the class of (f a) (or the other way round), but was added
  // as its own node: explain() needs that id.
  ENode nodeB(Symbol("f"), {b});
  ASSERT_TRUE(g.lookupNodeId(nodeB).has_value());
  EXPECT_EQ(*g.lookupNodeId(nodeB), fb);
  EXPECT_EQ(*g.lookup(nodeB), g.find(fa));
  EXPECT_FALSE(g.lookupNodeId(ENode(Symbol("g"), {a})).has_value());
}

} // namespace
