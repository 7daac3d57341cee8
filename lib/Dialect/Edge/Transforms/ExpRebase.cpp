//===- ExpRebase.cpp - rebase an exponent to the local maximum -------------===//
//
// This file implements identity X of the one-pass algebra, e^(x - G) =
// e^(x - L) * e^(L - G) with L the local (per tile) maximum and G the global
// one, and the edge-exp-rebase pass: X followed by identity D (factor-out),
// which moves the per-tile factor e^(L - G) out of the sums over the inner
// rank and into those over the outer one. The result is FuseMax's tiled
// 2-pass cascade: everything in the first pass depends on the tile's own
// maximum only.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Utils/Presence.h"

#include "RewriteUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edge {
#define GEN_PASS_DEF_EDGEEXPREBASE
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

/// The filter of `spec` by rank names, comparable between einsums whose
/// ranks are in different positions.
static std::string filterByName(const EinsumSpec &spec) {
  SmallVector<StringRef> ranks(spec.ranks.begin(), spec.ranks.end());
  SmallVector<StringRef> symbols(spec.symbols.begin(), spec.symbols.end());
  std::string text;
  llvm::raw_string_ostream os(text);
  for (const EinsumConstraint &c : spec.filter) {
    printRankExpr(os, c.expr, ranks, symbols);
    os << (c.isEquality ? " == 0; " : " >= 0; ");
  }
  return text;
}

/// The dim expressions in `spec` of the rank names `names`; none when a name
/// is compound or not a rank of `spec`.
static std::optional<SmallVector<AffineExpr>>
indicesByName(const EinsumSpec &spec,
              ArrayRef<std::optional<std::string>> names, MLIRContext *ctx) {
  SmallVector<AffineExpr> indices;
  for (const std::optional<std::string> &name : names) {
    if (!name || !spec.findRank(*name))
      return std::nullopt;
    indices.push_back(spec.rankExpr(*name, ctx));
  }
  return indices;
}

/// Checks that `local` is L = max_inner X for the X and the points of the
/// exponent `sn`, read by the global maximum `global`; returns the plan.
static FailureOr<ExpRebasePlan>
planWith(const EinsumSpec &sn, RankedTensorType type, const EinsumSpec &global,
         const EinsumSpec &local, Value localValue, StringRef outer,
         StringRef inner, std::string &reason) {
  if (local.reduceCompute != ComputeKind::Max || !local.isReduced(inner) ||
      local.isReduced(outer) || local.inputs.size() != 1 ||
      !local.unary.empty()) {
    reason = ("the local maximum is not a max over '" + inner + "'").str();
    return failure();
  }
  // L must be the maximum of the very X that SN exponentiates, indexed the
  // same way (by rank name), over the same points.
  if (local.inputs[0].value != sn.inputs[0].value ||
      getBareRankNames(local, local.inputs[0].indices) !=
          getBareRankNames(sn, sn.inputs[0].indices)) {
    reason = "the local maximum is not taken over the exponentiated operand";
    return failure();
  }
  if (getBareRankNames(global, global.inputs[0].indices) !=
      getBareRankNames(local, local.output)) {
    reason = "the global maximum reads the local one by other ranks";
    return failure();
  }
  if (filterByName(sn) != filterByName(local)) {
    reason = "the local maximum and the exponent filter different points";
    return failure();
  }
  SmallVector<std::optional<std::string>> localNames =
      getBareRankNames(local, local.output);
  MLIRContext *ctx = type.getContext();
  std::optional<SmallVector<AffineExpr>> localInSn =
      indicesByName(sn, localNames, ctx);
  if (!localInSn) {
    reason = "the local maximum's ranks are not ranks of the exponent";
    return failure();
  }

  ExpRebasePlan plan;
  plan.type = type;
  // SLN = e^(X - L): the same points, the same merge, the local maximum.
  plan.local = sn;
  plan.local.name = localNumeratorName(sn.name);
  plan.local.inputs[1] = {localValue, *localInSn};
  // PRM = e^(L - G) over L's ranks: the per-tile correction factor. It is
  // present wherever L is (a pass_through map).
  EinsumSpec &prm = plan.factor;
  prm.name = global.name.empty() ? "" : deriveName(global.name, "G", "PR", "P");
  SmallVector<AffineExpr> localDims;
  for (const std::optional<std::string> &n : localNames) {
    prm.ranks.push_back(*n);
    localDims.push_back(getAffineDimExpr(prm.ranks.size() - 1, ctx));
  }
  std::optional<SmallVector<AffineExpr>> globalInPrm =
      indicesByName(prm, getBareRankNames(global, global.output), ctx);
  if (!globalInPrm) {
    reason = "the global maximum has ranks the local one does not";
    return failure();
  }
  prm.inputs.push_back({localValue, localDims});
  prm.inputs.push_back({sn.inputs[1].value, *globalInPrm});
  prm.output = localDims;
  prm.mapCompute = ComputeKind::SubExp;
  prm.mapMerge = MergeKind::PassThrough;
  plan.factorType = cast<RankedTensorType>(localValue.getType());
  // SN = SLN x PRM. Both are present at every point SN visits (X is, so L
  // is), so an intersection keeps SN's points.
  EinsumSpec &product = plan.product;
  product.name = sn.name;
  product.ranks = sn.ranks;
  product.symbols = sn.symbols;
  product.inputs.push_back({Value(), sn.output});
  product.inputs.push_back({Value(), *localInSn});
  product.output = sn.output;
  product.mapCompute = ComputeKind::Mul;
  product.mapMerge = MergeKind::Isect;
  return plan;
}

FailureOr<ExpRebasePlan> edge::matchExpRebase(const EinsumSpec &sn,
                                              RankedTensorType type,
                                              const EinsumView &view,
                                              StringRef outer, StringRef inner,
                                              std::string &reason) {
  if (sn.hasConstants()) {
    reason = "the exponent has scalar constant operands";
    return failure();
  }
  if (sn.mapCompute != ComputeKind::SubExp || sn.inputs.size() != 2 ||
      !sn.reduceRanks.empty() || !sn.unary.empty()) {
    reason = sn.reduceRanks.empty()
                 ? "not a map sub_exp of two operands"
                 : "the exponent is fused into a reduction (edge-normalize "
                   "splits it off)";
    return failure();
  }
  if (!sn.findRank(outer) || !sn.findRank(inner)) {
    reason = ("does not iterate '" + outer + "' and '" + inner + "'").str();
    return failure();
  }
  if (!getBareOutputRanks(sn) ||
      getBareOutputRanks(sn)->size() != sn.ranks.size()) {
    reason = "the exponent's output is not indexed by its ranks";
    return failure();
  }
  // At every visited point X must be present, so that L (>= X) is finite.
  if (!(sn.mapMerge == MergeKind::TakeLeft || sn.mapMerge == MergeKind::Isect ||
        isPresentWhereVisited(sn, 0))) {
    reason = "the exponent may visit points where its operand is absent";
    return failure();
  }
  SmallVector<EinsumSpec, 1> globals = view.getProducers(sn.inputs[1].value);
  if (globals.empty()) {
    reason = "the subtrahend is not computed by an einsum";
    return failure();
  }
  reason = ("the subtrahend is not a plain max over '" + outer + "'").str();
  for (const EinsumSpec &g : globals) {
    if (g.reduceCompute != ComputeKind::Max || g.reduceRanks.size() != 1 ||
        g.reduceRanks[0] != outer || g.inputs.size() != 1 ||
        !g.filter.empty() || !g.unary.empty())
      continue;
    if (getBareRankNames(sn, sn.inputs[1].indices) !=
        getBareRankNames(g, g.output)) {
      reason = "the global maximum is indexed by other ranks here";
      continue;
    }
    SmallVector<EinsumSpec, 1> locals = view.getProducers(g.inputs[0].value);
    if (locals.empty())
      reason = "the global maximum does not fold a local one";
    for (const EinsumSpec &l : locals) {
      FailureOr<ExpRebasePlan> plan = planWith(
          sn, type, g, l, g.inputs[0].value, outer, inner, reason);
      if (succeeded(plan))
        return plan;
    }
  }
  return failure();
}

SmallVector<Operation *> edge::buildExpRebase(OpBuilder &b, Location loc,
                                              const ExpRebasePlan &plan) {
  Type elementType = plan.type.getElementType();
  EinsumOp local = plan.local.build(b, loc, elementType, plan.type.getShape());
  EinsumOp factor =
      plan.factor.build(b, loc, elementType, plan.factorType.getShape());
  EinsumSpec product = plan.product;
  product.inputs[0].value = local.getResult();
  product.inputs[1].value = factor.getResult();
  EinsumOp productOp = product.build(b, loc, elementType, plan.type.getShape());
  return {local, factor, productOp};
}

namespace {
struct EdgeExpRebasePass
    : public edge::impl::EdgeExpRebaseBase<EdgeExpRebasePass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void edge::populateExpRebasePatterns(RewritePatternSet &patterns,
                                     StringRef outer, StringRef inner) {
  patterns.add<IdentityPattern<ExpRebasePlan>>(
      patterns.getContext(), "exp-rebase",
      [outer = outer.str(), inner = inner.str()](EinsumOp op,
                                                 std::string &reason) {
        return matchExpRebase(EinsumSpec::fromOp(op), op.getType(), IRView(),
                              outer, inner, reason);
      },
      buildExpRebase);
  populateFactorOutPatterns(patterns);
  populateProductFusionPatterns(patterns);
}

void EdgeExpRebasePass::runOnOperation() {
  if (remarks)
    getOperation().walk([&](EinsumOp op) {
      if (op.getMapCompute() != ComputeKind::SubExp)
        return;
      std::string reason;
      if (failed(matchExpRebase(EinsumSpec::fromOp(op), op.getType(),
                                IRView(), outer, inner, reason)))
        (void)refuse(true, op, "edge-exp-rebase", reason);
    });
  RewritePatternSet patterns(&getContext());
  populateExpRebasePatterns(patterns, outer, inner);
  if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
    return signalPassFailure();
}
