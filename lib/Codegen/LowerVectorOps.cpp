//===- LowerVectorOps.cpp - vector ops to what a CPU executes -------------===//
//
// This file implements edge-lower-vector-ops: after bufferization, the
// vector ops that tiling and vectorization produced are lowered to FMA-level
// vector arithmetic, loads and stores, in the order the upstream CPU recipes
// use (docs/Lowering.md): hoisting, contractions, reductions, transfers,
// shape ops, then polynomial math.
//
// The lowering patterns are applied in separate greedy runs, without the
// canonicalization patterns: mixed with them, the contraction, broadcast and
// shape_cast lowerings can rewrite each other's results without end.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edge {
#define GEN_PASS_DEF_EDGELOWERVECTOROPS
#include "edge/Codegen/Passes.h.inc"
} // namespace edge

using namespace mlir;

namespace {
struct EdgeLowerVectorOpsPass
    : public edge::impl::EdgeLowerVectorOpsBase<EdgeLowerVectorOpsPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

/// Applies `populate`'s patterns greedily to `func`.
static LogicalResult
applyStage(func::FuncOp func,
           llvm::function_ref<void(RewritePatternSet &)> populate) {
  RewritePatternSet patterns(func.getContext());
  populate(patterns);
  return applyPatternsGreedily(func, std::move(patterns));
}

void EdgeLowerVectorOpsPass::runOnOperation() {
  func::FuncOp func = getOperation();
  // Accumulators: a transfer_read/transfer_write pair of a loop-invariant
  // buffer slice moves out of the loop and the vector becomes an iter_arg.
  IRRewriter rewriter(&getContext());
  linalg::hoistRedundantVectorTransfers(func, /*verifyNonZeroTrip=*/false);
  linalg::hoistRedundantVectorBroadcasts(rewriter, func);

  auto stages = {
      +[](RewritePatternSet &p) {
        vector::populateVectorContractLoweringPatterns(
            p, vector::VectorContractLowering::OuterProduct);
        vector::populateVectorTransferPermutationMapLoweringPatterns(p);
      },
      +[](RewritePatternSet &p) {
        vector::populateVectorOuterProductLoweringPatterns(p);
        vector::populateVectorMultiReductionLoweringPatterns(
            p, vector::VectorMultiReductionLowering::InnerParallel);
      },
      +[](RewritePatternSet &p) {
        vector::populateVectorTransferLoweringPatterns(p,
                                                       /*maxTransferRank=*/1);
        vector::populateVectorTransferPermutationMapLoweringPatterns(p);
        vector::populateVectorBroadcastLoweringPatterns(p);
        vector::populateVectorTransposeLoweringPatterns(
            p, vector::VectorTransposeLowering::Shuffle1D);
        vector::populateVectorShapeCastLoweringPatterns(p);
      },
      +[](RewritePatternSet &p) {
        // Polynomial exp (and the other functions that have one) instead of
        // scalar libm calls once LLVM scalarizes a vector math call.
        populateMathPolynomialApproximationPatterns(
            p, [](StringRef name) { return true; });
      },
  };
  for (auto stage : stages)
    if (failed(applyStage(func, stage)))
      return signalPassFailure();
}
