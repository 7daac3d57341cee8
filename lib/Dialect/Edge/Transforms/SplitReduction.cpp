//===- SplitReduction.cpp - local and global reductions --------------------===//
//
// This file implements the edge-split-reduction pass: identity S on one
// reduction. A fold over `outer x inner` becomes a fold over `inner` (one
// value per tile, the local reduction) followed by a fold over `outer`.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"

#include "RewriteUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace edge {
#define GEN_PASS_DEF_EDGESPLITREDUCTION
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

FailureOr<SplitReductionPlan>
edge::matchSplitReduction(const EinsumSpec &spec, RankedTensorType type,
                          StringRef outer, StringRef inner,
                          std::string &reason) {
  if (!spec.isReduced(outer) || !spec.isReduced(inner)) {
    reason = ("does not reduce both '" + outer + "' and '" + inner + "'").str();
    return failure();
  }
  if (!isAssociative(*spec.reduceCompute)) {
    reason = "the reduce operator is not associative";
    return failure();
  }
  std::optional<SmallVector<std::string>> outputRanks = getBareOutputRanks(spec);
  if (!outputRanks) {
    reason = "the output has compound index expressions";
    return failure();
  }
  // ceildiv(M, tile) tiles of a dynamic rank: the local values are
  // dynamic along it.
  int64_t outerExtent = spec.rankExtents()[*spec.findRank(outer)];
  MLIRContext *ctx = type.getContext();
  SplitReductionPlan plan;
  plan.type = type;

  // Local: keep `outer` as the first output rank.
  EinsumSpec &local = plan.local;
  local = spec;
  local.name = getLocalReductionName(spec.name);
  llvm::erase(local.reduceRanks, outer);
  local.output.insert(local.output.begin(), local.rankExpr(outer, ctx));
  SmallVector<int64_t> localShape{outerExtent};
  llvm::append_range(localShape, type.getShape());
  plan.localType = RankedTensorType::get(localShape, type.getElementType());

  // Global: fold `outer` over the local values.
  EinsumSpec &global = plan.global;
  global.name = spec.name;
  global.symbols = spec.symbols;
  global.ranks.push_back(outer.str());
  llvm::append_range(global.ranks, *outputRanks);
  SmallVector<AffineExpr> localIndices, outputIndices;
  for (unsigned i = 0; i < global.ranks.size(); ++i) {
    localIndices.push_back(getAffineDimExpr(i, ctx));
    if (i > 0)
      outputIndices.push_back(getAffineDimExpr(i, ctx));
  }
  global.inputs.push_back({Value(), localIndices});
  global.output = outputIndices;
  global.reduceRanks.push_back(outer.str());
  global.reduceCompute = spec.reduceCompute;
  global.reduceMerge = spec.reduceMerge;
  global.empty = spec.empty;
  return plan;
}

SmallVector<Operation *>
edge::buildSplitReduction(OpBuilder &b, Location loc,
                          const SplitReductionPlan &plan) {
  Type elementType = plan.type.getElementType();
  EinsumOp local =
      plan.local.build(b, loc, elementType, plan.localType.getShape());
  EinsumSpec global = plan.global;
  global.inputs[0].value = local.getResult();
  EinsumOp result = global.build(b, loc, elementType, plan.type.getShape());
  return {local, result};
}

/// The split of one reduction, as a plan of `op`.
static FailureOr<SplitReductionPlan> matchOp(EinsumOp op, StringRef outer,
                                             StringRef inner,
                                             std::string &reason) {
  return matchSplitReduction(EinsumSpec::fromOp(op),
                             cast<RankedTensorType>(op.getType()), outer,
                             inner, reason);
}

namespace {
struct EdgeSplitReductionPass
    : public edge::impl::EdgeSplitReductionBase<EdgeSplitReductionPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeSplitReductionPass::runOnOperation() {
  // Remarks first: the rewrite removes the candidates it accepts.
  if (remarks)
    getOperation().walk([&](EinsumOp op) {
      EinsumSpec spec = EinsumSpec::fromOp(op);
      if (!spec.isReduced(outer) && !spec.isReduced(inner))
        return;
      std::string reason;
      if (failed(matchOp(op, outer, inner, reason)))
        (void)refuse(true, op, "edge-split-reduction", reason);
    });
  RewritePatternSet patterns(&getContext());
  populateSplitReductionPatterns(patterns, outer, inner);
  if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
    return signalPassFailure();
}

void edge::populateSplitReductionPatterns(RewritePatternSet &patterns,
                                          StringRef outer, StringRef inner) {
  patterns.add<IdentityPattern<SplitReductionPlan>>(
      patterns.getContext(), "split-reduction",
      [outer = outer.str(), inner = inner.str()](EinsumOp op,
                                                 std::string &reason) {
        return matchOp(op, outer, inner, reason);
      },
      buildSplitReduction);
}
