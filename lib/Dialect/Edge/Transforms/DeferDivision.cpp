//===- DeferDivision.cpp - move a division after a reduction ---------------===//
//
// This file implements the edge-defer-division pass: identity D of the
// one-pass algebra applied to division (FuseMax section IV-D). A quotient
// `A = N / d` summed as `T = sum_r A x V` becomes `(sum_r N x V) / d` when d
// does not depend on the reduced ranks.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
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

namespace {
/// What the match found: the reduction, the quotient operand and the
/// quotient's numerator and divisor expressed in the reduction's ranks.
struct DeferralMatch {
  EinsumSpec reduction;
  unsigned quotientIndex;
  EinsumOperand numerator, divisor;
  EinsumOp quotient;
};
} // namespace


/// Checks the preconditions of division deferral on reduction `op`.
static FailureOr<DeferralMatch> matchDeferral(EinsumOp op,
                                              std::string &reason) {
  DeferralMatch m;
  m.reduction = EinsumSpec::fromOp(op);
  const EinsumSpec &t = m.reduction;
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
  for (auto [i, operand] : llvm::enumerate(t.inputs)) {
    auto q = operand.value.getDefiningOp<EinsumOp>();
    if (!q || q.getMapCompute() != ComputeKind::Div)
      continue;
    EinsumSpec qs = EinsumSpec::fromOp(q);
    if (qs.inputs.size() != 2 || qs.mapMerge != MergeKind::TakeRight ||
        !qs.reduceRanks.empty() || !qs.unary.empty() || !qs.filter.empty()) {
      reason = "the quotient is not a plain map div(take_right)";
      continue;
    }
    if (!getBareOutputRanks(qs) || qs.output.size() != qs.ranks.size()) {
      reason = "the quotient's output ranks are not its plain ranks";
      continue;
    }
    if (!q->hasOneUse()) {
      reason = "the quotient has other users";
      continue;
    }
    APFloat numeratorEmpty = [&] {
      if (auto n = qs.inputs[0].value.getDefiningOp<EinsumOp>())
        return n.getEmptyValue();
      if (auto s = qs.inputs[0].value.getDefiningOp<SplitOp>())
        return s.getEmpty().value_or(APFloat(0.0f));
      return APFloat(0.0f); // dense values: emptiness never observed
    }();
    if (!numeratorEmpty.isZero()) {
      reason = "the numerator's empty value is not 0";
      continue;
    }
    m.quotientIndex = i;
    m.quotient = q;
    m.numerator = composeOperand(qs, qs.inputs[0], operand.indices);
    m.divisor = composeOperand(qs, qs.inputs[1], operand.indices);
    for (const std::string &rank : t.reduceRanks)
      if (t.indexUsesRank(m.divisor.indices, rank)) {
        reason = "the divisor depends on reduced rank '" + rank + "'";
        return failure();
      }
    for (unsigned j = 0; j < t.inputs.size(); ++j)
      if (j != i && !isPresentWhereVisited(t, j)) {
        reason = "another factor may be absent where the sum visits";
        return failure();
      }
    return m;
  }
  if (reason.empty())
    reason = "no operand is a quotient";
  return failure();
}

namespace {
/// Rewrites `sum_r (N / d) x V` into `(sum_r N x V) / d`.
struct DeferDivisionPattern : public OpRewritePattern<EinsumOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(EinsumOp op,
                                PatternRewriter &rewriter) const override {
    std::string reason;
    FailureOr<DeferralMatch> m = matchDeferral(op, reason);
    if (failed(m))
      return rewriter.notifyMatchFailure(op, reason);
    MLIRContext *ctx = op.getContext();
    Type elementType = elementTypeOf(op.getResult());

    // The sum of N x V...: the reduction with the quotient replaced.
    EinsumSpec sum = m->reduction;
    sum.inputs[m->quotientIndex] = m->numerator;
    sum.name = deriveNameForSum(op, sum);
    rewriter.setInsertionPoint(op);
    EinsumOp sumOp = sum.build(rewriter, op.getLoc(), elementType,
                               cast<RankedTensorType>(op.getType()).getShape());

    // (...) / d over the output ranks of the reduction.
    EinsumSpec quotient;
    quotient.name = m->reduction.name;
    quotient.ranks = m->reduction.ranks;
    quotient.symbols = m->reduction.symbols;
    quotient.inputs.push_back({sumOp.getResult(), m->reduction.output});
    quotient.inputs.push_back(m->divisor);
    quotient.output = m->reduction.output;
    quotient.mapCompute = ComputeKind::Div;
    quotient.mapMerge = MergeKind::TakeRight;
    for (const std::string &rank : m->reduction.reduceRanks)
      quotient.substituteRank(rank, getAffineConstantExpr(0, ctx));
    EinsumOp result = quotient.build(
        rewriter, op.getLoc(), elementType,
        cast<RankedTensorType>(op.getType()).getShape());
    rewriter.replaceOp(op, result.getResult());
    rewriter.eraseOp(m->quotient);
    return success();
  }

  /// FuseMax's name for the deferred sum: the numerator's name followed by
  /// the other factors' names (SN x V -> SNV).
  static std::string deriveNameForSum(EinsumOp op, const EinsumSpec &sum) {
    std::string name;
    for (const EinsumOperand &operand : sum.inputs) {
      std::string part;
      if (auto producer = operand.value.getDefiningOp<EinsumOp>())
        part = producer.getName().value_or("").str();
      else if (auto arg = dyn_cast<BlockArgument>(operand.value))
        if (auto cascade = dyn_cast<CascadeOp>(arg.getOwner()->getParentOp()))
          part = cast<StringAttr>(cascade.getInputNames()[arg.getArgNumber()])
                     .getValue()
                     .str();
      if (part.empty())
        return op.getName() ? (op.getName()->str() + "_num") : "";
      name += part;
    }
    return name;
  }
};

struct EdgeDeferDivisionPass
    : public edge::impl::EdgeDeferDivisionBase<EdgeDeferDivisionPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeDeferDivisionPass::runOnOperation() {
  RewritePatternSet patterns(&getContext());
  patterns.add<DeferDivisionPattern>(&getContext());
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
    if (failed(matchDeferral(op, reason)))
      (void)refuse(true, op, "edge-defer-division", reason);
  });
}
