//===- EdgeOps.h - edge dialect operations ----------------------*- C++ -*-===//
//
// Operations, enums and attributes of the edge dialect, and the small algebra
// of compute and merge operators that verifiers and rewrites share.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_IR_EDGEOPS_H
#define EDGE_DIALECT_EDGE_IR_EDGEOPS_H

#include "edge/Dialect/Edge/IR/EdgeDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/IntegerSet.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/APFloat.h"

#include "edge/Dialect/Edge/IR/EdgeEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "edge/Dialect/Edge/IR/EdgeAttrs.h.inc"

namespace edge {
/// One operand of an einsum's map fold: tensor input number `input`, or,
/// when `constant` is set, a scalar constant (present everywhere).
struct FoldOperand {
  unsigned input = 0;
  std::optional<llvm::APFloat> constant;
};

/// A dimension of a cascade input: the one whose run-time extent a named
/// size (`sizes(M = K[1])`) is.
struct InputDim {
  unsigned input = 0;
  unsigned dim = 0;
  bool operator==(const InputDim &other) const {
    return input == other.input && dim == other.dim;
  }
};
} // namespace edge

#define GET_OP_CLASSES
#include "edge/Dialect/Edge/IR/EdgeOps.h.inc"

namespace edge {

/// Whether a merge operator visits a point, given which operands are present.
bool mergeVisits(MergeKind merge, bool leftPresent, bool rightPresent);

/// Whether `kind` is associative, so that it may fold a rank (reduce action).
bool isAssociative(ComputeKind kind);

/// The identity of `kind` as a reduction over `semantics`: 0 for add, 1 for
/// mul, -inf for max, +inf for min. None when the operator has no identity
/// that a reduction could start from (sub, div, take_left, ...).
std::optional<llvm::APFloat> getReduceIdentity(ComputeKind kind,
                                               const llvm::fltSemantics &sem);

/// The largest extent of a tensor dimension or of an iteration, the largest
/// number of elements of a tensor, and the largest magnitude of an integer
/// in a rank expression or filter (2^40, docs/Limits.md): byte sizes and
/// offsets built from them stay far from 2^63.
constexpr int64_t kMaxElements = int64_t(1) << 40;

/// The number of elements of a static `shape`; none when it exceeds
/// kMaxElements (or a dimension is dynamic or negative).
std::optional<int64_t> getBoundedElementCount(llvm::ArrayRef<int64_t> shape);

/// Whether `name` can name an input, output or rank in the custom syntax: a
/// bare identifier (letter or `_`, then letters, digits, `_`, `$`, `.`), so
/// that every printed module parses again.
bool isPrintableName(llvm::StringRef name);

/// The value of a rank expression (or an extent of run-time sizes) with dim
/// i at `dims[i]` and symbol j at `symbols[j]`; floordiv, ceildiv and mod
/// round towards minus infinity as affine maps do.
int64_t evaluateAffineExpr(mlir::AffineExpr expr, llvm::ArrayRef<int64_t> dims,
                           llvm::ArrayRef<int64_t> symbols);

/// The coefficients of a linear affine expression: one per dim, one per
/// symbol, then the constant. None for non-linear expressions and when a
/// coefficient does not fit in 64 bits.
std::optional<llvm::SmallVector<int64_t>>
getLinearCoefficients(mlir::AffineExpr expr, unsigned numDims,
                      unsigned numSymbols);

/// The least and greatest value of the linear form `coeffs` (one coefficient
/// per variable, then the constant) where variable i ranges over
/// [lo[i], hi[i]]; none when a value on the way does not fit in 64 bits.
std::optional<std::pair<int64_t, int64_t>>
getRangeOnBox(llvm::ArrayRef<int64_t> coeffs, llvm::ArrayRef<int64_t> lo,
              llvm::ArrayRef<int64_t> hi);

/// Records in `extents` (one per rank, ShapedType::kDynamic while unknown)
/// the extent of every rank that `indices` index barely in a tensor of
/// `shape`: how an einsum learns its ranks' extents.
void collectBareRankExtents(llvm::ArrayRef<mlir::AffineExpr> indices,
                            llvm::ArrayRef<int64_t> shape,
                            llvm::MutableArrayRef<int64_t> extents);

/// The result type of an einsum whose type is not written: one dimension
/// per output index, of the extent that the tensor operands give that rank,
/// and the widest of the operands' element types (the first of equally wide
/// ones; `inputTypes` is not empty). Fails with
/// `unknownIndex` set to the first output index that is not a rank indexed
/// barely by an operand.
mlir::FailureOr<mlir::RankedTensorType>
inferEinsumResultType(llvm::ArrayRef<mlir::AffineMap> inputMaps,
                      llvm::ArrayRef<mlir::RankedTensorType> inputTypes,
                      mlir::AffineMap outputMap, unsigned &unknownIndex);

/// Whether `expr` has the shape of a rank expression: dims, symbols and
/// integers combined by +, by * with an integer, and by floordiv and mod by
/// an integer (whose sign the verifier checks).
bool isRankExpression(mlir::AffineExpr expr);

/// The divisor of a floordiv or mod expression by a constant.
std::optional<int64_t> getDivisor(mlir::AffineExpr expr);

/// The least and greatest value of rank expression `expr` (a linear sum of
/// dims, symbols and constants, and floordiv and mod of such by constants)
/// where variable i (the `numDims` dims, then the symbols) ranges over
/// [lo[i], hi[i]]. Exact for a linear form and for one division of one;
/// otherwise an interval that contains every value. None for other
/// expressions, divisors that are not positive, and values past 64 bits.
std::optional<std::pair<int64_t, int64_t>>
getRangeOnBox(mlir::AffineExpr expr, unsigned numDims,
              llvm::ArrayRef<int64_t> lo, llvm::ArrayRef<int64_t> hi);

/// Prints a rank expression over named ranks (`m1*64 + m0`,
/// `h floordiv 2`).
void printRankExpr(llvm::raw_ostream &os, mlir::AffineExpr expr,
                   llvm::ArrayRef<llvm::StringRef> dimNames,
                   llvm::ArrayRef<llvm::StringRef> symbolNames);

/// Prints a filter constraint `expr >= 0` (or `== 0`) as `lhs <= rhs` (or
/// `lhs == rhs`), moving negative terms to the left so that `p - m >= 0`
/// reads `m <= p`; an equality's sign is fixed so that the printed form does
/// not depend on how it was written.
void printRankConstraint(llvm::raw_ostream &os, mlir::AffineExpr expr,
                         bool isEquality,
                         llvm::ArrayRef<llvm::StringRef> dimNames,
                         llvm::ArrayRef<llvm::StringRef> symbolNames);

/// Formats a float as the assembly writes it: `0.0`, `-inf`, `inf`, `nan`,
/// or a decimal literal that lexes as a float.
std::string formatFloat(const llvm::APFloat &value);

} // namespace edge

#endif // EDGE_DIALECT_EDGE_IR_EDGEOPS_H
