//===- EdgeToLinalgTest.cpp - Tests for the edge-to-linalg conversion -----===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests for the public API of the edge-to-linalg
// conversion: which values the facts give a mask, located errors before any
// change, and the rollback of a client's conversion that fails.
//
//===----------------------------------------------------------------------===//

#include "edge/Conversion/EdgeToLinalg/EdgeToLinalg.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Transforms/DialectConversion.h"

#include "gtest/gtest.h"

using namespace mlir;

namespace {

class EdgeToLinalgTest : public ::testing::Test {
protected:
  EdgeToLinalgTest() {
    DialectRegistry registry;
    edge::registerEdgeToLinalgDependentDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadDialect<edge::EdgeDialect>();
    context.loadAllAvailableDialects();
  }

  OwningOpRef<ModuleOp> parse(StringRef source) {
    return parseSourceString<ModuleOp>(source, &context);
  }

  /// The einsum named `name` in `module`.
  static Value einsum(ModuleOp module, StringRef name) {
    Value result;
    module.walk([&](edge::EinsumOp op) {
      if (op.getName() && *op.getName() == name)
        result = op.getResult();
    });
    return result;
  }

  static std::string print(ModuleOp module) {
    std::string text;
    llvm::raw_string_ostream os(text);
    module.print(os);
    return text;
  }

  MLIRContext context;
};

/// A mask only where presence varies in a way no affine predicate states.
TEST_F(EdgeToLinalgTest, MaskOnlyWherePresenceVaries) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    edge.cascade @c(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %K: tensor<8x250xf32>)
        -> (Z: tensor<4x4xf32>, F: tensor<4x4xf32>, LM: tensor<8x4xf32>) {
      %Z = edge.einsum "Z" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k < n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %F = edge.einsum "F" (%a[k, m], %b[k, n]) -> [m, n] map mul(isect) where k <= n reduce [k] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      %BK = edge.split %K dim 1 tile 64 : tensor<8x250xf32> -> tensor<8x4x64xf32>
      %LM = edge.einsum "LM" (%BK[e, m1, m0]) -> [e, m1] reduce [m0] max(union) : (tensor<8x4x64xf32>) -> tensor<8x4xf32>
      edge.return %Z, %F, %LM : tensor<4x4xf32>, tensor<4x4xf32>, tensor<8x4xf32>
    })mlir");
  ASSERT_TRUE(module);
  edge::EdgeToLinalgFacts facts(*module);
  ASSERT_FALSE(facts.failed());
  EXPECT_TRUE(facts.hasMask(einsum(*module, "Z")));
  EXPECT_FALSE(facts.hasMask(einsum(*module, "F")));
  EXPECT_FALSE(facts.hasMask(einsum(*module, "LM")));

  // The type converter gives the masked value two types, the others one.
  TypeConverter converter;
  edge::populateEdgeToLinalgTypeConversion(converter, facts);
  SmallVector<Type> types;
  ASSERT_TRUE(succeeded(converter.convertType(einsum(*module, "Z"), types)));
  ASSERT_EQ(types.size(), 2u);
  // Presence masks are bytes (vectorizable, docs/Lowering.md).
  EXPECT_TRUE(cast<RankedTensorType>(types[1]).getElementType().isInteger(8));
  types.clear();
  ASSERT_TRUE(succeeded(converter.convertType(einsum(*module, "F"), types)));
  EXPECT_EQ(types.size(), 1u);
}

/// An op that cannot be lowered gets a located error from the facts, and
/// lowerEdgeToLinalg leaves the module as it was.
TEST_F(EdgeToLinalgTest, ErrorIsLocatedAndNothingChanges) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    edge.cascade @c(%A: tensor<4x4xf32>) -> (R: tensor<4x4xf32>) {
      %S = edge.einsum "S" (%A[m, n]) -> [m] reduce [n] add(union) : (tensor<4x4xf32>) -> tensor<4xf32>
      %R = edge.einsum "R" (%S[m], %A[m, n]) -> [m, m] map add(union) reduce [n] add(union) : (tensor<4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
      edge.return %R : tensor<4x4xf32>
    })mlir");
  ASSERT_TRUE(module);
  std::string before = print(*module);
  std::vector<std::string> errors;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << diag.getLocation() << ": " << diag.str();
    errors.push_back(text);
    return success();
  });
  EXPECT_TRUE(failed(edge::lowerEdgeToLinalg(*module)));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find(":4:12): 'edge.einsum' op cannot be lowered: output "
                           "index expression 'm' is not a rank used once"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(print(*module), before);
}

/// In a client's conversion that cannot legalize one of its own ops, the
/// edge patterns' work is rolled back with the rest.
TEST_F(EdgeToLinalgTest, ClientConversionRollsBack) {
  OwningOpRef<ModuleOp> module = parse(R"mlir(
    func.func @f(%X: tensor<4x8xf32>, %i: index) -> tensor<8xf32> {
      %R = edge.einsum "R" (%X[m, p]) -> [p] reduce [m] add(union) : (tensor<4x8xf32>) -> tensor<8xf32>
      %f = arith.constant 1.0 : f32
      %T = tensor.insert %f into %R[%i] : tensor<8xf32>
      return %T : tensor<8xf32>
    })mlir");
  ASSERT_TRUE(module);
  std::string before = print(*module);
  edge::EdgeToLinalgFacts facts(*module);
  ASSERT_FALSE(facts.failed());
  TypeConverter converter;
  edge::populateEdgeToLinalgTypeConversion(converter, facts);
  RewritePatternSet patterns(&context);
  edge::populateEdgeToLinalgConversionPatterns(converter, patterns, facts);
  ConversionTarget target(context);
  edge::configureEdgeToLinalgConversionTarget(target);
  target.addLegalOp<ModuleOp>();
  // The client forbids tensor.insert and has no pattern for it.
  target.addIllegalOp<tensor::InsertOp>();
  ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });
  EXPECT_TRUE(failed(applyPartialConversion(*module, target, std::move(patterns))));
  EXPECT_EQ(print(*module), before);

  // Without that rule the same conversion lowers the einsum.
  edge::EdgeToLinalgFacts again(*module);
  TypeConverter converter2;
  edge::populateEdgeToLinalgTypeConversion(converter2, again);
  RewritePatternSet patterns2(&context);
  edge::populateEdgeToLinalgConversionPatterns(converter2, patterns2, again);
  ConversionTarget target2(context);
  edge::configureEdgeToLinalgConversionTarget(target2);
  target2.addLegalOp<ModuleOp>();
  EXPECT_TRUE(succeeded(applyPartialConversion(*module, target2, std::move(patterns2))));
  EXPECT_EQ(print(*module).find("edge."), std::string::npos);
}

} // namespace
