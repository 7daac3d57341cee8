//===- MoveBF16AsI16.cpp - move bf16 values as their 16-bit patterns ------===//
//
// This file implements edge-move-bf16-as-i16: in the LLVM dialect, the ops
// that only move bf16 values (loads, stores, selects, shuffles, element and
// aggregate inserts and extracts, masked loads and stores) move them as i16
// values; bf16 is left to the ops that compute (fpext, fptrunc).
//
// Why: on CPUs with AVX512-BF16, LLVM's x86 backend has legal bf16 vector
// types but soft-promotes scalar bf16. A vector load of 8k+1 bf16 elements
// (k >= 1) is widened into legal vector loads and one scalar bf16 element,
// which the type legalizer cannot soft-promote ("Do not know how to soft
// promote this operator's operand!"). The vector tiles of edge-tile-and-
// vectorize divide their extents, so such lengths appear at ordinary sizes
// (the masked keys of a bf16 attention with 100 keys: vector<25xbf16>).
// An i16 vector of any length legalizes, and moving bits is exact; LLVM
// itself converts bf16 by integer operations on this pattern.
//
// Every data movement is retyped, not only loads: LLVM's InstCombine turns a
// load whose only use is a bitcast back into a load of the bitcast's type,
// so a bf16 vector that a select or a store still took would bring the bf16
// load back. What remains of bf16 is a bitcast from i16 into fpext (a bf16
// load that only fpext uses legalizes at any length) or from fptrunc.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace edge {
#define GEN_PASS_DEF_EDGEMOVEBF16ASI16
#include "edge/Codegen/Passes.h.inc"
} // namespace edge

using namespace mlir;

/// Whether `op` only moves values from its operands or memory to its results
/// or memory, so that it may move bit patterns of another type of the same
/// width.
static bool movesBits(Operation *op) {
  return isa<LLVM::LoadOp, LLVM::StoreOp, LLVM::SelectOp, LLVM::ShuffleVectorOp,
             LLVM::InsertElementOp, LLVM::ExtractElementOp, LLVM::InsertValueOp,
             LLVM::ExtractValueOp, LLVM::PoisonOp, LLVM::UndefOp, LLVM::ZeroOp,
             LLVM::MaskedLoadOp, LLVM::MaskedStoreOp>(op);
}

namespace {
struct EdgeMoveBF16AsI16Pass
    : public edge::impl::EdgeMoveBF16AsI16Base<EdgeMoveBF16AsI16Pass> {
  using Base::Base;
  void runOnOperation() override;
};

/// Retypes a moving op: the same op on the converted operands and result
/// types (its attributes, e.g. a load's alignment, unchanged).
struct MoveAsI16 : public ConversionPattern {
  MoveAsI16(const TypeConverter &converter, MLIRContext *context)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1,
                          context) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!movesBits(op))
      return failure();
    FailureOr<Operation *> moved =
        convertOpResultTypes(op, operands, *getTypeConverter(), rewriter);
    if (failed(moved))
      return failure();
    rewriter.replaceOp(op, (*moved)->getResults());
    return success();
  }
};
} // namespace

/// `value` as `type`, which has the same layout with i16 for bf16 or the
/// reverse: a bitcast, element by element in arrays (LLVM has no bitcast of
/// aggregates).
static Value castBits(OpBuilder &builder, Location loc, Type type,
                      Value value) {
  auto array = dyn_cast<LLVM::LLVMArrayType>(type);
  if (!array)
    return LLVM::BitcastOp::create(builder, loc, type, value);
  Value result = LLVM::PoisonOp::create(builder, loc, array);
  for (int64_t i = 0, e = array.getNumElements(); i < e; ++i) {
    Value element = LLVM::ExtractValueOp::create(builder, loc, value, i);
    Value cast = castBits(builder, loc, array.getElementType(), element);
    result = LLVM::InsertValueOp::create(builder, loc, result, cast, i);
  }
  return result;
}

void EdgeMoveBF16AsI16Pass::runOnOperation() {
  MLIRContext *context = &getContext();
  auto i16 = IntegerType::get(context, 16);
  TypeConverter converter;
  converter.addConversion([](Type type) { return type; });
  converter.addConversion([&](BFloat16Type) -> Type { return i16; });
  converter.addConversion([&](VectorType type) -> Type {
    if (!type.getElementType().isBF16())
      return type;
    return type.cloneWith(std::nullopt, i16);
  });
  converter.addConversion([&](LLVM::LLVMArrayType type) -> Type {
    return LLVM::LLVMArrayType::get(
        converter.convertType(type.getElementType()), type.getNumElements());
  });
  auto materialize = [](OpBuilder &builder, Type type, ValueRange inputs,
                        Location loc) -> Value {
    if (inputs.size() != 1)
      return Value();
    return castBits(builder, loc, type, inputs.front());
  };
  converter.addSourceMaterialization(materialize);
  converter.addTargetMaterialization(materialize);

  ConversionTarget target(*context);
  target.markUnknownOpDynamicallyLegal(
      [&](Operation *op) { return !movesBits(op) || converter.isLegal(op); });
  RewritePatternSet patterns(context);
  patterns.add<MoveAsI16>(converter, context);
  if (failed(
          applyPartialConversion(getOperation(), target, std::move(patterns))))
    signalPassFailure();
}
