//===- VersionGuardedTiles.cpp - run-time versions of guarded tiles -------===//
//
// This file implements the versioning of linalg ops whose payload is guarded
// by affine predicates of the indices (edge/Codegen/VersionGuardedTiles.h).
//
// Algorithm:
//   1. Match: every `arith.cmpi` of the payload whose operands are affine in
//      the `linalg.index` values and in values defined outside the op is put
//      in the form `difference <pred> 0`; it is kept if `difference` is
//      linear in the indices (constant coefficients) and depends on one.
//   2. Ranges: over the op's box (index d in [0, extent_d - 1]) a linear
//      function is smallest and largest at the corners picked by the signs
//      of its coefficients: two `affine.apply`s of the outside values.
//   3. Build: nested `scf.if`s on "true everywhere" (all predicates) and
//      "false everywhere" (one predicate at a time); each branch runs a clone
//      with the predicates it proved folded to constants and the payload
//      folded, the last one the guarded op. A clone whose payload yields its
//      outputs unchanged (a reduction step that visits nothing) is not
//      created: the branch yields the inits.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/VersionGuardedTiles.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace edge;

namespace {
/// Affine expressions of the index values of one op's payload: its loops are
/// the dims, values defined outside the op become symbols.
class PayloadAffineForms {
public:
  PayloadAffineForms(linalg::LinalgOp op, SmallVectorImpl<Value> &symbols)
      : op(op), symbols(symbols) {}

  std::optional<AffineExpr> get(Value value) {
    auto it = known.find(value);
    if (it != known.end())
      return it->second;
    std::optional<AffineExpr> expr = compute(value);
    known[value] = expr;
    return expr;
  }

private:
  std::optional<AffineExpr> compute(Value value) {
    MLIRContext *ctx = op->getContext();
    if (!value.getType().isIndex())
      return std::nullopt;
    Operation *def = value.getDefiningOp();
    Operation *owner = def ? def : value.getParentBlock()->getParentOp();
    if (!op->isAncestor(owner)) {
      auto *pos = llvm::find(symbols, value);
      if (pos == symbols.end()) {
        symbols.push_back(value);
        pos = std::prev(symbols.end());
      }
      return getAffineSymbolExpr(pos - symbols.begin(), ctx);
    }
    if (!def)
      return std::nullopt;
    if (auto index = dyn_cast<linalg::IndexOp>(def))
      return getAffineDimExpr(index.getDim(), ctx);
    if (auto constant = dyn_cast<arith::ConstantIndexOp>(def))
      return getAffineConstantExpr(constant.value(), ctx);
    if (auto apply = dyn_cast<affine::AffineApplyOp>(def)) {
      AffineMap map = apply.getAffineMap();
      SmallVector<AffineExpr> operands;
      for (Value operand : apply.getMapOperands()) {
        std::optional<AffineExpr> e = get(operand);
        if (!e)
          return std::nullopt;
        operands.push_back(*e);
      }
      ArrayRef<AffineExpr> all(operands);
      return map.getResult(0).replaceDimsAndSymbols(
          all.take_front(map.getNumDims()), all.drop_front(map.getNumDims()));
    }
    if (isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(def)) {
      std::optional<AffineExpr> lhs = get(def->getOperand(0));
      std::optional<AffineExpr> rhs = get(def->getOperand(1));
      if (!lhs || !rhs)
        return std::nullopt;
      if (isa<arith::AddIOp>(def))
        return *lhs + *rhs;
      if (isa<arith::SubIOp>(def))
        return *lhs - *rhs;
      return *lhs * *rhs;
    }
    return std::nullopt;
  }

  linalg::LinalgOp op;
  SmallVectorImpl<Value> &symbols;
  DenseMap<Value, std::optional<AffineExpr>> known;
};
} // namespace

/// Whether `expr` is a sum of constant multiples of dims and of terms free of
/// dims (symbols may appear in any form).
static bool isLinearInDims(AffineExpr expr) {
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return true;
  AffineExpr lhs = binary.getLHS(), rhs = binary.getRHS();
  if (lhs.isSymbolicOrConstant() && rhs.isSymbolicOrConstant())
    return true;
  switch (expr.getKind()) {
  case AffineExprKind::Add:
    return isLinearInDims(lhs) && isLinearInDims(rhs);
  case AffineExprKind::Mul:
    return (isa<AffineConstantExpr>(lhs) || isa<AffineConstantExpr>(rhs)) &&
           isLinearInDims(lhs) && isLinearInDims(rhs);
  default: // floordiv, ceildiv, mod of an index
    return false;
  }
}

/// `expr` with every dim and symbol replaced by a constant, folded; nullopt
/// if it does not fold (e.g. a division by a symbol set to 0).
static std::optional<int64_t> evaluateAt(AffineExpr expr,
                                         ArrayRef<int64_t> dims,
                                         unsigned numSymbols) {
  MLIRContext *ctx = expr.getContext();
  SmallVector<AffineExpr> dimValues, symbolValues(
                                         numSymbols,
                                         getAffineConstantExpr(0, ctx));
  for (int64_t d : dims)
    dimValues.push_back(getAffineConstantExpr(d, ctx));
  auto folded = dyn_cast<AffineConstantExpr>(
      simplifyAffineExpr(expr.replaceDimsAndSymbols(dimValues, symbolValues),
                         0, 0));
  if (!folded)
    return std::nullopt;
  return folded.getValue();
}

FailureOr<GuardVersionPlan> edge::planGuardVersions(linalg::LinalgOp op) {
  if (!op.hasPureTensorSemantics() || op->getNumRegions() != 1)
    return failure();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  if (llvm::any_of(extents, ShapedType::isDynamic))
    return failure();
  unsigned numLoops = extents.size();
  GuardVersionPlan plan;
  plan.guardedLoops.assign(numLoops, false);
  PayloadAffineForms forms(op, plan.symbols);
  op->getRegion(0).walk([&](arith::CmpIOp compare) {
    arith::CmpIPredicate predicate = compare.getPredicate();
    if (!llvm::is_contained({arith::CmpIPredicate::eq, arith::CmpIPredicate::ne,
                             arith::CmpIPredicate::slt,
                             arith::CmpIPredicate::sle,
                             arith::CmpIPredicate::sgt,
                             arith::CmpIPredicate::sge},
                            predicate))
      return;
    std::optional<AffineExpr> lhs = forms.get(compare.getLhs());
    std::optional<AffineExpr> rhs = forms.get(compare.getRhs());
    if (!lhs || !rhs)
      return;
    AffineExpr difference = *lhs - *rhs;
    if (difference.isSymbolicOrConstant() || !isLinearInDims(difference))
      return;
    // Linear: the coefficient of d is f(e_d) - f(0) with the symbols fixed.
    SmallVector<int64_t> origin(numLoops, 0);
    std::optional<int64_t> base =
        evaluateAt(difference, origin, plan.symbols.size());
    if (!base)
      return;
    VersionedPredicate versioned{compare, predicate, difference, {}};
    for (unsigned d = 0; d < numLoops; ++d) {
      SmallVector<int64_t> unit(numLoops, 0);
      unit[d] = 1;
      std::optional<int64_t> at =
          evaluateAt(difference, unit, plan.symbols.size());
      if (!at)
        return;
      versioned.coefficients.push_back(*at - *base);
    }
    for (unsigned d = 0; d < numLoops; ++d)
      if (versioned.coefficients[d] != 0)
        plan.guardedLoops[d] = true;
    plan.predicates.push_back(std::move(versioned));
  });
  if (plan.predicates.empty())
    return failure();
  return plan;
}

namespace {
/// Whether a predicate holds at every point of the box, or at none.
struct PredicateRange {
  Value everywhere;
  Value nowhere;
};
} // namespace

/// The range of `versioned`'s difference over the op's box, as conditions.
static PredicateRange buildRange(OpBuilder &b, Location loc,
                                 const VersionedPredicate &versioned,
                                 ArrayRef<int64_t> extents,
                                 ArrayRef<Value> symbols) {
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> low, high;
  for (auto [coefficient, extent] :
       llvm::zip_equal(versioned.coefficients, extents)) {
    AffineExpr first = getAffineConstantExpr(0, ctx);
    AffineExpr last = getAffineConstantExpr(extent - 1, ctx);
    low.push_back(coefficient >= 0 ? first : last);
    high.push_back(coefficient >= 0 ? last : first);
  }
  auto at = [&](ArrayRef<AffineExpr> corner) -> Value {
    AffineExpr e = simplifyAffineExpr(
        versioned.difference.replaceDims(corner), 0, symbols.size());
    return affine::AffineApplyOp::create(
        b, loc, AffineMap::get(0, symbols.size(), e), symbols);
  };
  Value lo = at(low), hi = at(high);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  auto cmp = [&](arith::CmpIPredicate p, Value v) -> Value {
    return arith::CmpIOp::create(b, loc, p, v, zero);
  };
  auto both = [&](Value x, Value y) -> Value {
    return arith::AndIOp::create(b, loc, x, y);
  };
  auto either = [&](Value x, Value y) -> Value {
    return arith::OrIOp::create(b, loc, x, y);
  };
  using P = arith::CmpIPredicate;
  switch (versioned.predicate) {
  case P::sge:
    return {cmp(P::sge, lo), cmp(P::slt, hi)};
  case P::sgt:
    return {cmp(P::sgt, lo), cmp(P::sle, hi)};
  case P::sle:
    return {cmp(P::sle, hi), cmp(P::sgt, lo)};
  case P::slt:
    return {cmp(P::slt, hi), cmp(P::sge, lo)};
  case P::eq:
    return {both(cmp(P::eq, lo), cmp(P::eq, hi)),
            either(cmp(P::slt, hi), cmp(P::sgt, lo))};
  case P::ne:
    return {either(cmp(P::slt, hi), cmp(P::sgt, lo)),
            both(cmp(P::eq, lo), cmp(P::eq, hi))};
  default:
    llvm_unreachable("planGuardVersions keeps only signed and equality "
                     "predicates");
  }
}

/// Whether the payload of `op` yields every output's own element unchanged:
/// the op leaves its outputs as they are.
static bool yieldsItsOutputs(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  Operation *terminator = body->getTerminator();
  for (OpOperand &init : op.getDpsInitsMutable())
    if (terminator->getOperand(op.getTiedOpResult(&init).getResultNumber()) !=
        op.getMatchingBlockArgument(&init))
      return false;
  return true;
}

/// Clones `op` at the rewriter's insertion point with the predicates in
/// `folds` replaced by constants and the payload folded. Returns the values
/// the branch yields: the clone's results, or its inits when the clone left
/// its outputs unchanged (then it is erased and `clone` is null).
static SmallVector<Value>
buildFoldedClone(RewriterBase &rewriter, linalg::LinalgOp op,
                 ArrayRef<std::pair<arith::CmpIOp, bool>> folds,
                 linalg::LinalgOp &clone) {
  IRMapping mapping;
  clone = cast<linalg::LinalgOp>(rewriter.clone(*op, mapping));
  Block *body = clone.getBlock();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(body);
  for (auto [compare, value] : folds) {
    Value constant =
        arith::ConstantIntOp::create(rewriter, compare.getLoc(), value, 1);
    rewriter.replaceAllUsesWith(mapping.lookup(compare.getResult()), constant);
  }
  // Folding only (selects of a constant, `or` with 0, dead index math): the
  // payload's ops and nothing outside it.
  GreedyRewriteConfig config;
  config.setScope(&clone->getRegion(0));
  (void)applyPatternsGreedily(clone->getRegion(0), RewritePatternSet(op->getContext()),
                              config);
  if (yieldsItsOutputs(clone)) {
    SmallVector<Value> inits = llvm::to_vector(clone.getDpsInits());
    rewriter.eraseOp(clone);
    clone = nullptr;
    return inits;
  }
  return SmallVector<Value>(clone->getResults());
}

VersionedTile edge::versionGuardedTile(RewriterBase &rewriter,
                                       linalg::LinalgOp op,
                                       const GuardVersionPlan &plan) {
  Location loc = op.getLoc();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  rewriter.setInsertionPoint(op);
  SmallVector<PredicateRange> ranges;
  for (const VersionedPredicate &versioned : plan.predicates)
    ranges.push_back(
        buildRange(rewriter, loc, versioned, extents, plan.symbols));

  VersionedTile result;
  TypeRange types = op->getResultTypes();
  auto yield = [&](Block *block, ValueRange values) {
    rewriter.setInsertionPointToEnd(block);
    scf::YieldOp::create(rewriter, loc, values);
  };
  auto addClone = [&](Block *block,
                      ArrayRef<std::pair<arith::CmpIOp, bool>> folds) {
    rewriter.setInsertionPointToStart(block);
    linalg::LinalgOp clone;
    SmallVector<Value> values = buildFoldedClone(rewriter, op, folds, clone);
    if (clone)
      result.unguarded.push_back(clone);
    yield(block, values);
  };

  // True everywhere: every predicate folded to true.
  Value everywhere = ranges.front().everywhere;
  for (const PredicateRange &range : llvm::drop_begin(ranges))
    everywhere = arith::AndIOp::create(rewriter, loc, everywhere,
                                       range.everywhere);
  auto outer = scf::IfOp::create(rewriter, loc, types, everywhere,
                                 /*withElseRegion=*/true);
  SmallVector<std::pair<arith::CmpIOp, bool>> allTrue;
  for (const VersionedPredicate &versioned : plan.predicates)
    allTrue.push_back({versioned.compare, true});
  addClone(outer.thenBlock(), allTrue);
  rewriter.replaceAllOpUsesWith(op, outer.getResults());

  // False everywhere, one predicate at a time (any of them makes the op
  // visit nothing where it is conjoined, and it is exact wherever it is).
  Block *rest = outer.elseBlock();
  for (auto [versioned, range] : llvm::zip_equal(plan.predicates, ranges)) {
    rewriter.setInsertionPointToEnd(rest);
    auto nested = scf::IfOp::create(rewriter, loc, types, range.nowhere,
                                    /*withElseRegion=*/true);
    yield(rest, nested.getResults());
    addClone(nested.thenBlock(), {{versioned.compare, false}});
    rest = nested.elseBlock();
  }
  rewriter.moveOpBefore(op, rest, rest->end());
  yield(rest, op->getResults());
  result.guarded = op;
  return result;
}

/// A byte tensor over the loops `versioned` depends on, written right before
/// `op`: 1 where the predicate holds.
static Value buildGuardMask(RewriterBase &rewriter, linalg::GenericOp op,
                            const VersionedPredicate &versioned,
                            ArrayRef<Value> symbols,
                            SmallVectorImpl<unsigned> &maskLoops) {
  MLIRContext *ctx = rewriter.getContext();
  Location loc = op.getLoc();
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> dimReplacements;
  for (auto [d, coefficient] : llvm::enumerate(versioned.coefficients)) {
    if (coefficient == 0) {
      dimReplacements.push_back(getAffineConstantExpr(0, ctx));
      continue;
    }
    dimReplacements.push_back(getAffineDimExpr(maskLoops.size(), ctx));
    maskLoops.push_back(d);
    shape.push_back(extents[d]);
  }
  unsigned rank = maskLoops.size();
  AffineExpr difference = versioned.difference.replaceDims(dimReplacements);
  AffineMap differenceMap = AffineMap::get(rank, symbols.size(), difference);
  Type byte = rewriter.getI8Type();
  Value empty = tensor::EmptyOp::create(rewriter, loc, shape, byte);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto mask = linalg::GenericOp::create(
      rewriter, loc, empty.getType(), ValueRange(), ValueRange{empty},
      ArrayRef<AffineMap>{rewriter.getMultiDimIdentityMap(rank)}, iterators,
      [&](OpBuilder &b, Location l, ValueRange) {
        SmallVector<Value> operands;
        for (unsigned d = 0; d < rank; ++d)
          operands.push_back(linalg::IndexOp::create(b, l, d));
        llvm::append_range(operands, symbols);
        Value value =
            affine::AffineApplyOp::create(b, l, differenceMap, operands);
        Value zero = arith::ConstantIndexOp::create(b, l, 0);
        Value holds =
            arith::CmpIOp::create(b, l, versioned.predicate, value, zero);
        linalg::YieldOp::create(
            b, l, ValueRange{arith::ExtUIOp::create(b, l, byte, holds)});
      });
  return mask.getResult(0);
}

linalg::GenericOp edge::materializeGuards(RewriterBase &rewriter,
                                          linalg::GenericOp op,
                                          const GuardVersionPlan &plan) {
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(op);
  SmallVector<Value> inputs = op.getDpsInputs();
  SmallVector<AffineMap> maps;
  for (OpOperand *input : op.getDpsInputOperands())
    maps.push_back(op.getMatchingIndexingMap(input));
  unsigned firstMask = inputs.size();
  for (const VersionedPredicate &versioned : plan.predicates) {
    SmallVector<unsigned> maskLoops;
    inputs.push_back(
        buildGuardMask(rewriter, op, versioned, plan.symbols, maskLoops));
    SmallVector<AffineExpr> results;
    for (unsigned d : maskLoops)
      results.push_back(getAffineDimExpr(d, ctx));
    maps.push_back(AffineMap::get(op.getNumLoops(), 0, results, ctx));
  }
  for (OpOperand &init : op.getDpsInitsMutable())
    maps.push_back(op.getMatchingIndexingMap(&init));
  auto rewritten = linalg::GenericOp::create(
      rewriter, op.getLoc(), op.getResultTypes(), inputs, op.getDpsInits(),
      maps, op.getIteratorTypesArray());
  Region &region = rewritten.getRegion();
  rewriter.inlineRegionBefore(op.getRegion(), region, region.end());
  Block &body = region.front();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(&body);
  for (auto [i, versioned] : llvm::enumerate(plan.predicates)) {
    BlockArgument byte = body.insertArgument(firstMask + i,
                                             rewriter.getI8Type(), op.getLoc());
    Value zero = arith::ConstantIntOp::create(rewriter, op.getLoc(), 0, 8);
    Value holds = arith::CmpIOp::create(rewriter, op.getLoc(),
                                        arith::CmpIPredicate::ne, byte, zero);
    arith::CmpIOp compare = versioned.compare;
    rewriter.replaceAllUsesWith(compare.getResult(), holds);
  }
  rewriter.replaceOp(op, rewritten.getResults());
  return rewritten;
}

FailureOr<GuardAfterReduction>
edge::guardAfterReduction(RewriterBase &rewriter, linalg::GenericOp op,
                          const GuardVersionPlan &plan) {
  if (plan.predicates.size() != 1 || op.getNumReductionLoops() == 0)
    return failure();
  const VersionedPredicate &versioned = plan.predicates.front();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (auto [coefficient, iterator] :
       llvm::zip_equal(versioned.coefficients, iterators))
    if (coefficient != 0 && iterator != utils::IteratorType::parallel)
      return failure();
  // Every output has every parallel rank once (the select runs over it).
  for (OpOperand &init : op.getDpsInitsMutable()) {
    AffineMap map = op.getMatchingIndexingMap(&init);
    if (!map.isProjectedPermutation() ||
        map.getNumResults() != op.getNumParallelLoops())
      return failure();
  }
  rewriter.setInsertionPoint(op);
  arith::CmpIOp compare = versioned.compare;
  linalg::LinalgOp skipped;
  (void)buildFoldedClone(rewriter, op, {{compare, false}}, skipped);
  if (skipped) {
    rewriter.eraseOp(skipped);
    return failure();
  }
  GuardAfterReduction built;
  SmallVector<Value> dense =
      buildFoldedClone(rewriter, op, {{compare, true}}, built.dense);
  if (!built.dense)
    return failure();
  SmallVector<unsigned> maskLoops;
  Value mask = buildGuardMask(rewriter, op, versioned, plan.symbols, maskLoops);
  built.mask = cast<linalg::LinalgOp>(mask.getDefiningOp());
  MLIRContext *ctx = rewriter.getContext();
  SmallVector<Value> results;
  for (OpOperand &init : op.getDpsInitsMutable()) {
    AffineMap outMap = op.getMatchingIndexingMap(&init);
    unsigned rank = outMap.getNumResults();
    SmallVector<AffineExpr> maskExprs;
    for (unsigned d : maskLoops)
      maskExprs.push_back(getAffineDimExpr(
          *outMap.getResultPosition(getAffineDimExpr(d, ctx)), ctx));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    SmallVector<AffineMap> maps{identity,
                                AffineMap::get(rank, 0, maskExprs, ctx),
                                identity};
    Value denseResult = dense[op.getTiedOpResult(&init).getResultNumber()];
    auto select = linalg::GenericOp::create(
        rewriter, op.getLoc(), init.get().getType(),
        ValueRange{denseResult, mask}, ValueRange{init.get()}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value zero = arith::ConstantIntOp::create(b, l, 0, 8);
          Value holds = arith::CmpIOp::create(b, l, arith::CmpIPredicate::ne,
                                              args[1], zero);
          linalg::YieldOp::create(
              b, l,
              ValueRange{arith::SelectOp::create(b, l, holds, args[0], args[2])
                             .getResult()});
        });
    built.selects.push_back(select);
    results.push_back(select.getResult(0));
  }
  rewriter.replaceOp(op, results);
  return built;
}

Value edge::buildVisitsNothing(RewriterBase &rewriter, linalg::LinalgOp op,
                               const GuardVersionPlan &plan) {
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  Value nothing;
  for (const VersionedPredicate &versioned : plan.predicates) {
    arith::CmpIOp compare = versioned.compare;
    linalg::LinalgOp clone;
    (void)buildFoldedClone(rewriter, op, {{compare, false}}, clone);
    if (clone) {
      rewriter.eraseOp(clone);
      continue;
    }
    Value nowhere = buildRange(rewriter, op.getLoc(), versioned, extents,
                               plan.symbols)
                        .nowhere;
    nothing = nothing ? arith::OrIOp::create(rewriter, op.getLoc(), nothing,
                                             nowhere)
                            .getResult()
                      : nowhere;
  }
  return nothing;
}
