//===- RewriteUtils.cpp - helpers shared by the edge rewrites --------------===//
//
// This file implements the small helpers shared by the rewrite passes.
//
//===----------------------------------------------------------------------===//

#include "RewriteUtils.h"

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
