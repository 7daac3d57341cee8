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
#include "edge/Dialect/Edge/Transforms/Explain.h"
#include "edge/Dialect/Edge/Utils/EinsumSpec.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

#include <functional>

namespace edge {

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

/// The ranks a derivation may profit along, in program order: the ranks
/// that a top-level einsum of `cascade` reduces with max (the key rank of a
/// softmax, whatever it is called). A rank that is already split counts as
/// the rank it was split from (`m1` with `m0` is `m`). Both drivers choose
/// their ranks here.
llvm::SmallVector<std::string> getDerivationRanks(CascadeOp cascade);

/// The ranks that top-level einsums of `cascade` reduce, in program order.
/// A named rank outside this list gets a warning from the drivers.
llvm::SmallVector<std::string> getReducedRanks(CascadeOp cascade);

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
  /// view. Einsums with scalar constant operands are left out: the
  /// identities read a producer's operand list as its whole map fold.
  virtual llvm::SmallVector<EinsumSpec, 1> getProducers(mlir::Value v) const = 0;
};

/// The view of plain IR: a value's defining einsum, if any.
class IRView final : public EinsumView {
public:
  llvm::SmallVector<EinsumSpec, 1> getProducers(mlir::Value v) const override;
};

//===----------------------------------------------------------------------===//
// Identities as rewrite patterns
//===----------------------------------------------------------------------===//

/// The rewrite pattern of an identity: `match` reads the einsum in the IR
/// (an IRView), `build` creates the equal term in its place, and the last op
/// built replaces the einsum.
template <typename Plan>
class IdentityPattern : public mlir::OpRewritePattern<EinsumOp> {
public:
  using MatchFn =
      std::function<mlir::FailureOr<Plan>(EinsumOp, std::string &reason)>;
  using BuildFn = std::function<llvm::SmallVector<mlir::Operation *>(
      mlir::OpBuilder &, mlir::Location, const Plan &)>;

  /// `rule` names the identity in explanations (Explain.h).
  IdentityPattern(mlir::MLIRContext *ctx, llvm::StringRef rule, MatchFn match,
                  BuildFn build)
      : OpRewritePattern(ctx), rule(rule.str()), match(std::move(match)),
        build(std::move(build)) {}

  mlir::LogicalResult
  matchAndRewrite(EinsumOp op, mlir::PatternRewriter &rewriter) const override {
    std::string reason;
    mlir::FailureOr<Plan> plan = match(op, reason);
    if (mlir::failed(plan))
      return rewriter.notifyMatchFailure(op, reason);
    recordIdentityStep(rule, {op.getOperation()}, [&] {
      rewriter.setInsertionPoint(op);
      llvm::SmallVector<mlir::Operation *> built =
          build(rewriter, op.getLoc(), *plan);
      rewriter.replaceOp(op, built.back()->getResults());
    });
    return mlir::success();
  }

private:
  std::string rule;
  MatchFn match;
  BuildFn build;
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
// S on one einsum: an einsum over rank r = the same einsum over r1 x r0 on
// split operands, with r = r1*tile + r0 (filtered to r < extent on a tail)
//===----------------------------------------------------------------------===//

/// A split of one einsum along a rank.
struct SplitRankPlan {
  /// The einsum over (outer, inner); the inputs listed in `splitDims` still
  /// read the unsplit values, which the build replaces by their splits.
  EinsumSpec spec;
  /// Per input: the dimension of its value that the rank indexes (split
  /// there by the build), or none.
  llvm::SmallVector<std::optional<unsigned>> splitDims;
  /// The dimension of the result that the rank indexes, if it keeps it: the
  /// result is produced split there (dims outDim, outDim + 1).
  std::optional<unsigned> outDim;
  mlir::RankedTensorType type;
  int64_t tile = 0, extent = 0;
};

/// Matches S on `spec` (of type `type`) along `rank`, into the ranks
/// `outer` x `inner` of tile `tile`. The rank must occur only as a bare
/// index, at most once per operand. Its extent is static, or the run-time
/// size named `extentSize` (CascadeSizes): the tail filter then bounds the
/// points by that size.
mlir::FailureOr<SplitRankPlan>
matchSplitRank(const EinsumSpec &spec, mlir::RankedTensorType type,
               llvm::StringRef rank, int64_t tile, llvm::StringRef outer,
               llvm::StringRef inner, std::string &reason,
               llvm::StringRef extentSize = {});
/// The split of `value` along `dim` by `tile` (an edge.split; tails are
/// absent).
SplitOp buildSplit(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                   unsigned dim, int64_t tile);
/// Builds the split einsum; `splitOperand(value, dim)` gives the split of an
/// input (built with buildSplit, or one that exists). The result is split
/// at plan.outDim, if any.
EinsumOp buildSplitRank(
    mlir::OpBuilder &b, mlir::Location loc, const SplitRankPlan &plan,
    llvm::function_ref<mlir::Value(mlir::Value, unsigned)> splitOperand);

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
// X: e^(X - G) = e^(X - L) x e^(L - G), L and G the local and global maxima
//===----------------------------------------------------------------------===//

/// An exponent rebase: the exponent against the local maximum, the per-tile
/// correction factor, and their product, which equals the exponent.
struct ExpRebasePlan {
  /// SLN = e^(X - L), over the exponent's points (and of its type).
  EinsumSpec local;
  /// PRM = e^(L - G), over L's ranks (of type factorType).
  EinsumSpec factor;
  mlir::RankedTensorType factorType;
  /// SN = SLN x PRM over the exponent's ranks; the values of its inputs are
  /// filled in by the build.
  EinsumSpec product;
  mlir::RankedTensorType type;
};

/// Matches X on the exponent `exponent` (a map sub_exp(X, G) over `outer`
/// and `inner`, with G = max_outer L and L = max_inner X over the same
/// points).
mlir::FailureOr<ExpRebasePlan>
matchExpRebase(const EinsumSpec &exponent, mlir::RankedTensorType type,
               const EinsumView &view, llvm::StringRef outer,
               llvm::StringRef inner, std::string &reason);
/// Builds SLN, PRM and the product; returns them, the product last.
llvm::SmallVector<mlir::Operation *>
buildExpRebase(mlir::OpBuilder &b, mlir::Location loc,
               const ExpRebasePlan &plan);
/// X as a rewrite pattern, with the D steps that take the correction factor
/// out of the sums over `inner` (populateFactorOutPatterns) and into the
/// sums over `outer` (populateProductFusionPatterns): FuseMax's 2-pass form.
void populateExpRebasePatterns(mlir::RewritePatternSet &patterns,
                               llvm::StringRef outer, llvm::StringRef inner);

//===----------------------------------------------------------------------===//
// D on a product: sum_r (Y x c) = (sum_r Y) x c when c does not depend on r
//===----------------------------------------------------------------------===//

/// A factor taken out of a sum.
struct FactorOutPlan {
  /// sum_r of the other factors, keeping the sum's name.
  EinsumSpec sum;
  /// (.) x c over the sum's output ranks; input 0 is filled in by the build.
  EinsumSpec product;
  mlir::RankedTensorType type;
};

/// Matches D on the sum `sum`: a factor c of its product, or of the product
/// that computes one of its operands (seen through `view`), that no reduced
/// rank indexes.
mlir::FailureOr<FactorOutPlan> matchFactorOut(const EinsumSpec &sum,
                                              mlir::RankedTensorType type,
                                              const EinsumView &view,
                                              std::string &reason);
/// Builds the sum and the product; returns them, the product last.
llvm::SmallVector<mlir::Operation *>
buildFactorOut(mlir::OpBuilder &b, mlir::Location loc,
               const FactorOutPlan &plan);
void populateFactorOutPatterns(mlir::RewritePatternSet &patterns);

//===----------------------------------------------------------------------===//
// Fusion: sum_r P with P = A x B (a map) = sum_r (A x B)
//===----------------------------------------------------------------------===//

/// A product fused into the sum that reads it.
struct ProductFusionPlan {
  EinsumSpec fused;
  mlir::RankedTensorType type;
};

/// Matches the fusion on `sum` (a one-operand sum of a product's values).
mlir::FailureOr<ProductFusionPlan>
matchProductFusion(const EinsumSpec &sum, mlir::RankedTensorType type,
                   const EinsumView &view, std::string &reason);
/// Builds the fused sum; returns it.
llvm::SmallVector<mlir::Operation *>
buildProductFusion(mlir::OpBuilder &b, mlir::Location loc,
                   const ProductFusionPlan &plan);
/// Part of the normal form: a product read by one sum only is fused into it
/// (fission of a product would materialize a tensor for no gain).
void populateProductFusionPatterns(mlir::RewritePatternSet &patterns);

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
  /// The maximum may be absent (a fully masked row) or a tile may have no
  /// present point: the correction is guarded (PRM = e^(RG - RG') only
  /// where the tile's L is present, else 1), so every row with a present
  /// point is exact and a row with none is NaN (0 / 0).
  bool guardAbsentMax = false;
};

/// Matches O + I on `global` (a max over `rank` alone) in plain IR: the
/// chains are followed through the users of the values. With `recompute`,
/// readers outside the chain read the rescaled values again after the
/// iteration instead of refusing.
mlir::FailureOr<ReduceToIteratePlan>
matchReduceToIterate(EinsumOp global, llvm::StringRef rank, bool recompute,
                     std::string &reason, bool nanEmptyRows = false);
/// Builds the iteration in place of the plan's members; returns it.
IterateOp buildReduceToIterate(ReduceToIteratePlan plan,
                               llvm::StringRef rank);

} // namespace edge

#endif // EDGE_DIALECT_EDGE_TRANSFORMS_REWRITES_H
