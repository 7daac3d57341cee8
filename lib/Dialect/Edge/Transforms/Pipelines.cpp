//===- Pipelines.cpp - the FuseMax derivation pipelines --------------------===//
//
// This file implements --fusemax-2pass and --fusemax-1pass: sequences of the
// general rewrites that take FuseMax's 3-pass attention cascade (Cascade 4)
// to its 2-pass and 1-pass (Cascade 5) forms. Each step checks its own
// preconditions, so a cascade that does not have attention's algebraic
// structure is left as it is.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace edge;

/// The steps both derivations share: division deferral (merges passes 2 and
/// 3), tiling of the key rank, and local/global reductions.
static OpPassManager &buildCommonSteps(OpPassManager &pm,
                                       const FuseMaxPipelineOptions &options) {
  OpPassManager &cascade = pm.nest<CascadeOp>();
  cascade.addPass(createEdgeNormalize());
  EdgeDeferDivisionOptions defer;
  defer.remarks = options.remarks;
  cascade.addPass(createEdgeDeferDivision(defer));

  EdgeSplitRankOptions split;
  split.rank = options.rank;
  split.tile = options.tile;
  split.remarks = options.remarks;
  cascade.addPass(createEdgeSplitRank(split));

  EdgeSplitReductionOptions reductions;
  SplitRankNames names = getSplitRankNames(options.rank);
  reductions.outer = names.outer;
  reductions.inner = names.inner;
  reductions.remarks = options.remarks;
  cascade.addPass(createEdgeSplitReduction(reductions));
  return cascade;
}

void edge::buildFuseMax2PassPipeline(OpPassManager &pm,
                                     const FuseMaxPipelineOptions &options) {
  OpPassManager &cascade = buildCommonSteps(pm, options);
  EdgeExpRebaseOptions rebase;
  SplitRankNames names = getSplitRankNames(options.rank);
  rebase.outer = names.outer;
  rebase.inner = names.inner;
  rebase.remarks = options.remarks;
  cascade.addPass(createEdgeExpRebase(rebase));
  cascade.addPass(createCSEPass());
}

void edge::buildFuseMax1PassPipeline(OpPassManager &pm,
                                     const FuseMaxPipelineOptions &options) {
  OpPassManager &cascade = buildCommonSteps(pm, options);
  EdgeReduceToIterateOptions iterate;
  iterate.rank = getSplitRankNames(options.rank).outer;
  iterate.recompute = true;
  iterate.remarks = options.remarks;
  cascade.addPass(createEdgeReduceToIterate(iterate));
  cascade.addPass(createCSEPass());
}

void edge::registerFuseMaxPipelines() {
  PassPipelineRegistration<FuseMaxPipelineOptions>(
      "fusemax-2pass",
      "Derive FuseMax's tiled 2-pass attention cascade: defer division, "
      "split the key rank, split reductions, rebase exponents locally",
      buildFuseMax2PassPipeline);
  PassPipelineRegistration<FuseMaxPipelineOptions>(
      "fusemax-1pass",
      "Derive FuseMax's 1-pass attention cascade (Cascade 5): defer "
      "division, split the key rank, split reductions, turn the global "
      "maximum and its sums into an iteration",
      buildFuseMax1PassPipeline);
}
