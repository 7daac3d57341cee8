//===- RewriteUtils.cpp - helpers shared by the edge rewrites --------------===//
//
// This file implements the small helpers shared by the rewrite passes.
//
//===----------------------------------------------------------------------===//

#include "RewriteUtils.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace edge;

std::optional<SmallVector<std::string>>
edge::getBareOutputRanks(const EinsumSpec &spec) {
  SmallVector<std::string> names;
  for (const std::optional<std::string> &name :
       getBareRankNames(spec, spec.output)) {
    if (!name || llvm::is_contained(names, *name))
      return std::nullopt;
    names.push_back(*name);
  }
  return names;
}

SmallVector<std::optional<std::string>>
edge::getBareRankNames(const EinsumSpec &spec, ArrayRef<AffineExpr> indices) {
  SmallVector<std::optional<std::string>> names;
  for (AffineExpr e : indices) {
    if (auto dim = dyn_cast<AffineDimExpr>(e))
      names.push_back(spec.ranks[dim.getPosition()]);
    else
      names.push_back(std::nullopt);
  }
  return names;
}

EinsumOperand edge::composeOperand(const EinsumSpec &inner,
                                   const EinsumOperand &operand,
                                   ArrayRef<AffineExpr> outerIndices) {
  SmallVector<AffineExpr> dimReplacements(inner.ranks.size());
  for (auto [i, e] : llvm::enumerate(inner.output))
    dimReplacements[cast<AffineDimExpr>(e).getPosition()] = outerIndices[i];
  EinsumOperand result{operand.value, {}};
  for (AffineExpr e : operand.indices)
    result.indices.push_back(e.replaceDims(dimReplacements));
  return result;
}

SmallVector<Operation *> edge::buildSumThenMap(OpBuilder &b, Location loc,
                                               const EinsumSpec &sum,
                                               EinsumSpec map,
                                               RankedTensorType type) {
  Type elementType = type.getElementType();
  EinsumOp sumOp = sum.build(b, loc, elementType, type.getShape());
  map.inputs[0].value = sumOp.getResult();
  return {sumOp, map.build(b, loc, elementType, type.getShape())};
}

std::optional<unsigned> edge::splitBareRankIndex(SmallVectorImpl<AffineExpr> &indices,
                                                 unsigned rankPos,
                                                 AffineExpr outer,
                                                 AffineExpr inner) {
  for (unsigned i = 0; i < indices.size(); ++i)
    if (auto dim = dyn_cast<AffineDimExpr>(indices[i]);
        dim && dim.getPosition() == rankPos) {
      indices[i] = outer;
      indices.insert(indices.begin() + i + 1, inner);
      return i;
    }
  return std::nullopt;
}

std::string edge::getLocalReductionName(StringRef name) {
  if (name.starts_with("G"))
    return deriveName(name, "G", "L", "L");
  return deriveName(name, "S", "SL", "L");
}

SmallVector<EinsumSpec, 1> IRView::getProducers(Value v) const {
  if (auto op = v.getDefiningOp<EinsumOp>(); op && !op.getConstants())
    return {EinsumSpec::fromOp(op)};
  return {};
}

SmallVector<std::string> edge::getReducedRanks(CascadeOp cascade) {
  SmallVector<std::string> reduced;
  for (Operation &op : cascade.getBody().front())
    if (auto einsum = dyn_cast<EinsumOp>(op))
      for (const std::string &r : EinsumSpec::fromOp(einsum).reduceRanks)
        if (!llvm::is_contained(reduced, r))
          reduced.push_back(r);
  return reduced;
}

SmallVector<std::string> edge::getDerivationRanks(CascadeOp cascade) {
  llvm::StringSet<> used;
  SmallVector<EinsumSpec, 8> specs;
  for (Operation &op : cascade.getBody().front())
    if (auto einsum = dyn_cast<EinsumOp>(op)) {
      specs.push_back(EinsumSpec::fromOp(einsum));
      for (const std::string &r : specs.back().ranks)
        used.insert(r);
    }
  // The rank `r` is a piece of: the base whose split names contain it.
  auto pieceOf = [&](StringRef r) -> std::optional<std::pair<std::string, bool>> {
    if (r.size() < 2)
      return std::nullopt;
    SplitRankNames names = getSplitRankNames(r.drop_back());
    if (names.outer == r && used.contains(names.inner))
      return std::make_pair(r.drop_back().str(), true);
    if (names.inner == r && used.contains(names.outer))
      return std::make_pair(r.drop_back().str(), false);
    return std::nullopt;
  };
  SmallVector<std::string> ranks;
  for (const EinsumSpec &spec : specs) {
    if (spec.reduceCompute != ComputeKind::Max)
      continue;
    for (const std::string &r : spec.reduceRanks) {
      std::string candidate = r;
      if (auto piece = pieceOf(r)) {
        if (!piece->second)
          continue; // an inner piece: its rank is found through the outer
        candidate = piece->first;
      }
      if (!llvm::is_contained(ranks, candidate))
        ranks.push_back(candidate);
    }
  }
  return ranks;
}
