//===- ExpRebase.cpp - rebase an exponent to the local maximum -------------===//
//
// This file implements the edge-exp-rebase pass: identity X of the one-pass
// algebra, e^(x - G) = e^(x - L) * e^(L - G) with L the local (per tile)
// maximum and G the global one, followed by identity D, which moves the
// per-tile factor e^(L - G) out of sums over the inner rank. The result is
// FuseMax's tiled 2-pass cascade: everything in the first pass depends on the
// tile's own maximum only.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
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

/// Indices (in `spec`'s ranks) for rank names `names`; fails when a name is
/// not an iteration rank of `spec`.
static FailureOr<SmallVector<AffineExpr>>
indicesByName(const EinsumSpec &spec, ArrayRef<std::optional<std::string>> names,
              MLIRContext *ctx) {
  SmallVector<AffineExpr> indices;
  for (const std::optional<std::string> &name : names) {
    if (!name || !spec.findRank(*name))
      return failure();
    indices.push_back(spec.rankExpr(*name, ctx));
  }
  return indices;
}

namespace {
/// How one consumer of the numerator is rewritten.
struct ConsumerPlan {
  EinsumOp consumer;      // a sum over the inner rank that reads SN
  EinsumOp outerSum;      // its only user, a plain sum over the outer rank,
                          // which takes the factor (may be null)
};

/// Everything the rewrite needs, checked before any IR changes.
struct RebasePlan {
  EinsumOp numerator; // SN = e^(X - G)
  EinsumOp globalMax; // G = max_outer L
  EinsumOp localMax;  // L = max_inner X
  SmallVector<std::optional<std::string>> localNames; // L's dims, by rank name
  SmallVector<ConsumerPlan> sums;
  bool needsProduct = false; // some consumer reads SN as a plain map
};
} // namespace

static FailureOr<RebasePlan> planRebase(EinsumOp op, StringRef outer,
                                        StringRef inner, std::string &reason) {
  RebasePlan plan;
  plan.numerator = op;
  EinsumSpec sn = EinsumSpec::fromOp(op);
  if (sn.mapCompute != ComputeKind::SubExp || sn.inputs.size() != 2 ||
      !sn.reduceRanks.empty() || !sn.unary.empty()) {
    reason = "not a map sub_exp of two operands";
    return failure();
  }
  if (!sn.findRank(outer) || !sn.findRank(inner)) {
    reason = ("does not iterate '" + outer + "' and '" + inner + "'").str();
    return failure();
  }
  plan.globalMax = sn.inputs[1].value.getDefiningOp<EinsumOp>();
  if (!plan.globalMax) {
    reason = "the subtrahend is not computed by an einsum";
    return failure();
  }
  EinsumSpec g = EinsumSpec::fromOp(plan.globalMax);
  if (g.reduceCompute != ComputeKind::Max || g.reduceRanks.size() != 1 ||
      g.reduceRanks[0] != outer || g.inputs.size() != 1 || !g.filter.empty() ||
      !g.unary.empty()) {
    reason = ("the subtrahend is not a plain max over '" + outer + "'").str();
    return failure();
  }
  plan.localMax = g.inputs[0].value.getDefiningOp<EinsumOp>();
  if (!plan.localMax) {
    reason = "the global maximum does not fold a local one";
    return failure();
  }
  EinsumSpec l = EinsumSpec::fromOp(plan.localMax);
  if (l.reduceCompute != ComputeKind::Max || !l.isReduced(inner) ||
      l.isReduced(outer) || l.inputs.size() != 1 || !l.unary.empty()) {
    reason = ("the local maximum is not a max over '" + inner + "'").str();
    return failure();
  }
  // L must be the maximum of the very X that SN exponentiates, indexed the
  // same way (by rank name), and G must be indexed like its own output.
  if (l.inputs[0].value != sn.inputs[0].value ||
      getBareRankNames(l, l.inputs[0].indices) !=
          getBareRankNames(sn, sn.inputs[0].indices)) {
    reason = "the local maximum is not taken over the exponentiated operand";
    return failure();
  }
  if (getBareRankNames(sn, sn.inputs[1].indices) !=
      getBareRankNames(g, g.output)) {
    reason = "the global maximum is indexed by other ranks here";
    return failure();
  }
  if (getBareRankNames(g, g.inputs[0].indices) !=
      getBareRankNames(l, l.output)) {
    reason = "the global maximum reads the local one by other ranks";
    return failure();
  }
  // Different filters would make L the maximum over other points. (Rank
  // positions may differ, so compare the printed forms.)
  auto printFilter = [](EinsumOp e) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (std::optional<IntegerSet> f = e.getFilter())
      for (unsigned i = 0; i < f->getNumConstraints(); ++i)
        printRankExpr(os, f->getConstraint(i),
                      llvm::to_vector(llvm::map_range(
                          e.getRanks(),
                          [](Attribute a) {
                            return cast<StringAttr>(a).getValue();
                          })),
                      llvm::to_vector(llvm::map_range(
                          e.getSymbols(), [](Attribute a) {
                            return cast<StringAttr>(a).getValue();
                          }))),
            os << (f->isEq(i) ? "==0;" : ">=0;");
    return text;
  };
  if (printFilter(op) != printFilter(plan.localMax)) {
    reason = "the local maximum and the exponent filter different points";
    return failure();
  }
  plan.localNames = getBareRankNames(l, l.output);
  if (failed(indicesByName(sn, plan.localNames, op.getContext()))) {
    reason = "the local maximum's ranks are not ranks of the exponent";
    return failure();
  }
  // At every visited point X must be present, so that L (>= X) is finite.
  bool visitsOnlyPresent = sn.mapMerge == MergeKind::TakeLeft ||
                           sn.mapMerge == MergeKind::Isect ||
                           isPresentWhereVisited(sn, 0);
  if (!visitsOnlyPresent) {
    reason = "the exponent may visit points where its operand is absent";
    return failure();
  }

  for (Operation *user : op.getResult().getUsers()) {
    auto consumer = dyn_cast<EinsumOp>(user);
    if (!consumer) {
      plan.needsProduct = true;
      continue;
    }
    EinsumSpec c = EinsumSpec::fromOp(consumer);
    bool isInnerSum =
        c.reduceCompute == ComputeKind::Add &&
        c.reduceMerge == MergeKind::Union && c.isReduced(inner) &&
        !c.isReduced(outer) && c.unary.empty() &&
        (c.inputs.size() == 1 || (c.mapCompute == ComputeKind::Mul &&
                                  c.mapMerge == MergeKind::Isect)) &&
        llvm::count_if(c.inputs, [&](const EinsumOperand &o) {
          return o.value == op.getResult();
        }) == 1;
    std::optional<SmallVector<std::string>> outNames = getBareOutputRanks(c);
    SmallVector<std::optional<std::string>> factorNames = plan.localNames;
    bool factorFits =
        outNames && llvm::all_of(factorNames, [&](const auto &n) {
          return n && llvm::is_contained(*outNames, *n);
        });
    if (!isInnerSum || !factorFits) {
      plan.needsProduct = true;
      continue;
    }
    ConsumerPlan cp{consumer, nullptr};
    if (consumer->hasOneUse())
      if (auto u = dyn_cast<EinsumOp>(*consumer->getUsers().begin())) {
        EinsumSpec us = EinsumSpec::fromOp(u);
        if (us.inputs.size() == 1 && us.reduceRanks.size() == 1 &&
            us.reduceRanks[0] == outer &&
            us.reduceCompute == ComputeKind::Add &&
            us.reduceMerge == MergeKind::Union && us.unary.empty() &&
            us.filter.empty() &&
            getBareRankNames(us, us.inputs[0].indices) ==
                getBareRankNames(c, c.output))
          cp.outerSum = u;
      }
    plan.sums.push_back(cp);
  }
  return plan;
}

namespace {
struct ExpRebasePattern : public OpRewritePattern<EinsumOp> {
  ExpRebasePattern(MLIRContext *ctx, StringRef outer, StringRef inner)
      : OpRewritePattern(ctx), outer(outer.str()), inner(inner.str()) {}

  LogicalResult matchAndRewrite(EinsumOp op,
                                PatternRewriter &rewriter) const override {
    std::string reason;
    FailureOr<RebasePlan> plan = planRebase(op, outer, inner, reason);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, reason);
    MLIRContext *ctx = op.getContext();
    Location loc = op.getLoc();
    Type elementType = elementTypeOf(op.getResult());
    EinsumSpec sn = EinsumSpec::fromOp(op);
    Value local = plan->localMax.getResult();
    Value global = plan->globalMax.getResult();
    rewriter.setInsertionPoint(op);

    // SLN = e^(X - L): same points, same merge, the local maximum.
    EinsumSpec sln = sn;
    sln.name = localNumeratorName(sn.name);
    sln.inputs[1] = {local, *indicesByName(sn, plan->localNames, ctx)};
    EinsumOp slnOp = sln.build(rewriter, loc, elementType,
                               cast<RankedTensorType>(op.getType()).getShape());

    // PRM = e^(L - G), over L's ranks: the per-tile correction factor.
    EinsumSpec prm;
    prm.name = plan->globalMax.getName()
                   ? deriveName(*plan->globalMax.getName(), "G", "PR", "P")
                   : "";
    SmallVector<AffineExpr> localDims;
    for (const std::optional<std::string> &n : plan->localNames) {
      prm.ranks.push_back(*n);
      localDims.push_back(getAffineDimExpr(prm.ranks.size() - 1, ctx));
    }
    prm.inputs.push_back({local, localDims});
    prm.inputs.push_back(
        {global, *indicesByName(prm,
                                getBareRankNames(sn, sn.inputs[1].indices),
                                ctx)});
    prm.output = localDims;
    prm.mapCompute = ComputeKind::SubExp;
    prm.mapMerge = MergeKind::PassThrough;
    EinsumOp prmOp = prm.build(rewriter, loc, elementType,
                               cast<RankedTensorType>(local.getType()).getShape());

    // Sums over the inner rank take SLN, and the factor after the sum.
    for (ConsumerPlan cp : plan->sums) {
      EinsumSpec c = EinsumSpec::fromOp(cp.consumer);
      for (EinsumOperand &o : c.inputs)
        if (o.value == op.getResult())
          o.value = slnOp.getResult();
      rewriter.setInsertionPoint(cp.consumer);
      EinsumOp newSum = c.build(
          rewriter, cp.consumer.getLoc(), elementType,
          cast<RankedTensorType>(cp.consumer.getType()).getShape());
      if (cp.outerSum) {
        // sum_outer (C x PRM): the factor joins the outer sum's map.
        EinsumSpec u = EinsumSpec::fromOp(cp.outerSum);
        u.inputs[0].value = newSum.getResult();
        u.inputs.push_back(
            {prmOp.getResult(), *indicesByName(u, plan->localNames, ctx)});
        u.mapCompute = ComputeKind::Mul;
        u.mapMerge = MergeKind::Isect;
        rewriter.setInsertionPoint(cp.outerSum);
        EinsumOp newOuter = u.build(
            rewriter, cp.outerSum.getLoc(), elementType,
            cast<RankedTensorType>(cp.outerSum.getType()).getShape());
        rewriter.replaceOp(cp.outerSum, newOuter.getResult());
        rewriter.eraseOp(cp.consumer);
        continue;
      }
      // Otherwise multiply right after the sum.
      EinsumSpec scaled;
      scaled.name = c.name.empty() ? "" : c.name + "_rebased";
      scaled.ranks = *getBareOutputRanks(c);
      SmallVector<AffineExpr> dims;
      for (unsigned i = 0; i < scaled.ranks.size(); ++i)
        dims.push_back(getAffineDimExpr(i, ctx));
      scaled.inputs.push_back({newSum.getResult(), dims});
      scaled.inputs.push_back(
          {prmOp.getResult(), *indicesByName(scaled, plan->localNames, ctx)});
      scaled.output = dims;
      scaled.mapCompute = ComputeKind::Mul;
      scaled.mapMerge = MergeKind::Isect;
      EinsumOp scaledOp = scaled.build(
          rewriter, cp.consumer.getLoc(), elementType,
          cast<RankedTensorType>(cp.consumer.getType()).getShape());
      rewriter.replaceOp(cp.consumer, scaledOp.getResult());
    }

    if (plan->needsProduct) {
      // Other readers see SN = SLN x PRM.
      EinsumSpec product;
      product.name = sn.name;
      product.ranks = sn.ranks;
      product.symbols = sn.symbols;
      product.inputs.push_back({slnOp.getResult(), sn.output});
      product.inputs.push_back(
          {prmOp.getResult(), *indicesByName(sn, plan->localNames, ctx)});
      product.output = sn.output;
      product.mapCompute = ComputeKind::Mul;
      product.mapMerge = MergeKind::Isect;
      rewriter.setInsertionPoint(op);
      EinsumOp productOp = product.build(
          rewriter, loc, elementType,
          cast<RankedTensorType>(op.getType()).getShape());
      rewriter.replaceOp(op, productOp.getResult());
    } else {
      rewriter.eraseOp(op);
    }
    return success();
  }

  std::string outer, inner;
};

struct EdgeExpRebasePass
    : public edge::impl::EdgeExpRebaseBase<EdgeExpRebasePass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeExpRebasePass::runOnOperation() {
  if (remarks)
    getOperation().walk([&](EinsumOp op) {
      if (op.getMapCompute() != ComputeKind::SubExp)
        return;
      std::string reason;
      if (failed(planRebase(op, outer, inner, reason)))
        (void)refuse(true, op, "edge-exp-rebase", reason);
    });
  RewritePatternSet patterns(&getContext());
  patterns.add<ExpRebasePattern>(&getContext(), outer, inner);
  if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
    return signalPassFailure();
}
