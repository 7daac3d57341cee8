//===- ImportEgglog.cpp - egglog terms back into cascades ------------------===//
//
// This file implements edge::importEgglog. It reads the s-expressions of an
// egglog program, decodes the `Tensor` terms of the schema that
// ExportEgglog.cpp writes into nodes (shared subterms become one node, so
// an extracted tree becomes a DAG again), and builds one edge.cascade per
// `Cascade` term.
//
// Ops are created in the order their terms are first complete: `let`
// order for an exported program (so the round trip is the identity), the
// post-order of the term for an extracted one. Each op goes into the
// innermost iteration whose block arguments it depends on: a term that
// depends on none is built in the cascade's body even when only an
// iteration uses it (egglog cannot tell it apart from the same term
// outside).
//
//===----------------------------------------------------------------------===//

#include "edge/Target/Egglog.h"

#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/EinsumSpec.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/SourceMgr.h"

#include <map>
#include <set>

using namespace mlir;
using namespace edge;

namespace {

//===----------------------------------------------------------------------===//
// S-expressions
//===----------------------------------------------------------------------===//

/// An egglog s-expression: an atom (symbol, string, number) or a list.
struct SExpr {
  enum class Kind { Symbol, String, Number, List };
  Kind kind = Kind::List;
  std::string text; // the atom; a string without quotes and escapes
  std::vector<SExpr> items;
  llvm::SMLoc loc;

  bool isList() const { return kind == Kind::List; }
  /// The constructor or command name of a list, else "".
  llvm::StringRef head() const {
    if (isList() && !items.empty() && items[0].kind == Kind::Symbol)
      return items[0].text;
    return "";
  }
  size_t numArgs() const { return items.empty() ? 0 : items.size() - 1; }
  const SExpr &arg(size_t i) const { return items[i + 1]; }
};

/// Reads the s-expressions of a buffer; errors through `error`.
class SExprReader {
public:
  SExprReader(llvm::StringRef text,
              llvm::function_ref<InFlightDiagnostic(llvm::SMLoc)> error)
      : text(text), pos(0), error(error) {}

  LogicalResult readAll(std::vector<SExpr> &out) {
    while (true) {
      skipSpace();
      if (pos >= text.size())
        return success();
      if (text[pos] == ')') {
        error(here()) << "unbalanced ')'";
        return failure();
      }
      if (failed(read(out.emplace_back())))
        return failure();
    }
  }

private:
  llvm::SMLoc here() const {
    return llvm::SMLoc::getFromPointer(text.data() + pos);
  }

  void skipSpace() {
    while (pos < text.size()) {
      char c = text[pos];
      if (c == ';') {
        while (pos < text.size() && text[pos] != '\n')
          ++pos;
      } else if (isspace(static_cast<unsigned char>(c))) {
        ++pos;
      } else {
        return;
      }
    }
  }

  LogicalResult read(SExpr &e) {
    e.loc = here();
    char c = text[pos];
    if (c == '(') {
      ++pos;
      e.kind = SExpr::Kind::List;
      while (true) {
        skipSpace();
        if (pos >= text.size()) {
          error(e.loc) << "'(' is not closed";
          return failure();
        }
        if (text[pos] == ')') {
          ++pos;
          return success();
        }
        if (failed(read(e.items.emplace_back())))
          return failure();
      }
    }
    if (c == '"') {
      ++pos;
      e.kind = SExpr::Kind::String;
      while (pos < text.size() && text[pos] != '"') {
        if (text[pos] == '\\' && pos + 1 < text.size())
          ++pos;
        e.text.push_back(text[pos++]);
      }
      if (pos >= text.size()) {
        error(e.loc) << "unterminated string";
        return failure();
      }
      ++pos;
      return success();
    }
    size_t start = pos;
    while (pos < text.size() && !isspace(static_cast<unsigned char>(text[pos])) &&
           text[pos] != '(' && text[pos] != ')' && text[pos] != '"' &&
           text[pos] != ';')
      ++pos;
    e.text = text.substr(start, pos - start).str();
    char first = e.text[0];
    bool numeric = isdigit(static_cast<unsigned char>(first)) ||
                   ((first == '-' || first == '+') && e.text.size() > 1 &&
                    (isdigit(static_cast<unsigned char>(e.text[1])) ||
                     e.text[1] == '.'));
    e.kind = numeric ? SExpr::Kind::Number : SExpr::Kind::Symbol;
    return success();
  }

  llvm::StringRef text;
  size_t pos;
  llvm::function_ref<InFlightDiagnostic(llvm::SMLoc)> error;
};

//===----------------------------------------------------------------------===//
// Decoded terms
//===----------------------------------------------------------------------===//

/// A float of the schema, before its element type is known.
struct FloatTerm {
  enum class Kind { Finite, PosInf, NegInf, NaN } kind = Kind::Finite;
  double value = 0.0;

  APFloat toAPFloat(Type elementType) const {
    const llvm::fltSemantics &sem =
        cast<FloatType>(elementType).getFloatSemantics();
    switch (kind) {
    case Kind::PosInf:
      return APFloat::getInf(sem);
    case Kind::NegInf:
      return APFloat::getInf(sem, /*Negative=*/true);
    case Kind::NaN:
      return APFloat::getNaN(sem);
    case Kind::Finite:
      break;
    }
    APFloat result(value);
    bool losesInfo;
    result.convert(sem, APFloat::rmNearestTiesToEven, &losesInfo);
    return result;
  }
};

/// One `Tensor` term: an op (or a block argument) to build.
struct TensorNode {
  enum class Kind {
    Input,
    Einsum,
    Split,
    Unsplit,
    Fill,
    Mask,
    Iterate,
    IterateResult,
    SliceArg,
    StateArg
  };
  Kind kind;
  Location loc;
  /// The order ops are built in (see the file comment).
  unsigned order = 0;
  /// Tensor children: einsum operands; split/unsplit source; iterate slice
  /// sources, then inits, then yields; the iterate of an IterateResult.
  SmallVector<TensorNode *> children;
  /// The numbers of the iterations whose block arguments the term uses.
  std::set<int64_t> argDeps;

  RankedTensorType type;   // Input, Einsum, Split, Unsplit, Fill
  EinsumSpec spec;         // Einsum (operand values unset)
  std::string name;        // Input name, Iterate rank
  int64_t first = 0;       // Input position, Split/Unsplit dim, Iterate
                           // number, IterateResult/Arg position
  int64_t second = 0;      // Split tile, Iterate stop, Arg iteration number
  std::optional<FloatTerm> floatValue; // Split empty, Fill value
  SmallVector<int64_t> sliceDims;      // Iterate
  std::optional<SmallVector<int64_t>> maskDims; // Mask (none: same shape)
  unsigned numSources = 0, numInits = 0;

  TensorNode(Kind kind, Location loc) : kind(kind), loc(loc) {}
};

/// The constructors of sort Tensor.
static const llvm::StringSet<> &tensorConstructors() {
  static const llvm::StringSet<> names = {
      "Input",    "Einsum",        "Split",    "Unsplit", "Fill",
      "Mask",     "Iterate",       "IterateResult", "SliceArg", "StateArg"};
  return names;
}

/// Commands of an egglog program that are not cascade terms.
static const llvm::StringSet<> &skippedCommands() {
  static const llvm::StringSet<> names = {
      "datatype", "datatype*",    "sort",     "constructor", "function",
      "relation", "ruleset",      "rule",     "rewrite",     "birewrite",
      "run",      "run-schedule", "extract",  "check",       "print-size",
      "push",     "pop",          "print-function", "input", "output",
      "include",  "set",          "union",    "delete",      "subsume",
      "fail",     "unstable-combined-ruleset", "query-extract",
      "print-stats"};
  return names;
}

//===----------------------------------------------------------------------===//
// The importer
//===----------------------------------------------------------------------===//

class EgglogImporter {
public:
  EgglogImporter(llvm::SourceMgr &sourceMgr, MLIRContext *ctx)
      : sourceMgr(sourceMgr), ctx(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  Location locOf(llvm::SMLoc loc) const;
  InFlightDiagnostic error(const SExpr &e) const {
    return mlir::emitError(locOf(e.loc));
  }
  /// `e`, or the term its `$name` is bound to.
  FailureOr<const SExpr *> resolve(const SExpr &e);
  /// Checks that `e` is `(head <numArgs arguments>)`.
  LogicalResult expect(const SExpr &e, llvm::StringRef head, size_t numArgs);

  FailureOr<int64_t> integer(const SExpr &e);
  FailureOr<std::string> string(const SExpr &e);
  /// Calls `element` on the arguments of each cell of a cons list; every
  /// cell is `(cons <elementArity arguments> tail)`.
  LogicalResult
  forEachCell(const SExpr &e, llvm::StringRef cons, llvm::StringRef nil,
              size_t elementArity,
              llvm::function_ref<LogicalResult(const SExpr &cell)> element);
  FailureOr<SmallVector<std::string>> names(const SExpr &e);
  FailureOr<SmallVector<int64_t>> ints(const SExpr &e);
  FailureOr<RankedTensorType> type(const SExpr &e);
  FailureOr<FloatTerm> floatTerm(const SExpr &e);
  FailureOr<std::optional<FloatTerm>> empty(const SExpr &e);
  FailureOr<AffineExpr> index(const SExpr &e, const EinsumSpec &spec);
  FailureOr<SmallVector<AffineExpr>> indices(const SExpr &e,
                                             const EinsumSpec &spec);
  template <typename EnumT>
  FailureOr<EnumT> enumName(const SExpr &e, llvm::StringRef what,
                            std::optional<EnumT> (*symbolize)(llvm::StringRef));
  FailureOr<SmallVector<TensorNode *>> tensorList(const SExpr &e);

  /// A structural key of `e` in which tensor subterms are their node ids.
  FailureOr<std::string> keyOf(const SExpr &e);
  FailureOr<TensorNode *> tensor(const SExpr &e);
  FailureOr<TensorNode *> decodeTensor(const SExpr &e);
  LogicalResult decodeEinsum(const SExpr &e, TensorNode &node);
  LogicalResult buildCascade(const SExpr &e, ModuleOp module);

  llvm::SourceMgr &sourceMgr;
  MLIRContext *ctx;
  /// `let` bindings seen so far: a name can only refer backwards.
  llvm::StringMap<const SExpr *> lets;
  llvm::StringMap<TensorNode *> letNodes;
  std::map<std::string, TensorNode *> nodesByKey;
  std::vector<std::unique_ptr<TensorNode>> nodes;
};

} // namespace

Location EgglogImporter::locOf(llvm::SMLoc loc) const {
  unsigned bufferId = sourceMgr.FindBufferContainingLoc(loc);
  if (!bufferId)
    return UnknownLoc::get(ctx);
  auto [line, column] = sourceMgr.getLineAndColumn(loc, bufferId);
  return FileLineColLoc::get(
      ctx, sourceMgr.getMemoryBuffer(bufferId)->getBufferIdentifier(), line,
      column);
}

FailureOr<const SExpr *> EgglogImporter::resolve(const SExpr &e) {
  if (e.kind != SExpr::Kind::Symbol || !llvm::StringRef(e.text).starts_with("$"))
    return &e;
  auto it = lets.find(e.text);
  if (it == lets.end()) {
    error(e) << "'" << e.text << "' is not bound by an earlier let";
    return failure();
  }
  return it->second;
}

LogicalResult EgglogImporter::expect(const SExpr &e, llvm::StringRef head,
                                     size_t numArgs) {
  if (e.head() != head) {
    error(e) << "expected a (" << head << " ...) term";
    return failure();
  }
  if (e.numArgs() != numArgs) {
    error(e) << "(" << head << " ...) takes " << numArgs << " arguments, got "
             << e.numArgs();
    return failure();
  }
  return success();
}

FailureOr<int64_t> EgglogImporter::integer(const SExpr &e) {
  int64_t value;
  if (e.kind != SExpr::Kind::Number ||
      llvm::StringRef(e.text).getAsInteger(10, value)) {
    error(e) << "expected an i64";
    return failure();
  }
  return value;
}

FailureOr<std::string> EgglogImporter::string(const SExpr &e) {
  if (e.kind != SExpr::Kind::String) {
    error(e) << "expected a string";
    return failure();
  }
  return e.text;
}

LogicalResult EgglogImporter::forEachCell(
    const SExpr &list, llvm::StringRef cons, llvm::StringRef nil,
    size_t elementArity,
    llvm::function_ref<LogicalResult(const SExpr &cell)> element) {
  const SExpr *e = &list;
  while (true) {
    FailureOr<const SExpr *> cell = resolve(*e);
    if (failed(cell))
      return failure();
    if ((*cell)->head() == nil)
      return expect(**cell, nil, 0);
    if (failed(expect(**cell, cons, elementArity + 1)))
      return failure();
    if (failed(element(**cell)))
      return failure();
    e = &(*cell)->arg(elementArity);
  }
}

FailureOr<SmallVector<std::string>> EgglogImporter::names(const SExpr &e) {
  SmallVector<std::string> result;
  if (failed(forEachCell(e, "NameCons", "NameNil", 1, [&](const SExpr &cell) {
        FailureOr<std::string> s = string(cell.arg(0));
        if (failed(s))
          return failure();
        result.push_back(*s);
        return success();
      })))
    return failure();
  return result;
}

FailureOr<SmallVector<int64_t>> EgglogImporter::ints(const SExpr &e) {
  SmallVector<int64_t> result;
  if (failed(forEachCell(e, "IntCons", "IntNil", 1, [&](const SExpr &cell) {
        FailureOr<int64_t> v = integer(cell.arg(0));
        if (failed(v))
          return failure();
        result.push_back(*v);
        return success();
      })))
    return failure();
  return result;
}

FailureOr<RankedTensorType> EgglogImporter::type(const SExpr &term) {
  FailureOr<const SExpr *> e = resolve(term);
  if (failed(e) || failed(expect(**e, "TensorType", 2)))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = ints((*e)->arg(0));
  FailureOr<std::string> element = string((*e)->arg(1));
  if (failed(shape) || failed(element))
    return failure();
  // The type parser's own error would point into the string; this one
  // points at the string in the egglog text.
  Type elementType;
  size_t numRead = 0;
  {
    ScopedDiagnosticHandler silence(ctx, [](Diagnostic &) { return success(); });
    elementType = parseType(*element, ctx, &numRead);
  }
  // Floats, and i1 for the masks of edge.mask.
  if (!elementType || numRead != element->size() ||
      !(isa<FloatType>(elementType) || elementType.isInteger(1))) {
    error((*e)->arg(1)) << "'" << *element
                        << "' is not a float type (or i1, a mask)";
    return failure();
  }
  for (int64_t extent : *shape)
    if (extent < 0) {
      error((*e)->arg(0)) << "extent " << extent << " is negative";
      return failure();
    }
  return RankedTensorType::get(*shape, elementType);
}

FailureOr<FloatTerm> EgglogImporter::floatTerm(const SExpr &term) {
  FailureOr<const SExpr *> e = resolve(term);
  if (failed(e))
    return failure();
  FloatTerm result;
  llvm::StringRef head = (*e)->head();
  if (head == "PosInf" || head == "NegInf" || head == "NotANumber") {
    if (failed(expect(**e, head, 0)))
      return failure();
    result.kind = head == "PosInf"   ? FloatTerm::Kind::PosInf
                  : head == "NegInf" ? FloatTerm::Kind::NegInf
                                     : FloatTerm::Kind::NaN;
    return result;
  }
  if (failed(expect(**e, "Finite", 1)))
    return failure();
  const SExpr &number = (*e)->arg(0);
  // egglog prints an f64 as Rust does, which may omit the decimal point.
  if (number.kind != SExpr::Kind::Number ||
      llvm::StringRef(number.text).getAsDouble(result.value)) {
    error(number) << "expected an f64";
    return failure();
  }
  return result;
}

FailureOr<std::optional<FloatTerm>> EgglogImporter::empty(const SExpr &term) {
  FailureOr<const SExpr *> e = resolve(term);
  if (failed(e))
    return failure();
  if ((*e)->head() == "DefaultEmpty") {
    if (failed(expect(**e, "DefaultEmpty", 0)))
      return failure();
    return std::optional<FloatTerm>();
  }
  if (failed(expect(**e, "EmptyValue", 1)))
    return failure();
  FailureOr<FloatTerm> value = floatTerm((*e)->arg(0));
  if (failed(value))
    return failure();
  return std::optional<FloatTerm>(*value);
}

FailureOr<AffineExpr> EgglogImporter::index(const SExpr &term,
                                            const EinsumSpec &spec) {
  FailureOr<const SExpr *> resolved = resolve(term);
  if (failed(resolved))
    return failure();
  const SExpr &e = **resolved;
  llvm::StringRef head = e.head();
  if (head == "RankVar") {
    if (failed(expect(e, head, 1)))
      return failure();
    FailureOr<std::string> name = string(e.arg(0));
    if (failed(name))
      return failure();
    if (std::optional<unsigned> dim = spec.findRank(*name))
      return getAffineDimExpr(*dim, ctx);
    if (std::optional<unsigned> sym = spec.findSymbol(*name))
      return getAffineSymbolExpr(*sym, ctx);
    error(e) << "rank '" << *name
             << "' is neither in the einsum's ranks nor in its symbols";
    return failure();
  }
  if (head == "IndexConst") {
    if (failed(expect(e, head, 1)))
      return failure();
    FailureOr<int64_t> value = integer(e.arg(0));
    if (failed(value))
      return failure();
    return getAffineConstantExpr(*value, ctx);
  }
  if (head == "IndexAdd" || head == "IndexMul") {
    if (failed(expect(e, head, 2)))
      return failure();
    FailureOr<AffineExpr> lhs = index(e.arg(0), spec);
    if (failed(lhs))
      return failure();
    FailureOr<AffineExpr> rhs = index(e.arg(1), spec);
    if (failed(rhs))
      return failure();
    if (head == "IndexAdd")
      return *lhs + *rhs;
    // The verifier rejects products of two ranks; an affine expression
    // cannot even hold one.
    if (!lhs->isSymbolicOrConstant() && !rhs->isSymbolicOrConstant()) {
      error(e) << "a product of two rank variables is not affine";
      return failure();
    }
    return *lhs * *rhs;
  }
  error(e) << "expected an Index term (RankVar, IndexConst, IndexAdd, "
              "IndexMul)";
  return failure();
}

FailureOr<SmallVector<AffineExpr>>
EgglogImporter::indices(const SExpr &e, const EinsumSpec &spec) {
  SmallVector<AffineExpr> result;
  if (failed(forEachCell(e, "IndexCons", "IndexNil", 1, [&](const SExpr &cell) {
        FailureOr<AffineExpr> expr = index(cell.arg(0), spec);
        if (failed(expr))
          return failure();
        result.push_back(*expr);
        return success();
      })))
    return failure();
  return result;
}

template <typename EnumT>
FailureOr<EnumT>
EgglogImporter::enumName(const SExpr &e, llvm::StringRef what,
                         std::optional<EnumT> (*symbolize)(llvm::StringRef)) {
  FailureOr<std::string> name = string(e);
  if (failed(name))
    return failure();
  std::optional<EnumT> kind = symbolize(*name);
  if (!kind) {
    error(e) << "unknown " << what << " operator '" << *name << "'";
    return failure();
  }
  return *kind;
}

FailureOr<SmallVector<TensorNode *>>
EgglogImporter::tensorList(const SExpr &e) {
  SmallVector<TensorNode *> result;
  if (failed(forEachCell(e, "TensorCons", "TensorNil", 1, [&](const SExpr &cell) {
        FailureOr<TensorNode *> node = tensor(cell.arg(0));
        if (failed(node))
          return failure();
        result.push_back(*node);
        return success();
      })))
    return failure();
  return result;
}

FailureOr<std::string> EgglogImporter::keyOf(const SExpr &term) {
  if (term.kind == SExpr::Kind::Symbol &&
      llvm::StringRef(term.text).starts_with("$")) {
    FailureOr<const SExpr *> resolved = resolve(term);
    if (failed(resolved))
      return failure();
    if (tensorConstructors().contains((*resolved)->head())) {
      FailureOr<TensorNode *> node = tensor(term);
      if (failed(node))
        return failure();
      return "#" + std::to_string((*node)->order);
    }
    return keyOf(**resolved);
  }
  switch (term.kind) {
  case SExpr::Kind::Symbol:
    return term.text;
  case SExpr::Kind::Number:
    return "n" + term.text;
  case SExpr::Kind::String:
    return "\"" + term.text + "\"";
  case SExpr::Kind::List:
    break;
  }
  if (tensorConstructors().contains(term.head())) {
    FailureOr<TensorNode *> node = tensor(term);
    if (failed(node))
      return failure();
    return "#" + std::to_string((*node)->order);
  }
  std::string key = "(";
  for (const SExpr &item : term.items) {
    FailureOr<std::string> itemKey = keyOf(item);
    if (failed(itemKey))
      return failure();
    key += *itemKey + " ";
  }
  return key + ")";
}

FailureOr<TensorNode *> EgglogImporter::tensor(const SExpr &term) {
  if (term.kind == SExpr::Kind::Symbol &&
      llvm::StringRef(term.text).starts_with("$")) {
    if (TensorNode *node = letNodes.lookup(term.text))
      return node;
    FailureOr<const SExpr *> resolved = resolve(term);
    if (failed(resolved))
      return failure();
    // A let bound to a term of another sort, or to another let.
    return tensor(**resolved);
  }
  if (!tensorConstructors().contains(term.head())) {
    error(term) << "expected a Tensor term (Input, Einsum, Split, Unsplit, "
                   "Fill, Iterate, IterateResult, SliceArg, StateArg)";
    return failure();
  }
  // Children first: their nodes number before this one.
  std::string key = term.head().str();
  for (const SExpr &item : llvm::drop_begin(term.items)) {
    FailureOr<std::string> itemKey = keyOf(item);
    if (failed(itemKey))
      return failure();
    key += " " + *itemKey;
  }
  if (auto it = nodesByKey.find(key); it != nodesByKey.end())
    return it->second;
  FailureOr<TensorNode *> node = decodeTensor(term);
  if (succeeded(node))
    nodesByKey[key] = *node;
  return node;
}

LogicalResult EgglogImporter::decodeEinsum(const SExpr &e, TensorNode &node) {
  if (failed(expect(e, "Einsum", 11)))
    return failure();
  EinsumSpec &spec = node.spec;
  FailureOr<const SExpr *> name = resolve(e.arg(0));
  if (failed(name))
    return failure();
  if ((*name)->head() == "Named") {
    if (failed(expect(**name, "Named", 1)))
      return failure();
    FailureOr<std::string> s = string((*name)->arg(0));
    if (failed(s))
      return failure();
    spec.name = *s;
  } else if (failed(expect(**name, "Unnamed", 0))) {
    return failure();
  }
  FailureOr<SmallVector<std::string>> ranks = names(e.arg(1));
  FailureOr<SmallVector<std::string>> symbols = names(e.arg(2));
  if (failed(ranks) || failed(symbols))
    return failure();
  spec.ranks = *ranks;
  spec.symbols = *symbols;
  FailureOr<RankedTensorType> resultType = type(e.arg(10));
  if (failed(resultType))
    return failure();
  node.type = *resultType;

  if (failed(forEachCell(e.arg(3), "OperandCons", "OperandNil", 1,
                         [&](const SExpr &cell) -> LogicalResult {
                           FailureOr<const SExpr *> access =
                               resolve(cell.arg(0));
                           if (failed(access) ||
                               failed(expect(**access, "Access", 2)))
                             return failure();
                           FailureOr<TensorNode *> operand =
                               tensor((*access)->arg(0));
                           if (failed(operand))
                             return failure();
                           FailureOr<SmallVector<AffineExpr>> exprs =
                               indices((*access)->arg(1), spec);
                           if (failed(exprs))
                             return failure();
                           node.children.push_back(*operand);
                           spec.inputs.push_back({Value(), *exprs});
                           return success();
                         })))
    return failure();
  FailureOr<SmallVector<AffineExpr>> output = indices(e.arg(4), spec);
  if (failed(output))
    return failure();
  spec.output = *output;

  FailureOr<const SExpr *> map = resolve(e.arg(5));
  if (failed(map))
    return failure();
  if ((*map)->head() == "Map") {
    if (failed(expect(**map, "Map", 2)))
      return failure();
    FailureOr<ComputeKind> compute =
        enumName<ComputeKind>((*map)->arg(0), "compute", symbolizeComputeKind);
    FailureOr<MergeKind> merge =
        enumName<MergeKind>((*map)->arg(1), "merge", symbolizeMergeKind);
    if (failed(compute) || failed(merge))
      return failure();
    spec.mapCompute = *compute;
    spec.mapMerge = *merge;
  } else if (failed(expect(**map, "NoMap", 0))) {
    return failure();
  }

  if (failed(forEachCell(e.arg(6), "UnaryCons", "UnaryNil", 1,
                         [&](const SExpr &cell) -> LogicalResult {
                           FailureOr<UnaryKind> kind = enumName<UnaryKind>(
                               cell.arg(0), "unary", symbolizeUnaryKind);
                           if (failed(kind))
                             return failure();
                           spec.unary.push_back(*kind);
                           return success();
                         })))
    return failure();

  if (failed(forEachCell(
          e.arg(7), "ConstraintCons", "ConstraintNil", 1,
          [&](const SExpr &cell) -> LogicalResult {
            FailureOr<const SExpr *> c = resolve(cell.arg(0));
            if (failed(c))
              return failure();
            bool isEquality = (*c)->head() == "IsZero";
            if (failed(expect(**c, isEquality ? "IsZero" : "NonNegative", 1)))
              return failure();
            FailureOr<AffineExpr> expr = index((*c)->arg(0), spec);
            if (failed(expr))
              return failure();
            spec.filter.push_back({*expr, isEquality});
            return success();
          })))
    return failure();

  FailureOr<const SExpr *> reduce = resolve(e.arg(8));
  if (failed(reduce))
    return failure();
  if ((*reduce)->head() == "Reduce") {
    if (failed(expect(**reduce, "Reduce", 3)))
      return failure();
    FailureOr<SmallVector<std::string>> reduceRanks = names((*reduce)->arg(0));
    FailureOr<ComputeKind> compute = enumName<ComputeKind>(
        (*reduce)->arg(1), "compute", symbolizeComputeKind);
    FailureOr<MergeKind> merge =
        enumName<MergeKind>((*reduce)->arg(2), "merge", symbolizeMergeKind);
    if (failed(reduceRanks) || failed(compute) || failed(merge))
      return failure();
    spec.reduceRanks = *reduceRanks;
    spec.reduceCompute = *compute;
    spec.reduceMerge = *merge;
  } else if (failed(expect(**reduce, "NoReduce", 0))) {
    return failure();
  }

  FailureOr<std::optional<FloatTerm>> emptyValue = empty(e.arg(9));
  if (failed(emptyValue))
    return failure();
  if (*emptyValue)
    spec.empty = (*emptyValue)->toAPFloat(node.type.getElementType());
  return success();
}

FailureOr<TensorNode *> EgglogImporter::decodeTensor(const SExpr &e) {
  llvm::StringRef head = e.head();
  auto node = std::make_unique<TensorNode>(TensorNode::Kind::Input, locOf(e.loc));
  if (head == "Input") {
    if (failed(expect(e, head, 3)))
      return failure();
    FailureOr<int64_t> position = integer(e.arg(0));
    FailureOr<std::string> name = string(e.arg(1));
    FailureOr<RankedTensorType> inputType = type(e.arg(2));
    if (failed(position) || failed(name) || failed(inputType))
      return failure();
    node->first = *position;
    node->name = *name;
    node->type = *inputType;
  } else if (head == "Einsum") {
    node->kind = TensorNode::Kind::Einsum;
    if (failed(decodeEinsum(e, *node)))
      return failure();
  } else if (head == "Split") {
    node->kind = TensorNode::Kind::Split;
    if (failed(expect(e, head, 5)))
      return failure();
    FailureOr<TensorNode *> source = tensor(e.arg(0));
    FailureOr<int64_t> dim = integer(e.arg(1));
    FailureOr<int64_t> tile = integer(e.arg(2));
    FailureOr<std::optional<FloatTerm>> emptyValue = empty(e.arg(3));
    FailureOr<RankedTensorType> resultType = type(e.arg(4));
    if (failed(source) || failed(dim) || failed(tile) || failed(emptyValue) ||
        failed(resultType))
      return failure();
    node->children.push_back(*source);
    node->first = *dim;
    node->second = *tile;
    node->floatValue = *emptyValue;
    node->type = *resultType;
  } else if (head == "Unsplit") {
    node->kind = TensorNode::Kind::Unsplit;
    if (failed(expect(e, head, 3)))
      return failure();
    FailureOr<TensorNode *> source = tensor(e.arg(0));
    FailureOr<int64_t> dim = integer(e.arg(1));
    FailureOr<RankedTensorType> resultType = type(e.arg(2));
    if (failed(source) || failed(dim) || failed(resultType))
      return failure();
    node->children.push_back(*source);
    node->first = *dim;
    node->type = *resultType;
  } else if (head == "Fill") {
    node->kind = TensorNode::Kind::Fill;
    if (failed(expect(e, head, 2)))
      return failure();
    FailureOr<FloatTerm> value = floatTerm(e.arg(0));
    FailureOr<RankedTensorType> resultType = type(e.arg(1));
    if (failed(value) || failed(resultType))
      return failure();
    node->floatValue = *value;
    node->type = *resultType;
  } else if (head == "Mask") {
    node->kind = TensorNode::Kind::Mask;
    if (failed(expect(e, head, 4)))
      return failure();
    FailureOr<TensorNode *> source = tensor(e.arg(0));
    FailureOr<TensorNode *> mask = tensor(e.arg(1));
    FailureOr<RankedTensorType> resultType = type(e.arg(3));
    if (failed(source) || failed(mask) || failed(resultType))
      return failure();
    const SExpr &dims = e.arg(2);
    if (dims.head() == "Dims" && dims.numArgs() == 1) {
      FailureOr<SmallVector<int64_t>> list = ints(dims.arg(0));
      if (failed(list))
        return failure();
      node->maskDims = *list;
    } else if (!(dims.head() == "SameShape" && dims.numArgs() == 0)) {
      error(dims) << "expected (SameShape) or (Dims <IntList>)";
      return failure();
    }
    node->children = {*source, *mask};
    node->type = *resultType;
  } else if (head == "Iterate") {
    node->kind = TensorNode::Kind::Iterate;
    if (failed(expect(e, head, 7)))
      return failure();
    FailureOr<int64_t> number = integer(e.arg(0));
    FailureOr<std::string> rank = string(e.arg(1));
    FailureOr<int64_t> stop = integer(e.arg(2));
    if (failed(number) || failed(rank) || failed(stop))
      return failure();
    FailureOr<SmallVector<TensorNode *>> sources = tensorList(e.arg(3));
    if (failed(sources))
      return failure();
    FailureOr<SmallVector<int64_t>> dims = ints(e.arg(4));
    if (failed(dims))
      return failure();
    FailureOr<SmallVector<TensorNode *>> inits = tensorList(e.arg(5));
    if (failed(inits))
      return failure();
    FailureOr<SmallVector<TensorNode *>> yields = tensorList(e.arg(6));
    if (failed(yields))
      return failure();
    if (dims->size() != sources->size()) {
      error(e.arg(4)) << "an iteration needs one slice dimension per slice "
                         "source: "
                      << sources->size() << " sources, " << dims->size()
                      << " dimensions";
      return failure();
    }
    if (yields->size() != inits->size()) {
      error(e.arg(6)) << "an iteration yields one value per init: "
                      << inits->size() << " inits, " << yields->size()
                      << " yields";
      return failure();
    }
    node->first = *number;
    node->name = *rank;
    node->second = *stop;
    node->sliceDims = *dims;
    node->numSources = sources->size();
    node->numInits = inits->size();
    llvm::append_range(node->children, *sources);
    llvm::append_range(node->children, *inits);
    llvm::append_range(node->children, *yields);
  } else if (head == "IterateResult") {
    node->kind = TensorNode::Kind::IterateResult;
    if (failed(expect(e, head, 2)))
      return failure();
    FailureOr<TensorNode *> iterate = tensor(e.arg(0));
    FailureOr<int64_t> k = integer(e.arg(1));
    if (failed(iterate) || failed(k))
      return failure();
    if ((*iterate)->kind != TensorNode::Kind::Iterate) {
      error(e.arg(0)) << "IterateResult takes an Iterate term";
      return failure();
    }
    if (*k < 0 || *k >= static_cast<int64_t>((*iterate)->numInits)) {
      error(e.arg(1)) << "result " << *k << " of an iteration with "
                      << (*iterate)->numInits << " running values";
      return failure();
    }
    node->children.push_back(*iterate);
    node->first = *k;
  } else {
    node->kind = head == "SliceArg" ? TensorNode::Kind::SliceArg
                                    : TensorNode::Kind::StateArg;
    if (failed(expect(e, head, 2)))
      return failure();
    FailureOr<int64_t> number = integer(e.arg(0));
    FailureOr<int64_t> k = integer(e.arg(1));
    if (failed(number) || failed(k))
      return failure();
    node->second = *number;
    node->first = *k;
    node->argDeps.insert(*number);
  }

  for (TensorNode *child : node->children)
    node->argDeps.insert(child->argDeps.begin(), child->argDeps.end());
  if (node->kind == TensorNode::Kind::Iterate)
    node->argDeps.erase(node->first);
  node->order = nodes.size();
  nodes.push_back(std::move(node));
  return nodes.back().get();
}

namespace {
/// Builds the ops of one cascade from the nodes its outputs reach.
class CascadeBuilder {
public:
  CascadeBuilder(OpBuilder &builder, Block *cascadeBody,
                 ArrayRef<std::string> inputNames)
      : cascadeBody(cascadeBody), inputNames(inputNames), builder(builder) {}

  /// Builds every node of `reachable` (sorted by order) that belongs in the
  /// scope of the iterations `open` (innermost last).
  LogicalResult buildScope(ArrayRef<TensorNode *> reachable,
                           SmallVector<int64_t> &open);

  /// The value of every node built so far (per cascade: an `Input` term of
  /// one program can be an input of several cascades).
  llvm::DenseMap<TensorNode *, Value> values;

private:
  /// Builds one node; an iteration builds its body.
  LogicalResult build(TensorNode *node, ArrayRef<TensorNode *> reachable,
                      SmallVector<int64_t> &open);

  Block *cascadeBody;
  ArrayRef<std::string> inputNames;
  OpBuilder &builder;
};
} // namespace

LogicalResult CascadeBuilder::buildScope(ArrayRef<TensorNode *> reachable,
                                         SmallVector<int64_t> &open) {
  for (TensorNode *node : reachable) {
    if (values.count(node))
      continue;
    bool inScope = llvm::all_of(node->argDeps, [&](int64_t n) {
      return llvm::is_contained(open, n);
    });
    // Block arguments are set by their iteration (not in scope here: a
    // use outside the body is reported where the value is missing).
    if (!inScope || (!open.empty() && !node->argDeps.count(open.back())))
      continue;
    if (failed(build(node, reachable, open)))
      return failure();
  }
  return success();
}

LogicalResult CascadeBuilder::build(TensorNode *node,
                                    ArrayRef<TensorNode *> reachable,
                                    SmallVector<int64_t> &open) {
  // The yields of an iteration are built inside it, below.
  ArrayRef<TensorNode *> built = node->children;
  if (node->kind == TensorNode::Kind::Iterate)
    built = built.take_front(node->numSources + node->numInits);
  SmallVector<Value> operands;
  for (TensorNode *child : built) {
    Value v = values.lookup(child);
    if (!v)
      return mlir::emitError(child->loc)
             << "this term is used where its iteration's block arguments "
                "are not in scope";
    operands.push_back(v);
  }
  Location loc = node->loc;
  switch (node->kind) {
  case TensorNode::Kind::Input: {
    if (node->first < 0 ||
        node->first >= static_cast<int64_t>(cascadeBody->getNumArguments()))
      return mlir::emitError(loc) << "input " << node->first
                                  << " of a cascade with "
                                  << cascadeBody->getNumArguments()
                                  << " inputs";
    BlockArgument arg = cascadeBody->getArgument(node->first);
    if (inputNames[node->first] != node->name || arg.getType() != node->type)
      return mlir::emitError(loc)
             << "input " << node->first << " is '" << inputNames[node->first]
             << "' of type " << arg.getType() << " in the cascade, not '"
             << node->name << "' of type " << node->type;
    values[node] = arg;
    return success();
  }
  case TensorNode::Kind::Einsum: {
    EinsumSpec spec = node->spec;
    for (auto [operand, value] : llvm::zip(spec.inputs, operands))
      operand.value = value;
    values[node] =
        spec.build(builder, loc, node->type.getElementType(),
                   node->type.getShape())
            .getResult();
    return success();
  }
  case TensorNode::Kind::Split: {
    FloatAttr emptyAttr;
    if (node->floatValue)
      emptyAttr = FloatAttr::get(node->type.getElementType(),
                                 node->floatValue->toAPFloat(
                                     node->type.getElementType()));
    values[node] = SplitOp::create(builder, loc, node->type, operands[0],
                                   builder.getI64IntegerAttr(node->first),
                                   builder.getI64IntegerAttr(node->second),
                                   emptyAttr)
                       .getResult();
    return success();
  }
  case TensorNode::Kind::Mask:
    values[node] =
        MaskOp::create(builder, loc, node->type, operands[0], operands[1],
                       node->maskDims
                           ? builder.getDenseI64ArrayAttr(*node->maskDims)
                           : DenseI64ArrayAttr())
            .getResult();
    return success();
  case TensorNode::Kind::Unsplit:
    values[node] = UnsplitOp::create(builder, loc, node->type, operands[0],
                                     builder.getI64IntegerAttr(node->first))
                       .getResult();
    return success();
  case TensorNode::Kind::Fill: {
    Type elementType = node->type.getElementType();
    values[node] =
        FillOp::create(builder, loc, node->type,
                       FloatAttr::get(elementType,
                                      node->floatValue->toAPFloat(elementType)))
            .getResult();
    return success();
  }
  case TensorNode::Kind::IterateResult: {
    auto iterate = cast<IterateOp>(operands[0].getDefiningOp());
    values[node] = iterate.getResult(node->first);
    return success();
  }
  case TensorNode::Kind::SliceArg:
  case TensorNode::Kind::StateArg:
    llvm_unreachable("block arguments are set by their iteration");
  case TensorNode::Kind::Iterate:
    break;
  }

  // An iteration: sources and inits are built; its body is its scope.
  int64_t number = node->first;
  if (llvm::is_contained(open, number))
    return mlir::emitError(loc) << "iteration " << number
                                << " is nested in itself";
  ArrayRef<Value> sources = ArrayRef<Value>(operands).take_front(node->numSources);
  ArrayRef<Value> inits =
      ArrayRef<Value>(operands).slice(node->numSources, node->numInits);
  SmallVector<Type> resultTypes = llvm::to_vector(
      llvm::map_range(inits, [](Value v) { return v.getType(); }));
  auto iterate = IterateOp::create(
      builder, loc, resultTypes, builder.getStringAttr(node->name),
      builder.getI64IntegerAttr(node->second), sources,
      builder.getDenseI64ArrayAttr(node->sliceDims), inits);
  Block *body = new Block();
  iterate.getBody().push_back(body);
  for (auto [source, dim] : llvm::zip(sources, node->sliceDims)) {
    auto type = cast<RankedTensorType>(source.getType());
    if (dim < 0 || dim >= type.getRank())
      return mlir::emitError(loc) << "slice dimension " << dim
                                  << " of a source of rank " << type.getRank();
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + dim);
    body->addArgument(RankedTensorType::get(shape, type.getElementType()), loc);
  }
  for (Value init : inits)
    body->addArgument(init.getType(), loc);
  for (TensorNode *arg : reachable) {
    bool isSlice = arg->kind == TensorNode::Kind::SliceArg;
    if ((!isSlice && arg->kind != TensorNode::Kind::StateArg) ||
        arg->second != number)
      continue;
    int64_t count = isSlice ? node->numSources : node->numInits;
    if (arg->first < 0 || arg->first >= count)
      return mlir::emitError(arg->loc)
             << (isSlice ? "slice " : "running value ") << arg->first
             << " of iteration " << number << ", which has " << count;
    values[arg] = body->getArgument(isSlice ? arg->first
                                            : node->numSources + arg->first);
  }

  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(body);
  open.push_back(number);
  LogicalResult scope = buildScope(reachable, open);
  open.pop_back();
  if (failed(scope))
    return failure();
  SmallVector<Value> yields;
  for (TensorNode *yield :
       ArrayRef<TensorNode *>(node->children).drop_front(node->numSources +
                                                         node->numInits)) {
    Value v = values.lookup(yield);
    if (!v)
      return mlir::emitError(yield->loc)
             << "yield of iteration " << number << " was not built";
    yields.push_back(v);
  }
  YieldOp::create(builder, loc, yields);
  values[node] = iterate.getResult(0);
  return success();
}

LogicalResult EgglogImporter::buildCascade(const SExpr &e, ModuleOp module) {
  if (failed(expect(e, "Cascade", 4)))
    return failure();
  FailureOr<std::string> name = string(e.arg(0));
  FailureOr<SmallVector<std::string>> inputNames = names(e.arg(1));
  if (failed(name) || failed(inputNames))
    return failure();
  SmallVector<Type> inputTypes;
  if (failed(forEachCell(e.arg(2), "TypeCons", "TypeNil", 1,
                         [&](const SExpr &cell) -> LogicalResult {
                           FailureOr<RankedTensorType> t = type(cell.arg(0));
                           if (failed(t))
                             return failure();
                           inputTypes.push_back(*t);
                           return success();
                         })))
    return failure();
  if (inputTypes.size() != inputNames->size()) {
    error(e.arg(2)) << "a cascade needs one type per input: "
                    << inputNames->size() << " names, " << inputTypes.size()
                    << " types";
    return failure();
  }
  SmallVector<std::string> outputNames;
  SmallVector<TensorNode *> outputs;
  if (failed(forEachCell(e.arg(3), "OutputCons", "OutputNil", 2,
                         [&](const SExpr &cell) -> LogicalResult {
                           FailureOr<std::string> n = string(cell.arg(0));
                           if (failed(n))
                             return failure();
                           FailureOr<TensorNode *> t = tensor(cell.arg(1));
                           if (failed(t))
                             return failure();
                           outputNames.push_back(*n);
                           outputs.push_back(*t);
                           return success();
                         })))
    return failure();

  // The nodes the outputs reach, in build order.
  SmallVector<TensorNode *> reachable;
  llvm::DenseSet<TensorNode *> seen;
  SmallVector<TensorNode *> stack(outputs.begin(), outputs.end());
  while (!stack.empty()) {
    TensorNode *node = stack.pop_back_val();
    if (!seen.insert(node).second)
      continue;
    reachable.push_back(node);
    llvm::append_range(stack, node->children);
  }
  llvm::sort(reachable, [](TensorNode *a, TensorNode *b) {
    return a->order < b->order;
  });
  // Two different iterations with one number would share block arguments.
  llvm::DenseMap<int64_t, TensorNode *> iterations;
  for (TensorNode *node : reachable)
    if (node->kind == TensorNode::Kind::Iterate &&
        !iterations.try_emplace(node->first, node).second)
      return mlir::emitError(node->loc)
             << "two different iterations are numbered " << node->first;

  OpBuilder builder(ctx);
  builder.setInsertionPointToEnd(module.getBody());
  SmallVector<Attribute> inNames, outNames;
  for (const std::string &n : *inputNames)
    inNames.push_back(builder.getStringAttr(n));
  for (const std::string &n : outputNames)
    outNames.push_back(builder.getStringAttr(n));
  Location loc = locOf(e.loc);
  // The output types are those of the built outputs, set at the end.
  SmallVector<Type> outputTypes;
  auto cascade = CascadeOp::create(
      builder, loc, builder.getStringAttr(*name),
      TypeAttr::get(builder.getFunctionType(inputTypes, {})),
      builder.getArrayAttr(inNames), builder.getArrayAttr(outNames), nullptr,
      nullptr, nullptr);
  Block *body = new Block();
  cascade.getBody().push_back(body);
  for (Type t : inputTypes)
    body->addArgument(t, loc);
  builder.setInsertionPointToEnd(body);

  CascadeBuilder cascadeBuilder(builder, body, *inputNames);
  SmallVector<int64_t> open;
  if (failed(cascadeBuilder.buildScope(reachable, open)))
    return failure();
  SmallVector<Value> results;
  for (TensorNode *output : outputs) {
    Value v = cascadeBuilder.values.lookup(output);
    if (!v)
      return mlir::emitError(output->loc)
             << "a cascade output uses a block argument of iteration "
             << *output->argDeps.begin() << " outside of its body";
    results.push_back(v);
    outputTypes.push_back(v.getType());
  }
  ReturnOp::create(builder, loc, results);
  cascade.setFunctionTypeAttr(
      TypeAttr::get(builder.getFunctionType(inputTypes, outputTypes)));
  return success();
}

OwningOpRef<ModuleOp> EgglogImporter::run() {
  ctx->loadDialect<EdgeDialect>();
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  std::vector<SExpr> commands;
  // The reader keeps a function_ref: the callable must outlive it.
  auto emitErrorAt = [&](llvm::SMLoc loc) {
    return mlir::emitError(locOf(loc));
  };
  SExprReader reader(buffer->getBuffer(), emitErrorAt);
  if (failed(reader.readAll(commands)))
    return nullptr;

  // Tensor lets are decoded as they come, so that ops follow let order.
  SmallVector<const SExpr *> cascades;
  for (const SExpr &command : commands) {
    llvm::StringRef head = command.head();
    if (head == "let") {
      if (command.numArgs() != 2 ||
          command.arg(0).kind != SExpr::Kind::Symbol) {
        error(command) << "expected (let <name> <term>)";
        return nullptr;
      }
      const SExpr &term = command.arg(1);
      lets[command.arg(0).text] = &term;
      if (tensorConstructors().contains(term.head())) {
        FailureOr<TensorNode *> node = decodeTensor(term);
        if (failed(node))
          return nullptr;
        letNodes[command.arg(0).text] = *node;
      } else if (term.head() == "Cascade") {
        cascades.push_back(&term);
      }
      continue;
    }
    if (head == "Cascade") {
      cascades.push_back(&command);
      continue;
    }
    if (skippedCommands().contains(head))
      continue;
    error(command) << "expected a let binding, a Cascade term or an egglog "
                      "command";
    return nullptr;
  }
  if (cascades.empty()) {
    mlir::emitError(locOf(llvm::SMLoc::getFromPointer(
        buffer->getBufferStart())))
        << "no Cascade term in the input";
    return nullptr;
  }

  OwningOpRef<ModuleOp> module =
      ModuleOp::create(locOf(llvm::SMLoc::getFromPointer(
          buffer->getBufferStart())));
  for (const SExpr *cascade : cascades)
    if (failed(buildCascade(*cascade, *module)))
      return nullptr;
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> edge::importEgglog(llvm::SourceMgr &sourceMgr,
                                        MLIRContext *context) {
  return EgglogImporter(sourceMgr, context).run();
}
