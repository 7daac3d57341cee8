//===- EdgeAlgebra.cpp - algebra of compute and merge operators ------------===//
//
// This file implements the facts about compute and merge operators that the
// verifier, the rewrites and the lowering share: merge truth tables,
// associativity, commutativity and reduction identities; and the checked
// arithmetic of shapes and linear rank expressions that keeps every count
// within 64 bits (docs/Limits.md).
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/IR/AffineExpr.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>

using namespace mlir;
using namespace edge;

bool edge::mergeVisits(MergeKind merge, bool leftPresent, bool rightPresent) {
  // The enum value is the truth table; see EdgeAttrs.td for the bit layout.
  unsigned bit = (leftPresent ? 2u : 0u) + (rightPresent ? 1u : 0u);
  return (static_cast<uint32_t>(merge) >> bit) & 1u;
}

bool edge::isAssociative(ComputeKind kind) {
  switch (kind) {
  case ComputeKind::Add:
  case ComputeKind::Mul:
  case ComputeKind::Max:
  case ComputeKind::Min:
  case ComputeKind::TakeLeft:
  case ComputeKind::TakeRight:
    return true;
  case ComputeKind::Sub:
  case ComputeKind::Div:
  case ComputeKind::SubExp:
    return false;
  }
  llvm_unreachable("unknown compute kind");
}

std::optional<llvm::APFloat>
edge::getReduceIdentity(ComputeKind kind, const llvm::fltSemantics &sem) {
  switch (kind) {
  case ComputeKind::Add:
    return llvm::APFloat::getZero(sem);
  case ComputeKind::Mul:
    return llvm::APFloat::getOne(sem);
  case ComputeKind::Max:
    return llvm::APFloat::getInf(sem, /*Negative=*/true);
  case ComputeKind::Min:
    return llvm::APFloat::getInf(sem, /*Negative=*/false);
  default:
    return std::nullopt;
  }
}

std::optional<int64_t> edge::getBoundedElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t extent : shape) {
    if (extent < 0 || extent > kMaxElements)
      return std::nullopt;
    std::optional<int64_t> product = llvm::checkedMul(count, extent);
    if (!product || *product > kMaxElements)
      return std::nullopt;
    count = *product;
  }
  return count;
}

bool edge::isPrintableName(StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name.front()) || name.front() == '_'))
    return false;
  return llvm::all_of(name.drop_front(), [](char c) {
    return llvm::isAlnum(c) || c == '_' || c == '$' || c == '.';
  });
}

std::optional<SmallVector<int64_t>>
edge::getLinearCoefficients(AffineExpr expr, unsigned numDims,
                            unsigned numSymbols) {
  SmallVector<int64_t> coeffs(numDims + numSymbols + 1, 0);
  auto addTo = [](int64_t &slot, std::optional<int64_t> term) {
    std::optional<int64_t> sum =
        term ? llvm::checkedAdd(slot, *term) : std::nullopt;
    if (sum)
      slot = *sum;
    return sum.has_value();
  };
  // Accumulates `scale * expr` into coeffs; fails on non-linear terms and
  // on overflow.
  std::function<bool(AffineExpr, int64_t)> accumulate =
      [&](AffineExpr e, int64_t scale) -> bool {
    if (auto dim = dyn_cast<AffineDimExpr>(e))
      return addTo(coeffs[dim.getPosition()], scale);
    if (auto sym = dyn_cast<AffineSymbolExpr>(e))
      return addTo(coeffs[numDims + sym.getPosition()], scale);
    if (auto cst = dyn_cast<AffineConstantExpr>(e))
      return addTo(coeffs.back(), llvm::checkedMul(scale, cst.getValue()));
    auto bin = cast<AffineBinaryOpExpr>(e);
    if (e.getKind() == AffineExprKind::Add)
      return accumulate(bin.getLHS(), scale) && accumulate(bin.getRHS(), scale);
    if (e.getKind() == AffineExprKind::Mul) {
      AffineExpr factor = bin.getRHS(), term = bin.getLHS();
      if (!isa<AffineConstantExpr>(factor))
        std::swap(factor, term);
      if (auto cst = dyn_cast<AffineConstantExpr>(factor)) {
        std::optional<int64_t> product =
            llvm::checkedMul(scale, cst.getValue());
        return product && accumulate(term, *product);
      }
    }
    return false; // mod, floordiv, ceildiv, or a product of variables
  };
  if (!accumulate(expr, 1))
    return std::nullopt;
  return coeffs;
}

std::optional<std::pair<int64_t, int64_t>>
edge::getRangeOnBox(ArrayRef<int64_t> coeffs, ArrayRef<int64_t> lo,
                    ArrayRef<int64_t> hi) {
  int64_t minValue = coeffs.back(), maxValue = coeffs.back();
  for (unsigned i = 0; i + 1 < coeffs.size(); ++i) {
    // A linear form is extremal at the box's corners.
    std::optional<int64_t> a = llvm::checkedMul(coeffs[i], lo[i]);
    std::optional<int64_t> b = llvm::checkedMul(coeffs[i], hi[i]);
    if (!a || !b)
      return std::nullopt;
    std::optional<int64_t> newMin = llvm::checkedAdd(minValue, std::min(*a, *b));
    std::optional<int64_t> newMax = llvm::checkedAdd(maxValue, std::max(*a, *b));
    if (!newMin || !newMax)
      return std::nullopt;
    minValue = *newMin;
    maxValue = *newMax;
  }
  return std::make_pair(minValue, maxValue);
}

void edge::printRankExpr(llvm::raw_ostream &os, AffineExpr expr,
                         ArrayRef<StringRef> dimNames,
                         ArrayRef<StringRef> symbolNames) {
  std::optional<SmallVector<int64_t>> linear =
      getLinearCoefficients(expr, dimNames.size(), symbolNames.size());
  if (!linear) {
    // Only affine sums are ever built by the parser; fall back to MLIR's
    // syntax for anything else so that nothing is lost.
    os << expr;
    return;
  }
  ArrayRef<int64_t> coeffs = *linear;
  bool first = true;
  auto printTerm = [&](int64_t coeff, StringRef name) {
    if (coeff == 0)
      return;
    if (first) {
      if (coeff < 0)
        os << "-";
    } else {
      os << (coeff < 0 ? " - " : " + ");
    }
    first = false;
    int64_t magnitude = coeff < 0 ? -coeff : coeff;
    if (name.empty()) {
      os << magnitude;
      return;
    }
    os << name;
    if (magnitude != 1)
      os << "*" << magnitude;
  };
  for (auto [i, name] : llvm::enumerate(dimNames))
    printTerm(coeffs[i], name);
  for (auto [i, name] : llvm::enumerate(symbolNames))
    printTerm(coeffs[dimNames.size() + i], name);
  printTerm(coeffs.back(), "");
  if (first)
    os << "0";
}

void edge::printRankConstraint(llvm::raw_ostream &os, AffineExpr expr,
                               bool isEquality, ArrayRef<StringRef> dimNames,
                               ArrayRef<StringRef> symbolNames) {
  std::optional<SmallVector<int64_t>> linear =
      getLinearCoefficients(expr, dimNames.size(), symbolNames.size());
  if (!linear) {
    printRankExpr(os, expr, dimNames, symbolNames);
    os << (isEquality ? " == 0" : " >= 0");
    return;
  }
  SmallVector<int64_t> coeffs = *linear;
  if (isEquality) {
    auto firstNonZero = llvm::find_if(coeffs, [](int64_t c) { return c != 0; });
    if (firstNonZero != coeffs.end() && *firstNonZero < 0)
      for (int64_t &c : coeffs)
        c = -c;
  }
  MLIRContext *ctx = expr.getContext();
  AffineExpr lhs = getAffineConstantExpr(0, ctx);
  AffineExpr rhs = getAffineConstantExpr(0, ctx);
  unsigned numDims = dimNames.size();
  for (unsigned i = 0; i < numDims + symbolNames.size(); ++i) {
    AffineExpr var = i < numDims ? getAffineDimExpr(i, ctx)
                                 : getAffineSymbolExpr(i - numDims, ctx);
    if (coeffs[i] < 0)
      lhs = lhs + var * -coeffs[i];
    else if (coeffs[i] > 0)
      rhs = rhs + var * coeffs[i];
  }
  int64_t constant = coeffs.back();
  if (constant < 0)
    lhs = lhs + -constant;
  else if (constant > 0)
    rhs = rhs + constant;
  printRankExpr(os, lhs, dimNames, symbolNames);
  os << (isEquality ? " == " : " <= ");
  printRankExpr(os, rhs, dimNames, symbolNames);
}

std::string edge::formatFloat(const llvm::APFloat &value) {
  if (value.isInfinity())
    return value.isNegative() ? "-inf" : "inf";
  if (value.isNaN())
    return "nan";
  SmallString<32> text;
  value.toString(text);
  // A bare integer would be lexed as an integer; keep it a float literal.
  if (!StringRef(text).contains('.') &&
      !StringRef(text).contains_insensitive('e'))
    text += ".0";
  return std::string(text);
}
