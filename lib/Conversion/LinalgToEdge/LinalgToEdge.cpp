//===- LinalgToEdge.cpp - raise linalg on tensors into edge cascades -------===//
//
// This file implements edge-raise-linalg: the maximal regions of a function's
// linalg-on-tensors ops that are extended einsums become an edge.cascade,
// called with edge.call where the region was.
//
// Algorithm, per function (its entry block; nested regions stay as they are):
//
//   1. Recognize each op on its own, creating no IR: a linalg op becomes a
//      list of einsum templates (payload -> map compute, unary operators,
//      reduce compute; indexing maps -> rank expressions), a transpose,
//      broadcast, copy or unit-dim reshape becomes a view (an affine map
//      from its indices to its source's), a constant fill an init value.
//   2. Grow a region in program order. Its einsums are built in a new
//      cascade as they are recognized; a value from outside becomes a
//      cascade input. The region ends before the first op that is not
//      raised and reads one of its values, so that the call can stand there.
//   3. Close it: fuse what EDGE spells as one einsum (`exp` into the map
//      before it), then the normal form (`sub` + `exp` is `sub_exp`,
//      `x * (1/y)` is `x / y`), check the softmax idioms of the maximum
//      (see checkSoftmaxMaximum), name the ranks consistently across the
//      cascade, verify, and replace the region's results outside it by the
//      call's. A region that fails is dropped, with a remark, and stays
//      linalg.
//
//===----------------------------------------------------------------------===//

#include "edge/Conversion/Passes.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Utils/EinsumSpec.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

namespace edge {
#define GEN_PASS_DEF_EDGERAISELINALG
#include "edge/Conversion/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {

//===----------------------------------------------------------------------===//
// Recognition: one op, no IR created
//===----------------------------------------------------------------------===//

/// What an einsum operand reads: a tensor of the function, a scalar constant
/// (a rank-0 edge.fill), or the result of an earlier template of the same op.
struct TemplateSource {
  Value tensor;
  std::optional<APFloat> constant;
  int earlier = -1;
};

/// One einsum of a recognized op. Ranks are the op's loops; `map` of an
/// operand goes from the loops to the indices of what it reads.
struct EinsumTemplate {
  std::string name;
  unsigned numRanks = 0;
  SmallVector<std::pair<TemplateSource, AffineMap>, 2> operands;
  AffineMap output;
  std::optional<ComputeKind> mapCompute;
  std::optional<MergeKind> mapMerge;
  SmallVector<UnaryKind> unary;
  SmallVector<unsigned> reduced;
  std::optional<ComputeKind> reduceCompute;
  RankedTensorType type;
  /// An upstream maximum that differs from edge's max only on rows that are
  /// all -inf or hold a NaN; raised only where a softmax hides that.
  enum class Idiom { None, MaxFromNaN, ClampAtLowest } idiom = Idiom::None;
};

/// A recognized op: a view of `viewSource` (viewMap: the op's result indices
/// to the source's), or einsums whose last result is the op's result.
struct Recognized {
  Value viewSource;
  AffineMap viewMap;
  SmallVector<EinsumTemplate, 4> einsums;
};

/// A payload value in EDGE terms: `unary...(compute(leaves...))`, or a leaf.
struct PayloadTerm {
  SmallVector<TemplateSource, 2> leaves; // tensor: the input's block argument
  SmallVector<unsigned> leafInputs;   // the input index, or -1 for constants
  std::optional<ComputeKind> compute;
  SmallVector<UnaryKind> unary;
};

/// The merge operator FuseMax writes with each compute operator (all merges
/// agree on dense tensors, which is all a linalg op produces; the choice
/// matters to the rewrites that later create empty points).
static MergeKind conventionalMerge(ComputeKind kind, bool expFollows) {
  switch (kind) {
  case ComputeKind::Mul:
    return MergeKind::Isect;
  case ComputeKind::Div:
    return MergeKind::TakeRight;
  case ComputeKind::Sub:
  case ComputeKind::SubExp:
    return expFollows || kind == ComputeKind::SubExp ? MergeKind::PassThrough
                                                     : MergeKind::Union;
  default:
    return MergeKind::Union;
  }
}

static std::optional<APFloat> getConstantFloat(Value v) {
  APFloat value(0.0);
  if (matchPattern(v, m_ConstantFloat(&value)))
    return value;
  return std::nullopt;
}

/// The unary operator `op` applies to its operand `x`, if it is one.
static std::optional<UnaryKind> matchUnary(Operation *op, Value &x) {
  if (isa<math::ExpOp, arith::NegFOp, math::SqrtOp, math::RsqrtOp, math::LogOp,
          math::AbsFOp>(op)) {
    x = op->getOperand(0);
    return llvm::TypeSwitch<Operation *, UnaryKind>(op)
        .Case<math::ExpOp>([](auto) { return UnaryKind::Exp; })
        .Case<arith::NegFOp>([](auto) { return UnaryKind::Neg; })
        .Case<math::SqrtOp>([](auto) { return UnaryKind::Sqrt; })
        .Case<math::RsqrtOp>([](auto) { return UnaryKind::Rsqrt; })
        .Case<math::LogOp>([](auto) { return UnaryKind::Log; })
        .Default([](auto) { return UnaryKind::Abs; });
  }
  if (auto div = dyn_cast<arith::DivFOp>(op)) {
    std::optional<APFloat> one = getConstantFloat(div.getLhs());
    if (one && one->isExactlyValue(1.0)) {
      x = div.getRhs();
      return UnaryKind::Reciprocal;
    }
  }
  return std::nullopt;
}

/// The binary compute operator of `op`. arith.maxnumf is not edge's max (it
/// ignores a NaN that max propagates), so it is not one.
static std::optional<ComputeKind> matchBinary(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<ComputeKind>>(op)
      .Case<arith::AddFOp>([](auto) { return ComputeKind::Add; })
      .Case<arith::SubFOp>([](auto) { return ComputeKind::Sub; })
      .Case<arith::MulFOp>([](auto) { return ComputeKind::Mul; })
      .Case<arith::DivFOp>([](auto) { return ComputeKind::Div; })
      .Case<arith::MaximumFOp>([](auto) { return ComputeKind::Max; })
      .Case<arith::MinimumFOp>([](auto) { return ComputeKind::Min; })
      .Default([](auto) { return std::nullopt; });
}

/// Reads `v`, a value of a linalg payload with `numInputs` inputs, as a term
/// over the inputs and constants. Fails on the output argument and on
/// anything else.
static LogicalResult matchPayloadTerm(Value v, unsigned numInputs,
                                      PayloadTerm &term, std::string &reason) {
  // Unary operators from the outside in; they apply from the inside out.
  while (Operation *def = v.getDefiningOp()) {
    Value x;
    std::optional<UnaryKind> unary = matchUnary(def, x);
    if (!unary)
      break;
    term.unary.insert(term.unary.begin(), *unary);
    v = x;
  }
  auto addLeaf = [&](Value leaf) -> LogicalResult {
    if (auto arg = dyn_cast<BlockArgument>(leaf)) {
      if (arg.getArgNumber() >= numInputs) {
        reason = "the payload reads the output tensor";
        return failure();
      }
      term.leaves.push_back({});
      term.leafInputs.push_back(arg.getArgNumber());
      return success();
    }
    if (std::optional<APFloat> c = getConstantFloat(leaf)) {
      term.leaves.push_back({Value(), *c, -1});
      term.leafInputs.push_back(-1u);
      return success();
    }
    reason = "the payload computes something other than one binary and "
             "unary operators of the inputs";
    return failure();
  };
  Operation *def = v.getDefiningOp();
  std::optional<ComputeKind> compute =
      def ? matchBinary(def) : std::optional<ComputeKind>();
  if (!compute) {
    if (def && isa<arith::MaxNumFOp, arith::MinNumFOp>(def)) {
      reason = "an elementwise maxnumf/minnumf ignores NaN, edge's max does not";
      return failure();
    }
    return addLeaf(v);
  }
  term.compute = compute;
  if (failed(addLeaf(def->getOperand(0))) ||
      failed(addLeaf(def->getOperand(1))))
    return failure();
  return success();
}

/// The operator that folds the output in a reduction payload `c(out, x)`.
static std::optional<ComputeKind> matchFold(Operation *op, bool &isMaxNum) {
  isMaxNum = isa<arith::MaxNumFOp>(op);
  if (isMaxNum)
    return ComputeKind::Max;
  std::optional<ComputeKind> kind = matchBinary(op);
  if (kind && isAssociative(*kind))
    return kind;
  return std::nullopt;
}

/// Recognizes a linalg structured op (not a fill).
static LogicalResult recognizeLinalg(linalg::LinalgOp op, Recognized &result,
                                     std::string &reason) {
  if (op->getNumResults() != 1 || op.getNumDpsInits() != 1) {
    reason = "it has several results";
    return failure();
  }
  Block *body = op.getBlock();
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  unsigned numInputs = op.getNumDpsInputs();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap outMap = maps.back();
  unsigned numLoops = op.getNumLoops();
  SmallVector<unsigned> reduced;
  for (auto [i, type] : llvm::enumerate(op.getIteratorTypesArray()))
    if (type == utils::IteratorType::reduction)
      reduced.push_back(i);
  if (!outMap.isProjectedPermutation()) {
    reason = "its output map is not a projection of its loops";
    return failure();
  }
  for (AffineMap map : maps)
    if (map.getNumSymbols() != 0) {
      reason = "an indexing map has symbols";
      return failure();
    }

  Value yielded = yield.getOperand(0);
  Value init = op.getDpsInits()[0];
  BlockArgument outArg = body->getArgument(numInputs);

  // A copy, transpose or broadcast: a view of its input.
  if (reduced.empty() && numInputs == 1 && yielded == body->getArgument(0) &&
      outMap.isPermutation()) {
    result.viewSource = op.getDpsInputs()[0];
    result.viewMap = maps[0].compose(inversePermutation(outMap));
    return success();
  }

  // The fold of a reduction: c(out, x) or c(x, out).
  Value mapped = yielded;
  std::optional<ComputeKind> fold;
  bool isMaxNum = false;
  if (!reduced.empty()) {
    Operation *def = yielded.getDefiningOp();
    if (!def || def->getNumOperands() != 2 ||
        !(fold = matchFold(def, isMaxNum))) {
      reason = "the reduction payload is not an associative fold of the output";
      return failure();
    }
    if (def->getOperand(0) == outArg)
      mapped = def->getOperand(1);
    else if (def->getOperand(1) == outArg)
      mapped = def->getOperand(0);
    else {
      reason = "the reduction payload does not fold the output";
      return failure();
    }
  }
  PayloadTerm term;
  if (failed(matchPayloadTerm(mapped, numInputs, term, reason)))
    return failure();
  if (term.leaves.size() == 1 && term.leafInputs[0] == -1u) {
    reason = "the payload yields a constant";
    return failure();
  }

  EinsumTemplate einsum;
  // Names until the cascade is known: Elementwise, Contraction, Global
  // Maximum, other Global reductions (a softmax's get FuseMax's names).
  if (reduced.empty())
    einsum.name = "E";
  else if (term.compute == ComputeKind::Mul && fold == ComputeKind::Add)
    einsum.name = "C";
  else
    einsum.name = fold == ComputeKind::Max ? "GM" : "G";
  einsum.numRanks = numLoops;
  for (auto [leaf, input] : llvm::zip(term.leaves, term.leafInputs)) {
    if (input == -1u)
      einsum.operands.push_back(
          {leaf, AffineMap::get(numLoops, 0, {}, op.getContext())});
    else
      einsum.operands.push_back(
          {TemplateSource{op.getDpsInputs()[input], std::nullopt, -1},
           maps[input]});
  }
  einsum.output = outMap;
  einsum.mapCompute = term.compute;
  einsum.unary = term.unary;
  bool expFollows = !term.unary.empty() && term.unary.front() == UnaryKind::Exp;
  if (term.compute)
    einsum.mapMerge = conventionalMerge(*term.compute, expFollows);
  einsum.reduced = reduced;
  einsum.reduceCompute = fold;
  einsum.type = cast<RankedTensorType>(op->getResult(0).getType());
  if (reduced.empty()) {
    result.einsums.push_back(std::move(einsum));
    return success();
  }

  // The init: nothing more when it is the fold's identity, else one more
  // einsum folds it in (c(init, fold of the rest), equal by associativity).
  const llvm::fltSemantics &sem =
      cast<FloatType>(einsum.type.getElementType()).getFloatSemantics();
  std::optional<APFloat> initValue;
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    initValue = getConstantFloat(fill.getInputs()[0]);
  std::optional<APFloat> identity = getReduceIdentity(*fold, sem);
  auto sameValue = [&](std::optional<APFloat> a, const APFloat &b) {
    if (!a)
      return false;
    bool losesInfo;
    APFloat x = *a;
    x.convert(sem, APFloat::rmNearestTiesToEven, &losesInfo);
    return x.bitwiseIsEqual(b);
  };
  if (isMaxNum) {
    // maxnumf from NaN: the fold of the row with NaN skipped.
    if (!initValue || !initValue->isNaN()) {
      reason = "a maxnumf reduction that does not start at NaN";
      return failure();
    }
    einsum.idiom = EinsumTemplate::Idiom::MaxFromNaN;
    result.einsums.push_back(std::move(einsum));
    return success();
  }
  if (identity && sameValue(initValue, *identity)) {
    result.einsums.push_back(std::move(einsum));
    return success();
  }
  bool clampAtLowest =
      *fold == ComputeKind::Max &&
      sameValue(initValue, APFloat::getLargest(sem, /*Negative=*/true));
  result.einsums.push_back(std::move(einsum));
  EinsumTemplate withInit;
  withInit.name = clampAtLowest ? "GMc" : "I";
  withInit.numRanks = outMap.getNumResults();
  AffineMap identityMap =
      AffineMap::getMultiDimIdentityMap(withInit.numRanks, op.getContext());
  TemplateSource initSource{init, std::nullopt, -1};
  if (initValue)
    initSource = {Value(), *initValue, -1};
  withInit.operands.push_back(
      {TemplateSource{Value(), std::nullopt, 0}, identityMap});
  withInit.operands.push_back(
      {initSource,
       initValue ? AffineMap::get(withInit.numRanks, 0, {}, op.getContext())
                 : identityMap});
  withInit.output = identityMap;
  withInit.mapCompute = fold;
  withInit.mapMerge = conventionalMerge(*fold, false);
  withInit.type = result.einsums.front().type;
  if (clampAtLowest)
    withInit.idiom = EinsumTemplate::Idiom::ClampAtLowest;
  result.einsums.push_back(std::move(withInit));
  return success();
}

/// linalg.softmax: GM, SN, SD, A of the 3-pass cascade along its dimension.
static void recognizeSoftmax(linalg::SoftmaxOp op, Recognized &result) {
  auto type = cast<RankedTensorType>(op.getInput().getType());
  unsigned rank = type.getRank(), dim = op.getDimension();
  MLIRContext *ctx = op.getContext();
  AffineMap all = AffineMap::getMultiDimIdentityMap(rank, ctx);
  AffineMap rows = all.dropResult(dim);
  SmallVector<int64_t> rowShape(type.getShape());
  rowShape.erase(rowShape.begin() + dim);
  auto rowType = RankedTensorType::get(rowShape, type.getElementType());
  TemplateSource input{op.getInput(), std::nullopt, -1};
  auto earlier = [](int i) { return TemplateSource{Value(), std::nullopt, i}; };

  EinsumTemplate gm{"GM", rank, {{input, all}}, rows};
  gm.reduced = {dim};
  gm.reduceCompute = ComputeKind::Max;
  gm.type = rowType;
  // linalg.softmax is defined by its decomposition, a maxnumf from NaN.
  gm.idiom = EinsumTemplate::Idiom::MaxFromNaN;
  EinsumTemplate sn{"SN", rank, {{input, all}, {earlier(0), rows}}, all};
  sn.mapCompute = ComputeKind::SubExp;
  sn.mapMerge = MergeKind::PassThrough;
  sn.type = type;
  EinsumTemplate sd{"SD", rank, {{earlier(1), all}}, rows};
  sd.reduced = {dim};
  sd.reduceCompute = ComputeKind::Add;
  sd.type = rowType;
  EinsumTemplate a{"A", rank, {{earlier(1), all}, {earlier(2), rows}}, all};
  a.mapCompute = ComputeKind::Div;
  a.mapMerge = MergeKind::TakeRight;
  a.type = type;
  result.einsums = {gm, sn, sd, a};
}

/// tensor.expand_shape/collapse_shape that only add or drop unit dimensions:
/// a view. The map goes from the result's indices to the source's.
static LogicalResult recognizeReshape(Operation *op, Recognized &result,
                                      std::string &reason) {
  bool expand = isa<tensor::ExpandShapeOp>(op);
  auto src = cast<RankedTensorType>(op->getOperand(0).getType());
  auto dst = cast<RankedTensorType>(op->getResult(0).getType());
  if (!src.hasStaticShape() || !dst.hasStaticShape()) {
    reason = "a reshape with dynamic sizes";
    return failure();
  }
  SmallVector<ReassociationIndices> groups =
      expand ? cast<tensor::ExpandShapeOp>(op).getReassociationIndices()
             : cast<tensor::CollapseShapeOp>(op).getReassociationIndices();
  // The larger type's dims in one group: at most one is not a unit.
  ArrayRef<int64_t> wide = expand ? dst.getShape() : src.getShape();
  MLIRContext *ctx = op->getContext();
  SmallVector<AffineExpr> toSource;
  for (auto [g, group] : llvm::enumerate(groups)) {
    unsigned kept = group.front();
    unsigned nonUnit = 0;
    for (int64_t d : group)
      if (wide[d] != 1) {
        kept = d;
        ++nonUnit;
      }
    if (nonUnit > 1) {
      reason = "a reshape that merges or splits dimensions larger than 1";
      return failure();
    }
    if (expand) {
      toSource.push_back(getAffineDimExpr(kept, ctx));
    } else {
      for (int64_t d : group)
        toSource.push_back(d == kept ? getAffineDimExpr(g, ctx)
                                     : getAffineConstantExpr(0, ctx));
    }
  }
  result.viewSource = op->getOperand(0);
  result.viewMap = AffineMap::get(dst.getRank(), 0, toSource, ctx);
  return success();
}

static bool isStaticFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.hasStaticShape() &&
         isa<FloatType>(tensor.getElementType());
}

/// Recognizes `op`. Returns failure with a reason for a candidate that is
/// not raised, and failure with an empty reason for an op that is no
/// candidate at all.
static LogicalResult recognize(Operation *op, Recognized &result,
                               std::string &reason) {
  bool candidate = isa<linalg::LinalgOp, linalg::SoftmaxOp,
                       tensor::ExpandShapeOp, tensor::CollapseShapeOp>(op);
  if (!candidate || isa<linalg::FillOp>(op))
    return failure();
  for (Type type : llvm::concat<Type>(llvm::to_vector(op->getOperandTypes()),
                                      llvm::to_vector(op->getResultTypes())))
    if (!isStaticFloatTensor(type)) {
      reason = "an operand or result is not a float tensor of static shape";
      return failure();
    }
  if (auto softmax = dyn_cast<linalg::SoftmaxOp>(op)) {
    recognizeSoftmax(softmax, result);
    return success();
  }
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    return recognizeLinalg(linalgOp, result, reason);
  return recognizeReshape(op, result, reason);
}

//===----------------------------------------------------------------------===//
// A region being raised
//===----------------------------------------------------------------------===//

/// A tensor of the function as the cascade sees it: an edge value and the
/// map from the tensor's indices to that value's.
struct EdgeView {
  Value value;
  AffineMap toValue;
};

/// The idiom of an einsum that needs the softmax check, as a discardable
/// attribute while the region is raised (rewrites replace ops, so a side
/// table could outlive them).
static constexpr StringLiteral kIdiomAttr = "edge_raise_idiom";

static void setIdiom(EinsumOp op, EinsumTemplate::Idiom idiom) {
  op->setAttr(kIdiomAttr, IntegerAttr::get(IntegerType::get(op.getContext(), 8),
                                           static_cast<int>(idiom)));
}

static EinsumTemplate::Idiom getIdiom(Operation *op) {
  auto attr = op->getAttrOfType<IntegerAttr>(kIdiomAttr);
  return attr ? static_cast<EinsumTemplate::Idiom>(attr.getInt())
              : EinsumTemplate::Idiom::None;
}

class RegionRaiser {
public:
  RegionRaiser(func::FuncOp func, SymbolTable &symbols, bool remarks)
      : func(func), symbols(symbols), remarks(remarks) {}

  /// Adds the recognized `op` to the region.
  void add(Operation *op, const Recognized &recognized);
  /// Whether `v` is computed by the region.
  bool defines(Value v) const {
    Operation *def = v.getDefiningOp();
    return def && opSet.count(def);
  }
  bool isEmpty() const { return !cascade; }
  /// Builds the call before `insertionPoint` and removes the raised ops, or
  /// drops the region with a remark.
  void close(Operation *insertionPoint);

private:
  bool isInput(Value v) const { return inputIndex.count(v); }
  void start();
  EdgeView lookup(Value v);
  Value fillConstant(const APFloat &value, Type elementType);
  void fuseRegion();
  LogicalResult checkSoftmaxMaximum(EinsumOp max, std::string &reason);
  void nameRanks();
  void discard();

  func::FuncOp func;
  SymbolTable &symbols;
  bool remarks;
  CascadeOp cascade;
  OpBuilder builder{func.getContext()};
  /// The function's tensors that the cascade knows.
  llvm::MapVector<Value, EdgeView> views;
  llvm::DenseMap<Value, unsigned> inputIndex;
  SmallVector<Value> inputs;
  /// Raised ops in program order (views included).
  SmallVector<Operation *> ops;
  llvm::SmallPtrSet<Operation *, 16> opSet;
  unsigned numEinsums = 0;
};

void RegionRaiser::start() {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(func);
  cascade = CascadeOp::create(
      builder, func.getLoc(), (func.getSymName() + "_edge").str(),
      builder.getFunctionType({}, {}), builder.getStrArrayAttr({}),
      builder.getStrArrayAttr({}), ArrayAttr(), ArrayAttr(),
      DictionaryAttr());
  cascade.setPrivate();
  builder.createBlock(&cascade.getBody());
}

EdgeView RegionRaiser::lookup(Value v) {
  auto it = views.find(v);
  if (it != views.end())
    return it->second;
  // A fill of a constant: an edge.fill in the cascade.
  if (auto fill = v.getDefiningOp<linalg::FillOp>())
    if (std::optional<APFloat> c = getConstantFloat(fill.getInputs()[0])) {
      auto type = cast<RankedTensorType>(v.getType());
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(&cascade.getBody().front());
      Value filled =
          FillOp::create(builder, fill.getLoc(), type,
                         FloatAttr::get(type.getElementType(), *c));
      EdgeView view{filled, AffineMap::getMultiDimIdentityMap(
                                type.getRank(), v.getContext())};
      views[v] = view;
      return view;
    }
  // Anything else from outside: a cascade input.
  Block &body = cascade.getBody().front();
  BlockArgument arg = body.addArgument(v.getType(), v.getLoc());
  inputIndex[v] = inputs.size();
  inputs.push_back(v);
  EdgeView view{arg, AffineMap::getMultiDimIdentityMap(
                         cast<RankedTensorType>(v.getType()).getRank(),
                         v.getContext())};
  views[v] = view;
  return view;
}

Value RegionRaiser::fillConstant(const APFloat &value, Type elementType) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&cascade.getBody().front());
  bool losesInfo;
  APFloat converted = value;
  converted.convert(cast<FloatType>(elementType).getFloatSemantics(),
                    APFloat::rmNearestTiesToEven, &losesInfo);
  return FillOp::create(builder, func.getLoc(),
                        RankedTensorType::get({}, elementType),
                        FloatAttr::get(elementType, converted));
}

void RegionRaiser::add(Operation *op, const Recognized &recognized) {
  if (!cascade)
    start();
  ops.push_back(op);
  opSet.insert(op);
  Value result = op->getResult(0);
  if (recognized.viewSource) {
    EdgeView source = lookup(recognized.viewSource);
    views[result] = {source.value, source.toValue.compose(recognized.viewMap)};
    return;
  }
  builder.setInsertionPointToEnd(&cascade.getBody().front());
  SmallVector<Value> built;
  MLIRContext *ctx = op->getContext();
  for (const EinsumTemplate &t : recognized.einsums) {
    EinsumSpec spec;
    spec.name = t.name + std::to_string(numEinsums++);
    for (unsigned i = 0; i < t.numRanks; ++i)
      spec.ranks.push_back("r" + std::to_string(i));
    for (const auto &[source, map] : t.operands) {
      EinsumOperand operand;
      AffineMap indices = map;
      if (source.tensor) {
        EdgeView view = lookup(source.tensor);
        operand.value = view.value;
        indices = view.toValue.compose(map);
      } else if (source.constant) {
        operand.value = fillConstant(*source.constant, t.type.getElementType());
      } else {
        operand.value = built[source.earlier];
      }
      operand.indices = llvm::to_vector(indices.getResults());
      spec.inputs.push_back(std::move(operand));
    }
    spec.output = llvm::to_vector(t.output.getResults());
    spec.mapCompute = t.mapCompute;
    spec.mapMerge = t.mapMerge;
    spec.unary = t.unary;
    for (unsigned r : t.reduced)
      spec.reduceRanks.push_back(spec.ranks[r]);
    if (t.reduceCompute) {
      spec.reduceCompute = t.reduceCompute;
      spec.reduceMerge = MergeKind::Union;
    }
    EinsumOp einsum = spec.build(builder, op->getLoc(), t.type.getElementType(),
                                 t.type.getShape());
    if (t.idiom != EinsumTemplate::Idiom::None)
      setIdiom(einsum, t.idiom);
    built.push_back(einsum.getResult());
  }
  views[result] = {built.back(),
                   AffineMap::getMultiDimIdentityMap(
                       cast<RankedTensorType>(result.getType()).getRank(), ctx)};
}

//===----------------------------------------------------------------------===//
// Closing a region: fusion, the softmax check, names, the call
//===----------------------------------------------------------------------===//

static bool hasPlainShape(const EinsumSpec &spec) {
  return spec.symbols.empty() && spec.filter.empty();
}

/// `E = u(P)` pointwise with P used once becomes P with `u` appended; with
/// P a `sub`, `map sub(pass_through) apply [exp]`, which the normal form
/// spells `sub_exp` (as it spells `x * (1/y)` `x / y`).
void RegionRaiser::fuseRegion() {
  bool changed = true;
  while (changed) {
    changed = false;
    for (EinsumOp op :
         llvm::make_early_inc_range(cascade.getBody().getOps<EinsumOp>())) {
      EinsumSpec spec = EinsumSpec::fromOp(op);
      if (!hasPlainShape(spec) || !spec.reduceRanks.empty())
        continue;
      // Unary after a map of a single-use producer.
      if (!spec.mapCompute && !spec.unary.empty() && spec.inputs.size() == 1 &&
          spec.inputs[0].indices == spec.output) {
        auto producer = spec.inputs[0].value.getDefiningOp<EinsumOp>();
        if (producer && producer->hasOneUse() &&
            getIdiom(producer) == EinsumTemplate::Idiom::None) {
          EinsumSpec fused = EinsumSpec::fromOp(producer);
          if (hasPlainShape(fused) && fused.reduceRanks.empty()) {
            if (fused.mapCompute == ComputeKind::Sub && fused.unary.empty() &&
                spec.unary.front() == UnaryKind::Exp)
              fused.mapMerge = MergeKind::PassThrough;
            llvm::append_range(fused.unary, spec.unary);
            fused.name = spec.name;
            builder.setInsertionPoint(op);
            EinsumOp replacement = fused.build(
                builder, op.getLoc(), getElementTypeOrSelf(op.getResult()),
                cast<RankedTensorType>(op.getResult().getType()).getShape());
            op.getResult().replaceAllUsesWith(replacement.getResult());
            op.erase();
            producer.erase();
            changed = true;
            continue;
          }
        }
      }
    }
  }
}

/// The maximum GM = max_R X of an upstream spelling (a maxnumf from NaN, or a
/// maximumf from -FLT_MAX followed by GMc = max(GM, -FLT_MAX)) differs from
/// edge's max only on a row of X that holds a NaN (maxnumf skips it) or is
/// all -inf (the clamp gives -FLT_MAX). Where the maximum only feeds
/// numerators SN = e^(X - GM) of the same rows, divided by their own sums
/// SD = sum_R SN (A = SN / SD), both spellings give a row of NaN in A
/// there, and equal values elsewhere: then edge's max is exact.
LogicalResult RegionRaiser::checkSoftmaxMaximum(EinsumOp max,
                                                std::string &reason) {
  EinsumSpec gm = EinsumSpec::fromOp(max);
  Value maximum = max.getResult();
  // The clamp, if any, is the only user.
  EinsumOp clamp;
  if (max->hasOneUse())
    if (auto user = dyn_cast<EinsumOp>(*max->user_begin()))
      if (getIdiom(user) == EinsumTemplate::Idiom::ClampAtLowest) {
        clamp = user;
        maximum = clamp.getResult();
      }
  reason = "the maximum feeds something other than e^(x - max) divided by "
           "its sum over the same rank";
  if (gm.inputs.size() != 1 || maximum.use_empty())
    return failure();
  for (Operation *user : maximum.getUsers()) {
    auto sn = dyn_cast<EinsumOp>(user);
    if (!sn)
      return failure();
    EinsumSpec s = EinsumSpec::fromOp(sn);
    if (s.mapCompute != ComputeKind::SubExp || !s.unary.empty() ||
        !s.reduceRanks.empty() || s.inputs.size() != 2 ||
        s.ranks.size() != gm.ranks.size() ||
        s.inputs[0].value != gm.inputs[0].value ||
        s.inputs[0].indices != gm.inputs[0].indices ||
        s.inputs[1].value != maximum || s.inputs[1].indices != gm.output ||
        sn->use_empty())
      return failure();
    // Every user of SN is a sum of it over R, or SN divided by such a sum.
    llvm::SmallPtrSet<Operation *, 4> sums;
    for (Operation *snUser : sn->getUsers()) {
      auto e = dyn_cast<EinsumOp>(snUser);
      if (!e)
        return failure();
      EinsumSpec u = EinsumSpec::fromOp(e);
      if (u.ranks.size() != gm.ranks.size() || !u.unary.empty())
        return failure();
      bool isSum = u.reduceCompute == ComputeKind::Add && !u.mapCompute &&
                   u.inputs.size() == 1 && u.inputs[0].indices == s.output &&
                   u.output == gm.output && u.reduceRanks.size() ==
                   gm.reduceRanks.size();
      if (isSum)
        for (auto [a, b] : llvm::zip(u.reduceRanks, gm.reduceRanks))
          isSum &= *u.findRank(a) == *gm.findRank(b);
      if (isSum) {
        sums.insert(e);
        continue;
      }
      bool isDivision = u.mapCompute == ComputeKind::Div &&
                        u.reduceRanks.empty() && u.inputs.size() == 2 &&
                        u.inputs[0].value == sn.getResult() &&
                        u.inputs[0].indices == s.output &&
                        u.inputs[1].indices == gm.output;
      if (!isDivision)
        return failure();
    }
    // ... and every sum is only used to divide SN.
    for (Operation *sum : sums)
      for (Operation *sumUser : sum->getUsers()) {
        auto e = dyn_cast<EinsumOp>(sumUser);
        if (!e || !llvm::is_contained(sn->getUsers(), sumUser))
          return failure();
        EinsumSpec u = EinsumSpec::fromOp(e);
        if (u.inputs[1].value != sum->getResult(0) ||
            u.inputs[0].value == sum->getResult(0))
          return failure();
      }
    for (Operation *snUser : sn->getUsers())
      if (!sums.count(snUser) &&
          !sums.count(EinsumSpec::fromOp(cast<EinsumOp>(snUser))
                          .inputs[1]
                          .value.getDefiningOp()))
        return failure();
  }
  // Exact: the clamp goes. The einsums get FuseMax's names (Cascade 4),
  // which the derivations build theirs from (LM, SLN, SLD, PRM, RD, ...).
  if (clamp) {
    clamp.getResult().replaceAllUsesWith(max.getResult());
    clamp.erase();
  }
  auto rename = [](Operation *op, StringRef name) {
    cast<EinsumOp>(op).setNameAttr(StringAttr::get(op->getContext(), name));
  };
  auto isContraction = [](Operation *op) {
    auto einsum = dyn_cast_or_null<EinsumOp>(op);
    if (!einsum)
      return false;
    EinsumSpec spec = EinsumSpec::fromOp(einsum);
    return spec.mapCompute == ComputeKind::Mul &&
           spec.reduceCompute == ComputeKind::Add;
  };
  rename(max, "GM");
  if (isContraction(gm.inputs[0].value.getDefiningOp()))
    rename(gm.inputs[0].value.getDefiningOp(), "QK");
  for (Operation *sn : max->getUsers()) {
    rename(sn, "SN");
    for (Operation *user : sn->getUsers()) {
      bool isSum = EinsumSpec::fromOp(cast<EinsumOp>(user)).reduceCompute ==
                   ComputeKind::Add;
      rename(user, isSum ? "SD" : "A");
      if (isSum)
        continue;
      for (Operation *av : user->getUsers())
        if (isContraction(av))
          rename(av, "AV");
    }
  }
  return success();
}

/// Names the ranks so that a rank has one name across the cascade: the
/// ranks of two einsums that index the same dimension of a tensor barely
/// are one rank (what edge-split-rank and the derivations rely on).
void RegionRaiser::nameRanks() {
  using Node = std::pair<void *, unsigned>;
  llvm::EquivalenceClasses<Node> classes;
  SmallVector<EinsumOp> einsums(cascade.getBody().getOps<EinsumOp>());
  auto valueNode = [](Value v, unsigned d) {
    return Node(v.getAsOpaquePointer(), d);
  };
  for (EinsumOp op : einsums) {
    EinsumSpec spec = EinsumSpec::fromOp(op);
    for (unsigned r = 0; r < spec.ranks.size(); ++r)
      classes.insert(Node(op.getOperation(), r));
    auto link = [&](Value v, ArrayRef<AffineExpr> indices) {
      for (auto [d, e] : llvm::enumerate(indices))
        if (auto dim = dyn_cast<AffineDimExpr>(e))
          classes.unionSets(Node(op.getOperation(), dim.getPosition()),
                            valueNode(v, d));
    };
    for (const EinsumOperand &operand : spec.inputs)
      link(operand.value, operand.indices);
    link(op.getResult(), spec.output);
  }
  // Letters in order of first appearance; a class seen twice in one einsum
  // (a diagonal) gets a suffix there.
  static constexpr StringLiteral letters = "ijklnopqrstuvwxyzabcdefghm";
  llvm::DenseMap<Node, std::string> names;
  unsigned next = 0;
  for (EinsumOp op : einsums) {
    EinsumSpec spec = EinsumSpec::fromOp(op);
    SmallVector<std::string> ranks;
    llvm::StringSet<> used;
    for (unsigned r = 0; r < spec.ranks.size(); ++r) {
      Node leader = classes.getLeaderValue(Node(op.getOperation(), r));
      auto [it, inserted] = names.try_emplace(leader, "");
      if (inserted) {
        unsigned n = next++;
        it->second = std::string(1, letters[n % letters.size()]);
        if (n >= letters.size())
          it->second += std::to_string(n / letters.size());
      }
      std::string name = it->second;
      for (unsigned k = 2; !used.insert(name).second; ++k)
        name = it->second + "_" + std::to_string(k);
      ranks.push_back(name);
    }
    SmallVector<std::string> reduceRanks;
    for (const std::string &r : spec.reduceRanks)
      reduceRanks.push_back(ranks[*spec.findRank(r)]);
    auto toAttr = [&](ArrayRef<std::string> names) {
      return builder.getStrArrayAttr(llvm::to_vector(llvm::map_range(
          names, [](const std::string &s) { return StringRef(s); })));
    };
    op.setRanksAttr(toAttr(ranks));
    op.setReduceRanksAttr(toAttr(reduceRanks));
  }
}

void RegionRaiser::discard() {
  cascade.erase();
  cascade = nullptr;
  views.clear();
  inputIndex.clear();
  inputs.clear();
  ops.clear();
  opSet.clear();
}

void RegionRaiser::close(Operation *insertionPoint) {
  if (!cascade)
    return;
  // A region of views only computes nothing.
  if (cascade.getBody().getOps<EinsumOp>().empty()) {
    discard();
    return;
  }
  Operation *first = ops.front();
  auto refuse = [&](const Twine &why) {
    if (remarks)
      first->emitRemark() << "region not raised to edge: " << why;
    discard();
  };

  // Results: raised tensors read outside the region. A view read outside is
  // kept (moved after the call); its source is then read outside.
  SmallVector<Operation *> keptViews;
  llvm::SetVector<Value> escaping;
  for (Operation *op : llvm::reverse(ops)) {
    for (Operation *user : op->getResult(0).getUsers())
      if (!opSet.count(user)) {
        escaping.insert(op->getResult(0));
        break;
      }
  }
  // Views that escape stay as ops; what escapes then is their source.
  for (Operation *op : llvm::reverse(ops)) {
    Value result = op->getResult(0);
    if (!escaping.count(result))
      continue;
    EdgeView view = views.lookup(result);
    bool isIdentity = view.toValue.isIdentity() &&
                      view.value.getType() == result.getType();
    if (isIdentity)
      continue;
    keptViews.push_back(op);
    opSet.erase(op);
    escaping.remove(result);
    escaping.insert(op->getOperand(0));
  }

  Block &body = cascade.getBody().front();
  // The outputs and the cascade's signature.
  builder.setInsertionPointToEnd(&body);
  SmallVector<Value> outputs, results;
  SmallVector<std::string> nameStorage;
  for (Value v : escaping) {
    if (isInput(v))
      continue;
    results.push_back(v);
    outputs.push_back(views.lookup(v).value);
  }
  ReturnOp::create(builder, cascade.getLoc(), outputs);
  // Inputs in the order of the function's arguments (then the others, in
  // order of first use): the cascade reads like the function.
  {
    SmallVector<unsigned> order = llvm::to_vector(
        llvm::seq<unsigned>(0, inputs.size()));
    auto key = [&](unsigned i) -> std::pair<unsigned, unsigned> {
      auto arg = dyn_cast<BlockArgument>(inputs[i]);
      return arg ? std::make_pair(0u, arg.getArgNumber())
                 : std::make_pair(1u, i);
    };
    llvm::stable_sort(order,
                      [&](unsigned a, unsigned b) { return key(a) < key(b); });
    unsigned numOld = body.getNumArguments();
    SmallVector<Value> sorted;
    for (unsigned i : order) {
      BlockArgument old = body.getArgument(i);
      old.replaceAllUsesWith(body.addArgument(old.getType(), old.getLoc()));
      sorted.push_back(inputs[i]);
    }
    body.eraseArguments(0, numOld);
    inputs = sorted;
  }

  SmallVector<std::string> inputNames;
  for (Value v : inputs) {
    auto arg = dyn_cast<BlockArgument>(v);
    inputNames.push_back(arg ? "arg" + std::to_string(arg.getArgNumber())
                             : "in" + std::to_string(inputNames.size()));
  }
  for (unsigned i = 0; i < outputs.size(); ++i)
    nameStorage.push_back("out" + std::to_string(i));
  auto toAttr = [&](ArrayRef<std::string> names) {
    return builder.getStrArrayAttr(llvm::to_vector(llvm::map_range(
        names, [](const std::string &s) { return StringRef(s); })));
  };
  cascade.setFunctionTypeAttr(TypeAttr::get(builder.getFunctionType(
      body.getArgumentTypes(), body.getTerminator()->getOperandTypes())));
  cascade.setInputNamesAttr(toAttr(inputNames));
  cascade.setOutputNamesAttr(toAttr(nameStorage));

  // Fusion and the normal form (sub + exp = sub_exp), then the upstream
  // idioms of the maximum, then names.
  fuseRegion();
  if (failed(normalizeCascade(cascade)))
    return refuse("the normal form did not converge");
  SmallVector<EinsumOp> einsums(cascade.getBody().getOps<EinsumOp>());
  for (EinsumOp op : einsums) {
    if (getIdiom(op) != EinsumTemplate::Idiom::MaxFromNaN)
      continue;
    std::string reason;
    if (failed(checkSoftmaxMaximum(op, reason)))
      return refuse("a maxnumf from NaN is not edge's max here: " + reason);
  }
  // A clamp of a maximumf fold from -FLT_MAX goes where it cannot show.
  for (EinsumOp op : einsums) {
    if (!op->getBlock() ||
        getIdiom(op) != EinsumTemplate::Idiom::ClampAtLowest)
      continue;
    auto max = op->getOperand(0).getDefiningOp<EinsumOp>();
    std::string reason;
    if (max && max->hasOneUse())
      (void)checkSoftmaxMaximum(max, reason);
  }
  for (EinsumOp op : cascade.getBody().getOps<EinsumOp>())
    op->removeAttr(kIdiomAttr);
  // Einsums nothing reads any more (a reciprocal folded into a division).
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
    if (isa<EinsumOp, FillOp>(op) && op.use_empty())
      op.erase();
  nameRanks();
  {
    // The cascade must be valid edge; if a corner of the recognition is
    // not, say so and keep the linalg.
    std::string diagnostic;
    ScopedDiagnosticHandler handler(cascade.getContext(), [&](Diagnostic &d) {
      if (diagnostic.empty())
        diagnostic = d.str();
      return success();
    });
    if (failed(verify(cascade)))
      return refuse("the cascade does not verify: " + diagnostic);
  }

  // The call, and the function's ops replaced by its results.
  symbols.insert(cascade);
  builder.setInsertionPoint(insertionPoint);
  // (`outputs` may name einsums the fusion replaced: the types come from
  // the signature.)
  auto call = CallOp::create(
      builder, first->getLoc(), cascade.getResultTypes(),
      FlatSymbolRefAttr::get(cascade.getSymNameAttr()), inputs,
      /*arg_attrs=*/ArrayAttr(), /*res_attrs=*/ArrayAttr());
  for (auto [old, replacement] : llvm::zip(results, call.getResults()))
    old.replaceUsesWithIf(replacement, [&](OpOperand &use) {
      return !opSet.count(use.getOwner());
    });
  for (Operation *view : llvm::reverse(keptViews))
    view->moveBefore(insertionPoint);
  // Raised ops and the inits and constants only they used.
  llvm::SetVector<Operation *> dead;
  for (Operation *op : llvm::reverse(ops))
    if (opSet.count(op))
      dead.insert(op);
  // (a constant may be captured by a payload).
  for (unsigned i = 0; i < dead.size(); ++i)
    dead[i]->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (Operation *def = operand.getDefiningOp())
          if (def->getBlock() == dead[i]->getBlock() &&
              isa<tensor::EmptyOp, linalg::FillOp, arith::ConstantOp>(def))
            dead.insert(def);
    });
  // Users go first, in whatever order the set holds them.
  SmallVector<Operation *> deadOps(dead.begin(), dead.end());
  for (bool erased = true; erased;) {
    erased = false;
    for (Operation *&op : deadOps)
      if (op && op->use_empty()) {
        op->erase();
        op = nullptr;
        erased = true;
      }
  }
  cascade = nullptr;
  views.clear();
  inputIndex.clear();
  inputs.clear();
  ops.clear();
  opSet.clear();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

static void raiseFunction(func::FuncOp func, SymbolTable &symbols,
                          bool remarks) {
  if (func.isExternal())
    return;
  RegionRaiser region(func, symbols, remarks);
  Block &block = func.getBody().front();
  for (Operation &op : llvm::make_early_inc_range(block)) {
    // An op that stays and reads the region ends it: the call goes here.
    Recognized recognized;
    std::string reason;
    bool raised = succeeded(recognize(&op, recognized, reason));
    if (!raised && !reason.empty() && remarks)
      op.emitRemark() << "not raised to edge: " << reason;
    // (A use in a nested region counts: the call must dominate it.)
    if (!raised && op.walk([&](Operation *nested) {
                        return llvm::any_of(nested->getOperands(),
                                            [&](Value v) {
                                              return region.defines(v);
                                            })
                                   ? WalkResult::interrupt()
                                   : WalkResult::advance();
                      }).wasInterrupted())
      region.close(&op);
    if (raised)
      region.add(&op, recognized);
  }
  region.close(block.getTerminator());
}

struct EdgeRaiseLinalgPass
    : public edge::impl::EdgeRaiseLinalgBase<EdgeRaiseLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    llvm::StringSet<> selected;
    for (const std::string &name : functions)
      selected.insert(name);
    for (func::FuncOp func :
         llvm::to_vector(module.getBodyRegion().getOps<func::FuncOp>())) {
      if (!selected.empty() && !selected.contains(func.getSymName()))
        continue;
      raiseFunction(func, symbols, remarks);
    }
  }
};

} // namespace
