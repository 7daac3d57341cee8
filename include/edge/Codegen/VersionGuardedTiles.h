//===- VersionGuardedTiles.h - run-time versions of guarded tiles -*- C++ -*-===//
//
// A linalg op whose payload is guarded by affine predicates of its indices
// (a causal filter `m <= p`, a split tail `m1*64 + m0 <= 249`) pays for the
// guard at every point, and the guard keeps contractions from being
// recognized. Over a tile, such a predicate is usually uniform: true at every
// point or at none. `versionGuardedTile` evaluates each predicate's range over
// the op's iteration box (an affine function of the indices takes its extremes
// at the box's corners) and branches at run time to a clone in which the
// predicate is folded to a constant; the guarded op runs only where the
// predicates really vary.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CODEGEN_VERSIONGUARDEDTILES_H
#define EDGE_CODEGEN_VERSIONGUARDEDTILES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"

namespace edge {

/// One predicate of a payload, `lhs <pred> rhs` with `lhs - rhs` linear in the
/// op's indices: `difference` is over the op's loops (dims) and the values
/// defined outside the op (symbols, GuardVersionPlan::symbols), e.g. the tile
/// offsets that tiling adds or the induction variable of an iteration.
struct VersionedPredicate {
  mlir::arith::CmpIOp compare;
  mlir::arith::CmpIPredicate predicate;
  mlir::AffineExpr difference;
  /// Per loop, the coefficient of its index in `difference`.
  llvm::SmallVector<int64_t> coefficients;
};

/// The predicates of one op that can be versioned (match), built by
/// `versionGuardedTile` (rewrite).
struct GuardVersionPlan {
  llvm::SmallVector<VersionedPredicate> predicates;
  llvm::SmallVector<mlir::Value> symbols;
  /// The loops some predicate depends on (the ranks to tile for versions).
  llvm::SmallVector<bool> guardedLoops;
};

/// The predicates of `op`'s payload that vary over its iteration space and
/// are linear in its indices (static loop ranges, tensor semantics); failure
/// when there is none.
llvm::FailureOr<GuardVersionPlan> planGuardVersions(mlir::linalg::LinalgOp op);

/// The ops that run in the branches `versionGuardedTile` built: the guarded
/// op itself, and the clones where predicates are folded (a clone that
/// became the identity of its outputs is not created, its branch yields the
/// inits).
struct VersionedTile {
  mlir::linalg::LinalgOp guarded;
  llvm::SmallVector<mlir::linalg::LinalgOp> unguarded;
};

/// Wraps `op` in `scf.if`s on the ranges of `plan`'s predicates over its
/// iteration box:
///   every predicate true at every point -> a clone with all of them true;
///   else, predicate i false at every point -> a clone with it false;
///   else -> `op` (guarded).
/// Exact for any predicate the plan holds: a predicate is only folded where
/// its range proves the constant.
VersionedTile versionGuardedTile(mlir::RewriterBase &rewriter,
                                 mlir::linalg::LinalgOp op,
                                 const GuardVersionPlan &plan);

/// Evaluates `plan`'s predicates once per point of the ranks they depend on,
/// into byte tensors (0 or 1) computed right before `op` (in the op's
/// coordinates), and rewrites `op` to read them as inputs instead of
/// computing the predicates from its indices at every point. For the
/// guarded tiles that versioning leaves: a guard over (m0, p) is then read
/// as a vector along p, not recomputed from index vectors over the whole
/// register tile at every reduction step. Returns the rewritten op.
mlir::linalg::GenericOp materializeGuards(mlir::RewriterBase &rewriter,
                                          mlir::linalg::GenericOp op,
                                          const GuardVersionPlan &plan);

/// A condition, built at the rewriter's insertion point, that holds when `op`
/// leaves its outputs unchanged over its whole iteration space: a predicate
/// of `plan` whose false-everywhere version of `op` is the identity (a
/// guarded reduction step) holds at no point of `op`. Null when no predicate
/// has that property. E.g. whether a causal QK of one key tile and one query
/// block has nothing to compute, so that its operands need not be prepared.
mlir::Value buildVisitsNothing(mlir::RewriterBase &rewriter,
                               mlir::linalg::LinalgOp op,
                               const GuardVersionPlan &plan);

/// The ops `guardAfterReduction` built.
struct GuardAfterReduction {
  /// The op with its predicate folded to true (a dense contraction).
  mlir::linalg::LinalgOp dense;
  /// The predicate as bytes over the ranks it depends on.
  mlir::linalg::LinalgOp mask;
  /// Per output, `select(predicate, dense, init)`.
  llvm::SmallVector<mlir::linalg::LinalgOp> selects;
};

/// Guards a reduction after it instead of at every step, where that is the
/// same: `op` has one predicate, which does not depend on its reduced ranks
/// (each output point accumulates all its terms or none), and `op` with the
/// predicate false everywhere leaves its outputs unchanged (a guarded
/// reduction step). Then `op` is replaced by the dense op (predicate true)
/// and, per output, a select of its result or the init by the predicate: a
/// mixed tile of a causal QK runs as a contraction plus one select per
/// output point. Failure (nothing changed) otherwise.
llvm::FailureOr<GuardAfterReduction>
guardAfterReduction(mlir::RewriterBase &rewriter, mlir::linalg::GenericOp op,
                    const GuardVersionPlan &plan);

} // namespace edge

#endif // EDGE_CODEGEN_VERSIONGUARDEDTILES_H
