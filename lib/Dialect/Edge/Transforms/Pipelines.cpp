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

void edge::addFuseMaxSteps(OpPassManager &cascade, StringRef rank,
                           int64_t tile, bool remarks, bool onePass,
                           bool nanEmptyRows) {
  SplitRankNames names = getSplitRankNames(rank);
  // Shared: normal form, division deferral (merges passes 2 and 3), tiling
  // of the rank, local/global reductions.
  cascade.addPass(createEdgeNormalize());
  EdgeDeferDivisionOptions defer;
  defer.remarks = remarks;
  cascade.addPass(createEdgeDeferDivision(defer));
  if (rank.empty()) {
    cascade.addPass(createCSEPass());
    return;
  }

  EdgeSplitRankOptions split;
  split.rank = rank.str();
  split.tile = tile;
  split.remarks = remarks;
  cascade.addPass(createEdgeSplitRank(split));

  EdgeSplitReductionOptions reductions;
  reductions.outer = names.outer;
  reductions.inner = names.inner;
  reductions.remarks = remarks;
  cascade.addPass(createEdgeSplitReduction(reductions));

  if (onePass) {
    EdgeReduceToIterateOptions iterate;
    iterate.rank = names.outer;
    iterate.recompute = true;
    iterate.remarks = remarks;
    iterate.nanEmptyRows = nanEmptyRows;
    cascade.addPass(createEdgeReduceToIterate(iterate));
  } else {
    EdgeExpRebaseOptions rebase;
    rebase.outer = names.outer;
    rebase.inner = names.inner;
    rebase.remarks = remarks;
    cascade.addPass(createEdgeExpRebase(rebase));
  }
  cascade.addPass(createCSEPass());
}

/// Both pipelines are edge-fusemax, which picks the rank per cascade.
static void buildPipeline(OpPassManager &pm,
                          const FuseMaxPipelineOptions &options,
                          int64_t passes) {
  EdgeFuseMaxOptions fusemax;
  fusemax.passes = passes;
  fusemax.rank = options.rank;
  fusemax.tile = options.tile;
  fusemax.remarks = options.remarks;
  fusemax.nanEmptyRows = options.nanEmptyRows;
  fusemax.explain = options.explain;
  // Edge ops outside a cascade are not rewritten: say so.
  pm.addPass(createEdgeCheckScope());
  pm.nest<CascadeOp>().addPass(createEdgeFuseMax(fusemax));
}

void edge::buildFuseMax2PassPipeline(OpPassManager &pm,
                                     const FuseMaxPipelineOptions &options) {
  buildPipeline(pm, options, 2);
}

void edge::buildFuseMax1PassPipeline(OpPassManager &pm,
                                     const FuseMaxPipelineOptions &options) {
  buildPipeline(pm, options, 1);
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
