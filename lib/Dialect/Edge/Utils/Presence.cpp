//===- Presence.cpp - where a tensor value is surely present ---------------===//
//
// This file implements the presence guarantee analysis: a conjunction of
// affine constraints per value, with existential locals for reduced ranks,
// derived from splits (tails), filters and merges; conservative wherever the
// structure is not one of those.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Utils/Presence.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace edge;

/// Guarantees computed during one query. Values are shared by many users
/// (a DAG), so without it a query would take time exponential in depth.
using GuaranteeCache = llvm::DenseMap<Value, PresenceGuarantee>;

static PresenceGuarantee guaranteeOf(Value value, GuaranteeCache &cache);

/// A box of integer points: one closed range per variable (dims, then
/// symbols), and facts that hold on it beyond the ranges: a variable of
/// run-time extent ceildiv(M, T) satisfies `M - 1 - T*v >= 0`, which no
/// range of v and M says.
namespace {
struct Box {
  SmallVector<int64_t> lo, hi;
  SmallVector<EinsumConstraint> facts;
};
} // namespace

/// The largest index of a run-time extent that a box assumes: extents are
/// at most kMaxElements (docs/Limits.md), so the box encloses every run.
constexpr int64_t kMaxIndex = kMaxElements - 1;

static bool isImpliedByFilter(const EinsumConstraint &c,
                              ArrayRef<EinsumConstraint> filter,
                              unsigned numDims, unsigned numSymbols);

/// Whether `c` holds at every point of `box` (dims, then symbols; it may
/// cover more symbols than `c` uses): its range on the box (exact for linear
/// constraints, enclosing for floordiv and mod) is enough, or, with the
/// variables pinned by the box (lo == hi) replaced by their value, one of
/// the box's facts implies it.
static bool holdsOnBox(const EinsumConstraint &c, unsigned numDims,
                       unsigned numSymbols, const Box &box) {
  std::optional<std::pair<int64_t, int64_t>> range =
      getRangeOnBox(c.expr, numDims, box.lo, box.hi);
  // A range past 64 bits proves nothing: the constraint may fail.
  if (range) {
    auto [minValue, maxValue] = *range;
    if (!c.isEquality ? minValue >= 0 : minValue == 0 && maxValue == 0)
      return true;
  }
  if (box.facts.empty() || c.isEquality)
    return false;
  MLIRContext *ctx = c.expr.getContext();
  SmallVector<AffineExpr> dims, syms;
  for (unsigned i = 0; i < box.lo.size(); ++i) {
    AffineExpr variable = i < numDims ? getAffineDimExpr(i, ctx)
                                      : getAffineSymbolExpr(i - numDims, ctx);
    if (box.lo[i] == box.hi[i])
      variable = getAffineConstantExpr(box.lo[i], ctx);
    (i < numDims ? dims : syms).push_back(variable);
  }
  unsigned numBoxSymbols = box.lo.size() - numDims;
  AffineExpr pinned = simplifyAffineExpr(
      c.expr.replaceDimsAndSymbols(dims, syms), numDims, numBoxSymbols);
  return isImpliedByFilter({pinned, false}, box.facts, numDims,
                           numBoxSymbols);
}

/// The symbols of a box: names, ranges and the facts over them. Sizes (M)
/// join as the facts about run-time extents name them.
namespace {
struct SymbolSpace {
  SmallVector<std::string> names;
  SmallVector<int64_t> lo, hi;
  SmallVector<EinsumConstraint> facts;
  /// The cascade's declared sizes, built on first use.
  std::optional<CascadeSizes> sizes;
  CascadeOp cascade;

  explicit SymbolSpace(Operation *anchor)
      : cascade(isa<CascadeOp>(anchor) ? cast<CascadeOp>(anchor)
                                       : anchor->getParentOfType<CascadeOp>()) {
  }

  CascadeSizes *getSizes() {
    if (!sizes && cascade)
      sizes.emplace(cascade, /*unify=*/false);
    return sizes ? &*sizes : nullptr;
  }

  /// The symbol of size `name` (appended, of range [1, 2^40], if new).
  AffineExpr sizeSymbol(StringRef name, MLIRContext *ctx) {
    auto *it = llvm::find(names, name);
    if (it == names.end()) {
      names.push_back(name.str());
      lo.push_back(1);
      hi.push_back(kMaxElements);
      it = names.end() - 1;
    }
    return getAffineSymbolExpr(it - names.begin(), ctx);
  }

  /// The fact that `variable` indexes an extent `extent` (an expression of
  /// CascadeSizes), added to `out`: `M - 1 - T*v >= 0` for ceildiv(M, T),
  /// `M - 1 - v >= 0` for M; nothing for another extent or an unnamed size.
  void addExtentFact(AffineExpr variable, AffineExpr extent,
                     SmallVectorImpl<EinsumConstraint> &out) {
    CascadeSizes *view = getSizes();
    if (!view || !extent)
      return;
    int64_t tile = 1;
    if (auto tiles = dyn_cast<AffineBinaryOpExpr>(extent);
        tiles && tiles.getKind() == AffineExprKind::CeilDiv)
      if (auto t = dyn_cast<AffineConstantExpr>(tiles.getRHS())) {
        tile = t.getValue();
        extent = tiles.getLHS();
      }
    auto size = dyn_cast<AffineSymbolExpr>(extent);
    if (!size || view->getNames()[size.getPosition()].empty())
      return;
    AffineExpr bound =
        sizeSymbol(view->getNames()[size.getPosition()], variable.getContext());
    out.push_back({bound - 1 - variable * tile, false});
  }

  /// Appends the symbols' ranges and facts to `box` (after its dims).
  void extend(Box &box) const {
    llvm::append_range(box.lo, lo);
    llvm::append_range(box.hi, hi);
    llvm::append_range(box.facts, facts);
  }
};
} // namespace

/// The ranges of `space`'s symbols at `op`: the steps of the enclosing
/// edge.iterate ops named so (a run-time trip count ceildiv(M, T) adds the
/// size M and its fact), and the cascade's sizes. Fails on another name.
static LogicalResult getSymbolRanges(Operation *op, SymbolSpace &space) {
  for (unsigned i = 0; i < space.names.size(); ++i) {
    if (i < space.lo.size())
      continue; // a size added with its range
    std::string name = space.names[i];
    IterateOp iterate;
    for (Operation *p = op->getParentOp(); p && !iterate; p = p->getParentOp())
      if (auto candidate = dyn_cast<IterateOp>(p))
        if (candidate.getRank() == name)
          iterate = candidate;
    if (iterate && iterate.getStop()) {
      space.lo.push_back(0);
      space.hi.push_back(static_cast<int64_t>(*iterate.getStop()) - 1);
      continue;
    }
    if (iterate) {
      space.lo.push_back(0);
      space.hi.push_back(kMaxIndex);
      if (CascadeSizes *sizes = space.getSizes())
        space.addExtentFact(getAffineSymbolExpr(i, op->getContext()),
                            sizes->getTripCount(iterate), space.facts);
      continue;
    }
    if (!space.cascade || !space.cascade.lookupSize(name))
      return failure();
    space.lo.push_back(1);
    space.hi.push_back(kMaxElements);
  }
  return success();
}

/// Drops the constraints that mention locals when one choice of the locals
/// (all at their minimum, or all at their maximum) satisfies them on the
/// whole box of the other variables: then the existential always holds.
/// `box` covers dims (value dims, locals) then symbols; the locals' entries
/// are overwritten with the candidate.
static void eliminateLocals(PresenceGuarantee &g, Box box) {
  unsigned numDims = g.rank + g.localExtents.size();
  auto mentionsLocal = [&](const EinsumConstraint &c) {
    for (unsigned i = g.rank; i < numDims; ++i)
      if (c.expr.isFunctionOfDim(i))
        return true;
    return false;
  };
  SmallVector<EinsumConstraint> withLocals, without;
  for (const EinsumConstraint &c : g.constraints)
    (mentionsLocal(c) ? withLocals : without).push_back(c);
  if (withLocals.empty()) {
    g.localExtents.clear();
    return;
  }
  // A local of run-time extent has index 0 (an extent is at least 1), but
  // no known last index.
  bool dynamicLocal = llvm::any_of(g.localExtents, ShapedType::isDynamic);
  for (bool atMax : {false, true}) {
    if (atMax && dynamicLocal)
      break;
    for (auto [i, extent] : llvm::enumerate(g.localExtents)) {
      box.lo[g.rank + i] = atMax ? extent - 1 : 0;
      box.hi[g.rank + i] = box.lo[g.rank + i];
    }
    if (llvm::all_of(withLocals, [&](const EinsumConstraint &c) {
          return holdsOnBox(c, numDims, g.symbols.size(), box);
        })) {
      g.constraints = without;
      g.localExtents.clear();
      return;
    }
  }
}

/// The full box of a guarantee's variables, given the value's extents
/// (constants or CascadeSizes expressions; a run-time one ranges up to
/// 2^40 with its fact) and `space` (the locals' extents are `localExtents`,
/// a run-time one `localFacts`'s); dimension `fixed` may be pinned to one
/// index.
static std::optional<Box>
fullBox(const PresenceGuarantee &g, ArrayRef<int64_t> shape,
        SymbolSpace &space, std::optional<std::pair<unsigned, int64_t>> fixed,
        ArrayRef<AffineExpr> dimExtents = {},
        ArrayRef<AffineExpr> localExtents = {}) {
  Box box;
  auto addDynamic = [&](unsigned position, ArrayRef<AffineExpr> extents,
                        unsigned index) {
    if (index < extents.size() && extents[index])
      space.addExtentFact(
          getAffineDimExpr(position, extents[index].getContext()),
          extents[index], box.facts);
  };
  for (auto [i, extent] : llvm::enumerate(shape)) {
    bool pinned = fixed && fixed->first == i;
    if (ShapedType::isDynamic(extent) && !pinned)
      addDynamic(i, dimExtents, i);
    box.lo.push_back(pinned ? fixed->second : 0);
    box.hi.push_back(pinned ? fixed->second
                            : ShapedType::isDynamic(extent) ? kMaxIndex
                                                            : extent - 1);
  }
  for (auto [i, extent] : llvm::enumerate(g.localExtents)) {
    if (ShapedType::isDynamic(extent))
      addDynamic(shape.size() + i, localExtents, i);
    box.lo.push_back(0);
    box.hi.push_back(ShapedType::isDynamic(extent) ? kMaxIndex : extent - 1);
  }
  space.extend(box);
  return box;
}

/// Re-expresses `g` in an einsum's iteration space: the value's dims become
/// the operand's index expressions, its locals become dims numbered from
/// `firstLocal`, its symbols are matched by name. Fails on unknown symbols.
static LogicalResult toIterationSpace(const PresenceGuarantee &g,
                                      ArrayRef<AffineExpr> indices,
                                      ArrayRef<std::string> symbols,
                                      unsigned firstLocal, MLIRContext *ctx,
                                      SmallVectorImpl<EinsumConstraint> &out) {
  SmallVector<AffineExpr> dims(indices.begin(), indices.end());
  for (unsigned i = 0; i < g.localExtents.size(); ++i)
    dims.push_back(getAffineDimExpr(firstLocal + i, ctx));
  SmallVector<AffineExpr> syms;
  for (const std::string &name : g.symbols) {
    auto *it = llvm::find(symbols, name);
    if (it == symbols.end())
      return failure();
    syms.push_back(getAffineSymbolExpr(it - symbols.begin(), ctx));
  }
  for (const EinsumConstraint &c : g.constraints)
    out.push_back({c.expr.replaceDimsAndSymbols(dims, syms), c.isEquality});
  return success();
}

/// The box of an einsum's iteration space: its ranks, then its symbols
/// (`space`, when known); none when an extent is unknown. A rank that is
/// bare only in the output has the extent of `resultShape` there. With
/// `space`, a rank of run-time extent ranges up to 2^40 and gets its fact
/// (the extent of an operand it indexes barely).
static std::optional<Box>
iterationBox(const EinsumSpec &spec, SymbolSpace *space,
             ArrayRef<int64_t> resultShape = {}) {
  if (!space && !spec.symbols.empty())
    return std::nullopt;
  // Ranks that are bare only in the output take the result's extent.
  SmallVector<int64_t> extents = spec.rankExtents();
  for (auto [e, size] : llvm::zip(spec.output, resultShape))
    if (auto d = dyn_cast<AffineDimExpr>(e))
      if (ShapedType::isDynamic(extents[d.getPosition()]))
        extents[d.getPosition()] = size;
  Box box;
  for (auto [pos, extent] : llvm::enumerate(extents)) {
    if (ShapedType::isDynamic(extent) && space) {
      if (CascadeSizes *sizes = space->getSizes())
        for (const EinsumOperand &operand : spec.inputs)
          for (auto [d, e] : llvm::enumerate(operand.indices))
            if (auto dim = dyn_cast<AffineDimExpr>(e);
                dim && dim.getPosition() == pos)
              space->addExtentFact(dim, sizes->getExtent(operand.value, d),
                                   box.facts);
      box.lo.push_back(0);
      box.hi.push_back(kMaxIndex);
      continue;
    }
    if (ShapedType::isDynamic(extent) || extent <= 0)
      return std::nullopt;
    box.lo.push_back(0);
    box.hi.push_back(extent - 1);
  }
  if (space)
    space->extend(box);
  return box;
}

/// Bounds constraints `0 <= e <= extent - 1` for a non-bare index expression,
/// which may fall outside the operand. A bound that holds on the whole
/// iteration box (e.g. `g*2 + j` with g < 4, j < 2 into an extent of 8) is
/// no condition at all and is left out.
static void addBounds(AffineExpr e, int64_t extent, const EinsumSpec &spec,
                      const std::optional<Box> &box,
                      SmallVectorImpl<EinsumConstraint> &out) {
  if (isa<AffineDimExpr>(e))
    return;
  for (EinsumConstraint c : {EinsumConstraint{e, false},
                             EinsumConstraint{-e + (extent - 1), false}})
    if (!box ||
        !holdsOnBox(c, spec.ranks.size(), spec.symbols.size(), *box))
      out.push_back(c);
}

/// Drops the symbols that no constraint of `g` names (the sizes that only
/// facts named): a client that does not know them can still read `g`.
static void dropUnusedSymbols(PresenceGuarantee &g) {
  if (g.symbols.empty())
    return;
  MLIRContext *ctx = nullptr;
  SmallVector<bool> used(g.symbols.size(), false);
  for (const EinsumConstraint &c : g.constraints) {
    ctx = c.expr.getContext();
    for (unsigned i = 0; i < used.size(); ++i)
      used[i] = used[i] || c.expr.isFunctionOfSymbol(i);
  }
  if (llvm::all_of(used, [](bool u) { return u; }))
    return;
  SmallVector<std::string> kept;
  SmallVector<AffineExpr> renumber;
  for (auto [i, name] : llvm::enumerate(g.symbols)) {
    renumber.push_back(
        ctx ? getAffineSymbolExpr(used[i] ? kept.size() : 0, ctx)
            : AffineExpr());
    if (used[i])
      kept.push_back(name);
  }
  for (EinsumConstraint &c : g.constraints)
    c.expr = c.expr.replaceSymbols(renumber);
  g.symbols = std::move(kept);
}

/// The guarantee of an einsum's result. With `fixed` = (output dim, index),
/// only the slice of the result at that index is considered.
static PresenceGuarantee
einsumGuarantee(EinsumOp op, GuaranteeCache &cache,
                std::optional<std::pair<unsigned, int64_t>> fixed = {}) {
  EinsumSpec spec = EinsumSpec::fromOp(op);
  MLIRContext *ctx = op.getContext();
  // A point where all operands are present is visited only if the merge
  // visits (present, present).
  // Scalar constants are present everywhere.
  if (spec.inputs.size() + spec.constants.size() >= 2 &&
      !mergeVisits(*spec.mapMerge, /*leftPresent=*/true, /*rightPresent=*/true))
    return PresenceGuarantee::unknown();
  // Symbols: the einsum's own, then the ranks of enclosing iterations that
  // only its operands' guarantees name (a slice's tail at the iteration).
  // Run-time sizes join as facts about extents name them.
  SymbolSpace space(op);
  SmallVector<std::string> &symbols = space.names;
  symbols = spec.symbols;
  for (const EinsumOperand &operand : spec.inputs)
    for (const std::string &name : guaranteeOf(operand.value, cache).symbols)
      if (!llvm::is_contained(symbols, name))
        symbols.push_back(name);
  if (failed(getSymbolRanges(op, space)))
    return PresenceGuarantee::unknown();

  // Where a point is surely visited, over the iteration ranks and the
  // operands' locals (numbered after the ranks).
  unsigned numRanks = spec.ranks.size();
  SmallVector<int64_t> operandLocals;
  SmallVector<EinsumConstraint> visited(spec.filter.begin(), spec.filter.end());
  std::optional<Box> rankBox = iterationBox(
      spec, &space, cast<RankedTensorType>(op.getType()).getShape());
  for (const EinsumOperand &operand : spec.inputs) {
    PresenceGuarantee g = guaranteeOf(operand.value, cache);
    if (!g.known ||
        failed(toIterationSpace(g, operand.indices, symbols,
                                numRanks + operandLocals.size(), ctx, visited)))
      return PresenceGuarantee::unknown();
    llvm::append_range(operandLocals, g.localExtents);
    auto shape = cast<RankedTensorType>(operand.value.getType()).getShape();
    for (auto [e, extent] : llvm::zip(operand.indices, shape)) {
      if (ShapedType::isDynamic(extent) && !isa<AffineDimExpr>(e))
        return PresenceGuarantee::unknown();
      addBounds(e, extent, spec, rankBox, visited);
    }
  }

  // The result's dims are the output ranks; reduced ranks and the operands'
  // locals become its locals.
  SmallVector<int> outputPos(numRanks, -1);
  for (auto [i, e] : llvm::enumerate(spec.output)) {
    auto dim = dyn_cast<AffineDimExpr>(e);
    if (!dim || outputPos[dim.getPosition()] >= 0)
      return PresenceGuarantee::unknown();
    outputPos[dim.getPosition()] = i;
  }
  SmallVector<int64_t> extents = spec.rankExtents();
  PresenceGuarantee result;
  result.rank = spec.output.size();
  // A reduced rank of run-time extent is a local whose extent expression
  // gives its fact.
  SmallVector<AffineExpr> localExprs, rankExprs;
  if (llvm::any_of(extents, ShapedType::isDynamic))
    if (CascadeSizes *sizes = space.getSizes())
      rankExprs = sizes->getRankExtents(op);
  SmallVector<AffineExpr> renumber;
  for (unsigned pos = 0; pos < numRanks; ++pos) {
    if (outputPos[pos] >= 0) {
      renumber.push_back(getAffineDimExpr(outputPos[pos], ctx));
      continue;
    }
    if (!ShapedType::isDynamic(extents[pos]) && extents[pos] <= 0)
      return PresenceGuarantee::unknown();
    result.localExtents.push_back(extents[pos]);
    localExprs.push_back(pos < rankExprs.size() ? rankExprs[pos]
                                                : AffineExpr());
    renumber.push_back(getAffineDimExpr(0, ctx)); // fixed below
  }
  unsigned numReduced = result.localExtents.size();
  unsigned nextLocal = 0;
  for (unsigned pos = 0; pos < numRanks; ++pos)
    if (outputPos[pos] < 0)
      renumber[pos] = getAffineDimExpr(result.rank + nextLocal++, ctx);
  for (unsigned i = 0; i < operandLocals.size(); ++i)
    renumber.push_back(getAffineDimExpr(result.rank + numReduced + i, ctx));
  llvm::append_range(result.localExtents, operandLocals);
  // Operands that share producers repeat their constraints; keep one of each
  // (affine expressions are uniqued, so this compares pointers).
  llvm::DenseSet<std::pair<AffineExpr, unsigned>> seen;
  for (const EinsumConstraint &c : visited) {
    AffineExpr e = c.expr.replaceDims(renumber);
    if (auto cst = dyn_cast<AffineConstantExpr>(e)) {
      if (c.isEquality ? cst.getValue() != 0 : cst.getValue() < 0)
        return PresenceGuarantee::unknown(); // never present: say nothing
      continue;
    }
    if (seen.insert({e, c.isEquality}).second)
      result.constraints.push_back({e, c.isEquality});
  }

  auto resultType = cast<RankedTensorType>(op.getType());
  SmallVector<AffineExpr> dimExprs;
  if (!resultType.hasStaticShape())
    if (CascadeSizes *sizes = space.getSizes())
      for (unsigned d = 0; d < resultType.getRank(); ++d)
        dimExprs.push_back(sizes->getExtent(op.getResult(), d));
  std::optional<Box> box = fullBox(result, resultType.getShape(), space, fixed,
                                   dimExprs, localExprs);
  if (!box)
    return PresenceGuarantee::unknown();
  result.symbols = symbols;
  eliminateLocals(result, *box);
  if (fixed) {
    // Constraints that hold on the whole slice say nothing more.
    unsigned numDims = result.rank + result.localExtents.size();
    llvm::erase_if(result.constraints, [&](const EinsumConstraint &c) {
      return holdsOnBox(c, numDims, result.symbols.size(), *box);
    });
  }
  dropUnusedSymbols(result);
  return result;
}

static PresenceGuarantee splitGuarantee(SplitOp op, GuaranteeCache &cache) {
  PresenceGuarantee source = guaranteeOf(op.getSource(), cache);
  if (!source.known)
    return source;
  // A run-time extent M bounds the tail by its declared name, as the
  // filters of split-rank do: `M - 1 - (d*T + d') >= 0`.
  auto sourceType = cast<RankedTensorType>(op.getSource().getType());
  std::optional<std::string> size;
  if (ShapedType::isDynamic(sourceType.getDimSize(op.getDim()))) {
    auto cascade = op->getParentOfType<CascadeOp>();
    if (!cascade)
      return PresenceGuarantee::unknown();
    CascadeSizes sizes(cascade, /*unify=*/false);
    auto extent = dyn_cast_or_null<AffineSymbolExpr>(
        sizes.getExtent(op.getSource(), op.getDim()));
    if (!extent || sizes.getNames()[extent.getPosition()].empty())
      return PresenceGuarantee::unknown();
    size = sizes.getNames()[extent.getPosition()];
  }
  // The locals shift by one like the dims after the split dim.
  SmallVector<AffineExpr> replacements =
      getSplitSourceIndices(op, source.localExtents.size());
  PresenceGuarantee result = source;
  result.rank = source.rank + 1;
  result.constraints.clear();
  for (const EinsumConstraint &c : source.constraints)
    result.constraints.push_back(
        {c.expr.replaceDims(replacements), c.isEquality});
  if (std::optional<EinsumConstraint> tail = getSplitTail(op))
    result.constraints.push_back(*tail);
  if (size) {
    MLIRContext *ctx = op.getContext();
    auto *it = llvm::find(result.symbols, *size);
    if (it == result.symbols.end()) {
      result.symbols.push_back(*size);
      it = result.symbols.end() - 1;
    }
    AffineExpr bound = getAffineSymbolExpr(it - result.symbols.begin(), ctx);
    AffineExpr index = getSplitSourceIndices(op, 0)[op.getDim()];
    result.constraints.push_back({bound - 1 - index, false});
  }
  return result;
}

SmallVector<AffineExpr> edge::getSplitSourceIndices(SplitOp op,
                                                    unsigned numTrailing) {
  MLIRContext *ctx = op.getContext();
  int64_t dim = op.getDim(), tile = op.getTile();
  int64_t rank = cast<RankedTensorType>(op.getSource().getType()).getRank();
  SmallVector<AffineExpr> indices;
  for (int64_t i = 0; i < rank + numTrailing; ++i) {
    if (i < dim)
      indices.push_back(getAffineDimExpr(i, ctx));
    else if (i == dim)
      indices.push_back(getAffineDimExpr(dim, ctx) * tile +
                        getAffineDimExpr(dim + 1, ctx));
    else
      indices.push_back(getAffineDimExpr(i + 1, ctx));
  }
  return indices;
}

std::optional<EinsumConstraint> edge::getSplitTail(SplitOp op) {
  int64_t dim = op.getDim(), tile = op.getTile();
  int64_t extent =
      cast<RankedTensorType>(op.getSource().getType()).getDimSize(dim);
  if (ShapedType::isDynamic(extent) || extent % tile == 0)
    return std::nullopt;
  AffineExpr index = getSplitSourceIndices(op, 0)[dim];
  return EinsumConstraint{-index + (extent - 1), false};
}

static PresenceGuarantee sliceGuarantee(IterateOp iterate, unsigned index,
                                        GuaranteeCache &cache) {
  Value source = iterate.getSliceSources()[index];
  unsigned dim = iterate.getSliceDims()[index];
  PresenceGuarantee g = guaranteeOf(source, cache);
  if (!g.known || g.constraints.empty())
    return g.known ? PresenceGuarantee{true, g.rank - 1, {}, {}, {}} : g;
  MLIRContext *ctx = iterate.getContext();
  // The sliced dim becomes the iterate's rank, a symbol; later dims and the
  // locals shift down by one.
  PresenceGuarantee result = g;
  result.rank = g.rank - 1;
  result.symbols.push_back(iterate.getRank().str());
  AffineExpr rankSym = getAffineSymbolExpr(result.symbols.size() - 1, ctx);
  SmallVector<AffineExpr> dims, syms;
  for (unsigned i = 0; i < g.rank + g.localExtents.size(); ++i)
    dims.push_back(i == dim ? rankSym
                            : getAffineDimExpr(i < dim ? i : i - 1, ctx));
  for (unsigned i = 0; i < g.symbols.size(); ++i)
    syms.push_back(getAffineSymbolExpr(i, ctx));
  result.constraints.clear();
  for (const EinsumConstraint &c : g.constraints)
    result.constraints.push_back(
        {c.expr.replaceDimsAndSymbols(dims, syms), c.isEquality});
  return result;
}

/// A guarantee of "present everywhere" for a value of `type`.
static PresenceGuarantee full(Type type) {
  PresenceGuarantee g;
  g.rank = cast<RankedTensorType>(type).getRank();
  return g;
}

/// The guarantee of `value`, without the cache.
static PresenceGuarantee computeGuarantee(Value value, GuaranteeCache &cache) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (isa<CascadeOp>(owner))
      return full(value.getType());
    if (auto iterate = dyn_cast<IterateOp>(owner)) {
      unsigned numSlices = iterate.getSliceSources().size();
      if (arg.getArgNumber() < numSlices)
        return sliceGuarantee(iterate, arg.getArgNumber(), cache);
      return full(value.getType()); // running values are dense
    }
    return PresenceGuarantee::unknown();
  }
  Operation *def = value.getDefiningOp();
  if (isa<FillOp, IterateOp>(def))
    return full(value.getType());
  // A mask is known only at run time: no point of a masked tensor is surely
  // present, so the rewrites that need presence refuse to touch it.
  if (isa<MaskOp>(def))
    return PresenceGuarantee::unknown();
  if (auto split = dyn_cast<SplitOp>(def))
    return splitGuarantee(split, cache);
  if (auto einsum = dyn_cast<EinsumOp>(def))
    return einsumGuarantee(einsum, cache);
  if (auto unsplit = dyn_cast<UnsplitOp>(def)) {
    // Dropping the tail of a split restores what was split.
    if (auto split = unsplit.getSource().getDefiningOp<SplitOp>())
      if (split.getDim() == unsplit.getDim())
        return guaranteeOf(split.getSource(), cache);
    PresenceGuarantee g = guaranteeOf(unsplit.getSource(), cache);
    return g.isFull() ? full(value.getType()) : PresenceGuarantee::unknown();
  }
  return PresenceGuarantee::unknown();
}

/// The values whose guarantees computeGuarantee reads for `value`.
static SmallVector<Value> getGuaranteeInputs(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    if (auto iterate = dyn_cast<IterateOp>(arg.getOwner()->getParentOp()))
      if (arg.getArgNumber() < iterate.getSliceSources().size())
        return {iterate.getSliceSources()[arg.getArgNumber()]};
    return {};
  }
  Operation *def = value.getDefiningOp();
  if (isa<EinsumOp>(def))
    return llvm::to_vector(def->getOperands());
  if (isa<SplitOp>(def))
    return {def->getOperand(0)};
  if (auto unsplit = dyn_cast<UnsplitOp>(def)) {
    SmallVector<Value> inputs = {unsplit.getSource()};
    if (auto split = unsplit.getSource().getDefiningOp<SplitOp>())
      inputs.push_back(split.getSource());
    return inputs;
  }
  return {};
}

static PresenceGuarantee guaranteeOf(Value value, GuaranteeCache &cache) {
  auto it = cache.find(value);
  if (it != cache.end())
    return it->second;
  // Producers first, in post-order on an explicit stack: computeGuarantee
  // then finds its operands cached, and a chain of thousands of einsums
  // does not recurse once per einsum (which overflowed the call stack).
  SmallVector<std::pair<Value, bool>> stack = {{value, false}};
  while (!stack.empty()) {
    auto [v, inputsDone] = stack.pop_back_val();
    if (cache.contains(v))
      continue;
    if (inputsDone) {
      cache[v] = computeGuarantee(v, cache);
      continue;
    }
    stack.push_back({v, true});
    for (Value input : getGuaranteeInputs(v))
      if (!cache.contains(input))
        stack.push_back({input, false});
  }
  return cache.lookup(value);
}

PresenceGuarantee edge::getPresenceGuarantee(Value value) {
  GuaranteeCache cache;
  return guaranteeOf(value, cache);
}

PresenceGuarantee PresenceAnalysis::getGuarantee(Value value) {
  return guaranteeOf(value, cache);
}

bool edge::isPresentOnSlice(Value value, unsigned dim, int64_t index) {
  if (auto einsum = value.getDefiningOp<EinsumOp>()) {
    GuaranteeCache cache;
    return einsumGuarantee(einsum, cache, {{dim, index}}).isFull();
  }
  PresenceGuarantee g = getPresenceGuarantee(value);
  if (g.isFull())
    return true;
  if (!g.known || !g.symbols.empty())
    return false;
  SymbolSpace space(value.getParentRegion()->getParentOp());
  std::optional<Box> box =
      fullBox(g, cast<RankedTensorType>(value.getType()).getShape(), space,
              {{dim, index}});
  if (!box)
    return false;
  eliminateLocals(g, *box);
  unsigned numDims = g.rank + g.localExtents.size();
  return llvm::all_of(g.constraints, [&](const EinsumConstraint &c) {
    return holdsOnBox(c, numDims, 0, *box);
  });
}

/// Whether constraint `c` follows from one constraint of `filter`: the same
/// linear part with a constant no larger (syntactic, after flattening).
static bool isImpliedByFilter(const EinsumConstraint &c,
                              ArrayRef<EinsumConstraint> filter,
                              unsigned numDims, unsigned numSymbols) {
  std::optional<SmallVector<int64_t>> coeffs =
      getLinearCoefficients(c.expr, numDims, numSymbols);
  if (!coeffs)
    return false;
  for (const EinsumConstraint &f : filter) {
    std::optional<SmallVector<int64_t>> fc =
        getLinearCoefficients(f.expr, numDims, numSymbols);
    if (!fc)
      continue;
    bool sameLinear = llvm::equal(ArrayRef(*fc).drop_back(),
                                  ArrayRef(*coeffs).drop_back());
    // f: a.x + b >= 0 implies c: a.x + b' >= 0 when b' >= b.
    if (sameLinear && !c.isEquality && coeffs->back() >= fc->back())
      return true;
    if (sameLinear && c.isEquality && f.isEquality &&
        coeffs->back() == fc->back())
      return true;
  }
  return false;
}

bool edge::isPresentWhereVisited(const EinsumSpec &spec,
                                 unsigned operandIndex) {
  const EinsumOperand &operand = spec.inputs[operandIndex];
  PresenceGuarantee g = getPresenceGuarantee(operand.value);
  // Locals that survived elimination cannot be matched against a filter.
  if (!g.known || !g.localExtents.empty())
    return false;
  SmallVector<EinsumConstraint> required;
  if (failed(toIterationSpace(g, operand.indices, spec.symbols,
                              spec.ranks.size(),
                              operand.value.getContext(), required)))
    return false;
  auto shape = cast<RankedTensorType>(operand.value.getType()).getShape();
  std::optional<Box> box = iterationBox(spec, /*space=*/nullptr);
  for (auto [e, extent] : llvm::zip(operand.indices, shape)) {
    if (ShapedType::isDynamic(extent) && !isa<AffineDimExpr>(e))
      return false;
    addBounds(e, extent, spec, box, required);
  }
  return llvm::all_of(required, [&](const EinsumConstraint &c) {
    if (auto cst = dyn_cast<AffineConstantExpr>(c.expr))
      return c.isEquality ? cst.getValue() == 0 : cst.getValue() >= 0;
    return isImpliedByFilter(c, spec.filter, spec.ranks.size(),
                             spec.symbols.size());
  });
}

bool edge::holdsEverywhere(const EinsumConstraint &c,
                           ArrayRef<int64_t> dimExtents,
                           ArrayRef<int64_t> symbolExtents) {
  Box box;
  for (int64_t extent : llvm::concat<const int64_t>(dimExtents, symbolExtents)) {
    if (ShapedType::isDynamic(extent) || extent <= 0)
      return false;
    box.lo.push_back(0);
    box.hi.push_back(extent - 1);
  }
  return holdsOnBox(c, dimExtents.size(), symbolExtents.size(), box);
}
