//===- EinsumToLinalg.cpp - edge.einsum to linalg.generic ------------------===//
//
// This file implements the lowering of edge.einsum to one linalg.generic
// whose loops are the einsum's ranks (reduced ranks are reduction loops).
//
// match (planEinsum, run by the analysis before the conversion): the
// operands' presence is re-expressed over the einsum's ranks, predicates
// that the bounds prove always true are dropped, and the result's presence
// is derived: when the merge fold is a conjunction of operand presences
// (checked over all assignments) and no reduced rank occurs in it, the
// result has an affine predicate; otherwise the generic computes an i1 mask
// as a second result, unless Utils/Presence proves the result present
// everywhere.
//
// build (EinsumToGeneric): the generic's body evaluates each operand's
// presence (predicate, mask, bounds of compound indices), folds the merge
// truth tables, and combines a reduction only at visited points. An einsum
// whose operands are all present gets none of this: a contraction is a
// plain mulf + addf body with projected-permutation maps
// (linalg::isaContractionOpInterface), a pointwise map or reduction a body
// without tensor.extract or linalg.index.
//
//===----------------------------------------------------------------------===//

#include "EdgeToLinalgInternal.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

//===----------------------------------------------------------------------===//
// Plan
//===----------------------------------------------------------------------===//

/// The innermost enclosing edge.iterate whose rank is `name`, or null.
static Operation *findIteration(Operation *op, StringRef name) {
  for (auto it = op->getParentOfType<IterateOp>(); it;
       it = it->getParentOfType<IterateOp>())
    if (it.getRank() == name)
      return it;
  return nullptr;
}

FailureOr<EinsumPlan>
edge::detail::planEinsum(EinsumOp op, EdgeToLinalgFactsImpl &facts) {
  MLIRContext *ctx = op.getContext();
  auto resultType = cast<RankedTensorType>(op.getType());

  EinsumPlan plan;
  plan.numRanks = op.getNumRanks();
  plan.extents = op.getRankExtents();
  unsigned numRanks = plan.numRanks;

  // Run-time extents of the ranks, from an operand or the result that a
  // rank indexes barely (the verifier makes them agree).
  plan.dynamicExtents.assign(numRanks, AffineExpr());
  auto noteExtent = [&](Value v, AffineMap map) {
    for (auto [k, e] : llvm::enumerate(map.getResults()))
      if (auto d = dyn_cast<AffineDimExpr>(e);
          d && ShapedType::isDynamic(plan.extents[d.getPosition()]) &&
          !plan.dynamicExtents[d.getPosition()])
        plan.dynamicExtents[d.getPosition()] = facts.getExtent(v, k);
  };
  for (auto [i, input] : llvm::enumerate(op.getInputs()))
    noteExtent(input, op.getInputMap(i));
  noteExtent(op.getResult(), op.getOutputMap());
  for (unsigned r = 0; r < numRanks; ++r)
    if (ShapedType::isDynamic(plan.extents[r]) && !plan.dynamicExtents[r])
      return op.emitOpError("cannot be lowered: the run-time extent of rank '")
             << cast<StringAttr>(op.getRanks()[r]).getValue()
             << "' is not the extent of a cascade input";

  // The output must place each kept rank barely, once.
  AffineMap outMap = op.getOutputMap();
  plan.outPos.assign(numRanks, -1);
  for (auto [k, e] : llvm::enumerate(outMap.getResults())) {
    auto d = dyn_cast<AffineDimExpr>(e);
    if (!d || plan.outPos[d.getPosition()] != -1) {
      SmallVector<StringRef> rankNames, symNames;
      for (Attribute a : op.getRanks())
        rankNames.push_back(cast<StringAttr>(a).getValue());
      for (Attribute a : op.getSymbols())
        symNames.push_back(cast<StringAttr>(a).getValue());
      std::string text;
      llvm::raw_string_ostream os(text);
      printRankExpr(os, e, rankNames, symNames);
      return op.emitOpError("cannot be lowered: output index expression '")
             << text << "' is not a rank used once (only outputs indexed by "
                "distinct bare ranks are supported)";
    }
    plan.outPos[d.getPosition()] = k;
  }

  // The verifier admits union reductions with an identity only: the
  // generic starts from the empty value and folds the visited points.
  plan.hasReduce = !op.getReduceRanks().empty();
  plan.reduceKind = op.getReduceCompute();
  plan.mapKind = op.getMapCompute();
  plan.mapMerge = op.getMapMerge();
  if (std::optional<ArrayAttr> u = op.getUnary())
    for (Attribute a : *u)
      plan.unaries.push_back(cast<UnaryKindAttr>(a).getValue());
  plan.empty = op.getEmptyValue().convertToDouble();

  // Symbols: the einsum's own, in order: the iterations of its ranks and
  // the cascade's sizes it names.
  auto cascade = op->getParentOfType<CascadeOp>();
  auto findSize = [&](StringRef name) -> std::optional<PredicateSymbol> {
    for (auto [size, sizeName] : llvm::zip(facts.sizes, facts.sizeNames))
      if (sizeName == name &&
          size.sizeInput.getParentBlock()->getParentOp() == cascade)
        return size;
    return std::nullopt;
  };
  for (Attribute a : op.getSymbols()) {
    StringRef name = cast<StringAttr>(a).getValue();
    if (Operation *iterate = findIteration(op, name)) {
      plan.symbols.push_back(PredicateSymbol::ofIteration(iterate));
      continue;
    }
    std::optional<PredicateSymbol> size = findSize(name);
    if (!size)
      return op.emitOpError("cannot be lowered: '")
             << name
             << "' is neither the rank of an enclosing edge.iterate nor a "
                "run-time size of the cascade";
    plan.symbols.push_back(*size);
  }

  // Operands: presence over the ranks, plus bounds of compound indices.
  for (auto [i, input] : llvm::enumerate(op.getInputs())) {
    OperandPlan operand;
    operand.map = op.getInputMap(i);
    operand.direct = llvm::all_of(operand.map.getResults(), [](AffineExpr e) {
      return isa<AffineDimExpr>(e);
    });
    const ValuePresence &p = facts.lookup(input);
    operand.empty = p.empty;
    operand.hasMask = p.hasMask;
    operand.predicate.symbols = plan.symbols;
    operand.predicate.append(p.predicate, operand.map.getResults(), numRanks);
    auto shape = cast<RankedTensorType>(input.getType()).getShape();
    Predicate inBounds;
    inBounds.symbols = operand.predicate.symbols;
    for (auto [k, e] : llvm::enumerate(operand.map.getResults())) {
      if (isa<AffineDimExpr>(e))
        continue;
      AffineExpr extent = getAffineConstantExpr(shape[k], ctx);
      if (ShapedType::isDynamic(shape[k])) {
        AffineExpr size = facts.getExtent(input, k);
        if (!size)
          return op.emitOpError("cannot be lowered: operand #")
                 << i << " has a dimension of run-time extent (" << k
                 << ") that is not the extent of a cascade input";
        extent = addSizesToPredicate(size, facts.sizes, inBounds);
      }
      inBounds.constraints.push_back({e, false});
      inBounds.constraints.push_back({extent - 1 - e, false});
    }
    inBounds.simplify(plan.extents);
    operand.mayBeOutOfBounds = !inBounds.empty();
    SmallVector<AffineExpr> sameDims;
    for (unsigned r = 0; r < numRanks; ++r)
      sameDims.push_back(getAffineDimExpr(r, ctx));
    operand.predicate.append(inBounds, sameDims, numRanks);
    operand.predicate.simplify(plan.extents);
    plan.symbols = operand.predicate.symbols;
    plan.operands.push_back(std::move(operand));
  }
  for (OperandPlan &operand : plan.operands)
    operand.predicate.symbols = plan.symbols;

  // Filter, over ranks and the einsum's symbols (a prefix of plan.symbols).
  plan.filter.symbols = plan.symbols;
  if (std::optional<IntegerSet> set = op.getFilter())
    for (unsigned c = 0; c < set->getNumConstraints(); ++c)
      // Simplified as the operands' constraints are, so that a filter that
      // repeats a split's tail (`m1*64 + m0 <= M - 1`) is one constraint.
      plan.filter.add({simplifyAffineExpr(set->getConstraint(c), numRanks,
                                          plan.symbols.size()),
                       set->isEq(c)});
  plan.filter.simplify(plan.extents);

  // Static presence of the result: is the merge fold the conjunction of the
  // presence of a subset S of the operands?
  // Scalar constants are present everywhere.
  plan.fold = op.getFoldOperands();
  auto foldVisits = [&](ArrayRef<bool> present) {
    auto isPresent = [&](const FoldOperand &operand) {
      return operand.constant || present[operand.input];
    };
    bool p = isPresent(plan.fold[0]);
    for (const FoldOperand &operand : ArrayRef(plan.fold).drop_front())
      p = mergeVisits(*plan.mapMerge, p, isPresent(operand));
    return p;
  };
  // `visited`: where a point is visited (the filter and the presence of the
  // operands the merge fold requires), unless a mask is needed.
  SmallVector<unsigned> variables;
  bool neverVisited = false;
  Predicate visited;
  for (auto [i, operand] : llvm::enumerate(plan.operands))
    if (!operand.predicate.empty() || operand.hasMask)
      variables.push_back(i);
  visited = plan.filter;
  if (variables.size() > 10) {
    plan.needMask = true;
  } else {
    auto evalAssignment = [&](unsigned bits) {
      SmallVector<bool> present(plan.operands.size(), true);
      for (auto [j, i] : llvm::enumerate(variables))
        present[i] = (bits >> j) & 1;
      return foldVisits(present);
    };
    unsigned all = (1u << variables.size()) - 1;
    bool someVisited = false;
    for (unsigned bits = 0; bits <= all && !someVisited; ++bits)
      someVisited = evalAssignment(bits);
    if (!someVisited) {
      neverVisited = true;
    } else if (!evalAssignment(all)) {
      // A merge that visits where an operand is absent (not_both, xor,
      // not_left, ...): presence is not a conjunction of the operands'.
      plan.needMask = true;
    } else {
      // S: the operands whose absence alone makes the point unvisited.
      unsigned sBits = 0;
      for (unsigned j = 0; j < variables.size(); ++j)
        if (!evalAssignment(all & ~(1u << j)))
          sBits |= 1u << j;
      for (unsigned bits = 0; bits <= all && !plan.needMask; ++bits)
        if (evalAssignment(bits) != ((bits & sBits) == sBits))
          plan.needMask = true;
      for (unsigned j = 0; j < variables.size() && !plan.needMask; ++j) {
        if (!((sBits >> j) & 1))
          continue;
        const OperandPlan &operand = plan.operands[variables[j]];
        if (operand.hasMask)
          plan.needMask = true;
        for (const EinsumConstraint &c : operand.predicate.constraints)
          visited.add(c);
      }
    }
  }
  if (!plan.needMask && !neverVisited) {
    for (unsigned r = 0; r < numRanks; ++r) {
      if (!op.isReducedRank(r))
        continue;
      if (visited.involvesDim(r))
        plan.needMask = true;
      if (plan.extents[r] == 0)
        neverVisited = true;
    }
  }

  // The result's presence.
  ValuePresence &res = plan.result;
  res.empty = plan.empty;
  if (neverVisited) {
    res.predicate.constraints.push_back(
        {getAffineConstantExpr(-1, ctx), false});
    plan.needMask = false;
    return plan;
  }
  bool present = !plan.needMask && visited.empty();
  // A mask (or predicate) only where presence really varies: the
  // under-approximation of Utils/Presence may prove the result full (e.g. a
  // reduction over a split tail always has a present point per tile).
  if (!present && facts.presence.getGuarantee(op.getResult()).isFull()) {
    plan.needMask = false;
    return plan;
  }
  if (plan.needMask) {
    res.hasMask = true;
    return plan;
  }
  SmallVector<AffineExpr> dimRepl;
  for (unsigned r = 0; r < numRanks; ++r)
    dimRepl.push_back(plan.outPos[r] >= 0
                          ? getAffineDimExpr(plan.outPos[r], ctx)
                          : getAffineConstantExpr(0, ctx)); // not involved
  res.predicate.append(visited, dimRepl, resultType.getRank());
  return plan;
}

//===----------------------------------------------------------------------===//
// Body helpers
//===----------------------------------------------------------------------===//

namespace {
/// A boolean in the body of a generic: a constant or an i1 value.
struct Bool {
  Value value;
  bool constant = true;
  static Bool of(bool c) { return Bool{Value(), c}; }
  static Bool of(Value v) { return Bool{v, false}; }
  bool isConst() const { return !value; }
  bool isTrue() const { return !value && constant; }
  bool isFalse() const { return !value && !constant; }
};
} // namespace

static Value constantFloat(OpBuilder &b, Location loc, FloatType type,
                           double v) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, v));
}

/// `v` converted to `to`: extf to a wider type, truncf to a narrower one,
/// both through f32 between types of one width (bf16 and f16).
static Value convertFloat(OpBuilder &b, Location loc, Value v, FloatType to) {
  auto from = cast<FloatType>(v.getType());
  if (from == to)
    return v;
  if (from.getWidth() == to.getWidth())
    v = arith::ExtFOp::create(b, loc, b.getF32Type(), v);
  if (cast<FloatType>(v.getType()).getWidth() < to.getWidth())
    return arith::ExtFOp::create(b, loc, to, v);
  return arith::TruncFOp::create(b, loc, to, v);
}

/// `x and y` (isAnd) or `x or y`, folded when an input is constant: the
/// absorbing constant (false for and, true for or) wins, the other drops out.
static Bool boolCombine(OpBuilder &b, Location loc, Bool x, Bool y,
                        bool isAnd) {
  if ((x.isConst() && x.constant != isAnd) ||
      (y.isConst() && y.constant != isAnd))
    return Bool::of(!isAnd);
  if (x.isConst())
    return y;
  if (y.isConst())
    return x;
  if (isAnd)
    return Bool::of(arith::AndIOp::create(b, loc, x.value, y.value).getResult());
  return Bool::of(arith::OrIOp::create(b, loc, x.value, y.value).getResult());
}

static Bool boolAnd(OpBuilder &b, Location loc, Bool x, Bool y) {
  return boolCombine(b, loc, x, y, /*isAnd=*/true);
}

static Bool boolOr(OpBuilder &b, Location loc, Bool x, Bool y) {
  return boolCombine(b, loc, x, y, /*isAnd=*/false);
}

static Bool boolNot(OpBuilder &b, Location loc, Bool x) {
  if (x.isConst())
    return Bool::of(!x.constant);
  Value one =
      arith::ConstantOp::create(b, loc, b.getI1Type(), b.getBoolAttr(true));
  return Bool::of(arith::XOrIOp::create(b, loc, x.value, one).getResult());
}

/// The merge truth table applied to two presence bits: the disjunction of the
/// table's minterms, folded when an input is constant.
static Bool boolMerge(OpBuilder &b, Location loc, MergeKind merge, Bool l,
                      Bool r) {
  if (l.isConst() && r.isConst())
    return Bool::of(mergeVisits(merge, l.constant, r.constant));
  // Common tables first, for readable IR.
  switch (merge) {
  case MergeKind::Isect:
    return boolAnd(b, loc, l, r);
  case MergeKind::Union:
    return boolOr(b, loc, l, r);
  case MergeKind::TakeLeft:
    return l;
  case MergeKind::TakeRight:
    return r;
  case MergeKind::PassThrough:
    return Bool::of(true);
  case MergeKind::Never:
    return Bool::of(false);
  default:
    break;
  }
  Bool result = Bool::of(false);
  for (bool lp : {false, true})
    for (bool rp : {false, true}) {
      if (!mergeVisits(merge, lp, rp))
        continue;
      Bool lt = lp ? l : boolNot(b, loc, l);
      Bool rt = rp ? r : boolNot(b, loc, r);
      result = boolOr(b, loc, result, boolAnd(b, loc, lt, rt));
    }
  return result;
}

static Value computeBinary(OpBuilder &b, Location loc, ComputeKind kind,
                           Value l, Value r) {
  switch (kind) {
  case ComputeKind::Add:
    return arith::AddFOp::create(b, loc, l, r);
  case ComputeKind::Sub:
    return arith::SubFOp::create(b, loc, l, r);
  case ComputeKind::Mul:
    return arith::MulFOp::create(b, loc, l, r);
  case ComputeKind::Div:
    return arith::DivFOp::create(b, loc, l, r);
  case ComputeKind::Max:
    return arith::MaximumFOp::create(b, loc, l, r);
  case ComputeKind::Min:
    return arith::MinimumFOp::create(b, loc, l, r);
  case ComputeKind::TakeLeft:
    return l;
  case ComputeKind::TakeRight:
    return r;
  case ComputeKind::SubExp:
    return math::ExpOp::create(b, loc, arith::SubFOp::create(b, loc, l, r));
  }
  llvm_unreachable("unknown compute kind");
}

static Value computeUnary(OpBuilder &b, Location loc, UnaryKind kind,
                          Value x) {
  switch (kind) {
  case UnaryKind::Exp:
    return math::ExpOp::create(b, loc, x);
  case UnaryKind::Neg:
    return arith::NegFOp::create(b, loc, x);
  case UnaryKind::Reciprocal:
    return arith::DivFOp::create(
        b, loc, constantFloat(b, loc, cast<FloatType>(x.getType()), 1.0), x);
  case UnaryKind::Sqrt:
    return math::SqrtOp::create(b, loc, x);
  case UnaryKind::Rsqrt:
    return math::RsqrtOp::create(b, loc, x);
  case UnaryKind::Log:
    return math::LogOp::create(b, loc, x);
  case UnaryKind::Abs:
    return math::AbsFOp::create(b, loc, x);
  case UnaryKind::Square:
    return arith::MulFOp::create(b, loc, x, x);
  }
  llvm_unreachable("unknown unary kind");
}

IntegerType edge::detail::getPresenceStorageType(MLIRContext *ctx) {
  return IntegerType::get(ctx, 8);
}

Value edge::detail::loadPresenceBit(OpBuilder &b, Location loc, Value stored) {
  if (stored.getType().isInteger(1))
    return stored;
  Value zero = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(stored.getType(), 0));
  return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, stored, zero);
}

Value edge::detail::storePresenceBit(OpBuilder &b, Location loc, Value bit) {
  return arith::ExtUIOp::create(b, loc, getPresenceStorageType(b.getContext()),
                                bit);
}

Value edge::detail::createFilled(OpBuilder &b, Location loc,
                                 RankedTensorType type, TypedAttr value,
                                 ValueRange dynamicSizes) {
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(),
                                        type.getElementType(), dynamicSizes);
  Value cst = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, cst, empty).getResult(0);
}

Value edge::detail::materializeSymbol(OpBuilder &b, Location loc,
                                      const PredicateSymbol &symbol,
                                      const IterationIVs &ivs) {
  if (symbol.isSize())
    return tensor::DimOp::create(b, loc, symbol.sizeInput, symbol.sizeDim);
  return ivs.lookup(symbol.iterate);
}

Value edge::detail::materializeExtent(OpBuilder &b, Location loc,
                                      AffineExpr extent,
                                      ArrayRef<PredicateSymbol> sizes) {
  // Only the sizes that `extent` uses become operands of the apply.
  SmallVector<Value> operands;
  SmallVector<AffineExpr> symRepl;
  for (auto [i, size] : llvm::enumerate(sizes)) {
    if (!extent.isFunctionOfSymbol(i)) {
      symRepl.push_back(getAffineConstantExpr(0, b.getContext()));
      continue;
    }
    symRepl.push_back(getAffineSymbolExpr(operands.size(), b.getContext()));
    operands.push_back(materializeSymbol(b, loc, size, IterationIVs()));
  }
  AffineMap map =
      AffineMap::get(0, operands.size(), extent.replaceSymbols(symRepl));
  return affine::AffineApplyOp::create(b, loc, map, operands);
}

//===----------------------------------------------------------------------===//
// Build
//===----------------------------------------------------------------------===//

/// The linalg.generic of `plan`: `tensors[i]` (and `masks[i]`, or null) are
/// the converted operands, `syms` the induction variables of plan.symbols.
static linalg::GenericOp buildGeneric(OpBuilder &rewriter, Location loc,
                                      const EinsumPlan &plan,
                                      RankedTensorType resultType,
                                      ArrayRef<Value> tensors,
                                      ArrayRef<Value> masks,
                                      ArrayRef<Value> syms,
                                      ArrayRef<PredicateSymbol> sizes) {
  MLIRContext *ctx = rewriter.getContext();
  auto elemType = cast<FloatType>(resultType.getElementType());
  unsigned numRanks = plan.numRanks;

  // The run-time extent of a rank: the dimension of an operand it indexes
  // barely, or its expression in the cascade's sizes.
  auto rankExtent = [&](unsigned r) -> Value {
    for (auto [i, operand] : llvm::enumerate(plan.operands))
      for (auto [k, e] : llvm::enumerate(operand.map.getResults()))
        if (auto d = dyn_cast<AffineDimExpr>(e); d && d.getPosition() == r)
          return tensor::DimOp::create(rewriter, loc, tensors[i], k);
    return materializeExtent(rewriter, loc, plan.dynamicExtents[r], sizes);
  };
  auto dynamicSizesOf = [&](ArrayRef<unsigned> ranks) {
    SmallVector<Value> dynamicSizes;
    for (unsigned r : ranks)
      if (ShapedType::isDynamic(plan.extents[r]))
        dynamicSizes.push_back(rankExtent(r));
    return dynamicSizes;
  };

  // Linalg operands: direct operands (and their masks); a rank that only
  // occurs in compound or gathered operands gets its loop bound from a
  // shape-only operand.
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  SmallVector<int> inputArg(plan.operands.size(), -1),
      maskArg(plan.operands.size(), -1);
  SmallVector<bool> covered(numRanks, false);
  for (unsigned r = 0; r < numRanks; ++r)
    covered[r] = plan.outPos[r] >= 0;
  for (auto [i, operand] : llvm::enumerate(plan.operands)) {
    if (!operand.direct)
      continue;
    AffineMap m = AffineMap::get(numRanks, 0, operand.map.getResults(), ctx);
    inputArg[i] = inputs.size();
    inputs.push_back(tensors[i]);
    maps.push_back(m);
    for (AffineExpr e : m.getResults())
      covered[cast<AffineDimExpr>(e).getPosition()] = true;
    if (operand.hasMask) {
      maskArg[i] = inputs.size();
      inputs.push_back(masks[i]);
      maps.push_back(m);
    }
  }
  SmallVector<AffineExpr> carrierExprs;
  SmallVector<int64_t> carrierShape;
  SmallVector<unsigned> carrierRanks;
  for (unsigned r = 0; r < numRanks; ++r)
    if (!covered[r]) {
      carrierExprs.push_back(getAffineDimExpr(r, ctx));
      carrierShape.push_back(plan.extents[r]);
      carrierRanks.push_back(r);
    }
  if (!carrierExprs.empty()) {
    inputs.push_back(tensor::EmptyOp::create(rewriter, loc, carrierShape,
                                             elemType,
                                             dynamicSizesOf(carrierRanks)));
    maps.push_back(AffineMap::get(numRanks, 0, carrierExprs, ctx));
  }
  unsigned numInputs = inputs.size();

  SmallVector<unsigned> outRanks(resultType.getRank());
  for (unsigned r = 0; r < numRanks; ++r)
    if (plan.outPos[r] >= 0)
      outRanks[plan.outPos[r]] = r;
  SmallVector<Value> outSizes = dynamicSizesOf(outRanks);
  // Without a reduction every output point is written exactly once (the
  // output is a permutation of the ranks), so the init is not read.
  auto makeInit = [&](RankedTensorType type, TypedAttr value) -> Value {
    if (!plan.hasReduce)
      return tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                     type.getElementType(), outSizes);
    return createFilled(rewriter, loc, type, value, outSizes);
  };
  SmallVector<Value> outputs;
  SmallVector<Type> resultTypes;
  outputs.push_back(
      makeInit(resultType, rewriter.getFloatAttr(elemType, plan.empty)));
  resultTypes.push_back(resultType);
  IntegerType maskElement = getPresenceStorageType(ctx);
  auto maskType = RankedTensorType::get(resultType.getShape(), maskElement);
  if (plan.needMask) {
    outputs.push_back(
        makeInit(maskType, rewriter.getIntegerAttr(maskElement, 0)));
    resultTypes.push_back(maskType);
  }
  SmallVector<AffineExpr> outExprs;
  for (unsigned r : outRanks)
    outExprs.push_back(getAffineDimExpr(r, ctx));
  AffineMap outMap = AffineMap::get(numRanks, 0, outExprs, ctx);
  maps.push_back(outMap);
  if (plan.needMask)
    maps.push_back(outMap);
  SmallVector<utils::IteratorType> iterators;
  for (unsigned r = 0; r < numRanks; ++r)
    iterators.push_back(plan.outPos[r] < 0 ? utils::IteratorType::reduction
                                           : utils::IteratorType::parallel);

  auto bodyBuilder = [&](OpBuilder &b, Location l, ValueRange args) {
    SmallVector<Value> index(numRanks);
    auto getIndex = [&](unsigned d) {
      if (!index[d])
        index[d] = linalg::IndexOp::create(b, l, d);
      return index[d];
    };
    // Evaluates an affine expression over ranks and symbols.
    auto evalExpr = [&](AffineExpr e) -> Value {
      if (auto d = dyn_cast<AffineDimExpr>(e))
        return getIndex(d.getPosition());
      if (auto s = dyn_cast<AffineSymbolExpr>(e))
        return syms[s.getPosition()];
      SmallVector<Value> operands;
      SmallVector<AffineExpr> dimRepl, symRepl;
      for (unsigned d = 0; d < numRanks; ++d) {
        if (!e.isFunctionOfDim(d)) {
          dimRepl.push_back(getAffineConstantExpr(0, ctx));
          continue;
        }
        dimRepl.push_back(getAffineDimExpr(operands.size(), ctx));
        operands.push_back(getIndex(d));
      }
      unsigned numDims = operands.size();
      for (auto [j, s] : llvm::enumerate(syms)) {
        if (!e.isFunctionOfSymbol(j)) {
          symRepl.push_back(getAffineConstantExpr(0, ctx));
          continue;
        }
        symRepl.push_back(getAffineSymbolExpr(operands.size() - numDims, ctx));
        operands.push_back(s);
      }
      AffineExpr compact = e.replaceDimsAndSymbols(dimRepl, symRepl);
      AffineMap m = AffineMap::get(numDims, operands.size() - numDims, compact);
      return affine::AffineApplyOp::create(b, l, m, operands);
    };
    auto evalPredicate = [&](const Predicate &c) -> Bool {
      Bool result = Bool::of(true);
      Value zero;
      for (const EinsumConstraint &constraint : c.constraints) {
        Value v = evalExpr(constraint.expr);
        if (!zero)
          zero = arith::ConstantIndexOp::create(b, l, 0);
        Value cmp = arith::CmpIOp::create(b, l,
                                          constraint.isEquality
                                              ? arith::CmpIPredicate::eq
                                              : arith::CmpIPredicate::sge,
                                          v, zero);
        result = boolAnd(b, l, result, Bool::of(cmp));
      }
      return result;
    };

    // Operand values and presence.
    SmallVector<Value> values;
    SmallVector<Bool> present;
    for (auto [i, operand] : llvm::enumerate(plan.operands)) {
      Bool p = evalPredicate(operand.predicate);
      Value v;
      if (operand.direct) {
        v = args[inputArg[i]];
        if (operand.hasMask)
          p = boolAnd(b, l, p, Bool::of(loadPresenceBit(b, l, args[maskArg[i]])));
      } else {
        // Gather with clamped indices: never read outside the tensor.
        SmallVector<Value> idx;
        for (auto [k, e] : llvm::enumerate(operand.map.getResults())) {
          Value at = evalExpr(e);
          if (operand.mayBeOutOfBounds && !isa<AffineDimExpr>(e)) {
            Value lo = arith::ConstantIndexOp::create(b, l, 0);
            int64_t extent =
                cast<RankedTensorType>(tensors[i].getType()).getDimSize(k);
            Value hi =
                ShapedType::isDynamic(extent)
                    ? arith::SubIOp::create(
                          b, l, tensor::DimOp::create(b, l, tensors[i], k),
                          arith::ConstantIndexOp::create(b, l, 1))
                          .getResult()
                    : arith::ConstantIndexOp::create(b, l, extent - 1)
                          .getResult();
            at = arith::MinSIOp::create(
                b, l, arith::MaxSIOp::create(b, l, at, lo), hi);
          }
          idx.push_back(at);
        }
        v = tensor::ExtractOp::create(b, l, tensors[i], idx);
        if (operand.mayBeOutOfBounds && !p.isTrue()) {
          Value empty =
              constantFloat(b, l, cast<FloatType>(v.getType()), operand.empty);
          v = p.isFalse() ? empty
                          : arith::SelectOp::create(b, l, p.value, v, empty)
                                .getResult();
        }
        if (operand.hasMask) {
          Value m = tensor::ExtractOp::create(b, l, masks[i], idx);
          p = boolAnd(b, l, p, Bool::of(loadPresenceBit(b, l, m)));
        }
      }
      // Mixed precision: the operand's type to the result's (extf from
      // bf16/f16 to f32 accumulation, truncf for a narrower result).
      v = convertFloat(b, l, v, elemType);
      values.push_back(v);
      present.push_back(p);
    }

    // Map: fold left to right; presence by the merge truth table. Scalar
    // constants are present everywhere.
    auto foldValue = [&](const FoldOperand &operand) {
      if (operand.constant)
        return arith::ConstantOp::create(
                   b, l, elemType, b.getFloatAttr(elemType, *operand.constant))
            .getResult();
      return values[operand.input];
    };
    auto foldPresent = [&](const FoldOperand &operand) {
      return operand.constant ? Bool::of(true) : present[operand.input];
    };
    Value v = foldValue(plan.fold[0]);
    Bool visited = foldPresent(plan.fold[0]);
    for (const FoldOperand &operand : ArrayRef(plan.fold).drop_front()) {
      v = computeBinary(b, l, *plan.mapKind, v, foldValue(operand));
      visited = boolMerge(b, l, *plan.mapMerge, visited, foldPresent(operand));
    }
    for (UnaryKind u : plan.unaries)
      v = computeUnary(b, l, u, v);
    visited = boolAnd(b, l, visited, evalPredicate(plan.filter));

    Value outValue = args[numInputs];
    SmallVector<Value> yields;
    Value result;
    if (plan.hasReduce) {
      Value combined = computeBinary(b, l, *plan.reduceKind, outValue, v);
      if (visited.isTrue())
        result = combined;
      else if (visited.isFalse())
        result = outValue;
      else
        result =
            arith::SelectOp::create(b, l, visited.value, combined, outValue);
    } else if (visited.isTrue()) {
      result = v;
    } else {
      Value empty = constantFloat(b, l, elemType, plan.empty);
      result = visited.isFalse()
                   ? empty
                   : arith::SelectOp::create(b, l, visited.value, v, empty)
                         .getResult();
    }
    yields.push_back(result);
    if (plan.needMask) {
      Value bit = visited.value;
      if (visited.isConst())
        bit = arith::ConstantOp::create(b, l, b.getI1Type(),
                                        b.getBoolAttr(visited.constant));
      Value m = storePresenceBit(b, l, bit);
      // A reduction's presence is the `or` over its visited points: one
      // combiner on the stored bytes, which the vectorizer recognizes.
      if (plan.hasReduce)
        m = arith::OrIOp::create(b, l, args[numInputs + 1], m);
      yields.push_back(m);
    }
    linalg::YieldOp::create(b, l, yields);
  };

  return linalg::GenericOp::create(rewriter, loc, resultTypes, inputs,
                                   outputs, maps, iterators, bodyBuilder);
}

//===----------------------------------------------------------------------===//
// Pattern
//===----------------------------------------------------------------------===//

namespace {
/// edge.einsum -> linalg.generic (plus its mask as a second value when the
/// result's presence is not static).
struct EinsumToGeneric : public FactsConversionPattern<EinsumOp> {
  EinsumToGeneric(const TypeConverter &converter, MLIRContext *ctx,
                  const EdgeToLinalgFactsImpl &facts,
                  std::shared_ptr<IterationIVs> ivs)
      : FactsConversionPattern(converter, ctx, facts), ivs(std::move(ivs)) {}

  LogicalResult
  matchAndRewrite(EinsumOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto it = facts.einsums.find(op);
    if (it == facts.einsums.end())
      return rewriter.notifyMatchFailure(op, "no plan (facts not computed on "
                                             "this IR, or not lowerable)");
    const EinsumPlan &plan = it->second;
    SmallVector<Value> syms;
    for (const PredicateSymbol &symbol : plan.symbols) {
      Value v = materializeSymbol(rewriter, op.getLoc(), symbol, *ivs);
      if (!v)
        return rewriter.notifyMatchFailure(op, "enclosing edge.iterate not "
                                               "converted yet");
      syms.push_back(v);
    }
    SmallVector<Value> tensors, masks;
    for (auto [range, operand] :
         llvm::zip_equal(adaptor.getInputs(), plan.operands)) {
      if (range.size() != (operand.hasMask ? 2u : 1u))
        return rewriter.notifyMatchFailure(op, "operand without its mask");
      tensors.push_back(range.front());
      masks.push_back(operand.hasMask ? range.back() : Value());
    }
    linalg::GenericOp generic =
        buildGeneric(rewriter, op.getLoc(), plan,
                     cast<RankedTensorType>(op.getType()), tensors, masks,
                     syms, facts.sizes);
    if (plan.needMask)
      rewriter.replaceOpWithMultiple(op, {generic.getResults()});
    else
      rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }

  std::shared_ptr<IterationIVs> ivs;
};
} // namespace

void edge::detail::populateEinsumToLinalgPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns,
    const EdgeToLinalgFactsImpl &facts, std::shared_ptr<IterationIVs> ivs) {
  patterns.add<EinsumToGeneric>(converter, patterns.getContext(), facts,
                                std::move(ivs));
}
