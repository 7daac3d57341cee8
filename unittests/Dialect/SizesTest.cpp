//===- SizesTest.cpp - Tests for the run-time sizes of a cascade ----------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests for edge::CascadeSizes and the functions
// around it: the dimensions one rank indexes are one size (named by
// `sizes(...)` or after the rank), a split's tiles are ceildiv(size, tile)
// and its unsplit the size again, the value of an extent for given sizes,
// the bindings `M=1000`, and the copy of a cascade for given sizes.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace edge;

namespace {

/// K and V share the key rank m; the unnamed size is named after it.
constexpr const char *kAttention = R"mlir(
edge.cascade @scores(%Q: tensor<8x?xf32>, %K: tensor<8x?xf32>,
                     %V: tensor<4x?xf32>) -> (AV: tensor<4x?xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<8x?xf32>, tensor<8x?xf32>) -> tensor<?x?xf32>
  %BQK = edge.split %QK dim 0 tile 16 : tensor<?x?xf32> -> tensor<?x16x?xf32>
  %U = edge.unsplit %BQK dim 0 : tensor<?x16x?xf32> -> tensor<?x?xf32>
  %AV = edge.einsum "AV" (%U[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<?x?xf32>, tensor<4x?xf32>) -> tensor<4x?xf32>
  edge.return %AV : tensor<4x?xf32>
}
)mlir";

class SizesTest : public ::testing::Test {
protected:
  SizesTest() {
    context.loadDialect<EdgeDialect, func::FuncDialect>();
    module = parseSourceString<ModuleOp>(kAttention, &context);
    cascade = cast<CascadeOp>(module->getBody()->front());
  }
  /// The value that `name` (an einsum, split or unsplit) produces.
  Value valueNamed(StringRef name) {
    Value found;
    cascade.walk([&](Operation *op) {
      if (auto einsum = dyn_cast<EinsumOp>(op); einsum && einsum.getName() == name)
        found = einsum.getResult();
      if (name == "BQK" && isa<SplitOp>(op))
        found = op->getResult(0);
      if (name == "U" && isa<UnsplitOp>(op))
        found = op->getResult(0);
    });
    return found;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  CascadeOp cascade;
};

TEST_F(SizesTest, OneRankIsOneSizeNamedAfterIt) {
  CascadeSizes sizes(cascade);
  // P (Q[1], the queries) and M (K[1] and V[1], the keys).
  ASSERT_EQ(sizes.getNames().size(), 2u);
  EXPECT_EQ(sizes.getNames()[0], "P");
  EXPECT_EQ(sizes.getNames()[1], "M");
  EXPECT_EQ(sizes.getSymbol({1, 1}), sizes.getSymbol({2, 1}));
  EXPECT_NE(sizes.getSymbol({0, 1}), sizes.getSymbol({1, 1}));
  EXPECT_FALSE(sizes.getSymbol({0, 0})); // static
}

TEST_F(SizesTest, SplitsTileAndUnsplitsRestore) {
  CascadeSizes sizes(cascade);
  EXPECT_EQ(sizes.print(sizes.getExtent(valueNamed("QK"), 0)), "M");
  EXPECT_EQ(sizes.print(sizes.getExtent(valueNamed("QK"), 1)), "P");
  EXPECT_EQ(sizes.print(sizes.getExtent(valueNamed("BQK"), 0)),
            "ceildiv(M, 16)");
  EXPECT_EQ(sizes.print(sizes.getExtent(valueNamed("BQK"), 1)), "16");
  EXPECT_EQ(sizes.print(sizes.getExtent(valueNamed("U"), 0)), "M");
  // sizes = (P, M) = (5, 33): 3 tiles of 16.
  EXPECT_EQ(CascadeSizes::evaluate(sizes.getExtent(valueNamed("BQK"), 0),
                                   {5, 33}),
            3);
  EXPECT_EQ(CascadeSizes::evaluate(sizes.getExtent(valueNamed("AV"), 1),
                                   {5, 33}),
            5);
}

TEST_F(SizesTest, DeclaringNamesTheSizeInTheCascade) {
  CascadeSizes sizes(cascade);
  EXPECT_FALSE(cascade.lookupSize("M"));
  EXPECT_EQ(sizes.declare(1), "M");
  std::optional<InputDim> dim = cascade.lookupSize("M");
  ASSERT_TRUE(dim);
  EXPECT_EQ(dim->input, 1u);
  EXPECT_EQ(dim->dim, 1u);
  // A declared name wins over the rank's, on any dimension of the size.
  cascade.setSizesAttr(DictionaryAttr::get(&context, {}));
  cascade.addSize("KEYS", {2, 1});
  EXPECT_EQ(CascadeSizes(cascade).getNames()[1], "KEYS");
}

TEST_F(SizesTest, Bindings) {
  CascadeSizes sizes(cascade);
  std::string error;
  FailureOr<SmallVector<int64_t>> values =
      parseSizeBindings(sizes, " M=1000 , P=7", std::nullopt, error);
  ASSERT_TRUE(succeeded(values));
  EXPECT_EQ((*values)[0], 7);
  EXPECT_EQ((*values)[1], 1000);
  values = parseSizeBindings(sizes, "M=3", 64, error);
  ASSERT_TRUE(succeeded(values));
  EXPECT_EQ((*values)[0], 64);
  EXPECT_TRUE(failed(parseSizeBindings(sizes, "M=3", std::nullopt, error)));
  EXPECT_EQ(error, "no value for size P (give it as P=N)");
  EXPECT_TRUE(failed(parseSizeBindings(sizes, "X=3", 1, error)));
  EXPECT_TRUE(failed(parseSizeBindings(sizes, "M=0", 1, error)));
  EXPECT_TRUE(failed(parseSizeBindings(sizes, "M=-4", 1, error)));
  EXPECT_TRUE(failed(parseSizeBindings(sizes, "M=x", 1, error)));
}

TEST_F(SizesTest, SpecializedCopyHasStaticShapes) {
  EXPECT_TRUE(hasDynamicSizes(cascade));
  FailureOr<OwningOpRef<CascadeOp>> fixed = specializeSizes(cascade, {5, 33});
  ASSERT_TRUE(succeeded(fixed));
  CascadeOp copy = fixed->get();
  EXPECT_FALSE(hasDynamicSizes(copy));
  EXPECT_TRUE(succeeded(copy.verify()));
  auto type = [](Value v) { return cast<RankedTensorType>(v.getType()); };
  EXPECT_EQ(type(copy.getBody().getArgument(1)).getShape(),
            ArrayRef<int64_t>({8, 33}));
  copy.walk([&](SplitOp split) {
    EXPECT_EQ(type(split.getResult()).getShape(),
              ArrayRef<int64_t>({3, 16, 5}));
  });
  copy.walk([&](UnsplitOp unsplit) {
    EXPECT_EQ(type(unsplit.getResult()).getShape(),
              ArrayRef<int64_t>({33, 5}));
  });
  EXPECT_EQ(copy.getResultTypes()[0],
            RankedTensorType::get({4, 5}, Float32Type::get(&context)));
  // The original is unchanged.
  EXPECT_TRUE(hasDynamicSizes(cascade));
}

} // namespace
