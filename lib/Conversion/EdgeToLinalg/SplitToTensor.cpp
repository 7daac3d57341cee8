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

/// Replaces `op` by `values` (the converted tensor, then its mask if any).
static void replaceWithValues(ConversionPatternRewriter &rewriter,
                              Operation *op, ArrayRef<Value> values) {
  if (values.size() == 1)
    rewriter.replaceOp(op, values.front());
  else
    rewriter.replaceOpWithMultiple(op, {ValueRange(values)});
}

namespace {
/// edge.split -> tensor.pad + tensor.expand_shape.
struct SplitToPadExpand : public OpConversionPattern<SplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(SplitOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto srcType = cast<RankedTensorType>(op.getSource().getType());
    auto resType = cast<RankedTensorType>(op.getType());
    if (!srcType.hasStaticShape() || !resType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    Location loc = op.getLoc();
    int64_t dim = op.getDim(), tile = op.getTile();
    int64_t extent = srcType.getDimSize(dim);
    int64_t padded = resType.getDimSize(dim) * tile;
    double emptyValue = op.getEmpty() ? op.getEmpty()->convertToDouble() : 0.0;

    // Pads dimension `dim` of `v` to `padded` with `padValue`, then expands.
    auto padAndExpand = [&](Value v, TypedAttr padValue) -> Value {
      auto vType = cast<RankedTensorType>(v.getType());
      if (padded != extent) {
        SmallVector<int64_t> shape(vType.getShape());
        shape[dim] = padded;
        auto paddedType = RankedTensorType::get(shape, vType.getElementType());
        Value pad = arith::ConstantOp::create(rewriter, loc, padValue);
        v = tensor::createPadHighOp(paddedType, v, pad, /*nofold=*/false, loc,
                                    rewriter);
      }
      auto expandedType =
          RankedTensorType::get(resType.getShape(), vType.getElementType());
      return tensor::ExpandShapeOp::create(
          rewriter, loc, expandedType, v,
          splitReassociation(resType.getRank(), dim));
    };

    ValueRange source = adaptor.getSource();
    SmallVector<Value> values{padAndExpand(
        source.front(),
        rewriter.getFloatAttr(resType.getElementType(), emptyValue))};
    if (source.size() == 2)
      values.push_back(padAndExpand(source.back(), rewriter.getBoolAttr(false)));
    replaceWithValues(rewriter, op, values);
    return success();
  }
};

/// edge.unsplit -> tensor.collapse_shape + tensor.extract_slice.
struct UnsplitToCollapseSlice : public OpConversionPattern<UnsplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(UnsplitOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto srcType = cast<RankedTensorType>(op.getSource().getType());
    auto resType = cast<RankedTensorType>(op.getType());
    if (!srcType.hasStaticShape() || !resType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "dynamic shapes");
    Location loc = op.getLoc();
    int64_t dim = op.getDim();
    int64_t tile = srcType.getDimSize(dim + 1);

    auto collapseAndSlice = [&](Value v) -> Value {
      auto vType = cast<RankedTensorType>(v.getType());
      SmallVector<int64_t> shape(resType.getShape());
      shape[dim] = srcType.getDimSize(dim) * tile;
      auto collapsedType = RankedTensorType::get(shape, vType.getElementType());
      Value collapsed = tensor::CollapseShapeOp::create(
          rewriter, loc, collapsedType, v,
          splitReassociation(srcType.getRank(), dim));
      if (shape[dim] == resType.getDimSize(dim))
        return collapsed;
      SmallVector<OpFoldResult> offsets(resType.getRank(),
                                        rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> strides(resType.getRank(),
                                        rewriter.getIndexAttr(1));
      SmallVector<OpFoldResult> sizes;
      for (int64_t s : resType.getShape())
        sizes.push_back(rewriter.getIndexAttr(s));
      auto slicedType =
          RankedTensorType::get(resType.getShape(), vType.getElementType());
      return tensor::ExtractSliceOp::create(rewriter, loc, slicedType,
                                            collapsed, offsets, sizes,
                                            strides);
    };

    SmallVector<Value> values;
    for (Value v : adaptor.getSource())
      values.push_back(collapseAndSlice(v));
    replaceWithValues(rewriter, op, values);
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
  patterns.add<SplitToPadExpand, UnsplitToCollapseSlice, FillToLinalgFill>(
      converter, patterns.getContext());
}
