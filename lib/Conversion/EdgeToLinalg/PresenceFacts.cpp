//===- PresenceFacts.cpp - presence facts for the edge-to-linalg patterns --===//
//
// This file implements EdgeToLinalgFacts: one forward walk over the edge IR,
// before the conversion, that gives every edge tensor value its exact
// presence (docs/Lowering.md) and every einsum its plan, and reports the ops
// that cannot be lowered with a located error. The conversion patterns then
// only read these facts, so a pattern never depends on the order in which
// the driver converts its producers.
//
//===----------------------------------------------------------------------===//

#include "EdgeToLinalgInternal.h"

#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

//===----------------------------------------------------------------------===//
// Predicates
//===----------------------------------------------------------------------===//

unsigned Predicate::symbolIndex(const PredicateSymbol &symbol) {
  auto *it = llvm::find(symbols, symbol);
  if (it != symbols.end())
    return it - symbols.begin();
  symbols.push_back(symbol);
  return symbols.size() - 1;
}

void Predicate::append(const Predicate &other, ArrayRef<AffineExpr> dimRepl,
                       unsigned numDims) {
  if (other.constraints.empty())
    return;
  MLIRContext *ctx = other.constraints.front().expr.getContext();
  SmallVector<AffineExpr> symRepl;
  for (const PredicateSymbol &symbol : other.symbols)
    symRepl.push_back(getAffineSymbolExpr(symbolIndex(symbol), ctx));
  for (const EinsumConstraint &c : other.constraints)
    add({simplifyAffineExpr(c.expr.replaceDimsAndSymbols(dimRepl, symRepl),
                            numDims, symbols.size()),
         c.isEquality});
}

// Affine expressions are uniqued, so equal constraints compare equal. A chain
// of einsums with one filter repeated its producers' constraints once per
// link: quadratic IR for the lowering and its canonicalizer.
void Predicate::add(EinsumConstraint c) {
  if (llvm::none_of(constraints, [&](const EinsumConstraint &other) {
        return other.expr == c.expr && other.isEquality == c.isEquality;
      }))
    constraints.push_back(c);
}

void Predicate::simplify(ArrayRef<int64_t> extents) {
  // A size, or an iteration that stops at a run-time extent, has no static
  // range: constraints over it are kept.
  SmallVector<int64_t> tripCounts;
  for (const PredicateSymbol &symbol : symbols) {
    std::optional<uint64_t> stop;
    if (!symbol.isSize())
      stop = cast<IterateOp>(symbol.iterate).getStop();
    tripCounts.push_back(stop ? static_cast<int64_t>(*stop)
                              : ShapedType::kDynamic);
  }
  SmallVector<EinsumConstraint> kept = std::move(constraints);
  constraints.clear();
  for (const EinsumConstraint &c : kept)
    if (!holdsEverywhere(c, extents, tripCounts))
      add(c);
}

LogicalResult edge::detail::checkStaticShapes(Operation *op, TypeRange types) {
  for (Type t : types) {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt || !rt.hasStaticShape())
      return op->emitOpError("cannot be lowered: dynamic shapes are not "
                             "supported, got ")
             << t;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Presence of splits, unsplits and slices
//===----------------------------------------------------------------------===//

AffineExpr edge::detail::addSizesToPredicate(AffineExpr extent,
                                            ArrayRef<PredicateSymbol> sizes,
                                            Predicate &predicate) {
  SmallVector<AffineExpr> symRepl;
  for (const PredicateSymbol &size : sizes)
    symRepl.push_back(getAffineSymbolExpr(predicate.symbolIndex(size),
                                          extent.getContext()));
  return extent.replaceSymbols(symRepl);
}

ValuePresence edge::detail::getSplitPresence(SplitOp op,
                                             const EdgeToLinalgFactsImpl &facts) {
  const ValuePresence &source = facts.lookup(op.getSource());
  ValuePresence res;
  res.empty = op.getEmpty() ? op.getEmpty()->convertToDouble() : 0.0;
  res.hasMask = source.hasMask;
  res.predicate.append(source.predicate, getSplitSourceIndices(op, 0),
                       cast<RankedTensorType>(op.getType()).getRank());
  if (std::optional<EinsumConstraint> tail = getSplitTail(op))
    res.predicate.constraints.push_back(*tail);
  if (AffineExpr extent = facts.getExtent(op.getSource(), op.getDim())) {
    AffineExpr bound = addSizesToPredicate(extent, facts.sizes, res.predicate);
    AffineExpr index = getSplitSourceIndices(op, 0)[op.getDim()];
    res.predicate.add({bound - 1 - index, false});
  }
  return res;
}

ValuePresence edge::detail::getUnsplitPresence(UnsplitOp op,
                                               const ValuePresence &source) {
  auto srcType = cast<RankedTensorType>(op.getSource().getType());
  auto resType = cast<RankedTensorType>(op.getType());
  MLIRContext *ctx = op.getContext();
  int64_t dim = op.getDim();
  int64_t tile = srcType.getDimSize(dim + 1);
  SmallVector<AffineExpr> dimRepl;
  for (int64_t i = 0; i < srcType.getRank(); ++i) {
    if (i < dim)
      dimRepl.push_back(getAffineDimExpr(i, ctx));
    else if (i == dim)
      dimRepl.push_back(getAffineDimExpr(dim, ctx).floorDiv(tile));
    else if (i == dim + 1)
      dimRepl.push_back(getAffineDimExpr(dim, ctx) % tile);
    else
      dimRepl.push_back(getAffineDimExpr(i - 1, ctx));
  }
  ValuePresence res;
  res.empty = source.empty;
  res.hasMask = source.hasMask;
  res.predicate.append(source.predicate, dimRepl, resType.getRank());
  return res;
}

ValuePresence edge::detail::getSlicePresence(IterateOp op, unsigned index,
                                             const ValuePresence &source) {
  Value src = op.getSliceSources()[index];
  int64_t dim = op.getSliceDims()[index];
  auto srcType = cast<RankedTensorType>(src.getType());
  MLIRContext *ctx = op.getContext();
  ValuePresence res;
  res.empty = source.empty;
  res.hasMask = source.hasMask;
  // The sliced dim becomes the iteration's rank (a symbol).
  AffineExpr rank = getAffineSymbolExpr(
      res.predicate.symbolIndex(PredicateSymbol::ofIteration(op)), ctx);
  SmallVector<AffineExpr> dimRepl;
  for (int64_t i = 0; i < srcType.getRank(); ++i) {
    if (i < dim)
      dimRepl.push_back(getAffineDimExpr(i, ctx));
    else if (i == dim)
      dimRepl.push_back(rank);
    else
      dimRepl.push_back(getAffineDimExpr(i - 1, ctx));
  }
  res.predicate.append(source.predicate, dimRepl, srcType.getRank() - 1);
  if (res.predicate.empty())
    res.predicate.symbols.clear();
  return res;
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

namespace {
/// The walk in program order; a cascade's run-time sizes are known while
/// its body is walked (cascades do not nest).
struct FactsWalk {
  EdgeToLinalgFactsImpl &facts;
  std::unique_ptr<CascadeSizes> sizes;
  /// Position of the current cascade's first size in facts.sizes.
  unsigned sizesOffset = 0;

  LogicalResult analyzeOp(Operation *op);
  void startCascade(CascadeOp cascade);
  void recordExtents(Value value);
};
} // namespace

void FactsWalk::startCascade(CascadeOp cascade) {
  sizes = std::make_unique<CascadeSizes>(cascade);
  sizesOffset = facts.sizes.size();
  for (unsigned i = 0; i < sizes->getNames().size(); ++i) {
    InputDim dim = sizes->getInputDim(i);
    facts.sizes.push_back(PredicateSymbol::ofSize(
        cascade.getBody().getArgument(dim.input), dim.dim));
    facts.sizeNames.push_back(sizes->getNames()[i]);
  }
}

/// The extents of `value`'s dynamic dimensions over facts.sizes.
void FactsWalk::recordExtents(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.hasStaticShape() || !sizes)
    return;
  SmallVector<AffineExpr> shifted(type.getRank());
  SmallVector<AffineExpr> symRepl;
  for (unsigned i = 0; i < sizes->getNames().size(); ++i)
    symRepl.push_back(getAffineSymbolExpr(sizesOffset + i, value.getContext()));
  for (unsigned d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      if (AffineExpr extent = sizes->getExtent(value, d))
        shifted[d] = extent.replaceSymbols(symRepl);
  facts.extents[value] = std::move(shifted);
}

/// Computes the facts of one op (its operands' facts are known: the walk is
/// in program order). Emits a located error if it cannot be lowered.
LogicalResult FactsWalk::analyzeOp(Operation *op) {
  if (auto cascade = dyn_cast<CascadeOp>(op)) {
    startCascade(cascade);
    for (BlockArgument arg : cascade.getBody().getArguments())
      recordExtents(arg);
    return success();
  }
  for (Value result : op->getResults())
    recordExtents(result);
  for (Region &region : op->getRegions())
    for (BlockArgument arg : region.getArguments())
      recordExtents(arg);
  // A fill has no operand: a run-time extent must be traced through the
  // iteration it starts (CascadeSizes).
  if (auto fill = dyn_cast<FillOp>(op)) {
    auto type = cast<RankedTensorType>(fill.getType());
    for (unsigned d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d) && !facts.getExtent(fill.getResult(), d))
        return checkStaticShapes(op, op->getResultTypes());
    return success();
  }
  if (auto split = dyn_cast<SplitOp>(op)) {
    facts.values[split.getResult()] = getSplitPresence(split, facts);
    return success();
  }
  if (auto unsplit = dyn_cast<UnsplitOp>(op)) {
    if (unsplit.getType().isDynamicDim(unsplit.getDim()) &&
        !facts.getExtent(unsplit.getResult(), unsplit.getDim()))
      return op->emitOpError("cannot be lowered: the run-time extent of "
                             "dimension ")
             << unsplit.getDim()
             << " is not the extent of a cascade input that was split";
    facts.values[unsplit.getResult()] =
        getUnsplitPresence(unsplit, facts.lookup(unsplit.getSource()));
    return success();
  }
  if (auto mask = dyn_cast<MaskOp>(op)) {
    // Present where the source is and the mask bit is set: the source's
    // predicate stays, the runtime bits travel as the value's mask.
    ValuePresence res = facts.lookup(mask.getSource());
    res.hasMask = true;
    facts.values[mask.getResult()] = res;
    return success();
  }
  if (auto iterate = dyn_cast<IterateOp>(op)) {
    // Upstream one-shot bufferization takes twice as long for each level of
    // nested loops (docs/Limits.md): 16 levels lower in about a second, 22
    // in minutes. Deeper nests are refused up front instead of hanging.
    constexpr unsigned kMaxIterateNesting = 16;
    unsigned depth = 1;
    for (Operation *parent = op->getParentOp(); parent;
         parent = parent->getParentOp())
      depth += isa<IterateOp>(parent);
    if (depth > kMaxIterateNesting)
      return op->emitOpError("cannot be lowered: nested ")
             << depth << " edge.iterate ops deep, more than the "
             << kMaxIterateNesting
             << " the lowering supports (bufferization time doubles with "
                "each level)";
    // Running values are dense (docs/Notation.md): only slices have facts.
    for (auto [i, arg] : llvm::enumerate(iterate.getSliceArgs()))
      facts.values[arg] = getSlicePresence(
          iterate, i, facts.lookup(iterate.getSliceSources()[i]));
    return success();
  }
  if (auto einsum = dyn_cast<EinsumOp>(op)) {
    FailureOr<EinsumPlan> plan = planEinsum(einsum, facts);
    if (failed(plan))
      return failure();
    facts.values[einsum] = plan->result;
    facts.einsums[einsum] = std::move(*plan);
    return success();
  }
  return success();
}

EdgeToLinalgFacts::EdgeToLinalgFacts(Operation *root)
    : impl(std::make_unique<detail::EdgeToLinalgFactsImpl>()) {
  FactsWalk walk{*impl, nullptr, 0};
  WalkResult result = root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op->getDialect() && !isa<EdgeDialect>(op->getDialect()))
      return WalkResult::advance();
    return mlir::failed(walk.analyzeOp(op)) ? WalkResult::interrupt()
                                            : WalkResult::advance();
  });
  impl->failed = result.wasInterrupted();
}

EdgeToLinalgFacts::~EdgeToLinalgFacts() = default;
EdgeToLinalgFacts::EdgeToLinalgFacts(EdgeToLinalgFacts &&) = default;
EdgeToLinalgFacts &
EdgeToLinalgFacts::operator=(EdgeToLinalgFacts &&) = default;

bool EdgeToLinalgFacts::failed() const { return impl->failed; }

bool EdgeToLinalgFacts::hasMask(Value value) const {
  return impl->lookup(value).hasMask;
}
