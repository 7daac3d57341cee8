//===- EGraphBench.cpp - Equality saturation throughput benchmark ---------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements edge-egraph-bench, which saturates standard workloads
// on growing inputs and prints a markdown table of time and e-nodes/s:
//  * assoc-comm: commutativity + associativity of `+` over n leaves, which
//    saturates at exactly 3^n - 2^(n+1) + 1 + n e-nodes;
//  * math: the arithmetic rules of egg's math test suite (with constant
//    folding and is-not-zero guards) on growing polynomials, run to a node
//    limit since some rules (add-zero, mul-one, distribute/factor) never
//    saturate.
// Usage: edge-egraph-bench [--quick] [--node-limit N]
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Analysis.h"
#include "edge/EGraph/Extract.h"
#include "MathRules.h"
#include "edge/EGraph/Runner.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace edge::egraph;

static Rewrite rw(llvm::StringRef name, llvm::StringRef lhs,
                  llvm::StringRef rhs) {
  return llvm::cantFail(Rewrite::create(name, lhs, rhs));
}

/// (+ x{n-1} (+ ... (+ x1 x0)))
static std::string sumTerm(unsigned n) {
  std::string t = "x0";
  for (unsigned i = 1; i < n; ++i)
    t = "(+ x" + std::to_string(i) + " " + t + ")";
  return t;
}

/// A polynomial with n monomials, e.g. for n = 2:
/// (+ (* 2 (* x0 (- y0 1))) (/ (* x1 (+ y1 2)) x1))
static std::string polyTerm(unsigned n) {
  std::string t;
  for (unsigned i = 0; i < n; ++i) {
    std::string x = "x" + std::to_string(i), y = "y" + std::to_string(i);
    std::string mono =
        i % 2 == 0 ? "(* 2 (* " + x + " (- " + y + " 1)))"
                   : "(/ (* " + x + " (+ " + y + " 2)) " + x + ")";
    t = t.empty() ? mono : "(+ " + mono + " " + t + ")";
  }
  return t;
}

namespace {
struct Row {
  std::string workload;
  unsigned size;
  size_t inputNodes;
  RunReport report;
  double extractMs;
  double bestCost;
};
} // namespace

static Row runOne(llvm::StringRef workload, unsigned size,
                  const std::string &term, bool math, size_t nodeLimit,
                  double timeLimit) {
  EGraph g;
  ConstantFolding cf;
  if (math)
    g.addAnalysis(cf);
  RecExpr expr = llvm::cantFail(RecExpr::parse(term));
  std::vector<Rewrite> rules;
  if (math) {
    rules = getMathRules(cf);
  } else {
    rules.push_back(rw("comm-add", "(+ ?a ?b)", "(+ ?b ?a)"));
    rules.push_back(rw("assoc-add", "(+ ?a (+ ?b ?c))", "(+ (+ ?a ?b) ?c)"));
  }
  Row row{workload.str(), size, expr.size(), {}, 0, 0};
  // Time includes adding the input; it is negligible.
  Id root = g.addExpr(expr);
  Runner runner(g);
  runner.setNodeLimit(nodeLimit).setIterationLimit(math ? 100 : 1000)
      .setTimeLimit(timeLimit);
  row.report = runner.run(rules);
  auto t0 = std::chrono::steady_clock::now();
  GreedyExtractor ex(g, AstSize());
  row.bestCost = ex.getCost(root);
  row.extractMs = std::chrono::duration<double, std::milli>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
  return row;
}

int main(int argc, char **argv) {
  bool quick = false;
  size_t mathLimit = 100000;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick"))
      quick = true;
    else if (!std::strcmp(argv[i], "--node-limit") && i + 1 < argc)
      mathLimit = std::strtoull(argv[++i], nullptr, 10);
    else {
      llvm::errs() << "usage: " << argv[0] << " [--quick] [--node-limit N]\n";
      return 2;
    }
  }

  std::vector<Row> rows;
  unsigned maxLeaves = quick ? 8 : 10;
  for (unsigned n = 4; n <= maxLeaves; ++n)
    rows.push_back(runOne("assoc-comm", n, sumTerm(n), /*math=*/false,
                          /*nodeLimit=*/10000000, /*timeLimit=*/60));
  unsigned maxMonomials = quick ? 3 : 6;
  for (unsigned n = 1; n <= maxMonomials; ++n)
    rows.push_back(runOne("math", n, polyTerm(n), /*math=*/true, mathLimit,
                          /*timeLimit=*/60));

  llvm::outs() << "| workload | input size | input nodes | e-nodes | e-classes "
                  "| iterations | stop reason | time (ms) | e-nodes/s "
                  "| extract (ms) | best cost |\n";
  llvm::outs() << "|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n";
  for (const Row &r : rows) {
    const RunReport &rep = r.report;
    double perSec = rep.totalMs > 0 ? rep.numNodes / (rep.totalMs / 1000.0) : 0;
    llvm::outs() << "| " << r.workload << " | " << r.size << " | "
                 << r.inputNodes << " | " << rep.numNodes << " | "
                 << rep.numClasses << " | " << rep.iterations.size() << " | "
                 << stopReasonToString(rep.stopReason) << " | "
                 << llvm::format("%.1f", rep.totalMs) << " | "
                 << llvm::format("%.0f", perSec) << " | "
                 << llvm::format("%.1f", r.extractMs) << " | "
                 << llvm::format("%.0f", r.bestCost) << " |\n";
  }
  return 0;
}
