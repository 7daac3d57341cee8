//===- CascadeToFunc.cpp - edge.cascade/return to func.func/return ---------===//
//
// This file implements the lowering of a cascade to a C-callable func.func
// (`llvm.emit_c_interface`, with the paper's input and output names kept as
// `edge.input_names`/`edge.output_names` for the runner and for readers),
// and of edge.return to func.return, and of edge.call to func.call. Inputs
// are all present, so the body's arguments convert 1:1; an output's mask, if
// any, is not returned (absent points hold the empty value), so a call's
// results are plain tensors too.
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
    // A raised cascade is private to its module; so is its function, which
    // --inline and --symbol-dce may then dissolve into its caller.
    func.setVisibility(op.getVisibility());
    rewriter.inlineRegionBefore(op.getBody(), func.getBody(), func.end());
    rewriter.eraseOp(op);
    return success();
  }
};

/// edge.call -> func.call (the callee becomes a func.func of the same name).
struct CallToFuncCall : public OpConversionPattern<CallOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CallOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    // A cascade's inputs are all present: an operand's mask is not passed.
    SmallVector<Value> operands;
    for (ValueRange converted : adaptor.getOperands())
      operands.push_back(converted.front());
    rewriter.replaceOpWithNewOp<func::CallOp>(op, op.getCalleeAttr(),
                                              op.getResultTypes(), operands);
    return success();
  }
};

} // namespace

void edge::detail::populateCascadeToFuncPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<CascadeToFuncOp, CallToFuncCall,
               TerminatorToOp<ReturnOp, func::ReturnOp>>(
      converter, patterns.getContext());
}
