//===- CascadeToFunc.cpp - edge.cascade/return to func.func/return ---------===//
//
// This file implements the lowering of a cascade to a C-callable func.func
// (`llvm.emit_c_interface`, with the paper's input and output names kept as
// `edge.input_names`/`edge.output_names` for the runner and for readers),
// and of edge.return to func.return. Inputs are all present, so the body's
// arguments convert 1:1; an output's mask, if any, is not returned (absent
// points hold the empty value).
//
//===----------------------------------------------------------------------===//

#include "EdgeToLinalgInternal.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

namespace {
/// edge.cascade -> func.func.
struct CascadeToFuncOp : public OpConversionPattern<CascadeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CascadeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto func = func::FuncOp::create(rewriter, op.getLoc(), op.getSymName(),
                                     op.getFunctionType());
    func->setAttr("llvm.emit_c_interface", rewriter.getUnitAttr());
    func->setAttr("edge.input_names", op.getInputNamesAttr());
    func->setAttr("edge.output_names", op.getOutputNamesAttr());
    rewriter.inlineRegionBefore(op.getBody(), func.getBody(), func.end());
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void edge::detail::populateCascadeToFuncPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<CascadeToFuncOp, TerminatorToOp<ReturnOp, func::ReturnOp>>(
      converter, patterns.getContext());
}
