//===- MaskToLinalg.cpp - edge.mask to a linalg.generic ---------------------===//
//
// This file implements the lowering of edge.mask: one linalg.generic over the
// source's shape that reads the source (and its mask, if it has one) and the
// i1 mask broadcast along `dims`, and writes the masked tensor (the empty
// value at masked points) and its presence. The result converts 1:N to
// (tensor, mask), as every value whose presence is a runtime mask.
//
//===----------------------------------------------------------------------===//

#include "EdgeToLinalgInternal.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

namespace {
struct MaskToLinalg : public FactsConversionPattern<MaskOp> {
  using FactsConversionPattern::FactsConversionPattern;

  LogicalResult
  matchAndRewrite(MaskOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    unsigned rank = type.getRank();
    IntegerType maskElement = getPresenceStorageType(ctx);
    // The source's tensor, then its mask if it has one; then the mask bits
    // as bytes: an i1 cascade input is converted once, on its own (small)
    // shape, so that the generic over the source's shape can be vectorized.
    SmallVector<Value> inputs(adaptor.getSource());
    inputs.push_back(
        bitsToBytes(rewriter, loc, adaptor.getMask().front(), maskElement));
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    SmallVector<AffineExpr> maskIndex;
    for (int64_t dim : op.getMaskedDims())
      maskIndex.push_back(getAffineDimExpr(dim, ctx));
    SmallVector<AffineMap> maps(inputs.size() - 1, identity);
    maps.push_back(AffineMap::get(rank, 0, maskIndex, ctx));
    maps.append(2, identity);
    auto maskType = RankedTensorType::get(type.getShape(), maskElement);
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, inputs.front());
    SmallVector<Value> outputs = {
        tensor::EmptyOp::create(rewriter, loc, sizes, type.getElementType()),
        tensor::EmptyOp::create(rewriter, loc, sizes, maskElement)};
    double empty = facts.lookup(op.getResult()).empty;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type, maskType}, inputs, outputs, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          // args: value, [source presence], mask bit, then the two outputs.
          unsigned numInputs = inputs.size();
          Value present = loadPresenceBit(b, l, args[numInputs - 1]);
          if (numInputs == 3)
            present = arith::AndIOp::create(
                b, l, loadPresenceBit(b, l, args[1]), present);
          Value emptyValue = arith::ConstantOp::create(
              b, l, b.getFloatAttr(type.getElementType(), empty));
          Value value =
              arith::SelectOp::create(b, l, present, args[0], emptyValue);
          linalg::YieldOp::create(
              b, l, ValueRange{value, storePresenceBit(b, l, present)});
        });
    rewriter.replaceOpWithMultiple(op, {generic.getResults()});
    return success();
  }

  /// `bits` (a tensor of i1) as a tensor of presence bytes.
  static Value bitsToBytes(OpBuilder &b, Location loc, Value bits,
                           IntegerType byte) {
    auto type = cast<RankedTensorType>(bits.getType());
    if (type.getElementType() == byte)
      return bits;
    unsigned rank = type.getRank();
    AffineMap identity =
        AffineMap::getMultiDimIdentityMap(rank, b.getContext());
    Value init = tensor::EmptyOp::create(
        b, loc, tensor::getMixedSizes(b, loc, bits), byte);
    return linalg::GenericOp::create(
               b, loc, TypeRange{init.getType()}, ValueRange{bits},
               ValueRange{init}, SmallVector<AffineMap>(2, identity),
               SmallVector<utils::IteratorType>(
                   rank, utils::IteratorType::parallel),
               [&](OpBuilder &nb, Location l, ValueRange args) {
                 linalg::YieldOp::create(nb, l,
                                         storePresenceBit(nb, l, args[0]));
               })
        .getResult(0);
  }
};
} // namespace

void edge::detail::populateMaskToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    const EdgeToLinalgFactsImpl &facts) {
  patterns.add<MaskToLinalg>(converter, patterns.getContext(), facts);
}
