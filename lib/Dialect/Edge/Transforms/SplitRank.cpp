//===- SplitRank.cpp - split a rank into tiles through a cascade -----------===//
//
// This file implements the edge-split-rank pass: identity S of the one-pass
// algebra applied to a whole cascade. Every top-level einsum that iterates
// rank `m` iterates `m1 x m0` instead, with `m = m1*tile + m0`; inputs are
// split with edge.split, intermediates are produced split, and tails (when
// the tile does not divide the extent) are filtered out of every rewritten
// einsum so that the cascade computes exactly the same values.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "RewriteUtils.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseSet.h"

namespace edge {
#define GEN_PASS_DEF_EDGESPLITRANK
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

/// The position of the bare rank `rank` in `indices`, if it occurs exactly
/// once and only barely; `compound` is set when it occurs inside a compound
/// expression.
static std::optional<unsigned> findBareRank(const EinsumSpec &spec,
                                            ArrayRef<AffineExpr> indices,
                                            StringRef rank, bool &compound,
                                            bool &repeated) {
  std::optional<unsigned> pos = spec.findRank(rank);
  std::optional<unsigned> found;
  for (auto [i, e] : llvm::enumerate(indices)) {
    if (!e.isFunctionOfDim(*pos))
      continue;
    if (!isa<AffineDimExpr>(e)) {
      compound = true;
      continue;
    }
    if (found)
      repeated = true;
    found = i;
  }
  return found;
}

FailureOr<SplitRankPlan>
edge::matchSplitRank(const EinsumSpec &spec, RankedTensorType type,
                     StringRef rank, int64_t tile, StringRef outer,
                     StringRef inner, std::string &reason,
                     StringRef extentSize) {
  std::optional<unsigned> pos = spec.findRank(rank);
  if (!pos) {
    reason = ("does not iterate rank '" + rank + "'").str();
    return failure();
  }
  if (tile <= 0) {
    reason = "the tile must be positive, got " + std::to_string(tile);
    return failure();
  }
  if (outer == inner || outer == rank || inner == rank) {
    reason = ("the ranks of the split ('" + outer + "', '" + inner +
              "') must be two names other than '" + rank + "'")
                 .str();
    return failure();
  }
  if (spec.findRank(outer) || spec.findRank(inner) || spec.findSymbol(outer) ||
      spec.findSymbol(inner)) {
    reason = ("rank names '" + outer + "'/'" + inner + "' are already used")
                 .str();
    return failure();
  }
  SplitRankPlan plan;
  plan.type = type;
  plan.tile = tile;
  bool compound = false, repeated = false;
  for (const EinsumOperand &operand : spec.inputs)
    plan.splitDims.push_back(
        findBareRank(spec, operand.indices, rank, compound, repeated));
  plan.outDim = findBareRank(spec, spec.output, rank, compound, repeated);
  if (compound || repeated) {
    reason = ("rank '" + rank +
              "' occurs in a compound or repeated index expression")
                 .str();
    return failure();
  }
  plan.extent = spec.rankExtents()[*pos];
  if (ShapedType::isDynamic(plan.extent) && plan.outDim)
    plan.extent = type.getDimSize(*plan.outDim);
  if (ShapedType::isDynamic(plan.extent) && extentSize.empty()) {
    reason = ("rank '" + rank + "' has no static extent and no named size")
                 .str();
    return failure();
  }
  if (ShapedType::isDynamic(plan.extent) &&
      (spec.findRank(extentSize) || spec.findSymbol(extentSize))) {
    reason = ("the size '" + extentSize + "' is a rank name here").str();
    return failure();
  }

  // The einsum over outer x inner: every index and filter sees the rank as
  // outer*tile + inner. A tile that does not divide the extent leaves a
  // tail, m1*tile + m0 >= extent, where the split operands are absent; a
  // pass_through map would still visit it, so the filter keeps the visited
  // points (and so values and presence) exactly those of the original. A
  // tile as large as the extent, or larger, gives one (partial) tile.
  MLIRContext *ctx = type.getContext();
  plan.spec = spec;
  EinsumSpec &split = plan.spec;
  AffineExpr outerExpr = split.addRank(outer, ctx);
  AffineExpr innerExpr = split.addRank(inner, ctx);
  unsigned rankPos = *split.findRank(rank);
  for (EinsumOperand &operand : split.inputs)
    (void)splitBareRankIndex(operand.indices, rankPos, outerExpr, innerExpr);
  (void)splitBareRankIndex(split.output, rankPos, outerExpr, innerExpr);
  if (split.isReduced(rank)) {
    split.reduceRanks.push_back(outer.str());
    split.reduceRanks.push_back(inner.str());
  }
  split.substituteRank(rank, split.rankExpr(outer, ctx) * tile +
                                 split.rankExpr(inner, ctx));
  AffineExpr point =
      split.rankExpr(outer, ctx) * tile + split.rankExpr(inner, ctx);
  if (ShapedType::isDynamic(plan.extent)) {
    // The tail depends on the run-time extent: bound by the named size.
    split.symbols.push_back(extentSize.str());
    AffineExpr size = getAffineSymbolExpr(split.symbols.size() - 1, ctx);
    split.filter.push_back({size - 1 - point, /*isEquality=*/false});
  } else if (plan.extent % tile != 0) {
    split.filter.push_back({-point + (plan.extent - 1),
                            /*isEquality=*/false});
  }
  if (plan.outDim && !split.name.empty())
    split.name = "B" + split.name;
  return plan;
}

/// `shape` with dimension `dim` split into tiles of `tile`.
static SmallVector<int64_t> splitShape(ArrayRef<int64_t> shape, unsigned dim,
                                       int64_t tile) {
  SmallVector<int64_t> result(shape);
  result[dim] = tile;
  result.insert(result.begin() + dim, ShapedType::isDynamic(shape[dim])
                                          ? ShapedType::kDynamic
                                          : llvm::divideCeil(shape[dim], tile));
  return result;
}

SplitOp edge::buildSplit(OpBuilder &b, Location loc, Value value,
                         unsigned dim, int64_t tile) {
  auto type = cast<RankedTensorType>(value.getType());
  return SplitOp::create(
      b, loc,
      RankedTensorType::get(splitShape(type.getShape(), dim, tile),
                            type.getElementType()),
      value, b.getI64IntegerAttr(dim), b.getI64IntegerAttr(tile),
      FloatAttr());
}

EinsumOp edge::buildSplitRank(
    OpBuilder &b, Location loc, const SplitRankPlan &plan,
    llvm::function_ref<Value(Value, unsigned)> splitOperand) {
  EinsumSpec spec = plan.spec;
  for (auto [operand, dim] : llvm::zip(spec.inputs, plan.splitDims))
    if (dim)
      operand.value = splitOperand(operand.value, *dim);
  SmallVector<int64_t> shape(plan.type.getShape());
  if (plan.outDim)
    shape = splitShape(shape, *plan.outDim, plan.tile);
  return spec.build(b, loc, plan.type.getElementType(), shape);
}

namespace {
struct EdgeSplitRankPass
    : public edge::impl::EdgeSplitRankBase<EdgeSplitRankPass> {
  using Base::Base;
  void runOnOperation() override;
  LogicalResult splitCascade(CascadeOp cascade);
  /// The names of the two ranks of the split: the options, or the defaults
  /// of getSplitRankNames.
  SplitRankNames getNames() const {
    SplitRankNames names = getSplitRankNames(rank);
    if (!outer.empty())
      names.outer = outer;
    if (!inner.empty())
      names.inner = inner;
    return names;
  }
};
} // namespace

LogicalResult EdgeSplitRankPass::splitCascade(CascadeOp cascade) {
  const char *passName = "edge-split-rank";
  auto [outerName, innerName] = getNames();

  // The einsums that iterate the rank, in program order, each with its
  // split (all are checked before the IR changes).
  std::vector<std::pair<EinsumOp, SplitRankPlan>> region;
  llvm::DenseSet<Operation *> inRegion;
  for (Operation &op : cascade.getBody().front())
    if (auto einsum = dyn_cast<EinsumOp>(op))
      if (einsum.getRankPosition(rank))
        inRegion.insert(einsum);
  if (inRegion.empty())
    return refuse(remarks, cascade, passName,
                  "no einsum iterates rank '" + rank + "'");

  // The rank must have one extent, and a value produced split must be read
  // split, along the same dimension.
  // A dynamic extent is a run-time size of the cascade, the same one
  // everywhere; the tail filters name it.
  int64_t extent = ShapedType::kDynamic;
  CascadeSizes sizes(cascade);
  std::optional<unsigned> sizeSymbol;
  llvm::DenseMap<Value, unsigned> producedDim; // value -> dim indexed by rank
  for (Operation &o : cascade.getBody().front()) {
    auto op = dyn_cast<EinsumOp>(o);
    if (!op || !inRegion.contains(op))
      continue;
    std::string reason;
    StringRef extentSize;
    AffineExpr rankExtent = sizes.getRankExtents(op)[*op.getRankPosition(rank)];
    if (auto size = dyn_cast_or_null<AffineSymbolExpr>(rankExtent)) {
      if (sizeSymbol && *sizeSymbol != size.getPosition())
        return refuse(remarks, op, passName,
                      "rank '" + rank + "' has the size " +
                          sizes.getNames()[size.getPosition()] + " here but " +
                          sizes.getNames()[*sizeSymbol] + " elsewhere");
      sizeSymbol = size.getPosition();
      extentSize = sizes.getNames()[size.getPosition()];
    }
    FailureOr<SplitRankPlan> plan =
        matchSplitRank(EinsumSpec::fromOp(op), op.getType(), rank, tile,
                       outerName, innerName, reason, extentSize);
    if (failed(plan))
      return refuse(remarks, op, passName, reason);
    if (!ShapedType::isDynamic(plan->extent) && sizeSymbol)
      return refuse(remarks, op, passName,
                    "rank '" + rank + "' has a static extent here but the "
                    "run-time size " + sizes.getNames()[*sizeSymbol] +
                    " elsewhere");
    if (!ShapedType::isDynamic(extent) && plan->extent != extent)
      return refuse(remarks, op, passName,
                    "rank '" + rank + "' has extent " + Twine(plan->extent) +
                        " here but " + Twine(extent) + " elsewhere");
    extent = plan->extent;
    for (auto [operand, dim] : llvm::zip(op.getInputs(), plan->splitDims)) {
      auto producer = operand.getDefiningOp<EinsumOp>();
      if (!producer || !inRegion.contains(producer))
        continue;
      auto it = producedDim.find(operand);
      if (it != producedDim.end() && (!dim || *dim != it->second))
        return refuse(remarks, op, passName,
                      "an operand split along rank '" + rank +
                          "' is indexed by another rank here");
      if (it == producedDim.end() && dim)
        return refuse(remarks, op, passName,
                      "an operand from a rewritten einsum is indexed by "
                      "rank '" + rank + "' where its producer has none");
    }
    if (plan->outDim)
      producedDim[op.getResult()] = *plan->outDim;
    region.push_back({op, std::move(*plan)});
  }

  // The whole region is split at once: one step of the derivation.
  SmallVector<Operation *> matched;
  for (auto &entry : region)
    matched.push_back(entry.first);
  recordIdentityStep("split-rank", matched, [&] {
    if (sizeSymbol)
      (void)sizes.declare(*sizeSymbol);
    IRRewriter rewriter(cascade.getContext());
    llvm::DenseMap<Value, Value> rewritten; // old value -> split value
    llvm::DenseMap<std::pair<Value, unsigned>, Value> splits;
    for (auto &[op, plan] : region) {
      rewriter.setInsertionPoint(op);
      // The plan was made before the IR changed: an operand that an earlier
      // einsum of the region produced without the rank is that einsum's
      // replacement now.
      for (auto [operand, current] : llvm::zip(plan.spec.inputs, op.getInputs()))
        operand.value = current;
      EinsumOp newOp = buildSplitRank(
          rewriter, op.getLoc(), plan, [&](Value value, unsigned dim) {
            if (Value v = rewritten.lookup(value))
              return v;
            // An input from outside the region: split it once per dimension.
            Value &split = splits[{value, dim}];
            if (!split) {
              OpBuilder::InsertionGuard guard(rewriter);
              if (auto arg = dyn_cast<BlockArgument>(value))
                rewriter.setInsertionPointToStart(arg.getOwner());
              else
                rewriter.setInsertionPointAfter(value.getDefiningOp());
              split = buildSplit(rewriter, op.getLoc(), value, dim, tile);
            }
            return split;
          });
      if (!plan.outDim) {
        rewriter.replaceAllUsesWith(op.getResult(), newOp.getResult());
        continue;
      }
      rewritten[op.getResult()] = newOp.getResult();
      // Users outside the region see the tensor unsplit again.
      SmallVector<OpOperand *> outsideUses;
      for (OpOperand &use : op.getResult().getUses())
        if (!inRegion.contains(use.getOwner()))
          outsideUses.push_back(&use);
      if (outsideUses.empty())
        continue;
      rewriter.setInsertionPointAfter(newOp);
      Value unsplit = UnsplitOp::create(rewriter, op.getLoc(), op.getType(),
                                        newOp.getResult(),
                                        rewriter.getI64IntegerAttr(*plan.outDim));
      for (OpOperand *use : outsideUses)
        use->set(unsplit);
    }
    for (auto &[op, plan] : llvm::reverse(region))
      rewriter.eraseOp(op);
  });
  return success();
}

void EdgeSplitRankPass::runOnOperation() {
  if (tile <= 0) {
    getOperation().emitError("edge-split-rank: tile must be positive, got ")
        << int64_t(tile);
    return signalPassFailure();
  }
  auto [outerName, innerName] = getNames();
  if (rank.empty() || outerName == innerName || outerName == rank ||
      innerName == rank) {
    getOperation().emitError("edge-split-rank: rank='")
        << rank << "', outer='" << outerName << "' and inner='" << innerName
        << "' must be three different, non-empty names";
    return signalPassFailure();
  }
  // A refusal leaves the cascade untouched; it is not an error.
  (void)splitCascade(getOperation());
}
