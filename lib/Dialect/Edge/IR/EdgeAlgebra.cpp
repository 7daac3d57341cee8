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
#include "mlir/IR/AffineMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/MathExtras.h"
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

namespace {
/// A rank expression taken apart: the linear part (one coefficient per dim,
/// one per symbol, then the constant) and the floordiv and mod terms with
/// their coefficients.
struct QuasiLinearForm {
  SmallVector<int64_t> coeffs;
  SmallVector<std::pair<int64_t, AffineBinaryOpExpr>> divisions;
};
} // namespace

/// Takes `expr` apart; none for products of variables, ceildiv, divisions
/// by a non-constant, and coefficients past 64 bits.
static std::optional<QuasiLinearForm>
getQuasiLinearForm(AffineExpr expr, unsigned numDims, unsigned numSymbols) {
  QuasiLinearForm form;
  form.coeffs.assign(numDims + numSymbols + 1, 0);
  auto addTo = [](int64_t &slot, std::optional<int64_t> term) {
    std::optional<int64_t> sum =
        term ? llvm::checkedAdd(slot, *term) : std::nullopt;
    if (sum)
      slot = *sum;
    return sum.has_value();
  };
  // Accumulates `scale * e` into the form.
  std::function<bool(AffineExpr, int64_t)> accumulate =
      [&](AffineExpr e, int64_t scale) -> bool {
    if (auto dim = dyn_cast<AffineDimExpr>(e))
      return dim.getPosition() < numDims &&
             addTo(form.coeffs[dim.getPosition()], scale);
    if (auto sym = dyn_cast<AffineSymbolExpr>(e))
      return sym.getPosition() < numSymbols &&
             addTo(form.coeffs[numDims + sym.getPosition()], scale);
    if (auto cst = dyn_cast<AffineConstantExpr>(e))
      return addTo(form.coeffs.back(), llvm::checkedMul(scale, cst.getValue()));
    auto bin = cast<AffineBinaryOpExpr>(e);
    switch (e.getKind()) {
    case AffineExprKind::Add:
      return accumulate(bin.getLHS(), scale) && accumulate(bin.getRHS(), scale);
    case AffineExprKind::Mul: {
      AffineExpr factor = bin.getRHS(), term = bin.getLHS();
      if (!isa<AffineConstantExpr>(factor))
        std::swap(factor, term);
      auto cst = dyn_cast<AffineConstantExpr>(factor);
      if (!cst)
        return false; // a product of variables
      std::optional<int64_t> product = llvm::checkedMul(scale, cst.getValue());
      return product && accumulate(term, *product);
    }
    case AffineExprKind::FloorDiv:
    case AffineExprKind::Mod:
      if (!isa<AffineConstantExpr>(bin.getRHS()))
        return false;
      form.divisions.push_back({scale, bin});
      return true;
    default:
      return false; // ceildiv
    }
  };
  if (!accumulate(expr, 1))
    return std::nullopt;
  return form;
}

int64_t edge::evaluateAffineExpr(AffineExpr expr, ArrayRef<int64_t> dims,
                                 ArrayRef<int64_t> symbols) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr))
    return dims[dim.getPosition()];
  if (auto sym = dyn_cast<AffineSymbolExpr>(expr))
    return symbols[sym.getPosition()];
  if (auto cst = dyn_cast<AffineConstantExpr>(expr))
    return cst.getValue();
  auto bin = cast<AffineBinaryOpExpr>(expr);
  int64_t l = evaluateAffineExpr(bin.getLHS(), dims, symbols);
  int64_t r = evaluateAffineExpr(bin.getRHS(), dims, symbols);
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return l + r;
  case AffineExprKind::Mul:
    return l * r;
  case AffineExprKind::FloorDiv:
    return llvm::divideFloorSigned(l, r);
  case AffineExprKind::CeilDiv:
    return llvm::divideCeilSigned(l, r);
  case AffineExprKind::Mod:
    return l - r * llvm::divideFloorSigned(l, r);
  default:
    llvm_unreachable("not a binary affine expression");
  }
}

std::optional<SmallVector<int64_t>>
edge::getLinearCoefficients(AffineExpr expr, unsigned numDims,
                            unsigned numSymbols) {
  std::optional<QuasiLinearForm> form =
      getQuasiLinearForm(expr, numDims, numSymbols);
  if (!form || !form->divisions.empty())
    return std::nullopt;
  return form->coeffs;
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

void edge::collectBareRankExtents(ArrayRef<AffineExpr> indices,
                                  ArrayRef<int64_t> shape,
                                  MutableArrayRef<int64_t> extents) {
  for (auto [expr, extent] : llvm::zip(indices, shape))
    if (auto dim = dyn_cast<AffineDimExpr>(expr))
      if (ShapedType::isDynamic(extents[dim.getPosition()]))
        extents[dim.getPosition()] = extent;
}

FailureOr<RankedTensorType>
edge::inferEinsumResultType(ArrayRef<AffineMap> inputMaps,
                            ArrayRef<RankedTensorType> inputTypes,
                            AffineMap outputMap, unsigned &unknownIndex) {
  SmallVector<int64_t> extents(outputMap.getNumDims(), ShapedType::kDynamic);
  SmallVector<bool> known(outputMap.getNumDims(), false);
  for (auto [map, type] : llvm::zip(inputMaps, inputTypes)) {
    collectBareRankExtents(map.getResults(), type.getShape(), extents);
    for (AffineExpr e : map.getResults())
      if (auto dim = dyn_cast<AffineDimExpr>(e))
        known[dim.getPosition()] = true;
  }
  SmallVector<int64_t> shape;
  for (auto [i, e] : llvm::enumerate(outputMap.getResults())) {
    auto dim = dyn_cast<AffineDimExpr>(e);
    if (!dim || !known[dim.getPosition()]) {
      unknownIndex = i;
      return failure();
    }
    shape.push_back(extents[dim.getPosition()]);
  }
  // The widest operand type (the first of equals): mixing f32 with bf16
  // operands computes in f32.
  Type elementType = inputTypes.front().getElementType();
  for (RankedTensorType type : inputTypes)
    if (type.getElementTypeBitWidth() > elementType.getIntOrFloatBitWidth())
      elementType = type.getElementType();
  return RankedTensorType::get(shape, elementType);
}

bool edge::isRankExpression(AffineExpr expr) {
  bool valid = true;
  expr.walk([&](AffineExpr e) {
    auto bin = dyn_cast<AffineBinaryOpExpr>(e);
    if (!bin)
      return;
    switch (e.getKind()) {
    case AffineExprKind::Add:
      return;
    case AffineExprKind::Mul:
      valid &= isa<AffineConstantExpr>(bin.getLHS()) ||
               isa<AffineConstantExpr>(bin.getRHS());
      return;
    case AffineExprKind::FloorDiv:
    case AffineExprKind::Mod:
      valid &= isa<AffineConstantExpr>(bin.getRHS());
      return;
    default:
      valid = false;
    }
  });
  return valid;
}

std::optional<int64_t> edge::getDivisor(AffineExpr expr) {
  if (expr.getKind() != AffineExprKind::FloorDiv &&
      expr.getKind() != AffineExprKind::Mod)
    return std::nullopt;
  if (auto cst = dyn_cast<AffineConstantExpr>(
          cast<AffineBinaryOpExpr>(expr).getRHS()))
    return cst.getValue();
  return std::nullopt;
}

std::optional<std::pair<int64_t, int64_t>>
edge::getRangeOnBox(AffineExpr expr, unsigned numDims, ArrayRef<int64_t> lo,
                    ArrayRef<int64_t> hi) {
  std::optional<QuasiLinearForm> form =
      getQuasiLinearForm(expr, numDims, lo.size() - numDims);
  if (!form)
    return std::nullopt;
  std::optional<std::pair<int64_t, int64_t>> range =
      getRangeOnBox(form->coeffs, lo, hi);
  for (auto [scale, division] : form->divisions) {
    if (!range)
      return std::nullopt;
    // The dividend's range, then the quotient's or remainder's: exact for
    // one division of a linear form; a sum of terms that share variables
    // gets an interval that contains the true range.
    int64_t divisor = *getDivisor(division);
    std::optional<std::pair<int64_t, int64_t>> dividend =
        getRangeOnBox(division.getLHS(), numDims, lo, hi);
    if (!dividend || divisor <= 0)
      return std::nullopt;
    auto [low, high] = *dividend;
    int64_t lowQuotient = llvm::divideFloorSigned(low, divisor);
    int64_t highQuotient = llvm::divideFloorSigned(high, divisor);
    std::pair<int64_t, int64_t> term = {lowQuotient, highQuotient};
    if (division.getKind() == AffineExprKind::Mod)
      term = lowQuotient == highQuotient
                 ? std::make_pair(low - lowQuotient * divisor,
                                  high - highQuotient * divisor)
                 : std::make_pair(int64_t(0), divisor - 1);
    std::optional<int64_t> a = llvm::checkedMul(scale, term.first);
    std::optional<int64_t> b = llvm::checkedMul(scale, term.second);
    if (!a || !b)
      return std::nullopt;
    std::optional<int64_t> newMin =
        llvm::checkedAdd(range->first, std::min(*a, *b));
    std::optional<int64_t> newMax =
        llvm::checkedAdd(range->second, std::max(*a, *b));
    if (!newMin || !newMax)
      return std::nullopt;
    range = {*newMin, *newMax};
  }
  return range;
}

void edge::printRankExpr(llvm::raw_ostream &os, AffineExpr expr,
                         ArrayRef<StringRef> dimNames,
                         ArrayRef<StringRef> symbolNames) {
  std::optional<QuasiLinearForm> form =
      getQuasiLinearForm(expr, dimNames.size(), symbolNames.size());
  if (!form) {
    // The parser builds rank expressions only; fall back to MLIR's syntax
    // for anything else (the verifier rejects it) so that nothing is lost.
    os << expr;
    return;
  }
  ArrayRef<int64_t> coeffs = form->coeffs;
  bool first = true;
  // Prints `coeff * term` as a summand; `printTerm` prints the term and
  // `atomic` says whether it needs no parentheses next to a sign or `*`.
  auto printSummand = [&](int64_t coeff, bool atomic,
                          llvm::function_ref<void()> printTerm) {
    if (coeff == 0)
      return;
    if (first) {
      if (coeff < 0)
        os << "-";
    } else {
      os << (coeff < 0 ? " - " : " + ");
    }
    bool leadingMinus = first && coeff < 0;
    first = false;
    int64_t magnitude = coeff < 0 ? -coeff : coeff;
    bool parenthesize = !atomic && (magnitude != 1 || leadingMinus);
    if (parenthesize)
      os << "(";
    printTerm();
    if (parenthesize)
      os << ")";
    if (magnitude != 1)
      os << "*" << magnitude;
  };
  auto printName = [&](int64_t coeff, StringRef name) {
    printSummand(coeff, /*atomic=*/true, [&] { os << name; });
  };
  for (auto [i, name] : llvm::enumerate(dimNames))
    printName(coeffs[i], name);
  for (auto [i, name] : llvm::enumerate(symbolNames))
    printName(coeffs[dimNames.size() + i], name);
  // `h floordiv 2`, `(m1*64 + m0) mod 8`: floordiv and mod bind tighter
  // than + and -, like *.
  for (auto [scale, division] : form->divisions)
    printSummand(scale, /*atomic=*/false, [&, division = division] {
      AffineExpr dividend = division.getLHS();
      bool bare = isa<AffineDimExpr, AffineSymbolExpr>(dividend);
      if (!bare)
        os << "(";
      printRankExpr(os, dividend, dimNames, symbolNames);
      if (!bare)
        os << ")";
      os << (division.getKind() == AffineExprKind::Mod ? " mod " : " floordiv ")
         << *getDivisor(division);
    });
  int64_t constant = coeffs.back();
  if (constant != 0) {
    if (first)
      os << constant;
    else
      os << (constant < 0 ? " - " : " + ")
         << (constant < 0 ? -constant : constant);
    first = false;
  }
  if (first)
    os << "0";
}

void edge::printRankConstraint(llvm::raw_ostream &os, AffineExpr expr,
                               bool isEquality, ArrayRef<StringRef> dimNames,
                               ArrayRef<StringRef> symbolNames) {
  std::optional<QuasiLinearForm> form =
      getQuasiLinearForm(expr, dimNames.size(), symbolNames.size());
  if (!form) {
    printRankExpr(os, expr, dimNames, symbolNames);
    os << (isEquality ? " == 0" : " >= 0");
    return;
  }
  SmallVector<int64_t> &coeffs = form->coeffs;
  if (isEquality) {
    auto firstNonZero = llvm::find_if(coeffs, [](int64_t c) { return c != 0; });
    bool negative = firstNonZero != coeffs.end()
                        ? *firstNonZero < 0
                        : !form->divisions.empty() &&
                              form->divisions.front().first < 0;
    if (negative) {
      for (int64_t &c : coeffs)
        c = -c;
      for (auto &division : form->divisions)
        division.first = -division.first;
    }
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
  for (auto [scale, division] : form->divisions) {
    if (scale < 0)
      lhs = lhs + division * -scale;
    else
      rhs = rhs + division * scale;
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
