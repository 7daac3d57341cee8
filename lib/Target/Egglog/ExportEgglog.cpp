//===- ExportEgglog.cpp - cascades as egglog programs ----------------------===//
//
// This file implements edge::exportEgglog: the datatypes of the edge dialect
// in egglog, the rules egglog can state, and every cascade as `let`
// bindings. docs/Egglog.md describes the datatypes and why each rule of
// --edge-saturate is exported or left out.
//
//===----------------------------------------------------------------------===//

#include "edge/Target/Egglog.h"

#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/EinsumSpec.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "mlir/IR/AsmState.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace edge;

/// The datatypes. Operators are strings (the names of EdgeAttrs.td, as the
/// assembly prints them), so that the enums are defined once. An iteration
/// has a number unique in its cascade; the terms of its body refer to its
/// block arguments by that number (`SliceArg`, `StateArg`), so that bodies
/// of different iterations never share an e-class.
static constexpr llvm::StringLiteral kSchema = R"egg(
;; Datatypes of the edge dialect (docs/Egglog.md).
(datatype Index (RankVar String) (IndexConst i64) (IndexAdd Index Index)
  (IndexMul Index Index))
(datatype IndexList (IndexNil) (IndexCons Index IndexList))
(datatype NameList (NameNil) (NameCons String NameList))
(datatype IntList (IntNil) (IntCons i64 IntList))
;; A ranked tensor type: static shape and element type as MLIR prints it.
(datatype Type (TensorType IntList String))
(datatype TypeList (TypeNil) (TypeCons Type TypeList))
(datatype Float (Finite f64) (PosInf) (NegInf) (NotANumber))
(datatype Empty (DefaultEmpty) (EmptyValue Float))
(datatype EinsumName (Unnamed) (Named String))
;; The dims of edge.mask: none written (the mask has the tensor's shape), or
;; the tensor dimension of each mask dimension.
(datatype MaskDims (SameShape) (Dims IntList))
;; map <compute>(<merge>); reduce [<ranks>] <compute>(<merge>).
(datatype MapAction (NoMap) (Map String String))
(datatype ReduceAction (NoReduce) (Reduce NameList String String))
(datatype UnaryList (UnaryNil) (UnaryCons String UnaryList))
;; A filter constraint: expr >= 0, or expr == 0.
(datatype Constraint (NonNegative Index) (IsZero Index))
(datatype ConstraintList (ConstraintNil) (ConstraintCons Constraint ConstraintList))
(datatype*
  (Tensor
    ;; position, name and type of a cascade input
    (Input i64 String Type)
    ;; name ranks symbols operands output map unary filter reduce empty type
    (Einsum EinsumName NameList NameList OperandList IndexList MapAction
            UnaryList ConstraintList ReduceAction Empty Type)
    ;; source dim tile empty type
    (Split Tensor i64 i64 Empty Type)
    ;; source dim type
    (Unsplit Tensor i64 Type)
    (Fill Float Type)
    ;; source mask dims type (edge.mask: empty where the i1 mask is false)
    (Mask Tensor Tensor MaskDims Type)
    ;; number rank stop slice-sources slice-dims inits yields
    (Iterate i64 String i64 TensorList IntList TensorList TensorList)
    ;; the k-th running value at the end of an iteration
    (IterateResult Tensor i64)
    ;; block arguments of the iteration with that number: the k-th slice,
    ;; the k-th running value
    (SliceArg i64 i64)
    (StateArg i64 i64))
  (Operand (Access Tensor IndexList))
  (OperandList (OperandNil) (OperandCons Operand OperandList))
  (TensorList (TensorNil) (TensorCons Tensor TensorList))
  (OutputList (OutputNil) (OutputCons String Tensor OutputList))
  ;; name, input names, input types, outputs
  (CascadeTerm (Cascade String NameList TypeList OutputList)))
)egg";

/// The facts the rules' preconditions need, derived by rules of their own,
/// then the rules. A rule's name is the --edge-saturate rule it states,
/// with a `.<direction>` suffix when egglog needs two rules for it. Written out by writeRules, which adds the merge operators
/// from the enum.
static constexpr llvm::StringLiteral kRuleFacts = R"egg(
;; Rules of --edge-saturate that egglog can state (docs/Saturation.md,
;; docs/Egglog.md). Run them with (run-schedule (saturate (run edge-rules))).
(ruleset edge-rules)

;; (TypeOf t): the type of a tensor term that carries one.
(constructor TypeOf (Tensor) Type)
(rule ((= t (Input i n ty))) ((union (TypeOf t) ty)) :ruleset edge-rules)
(rule ((= t (Einsum n rs ss ops out m un f red e ty))) ((union (TypeOf t) ty))
      :ruleset edge-rules)
(rule ((= t (Split x d k e ty))) ((union (TypeOf t) ty)) :ruleset edge-rules)
(rule ((= t (Unsplit x d ty))) ((union (TypeOf t) ty)) :ruleset edge-rules)
(rule ((= t (Fill v ty))) ((union (TypeOf t) ty)) :ruleset edge-rules)
(rule ((= t (Mask x m d ty))) ((union (TypeOf t) ty)) :ruleset edge-rules)

;; (BareIndices l): every index of l is a bare rank variable.
(relation BareIndices (IndexList))
(rule ((= l (IndexNil))) ((BareIndices l)) :ruleset edge-rules)
(rule ((= l (IndexCons (RankVar r) t)) (BareIndices t)) ((BareIndices l))
      :ruleset edge-rules)

;; (BareNames l): the rank names of a list of bare indices; costs more than
;; the NameList it rewrites to, so that extraction never keeps it.
(constructor BareNames (IndexList) NameList :cost 1000)
(rewrite (BareNames (IndexNil)) (NameNil) :ruleset edge-rules)
(rewrite (BareNames (IndexCons (RankVar r) t)) (NameCons r (BareNames t))
         :ruleset edge-rules)

;; (IndicesAvoid l r): no index of l depends on rank r, for every rank r
;; that some einsum reduces. egglog queries have no negation, so
;; independence is derived positively.
(relation ReducedNames (NameList))
(relation ReducedRank (String))
(rule ((= t (Einsum n rs ss ops out m un f (Reduce l c g) e ty)))
      ((ReducedNames l)) :ruleset edge-rules)
(rule ((ReducedNames (NameCons r rest))) ((ReducedRank r) (ReducedNames rest))
      :ruleset edge-rules)
(relation IndexAvoids (Index String))
(rule ((= i (RankVar a)) (ReducedRank r) (!= a r)) ((IndexAvoids i r))
      :ruleset edge-rules)
(rule ((= i (IndexConst c)) (ReducedRank r)) ((IndexAvoids i r))
      :ruleset edge-rules)
(rule ((= i (IndexAdd x y)) (IndexAvoids x r) (IndexAvoids y r))
      ((IndexAvoids i r)) :ruleset edge-rules)
(rule ((= i (IndexMul x y)) (IndexAvoids x r) (IndexAvoids y r))
      ((IndexAvoids i r)) :ruleset edge-rules)
(relation IndicesAvoid (IndexList String))
(rule ((= l (IndexNil)) (ReducedRank r)) ((IndicesAvoid l r))
      :ruleset edge-rules)
(rule ((= l (IndexCons i t)) (IndexAvoids i r) (IndicesAvoid t r))
      ((IndicesAvoid l r)) :ruleset edge-rules)

;; (Dense t): every point of t is present (docs/Notation.md). The presence
;; facts of the edge-saturate rules come from an analysis egglog cannot
;; run; this is a sufficient syntactic form of them: inputs, fills and
;; running values are dense, and so is an einsum without symbols or filter
;; whose operands are dense and indexed by bare ranks, whose output is bare,
;; and whose map merge visits a point where all operands are present.
(relation Dense (Tensor))
(rule ((= t (Input i n ty))) ((Dense t)) :ruleset edge-rules)
(rule ((= t (Fill v ty))) ((Dense t)) :ruleset edge-rules)
(rule ((= t (StateArg i k))) ((Dense t)) :ruleset edge-rules)
(rule ((= t (IterateResult it k))) ((Dense t)) :ruleset edge-rules)
(rule ((= t (Unsplit x d ty)) (Dense x)) ((Dense t)) :ruleset edge-rules)
(relation DenseOperands (OperandList))
(rule ((= l (OperandNil))) ((DenseOperands l)) :ruleset edge-rules)
(rule ((= l (OperandCons (Access t idx) rest)) (Dense t) (BareIndices idx)
       (DenseOperands rest))
      ((DenseOperands l)) :ruleset edge-rules)
(relation VisitsAllPresent (MapAction))
(rule ((= a (NoMap))) ((VisitsAllPresent a)) :ruleset edge-rules)
)egg";

static constexpr llvm::StringLiteral kRules = R"egg(
(rule ((= t (Einsum n rs (NameNil) ops out m un (ConstraintNil) red e ty))
       (DenseOperands ops) (VisitsAllPresent m) (BareIndices out))
      ((Dense t)) :ruleset edge-rules)

;; split-cancel: unsplit(split(X)) = X. The unsplit drops exactly the tail
;; the split added when it restores X's extent (same type).
(rule ((= u (Unsplit (Split x d k e sty) d uty)) (= (TypeOf x) uty))
      ((union u x)) :ruleset edge-rules :name "split-cancel.unsplit-split")

;; split-cancel: split(unsplit(Y)) = Y when the split has no tail (the
;; unsplit extent M along d is a multiple of the tile) and gives Y's type
;; back. With a tail it needs Y absent there (left out, below).
(relation ExtentAt (IntList i64 i64))
(rule ((= l (IntCons x rest))) ((ExtentAt l 0 x)) :ruleset edge-rules)
(rule ((= l (IntCons x rest)) (ExtentAt rest k y)) ((ExtentAt l (+ k 1) y))
      :ruleset edge-rules)
(rule ((= s (Split (Unsplit y d (TensorType udims el)) d k e sty))
       (= (TypeOf y) sty) (ExtentAt udims d extent) (= (% extent k) 0))
      ((union s y)) :ruleset edge-rules :name "split-cancel.split-unsplit")

;; defer-division (identity D): sum_r (N / d) x V = (sum_r N x V) / d.
;; Encoded preconditions: d does not depend on r (IndicesAvoid); N, d and V
;; are dense, which makes the presence conditions of edge-saturate (N's
;; empty value 0, V present where visited) hold trivially; the quotient
;; is indexed exactly as it is produced (bare, same rank names), so the
;; rank names of N and d are those of the sum; no symbols, unary operators
;; or filters.
(rule ((= av (Einsum name ranks (NameNil)
               (OperandCons
                 (Access (Einsum qname qranks (NameNil)
                           (OperandCons (Access num qout)
                             (OperandCons (Access div dix) (OperandNil)))
                           qout (Map "div" "take_right") (UnaryNil)
                           (ConstraintNil) (NoReduce) qempty qty)
                         qout)
                 (OperandCons (Access v vix) (OperandNil)))
               out (Map "mul" "isect") (UnaryNil) (ConstraintNil)
               (Reduce (NameCons r (NameNil)) "add" "union") empty ty))
       (BareIndices qout) (BareIndices out)
       (Dense num) (Dense div) (Dense v) (IndicesAvoid dix r))
      ((let sum (Einsum name ranks (NameNil)
                  (OperandCons (Access num qout)
                    (OperandCons (Access v vix) (OperandNil)))
                  out (Map "mul" "isect") (UnaryNil) (ConstraintNil)
                  (Reduce (NameCons r (NameNil)) "add" "union") empty ty))
       (union av (Einsum name (BareNames out) (NameNil)
                   (OperandCons (Access sum out)
                     (OperandCons (Access div dix) (OperandNil)))
                   out (Map "div" "take_right") (UnaryNil) (ConstraintNil)
                   (NoReduce) (DefaultEmpty) ty)))
      :ruleset edge-rules :name "defer-division")

;; product-fusion: sum_r P = sum_r (A x B ...) for P = A x B ... (a pointwise
;; mul(isect) product). Both visit exactly the points where every factor is
;; present, so no presence fact is needed. The sum reads P as it is
;; produced (bare, same rank names), so the factors' indices carry over;
;; the fused einsum iterates P's ranks. No filters or unary operators;
;; both use the same symbols.
(rule ((= s (Einsum name ranks syms
              (OperandCons
                (Access (Einsum pname pranks syms factors pout
                          (Map "mul" "isect") (UnaryNil) (ConstraintNil)
                          (NoReduce) pempty pty)
                        pout)
                (OperandNil))
              out (NoMap) (UnaryNil) (ConstraintNil)
              (Reduce reduced "add" "union") empty ty))
       (BareIndices pout))
      ((union s (Einsum name pranks syms factors out (Map "mul" "isect")
                  (UnaryNil) (ConstraintNil) (Reduce reduced "add" "union")
                  empty ty)))
      :ruleset edge-rules :name "product-fusion")

;; Left out: their preconditions are analysis facts egglog cannot see, or
;; their right-hand sides are not terms of the left-hand side's parts.
;; split-cancel, split(unsplit(Y)) = Y with a tail: needs Y absent at the
;;   split's tail with the split's empty value (a presence fact of Y's
;;   producer).
;; split-rank: rewrites every index expression of an einsum (m -> m1*tile +
;;   m0), needs the static extent of m and, with a tail, adds a filter.
;; split-reduction: the inner einsum's output is the outer one's plus m1, a
;;   list computed from the einsum, with new rank bookkeeping.
;; exp-rebase: needs X present where visited and the same filter on the
;;   local maximum and the exponent, through two levels of einsums.
;; factor-out: needs c independent of the reduced ranks in the rank names
;;   of another einsum (renaming through its indexing), and the inner sum's
;;   ranks, a list computed from the einsum.
;; reduce-to-iterate: walks every consumer of the global maximum (the
;;   parents of an e-class, which a pattern cannot name) and builds a new
;;   Iterate with a fresh number and a body of block-argument terms.
)egg";

/// `name` with every character an egglog identifier cannot hold (a quoted
/// symbol name may have any) replaced by '_', and '#' (of `%3#1`) by '.'.
static std::string sanitizeIdentifier(StringRef name) {
  std::string result;
  for (char c : name)
    result.push_back(c == '#' ? '.'
                     : llvm::isAlnum(c) || c == '_' || c == '.' || c == '$' ||
                             c == '-'
                         ? c
                         : '_');
  return result;
}

/// The `let` name of a cascade's `Cascade` term: `$<symbol name>`.
static std::string cascadeLetName(CascadeOp cascade) {
  return "$" + sanitizeIdentifier(cascade.getSymName());
}

namespace {
/// Writes terms of one cascade.
class CascadeWriter {
public:
  CascadeWriter(CascadeOp cascade, llvm::raw_ostream &os)
      : cascade(cascade), os(os), asmState(cascade) {}

  LogicalResult write();

private:
  /// The `let` name of a value: `$<cascade>.<SSA name>`.
  std::string letName(Value value);
  void writeString(StringRef s);
  void writeType(Type type);
  void writeFloat(const APFloat &value);
  void writeEmpty(std::optional<APFloat> value);
  void writeNames(ArrayRef<std::string> names);
  void writeTensors(ValueRange values);
  void writeInts(ArrayRef<int64_t> values);
  LogicalResult writeIndex(AffineExpr expr, ArrayRef<std::string> ranks,
                           ArrayRef<std::string> symbols, Operation *op);
  LogicalResult writeIndices(ArrayRef<AffineExpr> exprs, const EinsumSpec &spec,
                             Operation *op);
  LogicalResult writeEinsum(EinsumOp op);
  LogicalResult writeBlock(Block &block);
  LogicalResult writeOp(Operation &op);

  CascadeOp cascade;
  llvm::raw_ostream &os;
  AsmState asmState;
  llvm::DenseMap<Value, std::string> letNames;
  llvm::DenseMap<Operation *, int64_t> iterateNumbers;
};
} // namespace

std::string CascadeWriter::letName(Value value) {
  std::string &name = letNames[value];
  if (!name.empty())
    return name;
  std::string ssa;
  llvm::raw_string_ostream ssaOs(ssa);
  value.printAsOperand(ssaOs, asmState);
  // `%QK` -> `$attention.QK`; `%3#1` -> `$attention.3.1`.
  name = cascadeLetName(cascade) + "." +
         sanitizeIdentifier(StringRef(ssa).drop_front());
  return name;
}

void CascadeWriter::writeString(StringRef s) {
  os << '"';
  for (char c : s) {
    if (c == '"' || c == '\\')
      os << '\\';
    os << c;
  }
  os << '"';
}

void CascadeWriter::writeInts(ArrayRef<int64_t> values) {
  for (int64_t v : values)
    os << "(IntCons " << v << " ";
  os << "(IntNil)" << std::string(values.size(), ')');
}

void CascadeWriter::writeType(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  os << "(TensorType ";
  writeInts(tensor.getShape());
  std::string element;
  llvm::raw_string_ostream elementOs(element);
  tensor.getElementType().print(elementOs);
  os << " ";
  writeString(element);
  os << ")";
}

void CascadeWriter::writeFloat(const APFloat &value) {
  if (value.isNaN())
    os << "(NotANumber)";
  else if (value.isInfinity())
    os << (value.isNegative() ? "(NegInf)" : "(PosInf)");
  else
    os << "(Finite " << formatFloat(value) << ")";
}

void CascadeWriter::writeEmpty(std::optional<APFloat> value) {
  if (!value) {
    os << "(DefaultEmpty)";
    return;
  }
  os << "(EmptyValue ";
  writeFloat(*value);
  os << ")";
}

void CascadeWriter::writeNames(ArrayRef<std::string> names) {
  for (const std::string &n : names) {
    os << "(NameCons ";
    writeString(n);
    os << " ";
  }
  os << "(NameNil)" << std::string(names.size(), ')');
}

void CascadeWriter::writeTensors(ValueRange values) {
  for (Value v : values)
    os << "(TensorCons " << letName(v) << " ";
  os << "(TensorNil)" << std::string(values.size(), ')');
}

LogicalResult CascadeWriter::writeIndex(AffineExpr expr,
                                        ArrayRef<std::string> ranks,
                                        ArrayRef<std::string> symbols,
                                        Operation *op) {
  if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
    os << "(RankVar ";
    writeString(ranks[dim.getPosition()]);
    os << ")";
    return success();
  }
  if (auto sym = dyn_cast<AffineSymbolExpr>(expr)) {
    os << "(RankVar ";
    writeString(symbols[sym.getPosition()]);
    os << ")";
    return success();
  }
  if (auto c = dyn_cast<AffineConstantExpr>(expr)) {
    os << "(IndexConst " << c.getValue() << ")";
    return success();
  }
  auto bin = cast<AffineBinaryOpExpr>(expr);
  if (expr.getKind() != AffineExprKind::Add &&
      expr.getKind() != AffineExprKind::Mul)
    return op->emitError("edge-export-egglog: a rank expression with ")
           << (expr.getKind() == AffineExprKind::Mod ? "mod" : "a division")
           << " has no egglog form";
  os << (expr.getKind() == AffineExprKind::Add ? "(IndexAdd " : "(IndexMul ");
  if (failed(writeIndex(bin.getLHS(), ranks, symbols, op)))
    return failure();
  os << " ";
  if (failed(writeIndex(bin.getRHS(), ranks, symbols, op)))
    return failure();
  os << ")";
  return success();
}

LogicalResult CascadeWriter::writeIndices(ArrayRef<AffineExpr> exprs,
                                          const EinsumSpec &spec,
                                          Operation *op) {
  for (AffineExpr e : exprs) {
    os << "(IndexCons ";
    if (failed(writeIndex(e, spec.ranks, spec.symbols, op)))
      return failure();
    os << " ";
  }
  os << "(IndexNil)" << std::string(exprs.size(), ')');
  return success();
}

LogicalResult CascadeWriter::writeEinsum(EinsumOp op) {
  EinsumSpec spec = EinsumSpec::fromOp(op);
  // The schema's operand list holds tensor accesses only: a constant would
  // be dropped, and the import would build another einsum.
  if (spec.hasConstants())
    return op.emitError("edge-export-egglog: an einsum with scalar constant "
                        "operands has no egglog form");
  os << "(Einsum ";
  if (op.getName()) {
    os << "(Named ";
    writeString(spec.name);
    os << ")";
  } else {
    os << "(Unnamed)";
  }
  os << "\n    ";
  writeNames(spec.ranks);
  os << " ";
  writeNames(spec.symbols);
  os << "\n    ";
  for (const EinsumOperand &operand : spec.inputs) {
    os << "(OperandCons (Access " << letName(operand.value) << " ";
    if (failed(writeIndices(operand.indices, spec, op)))
      return failure();
    os << ") ";
  }
  os << "(OperandNil)" << std::string(spec.inputs.size(), ')');
  os << "\n    ";
  if (failed(writeIndices(spec.output, spec, op)))
    return failure();
  os << "\n    ";
  if (spec.mapCompute && spec.mapMerge)
    os << "(Map \"" << stringifyComputeKind(*spec.mapCompute) << "\" \""
       << stringifyMergeKind(*spec.mapMerge) << "\")";
  else
    os << "(NoMap)";
  os << " ";
  for (UnaryKind u : spec.unary)
    os << "(UnaryCons \"" << stringifyUnaryKind(u) << "\" ";
  os << "(UnaryNil)" << std::string(spec.unary.size(), ')');
  os << " ";
  for (const EinsumConstraint &c : spec.filter) {
    os << "(ConstraintCons (" << (c.isEquality ? "IsZero " : "NonNegative ");
    if (failed(writeIndex(c.expr, spec.ranks, spec.symbols, op)))
      return failure();
    os << ") ";
  }
  os << "(ConstraintNil)" << std::string(spec.filter.size(), ')');
  os << "\n    ";
  if (spec.reduceCompute && spec.reduceMerge) {
    os << "(Reduce ";
    writeNames(spec.reduceRanks);
    os << " \"" << stringifyComputeKind(*spec.reduceCompute) << "\" \""
       << stringifyMergeKind(*spec.reduceMerge) << "\")";
  } else {
    os << "(NoReduce)";
  }
  os << " ";
  writeEmpty(spec.empty);
  os << " ";
  writeType(op.getType());
  os << ")";
  return success();
}

LogicalResult CascadeWriter::writeOp(Operation &op) {
  if (isa<ReturnOp, YieldOp>(op))
    return success();
  if (auto iterate = dyn_cast<IterateOp>(op)) {
    int64_t number = iterateNumbers.size();
    iterateNumbers[iterate] = number;
    for (auto [k, arg] : llvm::enumerate(iterate.getSliceArgs()))
      os << "(let " << letName(arg) << " (SliceArg " << number << " " << k
         << "))\n";
    for (auto [k, arg] : llvm::enumerate(iterate.getStateArgs()))
      os << "(let " << letName(arg) << " (StateArg " << number << " " << k
         << "))\n";
    Block &body = iterate.getBody().front();
    if (failed(writeBlock(body)))
      return failure();
    // The iteration itself has no value; it is named after its first
    // result with a `.iterate` suffix.
    std::string name = letName(iterate.getResult(0)) + ".iterate";
    os << "(let " << name << " (Iterate " << number << " ";
    writeString(iterate.getRank());
    os << " " << *iterate.getStop() << "\n    ";
    writeTensors(iterate.getSliceSources());
    os << " ";
    writeInts(iterate.getSliceDims());
    os << "\n    ";
    writeTensors(iterate.getInits());
    os << "\n    ";
    writeTensors(body.getTerminator()->getOperands());
    os << "))\n";
    for (auto [k, result] : llvm::enumerate(iterate.getResults()))
      os << "(let " << letName(result) << " (IterateResult " << name << " "
         << k << "))\n";
    return success();
  }

  os << "(let " << letName(op.getResult(0)) << " ";
  if (auto einsum = dyn_cast<EinsumOp>(op)) {
    if (failed(writeEinsum(einsum)))
      return failure();
  } else if (auto split = dyn_cast<SplitOp>(op)) {
    os << "(Split " << letName(split.getSource()) << " " << split.getDim()
       << " " << split.getTile() << " ";
    writeEmpty(split.getEmpty());
    os << " ";
    writeType(split.getType());
    os << ")";
  } else if (auto unsplit = dyn_cast<UnsplitOp>(op)) {
    os << "(Unsplit " << letName(unsplit.getSource()) << " "
       << unsplit.getDim() << " ";
    writeType(unsplit.getType());
    os << ")";
  } else if (auto fill = dyn_cast<FillOp>(op)) {
    os << "(Fill ";
    writeFloat(fill.getValue());
    os << " ";
    writeType(fill.getType());
    os << ")";
  } else if (auto mask = dyn_cast<MaskOp>(op)) {
    os << "(Mask " << letName(mask.getSource()) << " "
       << letName(mask.getMask()) << " ";
    if (std::optional<ArrayRef<int64_t>> dims = mask.getDims()) {
      os << "(Dims ";
      writeInts(*dims);
      os << ")";
    } else {
      os << "(SameShape)";
    }
    os << " ";
    writeType(mask.getType());
    os << ")";
  } else {
    return op.emitError("edge-export-egglog: '")
           << op.getName() << "' has no egglog form";
  }
  os << ")\n";
  return success();
}

LogicalResult CascadeWriter::writeBlock(Block &block) {
  for (Operation &op : block)
    if (failed(writeOp(op)))
      return failure();
  return success();
}

LogicalResult CascadeWriter::write() {
  // The schema's types are static shapes and its iterations have a stop.
  if (hasDynamicSizes(cascade))
    return cascade.emitError("edge-export-egglog: a cascade with run-time "
                             "sizes (`?`) has no egglog form");
  os << "\n;; cascade @" << cascade.getSymName() << "\n";
  Block &body = cascade.getBody().front();
  SmallVector<std::string> inputNames, outputNames;
  for (Attribute a : cascade.getInputNames())
    inputNames.push_back(cast<StringAttr>(a).str());
  for (Attribute a : cascade.getOutputNames())
    outputNames.push_back(cast<StringAttr>(a).str());
  for (auto [i, arg] : llvm::enumerate(body.getArguments())) {
    os << "(let " << letName(arg) << " (Input " << i << " ";
    writeString(inputNames[i]);
    os << " ";
    writeType(arg.getType());
    os << "))\n";
  }
  if (failed(writeBlock(body)))
    return failure();
  os << "(let " << cascadeLetName(cascade) << " (Cascade ";
  writeString(cascade.getSymName());
  os << "\n    ";
  writeNames(inputNames);
  os << "\n    ";
  for (Type t : cascade.getArgumentTypes()) {
    os << "(TypeCons ";
    writeType(t);
    os << " ";
  }
  os << "(TypeNil)" << std::string(cascade.getArgumentTypes().size(), ')');
  os << "\n    ";
  ValueRange results = body.getTerminator()->getOperands();
  for (auto [name, value] : llvm::zip(outputNames, results)) {
    os << "(OutputCons ";
    writeString(name);
    os << " " << letName(value) << " ";
  }
  os << "(OutputNil)" << std::string(results.size(), ')') << "))\n";
  return success();
}

/// The rules with the merge operators whose truth table visits a point
/// where both operands are present (bit 3 of the table, EdgeAttrs.td).
static void writeRules(llvm::raw_ostream &os) {
  os << kRuleFacts;
  for (uint32_t table = 0; table < 16; ++table)
    if (table & 8)
      os << "(rule ((= a (Map c \""
         << stringifyMergeKind(static_cast<MergeKind>(table))
         << "\"))) ((VisitsAllPresent a)) :ruleset edge-rules)\n";
  os << kRules;
}

LogicalResult edge::exportEgglog(ModuleOp module, llvm::raw_ostream &os,
                                 const EgglogExportOptions &options) {
  std::string text;
  llvm::raw_string_ostream buffer(text);
  buffer << ";; edge cascades as egglog terms, written by --edge-export-egglog"
            " (docs/Egglog.md).\n";
  if (options.withSchema)
    buffer << kSchema;
  if (options.withRules)
    writeRules(buffer);
  // Cascades are written into a buffer: a cascade that fails writes nothing.
  WalkResult result = module.walk([&](CascadeOp cascade) {
    if (failed(CascadeWriter(cascade, buffer).write()))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  os << text;
  return success();
}
