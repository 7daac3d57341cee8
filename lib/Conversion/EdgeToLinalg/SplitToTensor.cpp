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

#include "mlir/Dialect/Arith/IR/Arith.h"
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
/// expands it into (tiles, tile).
static Value reshape(OpBuilder &b, SplitOp op, Value v) {
  Location loc = op.getLoc();
  auto vType = cast<RankedTensorType>(v.getType());
  auto resType = cast<RankedTensorType>(op.getType());
  int64_t dim = op.getDim();
  int64_t padded = resType.getDimSize(dim) * op.getTile();
  if (padded != vType.getDimSize(dim)) {
    SmallVector<int64_t> shape(vType.getShape());
    shape[dim] = padded;
    auto paddedType = RankedTensorType::get(shape, vType.getElementType());
    double emptyValue = op.getEmpty() ? op.getEmpty()->convertToDouble() : 0.0;
    TypedAttr padValue =
        isa<FloatType>(vType.getElementType())
            ? TypedAttr(b.getFloatAttr(vType.getElementType(), emptyValue))
            : TypedAttr(b.getIntegerAttr(vType.getElementType(), 0));
    Value pad = arith::ConstantOp::create(b, loc, padValue);
    v = tensor::createPadHighOp(paddedType, v, pad, /*nofold=*/false, loc, b);
  }
  auto expandedType =
      RankedTensorType::get(resType.getShape(), vType.getElementType());
  return tensor::ExpandShapeOp::create(
      b, loc, expandedType, v, splitReassociation(resType.getRank(), dim));
}

/// An unsplit of `v`: collapses (tiles, tile) and drops the tail.
static Value reshape(OpBuilder &b, UnsplitOp op, Value v) {
  Location loc = op.getLoc();
  auto vType = cast<RankedTensorType>(v.getType());
  auto resType = cast<RankedTensorType>(op.getType());
  int64_t dim = op.getDim();
  SmallVector<int64_t> shape(resType.getShape());
  shape[dim] = vType.getDimSize(dim) * vType.getDimSize(dim + 1);
  auto collapsedType = RankedTensorType::get(shape, vType.getElementType());
  Value collapsed = tensor::CollapseShapeOp::create(
      b, loc, collapsedType, v, splitReassociation(vType.getRank(), dim));
  if (shape[dim] == resType.getDimSize(dim))
    return collapsed;
  SmallVector<OpFoldResult> offsets(resType.getRank(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> strides(resType.getRank(), b.getIndexAttr(1));
  SmallVector<OpFoldResult> sizes;
  for (int64_t s : resType.getShape())
    sizes.push_back(b.getIndexAttr(s));
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
struct ReshapeToTensor : public OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;
  using OneToNOpAdaptor = typename OpConversionPattern<OpTy>::OneToNOpAdaptor;

  LogicalResult
  matchAndRewrite(OpTy op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!op.getSource().getType().hasStaticShape() ||
        !op.getType().hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    SmallVector<Value> values;
    for (Value v : adaptor.getSource())
      values.push_back(reshape(rewriter, op, v));
    if (values.size() == 1)
      rewriter.replaceOp(op, values.front());
    else
      rewriter.replaceOpWithMultiple(op, {ValueRange(values)});
    return success();
  }
};

/// edge.fill -> tensor.empty + linalg.fill.
struct FillToLinalgFill : public OpConversionPattern<FillOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(FillOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    if (!type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    rewriter.replaceOp(
        op, createFilled(rewriter, op.getLoc(), type,
                         rewriter.getFloatAttr(type.getElementType(),
                                               op.getValue())));
    return success();
  }
};
} // namespace

void edge::detail::populateSplitToTensorPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReshapeToTensor<SplitOp>, ReshapeToTensor<UnsplitOp>,
               FillToLinalgFill>(converter, patterns.getContext());
}
