//===- Normalize.cpp - one spelling per meaning ----------------------------===//
//
// This file implements the edge-normalize pass and the normal-form patterns
// that both derivation drivers run first: equal spellings of an einsum meet
// in one form, so that the identities (which match one form) see them:
// sub + apply [exp] is sub_exp, an exponent fused into a sum is split off,
// a product read by one sum is fused into it (Products.cpp), and a product
// with a reciprocal is a division.
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
    if (spec.hasConstants())
      return rewriter.notifyMatchFailure(op, "scalar constant operands");
    // A union fold ignores absent points, which is what the split-off
    // tensor holds at the points the exponent does not visit.
    if (spec.reduceMerge != MergeKind::Union)
      return rewriter.notifyMatchFailure(op, "the reduction is not a union");
    // Every rank occurs barely in an operand (the verifier says so): a
    // dynamic extent is that operand's, and the exponent keeps it dynamic.
    SmallVector<int64_t> extents = spec.rankExtents();
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

/// `x x r` with `r = reciprocal(d)` (a map of d alone) = `x / d`: the
/// quotient form is the one division deferral matches. Both spellings are
/// present where x and d are (the reciprocal is present where d is).
struct DivideByReciprocalPattern : public OpRewritePattern<EinsumOp> {
  using OpRewritePattern::OpRewritePattern;

  /// The divisor that `v` is the reciprocal of, as an operand in the
  /// iteration space of `consumer` that reads `v` with `indices`.
  static std::optional<EinsumOperand>
  divisorOf(Value v, ArrayRef<AffineExpr> indices) {
    auto producer = v.getDefiningOp<EinsumOp>();
    if (!producer)
      return std::nullopt;
    EinsumSpec r = EinsumSpec::fromOp(producer);
    std::optional<SmallVector<std::string>> out = getBareOutputRanks(r);
    if (r.inputs.size() != 1 || r.mapCompute || !r.reduceRanks.empty() ||
        !r.filter.empty() || !r.symbols.empty() || r.empty ||
        r.unary != ArrayRef<UnaryKind>{UnaryKind::Reciprocal} || !out ||
        out->size() != r.ranks.size())
      return std::nullopt;
    return composeOperand(r, r.inputs[0], indices);
  }

  LogicalResult matchAndRewrite(EinsumOp op,
                                PatternRewriter &rewriter) const override {
    EinsumSpec spec = EinsumSpec::fromOp(op);
    if (spec.inputs.size() != 2 || spec.hasConstants() ||
        spec.mapCompute != ComputeKind::Mul ||
        spec.mapMerge != MergeKind::Isect)
      return rewriter.notifyMatchFailure(op, "not a product of two operands");
    for (unsigned i : {1u, 0u}) {
      std::optional<EinsumOperand> divisor =
          divisorOf(spec.inputs[i].value, spec.inputs[i].indices);
      if (!divisor)
        continue;
      EinsumOperand dividend = spec.inputs[1 - i];
      spec.inputs = {dividend, *divisor};
      spec.mapCompute = ComputeKind::Div;
      rewriter.setInsertionPoint(op);
      EinsumOp quotient =
          spec.build(rewriter, op.getLoc(), elementTypeOf(op.getResult()),
                     cast<RankedTensorType>(op.getType()).getShape());
      rewriter.replaceOp(op, quotient.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no factor is a reciprocal");
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
  patterns.add<FuseSubExpPattern, FissionExponentPattern,
               DivideByReciprocalPattern>(patterns.getContext());
  populateProductFusionPatterns(patterns);
}

LogicalResult edge::normalizeCascade(CascadeOp cascade) {
  RewritePatternSet patterns(cascade.getContext());
  populateNormalFormPatterns(patterns);
  return applyPatternsGreedily(cascade, std::move(patterns));
}
