//===- PatternTest.cpp - Tests for patterns and e-matching ----------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests for pattern parsing, the compiled matcher,
// multi-patterns and rewrite construction.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/EGraph.h"
#include "edge/EGraph/Matcher.h"
#include "edge/EGraph/Rewrite.h"

#include "gtest/gtest.h"

#include <set>

using namespace edge::egraph;

namespace {

RecExpr parse(llvm::StringRef s) { return llvm::cantFail(RecExpr::parse(s)); }
Pattern pat(llvm::StringRef s) { return llvm::cantFail(Pattern::parse(s)); }

/// Returns the matches as a sorted set of strings "root:v1,v2".
std::set<std::string> matchStrings(const EGraph &g, const Searcher &s) {
  MatchSet m(s.getVars());
  s.search(g, m);
  std::set<std::string> out;
  for (size_t i = 0; i < m.size(); ++i) {
    std::string str = std::to_string(m.getRoot(i)) + ":";
    for (Id v : m.getValues(i))
      str += std::to_string(v) + ",";
    out.insert(str);
  }
  return out;
}

TEST(PatternTest, Variables) {
  Pattern p = pat("(+ ?x (* ?y ?x))");
  ASSERT_EQ(p.getVars().size(), 2u);
  EXPECT_EQ(p.getVars()[0], Symbol("?x"));
  EXPECT_EQ(p.getVars()[1], Symbol("?y"));
  EXPECT_TRUE(pat("?x").isVariable());
  EXPECT_FALSE(p.isVariable());
  llvm::Expected<Pattern> bad = Pattern::parse("(?f a)");
  EXPECT_FALSE(static_cast<bool>(bad));
  llvm::consumeError(bad.takeError());
}

TEST(PatternTest, SearchRepeatedVariable) {
  EGraph g;
  Id ab = g.addExpr(parse("(+ a b)"));
  Id bb = g.addExpr(parse("(+ b b)"));
  Id b = g.addExpr(parse("b"));
  g.rebuild();
  MatchSet m;
  Pattern same = pat("(+ ?x ?x)");
  m.reset(same.getVars());
  same.search(g, m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m.getRoot(0), g.find(bb));
  EXPECT_EQ(m.getSubst(0)["?x"], g.find(b));
  Pattern any = pat("(+ ?x ?y)");
  m.reset(any.getVars());
  any.search(g, m);
  EXPECT_EQ(m.size(), 2u);
  // Search restricted to one class.
  m.reset(any.getVars());
  any.searchClass(g, ab, m);
  EXPECT_EQ(m.size(), 1u);
}

TEST(PatternTest, GroundSubtermsAndAttributes) {
  EGraph g;
  g.addExpr(parse("(* a 2)"));
  g.addExpr(parse("(* b 3)"));
  g.addExpr(parse("(tile[32] (* a 2))"));
  g.addExpr(parse("(tile[64] (* b 3))"));
  g.rebuild();
  EXPECT_EQ(matchStrings(g, pat("(* ?x 2)")).size(), 1u);
  EXPECT_EQ(matchStrings(g, pat("(* ?x ?y)")).size(), 2u);
  EXPECT_EQ(matchStrings(g, pat("(* ?x 7)")).size(), 0u);
  EXPECT_EQ(matchStrings(g, pat("(tile[32] ?x)")).size(), 1u);
  EXPECT_EQ(matchStrings(g, pat("(tile[64] (* ?x 3))")).size(), 1u);
  EXPECT_EQ(matchStrings(g, pat("(tile[64] (* ?x 2))")).size(), 0u);
  EXPECT_EQ(matchStrings(g, pat("(tile ?x)")).size(), 0u);
  // A fully ground pattern matches its own class.
  EXPECT_EQ(matchStrings(g, pat("(* a 2)")).size(), 1u);
  // A variable pattern matches every class.
  EXPECT_EQ(matchStrings(g, pat("?x")).size(), g.getNumClasses());
}

TEST(PatternTest, MatchesAcrossMergedClasses) {
  EGraph g;
  Id fx = g.addExpr(parse("(f x)"));
  Id gy = g.addExpr(parse("(g y)"));
  g.unionClasses(g.addExpr(parse("x")), gy);
  g.rebuild();
  // (f (g ?z)) matches through the merged class of x and (g y).
  MatchSet m;
  Pattern p = pat("(f (g ?z))");
  m.reset(p.getVars());
  p.search(g, m);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m.getRoot(0), g.find(fx));
  EXPECT_EQ(m.getSubst(0)["?z"], *g.lookupExpr(parse("y")));
}

TEST(PatternTest, SearchLimit) {
  EGraph g;
  for (int i = 0; i < 50; ++i)
    g.addExpr(parse("(f x" + std::to_string(i) + ")"));
  g.rebuild();
  Pattern p = pat("(f ?x)");
  MatchSet m(p.getVars());
  p.search(g, m, 10);
  EXPECT_EQ(m.size(), 11u) << "stops right after exceeding the limit";
}

TEST(PatternTest, InstantiateAndLookup) {
  EGraph g;
  Id a = g.addExpr(parse("a"));
  Subst s;
  s.insert(Symbol("?x"), a);
  Pattern p = pat("(+ ?x (* ?x 2))");
  EXPECT_FALSE(p.lookupInstance(g, s).has_value());
  Id inst = p.instantiate(g, s);
  EXPECT_EQ(p.lookupInstance(g, s), inst);
  EXPECT_EQ(g.lookupExpr(parse("(+ a (* a 2))")), inst);
}

TEST(MultiPatternTest, SharedVariables) {
  EGraph g;
  Id fa = g.addExpr(parse("(f a)"));
  Id ga = g.addExpr(parse("(g a)"));
  Id gb = g.addExpr(parse("(g b)"));
  g.addExpr(parse("(f c)"));
  g.rebuild();
  MultiPattern mp =
      llvm::cantFail(MultiPattern::parse("?p = (f ?x), ?q = (g ?x)"));
  ASSERT_EQ(mp.getVars().size(), 3u);
  MatchSet m(mp.getVars());
  mp.search(g, m);
  ASSERT_EQ(m.size(), 1u);
  Subst s = m.getSubst(0);
  EXPECT_EQ(s["?p"], g.find(fa));
  EXPECT_EQ(s["?q"], g.find(ga));
  EXPECT_EQ(m.getRoot(0), g.find(fa));
  (void)gb;

  // As a rule: whenever both exist, they are equal.
  Rewrite rule = llvm::cantFail(
      Rewrite::createMulti("f-g", "?p = (f ?x), ?q = (g ?x)", "?p = ?q"));
  MatchSet rm;
  rule.search(g, rm);
  EXPECT_EQ(rule.apply(g, rm), 1u);
  g.rebuild();
  EXPECT_TRUE(g.areEqual(fa, ga));
  EXPECT_FALSE(g.areEqual(fa, gb));
}

TEST(MultiPatternTest, BoundBinderAndNewTerms) {
  EGraph g;
  Id x = g.addExpr(parse("(load p)"));
  g.addExpr(parse("(store p v)"));
  g.rebuild();
  // A store followed by a load of the same pointer forwards the value; the
  // right-hand side binds a new variable and reuses it.
  Rewrite rule = llvm::cantFail(Rewrite::createMulti(
      "forward", "?l = (load ?p), ?s = (store ?p ?v)",
      "?t = (fwd ?v), ?l = ?t"));
  MatchSet m;
  rule.search(g, m);
  ASSERT_EQ(m.size(), 1u);
  rule.apply(g, m);
  g.rebuild();
  EXPECT_EQ(g.lookupExpr(parse("(fwd v)")), g.find(x));
}

TEST(RewriteTest, RejectsUnboundVariables) {
  llvm::Expected<Rewrite> r = Rewrite::create("bad", "(f ?x)", "(g ?y)");
  ASSERT_FALSE(static_cast<bool>(r));
  std::string msg = llvm::toString(r.takeError());
  EXPECT_NE(msg.find("?y"), std::string::npos) << msg;
  llvm::Expected<Rewrite> m =
      Rewrite::createMulti("bad", "?a = (f ?x)", "?a = (g ?z)");
  EXPECT_FALSE(static_cast<bool>(m));
  llvm::consumeError(m.takeError());
}

TEST(MatcherTest, ProgramListing) {
  Pattern p = pat("(+ ?x (* ?x 2))");
  auto prog = MatchProgram::compile(MatchProgram::Part{Var(), &p.getAst()});
  std::string s = prog->toString();
  EXPECT_NE(s.find("bind r0 +/2"), std::string::npos) << s;
  EXPECT_NE(s.find("compare"), std::string::npos) << s;
  EXPECT_NE(s.find("check"), std::string::npos) << s;
}

} // namespace
