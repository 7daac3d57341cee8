//===- Saturate.cpp - e-graph-guided cascade derivation --------------------===//
//
// This file implements the edge-saturate pass: equality saturation of a
// cascade with the rules of SaturateRules.cpp and extraction by the cascade
// cost model (SaturateAdapter.cpp). From FuseMax's 3-pass attention it
// derives the 1-pass cascade; with `max-passes` or another objective, the
// cheapest cascade under that measure.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Transforms/Saturate.h"

#include "llvm/Support/FormatVariadic.h"

namespace edge {
#define GEN_PASS_DEF_EDGESATURATE
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {
struct EdgeSaturatePass
    : public edge::impl::EdgeSaturateBase<EdgeSaturatePass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeSaturatePass::runOnOperation() {
  CascadeOp cascade = getOperation();
  std::optional<SaturateObjective> parsed = parseSaturateObjective(objective);
  if (!parsed) {
    cascade.emitError() << "edge-saturate: unknown objective '" << objective
                        << "' (expected passes, traffic, flops, time or "
                           "rewritten)";
    return signalPassFailure();
  }
  // Out-of-range limits are errors, reported with the value given.
  auto checkAtLeast = [&](StringRef name, int64_t value, int64_t least) {
    if (value >= least)
      return true;
    cascade.emitError() << "edge-saturate: " << name << " must be at least "
                        << least << ", got " << value;
    return false;
  };
  if (!checkAtLeast("tile", tile, 1) || !checkAtLeast("max-nodes", maxNodes, 1) ||
      !checkAtLeast("max-iters", maxIters, 1) ||
      !checkAtLeast("max-passes", maxPasses, 0) ||
      !checkAtLeast("timeout-ms", timeoutMs, 1) ||
      !checkAtLeast("threads", threads, 0))
    return signalPassFailure();
  for (int64_t candidate : tiles)
    if (!checkAtLeast("every size of tiles", candidate, 1))
      return signalPassFailure();
  if (!tiles.empty() && *parsed != SaturateObjective::Time) {
    cascade.emitError() << "edge-saturate: tiles= chooses by the time "
                           "estimate; it needs objective=time";
    return signalPassFailure();
  }
  SaturateOptions options;
  if (*parsed == SaturateObjective::Time) {
    FailureOr<TargetDescription> description =
        TargetDescription::readJsonOrEmitError(target, cascade,
                                               "edge-saturate");
    if (failed(description))
      return signalPassFailure();
    options.costModel.target = *description;
    options.costModel.threads = unsigned(threads);
  } else if (!target.empty()) {
    cascade.emitWarning() << "edge-saturate: target is only used by "
                             "objective=time";
  }
  for (const std::string &rule : rules) {
    if (llvm::is_contained(getSaturateRuleNames(), rule)) {
      options.rules.push_back(rule);
      continue;
    }
    InFlightDiagnostic d = cascade.emitError()
                           << "edge-saturate: unknown rule '" << rule
                           << "' (expected one of";
    for (StringRef name : getSaturateRuleNames())
      d << " " << name;
    d << ")";
    return signalPassFailure();
  }
  options.objective = *parsed;
  std::optional<ExplainFormat> explainFormat;
  Derivation derivation;
  if (!explain.empty()) {
    explainFormat = parseExplainFormat(explain);
    if (!explainFormat) {
      cascade.emitError() << "edge-saturate: explain must be text, json or "
                             "markdown, got '"
                          << explain << "'";
      return signalPassFailure();
    }
    options.explanation = &derivation;
  }
  options.maxPasses = maxPasses;
  options.maxNodes = maxNodes;
  options.maxIters = maxIters;
  options.timeoutMs = timeoutMs;
  options.rank = rank;
  if (!rank.empty() && !llvm::is_contained(getReducedRanks(cascade), rank))
    cascade.emitWarning() << "edge-saturate: no einsum reduces rank '" << rank
                          << "'; the split rules do not apply to it";
  if (options.rank.empty()) {
    // The same choice as edge-fusemax; one rank is explored.
    SmallVector<std::string> ranks = getDerivationRanks(cascade);
    options.rank = ranks.empty() ? "m" : ranks.front();
  }
  options.tile = tile;
  options.partition = partition;
  if (dumpEGraph)
    options.dumpEGraph = &llvm::errs();
  // Equal spellings meet first, as in the --fusemax-* pipelines.
  if (failed(normalizeCascade(cascade)))
    return signalPassFailure();
  FailureOr<SaturateResult> result = failure();
  SmallVector<TileEstimate> tileEstimates;
  if (tiles.empty()) {
    result = saturateCascade(cascade, options);
  } else {
    SaturateResult chosen;
    FailureOr<int64_t> tile =
        saturateChoosingTile(cascade, options, tiles, tileEstimates, chosen);
    if (succeeded(tile)) {
      options.tile = *tile;
      result = std::move(chosen);
    }
  }
  if (failed(result))
    return signalPassFailure();
  if (explainFormat) {
    derivation.cascade = cascade.getSymName().str();
    derivation.driver = "edge-saturate, rank " + options.rank + ", tile " +
                        std::to_string(options.tile);
    derivation.goal = options.maxPasses;
    derivation.passesBefore = result->originalPasses;
    derivation.passesAfter =
        result->changed ? result->chosenPasses : result->originalPasses;
    printDerivation(llvm::errs(), derivation, *explainFormat);
  }
  numENodes = result->numNodes;
  numEClasses = result->numClasses;
  numIterations = result->numIterations;
  numRulesApplied = result->numRulesApplied;
  stopReason = unsigned(result->stopReason);
  timeUs = result->saturateUs + result->extractUs;
  numCandidates = result->numCandidates;
  chosenPasses = result->chosenPasses;
  numPieces = result->numPieces;
  // A limit is not an error: the best cascade found so far is kept.
  StringRef stop = egraph::stopReasonToString(result->stopReason);
  if (result->stopReason != egraph::StopReason::Saturated)
    cascade.emitRemark() << "edge-saturate: stopped early (" << stop
                         << "); using the best cascade found so far";
  else if (result->extractionCut)
    cascade.emitRemark() << "edge-saturate: time limit reached during "
                            "extraction; using the best cascade found so far";
  if (result->numPiecesSkipped)
    cascade.emitRemark() << "edge-saturate: time limit reached before "
                         << result->numPiecesSkipped << " of "
                         << result->numPieces
                         << " sub-cascades; they are left as they were";
  if (!result->emptyRowsRefusal.empty())
    cascade.emitRemark()
        << "edge-saturate: no 1-pass iteration: " << result->emptyRowsRefusal
        << "; edge-saturate keeps EDGE's empty rows, --fusemax-1pass="
           "nan-empty-rows derives it";
  if (result->constraintUnmet)
    cascade.emitRemark() << "edge-saturate: no cascade with at most "
                         << int64_t(maxPasses) << " passes found; kept the one with "
                         << "the fewest passes";
  if (remarks && !tileEstimates.empty()) {
    InFlightDiagnostic d = cascade.emitRemark();
    d << "edge-saturate: tile " << options.tile << " chosen; estimates:";
    for (const TileEstimate &e : tileEstimates)
      d << " tile " << e.tile << " " << llvm::formatv("{0:F4}", e.seconds * 1e3).str()
        << " ms (" << e.passes << (e.passes == 1 ? " pass)" : " passes)");
  }
  if (remarks) {
    InFlightDiagnostic d = cascade.emitRemark();
    d << "edge-saturate: " << result->numNodes << " e-nodes, "
      << result->numClasses << " e-classes, " << result->numIterations
      << " iterations (" << stop << "), "
      << result->numCandidates << " candidates";
    if (result->numPieces > 1)
      d << " over " << result->numPieces << " sub-cascades";
    d << "; passes "
      << result->originalPasses << " -> " << result->chosenPasses
      << "; rules:";
    for (auto &[name, n] : result->rulesApplied)
      d << " " << name << "=" << n;
    if (options.objective == SaturateObjective::Rewritten)
      d << "; e-nodes used: " << result->chosenInputNodes << " from the input, "
        << result->chosenRewrittenNodes << " rewritten";
  }
}
