//===- FuseMax.cpp - the FuseMax derivation along the ranks that profit ----===//
//
// This file implements the edge-fusemax pass, the body of --fusemax-2pass
// and --fusemax-1pass: the fixed sequence of identities (addFuseMaxSteps)
// along a named rank, or along every reduced rank whose derivation lowers
// the pass count that edge-analyze reports.
//
//===----------------------------------------------------------------------===//

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Dialect/Edge/Transforms/Explain.h"
#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Utils/EinsumSpec.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"

namespace edge {
#define GEN_PASS_DEF_EDGEFUSEMAX
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {
/// A diagnostic held back while a derivation is tried.
struct HeldDiagnostic {
  Location loc;
  DiagnosticSeverity severity;
  std::string message;
};

/// The pass counts a derivation is judged by: the most passes over any
/// rank, then their sum over the ranks.
using PassScore = std::pair<int64_t, int64_t>;

struct EdgeFuseMaxPass : public edge::impl::EdgeFuseMaxBase<EdgeFuseMaxPass> {
  using Base::Base;
  void runOnOperation() override;

  /// Runs the derivation along `rank` on the cascade, holding its
  /// diagnostics in `held`.
  LogicalResult derive(StringRef rank, SmallVectorImpl<HeldDiagnostic> &held);
  /// Runs the derivation (all of runOnOperation but the checks).
  LogicalResult run(SmallVectorImpl<HeldDiagnostic> &refusals);
  /// Re-emits held diagnostics.
  void emitHeld(ArrayRef<HeldDiagnostic> held) const;
};
} // namespace

void EdgeFuseMaxPass::emitHeld(ArrayRef<HeldDiagnostic> held) const {
  for (const HeldDiagnostic &d : held) {
    switch (d.severity) {
    case DiagnosticSeverity::Error:
      emitError(d.loc) << d.message;
      break;
    case DiagnosticSeverity::Warning:
      emitWarning(d.loc) << d.message;
      break;
    default:
      emitRemark(d.loc) << d.message;
      break;
    }
  }
}

/// The score of `cascade`, or none when the analysis does not cover it.
static std::optional<PassScore> scoreOf(CascadeOp cascade) {
  ScopedDiagnosticHandler quiet(cascade.getContext(),
                                [](Diagnostic &) { return success(); });
  FailureOr<CascadeCost> cost = analyzeCascade(cascade);
  if (failed(cost))
    return std::nullopt;
  int64_t sum = 0;
  for (auto &[rank, passes] : cost->passes)
    sum += passes;
  return PassScore{cost->maxPasses, sum};
}

LogicalResult EdgeFuseMaxPass::derive(StringRef rankName,
                                      SmallVectorImpl<HeldDiagnostic> &held) {
  ScopedDiagnosticHandler hold(&getContext(), [&](Diagnostic &d) {
    held.push_back({d.getLocation(), d.getSeverity(), d.str()});
    return success();
  });
  OpPassManager steps(CascadeOp::getOperationName());
  addFuseMaxSteps(steps, rankName, tile, remarks, passes == 1, nanEmptyRows);
  return runPipeline(steps, getOperation());
}

void EdgeFuseMaxPass::runOnOperation() {
  CascadeOp cascade = getOperation();
  if (tile <= 0) {
    cascade.emitError() << "edge-fusemax: tile must be positive, got "
                        << int64_t(tile);
    return signalPassFailure();
  }
  if (passes != 1 && passes != 2) {
    cascade.emitError() << "edge-fusemax: passes must be 1 or 2, got "
                        << int64_t(passes);
    return signalPassFailure();
  }

  if (explain.empty()) {
    SmallVector<HeldDiagnostic> refusals;
    if (failed(run(refusals)))
      signalPassFailure();
    return;
  }
  std::optional<ExplainFormat> format = parseExplainFormat(explain);
  if (!format) {
    cascade.emitError() << "edge-fusemax: explain must be text, json or "
                           "markdown, got '"
                        << explain << "'";
    return signalPassFailure();
  }
  DerivationRecorder recorder(cascade);
  SmallVector<HeldDiagnostic> refusals;
  LogicalResult result = run(refusals);
  Derivation &derivation = recorder.getDerivation();
  derivation.driver = (Twine("fusemax-") + Twine(int64_t(passes)) + "pass" +
                       (rank.empty() ? Twine("") : Twine(" along ") + rank) +
                       ", tile " + Twine(int64_t(tile)))
                          .str();
  derivation.goal = passes;
  derivation.passesAfter = measureCascade(cascade).first;
  // The refusals say why a derivation stopped short of its goal; once it
  // is reached, they are beside the point.
  if (derivation.passesAfter >= 0 && derivation.passesAfter <= passes)
    recorder.clearRefusals();
  printDerivation(llvm::errs(), derivation, *format);
  if (failed(result))
    signalPassFailure();
}

LogicalResult EdgeFuseMaxPass::run(SmallVectorImpl<HeldDiagnostic> &refusals) {
  CascadeOp cascade = getOperation();
  if (!rank.empty()) {
    if (!llvm::is_contained(getReducedRanks(cascade), rank)) {
      cascade.emitWarning() << "edge-fusemax: no einsum reduces rank '"
                            << rank << "'; the cascade is left as it is";
      return success();
    }
    LogicalResult result = derive(rank, refusals);
    emitHeld(refusals);
    return result;
  }

  // Automatic: try the derivation ranks (the same choice as edge-saturate
  // makes); keep each derivation that lowers the score.
  std::optional<PassScore> score = scoreOf(cascade);
  SmallVector<std::string> candidates = getDerivationRanks(cascade);
  if (!score || candidates.empty()) {
    // The steps that need no rank still apply.
    if (remarks)
      cascade.emitRemark() << "edge-fusemax: no rank to derive along (no "
                              "einsum reduces with max, or the analysis does "
                              "not cover the cascade)";
    LogicalResult result = derive("", refusals);
    emitHeld(refusals);
    return result;
  }
  DerivationRecorder *recorder = DerivationRecorder::current();
  SmallVector<HeldDiagnostic> firstRefusals;
  bool derived = false;
  for (auto [k, candidate] : llvm::enumerate(candidates)) {
    Operation *snapshot = cascade->clone();
    size_t mark = recorder ? recorder->mark() : 0;
    SmallVector<HeldDiagnostic> held;
    LogicalResult result = derive(candidate, held);
    std::optional<PassScore> after =
        succeeded(result) ? scoreOf(cascade) : std::nullopt;
    if (failed(result)) {
      snapshot->erase();
      emitHeld(held);
      return failure();
    }
    if (after && *after < *score) {
      score = after;
      derived = true;
      emitHeld(held);
      // What this derivation refused may still be why it stopped short.
      refusals.append(held.begin(), held.end());
      snapshot->erase();
      continue;
    }
    // No gain: back to the cascade before this attempt.
    cascade.getBody().takeBody(cast<CascadeOp>(snapshot).getBody());
    snapshot->erase();
    if (recorder)
      recorder->rollback(mark);
    if (k == 0)
      firstRefusals = std::move(held);
  }
  // Nothing profited: the refusals along the primary rank say why.
  if (!derived) {
    emitHeld(firstRefusals);
    refusals.assign(firstRefusals.begin(), firstRefusals.end());
  }
  return success();
}
