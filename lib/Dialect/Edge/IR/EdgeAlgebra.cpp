//===- EdgeAlgebra.cpp - algebra of compute and merge operators ------------===//
//
// This file implements the facts about compute and merge operators that the
// verifier, the rewrites and the lowering share: merge truth tables,
// associativity, commutativity and reduction identities.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/IR/AffineExpr.h"
#include "llvm/ADT/SmallString.h"
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

std::optional<SmallVector<int64_t>>
edge::getLinearCoefficients(AffineExpr expr, unsigned numDims,
                            unsigned numSymbols) {
  SmallVector<int64_t> coeffs(numDims + numSymbols + 1, 0);
  // Accumulates `scale * expr` into coeffs; fails on non-linear terms.
  std::function<bool(AffineExpr, int64_t)> accumulate =
      [&](AffineExpr e, int64_t scale) -> bool {
    if (auto dim = dyn_cast<AffineDimExpr>(e)) {
      coeffs[dim.getPosition()] += scale;
      return true;
    }
    if (auto sym = dyn_cast<AffineSymbolExpr>(e)) {
      coeffs[numDims + sym.getPosition()] += scale;
      return true;
    }
    if (auto cst = dyn_cast<AffineConstantExpr>(e)) {
      coeffs.back() += scale * cst.getValue();
      return true;
    }
    auto bin = cast<AffineBinaryOpExpr>(e);
    if (e.getKind() == AffineExprKind::Add)
      return accumulate(bin.getLHS(), scale) && accumulate(bin.getRHS(), scale);
    if (e.getKind() == AffineExprKind::Mul) {
      if (auto cst = dyn_cast<AffineConstantExpr>(bin.getRHS()))
        return accumulate(bin.getLHS(), scale * cst.getValue());
      if (auto cst = dyn_cast<AffineConstantExpr>(bin.getLHS()))
        return accumulate(bin.getRHS(), scale * cst.getValue());
    }
    return false; // mod, floordiv, ceildiv, or a product of variables
  };
  if (!accumulate(expr, 1))
    return std::nullopt;
  return coeffs;
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
