//===- EinsumSpec.h - editable description of an einsum ---------*- C++ -*-===//
//
// An EinsumSpec is an einsum taken apart: named ranks, operands with rank
// expressions, actions. Rewrites read an op into a spec, edit ranks and
// operands by name, and build a new op from it, instead of juggling affine
// maps and attribute lists by hand.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_UTILS_EINSUMSPEC_H
#define EDGE_DIALECT_EDGE_UTILS_EINSUMSPEC_H

#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include <string>

namespace edge {

/// The names of the two ranks that splitting `rank` introduces: `<rank>1`
/// numbers the tiles, `<rank>0` the points within a tile. Every pass,
/// pipeline, rule and the analysis take the names from here.
struct SplitRankNames {
  std::string outer, inner;
};
SplitRankNames getSplitRankNames(llvm::StringRef rank);
/// The rank that `outer` and `inner` are the split of, if they are named as
/// getSplitRankNames names them.
std::optional<std::string> getSplitRankOrigin(llvm::StringRef outer,
                                              llvm::StringRef inner);

/// One operand of an einsum: a value and one rank expression per dimension.
/// Expressions use dims for iteration ranks and symbols for ranks of
/// enclosing iterations, in the order of EinsumSpec::ranks / symbols.
struct EinsumOperand {
  mlir::Value value;
  llvm::SmallVector<mlir::AffineExpr> indices;
};

/// One filter constraint: `expr >= 0`, or `expr == 0` when isEquality.
struct EinsumConstraint {
  mlir::AffineExpr expr;
  bool isEquality = false;
};

/// An editable einsum.
struct EinsumSpec {
  std::string name;
  llvm::SmallVector<std::string> ranks;
  llvm::SmallVector<std::string> symbols;
  llvm::SmallVector<EinsumOperand> inputs;
  llvm::SmallVector<mlir::AffineExpr> output;
  std::optional<ComputeKind> mapCompute;
  std::optional<MergeKind> mapMerge;
  llvm::SmallVector<UnaryKind> unary;
  llvm::SmallVector<EinsumConstraint> filter;
  llvm::SmallVector<std::string> reduceRanks;
  std::optional<ComputeKind> reduceCompute;
  std::optional<MergeKind> reduceMerge;
  std::optional<llvm::APFloat> empty;
  /// Scalar constant operands: (position in the map fold, value). The fold
  /// is `inputs` with these inserted; rewrites that reorder or replace
  /// inputs must refuse einsums that have any (hasConstants).
  llvm::SmallVector<std::pair<unsigned, llvm::APFloat>> constants;

  /// Whether the map fold has scalar constant operands.
  bool hasConstants() const { return !constants.empty(); }

  /// Reads an existing op.
  static EinsumSpec fromOp(EinsumOp op);

  /// Position of a rank / symbol by name.
  std::optional<unsigned> findRank(llvm::StringRef rank) const;
  std::optional<unsigned> findSymbol(llvm::StringRef symbol) const;
  /// The dim expression of an iteration rank (asserts it exists).
  mlir::AffineExpr rankExpr(llvm::StringRef rank, mlir::MLIRContext *ctx) const;

  /// Appends an iteration rank and returns its dim expression.
  mlir::AffineExpr addRank(llvm::StringRef rank, mlir::MLIRContext *ctx);
  /// Replaces every use of iteration rank `rank` by `replacement` (which may
  /// use other ranks) and removes `rank` from the iteration space.
  void substituteRank(llvm::StringRef rank, mlir::AffineExpr replacement);
  /// Turns iteration rank `rank` into a symbol (a rank fixed by an enclosing
  /// edge.iterate); the rank must no longer index any operand or the output.
  void rankToSymbol(llvm::StringRef rank, mlir::MLIRContext *ctx);
  /// Whether iteration rank `rank` is used by an operand, the output or the
  /// filter.
  bool usesRank(llvm::StringRef rank) const;
  /// Whether operand `i` or the output (i == inputs.size()) depends on rank.
  bool indexUsesRank(llvm::ArrayRef<mlir::AffineExpr> indices,
                     llvm::StringRef rank) const;
  /// Whether `rank` is reduced.
  bool isReduced(llvm::StringRef rank) const;

  /// Builds the op before `builder`'s insertion point. The result shape is
  /// `resultShape` if given, else the extents of the bare output ranks (every
  /// output expression must then be a bare rank with a known extent).
  EinsumOp build(mlir::OpBuilder &builder, mlir::Location loc,
                 mlir::Type elementType,
                 std::optional<llvm::ArrayRef<int64_t>> resultShape = {}) const;

  /// Extent of every iteration rank, from bare occurrences in the operands
  /// (ShapedType::kDynamic when unknown).
  llvm::SmallVector<int64_t> rankExtents() const;
};

} // namespace edge

#endif // EDGE_DIALECT_EDGE_UTILS_EINSUMSPEC_H
