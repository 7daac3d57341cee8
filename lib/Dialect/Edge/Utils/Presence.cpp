//===- Presence.cpp - where a tensor value is surely present ---------------===//
//
// This file implements the presence guarantee analysis: a conjunction of
// affine constraints per value, with existential locals for reduced ranks,
// derived from splits (tails), filters and merges; conservative wherever the
// structure is not one of those.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Utils/Presence.h"

#include "llvm/ADT/DenseSet.h"

using namespace mlir;
using namespace edge;

/// Guarantees computed during one query. Values are shared by many users
/// (a DAG), so without it a query would take time exponential in depth.
using GuaranteeCache = llvm::DenseMap<Value, PresenceGuarantee>;

static PresenceGuarantee guaranteeOf(Value value, GuaranteeCache &cache);

/// A box of integer points: one closed range per variable (dims, then
/// symbols).
namespace {
struct Box {
  SmallVector<int64_t> lo, hi;
};
} // namespace

/// Whether `c` holds at every point of `box` (dims, then symbols; it may
/// cover more symbols than `c` uses): its range on the box (exact for linear
/// constraints, enclosing for floordiv and mod) is enough.
static bool holdsOnBox(const EinsumConstraint &c, unsigned numDims,
                       unsigned numSymbols, const Box &box) {
  std::optional<std::pair<int64_t, int64_t>> range =
      getRangeOnBox(c.expr, numDims, box.lo, box.hi);
  // A range past 64 bits proves nothing: the constraint may fail.
  if (!range)
    return false;
  auto [minValue, maxValue] = *range;
  if (!c.isEquality)
    return minValue >= 0;
  return minValue == 0 && maxValue == 0;
}

/// The trip counts of the enclosing edge.iterate ops named `symbols`.
static std::optional<SmallVector<int64_t>>
getSymbolExtents(Operation *op, ArrayRef<std::string> symbols) {
  SmallVector<int64_t> extents;
  for (const std::string &name : symbols) {
    std::optional<int64_t> extent;
    for (Operation *p = op->getParentOp(); p && !extent; p = p->getParentOp())
      if (auto iterate = dyn_cast<IterateOp>(p))
        if (iterate.getRank() == name && iterate.getStop())
          extent = static_cast<int64_t>(*iterate.getStop());
    if (!extent)
      return std::nullopt;
    extents.push_back(*extent);
  }
  return extents;
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
  for (bool atMax : {false, true}) {
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

/// The full box of a guarantee's variables, given the value's shape and the
/// symbols' extents; dimension `fixed` may be pinned to one index.
static std::optional<Box>
fullBox(const PresenceGuarantee &g, ArrayRef<int64_t> shape,
        ArrayRef<int64_t> symbolExtents,
        std::optional<std::pair<unsigned, int64_t>> fixed) {
  Box box;
  for (auto [i, extent] : llvm::enumerate(shape)) {
    if (ShapedType::isDynamic(extent))
      return std::nullopt;
    bool pinned = fixed && fixed->first == i;
    box.lo.push_back(pinned ? fixed->second : 0);
    box.hi.push_back(pinned ? fixed->second : extent - 1);
  }
  for (int64_t extent : g.localExtents) {
    box.lo.push_back(0);
    box.hi.push_back(extent - 1);
  }
  for (int64_t extent : symbolExtents) {
    box.lo.push_back(0);
    box.hi.push_back(extent - 1);
  }
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
/// (`symbolExtents`, when known); none when an extent is unknown. A rank
/// that is bare only in the output has the extent of `resultShape` there.
static std::optional<Box>
iterationBox(const EinsumSpec &spec,
             std::optional<ArrayRef<int64_t>> symbolExtents,
             ArrayRef<int64_t> resultShape = {}) {
  if (!symbolExtents && !spec.symbols.empty())
    return std::nullopt;
  // Ranks that are bare only in the output take the result's extent.
  SmallVector<int64_t> extents = spec.rankExtents();
  for (auto [e, size] : llvm::zip(spec.output, resultShape))
    if (auto d = dyn_cast<AffineDimExpr>(e))
      if (ShapedType::isDynamic(extents[d.getPosition()]))
        extents[d.getPosition()] = size;
  Box box;
  for (int64_t extent : extents) {
    if (ShapedType::isDynamic(extent) || extent <= 0)
      return std::nullopt;
    box.lo.push_back(0);
    box.hi.push_back(extent - 1);
  }
  if (symbolExtents)
    for (int64_t extent : *symbolExtents) {
      box.lo.push_back(0);
      box.hi.push_back(extent - 1);
    }
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
  SmallVector<std::string> symbols = spec.symbols;
  for (const EinsumOperand &operand : spec.inputs)
    for (const std::string &name : guaranteeOf(operand.value, cache).symbols)
      if (!llvm::is_contained(symbols, name))
        symbols.push_back(name);
  std::optional<SmallVector<int64_t>> symbolExtents =
      getSymbolExtents(op, symbols);
  if (!symbolExtents)
    return PresenceGuarantee::unknown();

  // Where a point is surely visited, over the iteration ranks and the
  // operands' locals (numbered after the ranks).
  unsigned numRanks = spec.ranks.size();
  SmallVector<int64_t> operandLocals;
  SmallVector<EinsumConstraint> visited(spec.filter.begin(), spec.filter.end());
  std::optional<Box> rankBox =
      iterationBox(spec, ArrayRef(*symbolExtents),
                   cast<RankedTensorType>(op.getType()).getShape());
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
  result.symbols = symbols;
  SmallVector<AffineExpr> renumber;
  for (unsigned pos = 0; pos < numRanks; ++pos) {
    if (outputPos[pos] >= 0) {
      renumber.push_back(getAffineDimExpr(outputPos[pos], ctx));
      continue;
    }
    if (ShapedType::isDynamic(extents[pos]) || extents[pos] <= 0)
      return PresenceGuarantee::unknown();
    result.localExtents.push_back(extents[pos]);
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

  std::optional<Box> box =
      fullBox(result, cast<RankedTensorType>(op.getType()).getShape(),
              *symbolExtents, fixed);
  if (!box)
    return PresenceGuarantee::unknown();
  eliminateLocals(result, *box);
  if (fixed) {
    // Constraints that hold on the whole slice say nothing more.
    unsigned numDims = result.rank + result.localExtents.size();
    llvm::erase_if(result.constraints, [&](const EinsumConstraint &c) {
      return holdsOnBox(c, numDims, result.symbols.size(), *box);
    });
  }
  return result;
}

static PresenceGuarantee splitGuarantee(SplitOp op, GuaranteeCache &cache) {
  PresenceGuarantee source = guaranteeOf(op.getSource(), cache);
  if (!source.known)
    return source;
  auto sourceType = cast<RankedTensorType>(op.getSource().getType());
  if (ShapedType::isDynamic(sourceType.getDimSize(op.getDim())))
    return PresenceGuarantee::unknown();
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
  std::optional<Box> box =
      fullBox(g, cast<RankedTensorType>(value.getType()).getShape(), {},
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
  std::optional<Box> box = iterationBox(spec, std::nullopt);
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
