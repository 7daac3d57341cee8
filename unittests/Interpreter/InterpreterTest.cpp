//===- InterpreterTest.cpp - Tests for the reference interpreter ----------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests of the reference interpreter on small
// cascades whose results are computed by hand from docs/Notation.md:
// contractions, every merge truth table on the four presence cases, empty
// values of absent points, filters, split tails, isect reductions,
// iterations with a filter on the iteration's rank, and located errors.
//
//===----------------------------------------------------------------------===//

#include "edge/Interpreter/Interpreter.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace mlir;
using edge::PresenceTensor;

namespace {

class InterpreterTest : public ::testing::Test {
protected:
  InterpreterTest() {
    context.loadDialect<edge::EdgeDialect, func::FuncDialect>();
  }

  /// Parses `source` and interprets its first cascade on dense `inputs`;
  /// diagnostics go to `diagnostics`.
  FailureOr<std::vector<PresenceTensor>>
  run(StringRef source, std::vector<PresenceTensor> inputs) {
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
      diagnostics += d.str() + "\n";
      return success();
    });
    module = parseSourceString<ModuleOp>(source, &context);
    if (!module)
      return failure();
    edge::CascadeOp cascade;
    module->walk([&](edge::CascadeOp op) {
      if (!cascade)
        cascade = op;
    });
    return edge::interpretCascade(cascade, inputs);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
  std::string diagnostics;
};

TEST_F(InterpreterTest, Contraction) {
  // Z[m,n] = sum_k A[k,m] B[k,n].
  auto result = run(R"mlir(
    edge.cascade @matmul(%A: tensor<2x2xf32>, %B: tensor<2x3xf32>)
        -> (Z: tensor<2x3xf32>) {
      %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
             map mul(isect) reduce [k] add(union)
             : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
      edge.return %Z : tensor<2x3xf32>
    })mlir",
                    {PresenceTensor::dense({2, 2}, {1, 2, 3, 4}),
                     PresenceTensor::dense({2, 3}, {1, 0, -1, 2, 1, 0})});
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  const PresenceTensor &z = (*result)[0];
  // Z[m,n] = A[0,m] B[0,n] + A[1,m] B[1,n], A = [[1,2],[3,4]].
  EXPECT_EQ(z.values, (std::vector<double>{7, 3, -1, 10, 4, -2}));
  EXPECT_EQ(z.present, (std::vector<uint8_t>(6, 1)));
}

/// A cascade whose operands L and R are present at (a, b) = (0,0) both,
/// (0,1) only L, (1,0) only R, (1,1) neither: reads past row 1 are absent.
static std::string mergeCascade(StringRef merge) {
  return (R"mlir(
    edge.cascade @merge(%L: tensor<2x2xf32>, %R: tensor<2x2xf32>)
        -> (Z: tensor<2x2xf32>) {
      %Z = edge.einsum "Z" (%L[2*a, b], %R[2*b, a]) -> [a, b]
             map add()mlir" +
          merge + R"mlir() empty 7.0
             : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
      edge.return %Z : tensor<2x2xf32>
    })mlir")
      .str();
}

TEST_F(InterpreterTest, EveryMergeTable) {
  // Notation.md's table: bit 3 both, bit 2 only left, bit 1 only right,
  // bit 0 neither. L[0, b] = 10 + b, R[0, a] = 100 + a; absent operands
  // contribute their tensor's empty value, 0 for an input.
  const char *names[16] = {"never",       "neither",
                           "right_only",  "not_left",
                           "left_only",   "not_right",
                           "xor",         "not_both",
                           "isect",       "same",
                           "take_right",  "left_implies_right",
                           "take_left",   "right_implies_left",
                           "union",       "pass_through"};
  // (a, b) row-major: both, only left, only right, neither.
  const double sums[4] = {10 + 100, 11 + 0, 0 + 101, 0};
  const unsigned bitOf[4] = {3, 2, 1, 0};
  for (unsigned table = 0; table < 16; ++table) {
    diagnostics.clear();
    auto result = run(mergeCascade(names[table]),
                      {PresenceTensor::dense({2, 2}, {10, 11, 12, 13}),
                       PresenceTensor::dense({2, 2}, {100, 101, 102, 103})});
    ASSERT_TRUE(succeeded(result)) << names[table] << ": " << diagnostics;
    const PresenceTensor &z = (*result)[0];
    for (unsigned point = 0; point < 4; ++point) {
      bool visits = (table >> bitOf[point]) & 1;
      EXPECT_EQ(z.present[point], visits) << names[table] << " " << point;
      EXPECT_EQ(z.values[point], visits ? sums[point] : 7.0)
          << names[table] << " " << point;
    }
  }
}

TEST_F(InterpreterTest, SplitTailIsAbsentAndSkippedByMax) {
  // X = [1, 5, 3] split by 2: tile 1 has one point. BX x (-1) is absent in
  // the tail (isect), so max_m0 of tile 1 is -3, not 0 (the tail's empty
  // value would otherwise win).
  auto result = run(R"mlir(
    edge.cascade @tail(%X: tensor<3xf32>, %S: tensor<2xf32>)
        -> (M: tensor<2xf32>, N: tensor<2x2xf32>) {
      %BX = edge.split %X dim 0 tile 2 : tensor<3xf32> -> tensor<2x2xf32>
      %N = edge.einsum "N" (%BX[m1, m0], %S[m0]) -> [m1, m0]
             map mul(isect) : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
      %M = edge.einsum "M" (%N[m1, m0]) -> [m1] reduce [m0] max(union)
             : (tensor<2x2xf32>) -> tensor<2xf32>
      edge.return %M, %N : tensor<2xf32>, tensor<2x2xf32>
    })mlir",
                    {PresenceTensor::dense({3}, {1, 5, 3}),
                     PresenceTensor::dense({2}, {-1, -1})});
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  EXPECT_EQ((*result)[0].values, (std::vector<double>{-1, -3}));
  EXPECT_EQ((*result)[1].values, (std::vector<double>{-1, -5, -3, 0}));
  EXPECT_EQ((*result)[1].present, (std::vector<uint8_t>{1, 1, 1, 0}));
}

TEST_F(InterpreterTest, MaskMakesPointsAbsent) {
  // X[e, m] = [[1, 2, 3], [4, 5, 6]] masked by Valid[m] = [1, 0, 1] along
  // m: column 1 is absent (holding 0) in both rows, so the max over e of
  // column 1 is absent and holds -inf; a mask of the masked tensor by
  // Keep[e, m] ands the bits.
  auto result = run(R"mlir(
    edge.cascade @masked(%X: tensor<2x3xf32>, %Valid: tensor<3xi1>,
                         %Keep: tensor<2x3xi1>)
        -> (M: tensor<3xf32>, XK: tensor<2x3xf32>) {
      %XV = edge.mask %X where %Valid dims [1] : tensor<2x3xf32>, tensor<3xi1>
      %M = edge.einsum "M" (%XV[e, m]) -> [m] reduce [e] max(union)
             : (tensor<2x3xf32>)
      %XK = edge.mask %XV where %Keep : tensor<2x3xf32>, tensor<2x3xi1>
      edge.return %M, %XK : tensor<3xf32>, tensor<2x3xf32>
    })mlir",
                    {PresenceTensor::dense({2, 3}, {1, 2, 3, 4, 5, 6}),
                     PresenceTensor::dense({3}, {1, 0, 1}),
                     PresenceTensor::dense({2, 3}, {1, 1, 0, 0, 1, 1})});
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  EXPECT_EQ((*result)[0].values, (std::vector<double>{4, -INFINITY, 6}));
  EXPECT_EQ((*result)[0].present, (std::vector<uint8_t>{1, 0, 1}));
  EXPECT_EQ((*result)[1].values, (std::vector<double>{1, 0, 0, 0, 0, 6}));
  EXPECT_EQ((*result)[1].present, (std::vector<uint8_t>{1, 0, 0, 0, 0, 1}));
}

TEST_F(InterpreterTest, FilterAndFullyMaskedRow) {
  // Strict causal QK[m,p] = X[m] Y[p] with m < p: p = 0 has no m, so its
  // max is absent and holds -inf, and take_left visits only present logits.
  auto result = run(R"mlir(
    edge.cascade @masked(%X: tensor<3xf32>, %Y: tensor<3xf32>)
        -> (GM: tensor<3xf32>, SN: tensor<3x3xf32>) {
      %QK = edge.einsum "QK" (%X[m], %Y[p]) -> [m, p] map mul(isect)
              where m + 1 <= p
              : (tensor<3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
      %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
              : (tensor<3x3xf32>) -> tensor<3xf32>
      %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
              map sub_exp(take_left)
              : (tensor<3x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
      edge.return %GM, %SN : tensor<3xf32>, tensor<3x3xf32>
    })mlir",
                    {PresenceTensor::dense({3}, {1, 2, 3}),
                     PresenceTensor::dense({3}, {1, 1, 2})});
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  const PresenceTensor &gm = (*result)[0], &sn = (*result)[1];
  // QK[0,1] = 1, QK[0,2] = 2, QK[1,2] = 4.
  EXPECT_EQ(gm.present, (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(gm.values[0], -INFINITY);
  EXPECT_EQ(gm.values[1], 1);
  EXPECT_EQ(gm.values[2], 4);
  // SN[m,p] at (0,1), (0,2), (1,2) only; absent points hold 0.
  EXPECT_EQ(sn.present,
            (std::vector<uint8_t>{0, 1, 1, 0, 0, 1, 0, 0, 0}));
  EXPECT_DOUBLE_EQ(sn.values[1], 1.0);
  EXPECT_DOUBLE_EQ(sn.values[2], std::exp(2.0 - 4.0));
  EXPECT_DOUBLE_EQ(sn.values[5], 1.0);
  EXPECT_EQ(sn.values[0], 0.0);
}

TEST_F(InterpreterTest, IterationWithAFilterOnItsRank) {
  // S[r+1][j] = S[r][j] + X[r][j], visited only for j <= r. A point that is
  // not visited is absent in the yielded value, and running values are
  // dense: it continues as its empty value, 0.
  auto result = run(R"mlir(
    edge.cascade @running(%X: tensor<3x2xf32>) -> (S: tensor<2xf32>) {
      %S0 = edge.fill 100.0 : tensor<2xf32>
      %S = edge.iterate r until r >= 3
          slices(%x = %X[0] : tensor<3x2xf32>)
          init(%s = %S0 : tensor<2xf32>) -> (tensor<2xf32>) {
        %next = edge.einsum "next" (%s[j], %x[j]) -> [j] map add(union)
                  where j <= r
                  : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
        edge.yield %next : tensor<2xf32>
      }
      edge.return %S : tensor<2xf32>
    })mlir",
                    {PresenceTensor::dense({3, 2}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  // r = 0: [101, absent -> 0]; r = 1: [104, 4]; r = 2: [109, 10].
  EXPECT_EQ((*result)[0].values, (std::vector<double>{109, 10}));
  EXPECT_EQ((*result)[0].present, (std::vector<uint8_t>{1, 1}));
}

TEST_F(InterpreterTest, UnsplitDropsTheTail) {
  auto result = run(R"mlir(
    edge.cascade @roundtrip(%X: tensor<5xf32>) -> (Y: tensor<5xf32>) {
      %B = edge.split %X dim 0 tile 2 : tensor<5xf32> -> tensor<3x2xf32>
      %N = edge.einsum "N" (%B[i, j]) -> [i, j] apply [neg]
             : (tensor<3x2xf32>) -> tensor<3x2xf32>
      %Y = edge.unsplit %N dim 0 : tensor<3x2xf32> -> tensor<5xf32>
      edge.return %Y : tensor<5xf32>
    })mlir",
                    {PresenceTensor::dense({5}, {1, 2, 3, 4, 5})});
  ASSERT_TRUE(succeeded(result)) << diagnostics;
  EXPECT_EQ((*result)[0].values, (std::vector<double>{-1, -2, -3, -4, -5}));
}

TEST_F(InterpreterTest, UnsupportedReduceMergeIsRejectedBeforeRunning) {
  auto result = run(R"mlir(
    edge.cascade @odd(%X: tensor<1x3xf32>) -> (S: tensor<1xf32>) {
      %S = edge.einsum "S" (%X[p, m]) -> [p] reduce [m] add(take_left)
             : (tensor<1x3xf32>) -> tensor<1xf32>
      edge.return %S : tensor<1xf32>
    })mlir",
                    {PresenceTensor::dense({1, 3}, {1, 2, 3})});
  // The verifier rejects it before the interpreter sees it.
  EXPECT_TRUE(failed(result));
  EXPECT_NE(diagnostics.find("reduce merge operator 'take_left' makes no "
                             "sense for a reduction"),
            std::string::npos)
      << diagnostics;
}

TEST_F(InterpreterTest, WrongInputShapeIsAnError) {
  auto result = run(R"mlir(
    edge.cascade @id(%X: tensor<3xf32>) -> (Y: tensor<3xf32>) {
      %Y = edge.einsum "Y" (%X[m]) -> [m] : (tensor<3xf32>) -> tensor<3xf32>
      edge.return %Y : tensor<3xf32>
    })mlir",
                    {PresenceTensor::dense({4}, {1, 2, 3, 4})});
  EXPECT_TRUE(failed(result));
  EXPECT_NE(diagnostics.find("input #0 has shape [4]"), std::string::npos)
      << diagnostics;
}

TEST_F(InterpreterTest, WrongInputCountIsAnError) {
  auto result = run(R"mlir(
    edge.cascade @id(%X: tensor<3xf32>) -> (Y: tensor<3xf32>) {
      %Y = edge.einsum "Y" (%X[m]) -> [m] : (tensor<3xf32>) -> tensor<3xf32>
      edge.return %Y : tensor<3xf32>
    })mlir",
                    {});
  EXPECT_TRUE(failed(result));
  EXPECT_NE(diagnostics.find("the reference interpreter got 0 inputs, "
                             "expected 1"),
            std::string::npos)
      << diagnostics;
}

TEST_F(InterpreterTest, TwoWritesOfOneOutputPointAreAnError) {
  // Y[i + j] = X[i] Z[j] without a reduction: (0,1) and (1,0) both write
  // Y[1], which populate '=' does not define.
  auto result = run(R"mlir(
    edge.cascade @collide(%X: tensor<2xf32>, %Z: tensor<2xf32>)
        -> (Y: tensor<3xf32>) {
      %Y = edge.einsum "Y" (%X[i], %Z[j]) -> [i + j] map mul(isect)
             : (tensor<2xf32>, tensor<2xf32>) -> tensor<3xf32>
      edge.return %Y : tensor<3xf32>
    })mlir",
                    {PresenceTensor::dense({2}, {1, 2}),
                     PresenceTensor::dense({2}, {3, 4})});
  EXPECT_TRUE(failed(result));
  EXPECT_NE(diagnostics.find("two visited points writing one output point "
                             "without a reduction"),
            std::string::npos)
      << diagnostics;
}

TEST_F(InterpreterTest, LargeIterationSpacesAreRefused) {
  module = parseSourceString<ModuleOp>(R"mlir(
    edge.cascade @sum(%X: tensor<4x4xf32>) -> (S: tensor<4xf32>) {
      %S = edge.einsum "S" (%X[m, p]) -> [p] reduce [m] add(union)
             : (tensor<4x4xf32>) -> tensor<4xf32>
      edge.return %S : tensor<4xf32>
    })mlir",
                                       &context);
  ASSERT_TRUE(module);
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return success();
  });
  edge::InterpreterOptions options;
  options.maxPointsPerEinsum = 15;
  auto cascade = *module->getOps<edge::CascadeOp>().begin();
  EXPECT_TRUE(failed(edge::interpretCascade(
      cascade, {PresenceTensor::dense({4, 4}, std::vector<double>(16, 1))},
      options)));
  EXPECT_NE(diagnostics.find("refuses an iteration space of more than 15 "
                             "points"),
            std::string::npos)
      << diagnostics;
}

TEST_F(InterpreterTest, FunctionCallingACascade) {
  // edge.call passes dense operands and returns the cascade's outputs.
  module = parseSourceString<ModuleOp>(R"mlir(
    edge.cascade @double(%X: tensor<2xf32>) -> (Y: tensor<2xf32>) {
      %Y = edge.einsum "Y" (%X[i], %X[i]) -> [i] map add(union)
             : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      edge.return %Y : tensor<2xf32>
    }
    func.func @twice(%a: tensor<2xf32>) -> tensor<2xf32> {
      %b = edge.call @double(%a) : (tensor<2xf32>) -> tensor<2xf32>
      %c = edge.call @double(%b) : (tensor<2xf32>) -> tensor<2xf32>
      return %c : tensor<2xf32>
    })mlir",
                                       &context);
  ASSERT_TRUE(module);
  auto function = module->lookupSymbol<func::FuncOp>("twice");
  auto result = edge::interpretFunction(
      function, {PresenceTensor::dense({2}, {1.5, -2})});
  ASSERT_TRUE(succeeded(result));
  EXPECT_EQ((*result)[0].values, (std::vector<double>{6, -8}));
}

} // namespace
