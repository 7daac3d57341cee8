//===- Rewrites.h - the identities of the one-pass algebra ------*- C++ -*-===//
//
// Each identity of ../shared/reference/one-pass-algebra.md that both drivers
// use is written once here, as `match -> plan` and `build(plan)`:
//
//   - the rewrite passes apply it through `populate...Patterns` (upstream
//     style, see mlir/Dialect/Linalg/Transforms/Transforms.h);
//   - --edge-saturate applies it to the template ops of an e-class, seeing
//     the producers of a value through an EinsumView of the e-graph.
//
// A match reads an einsum as an EinsumSpec (whose operand values belong to
// the view) and the result type of the einsum; it returns the reason for a
// refusal. A build creates the new ops at the builder's insertion point, in
// dependence order; the result of the last one has the matched einsum's value.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_TRANSFORMS_REWRITES_H
#define EDGE_DIALECT_EDGE_TRANSFORMS_REWRITES_H

#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/EinsumSpec.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

namespace edge {

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

/// The names of the two ranks that splitting `rank` introduces: `<rank>1`
/// numbers the tiles, `<rank>0` the points within a tile. Every pass,
/// pipeline and rule takes the names from here.
struct SplitRankNames {
  std::string outer, inner;
};
SplitRankNames getSplitRankNames(llvm::StringRef rank);

/// The ranks a derivation may profit along, in program order: the ranks
/// that a top-level einsum of `cascade` reduces with max (the key rank of a
/// softmax, whatever it is called). A rank that is already split counts as
/// the rank it was split from (`m1` with `m0` is `m`). Both drivers choose
/// their ranks here.
llvm::SmallVector<std::string> getDerivationRanks(CascadeOp cascade);

/// FuseMax's name for the local (per tile) part of a reduction: GM -> LM,
/// SD -> SLD, SNV -> SLNV; anything else gets an L in front.
std::string getLocalReductionName(llvm::StringRef name);

//===----------------------------------------------------------------------===//
// Views
//===----------------------------------------------------------------------===//

/// How a match sees the producers of a value: the IR knows one defining op;
/// an e-graph knows every einsum of the value's class.
class EinsumView {
public:
  virtual ~EinsumView() = default;
  /// The einsums known to compute `v`, with operands that are values of this
  /// view.
  virtual llvm::SmallVector<EinsumSpec, 1> getProducers(mlir::Value v) const = 0;
};

/// The view of plain IR: a value's defining einsum, if any.
class IRView final : public EinsumView {
public:
  llvm::SmallVector<EinsumSpec, 1> getProducers(mlir::Value v) const override;
};

//===----------------------------------------------------------------------===//
// Normal form
//===----------------------------------------------------------------------===//

/// The patterns that bring equal spellings to one form (sub + exp =
/// sub_exp; an exponent fused into a reduction is split off).
void populateNormalFormPatterns(mlir::RewritePatternSet &patterns);
/// Applies them to `cascade` (what both derivation drivers do first).
mlir::LogicalResult normalizeCascade(CascadeOp cascade);

//===----------------------------------------------------------------------===//
// D on a quotient: sum_r (N / d) x V = (sum_r N x V) / d
//===----------------------------------------------------------------------===//

/// A division deferral: the sum with the quotient's numerator in place of
/// the quotient, then the division of that sum by the divisor.
struct DeferDivisionPlan {
  /// sum_r N x V (its name derived from its factors').
  EinsumSpec sum;
  /// (.) / d over the output ranks; input 0 is filled in by the build.
  EinsumSpec quotient;
  /// The quotient value the sum read.
  mlir::Value quotientValue;
  mlir::RankedTensorType type;
};

/// Matches D on the sum `reduction` (of type `type`).
mlir::FailureOr<DeferDivisionPlan>
matchDeferDivision(const EinsumSpec &reduction, mlir::RankedTensorType type,
                   const EinsumView &view, std::string &reason);
/// Builds the sum and the quotient; returns the ops built, quotient last.
llvm::SmallVector<mlir::Operation *>
buildDeferDivision(mlir::OpBuilder &b, mlir::Location loc,
                   const DeferDivisionPlan &plan);
/// Division deferral as a rewrite pattern; a quotient with other users is
/// left alone (the rewrite would compute it twice).
void populateDeferDivisionPatterns(mlir::RewritePatternSet &patterns);

//===----------------------------------------------------------------------===//
// S on one reduction: (+)_{outer, inner} X = (+)_outer ((+)_inner X)
//===----------------------------------------------------------------------===//

/// A split reduction: the local fold over `inner` (keeping `outer` as its
/// first output rank) and the global fold over `outer`.
struct SplitReductionPlan {
  /// The local fold, and its result type.
  EinsumSpec local;
  mlir::RankedTensorType localType;
  /// The global fold; input 0 is filled in by the build.
  EinsumSpec global;
  mlir::RankedTensorType type;
};

/// Matches S on the reduction `spec` over both `outer` and `inner`.
mlir::FailureOr<SplitReductionPlan>
matchSplitReduction(const EinsumSpec &spec, mlir::RankedTensorType type,
                    llvm::StringRef outer, llvm::StringRef inner,
                    std::string &reason);
/// Builds the local and the global fold; returns them, global last.
llvm::SmallVector<mlir::Operation *>
buildSplitReduction(mlir::OpBuilder &b, mlir::Location loc,
                    const SplitReductionPlan &plan);
/// Splits every reduction over both `outer` and `inner`.
void populateSplitReductionPatterns(mlir::RewritePatternSet &patterns,
                                    llvm::StringRef outer,
                                    llvm::StringRef inner);

//===----------------------------------------------------------------------===//
// O + I: a global maximum and the sums that wait for it = one edge.iterate
//===----------------------------------------------------------------------===//

/// A validated online rebase of one global maximum `G = max_r L[r]` and its
/// sums into an iteration over r.
struct ReduceToIteratePlan {
  EinsumOp global;
  llvm::SmallVector<EinsumOp> targets;
  /// Every einsum that moves into the iteration (producers, rebasable
  /// chains, G and the targets), in program order.
  llvm::SmallVector<EinsumOp> members;
  /// r-indexed inputs from outside the iteration: (value, dimension).
  llvm::SmallVector<std::pair<mlir::Value, unsigned>> slices;
  /// Rescaled chain ops that readers outside the chain need: they are
  /// computed again after the iteration from the final maximum.
  llvm::SetVector<mlir::Operation *> recomputed;
  int64_t tripCount = 0;
};

/// Matches O + I on `global` (a max over `rank` alone) in plain IR: the
/// chains are followed through the users of the values. With `recompute`,
/// readers outside the chain read the rescaled values again after the
/// iteration instead of refusing.
mlir::FailureOr<ReduceToIteratePlan>
matchReduceToIterate(EinsumOp global, llvm::StringRef rank, bool recompute,
                     std::string &reason);
/// Builds the iteration in place of the plan's members; returns it.
IterateOp buildReduceToIterate(ReduceToIteratePlan plan,
                               llvm::StringRef rank);

} // namespace edge

#endif // EDGE_DIALECT_EDGE_TRANSFORMS_REWRITES_H
