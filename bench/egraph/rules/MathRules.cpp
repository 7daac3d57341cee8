//===- MathRules.cpp - egg's arithmetic rule set --------------------------===//
//
// This file implements the arithmetic rules of egg's math test suite, shared
// by the unit tests and the benchmark.
//
//===----------------------------------------------------------------------===//

#include "MathRules.h"

using namespace edge::egraph;

static Rewrite rw(llvm::StringRef name, llvm::StringRef lhs,
                  llvm::StringRef rhs) {
  return llvm::cantFail(Rewrite::create(name, lhs, rhs));
}

std::vector<Rewrite> edge::egraph::getMathRules(const ConstantFolding &cf) {
  std::vector<Rewrite> r;
  r.push_back(rw("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"));
  r.push_back(rw("comm-mul", "(* ?a ?b)", "(* ?b ?a)"));
  r.push_back(rw("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)"));
  r.push_back(rw("assoc-mul", "(* ?a (* ?b ?c))", "(* (* ?a ?b) ?c)"));
  r.push_back(rw("sub-canon", "(- ?a ?b)", "(+ ?a (* -1 ?b))"));
  r.push_back(rw("div-canon", "(/ ?a ?b)", "(* ?a (pow ?b -1))")
                  .addCondition(isNotZero("?b", cf)));
  r.push_back(rw("zero-add", "(+ ?a 0)", "?a"));
  r.push_back(rw("zero-mul", "(* ?a 0)", "0"));
  r.push_back(rw("one-mul", "(* ?a 1)", "?a"));
  r.push_back(rw("add-zero", "?a", "(+ ?a 0)"));
  r.push_back(rw("mul-one", "?a", "(* ?a 1)"));
  r.push_back(rw("cancel-sub", "(- ?a ?a)", "0"));
  r.push_back(rw("cancel-div", "(/ ?a ?a)", "1")
                  .addCondition(isNotZero("?a", cf)));
  r.push_back(rw("distribute", "(* ?a (+ ?b ?c))", "(+ (* ?a ?b) (* ?a ?c))"));
  r.push_back(rw("factor", "(+ (* ?a ?b) (* ?a ?c))", "(* ?a (+ ?b ?c))"));
  r.push_back(rw("pow-mul", "(* (pow ?a ?b) (pow ?a ?c))",
                 "(pow ?a (+ ?b ?c))"));
  r.push_back(rw("pow1", "(pow ?x 1)", "?x"));
  r.push_back(rw("pow2", "(pow ?x 2)", "(* ?x ?x)"));
  r.push_back(rw("pow-recip", "(pow ?x -1)", "(/ 1 ?x)")
                  .addCondition(isNotZero("?x", cf)));
  r.push_back(rw("recip-mul-div", "(* ?x (/ 1 ?x))", "1")
                  .addCondition(isNotZero("?x", cf)));
  return r;
}
