//===- EdgeToLinalg.cpp - lower edge to linalg, tensor and scf -------------===//
//
// This file implements convert-edge-to-linalg: every edge op becomes
// func/linalg/tensor/scf/arith/math on tensors, with the presence semantics of
// docs/Notation.md kept exact. It is a dialect conversion:
//
//   1. EdgeToLinalgFacts (PresenceFacts.cpp) walks the edge IR once, before
//      anything changes: every tensor value gets its presence (all present,
//      an affine predicate over its indices, or a runtime i1 mask) and every
//      einsum its plan; an op that cannot be lowered gets a located error and
//      the pass fails with the IR untouched.
//   2. The type converter keeps tensors, except that a value with a mask
//      converts 1:N to (tensor, mask): the mask travels as a second value.
//   3. Patterns by op family: CascadeToFunc, EinsumToLinalg, SplitToTensor,
//      IterateToSCF. They are public through
//      populateEdgeToLinalgConversionPatterns, so that a downstream compiler
//      lowers edge ops inside its own conversion.
//   4. applyPartialConversion: other dialects stay; a failure rolls back.
//
//===----------------------------------------------------------------------===//

#include "EdgeToLinalgInternal.h"

#include "edge/Conversion/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"

namespace edge {
#define GEN_PASS_DEF_CONVERTEDGETOLINALG
#include "edge/Conversion/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

void edge::populateEdgeToLinalgTypeConversion(TypeConverter &converter,
                                              const EdgeToLinalgFacts &facts) {
  converter.addConversion([](Type type) { return type; });
  // Added last so that it is tried first (for values; types fall through).
  const detail::EdgeToLinalgFactsImpl *impl = &facts.getImpl();
  converter.addConversion(
      [impl](Value value,
             SmallVectorImpl<Type> &results) -> std::optional<LogicalResult> {
        if (!impl->lookup(value).hasMask)
          return std::nullopt;
        auto type = cast<RankedTensorType>(value.getType());
        results.push_back(type);
        results.push_back(RankedTensorType::get(
            type.getShape(), detail::getPresenceStorageType(type.getContext())));
        return success();
      });
  // An op that is not converted sees the tensor (absent points hold the
  // empty value) without its mask.
  converter.addSourceMaterialization([](OpBuilder &, Type type,
                                        ValueRange inputs,
                                        Location) -> Value {
    if (inputs.size() == 2 && inputs.front().getType() == type)
      return inputs.front();
    return Value();
  });
}

void edge::populateEdgeToLinalgConversionPatterns(
    TypeConverter &converter, RewritePatternSet &patterns,
    const EdgeToLinalgFacts &facts) {
  auto ivs = std::make_shared<detail::IterationIVs>();
  detail::populateCascadeToFuncPatterns(converter, patterns);
  detail::populateEinsumToLinalgPatterns(converter, patterns, facts.getImpl(),
                                         ivs);
  detail::populateSplitToTensorPatterns(converter, patterns, facts.getImpl());
  detail::populateMaskToLinalgPatterns(converter, patterns, facts.getImpl());
  detail::populateIterateToSCFPatterns(converter, patterns, ivs);
}

void edge::configureEdgeToLinalgConversionTarget(ConversionTarget &target) {
  target.addIllegalDialect<EdgeDialect>();
  target.addLegalDialect<affine::AffineDialect, arith::ArithDialect,
                         func::FuncDialect, linalg::LinalgDialect,
                         math::MathDialect, scf::SCFDialect,
                         tensor::TensorDialect>();
}

LogicalResult edge::lowerEdgeToLinalg(ModuleOp module) {
  EdgeToLinalgFacts facts(module);
  if (facts.failed())
    return failure();
  MLIRContext *ctx = module.getContext();
  TypeConverter converter;
  populateEdgeToLinalgTypeConversion(converter, facts);
  RewritePatternSet patterns(ctx);
  populateEdgeToLinalgConversionPatterns(converter, patterns, facts);
  ConversionTarget target(*ctx);
  configureEdgeToLinalgConversionTarget(target);
  target.addLegalOp<ModuleOp>();
  return applyPartialConversion(module, target, std::move(patterns));
}

void edge::registerEdgeLoweringInterfaces(DialectRegistry &registry) {
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(
      registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  // The deallocation pipeline needs these to see into loops (an scf.forall
  // of query blocks, the running values of an scf.for) and selects; without
  // them it frees nothing inside a forall, and every block leaks.
  arith::registerBufferDeallocationOpInterfaceExternalModels(registry);
  cf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  scf::registerBufferDeallocationOpInterfaceExternalModels(registry);
}

void edge::registerEdgeToLinalgDependentDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, func::FuncDialect,
                  linalg::LinalgDialect, math::MathDialect, scf::SCFDialect,
                  tensor::TensorDialect>();
  registerEdgeLoweringInterfaces(registry);
}

namespace {
struct ConvertEdgeToLinalgPass
    : public edge::impl::ConvertEdgeToLinalgBase<ConvertEdgeToLinalgPass> {
  using Base::Base;

  /// Besides the dialects the lowered IR uses, registers the bufferization
  /// models that the next passes of edge-lower-to-llvm need, so that a tool
  /// that only registers dialects (edge-opt) can run the pipeline.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    registerEdgeLoweringInterfaces(registry);
  }

  void runOnOperation() override;
};
} // namespace

void ConvertEdgeToLinalgPass::runOnOperation() {
  if (failed(lowerEdgeToLinalg(getOperation())))
    signalPassFailure();
}
