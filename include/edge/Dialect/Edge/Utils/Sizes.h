//===- Sizes.h - run-time sizes of a cascade -------------------*- C++ -*-===//
//
// A dynamic dimension (`?`) of a cascade value has an extent known at run
// time only. Every one is an expression of the cascade's *sizes*: the
// extents of its dynamic input dimensions, named by `sizes(M = K[1])` or,
// for an unnamed one, after the rank that indexes it (M for rank m). Input
// dimensions that an einsum indexes by the same rank are one size. A split
// makes ceildiv(M, tile) tiles of it; the analysis, the rewrites and the
// lowering all read extents from here.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_UTILS_SIZES_H
#define EDGE_DIALECT_EDGE_UTILS_SIZES_H

#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace edge {

class CascadeSizes {
public:
  /// With `unify` false, each dynamic input dimension is a size of its own,
  /// named only if `sizes(...)` names it (an empty name otherwise): a cheap
  /// view for clients that need the declared names only (the presence
  /// analysis, whose constraints name sizes as filters do).
  explicit CascadeSizes(CascadeOp cascade, bool unify = true);

  /// The names of the sizes; symbol i of an extent is size i.
  llvm::ArrayRef<std::string> getNames() const { return names; }
  /// The input dimension whose extent size `symbol` is.
  InputDim getInputDim(unsigned symbol) const { return inputDims[symbol]; }
  /// The size symbol of input dimension `dim` (which must be dynamic).
  std::optional<unsigned> getSymbol(InputDim dim) const;

  /// The extent of dimension `dim` of `value`: a constant, or an expression
  /// of the size symbols (ceildiv for the tiles of a split); null when it
  /// cannot be traced to the inputs.
  mlir::AffineExpr getExtent(mlir::Value value, unsigned dim);
  /// The extent of every iteration rank of `op` (null when unknown).
  llvm::SmallVector<mlir::AffineExpr> getRankExtents(EinsumOp op);
  /// The trip count of `op`: its stop, or the extent of its slices.
  mlir::AffineExpr getTripCount(IterateOp op);

  /// The size that rank `rank` has in the einsums of the cascade's body,
  /// if it is a run-time size.
  std::optional<unsigned> getRankSize(llvm::StringRef rank);

  /// Names size `symbol` in the cascade's `sizes(...)` if it is not named
  /// there yet (a filter is about to refer to it), and returns its name.
  llvm::StringRef declare(unsigned symbol);

  /// The value of `extent` for given sizes (one per symbol).
  static int64_t evaluate(mlir::AffineExpr extent,
                          llvm::ArrayRef<int64_t> sizes);
  /// `extent` as text over the size names (`ceildiv(M, 64)`).
  std::string print(mlir::AffineExpr extent) const;

private:
  mlir::AffineExpr computeExtent(mlir::Value value, unsigned dim);

  CascadeOp cascade;
  mlir::MLIRContext *ctx;
  llvm::SmallVector<std::string> names;
  llvm::SmallVector<InputDim> inputDims;
  llvm::DenseMap<std::pair<unsigned, unsigned>, unsigned> symbolOf;
  llvm::DenseMap<std::pair<mlir::Value, unsigned>, mlir::AffineExpr> cache;
};

/// Names the run-time size of rank `rank` in the cascade's `sizes(...)`
/// (the rewrites that split the rank are about to write filters naming it)
/// and returns the name; none when the rank has a static extent.
std::optional<std::string> declareRankSize(CascadeOp cascade,
                                           llvm::StringRef rank);

/// Whether `cascade` has a dynamic dimension anywhere (inputs, outputs,
/// intermediates) or an iteration stopping at a run-time extent.
bool hasDynamicSizes(CascadeOp cascade);

/// A copy of `cascade` (not inserted anywhere) with every size fixed to
/// `sizes` (one per symbol of CascadeSizes): dynamic dimensions, `until r
/// >= ?` and the sizes that filters name become the constants they are.
/// Emits an error at the op and fails when an extent cannot be traced to
/// the inputs, or a size is not positive.
mlir::FailureOr<mlir::OwningOpRef<CascadeOp>>
specializeSizes(CascadeOp cascade, llvm::ArrayRef<int64_t> sizes);

/// specializeSizes, with the copy put in place of `cascade` (which is
/// erased): the copy, or failure with `cascade` left as it was.
mlir::FailureOr<CascadeOp> replaceBySpecializedSizes(CascadeOp cascade,
                                                     llvm::ArrayRef<int64_t> sizes);

/// Parses `M=1000,P=64` into one size per symbol of `sizes`; an unlisted
/// size takes `defaultSize` (none: an error). Fails with a message in
/// `error` for an unknown name or a value that is not a positive integer.
mlir::FailureOr<llvm::SmallVector<int64_t>>
parseSizeBindings(const CascadeSizes &sizes, llvm::StringRef text,
                  std::optional<int64_t> defaultSize, std::string &error);

} // namespace edge

#endif // EDGE_DIALECT_EDGE_UTILS_SIZES_H
