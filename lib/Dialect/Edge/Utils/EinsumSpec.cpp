//===- EinsumSpec.cpp - editable description of an einsum -----------------===//
//
// This file implements EinsumSpec: reading an edge.einsum into named parts,
// editing its ranks, and building it back.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Utils/EinsumSpec.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace edge;

static SmallVector<std::string> toStrings(ArrayAttr names) {
  return llvm::to_vector(llvm::map_range(names, [](Attribute a) {
    return cast<StringAttr>(a).getValue().str();
  }));
}

EinsumSpec EinsumSpec::fromOp(EinsumOp op) {
  EinsumSpec spec;
  spec.name = op.getName().value_or("").str();
  spec.ranks = toStrings(op.getRanks());
  spec.symbols = toStrings(op.getSymbols());
  for (auto [i, value] : llvm::enumerate(op.getInputs()))
    spec.inputs.push_back(
        {value, llvm::to_vector(op.getInputMap(i).getResults())});
  spec.output = llvm::to_vector(op.getOutputMap().getResults());
  spec.mapCompute = op.getMapCompute();
  spec.mapMerge = op.getMapMerge();
  if (std::optional<ArrayAttr> unary = op.getUnary())
    for (Attribute a : *unary)
      spec.unary.push_back(cast<UnaryKindAttr>(a).getValue());
  if (std::optional<IntegerSet> set = op.getFilter())
    for (unsigned i = 0; i < set->getNumConstraints(); ++i)
      spec.filter.push_back({set->getConstraint(i), set->isEq(i)});
  spec.reduceRanks = toStrings(op.getReduceRanks());
  spec.reduceCompute = op.getReduceCompute();
  spec.reduceMerge = op.getReduceMerge();
  spec.empty = op.getEmpty();
  for (auto [position, operand] : llvm::enumerate(op.getFoldOperands()))
    if (operand.constant)
      spec.constants.push_back({static_cast<unsigned>(position),
                                *operand.constant});
  return spec;
}

std::optional<unsigned> EinsumSpec::findRank(StringRef rank) const {
  auto *it = llvm::find(ranks, rank);
  if (it == ranks.end())
    return std::nullopt;
  return it - ranks.begin();
}

std::optional<unsigned> EinsumSpec::findSymbol(StringRef symbol) const {
  auto *it = llvm::find(symbols, symbol);
  if (it == symbols.end())
    return std::nullopt;
  return it - symbols.begin();
}

AffineExpr EinsumSpec::rankExpr(StringRef rank, MLIRContext *ctx) const {
  std::optional<unsigned> pos = findRank(rank);
  assert(pos && "unknown rank");
  return getAffineDimExpr(*pos, ctx);
}

AffineExpr EinsumSpec::addRank(StringRef rank, MLIRContext *ctx) {
  assert(!findRank(rank) && "rank already present");
  ranks.push_back(rank.str());
  return getAffineDimExpr(ranks.size() - 1, ctx);
}

/// Applies `fn` to every expression of the spec.
static void forEachExpr(EinsumSpec &spec,
                        llvm::function_ref<AffineExpr(AffineExpr)> fn) {
  for (EinsumOperand &operand : spec.inputs)
    for (AffineExpr &e : operand.indices)
      e = fn(e);
  for (AffineExpr &e : spec.output)
    e = fn(e);
  for (EinsumConstraint &c : spec.filter)
    c.expr = fn(c.expr);
}

void EinsumSpec::substituteRank(StringRef rank, AffineExpr replacement) {
  std::optional<unsigned> pos = findRank(rank);
  assert(pos && "unknown rank");
  MLIRContext *ctx = replacement.getContext();
  // First substitute, then renumber the dims above `pos` down by one.
  SmallVector<AffineExpr> dimReplacements;
  for (unsigned i = 0; i < ranks.size(); ++i)
    dimReplacements.push_back(i == *pos ? replacement
                                        : getAffineDimExpr(i, ctx));
  forEachExpr(*this, [&](AffineExpr e) {
    return e.replaceDims(dimReplacements);
  });
  SmallVector<AffineExpr> shift;
  for (unsigned i = 0; i < ranks.size(); ++i)
    shift.push_back(getAffineDimExpr(i < *pos ? i : (i == *pos ? 0 : i - 1),
                                     ctx));
  forEachExpr(*this, [&](AffineExpr e) { return e.replaceDims(shift); });
  ranks.erase(ranks.begin() + *pos);
  llvm::erase(reduceRanks, rank.str());
}

void EinsumSpec::rankToSymbol(StringRef rank, MLIRContext *ctx) {
  std::optional<unsigned> pos = findRank(rank);
  assert(pos && "unknown rank");
  symbols.push_back(rank.str());
  substituteRank(rank, getAffineSymbolExpr(symbols.size() - 1, ctx));
}

bool EinsumSpec::indexUsesRank(ArrayRef<AffineExpr> indices,
                               StringRef rank) const {
  std::optional<unsigned> pos = findRank(rank);
  if (!pos)
    return false;
  return llvm::any_of(indices,
                      [&](AffineExpr e) { return e.isFunctionOfDim(*pos); });
}

bool EinsumSpec::usesRank(StringRef rank) const {
  std::optional<unsigned> pos = findRank(rank);
  if (!pos)
    return false;
  for (const EinsumOperand &operand : inputs)
    if (indexUsesRank(operand.indices, rank))
      return true;
  if (indexUsesRank(output, rank))
    return true;
  return llvm::any_of(filter, [&](const EinsumConstraint &c) {
    return c.expr.isFunctionOfDim(*pos);
  });
}

bool EinsumSpec::isReduced(StringRef rank) const {
  return llvm::is_contained(reduceRanks, rank.str());
}

SmallVector<int64_t> EinsumSpec::rankExtents() const {
  SmallVector<int64_t> extents(ranks.size(), ShapedType::kDynamic);
  for (const EinsumOperand &operand : inputs)
    collectBareRankExtents(
        operand.indices,
        cast<RankedTensorType>(operand.value.getType()).getShape(), extents);
  return extents;
}

EinsumOp EinsumSpec::build(OpBuilder &builder, Location loc, Type elementType,
                           std::optional<ArrayRef<int64_t>> resultShape) const {
  MLIRContext *ctx = builder.getContext();
  SmallVector<int64_t> shape;
  if (resultShape) {
    shape.assign(resultShape->begin(), resultShape->end());
  } else {
    SmallVector<int64_t> extents = rankExtents();
    for (AffineExpr e : output) {
      auto dim = dyn_cast<AffineDimExpr>(e);
      assert(dim && "non-bare output expression needs an explicit shape");
      shape.push_back(extents[dim.getPosition()]);
    }
  }
  auto resultType = RankedTensorType::get(shape, elementType);

  auto strArray = [&](ArrayRef<std::string> names) {
    return builder.getStrArrayAttr(llvm::to_vector(
        llvm::map_range(names, [](const std::string &s) { return StringRef(s); })));
  };
  SmallVector<Attribute> maps;
  SmallVector<Value> values;
  for (const EinsumOperand &operand : inputs) {
    values.push_back(operand.value);
    maps.push_back(AffineMapAttr::get(
        AffineMap::get(ranks.size(), symbols.size(), operand.indices, ctx)));
  }
  maps.push_back(AffineMapAttr::get(
      AffineMap::get(ranks.size(), symbols.size(), output, ctx)));

  IntegerSetAttr filterAttr;
  if (!filter.empty()) {
    SmallVector<AffineExpr> exprs;
    SmallVector<bool> eqFlags;
    for (const EinsumConstraint &c : filter) {
      exprs.push_back(c.expr);
      eqFlags.push_back(c.isEquality);
    }
    filterAttr = IntegerSetAttr::get(
        IntegerSet::get(ranks.size(), symbols.size(), exprs, eqFlags));
  }
  ArrayAttr unaryAttr;
  if (!unary.empty())
    unaryAttr = builder.getArrayAttr(llvm::to_vector(llvm::map_range(
        unary, [&](UnaryKind k) -> Attribute {
          return UnaryKindAttr::get(ctx, k);
        })));
  auto computeAttr = [&](std::optional<ComputeKind> k) {
    return k ? ComputeKindAttr::get(ctx, *k) : ComputeKindAttr();
  };
  auto mergeAttr = [&](std::optional<MergeKind> k) {
    return k ? MergeKindAttr::get(ctx, *k) : MergeKindAttr();
  };
  // Empty values and constants take the result's element type.
  auto toElementAttr = [&](APFloat value) {
    bool losesInfo;
    value.convert(cast<FloatType>(elementType).getFloatSemantics(),
                  APFloat::rmNearestTiesToEven, &losesInfo);
    return FloatAttr::get(elementType, value);
  };
  FloatAttr emptyAttr;
  if (empty)
    emptyAttr = toElementAttr(*empty);
  DenseI64ArrayAttr constantPositions;
  ArrayAttr constantValues;
  if (hasConstants()) {
    SmallVector<int64_t> positions;
    SmallVector<Attribute> attrs;
    for (const auto &[position, value] : constants) {
      positions.push_back(position);
      attrs.push_back(toElementAttr(value));
    }
    constantPositions = builder.getDenseI64ArrayAttr(positions);
    constantValues = builder.getArrayAttr(attrs);
  }
  return EinsumOp::create(
      builder, loc, resultType, values,
      name.empty() ? StringAttr() : builder.getStringAttr(name),
      strArray(ranks), strArray(symbols), builder.getArrayAttr(maps),
      computeAttr(mapCompute), mergeAttr(mapMerge), unaryAttr, filterAttr,
      strArray(reduceRanks), computeAttr(reduceCompute),
      mergeAttr(reduceMerge), emptyAttr, constantPositions, constantValues);
}

SplitRankNames edge::getSplitRankNames(StringRef rank) {
  return {(rank + "1").str(), (rank + "0").str()};
}

std::optional<std::string> edge::getSplitRankOrigin(StringRef outer,
                                                    StringRef inner) {
  if (outer.size() < 2)
    return std::nullopt;
  StringRef rank = outer.drop_back();
  SplitRankNames names = getSplitRankNames(rank);
  if (names.outer != outer || names.inner != inner)
    return std::nullopt;
  return rank.str();
}
