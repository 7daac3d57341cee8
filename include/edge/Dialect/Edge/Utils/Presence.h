//===- Presence.h - where a tensor value is surely present -------*- C++ -*-===//
//
// Rewrites that change which points an einsum visits (rebasing an exponent,
// turning a reduction into an iteration) are exact only where the operands
// they touch are present. This analysis gives, for a tensor value, a set of
// indices where it is guaranteed to be present: a conjunction of affine
// constraints over the value's dimensions. It under-approximates presence,
// so a rewrite that checks against it is conservative.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_UTILS_PRESENCE_H
#define EDGE_DIALECT_EDGE_UTILS_PRESENCE_H

#include "edge/Dialect/Edge/Utils/EinsumSpec.h"

namespace edge {

/// Points of a tensor value where it is surely present: every point whose
/// indices satisfy `constraints` for some choice of the existential locals.
/// Dims 0 .. rank-1 of the constraints are the value's dimensions, dims
/// rank .. rank+L-1 are locals (each ranging over [0, localExtents[i])), and
/// symbols are ranks of enclosing edge.iterate ops, named in `symbols`.
/// Locals come from reductions: `max_m0 X` is present where some m0 is.
/// When `known` is false nothing is guaranteed.
struct PresenceGuarantee {
  bool known = true;
  unsigned rank = 0;
  llvm::SmallVector<EinsumConstraint> constraints;
  llvm::SmallVector<std::string> symbols;
  llvm::SmallVector<int64_t> localExtents;

  /// Present everywhere.
  bool isFull() const { return known && constraints.empty(); }
  static PresenceGuarantee unknown() {
    PresenceGuarantee g;
    g.known = false;
    return g;
  }
};

/// Computes the presence guarantee of `value` from its producers.
PresenceGuarantee getPresenceGuarantee(mlir::Value value);

/// Presence guarantees of many values of one unchanging IR, each computed
/// once: a client that asks for every einsum of a cascade (the lowering)
/// keeps one, so the whole cascade costs one walk instead of one per query.
class PresenceAnalysis {
public:
  PresenceGuarantee getGuarantee(mlir::Value value);

private:
  llvm::DenseMap<mlir::Value, PresenceGuarantee> cache;
};

/// Whether `value` is surely present at every point of its slice
/// `dim = index` (e.g. the first tile of a per-tile maximum).
bool isPresentOnSlice(mlir::Value value, unsigned dim, int64_t index);

/// Whether every point that einsum `spec` visits has operand `operandIndex`
/// present: the operand's guarantee, expressed in the einsum's iteration
/// space, must be implied by the einsum's own filter (checked syntactically).
bool isPresentWhereVisited(const EinsumSpec &spec, unsigned operandIndex);

/// How edge.split re-indexes its source: the source's dims, followed by
/// `numTrailing` further dims (e.g. locals), as expressions over the result's
/// dims: d_i before the split dim, d_dim * tile + d_dim+1 for it, d_i+1 after.
llvm::SmallVector<mlir::AffineExpr> getSplitSourceIndices(SplitOp op,
                                                          unsigned numTrailing);

/// The tail of edge.split over the result's dims (the points past the
/// source's static extent are absent: extent - 1 - (d_dim * tile + d_dim+1)
/// >= 0), or nullopt when the tile divides the extent.
std::optional<EinsumConstraint> getSplitTail(SplitOp op);

/// Whether constraint `c` (over dims then symbols) holds at every integer
/// point of the box where dim i ranges over [0, dimExtents[i]) and symbol j
/// over [0, symbolExtents[j]). False when `c` is not a rank expression or an extent is
/// dynamic or empty (nothing is claimed then).
bool holdsEverywhere(const EinsumConstraint &c,
                     llvm::ArrayRef<int64_t> dimExtents,
                     llvm::ArrayRef<int64_t> symbolExtents);

} // namespace edge

#endif // EDGE_DIALECT_EDGE_UTILS_PRESENCE_H
