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

namespace {
struct EdgeSplitRankPass
    : public edge::impl::EdgeSplitRankBase<EdgeSplitRankPass> {
  using Base::Base;
  void runOnOperation() override;
  LogicalResult splitCascade(CascadeOp cascade);
};
} // namespace

LogicalResult EdgeSplitRankPass::splitCascade(CascadeOp cascade) {
  const char *passName = "edge-split-rank";
  SplitRankNames names = getSplitRankNames(rank);
  std::string outerName = outer.empty() ? names.outer : std::string(outer);
  std::string innerName = inner.empty() ? names.inner : std::string(inner);
  if (tile <= 0)
    return refuse(true, cascade, passName,
                  "tile must be positive, got " + Twine(int64_t(tile)));

  // The einsums that iterate the rank, in program order.
  SmallVector<EinsumOp> region;
  llvm::DenseSet<Operation *> inRegion;
  for (Operation &op : cascade.getBody().front())
    if (auto einsum = dyn_cast<EinsumOp>(op))
      if (einsum.getRankPosition(rank)) {
        region.push_back(einsum);
        inRegion.insert(einsum);
      }
  if (region.empty())
    return refuse(remarks, cascade, passName,
                  "no einsum iterates rank '" + rank + "'");

  // Check that the rank is used consistently and find its extent.
  int64_t extent = ShapedType::kDynamic;
  llvm::DenseMap<Value, unsigned> producedDim; // value -> dim indexed by rank
  for (EinsumOp op : region) {
    EinsumSpec spec = EinsumSpec::fromOp(op);
    if (spec.findRank(outerName) || spec.findRank(innerName) ||
        spec.findSymbol(outerName) || spec.findSymbol(innerName))
      return refuse(remarks, op, passName,
                    "rank names '" + outerName + "'/'" + innerName +
                        "' are already used");
    int64_t e = spec.rankExtents()[*spec.findRank(rank)];
    if (ShapedType::isDynamic(e)) {
      auto shape = cast<RankedTensorType>(op.getType()).getShape();
      bool c = false, r = false;
      if (std::optional<unsigned> d =
              findBareRank(spec, spec.output, rank, c, r))
        e = shape[*d];
    }
    if (ShapedType::isDynamic(e))
      return refuse(remarks, op, passName,
                    "rank '" + rank + "' has no static extent");
    if (!ShapedType::isDynamic(extent) && e != extent)
      return refuse(remarks, op, passName,
                    "rank '" + rank + "' has extent " + Twine(e) +
                        " here but " + Twine(extent) + " elsewhere");
    extent = e;
    bool compound = false, repeated = false;
    for (const EinsumOperand &operand : spec.inputs) {
      std::optional<unsigned> d =
          findBareRank(spec, operand.indices, rank, compound, repeated);
      auto producer = operand.value.getDefiningOp<EinsumOp>();
      bool fromRegion = producer && inRegion.contains(producer);
      auto it = producedDim.find(operand.value);
      if (fromRegion && it != producedDim.end() && (!d || *d != it->second))
        return refuse(remarks, op, passName,
                      "an operand split along rank '" + rank +
                          "' is indexed by another rank here");
      if (fromRegion && it == producedDim.end() && d)
        return refuse(remarks, op, passName,
                      "an operand from a rewritten einsum is indexed by "
                      "rank '" + rank + "' where its producer has none");
    }
    std::optional<unsigned> outDim =
        findBareRank(spec, spec.output, rank, compound, repeated);
    if (compound || repeated)
      return refuse(remarks, op, passName,
                    "rank '" + rank +
                        "' occurs in a compound or repeated index expression");
    if (outDim)
      producedDim[op.getResult()] = *outDim;
  }

  int64_t outerExtent = llvm::divideCeil(extent, tile);
  bool hasTail = extent % tile != 0;
  MLIRContext *ctx = cascade.getContext();
  IRRewriter rewriter(ctx);
  llvm::DenseMap<Value, Value> rewritten; // old value -> split value
  llvm::DenseMap<std::pair<Value, unsigned>, Value> splits;

  for (EinsumOp op : region) {
    EinsumSpec spec = EinsumSpec::fromOp(op);
    rewriter.setInsertionPoint(op);
    AffineExpr outerExpr = spec.addRank(outerName, ctx);
    AffineExpr innerExpr = spec.addRank(innerName, ctx);
    unsigned rankPos = *spec.findRank(rank);
    auto splitIndices = [&](SmallVector<AffineExpr> &indices) {
      return splitBareRankIndex(indices, rankPos, outerExpr, innerExpr);
    };
    for (EinsumOperand &operand : spec.inputs) {
      std::optional<unsigned> d = splitIndices(operand.indices);
      if (!d)
        continue;
      if (Value v = rewritten.lookup(operand.value)) {
        operand.value = v;
        continue;
      }
      // An input from outside the region: split it once per dimension.
      Value &split = splits[{operand.value, *d}];
      if (!split) {
        OpBuilder::InsertionGuard guard(rewriter);
        if (auto arg = dyn_cast<BlockArgument>(operand.value))
          rewriter.setInsertionPointToStart(arg.getOwner());
        else
          rewriter.setInsertionPointAfter(operand.value.getDefiningOp());
        auto sourceType = cast<RankedTensorType>(operand.value.getType());
        SmallVector<int64_t> shape(sourceType.getShape());
        shape[*d] = tile;
        shape.insert(shape.begin() + *d, outerExtent);
        split = SplitOp::create(
            rewriter, op.getLoc(),
            RankedTensorType::get(shape, sourceType.getElementType()),
            operand.value, rewriter.getI64IntegerAttr(*d),
            rewriter.getI64IntegerAttr(tile), FloatAttr());
      }
      operand.value = split;
    }
    std::optional<unsigned> outDim = splitIndices(spec.output);
    if (spec.isReduced(rank)) {
      spec.reduceRanks.push_back(outerName);
      spec.reduceRanks.push_back(innerName);
    }
    // Filters (and anything else) see the rank as outer*tile + inner.
    spec.substituteRank(rank, spec.rankExpr(outerName, ctx) * tile +
                                  spec.rankExpr(innerName, ctx));
    if (hasTail)
      spec.filter.push_back({-(spec.rankExpr(outerName, ctx) * tile +
                               spec.rankExpr(innerName, ctx)) +
                                 (extent - 1),
                             /*isEquality=*/false});
    SmallVector<int64_t> shape(
        cast<RankedTensorType>(op.getType()).getShape());
    if (outDim) {
      shape[*outDim] = tile;
      shape.insert(shape.begin() + *outDim, outerExtent);
      if (!spec.name.empty())
        spec.name = "B" + spec.name;
    }
    EinsumOp newOp =
        spec.build(rewriter, op.getLoc(), elementTypeOf(op.getResult()), shape);
    if (!outDim) {
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
                                      rewriter.getI64IntegerAttr(*outDim));
    for (OpOperand *use : outsideUses)
      use->set(unsplit);
  }
  for (EinsumOp op : llvm::reverse(region))
    rewriter.eraseOp(op);
  return success();
}

void EdgeSplitRankPass::runOnOperation() {
  if (tile <= 0) {
    getOperation().emitError("edge-split-rank: tile must be positive, got ")
        << int64_t(tile);
    return signalPassFailure();
  }
  // A refusal leaves the cascade untouched; it is not an error.
  (void)splitCascade(getOperation());
}
