//===- IterateToSCF.cpp - edge.iterate/yield to scf.for/yield --------------===//
//
// This file implements the lowering of edge.iterate to an scf.for over the
// iterative rank whose iter_args are the running values. Each slice is an
// extract_slice at the induction variable (and its mask, if the source has
// one, the same way); the region moves into the loop, and the induction
// variable is recorded for the einsums of the region, which name the rank in
// filters and index expressions.
//
//===----------------------------------------------------------------------===//

#include "EdgeToLinalgInternal.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

/// The slice of `v` at `iv` along `dim`, with `dim` dropped. A rank-reducing
/// extract_slice would be ambiguous when other dimensions have extent 1 too
/// (which one is dropped?): slice at full rank, then collapse exactly `dim`
/// into a neighbour.
static Value sliceAt(OpBuilder &b, Location loc, Value v, int64_t dim,
                     Value iv) {
  auto vType = cast<RankedTensorType>(v.getType());
  SmallVector<OpFoldResult> offsets(vType.getRank(), b.getIndexAttr(0));
  offsets[dim] = iv;
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, v),
                            strides(vType.getRank(), b.getIndexAttr(1));
  sizes[dim] = b.getIndexAttr(1);
  SmallVector<int64_t> shape;
  for (auto [i, s] : llvm::enumerate(vType.getShape()))
    if (i != (size_t)dim)
      shape.push_back(s);
  SmallVector<int64_t> unitShape(vType.getShape());
  unitShape[dim] = 1;
  Value full = tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(unitShape, vType.getElementType()), v,
      offsets, sizes, strides);
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < vType.getRank(); ++i) {
    bool joinsPrevious =
        i == dim && dim == vType.getRank() - 1 && !groups.empty();
    bool joinsNext = i == dim + 1;
    if (joinsPrevious ||
        (joinsNext && !groups.empty() && groups.back().back() == dim))
      groups.back().push_back(i);
    else
      groups.push_back({i});
  }
  if (vType.getRank() == 1)
    groups.clear(); // tensor<1xT> -> tensor<T>
  auto type = RankedTensorType::get(shape, vType.getElementType());
  return tensor::CollapseShapeOp::create(b, loc, type, full, groups);
}

namespace {
/// edge.iterate -> scf.for.
struct IterateToFor : public OpConversionPattern<IterateOp> {
  IterateToFor(const TypeConverter &converter, MLIRContext *ctx,
               std::shared_ptr<IterationIVs> ivs)
      : OpConversionPattern(converter, ctx), ivs(std::move(ivs)) {}

  LogicalResult
  matchAndRewrite(IterateOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    // Running values are dense (docs/Notation.md): an init's mask, if any,
    // is not carried.
    SmallVector<Value> inits;
    for (ValueRange init : adaptor.getInits())
      inits.push_back(init.front());
    Value lb = arith::ConstantIndexOp::create(rewriter, loc, 0);
    // `until r >= ?` stops at the run-time extent of the sliced dimension
    // (the verifier makes every slice's the same).
    Value ub = op.getStop()
                   ? arith::ConstantIndexOp::create(rewriter, loc,
                                                    *op.getStop())
                         .getResult()
                   : tensor::DimOp::create(
                         rewriter, loc, adaptor.getSliceSources()[0].front(),
                         op.getSliceDims()[0])
                         .getResult();
    Value step = arith::ConstantIndexOp::create(rewriter, loc, 1);
    auto forOp =
        scf::ForOp::create(rewriter, loc, lb, ub, step, inits,
                           [](OpBuilder &, Location, Value, ValueRange) {});
    Block *forBody = forOp.getBody();
    Value iv = forOp.getInductionVar();
    (*ivs)[op] = iv;

    // The r-th slice of every sliced operand, and of its mask.
    rewriter.setInsertionPointToStart(forBody);
    Block &body = op.getBody().front();
    TypeConverter::SignatureConversion signature(body.getNumArguments());
    SmallVector<Value> args;
    for (auto [i, source] : llvm::enumerate(adaptor.getSliceSources())) {
      SmallVector<Type> types;
      for (Value v : source) {
        args.push_back(sliceAt(rewriter, loc, v, op.getSliceDims()[i], iv));
        types.push_back(args.back().getType());
      }
      signature.addInputs(i, types);
    }
    unsigned numSlices = op.getSliceSources().size();
    for (auto [j, arg] : llvm::enumerate(forOp.getRegionIterArgs())) {
      signature.addInputs(numSlices + j, arg.getType());
      args.push_back(arg);
    }
    Block *converted =
        rewriter.applySignatureConversion(&body, signature, getTypeConverter());
    rewriter.inlineBlockBefore(converted, forBody, forBody->end(), args);
    rewriter.replaceOp(op, forOp.getResults());
    return success();
  }

  std::shared_ptr<IterationIVs> ivs;
};

} // namespace

void edge::detail::populateIterateToSCFPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    std::shared_ptr<IterationIVs> ivs) {
  patterns.add<IterateToFor>(converter, patterns.getContext(), std::move(ivs));
  patterns.add<TerminatorToOp<YieldOp, scf::YieldOp>>(converter,
                                                      patterns.getContext());
}
