//===- RankExpressionTest.cpp - Tests for rank-expression ranges ----------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests for the range of a rank expression on a
// box of its variables (edge::getRangeOnBox), which the verifier, the
// presence analysis and the lowering's bounds checks share: the range must
// contain every value the expression takes, and be exact for a linear form
// and for one floordiv or mod of one. Each case is compared with the values
// enumerated point by point.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;

namespace {

/// The value of `expr` at dims `point` (no symbols).
int64_t evaluate(AffineExpr expr, ArrayRef<int64_t> point) {
  SmallVector<AffineExpr> values;
  for (int64_t v : point)
    values.push_back(getAffineConstantExpr(v, expr.getContext()));
  return cast<AffineConstantExpr>(
             simplifyAffineExpr(expr.replaceDims(values), 0, 0))
      .getValue();
}

/// The least and greatest value of `expr` over the box [lo, hi] of two dims,
/// by enumeration.
std::pair<int64_t, int64_t> enumerate2(AffineExpr expr, ArrayRef<int64_t> lo,
                                       ArrayRef<int64_t> hi) {
  int64_t least = INT64_MAX, greatest = INT64_MIN;
  for (int64_t a = lo[0]; a <= hi[0]; ++a)
    for (int64_t b = lo[1]; b <= hi[1]; ++b) {
      int64_t v = evaluate(expr, {a, b});
      least = std::min(least, v);
      greatest = std::max(greatest, v);
    }
  return {least, greatest};
}

class RankExpressionTest : public ::testing::Test {
protected:
  MLIRContext context;
  AffineExpr h = getAffineDimExpr(0, &context);
  AffineExpr m = getAffineDimExpr(1, &context);
};

TEST_F(RankExpressionTest, ExactForOneDivisionOfALinearForm) {
  SmallVector<int64_t> lo = {0, 0}, hi = {4, 9};
  for (AffineExpr expr :
       {h.floorDiv(2), h % 4, (h + m * 3) % 4, (h * 2 + m - 3).floorDiv(4),
        (m - 5).floorDiv(3), (m - 5) % 3, m * 7 - h.floorDiv(2) * 3}) {
    std::optional<std::pair<int64_t, int64_t>> range =
        edge::getRangeOnBox(expr, /*numDims=*/2, lo, hi);
    ASSERT_TRUE(range.has_value());
    EXPECT_EQ(*range, enumerate2(expr, lo, hi));
  }
}

TEST_F(RankExpressionTest, ModOfANarrowRangeIsExact) {
  // m in [5, 6] never wraps modulo 4: [1, 2], not [0, 3].
  SmallVector<int64_t> lo = {0, 5}, hi = {0, 6};
  EXPECT_EQ(edge::getRangeOnBox(m % 4, 2, lo, hi),
            std::make_pair(int64_t(1), int64_t(2)));
}

TEST_F(RankExpressionTest, SharedVariablesGiveAnEnclosingRange) {
  // h - 2*(h floordiv 2) is h mod 2 in [0, 1]; interval arithmetic may
  // widen it but must contain it.
  SmallVector<int64_t> lo = {0, 0}, hi = {7, 0};
  AffineExpr expr = h - h.floorDiv(2) * 2;
  std::optional<std::pair<int64_t, int64_t>> range =
      edge::getRangeOnBox(expr, 2, lo, hi);
  ASSERT_TRUE(range.has_value());
  auto [least, greatest] = enumerate2(expr, lo, hi);
  EXPECT_LE(range->first, least);
  EXPECT_GE(range->second, greatest);
}

TEST_F(RankExpressionTest, RefusesWhatIsNoRankExpression) {
  SmallVector<int64_t> lo = {0, 0}, hi = {3, 3};
  EXPECT_FALSE(edge::getRangeOnBox(h * m, 2, lo, hi).has_value());
  EXPECT_FALSE(edge::getRangeOnBox(h.ceilDiv(2), 2, lo, hi).has_value());
  EXPECT_FALSE(edge::getRangeOnBox(h.floorDiv(0), 2, lo, hi).has_value());
  EXPECT_FALSE(edge::getRangeOnBox(h % -2, 2, lo, hi).has_value());
  EXPECT_FALSE(edge::isRankExpression(h * m));
  EXPECT_TRUE(edge::isRankExpression((h + m * 2).floorDiv(3) + m % 5));
}

TEST_F(RankExpressionTest, RefusesValuesPast64Bits) {
  SmallVector<int64_t> lo = {0, 0}, hi = {INT64_MAX / 2, 0};
  EXPECT_FALSE(edge::getRangeOnBox((h * 4 + m).floorDiv(3), 2, lo, hi)
                   .has_value());
}

} // namespace
