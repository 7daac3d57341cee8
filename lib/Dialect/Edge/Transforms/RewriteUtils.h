//===- RewriteUtils.h - helpers shared by the edge rewrites -----*- C++ -*-===//
//
// Small helpers the rewrite passes share: names for derived tensors, and
// refusal remarks.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_LIB_DIALECT_EDGE_TRANSFORMS_REWRITEUTILS_H
#define EDGE_LIB_DIALECT_EDGE_TRANSFORMS_REWRITEUTILS_H

#include "edge/Dialect/Edge/Transforms/Explain.h"
#include "edge/Dialect/Edge/Utils/EinsumSpec.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/Twine.h"

namespace edge {

/// Names a derived tensor the way FuseMax does: if `base` starts with
/// `prefix`, the prefix becomes `replacement` (GM -> LM, SD -> SLD);
/// otherwise `fallback` is prepended. Unnamed stays unnamed.
inline std::string deriveName(llvm::StringRef base, llvm::StringRef prefix,
                              llvm::StringRef replacement,
                              llvm::StringRef fallback) {
  if (base.empty())
    return "";
  if (base.starts_with(prefix))
    return (replacement + base.drop_front(prefix.size())).str();
  return (fallback + base).str();
}

/// FuseMax's name for a numerator rebased to a local or running maximum:
/// SN (or the tiled BSN) becomes SLN.
inline std::string localNumeratorName(llvm::StringRef base) {
  if (base.starts_with("BS"))
    base = base.drop_front();
  if (base.starts_with("SL"))
    return base.str();
  return deriveName(base, "S", "SL", "L");
}

/// Emits "<pass>: <reason>" as a remark on `op` when remarks are enabled,
/// and records the refusal for an explanation (Explain.h); always returns
/// failure so that callers can `return refuse(...)`.
inline mlir::LogicalResult refuse(bool enabled, mlir::Operation *op,
                                  llvm::StringRef pass,
                                  const llvm::Twine &reason) {
  std::string text = reason.str();
  if (enabled)
    op->emitRemark() << pass << ": " << text;
  pass.consume_front("edge-");
  recordRefusal(pass, op, text);
  return mlir::failure();
}

/// The element type of a ranked tensor value.
inline mlir::Type elementTypeOf(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType()).getElementType();
}

/// Output ranks of an einsum as names, when every output expression is a
/// distinct bare rank.
std::optional<llvm::SmallVector<std::string>>
getBareOutputRanks(const EinsumSpec &spec);

/// The names of the bare ranks indexing `indices` (None for compound ones).
llvm::SmallVector<std::optional<std::string>>
getBareRankNames(const EinsumSpec &spec,
                 llvm::ArrayRef<mlir::AffineExpr> indices);

/// Re-expresses an operand of `inner` (a map-only einsum whose output ranks
/// are bare) in the iteration space of an einsum that reads `inner`'s result
/// with `outerIndices`: inlining one einsum's operand into its consumer.
EinsumOperand composeOperand(const EinsumSpec &inner,
                             const EinsumOperand &operand,
                             llvm::ArrayRef<mlir::AffineExpr> outerIndices);

/// Builds `sum`, then `map` over the sum's output reading the sum as its
/// input 0 (the deferred division or the factor taken out); both are of
/// type `type`. Returns both, the map last.
llvm::SmallVector<mlir::Operation *>
buildSumThenMap(mlir::OpBuilder &b, mlir::Location loc, const EinsumSpec &sum,
                EinsumSpec map, mlir::RankedTensorType type);

/// Replaces the bare index of rank position `rankPos` in `indices` by the
/// pair (outer, inner) of a split, returning where it was.
std::optional<unsigned>
splitBareRankIndex(llvm::SmallVectorImpl<mlir::AffineExpr> &indices,
                   unsigned rankPos, mlir::AffineExpr outer,
                   mlir::AffineExpr inner);

} // namespace edge

#endif // EDGE_LIB_DIALECT_EDGE_TRANSFORMS_REWRITEUTILS_H
