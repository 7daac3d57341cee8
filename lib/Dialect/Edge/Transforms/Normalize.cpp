//===- Normalize.cpp - one spelling per meaning ----------------------------===//
//
// This file implements the edge-normalize pass and the normal-form patterns
// that both derivation drivers run first: equal spellings of an einsum meet
// in one form, so that the identities (which match one form) see them.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"

#include "RewriteUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edge {
#define GEN_PASS_DEF_EDGENORMALIZE
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {
/// `map sub(M) apply [exp, u...]` = `map sub_exp(M) apply [u...]`: the unary
/// operators apply to the mapped value, the first one being exp.
struct FuseSubExpPattern : public OpRewritePattern<EinsumOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(EinsumOp op,
                                PatternRewriter &rewriter) const override {
    EinsumSpec spec = EinsumSpec::fromOp(op);
    if (spec.mapCompute != ComputeKind::Sub || spec.unary.empty() ||
        spec.unary.front() != UnaryKind::Exp)
      return rewriter.notifyMatchFailure(op, "not a sub followed by exp");
    spec.mapCompute = ComputeKind::SubExp;
    spec.unary.erase(spec.unary.begin());
    rewriter.setInsertionPoint(op);
    EinsumOp fused = spec.build(rewriter, op.getLoc(), elementTypeOf(op.getResult()),
                                cast<RankedTensorType>(op.getType()).getShape());
    rewriter.replaceOp(op, fused.getResult());
    return success();
  }
};

/// An exponent fused into its reduction becomes the exponent over the whole
/// iteration space, then the reduction of that tensor. Only exponents are
/// split off: fission of any other map (a product, say) would materialize a
/// tensor over the reduced ranks for no gain.
struct FissionExponentPattern : public OpRewritePattern<EinsumOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(EinsumOp op,
                                PatternRewriter &rewriter) const override {
    EinsumSpec spec = EinsumSpec::fromOp(op);
    if (spec.mapCompute != ComputeKind::SubExp || spec.reduceRanks.empty())
      return rewriter.notifyMatchFailure(op, "not an exponent and a reduction");
    // A union fold ignores absent points, which is what the split-off
    // tensor holds at the points the exponent does not visit.
    if (spec.reduceMerge != MergeKind::Union)
      return rewriter.notifyMatchFailure(op, "the reduction is not a union");
    SmallVector<int64_t> extents = spec.rankExtents();
    if (llvm::any_of(extents, ShapedType::isDynamic))
      return rewriter.notifyMatchFailure(op, "a rank has no static extent");
    MLIRContext *ctx = op.getContext();
    Type elementType = elementTypeOf(op.getResult());
    SmallVector<AffineExpr> all;
    for (unsigned i = 0; i < spec.ranks.size(); ++i)
      all.push_back(getAffineDimExpr(i, ctx));

    // The exponent, present exactly at the points the einsum visited.
    EinsumSpec map = spec;
    map.name = spec.name.empty() ? "" : spec.name + "_exp";
    map.output = all;
    map.reduceRanks.clear();
    map.reduceCompute.reset();
    map.reduceMerge.reset();
    map.empty.reset();
    rewriter.setInsertionPoint(op);
    EinsumOp mapOp = map.build(rewriter, op.getLoc(), elementType, extents);

    // The fold of the exponent's present points.
    EinsumSpec fold;
    fold.name = spec.name;
    fold.ranks = spec.ranks;
    fold.symbols = spec.symbols;
    fold.inputs.push_back({mapOp.getResult(), all});
    fold.output = spec.output;
    fold.reduceRanks = spec.reduceRanks;
    fold.reduceCompute = spec.reduceCompute;
    fold.reduceMerge = spec.reduceMerge;
    fold.empty = spec.empty;
    EinsumOp foldOp =
        fold.build(rewriter, op.getLoc(), elementType,
                   cast<RankedTensorType>(op.getType()).getShape());
    rewriter.replaceOp(op, foldOp.getResult());
    return success();
  }
};

struct EdgeNormalizePass
    : public edge::impl::EdgeNormalizeBase<EdgeNormalizePass> {
  using Base::Base;
  void runOnOperation() override {
    if (failed(normalizeCascade(getOperation())))
      signalPassFailure();
  }
};
} // namespace

void edge::populateNormalFormPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseSubExpPattern, FissionExponentPattern>(
      patterns.getContext());
  populateProductFusionPatterns(patterns);
}

LogicalResult edge::normalizeCascade(CascadeOp cascade) {
  RewritePatternSet patterns(cascade.getContext());
  populateNormalFormPatterns(patterns);
  return applyPatternsGreedily(cascade, std::move(patterns));
}
