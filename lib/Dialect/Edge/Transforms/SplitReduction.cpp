//===- SplitReduction.cpp - local and global reductions --------------------===//
//
// This file implements the edge-split-reduction pass: identity S on one
// reduction. A fold over `outer x inner` becomes a fold over `inner` (one
// value per tile, the local reduction) followed by a fold over `outer`.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"

#include "RewriteUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edge {
#define GEN_PASS_DEF_EDGESPLITREDUCTION
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

/// FuseMax's name for the local part of a reduction: GM -> LM, SD -> SLD,
/// SNV -> SLNV, anything else gets an L in front.
static std::string localName(StringRef name) {
  if (name.starts_with("G"))
    return deriveName(name, "G", "L", "L");
  return deriveName(name, "S", "SL", "L");
}

/// Checks that `op` folds both `outer` and `inner` with an operator that
/// may be split.
static LogicalResult matchSplit(EinsumOp op, StringRef outer, StringRef inner,
                                std::string &reason) {
  EinsumSpec spec = EinsumSpec::fromOp(op);
  if (!spec.isReduced(outer) || !spec.isReduced(inner)) {
    reason = ("does not reduce both '" + outer + "' and '" + inner + "'").str();
    return failure();
  }
  if (!isAssociative(*spec.reduceCompute)) {
    reason = "the reduce operator is not associative";
    return failure();
  }
  if (spec.reduceMerge != MergeKind::Union &&
      spec.reduceMerge != MergeKind::Isect) {
    reason = "only union and isect reductions nest exactly";
    return failure();
  }
  if (!getBareOutputRanks(spec)) {
    reason = "the output has compound index expressions";
    return failure();
  }
  if (ShapedType::isDynamic(spec.rankExtents()[*spec.findRank(outer)])) {
    reason = ("rank '" + outer + "' has no static extent").str();
    return failure();
  }
  return success();
}

namespace {
/// Splits `(+)_{outer, inner, ...} X` into `(+)_outer ((+)_{inner, ...} X)`.
struct SplitReductionPattern : public OpRewritePattern<EinsumOp> {
  SplitReductionPattern(MLIRContext *ctx, StringRef outer, StringRef inner)
      : OpRewritePattern(ctx), outer(outer.str()), inner(inner.str()) {}

  LogicalResult matchAndRewrite(EinsumOp op,
                                PatternRewriter &rewriter) const override {
    std::string reason;
    if (failed(matchSplit(op, outer, inner, reason)))
      return rewriter.notifyMatchFailure(op, reason);
    MLIRContext *ctx = op.getContext();
    EinsumSpec spec = EinsumSpec::fromOp(op);
    Type elementType = elementTypeOf(op.getResult());
    SmallVector<std::string> outputRanks = *getBareOutputRanks(spec);
    int64_t outerExtent = spec.rankExtents()[*spec.findRank(outer)];

    // Local: keep `outer` as the first output rank.
    EinsumSpec local = spec;
    local.name = localName(spec.name);
    llvm::erase(local.reduceRanks, outer);
    local.output.insert(local.output.begin(), local.rankExpr(outer, ctx));
    SmallVector<int64_t> localShape{outerExtent};
    llvm::append_range(localShape,
                       cast<RankedTensorType>(op.getType()).getShape());
    rewriter.setInsertionPoint(op);
    EinsumOp localOp = local.build(rewriter, op.getLoc(), elementType,
                                   localShape);

    // Global: fold `outer` over the local values.
    EinsumSpec global;
    global.name = spec.name;
    global.symbols = spec.symbols;
    global.ranks.push_back(outer);
    llvm::append_range(global.ranks, outputRanks);
    SmallVector<AffineExpr> localIndices, outputIndices;
    for (unsigned i = 0; i < global.ranks.size(); ++i) {
      localIndices.push_back(getAffineDimExpr(i, ctx));
      if (i > 0)
        outputIndices.push_back(getAffineDimExpr(i, ctx));
    }
    global.inputs.push_back({localOp.getResult(), localIndices});
    global.output = outputIndices;
    global.reduceRanks.push_back(outer);
    global.reduceCompute = spec.reduceCompute;
    global.reduceMerge = spec.reduceMerge;
    global.empty = spec.empty;
    EinsumOp globalOp =
        global.build(rewriter, op.getLoc(), elementType,
                     cast<RankedTensorType>(op.getType()).getShape());
    rewriter.replaceOp(op, globalOp.getResult());
    return success();
  }

  std::string outer, inner;
};

struct EdgeSplitReductionPass
    : public edge::impl::EdgeSplitReductionBase<EdgeSplitReductionPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeSplitReductionPass::runOnOperation() {
  // Remarks first: the rewrite removes the candidates it accepts.
  if (remarks)
    getOperation().walk([&](EinsumOp op) {
      EinsumSpec spec = EinsumSpec::fromOp(op);
      if (!spec.isReduced(outer) && !spec.isReduced(inner))
        return;
      std::string reason;
      if (failed(matchSplit(op, outer, inner, reason)))
        (void)refuse(true, op, "edge-split-reduction", reason);
    });
  RewritePatternSet patterns(&getContext());
  patterns.add<SplitReductionPattern>(&getContext(), outer, inner);
  if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
    return signalPassFailure();
}
