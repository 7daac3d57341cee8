//===- SplitToTensor.cpp - edge.split/unsplit/fill to tensor and linalg ----===//
//
// This file implements the lowering of the shape ops of edge:
//   - edge.split:   tensor.pad (high, with the split's empty value) +
//                   tensor.expand_shape; the tail's presence is the affine
//                   predicate of the facts, not a mask;
//   - edge.unsplit: tensor.collapse_shape + tensor.extract_slice;
//   - edge.fill:    tensor.empty + linalg.fill.
// A mask that travels with the source is reshaped the same way (padded with
// false).
//
//===----------------------------------------------------------------------===//

#include "EdgeToLinalgInternal.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

SmallVector<ReassociationIndices>
edge::detail::splitReassociation(int64_t rank, int64_t dim) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < rank; ++i) {
    if (i == dim) {
      groups.push_back({i, i + 1});
      ++i;
      continue;
    }
    groups.push_back({i});
  }
  return groups;
}

/// A split of `v` (the tensor or its mask): pads dimension `dim` to a
/// multiple of the tile (with the empty value, or false for a mask), then
/// expands it into (tiles, tile). A run-time extent M pads by
/// ceildiv(M, tile) * tile - M, which may be zero.
static Value reshape(OpBuilder &b, SplitOp op, Value v,
                     const EdgeToLinalgFactsImpl &) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  auto vType = cast<RankedTensorType>(v.getType());
  auto resType = cast<RankedTensorType>(op.getType());
  int64_t dim = op.getDim(), tile = op.getTile();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, v);
  AffineExpr extent = getAffineSymbolExpr(0, ctx);
  auto apply = [&](AffineExpr e) {
    return affine::makeComposedFoldedAffineApply(
        b, loc, AffineMap::get(0, 1, e), {sizes[dim]});
  };
  OpFoldResult tiles = apply(extent.ceilDiv(tile));
  OpFoldResult high = apply(extent.ceilDiv(tile) * tile - extent);
  SmallVector<OpFoldResult> outputShape(sizes);
  outputShape[dim] = tiles;
  outputShape.insert(outputShape.begin() + dim + 1, b.getIndexAttr(tile));
  auto expandedType =
      RankedTensorType::get(resType.getShape(), vType.getElementType());
  auto expand = [&](OpBuilder &nb, Location l, Value source) -> Value {
    return tensor::ExpandShapeOp::create(
        nb, l, expandedType, source,
        splitReassociation(resType.getRank(), dim), outputShape);
  };
  if (isConstantIntValue(high, 0))
    return expand(b, loc, v);

  auto pad = [&](OpBuilder &nb, Location l) -> Value {
    SmallVector<int64_t> shape(vType.getShape());
    shape[dim] = ShapedType::isDynamic(resType.getDimSize(dim))
                     ? ShapedType::kDynamic
                     : resType.getDimSize(dim) * tile;
    auto paddedType = RankedTensorType::get(shape, vType.getElementType());
    double emptyValue = op.getEmpty() ? op.getEmpty()->convertToDouble() : 0.0;
    TypedAttr padValue =
        isa<FloatType>(vType.getElementType())
            ? TypedAttr(nb.getFloatAttr(vType.getElementType(), emptyValue))
            : TypedAttr(nb.getIntegerAttr(vType.getElementType(), 0));
    Value padding = arith::ConstantOp::create(nb, l, padValue);
    SmallVector<OpFoldResult> low(vType.getRank(), nb.getIndexAttr(0));
    SmallVector<OpFoldResult> highs = low;
    highs[dim] = high;
    return tensor::PadOp::create(nb, l, paddedType, v, low, highs, padding,
                                 /*nofold=*/false);
  };
  if (getConstantIntValue(high))
    return expand(b, loc, pad(b, loc));
  // A run-time extent that the tile divides needs no padded copy: the tiles
  // are a view of the source then (the pad copies the whole source).
  Value exact = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq,
      getValueOrCreateConstantIndexOp(b, loc, high),
      arith::ConstantIndexOp::create(b, loc, 0));
  auto ifOp = scf::IfOp::create(
      b, loc, exact,
      [&](OpBuilder &nb, Location l) {
        scf::YieldOp::create(nb, l, expand(nb, l, v));
      },
      [&](OpBuilder &nb, Location l) {
        scf::YieldOp::create(nb, l, expand(nb, l, pad(nb, l)));
      });
  return ifOp.getResult(0);
}

/// An unsplit of `v`: collapses (tiles, tile) and drops the tail; a
/// run-time extent is the expression of the cascade's sizes in `facts`.
static Value reshape(OpBuilder &b, UnsplitOp op, Value v,
                     const EdgeToLinalgFactsImpl &facts) {
  Location loc = op.getLoc();
  auto vType = cast<RankedTensorType>(v.getType());
  auto resType = cast<RankedTensorType>(op.getType());
  int64_t dim = op.getDim();
  SmallVector<int64_t> shape(resType.getShape());
  shape[dim] = ShapedType::isDynamic(vType.getDimSize(dim))
                   ? ShapedType::kDynamic
                   : vType.getDimSize(dim) * vType.getDimSize(dim + 1);
  auto collapsedType = RankedTensorType::get(shape, vType.getElementType());
  Value collapsed = tensor::CollapseShapeOp::create(
      b, loc, collapsedType, v, splitReassociation(vType.getRank(), dim));
  if (!ShapedType::isDynamic(shape[dim]) && shape[dim] == resType.getDimSize(dim))
    return collapsed;
  SmallVector<OpFoldResult> offsets(resType.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(resType.getRank(), b.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, collapsed);
  sizes[dim] = ShapedType::isDynamic(resType.getDimSize(dim))
                   ? OpFoldResult(materializeExtent(
                         b, loc, facts.getExtent(op.getResult(), dim),
                         facts.sizes))
                   : OpFoldResult(b.getIndexAttr(resType.getDimSize(dim)));
  auto slicedType =
      RankedTensorType::get(resType.getShape(), vType.getElementType());
  return tensor::ExtractSliceOp::create(b, loc, slicedType, collapsed, offsets,
                                        sizes, strides);
}

namespace {
/// edge.split -> tensor.pad + tensor.expand_shape, and edge.unsplit ->
/// tensor.collapse_shape + tensor.extract_slice: `reshape` applied to each
/// converted source value (the tensor, then its mask if it has one), so that
/// a mask follows its tensor.
template <typename OpTy>
struct ReshapeToTensor : public FactsConversionPattern<OpTy> {
  using OneToNOpAdaptor = typename OpConversionPattern<OpTy>::OneToNOpAdaptor;
  using FactsConversionPattern<OpTy>::FactsConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Value> values;
    for (Value v : adaptor.getSource())
      values.push_back(reshape(rewriter, op, v, this->facts));
    if (values.size() == 1)
      rewriter.replaceOp(op, values.front());
    else
      rewriter.replaceOpWithMultiple(op, {ValueRange(values)});
    return success();
  }
};

/// edge.fill -> tensor.empty + linalg.fill; a run-time extent is the
/// expression of the cascade's sizes in `facts`.
struct FillToLinalgFill : public FactsConversionPattern<FillOp> {
  using FactsConversionPattern::FactsConversionPattern;

  LogicalResult
  matchAndRewrite(FillOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    SmallVector<Value> dynamicSizes;
    for (unsigned d = 0; d < type.getRank(); ++d) {
      if (!type.isDynamicDim(d))
        continue;
      AffineExpr extent = facts.getExtent(op.getResult(), d);
      if (!extent)
        return rewriter.notifyMatchFailure(op, "untraced run-time extent");
      dynamicSizes.push_back(
          materializeExtent(rewriter, op.getLoc(), extent, facts.sizes));
    }
    rewriter.replaceOp(
        op, createFilled(rewriter, op.getLoc(), type,
                         rewriter.getFloatAttr(type.getElementType(),
                                               op.getValue()),
                         dynamicSizes));
    return success();
  }
};
} // namespace

void edge::detail::populateSplitToTensorPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    const EdgeToLinalgFactsImpl &facts) {
  patterns.add<ReshapeToTensor<SplitOp>, ReshapeToTensor<UnsplitOp>,
               FillToLinalgFill>(converter, patterns.getContext(), facts);
}
