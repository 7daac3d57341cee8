//===- Interpreter.cpp - reference interpreter of EDGE cascades -----------===//
//
// This file implements the reference interpreter: a walk over the ops of a
// cascade that computes every tensor value in full, with a presence bit per
// point, straight from docs/Notation.md:
//
//   for every point x of an einsum's iteration space (ranks in order):
//     y = f_out(x); a point whose y lies outside the result writes nothing
//     skip x if a `where` constraint fails                 (filter)
//     a_i = T_i[f_i(x)], absent (the empty value) outside T_i or where T_i is
//     v = a_0; p = present(a_0); v = compute(v, a_i); p = merge(p, present(a_i))
//     skip x unless p                                      (visited)
//     v = u_k(...u_1(v))                                   (apply)
//     fold v into y with the reduce operator, or write it (no reduce)
//
// It deliberately shares nothing with the lowering: no presence facts, no
// predicates, no merge algebra from the dialect. Only the op accessors are
// common, so a misreading of the IR in one cannot hide the other's.
//
//===----------------------------------------------------------------------===//

#include "edge/Interpreter/Interpreter.h"

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"

#include <cmath>
#include <limits>
#include <string>

using namespace mlir;
using namespace edge;

//===----------------------------------------------------------------------===//
// PresenceTensor
//===----------------------------------------------------------------------===//

/// The number of points of `shape` (shapes here are static and verified).
static int64_t countPoints(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t extent : shape)
    n *= extent;
  return n;
}

PresenceTensor PresenceTensor::absent(ArrayRef<int64_t> shape,
                                      double emptyValue) {
  PresenceTensor t;
  t.shape.assign(shape.begin(), shape.end());
  int64_t n = countPoints(shape);
  t.values.assign(n, emptyValue);
  t.present.assign(n, 0);
  t.emptyValue = emptyValue;
  return t;
}

PresenceTensor PresenceTensor::dense(ArrayRef<int64_t> shape,
                                     std::vector<double> values) {
  PresenceTensor t;
  t.shape.assign(shape.begin(), shape.end());
  assert(int64_t(values.size()) == countPoints(shape) && "size mismatch");
  t.values = std::move(values);
  t.present.assign(t.values.size(), 1);
  return t;
}

std::optional<int64_t>
PresenceTensor::linearize(ArrayRef<int64_t> index) const {
  int64_t pos = 0;
  for (auto [i, extent] : llvm::zip_equal(index, shape)) {
    if (i < 0 || i >= extent)
      return std::nullopt;
    pos = pos * extent + i;
  }
  return pos;
}

/// Steps `index` to the next point of `shape` in row-major order; false
/// after the last one.
static bool nextIndex(MutableArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  for (int i = int(shape.size()) - 1; i >= 0; --i) {
    if (++index[i] < shape[i])
      return true;
    index[i] = 0;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Operators, written from docs/Notation.md
//===----------------------------------------------------------------------===//

/// The merge truth table: the enum value holds it as four bits (bit 3 both
/// present, bit 2 only left, bit 1 only right, bit 0 neither).
static bool mergeTable(MergeKind merge, bool left, bool right) {
  unsigned bit = left && right ? 3 : left ? 2 : right ? 1 : 0;
  return (unsigned(merge) >> bit) & 1;
}

/// max and min propagate NaN: a NaN logit must not vanish in a maximum.
static double compute(ComputeKind kind, double l, double r) {
  switch (kind) {
  case ComputeKind::Add:
    return l + r;
  case ComputeKind::Sub:
    return l - r;
  case ComputeKind::Mul:
    return l * r;
  case ComputeKind::Div:
    return l / r;
  case ComputeKind::Max:
    return std::isnan(l) || std::isnan(r) ? std::nan("") : std::max(l, r);
  case ComputeKind::Min:
    return std::isnan(l) || std::isnan(r) ? std::nan("") : std::min(l, r);
  case ComputeKind::TakeLeft:
    return l;
  case ComputeKind::TakeRight:
    return r;
  case ComputeKind::SubExp:
    return std::exp(l - r);
  }
  llvm_unreachable("unknown compute operator");
}

static double applyUnary(UnaryKind kind, double v) {
  switch (kind) {
  case UnaryKind::Exp:
    return std::exp(v);
  case UnaryKind::Neg:
    return -v;
  case UnaryKind::Reciprocal:
    return 1.0 / v;
  case UnaryKind::Sqrt:
    return std::sqrt(v);
  case UnaryKind::Rsqrt:
    return 1.0 / std::sqrt(v);
  case UnaryKind::Log:
    return std::log(v);
  case UnaryKind::Abs:
    return std::fabs(v);
  case UnaryKind::Square:
    return v * v;
  }
  llvm_unreachable("unknown unary operator");
}

namespace {
/// A rank expression prepared for evaluation at every point: the
/// coefficients of a linear one (the verifier's kind), or the expression
/// itself for mod and divisions. Walking an AffineExpr per point was most of
/// the interpreter's time.
struct RankExpression {
  AffineExpr expr;
  bool isLinear = false;
  /// One per dim, one per symbol (after the symbols were substituted: the
  /// constant term includes them), then the constant.
  SmallVector<int64_t> dimCoefficients;
  int64_t constant = 0;

  /// Prepares `expr` for the current steps `symbols` of the iterations.
  RankExpression(AffineExpr expr, unsigned numDims,
                 ArrayRef<int64_t> symbols)
      : expr(expr), dimCoefficients(numDims, 0) {
    isLinear = accumulate(expr, 1, symbols);
  }

  int64_t operator()(ArrayRef<int64_t> dims,
                     ArrayRef<int64_t> symbols) const {
    if (!isLinear)
      return evaluateAffineExpr(expr, dims, symbols);
    int64_t value = constant;
    for (auto [c, d] : llvm::zip_equal(dimCoefficients, dims))
      value += c * d;
    return value;
  }

private:
  /// Adds `scale * e` to the linear form; false if `e` is not linear.
  bool accumulate(AffineExpr e, int64_t scale, ArrayRef<int64_t> symbols) {
    if (auto dim = dyn_cast<AffineDimExpr>(e)) {
      dimCoefficients[dim.getPosition()] += scale;
      return true;
    }
    if (auto sym = dyn_cast<AffineSymbolExpr>(e)) {
      constant += scale * symbols[sym.getPosition()];
      return true;
    }
    if (auto cst = dyn_cast<AffineConstantExpr>(e)) {
      constant += scale * cst.getValue();
      return true;
    }
    auto bin = cast<AffineBinaryOpExpr>(e);
    if (e.getKind() == AffineExprKind::Add)
      return accumulate(bin.getLHS(), scale, symbols) &&
             accumulate(bin.getRHS(), scale, symbols);
    if (e.getKind() == AffineExprKind::Mul) {
      if (auto cst = dyn_cast<AffineConstantExpr>(bin.getRHS()))
        return accumulate(bin.getLHS(), scale * cst.getValue(), symbols);
      if (auto cst = dyn_cast<AffineConstantExpr>(bin.getLHS()))
        return accumulate(bin.getRHS(), scale * cst.getValue(), symbols);
    }
    return false;
  }
};
} // namespace

/// Prepares every result of `map`.
static SmallVector<RankExpression> prepare(AffineMap map,
                                           ArrayRef<int64_t> symbols) {
  SmallVector<RankExpression> prepared;
  for (AffineExpr e : map.getResults())
    prepared.emplace_back(e, map.getNumDims(), symbols);
  return prepared;
}

//===----------------------------------------------------------------------===//
// The interpreter
//===----------------------------------------------------------------------===//

namespace {
/// Interprets the ops of one cascade or function body.
class Interpreter {
public:
  explicit Interpreter(const InterpreterOptions &options)
      : options(options) {}

  /// Runs `block` with its arguments bound to `arguments`; the operands of
  /// its terminator are the result.
  FailureOr<std::vector<PresenceTensor>>
  runBlock(Block &block, ArrayRef<PresenceTensor> arguments);

  /// Interprets `cascade` on inputs that must match its interface; they are
  /// all present (docs/Notation.md: edge.cascade, edge.call).
  FailureOr<std::vector<PresenceTensor>>
  runCascade(CascadeOp cascade, ArrayRef<PresenceTensor> inputs);

private:
  LogicalResult runOp(Operation *op);
  LogicalResult runEinsum(EinsumOp op);
  LogicalResult runSplit(SplitOp op);
  LogicalResult runUnsplit(UnsplitOp op);
  LogicalResult runMask(MaskOp op);
  LogicalResult runIterate(IterateOp op);
  LogicalResult runCall(CallOp op);

  const PresenceTensor &lookup(Value value) { return values.at(value); }

  const InterpreterOptions &options;
  /// The tensor of every value computed so far.
  llvm::DenseMap<Value, PresenceTensor> values;
  /// The ranks of the enclosing iterations and their current step,
  /// innermost last.
  SmallVector<std::pair<std::string, int64_t>> iterationSteps;
};
} // namespace

/// A tensor with every point present (values of absent points are their
/// empty value already): cascade inputs and iterations' running values are
/// dense, and read 0 outside their shape.
static PresenceTensor makeDense(const PresenceTensor &t) {
  PresenceTensor dense = PresenceTensor::dense(t.shape, t.values);
  dense.emptyValue = 0.0;
  return dense;
}

/// The static shape of `type`, or a located error.
static FailureOr<SmallVector<int64_t>> getStaticShape(Operation *op,
                                                      Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape()) {
    op->emitError("the reference interpreter needs static shapes, got ")
        << type;
    return failure();
  }
  return SmallVector<int64_t>(tensor.getShape());
}

/// Checks `inputs` against the input types of `op`'s interface.
static LogicalResult checkInputs(Operation *op, TypeRange types,
                                 ArrayRef<PresenceTensor> inputs) {
  if (inputs.size() != types.size())
    return op->emitError("the reference interpreter got ")
           << inputs.size() << " inputs, expected " << types.size();
  for (auto [i, type, input] : llvm::enumerate(types, inputs)) {
    FailureOr<SmallVector<int64_t>> shape = getStaticShape(op, type);
    if (failed(shape))
      return failure();
    if (ArrayRef<int64_t>(*shape) != ArrayRef<int64_t>(input.shape) ||
        int64_t(input.values.size()) != countPoints(*shape) ||
        input.present.size() != input.values.size()) {
      InFlightDiagnostic diag = op->emitError("input #")
                                << i << " has shape [";
      llvm::interleave(input.shape, [&](int64_t s) { diag << s; },
                       [&] { diag << "x"; });
      return diag << "] (" << input.values.size()
                  << " values), expected " << type;
    }
  }
  return success();
}

FailureOr<std::vector<PresenceTensor>>
Interpreter::runBlock(Block &block, ArrayRef<PresenceTensor> arguments) {
  for (auto [arg, tensor] : llvm::zip_equal(block.getArguments(), arguments))
    values[arg] = tensor;
  for (Operation &op : block.without_terminator())
    if (failed(runOp(&op)))
      return failure();
  Operation *terminator = block.getTerminator();
  if (!isa<ReturnOp, YieldOp, func::ReturnOp>(terminator)) {
    terminator->emitError("the reference interpreter does not support '")
        << terminator->getName() << "'";
    return failure();
  }
  std::vector<PresenceTensor> results;
  for (Value v : terminator->getOperands())
    results.push_back(lookup(v));
  return results;
}

FailureOr<std::vector<PresenceTensor>>
Interpreter::runCascade(CascadeOp cascade, ArrayRef<PresenceTensor> inputs) {
  if (failed(checkInputs(cascade, cascade.getArgumentTypes(), inputs)))
    return failure();
  std::vector<PresenceTensor> dense;
  for (const PresenceTensor &t : inputs)
    dense.push_back(makeDense(t));
  return runBlock(cascade.getBody().front(), dense);
}

LogicalResult Interpreter::runOp(Operation *op) {
  if (auto einsum = dyn_cast<EinsumOp>(op))
    return runEinsum(einsum);
  if (auto split = dyn_cast<SplitOp>(op))
    return runSplit(split);
  if (auto unsplit = dyn_cast<UnsplitOp>(op))
    return runUnsplit(unsplit);
  if (auto mask = dyn_cast<MaskOp>(op))
    return runMask(mask);
  if (auto iterate = dyn_cast<IterateOp>(op))
    return runIterate(iterate);
  if (auto call = dyn_cast<CallOp>(op))
    return runCall(call);
  if (auto fill = dyn_cast<FillOp>(op)) {
    FailureOr<SmallVector<int64_t>> shape = getStaticShape(op, fill.getType());
    if (failed(shape))
      return failure();
    values[fill] = PresenceTensor::dense(
        *shape, std::vector<double>(countPoints(*shape),
                                    fill.getValue().convertToDouble()));
    return success();
  }
  return op->emitError("the reference interpreter does not support '")
         << op->getName() << "'";
}

LogicalResult Interpreter::runEinsum(EinsumOp op) {
  unsigned numInputs = op.getInputs().size();
  SmallVector<int64_t> extents = op.getRankExtents();
  FailureOr<SmallVector<int64_t>> resultShape =
      getStaticShape(op, op.getType());
  if (failed(resultShape))
    return failure();
  int64_t numPoints = 1;
  for (int64_t extent : extents) {
    if (ShapedType::isDynamic(extent))
      return op.emitError("the reference interpreter needs static extents");
    // Checked before multiplying: the verifier bounds each extent, not the
    // product.
    if (extent > options.maxPointsPerEinsum / std::max<int64_t>(numPoints, 1))
      return op.emitError("the reference interpreter refuses an iteration "
                          "space of more than ")
             << options.maxPointsPerEinsum << " points";
    numPoints *= extent;
  }

  // Symbols are the current steps of the enclosing iterations that they name
  // (the innermost, if several share a name).
  SmallVector<int64_t> symbols;
  for (Attribute a : op.getSymbols()) {
    StringRef name = cast<StringAttr>(a).getValue();
    auto it = llvm::find_if(llvm::reverse(iterationSteps), [&](auto &step) {
      return step.first == name;
    });
    if (it == iterationSteps.rend())
      return op.emitError("rank '")
             << name << "' is not the rank of an enclosing edge.iterate";
    symbols.push_back(it->second);
  }

  SmallVector<const PresenceTensor *> operands;
  for (Value v : op.getInputs())
    operands.push_back(&lookup(v));
  SmallVector<SmallVector<RankExpression>> operandIndices;
  for (unsigned i = 0; i < numInputs; ++i)
    operandIndices.push_back(prepare(op.getInputMap(i), symbols));
  SmallVector<RankExpression> outputIndex =
      prepare(op.getOutputMap(), symbols);
  // The filter: each constraint `expr >= 0`, or `expr == 0`.
  SmallVector<std::pair<RankExpression, bool>> constraints;
  if (std::optional<IntegerSet> filter = op.getFilter())
    for (unsigned c = 0, e = filter->getNumConstraints(); c < e; ++c)
      constraints.push_back(
          {RankExpression(filter->getConstraint(c), extents.size(), symbols),
           filter->isEq(c)});
  std::optional<ComputeKind> mapCompute = op.getMapCompute(),
                             reduceCompute = op.getReduceCompute();
  std::optional<MergeKind> mapMerge = op.getMapMerge();
  SmallVector<UnaryKind> unaries;
  if (std::optional<ArrayAttr> u = op.getUnary())
    for (Attribute a : *u)
      unaries.push_back(cast<UnaryKindAttr>(a).getValue());
  bool hasReduce = !op.getReduceRanks().empty();
  // A reduction folds the visited points of a fiber: the result is present
  // where one of them is (`union`, the only reduce merge the verifier
  // accepts; checked again, since the interpreter defines nothing else).
  if (hasReduce && *op.getReduceMerge() != MergeKind::Union)
    return op.emitError("the reference interpreter does not define the "
                        "reduce merge operator '")
           << stringifyMergeKind(*op.getReduceMerge()) << "' (only union)";

  PresenceTensor result = PresenceTensor::absent(
      *resultShape, op.getEmptyValue().convertToDouble());
  int64_t numOutputs = result.numElements();
  // Per output point: whether a visited point reached it.
  std::vector<uint8_t> reached(numOutputs, 0);

  // The map folds the tensor operands and the scalar constants in their
  // written order; a constant is present everywhere.
  SmallVector<FoldOperand> fold = op.getFoldOperands();
  SmallVector<int64_t> x(extents.size(), 0), index;
  SmallVector<double> operandValues(fold.size());
  SmallVector<bool> operandPresent(fold.size());
  bool more = numPoints > 0;
  for (; more; more = nextIndex(x, extents)) {
    index.clear();
    for (const RankExpression &e : outputIndex)
      index.push_back(e(x, symbols));
    std::optional<int64_t> y = result.linearize(index);
    if (!y)
      continue;

    bool kept = true;
    for (auto &[constraint, isEquality] : constraints) {
      int64_t v = constraint(x, symbols);
      kept &= isEquality ? v == 0 : v >= 0;
    }
    if (!kept)
      continue;

    for (auto [k, operand] : llvm::enumerate(fold)) {
      if (operand.constant) {
        operandPresent[k] = true;
        operandValues[k] = operand.constant->convertToDouble();
        continue;
      }
      unsigned i = operand.input;
      index.clear();
      for (const RankExpression &e : operandIndices[i])
        index.push_back(e(x, symbols));
      std::optional<int64_t> at = operands[i]->linearize(index);
      operandPresent[k] = at && operands[i]->present[*at];
      operandValues[k] = operandPresent[k] ? operands[i]->values[*at]
                                           : operands[i]->emptyValue;
    }
    double v = operandValues[0];
    bool visited = operandPresent[0];
    for (unsigned i = 1; i < fold.size(); ++i) {
      v = compute(*mapCompute, v, operandValues[i]);
      visited = mergeTable(*mapMerge, visited, operandPresent[i]);
    }
    if (!visited)
      continue;
    for (UnaryKind u : unaries)
      v = applyUnary(u, v);

    if (!hasReduce) {
      if (reached[*y])
        return op.emitError("the reference interpreter found two visited "
                            "points writing one output point without a "
                            "reduction (populate is '=')");
      result.values[*y] = v;
    } else {
      result.values[*y] = reached[*y]
                              ? compute(*reduceCompute, result.values[*y], v)
                              : v;
    }
    reached[*y] = 1;
  }

  for (int64_t y = 0; y < numOutputs; ++y) {
    bool present = reached[y];
    result.present[y] = present;
    if (!present)
      result.values[y] = result.emptyValue;
  }
  values[op] = std::move(result);
  return success();
}

LogicalResult Interpreter::runSplit(SplitOp op) {
  const PresenceTensor &source = lookup(op.getSource());
  FailureOr<SmallVector<int64_t>> shape = getStaticShape(op, op.getType());
  if (failed(shape))
    return failure();
  int64_t dim = op.getDim(), tile = op.getTile();
  double empty = op.getEmpty() ? op.getEmpty()->convertToDouble() : 0.0;
  // BK[.., i1, i0, ..] = K[.., i1*tile + i0, ..]; the tail past K's extent
  // is absent.
  PresenceTensor result = PresenceTensor::absent(*shape, empty);
  SmallVector<int64_t> index(shape->size(), 0), sourceIndex;
  for (int64_t n = 0; n < result.numElements(); ++n, nextIndex(index, *shape)) {
    sourceIndex.assign(index.begin(), index.begin() + dim);
    sourceIndex.push_back(index[dim] * tile + index[dim + 1]);
    sourceIndex.append(index.begin() + dim + 2, index.end());
    std::optional<int64_t> at = source.linearize(sourceIndex);
    if (at && source.present[*at]) {
      result.present[n] = 1;
      result.values[n] = source.values[*at];
    }
  }
  values[op] = std::move(result);
  return success();
}

LogicalResult Interpreter::runUnsplit(UnsplitOp op) {
  const PresenceTensor &source = lookup(op.getSource());
  FailureOr<SmallVector<int64_t>> shape = getStaticShape(op, op.getType());
  if (failed(shape))
    return failure();
  int64_t dim = op.getDim(), tile = source.shape[dim + 1];
  PresenceTensor result = PresenceTensor::absent(*shape, source.emptyValue);
  SmallVector<int64_t> index(shape->size(), 0), sourceIndex;
  for (int64_t n = 0; n < result.numElements(); ++n, nextIndex(index, *shape)) {
    sourceIndex.assign(index.begin(), index.begin() + dim);
    sourceIndex.push_back(index[dim] / tile);
    sourceIndex.push_back(index[dim] % tile);
    sourceIndex.append(index.begin() + dim + 1, index.end());
    int64_t at = *source.linearize(sourceIndex);
    result.present[n] = source.present[at];
    result.values[n] = source.values[at];
  }
  values[op] = std::move(result);
  return success();
}

LogicalResult Interpreter::runMask(MaskOp op) {
  const PresenceTensor &source = lookup(op.getSource());
  const PresenceTensor &mask = lookup(op.getMask());
  SmallVector<int64_t> dims = op.getMaskedDims();
  // R is T where the mask bit (a value 0 or 1 of the i1 tensor) is set.
  PresenceTensor result = PresenceTensor::absent(source.shape,
                                                 source.emptyValue);
  SmallVector<int64_t> index(source.shape.size(), 0), maskIndex(dims.size());
  for (int64_t n = 0; n < result.numElements();
       ++n, nextIndex(index, source.shape)) {
    for (auto [i, dim] : llvm::enumerate(dims))
      maskIndex[i] = index[dim];
    int64_t at = *mask.linearize(maskIndex);
    if (source.present[n] && mask.present[at] && mask.values[at] != 0.0) {
      result.present[n] = 1;
      result.values[n] = source.values[n];
    }
  }
  values[op] = std::move(result);
  return success();
}

/// `source` with dimension `dim` fixed to `step` (presence inherited).
static PresenceTensor takeSlice(const PresenceTensor &source, int64_t dim,
                                int64_t step) {
  SmallVector<int64_t> shape(source.shape);
  shape.erase(shape.begin() + dim);
  PresenceTensor slice = PresenceTensor::absent(shape, source.emptyValue);
  SmallVector<int64_t> index(shape.size(), 0), sourceIndex;
  for (int64_t n = 0; n < slice.numElements(); ++n, nextIndex(index, shape)) {
    sourceIndex.assign(index.begin(), index.end());
    sourceIndex.insert(sourceIndex.begin() + dim, step);
    int64_t at = *source.linearize(sourceIndex);
    slice.present[n] = source.present[at];
    slice.values[n] = source.values[at];
  }
  return slice;
}

LogicalResult Interpreter::runIterate(IterateOp op) {
  std::optional<uint64_t> stop = op.getStop();
  if (!stop)
    return op.emitError("the reference interpreter needs a stopping "
                        "condition");
  std::vector<PresenceTensor> running;
  for (Value init : op.getInits())
    running.push_back(makeDense(lookup(init)));
  Block &body = op.getBody().front();
  // r = 0 .. N-1 for `until r >= N`; the results are the running values at
  // r = N.
  for (int64_t step = 0; step < int64_t(*stop); ++step) {
    std::vector<PresenceTensor> arguments;
    for (auto [source, dim] :
         llvm::zip_equal(op.getSliceSources(), op.getSliceDims()))
      arguments.push_back(takeSlice(lookup(source), dim, step));
    llvm::append_range(arguments, running);
    iterationSteps.push_back({op.getRank().str(), step});
    FailureOr<std::vector<PresenceTensor>> next = runBlock(body, arguments);
    iterationSteps.pop_back();
    if (failed(next))
      return failure();
    running.clear();
    for (const PresenceTensor &t : *next)
      running.push_back(makeDense(t));
  }
  for (auto [result, tensor] : llvm::zip_equal(op.getResults(), running))
    values[result] = std::move(tensor);
  return success();
}

LogicalResult Interpreter::runCall(CallOp op) {
  auto callee =
      SymbolTable::lookupNearestSymbolFrom<CascadeOp>(op, op.getCalleeAttr());
  if (!callee)
    return op.emitError("no cascade named ") << op.getCalleeAttr();
  SmallVector<PresenceTensor> arguments;
  for (Value v : op.getOperands())
    arguments.push_back(lookup(v));
  // A callee has its own values and iterations.
  Interpreter nested(options);
  FailureOr<std::vector<PresenceTensor>> results =
      nested.runCascade(callee, arguments);
  if (failed(results))
    return failure();
  for (auto [result, tensor] : llvm::zip_equal(op.getResults(), *results))
    values[result] = std::move(tensor);
  return success();
}

FailureOr<std::vector<PresenceTensor>>
edge::interpretCascade(CascadeOp cascade, ArrayRef<PresenceTensor> inputs,
                       const InterpreterOptions &options) {
  return Interpreter(options).runCascade(cascade, inputs);
}

FailureOr<std::vector<PresenceTensor>>
edge::interpretFunction(func::FuncOp function, ArrayRef<PresenceTensor> inputs,
                        const InterpreterOptions &options) {
  if (function.isExternal())
    return function.emitError("the reference interpreter needs a body");
  if (failed(checkInputs(function, function.getArgumentTypes(), inputs)))
    return failure();
  if (!function.getBody().hasOneBlock())
    return function.emitError(
        "the reference interpreter needs a single-block function");
  std::vector<PresenceTensor> dense;
  for (const PresenceTensor &t : inputs)
    dense.push_back(makeDense(t));
  return Interpreter(options).runBlock(function.getBody().front(), dense);
}
