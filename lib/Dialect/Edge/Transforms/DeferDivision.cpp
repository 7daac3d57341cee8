//===- DeferDivision.cpp - move a division after a reduction ---------------===//
//
// This file implements the edge-defer-division pass: identity D of the
// one-pass algebra applied to division (FuseMax section IV-D). A quotient
// `A = N / d` summed as `T = sum_r A x V` becomes `(sum_r N x V) / d` when d
// does not depend on the reduced ranks.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Utils/Presence.h"

#include "RewriteUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edge {
#define GEN_PASS_DEF_EDGEDEFERDIVISION
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

/// The empty value of a numerator: an einsum's or a split's; dense values
/// never show theirs.
static APFloat emptyValueOf(Value v) {
  if (auto n = v.getDefiningOp<EinsumOp>())
    return n.getEmptyValue();
  if (auto s = v.getDefiningOp<SplitOp>())
    return s.getEmpty().value_or(APFloat(0.0f));
  return APFloat(0.0f);
}

/// The name of a value: its einsum's, or its cascade argument's.
static std::string nameOf(Value v) {
  if (auto producer = v.getDefiningOp<EinsumOp>())
    return producer.getName().value_or("").str();
  if (auto arg = dyn_cast<BlockArgument>(v))
    if (auto cascade = dyn_cast<CascadeOp>(arg.getOwner()->getParentOp()))
      return cast<StringAttr>(cascade.getInputNames()[arg.getArgNumber()])
          .getValue()
          .str();
  return "";
}

/// FuseMax's name for the deferred sum: the factors' names in order
/// (SN x V -> SNV); `<name>_num` when a factor has none.
static std::string deferredSumName(const EinsumSpec &sum,
                                   StringRef reductionName) {
  std::string name;
  for (const EinsumOperand &operand : sum.inputs) {
    std::string part = nameOf(operand.value);
    if (part.empty())
      return reductionName.empty() ? "" : (reductionName + "_num").str();
    name += part;
  }
  return name;
}

FailureOr<DeferDivisionPlan>
edge::matchDeferDivision(const EinsumSpec &t, RankedTensorType type,
                         const EinsumView &view, std::string &reason) {
  if (t.hasConstants()) {
    reason = "the sum has scalar constant operands";
    return failure();
  }
  if (t.reduceRanks.empty() || t.reduceCompute != ComputeKind::Add ||
      t.reduceMerge != MergeKind::Union) {
    reason = "not a sum (reduce add(union))";
    return failure();
  }
  if (t.inputs.size() >= 2 &&
      (t.mapCompute != ComputeKind::Mul || t.mapMerge != MergeKind::Isect)) {
    reason = "the summed value is not a product (map mul(isect))";
    return failure();
  }
  if (!t.unary.empty()) {
    reason = "unary operators do not commute with the division";
    return failure();
  }
  MLIRContext *ctx = type.getContext();
  for (auto [i, operand] : llvm::enumerate(t.inputs)) {
    for (const EinsumSpec &qs : view.getProducers(operand.value)) {
      if (qs.mapCompute != ComputeKind::Div)
        continue;
      // take_right: present wherever d is, 0 where N is absent; isect:
      // present where both are (x / d written as x x reciprocal(d)).
      bool isect = qs.mapMerge == MergeKind::Isect;
      if (qs.inputs.size() != 2 ||
          (qs.mapMerge != MergeKind::TakeRight && !isect) ||
          !qs.reduceRanks.empty() || !qs.unary.empty() || !qs.filter.empty()) {
        reason = "the quotient is not a plain map div(take_right) or "
                 "div(isect)";
        continue;
      }
      if (!getBareOutputRanks(qs) || qs.output.size() != qs.ranks.size()) {
        reason = "the quotient's output ranks are not its plain ranks";
        continue;
      }
      // An isect quotient is absent wherever N is, so the sum skips the same
      // points with or without the division, and d, which no reduced rank
      // indexes, is present at all of them or at none: no precondition on
      // N's empty value or the other factors.
      if (!isect && !emptyValueOf(qs.inputs[0].value).isZero()) {
        reason = "the numerator's empty value is not 0";
        continue;
      }
      EinsumOperand numerator =
          composeOperand(qs, qs.inputs[0], operand.indices);
      EinsumOperand divisor = composeOperand(qs, qs.inputs[1], operand.indices);
      for (const std::string &rank : t.reduceRanks)
        if (t.indexUsesRank(divisor.indices, rank)) {
          reason = "the divisor depends on reduced rank '" + rank + "'";
          return failure();
        }
      for (unsigned j = 0; j < t.inputs.size(); ++j)
        if (!isect && j != i && !isPresentWhereVisited(t, j)) {
          reason = "another factor may be absent where the sum visits";
          return failure();
        }
      DeferDivisionPlan plan;
      plan.type = type;
      plan.quotientValue = operand.value;
      plan.sum = t;
      plan.sum.inputs[i] = numerator;
      plan.sum.name = deferredSumName(plan.sum, t.name);
      EinsumSpec &quotient = plan.quotient;
      quotient.name = t.name;
      quotient.ranks = t.ranks;
      quotient.symbols = t.symbols;
      quotient.inputs.push_back({Value(), t.output});
      quotient.inputs.push_back(divisor);
      quotient.output = t.output;
      quotient.mapCompute = ComputeKind::Div;
      quotient.mapMerge = qs.mapMerge;
      for (const std::string &rank : t.reduceRanks)
        quotient.substituteRank(rank, getAffineConstantExpr(0, ctx));
      return plan;
    }
  }
  if (reason.empty())
    reason = "no operand is a quotient";
  return failure();
}

SmallVector<Operation *> edge::buildDeferDivision(OpBuilder &b, Location loc,
                                                  const DeferDivisionPlan &plan) {
  return buildSumThenMap(b, loc, plan.sum, plan.quotient, plan.type);
}

/// The plan of the pattern, refused when the quotient has other users: they
/// would still need it, so the rewrite would compute the division twice.
static FailureOr<DeferDivisionPlan> matchSoleQuotient(EinsumOp op,
                                                      std::string &reason) {
  FailureOr<DeferDivisionPlan> plan = matchDeferDivision(
      EinsumSpec::fromOp(op), op.getType(), IRView(), reason);
  if (succeeded(plan) && !plan->quotientValue.hasOneUse()) {
    reason = "the quotient has other users";
    return failure();
  }
  return plan;
}

namespace {
struct EdgeDeferDivisionPass
    : public edge::impl::EdgeDeferDivisionBase<EdgeDeferDivisionPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeDeferDivisionPass::runOnOperation() {
  RewritePatternSet patterns(&getContext());
  populateDeferDivisionPatterns(patterns);
  if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
    return signalPassFailure();
  if (!remarks)
    return;
  // Explain why the remaining sums of quotients were left alone.
  getOperation().walk([&](EinsumOp op) {
    bool consumesQuotient = llvm::any_of(op.getInputs(), [](Value v) {
      auto q = v.getDefiningOp<EinsumOp>();
      return q && q.getMapCompute() == ComputeKind::Div;
    });
    if (!consumesQuotient || op.getReduceRanks().empty())
      return;
    std::string reason;
    if (failed(matchSoleQuotient(op, reason)))
      (void)refuse(true, op, "edge-defer-division", reason);
  });
}

void edge::populateDeferDivisionPatterns(RewritePatternSet &patterns) {
  patterns.add<IdentityPattern<DeferDivisionPlan>>(
      patterns.getContext(), "defer-division", matchSoleQuotient, buildDeferDivision);
}
