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

#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

//===----------------------------------------------------------------------===//
// Predicates
//===----------------------------------------------------------------------===//

unsigned Predicate::symbolIndex(Operation *iterate) {
  auto *it = llvm::find(iterates, iterate);
  if (it != iterates.end())
    return it - iterates.begin();
  iterates.push_back(iterate);
  return iterates.size() - 1;
}

void Predicate::append(const Predicate &other, ArrayRef<AffineExpr> dimRepl,
                       unsigned numDims) {
  if (other.constraints.empty())
    return;
  MLIRContext *ctx = other.constraints.front().expr.getContext();
  SmallVector<AffineExpr> symRepl;
  for (Operation *iterate : other.iterates)
    symRepl.push_back(getAffineSymbolExpr(symbolIndex(iterate), ctx));
  for (const EinsumConstraint &c : other.constraints)
    add({simplifyAffineExpr(c.expr.replaceDimsAndSymbols(dimRepl, symRepl),
                            numDims, iterates.size()),
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
  SmallVector<int64_t> tripCounts;
  for (Operation *iterate : iterates)
    tripCounts.push_back(cast<IterateOp>(iterate).getStop().value_or(0));
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

ValuePresence edge::detail::getSplitPresence(SplitOp op,
                                             const ValuePresence &source) {
  ValuePresence res;
  res.empty = op.getEmpty() ? op.getEmpty()->convertToDouble() : 0.0;
  res.hasMask = source.hasMask;
  res.predicate.append(source.predicate, getSplitSourceIndices(op, 0),
                       cast<RankedTensorType>(op.getType()).getRank());
  if (std::optional<EinsumConstraint> tail = getSplitTail(op))
    res.predicate.constraints.push_back(*tail);
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
  AffineExpr rank =
      getAffineSymbolExpr(res.predicate.symbolIndex(op.getOperation()), ctx);
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
    res.predicate.iterates.clear();
  return res;
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

/// Computes the facts of one op (its operands' facts are known: the walk is
/// in program order). Emits a located error if it cannot be lowered.
static LogicalResult analyzeOp(Operation *op, EdgeToLinalgFactsImpl &facts) {
  if (auto cascade = dyn_cast<CascadeOp>(op)) {
    SmallVector<Type> types(cascade.getArgumentTypes());
    llvm::append_range(types, cascade.getResultTypes());
    return checkStaticShapes(op, types);
  }
  if (isa<FillOp>(op))
    return checkStaticShapes(op, op->getResultTypes());
  if (isa<SplitOp, UnsplitOp>(op)) {
    Value source = op->getOperand(0), result = op->getResult(0);
    if (failed(checkStaticShapes(op, {source.getType(), result.getType()})))
      return failure();
    const ValuePresence &src = facts.lookup(source);
    facts.values[result] =
        isa<SplitOp>(op) ? getSplitPresence(cast<SplitOp>(op), src)
                         : getUnsplitPresence(cast<UnsplitOp>(op), src);
    return success();
  }
  if (auto mask = dyn_cast<MaskOp>(op)) {
    if (failed(checkStaticShapes(op, op->getOperandTypes())))
      return failure();
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
    SmallVector<Type> types(iterate.getSliceSources().getTypes());
    llvm::append_range(types, iterate.getInits().getTypes());
    if (failed(checkStaticShapes(op, types)))
      return failure();
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
  WalkResult result = root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op->getDialect() && !isa<EdgeDialect>(op->getDialect()))
      return WalkResult::advance();
    return mlir::failed(analyzeOp(op, *impl)) ? WalkResult::interrupt()
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
