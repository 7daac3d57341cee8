//===- EdgeOps.cpp - edge dialect operations -------------------------------===//
//
// This file implements the edge operations: the custom assembly that lets an
// einsum read like the FuseMax paper (`%K[e, m1*64 + m0]`, `where m <= p`),
// and the verifiers that reject structurally wrong cascades with a located
// diagnostic.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace edge;

#include "edge/Dialect/Edge/IR/EdgeEnums.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared parsing and printing helpers
//===----------------------------------------------------------------------===//

/// Parses a float literal, also accepting `inf`, `-inf` and `nan`, which
/// MLIR's lexer has no literal for but which empty values need.
static ParseResult parseEdgeFloat(OpAsmParser &parser, double &value) {
  bool negative = succeeded(parser.parseOptionalMinus());
  if (succeeded(parser.parseOptionalKeyword("inf")))
    value = INFINITY;
  else if (succeeded(parser.parseOptionalKeyword("nan")))
    value = NAN;
  else if (parser.parseFloat(value))
    return failure();
  if (negative)
    value = -value;
  return success();
}

/// Builds a FloatAttr of `type` from a parsed double; emits an error when the
/// type is not a float type.
static FloatAttr buildFloatAttr(OpAsmParser &parser, SMLoc loc, Type type,
                                double value) {
  auto floatType = dyn_cast<FloatType>(type);
  if (!floatType) {
    parser.emitError(loc, "a float value needs a float element type, got ")
        << type;
    return {};
  }
  return FloatAttr::get(floatType, value);
}

namespace {
/// A float literal and where it was written: its attribute can only be built
/// once the element type (parsed later, after `:`) is known.
struct ParsedFloat {
  double value;
  SMLoc loc;
};
} // namespace

/// Parses an optional `empty <float>` clause.
static ParseResult parseOptionalEmpty(OpAsmParser &parser,
                                      std::optional<ParsedFloat> &empty) {
  if (failed(parser.parseOptionalKeyword("empty")))
    return success();
  ParsedFloat parsed{0.0, parser.getCurrentLocation()};
  if (parseEdgeFloat(parser, parsed.value))
    return failure();
  empty = parsed;
  return success();
}

/// Adds `name = <parsed float of elementType>` to `result`.
static ParseResult addFloatAttr(OpAsmParser &parser, OperationState &result,
                                StringAttr name, Type elementType,
                                const ParsedFloat &parsed) {
  FloatAttr attr = buildFloatAttr(parser, parsed.loc, elementType, parsed.value);
  if (!attr)
    return failure();
  result.addAttribute(name, attr);
  return success();
}

/// Prints a float as `0.0`, `-inf`, `inf`, `nan` or a decimal literal.
static void printEdgeFloat(OpAsmPrinter &p, const llvm::APFloat &value) {
  p << formatFloat(value);
}

/// Element type of a ranked tensor type.
static Type getElementType(Type type) {
  return cast<RankedTensorType>(type).getElementType();
}

template <typename EnumT>
static std::string listEnumNames(uint64_t maxValue,
                                 StringRef (*stringify)(EnumT)) {
  std::string names;
  for (uint64_t v = 0; v <= maxValue; ++v) {
    if (!names.empty())
      names += ", ";
    names += stringify(static_cast<EnumT>(v)).str();
  }
  return names;
}

/// Parses the name of an enum case (`what` says which operator kind) with a
/// clear error listing the valid names.
template <typename EnumT>
static ParseResult parseEnumName(OpAsmParser &parser, EnumT &kind,
                                 StringRef what, uint64_t maxValue,
                                 std::optional<EnumT> (*symbolize)(StringRef),
                                 StringRef (*stringify)(EnumT)) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef name;
  if (parser.parseKeyword(&name))
    return failure();
  std::optional<EnumT> parsed = symbolize(name);
  if (!parsed)
    return parser.emitError(loc, "unknown ")
           << what << " operator '" << name << "'; expected one of "
           << listEnumNames<EnumT>(maxValue, stringify);
  kind = *parsed;
  return success();
}

static ParseResult parseComputeKind(OpAsmParser &parser, ComputeKind &kind) {
  return parseEnumName<ComputeKind>(parser, kind, "compute",
                                    getMaxEnumValForComputeKind(),
                                    symbolizeComputeKind, stringifyComputeKind);
}

static ParseResult parseMergeKind(OpAsmParser &parser, MergeKind &kind) {
  return parseEnumName<MergeKind>(parser, kind, "merge",
                                  getMaxEnumValForMergeKind(),
                                  symbolizeMergeKind, stringifyMergeKind);
}

/// Parses `compute(merge)` into the two attributes of an action.
static ParseResult parseAction(OpAsmParser &parser, OperationState &result,
                               StringRef computeAttrName,
                               StringRef mergeAttrName) {
  ComputeKind compute;
  MergeKind merge;
  if (parseComputeKind(parser, compute) || parser.parseLParen() ||
      parseMergeKind(parser, merge) || parser.parseRParen())
    return failure();
  MLIRContext *ctx = parser.getContext();
  result.addAttribute(computeAttrName, ComputeKindAttr::get(ctx, compute));
  result.addAttribute(mergeAttrName, MergeKindAttr::get(ctx, merge));
  return success();
}

//===----------------------------------------------------------------------===//
// Rank expressions over named ranks
//===----------------------------------------------------------------------===//

namespace {
/// A rank expression or filter as written, over named ranks. Names are
/// resolved to dims or symbols once the whole einsum is parsed, because only
/// then is it known which names are iteration ranks; until then, name i of
/// the RankExprParser is symbol i.
using ParsedRankExpr = AffineExpr;

/// One filter constraint `lhs - rhs >= 0` (or `== 0`), as parsed.
struct ParsedConstraint {
  ParsedRankExpr lhs, rhs;
  int64_t adjust = 0; // added to lhs - rhs (strict inequalities)
  bool isEquality = false;
};

/// Parses the rank expressions of one einsum:
///
///   rank-expr ::= `-`? term ((`+` | `-`) term)*
///   term      ::= integer | (integer `*`)? division (`*` integer)*
///   division  ::= primary ((`floordiv` | `mod`) integer)*
///   primary   ::= rank | `(` rank-expr `)`
///
/// floordiv and mod bind tighter than + and -, and divide by a positive
/// integer. Every integer, coefficient and constant is at most kMaxElements
/// in magnitude, so that what is built from them fits in 64 bits.
class RankExprParser {
public:
  explicit RankExprParser(OpAsmParser &parser)
      : parser(parser), ctx(parser.getContext()) {}

  ParseResult parseRankExpr(ParsedRankExpr &expr);
  /// `[` rank-expr (`,` rank-expr)* `]`, possibly empty.
  ParseResult parseRankExprList(SmallVectorImpl<ParsedRankExpr> &exprs);
  /// constraint ::= rank-expr (`<=` | `<` | `>=` | `>` | `==`) rank-expr
  ParseResult parseConstraint(ParsedConstraint &c);

  /// Every name, in order of first appearance.
  ArrayRef<std::string> getNames() const { return names; }
  /// The name when `expr` is exactly one rank variable.
  std::optional<StringRef> getBareName(ParsedRankExpr expr) const {
    if (auto sym = dyn_cast<AffineSymbolExpr>(expr))
      return StringRef(names[sym.getPosition()]);
    return std::nullopt;
  }

private:
  ParseResult parseLiteral(int64_t &value, bool optional, bool &found);
  ParseResult parseTerm(ParsedRankExpr &expr);
  ParseResult parseDivision(ParsedRankExpr &expr);
  ParseResult parsePrimary(ParsedRankExpr &expr);
  /// `expr * factor`, or an error at `loc` past kMaxElements.
  ParseResult multiply(SMLoc loc, ParsedRankExpr &expr, int64_t factor);
  /// Errors at `loc` when a sum built `expr` past kMaxElements.
  ParseResult checkSum(SMLoc loc, ParsedRankExpr expr);

  OpAsmParser &parser;
  MLIRContext *ctx;
  SmallVector<std::string> names;
};
} // namespace

/// The largest magnitude of an integer in `expr` (saturated at INT64_MAX).
static int64_t getLargestInteger(AffineExpr expr) {
  int64_t largest = 0;
  expr.walk([&](AffineExpr e) {
    if (auto cst = dyn_cast<AffineConstantExpr>(e)) {
      int64_t v = cst.getValue();
      int64_t magnitude = v >= 0 ? v
                          : v == std::numeric_limits<int64_t>::min()
                              ? std::numeric_limits<int64_t>::max()
                              : -v;
      largest = std::max(largest, magnitude);
    }
  });
  return largest;
}

/// Parses an integer of a rank expression, at most kMaxElements in
/// magnitude.
ParseResult RankExprParser::parseLiteral(int64_t &value, bool optional,
                                         bool &found) {
  SMLoc loc = parser.getCurrentLocation();
  found = true;
  if (!optional) {
    if (parser.parseInteger(value))
      return failure();
  } else {
    OptionalParseResult result = parser.parseOptionalInteger(value);
    found = result.has_value();
    if (!found)
      return success();
    if (failed(*result))
      return failure();
  }
  if (value > kMaxElements || value < -kMaxElements)
    return parser.emitError(loc, "integer ")
           << value << " in a rank expression is out of range: at most "
           << kMaxElements << " in magnitude (docs/Limits.md)";
  return success();
}

ParseResult RankExprParser::multiply(SMLoc loc, ParsedRankExpr &expr,
                                     int64_t factor) {
  std::optional<int64_t> largest =
      llvm::checkedMul(getLargestInteger(expr), factor < 0 ? -factor : factor);
  if (!largest || *largest > kMaxElements)
    return parser.emitError(loc, "rank expression has a coefficient past ")
           << kMaxElements << " in magnitude (docs/Limits.md)";
  expr = expr * factor;
  return success();
}

ParseResult RankExprParser::checkSum(SMLoc loc, ParsedRankExpr expr) {
  if (getLargestInteger(expr) > kMaxElements)
    return parser.emitError(loc, "rank expression sums to a coefficient past ")
           << kMaxElements << " in magnitude (docs/Limits.md)";
  return success();
}

ParseResult RankExprParser::parsePrimary(ParsedRankExpr &expr) {
  SMLoc loc = parser.getCurrentLocation();
  if (succeeded(parser.parseOptionalLParen()))
    return failure(parseRankExpr(expr) || parser.parseRParen());
  StringRef name;
  if (failed(parser.parseOptionalKeyword(&name)))
    return parser.emitError(loc, "expected a rank variable or an integer in a "
                                 "rank expression");
  auto *it = llvm::find(names, name);
  if (it == names.end())
    it = names.insert(names.end(), name.str());
  expr = getAffineSymbolExpr(it - names.begin(), ctx);
  return success();
}

ParseResult RankExprParser::parseDivision(ParsedRankExpr &expr) {
  if (parsePrimary(expr))
    return failure();
  while (true) {
    bool isMod = false;
    if (succeeded(parser.parseOptionalKeyword("mod")))
      isMod = true;
    else if (failed(parser.parseOptionalKeyword("floordiv")))
      return success();
    StringRef op = isMod ? "mod" : "floordiv";
    SMLoc loc = parser.getCurrentLocation();
    int64_t divisor;
    bool found;
    if (parseLiteral(divisor, /*optional=*/true, found))
      return failure();
    if (!found)
      return parser.emitError(loc, "the divisor of '")
             << op << "' must be an integer constant";
    if (divisor <= 0)
      return parser.emitError(loc, "the divisor of '")
             << op << "' must be positive, got " << divisor;
    expr = isMod ? expr % divisor : expr.floorDiv(divisor);
  }
}

ParseResult RankExprParser::parseTerm(ParsedRankExpr &expr) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t value;
  bool isInteger;
  if (parseLiteral(value, /*optional=*/true, isInteger))
    return failure();
  if (isInteger) {
    if (failed(parser.parseOptionalStar())) {
      expr = getAffineConstantExpr(value, ctx);
      return success();
    }
    if (parseDivision(expr) || multiply(loc, expr, value))
      return failure();
  } else if (parseDivision(expr)) {
    return failure();
  }
  while (succeeded(parser.parseOptionalStar())) {
    int64_t coeff;
    bool found;
    if (parseLiteral(coeff, /*optional=*/false, found) ||
        multiply(loc, expr, coeff))
      return failure();
  }
  return success();
}

ParseResult RankExprParser::parseRankExpr(ParsedRankExpr &expr) {
  SMLoc loc = parser.getCurrentLocation();
  bool negate = succeeded(parser.parseOptionalMinus());
  if (parseTerm(expr) || (negate && multiply(loc, expr, -1)))
    return failure();
  while (true) {
    int64_t sign;
    if (succeeded(parser.parseOptionalPlus()))
      sign = 1;
    else if (succeeded(parser.parseOptionalMinus()))
      sign = -1;
    else
      return success();
    ParsedRankExpr term;
    if (parseTerm(term) || multiply(loc, term, sign))
      return failure();
    expr = expr + term;
    if (checkSum(loc, expr))
      return failure();
  }
}

ParseResult
RankExprParser::parseRankExprList(SmallVectorImpl<ParsedRankExpr> &exprs) {
  return parser.parseCommaSeparatedList(
      OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
        return parseRankExpr(exprs.emplace_back());
      });
}

ParseResult RankExprParser::parseConstraint(ParsedConstraint &c) {
  if (parseRankExpr(c.lhs))
    return failure();
  SMLoc loc = parser.getCurrentLocation();
  bool lessThan = false;
  if (succeeded(parser.parseOptionalLess()))
    lessThan = true;
  else if (failed(parser.parseOptionalGreater())) {
    if (failed(parser.parseOptionalEqual()) ||
        failed(parser.parseOptionalEqual()))
      return parser.emitError(loc, "expected '<=', '<', '>=', '>' or '=='");
    c.isEquality = true;
  }
  bool orEqual = c.isEquality || succeeded(parser.parseOptionalEqual());
  if (parseRankExpr(c.rhs))
    return failure();
  // Normalize to `lhs - rhs + adjust >= 0`; swap sides for `<`/`<=`.
  if (lessThan)
    std::swap(c.lhs, c.rhs);
  if (!orEqual)
    c.adjust = -1;
  return success();
}

static SmallVector<StringRef> toStringRefs(ArrayAttr names) {
  return llvm::to_vector(llvm::map_range(
      names, [](Attribute a) { return cast<StringAttr>(a).getValue(); }));
}

//===----------------------------------------------------------------------===//
// Checks shared by the verifiers
//===----------------------------------------------------------------------===//

/// Checks what every edge op asks of the tensors it reads and defines:
/// ranked, without an encoding (the analysis and the lowering know plain
/// tensors only), no zero extent (a slice or split of nothing), and at most
/// kMaxElements elements, so that sizes and offsets fit in 64 bits.
static LogicalResult verifyEdgeTensorType(Operation *op, Type type) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType)
    return op->emitOpError("expects ranked tensors, got ") << type;
  if (tensorType.getEncoding())
    return op->emitOpError("tensor encodings are not supported, got ")
           << type;
  SmallVector<int64_t> staticShape;
  for (int64_t extent : tensorType.getShape()) {
    if (extent == 0)
      return op->emitOpError("zero-size tensors are not supported, got ")
             << type;
    if (!ShapedType::isDynamic(extent))
      staticShape.push_back(extent);
  }
  if (!getBoundedElementCount(staticShape))
    return op->emitOpError("tensor ")
           << type << " has more than " << kMaxElements
           << " elements (docs/Limits.md)";
  return success();
}

/// verifyEdgeTensorType on every operand and result of `op`.
static LogicalResult verifyEdgeTensorTypes(Operation *op) {
  for (Type type : llvm::concat<const Type>(op->getOperandTypes(),
                                            op->getResultTypes()))
    if (failed(verifyEdgeTensorType(op, type)))
      return failure();
  return success();
}

/// Rejects a name that the custom syntax cannot print back (`what` says
/// whose name it is).
static LogicalResult verifyPrintableName(Operation *op, StringRef name,
                                         StringRef what) {
  if (isPrintableName(name))
    return success();
  std::string escaped;
  llvm::raw_string_ostream os(escaped);
  llvm::printEscapedString(name, os);
  return op->emitOpError() << what << " name '" << escaped
                           << "' is not an identifier (a letter or '_', then "
                              "letters, digits, '_', '$' or '.')";
}

//===----------------------------------------------------------------------===//
// EinsumOp
//===----------------------------------------------------------------------===//

/// The ranks of the edge.iterate ops that enclose `op`.
static llvm::StringSet<> getEnclosingIterationRanks(Operation *op) {
  llvm::StringSet<> ranks;
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp())
    if (auto iterate = dyn_cast<IterateOp>(parent))
      ranks.insert(iterate.getRank());
  return ranks;
}

ParseResult EinsumOp::parse(OpAsmParser &parser, OperationState &result) {
  MLIRContext *ctx = parser.getContext();
  Builder &b = parser.getBuilder();

  std::string name;
  if (succeeded(parser.parseOptionalString(&name)))
    result.addAttribute(getNameAttrName(result.name), b.getStringAttr(name));

  // Operands: tensors with their rank expressions, or scalar constants
  // (built once the element type is known).
  RankExprParser rankParser(parser);
  SmallVector<OpAsmParser::UnresolvedOperand> operands;
  SmallVector<SmallVector<ParsedRankExpr>> operandExprs;
  SmallVector<std::pair<int64_t, ParsedFloat>> constants;
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            OpAsmParser::UnresolvedOperand operand;
            OptionalParseResult isTensor =
                parser.parseOptionalOperand(operand);
            if (isTensor.has_value()) {
              if (failed(*isTensor))
                return failure();
              operands.push_back(operand);
              return rankParser.parseRankExprList(operandExprs.emplace_back());
            }
            int64_t position = operands.size() + constants.size();
            ParsedFloat parsed{0.0, parser.getCurrentLocation()};
            if (parseEdgeFloat(parser, parsed.value))
              return failure();
            constants.push_back({position, parsed});
            return success();
          }))
    return failure();
  SmallVector<ParsedRankExpr> outputExprs;
  if (parser.parseArrow() || rankParser.parseRankExprList(outputExprs))
    return failure();

  // Actions, in the fixed order map, apply, where, reduce, empty.
  if (succeeded(parser.parseOptionalKeyword("map")) &&
      parseAction(parser, result, getMapComputeAttrName(result.name),
                  getMapMergeAttrName(result.name)))
    return failure();

  if (succeeded(parser.parseOptionalKeyword("apply"))) {
    SmallVector<Attribute> unaries;
    if (parser.parseCommaSeparatedList(
            OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
              UnaryKind kind;
              if (parseEnumName<UnaryKind>(parser, kind, "unary",
                                           getMaxEnumValForUnaryKind(),
                                           symbolizeUnaryKind,
                                           stringifyUnaryKind))
                return failure();
              unaries.push_back(UnaryKindAttr::get(ctx, kind));
              return success();
            }))
      return failure();
    result.addAttribute(getUnaryAttrName(result.name), b.getArrayAttr(unaries));
  }

  SmallVector<ParsedConstraint> constraints;
  if (succeeded(parser.parseOptionalKeyword("where"))) {
    do {
      if (rankParser.parseConstraint(constraints.emplace_back()))
        return failure();
    } while (succeeded(parser.parseOptionalComma()));
  }

  SmallVector<Attribute> reduceRanks;
  if (succeeded(parser.parseOptionalKeyword("reduce"))) {
    if (parser.parseCommaSeparatedList(
            OpAsmParser::Delimiter::Square, [&]() -> ParseResult {
              StringRef rank;
              if (parser.parseKeyword(&rank))
                return failure();
              reduceRanks.push_back(b.getStringAttr(rank));
              return success();
            }) ||
        parseAction(parser, result, getReduceComputeAttrName(result.name),
                    getReduceMergeAttrName(result.name)))
      return failure();
  }
  result.addAttribute(getReduceRanksAttrName(result.name),
                      b.getArrayAttr(reduceRanks));

  std::optional<ParsedFloat> emptyValue;
  if (parseOptionalEmpty(parser, emptyValue))
    return failure();

  if (parser.parseOptionalAttrDict(result.attributes))
    return failure();

  // Types: `(<tensor operand types>) -> <result type>`; the result type
  // may be left out when the output ranks' extents give it.
  SMLoc typeLoc = parser.getCurrentLocation();
  SmallVector<Type> inputTypes;
  Type resultType;
  if (parser.parseColon() ||
      parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            return parser.parseType(inputTypes.emplace_back());
          }))
    return failure();
  if (succeeded(parser.parseOptionalArrow()) && parser.parseType(resultType))
    return failure();
  if (inputTypes.size() != operands.size())
    return parser.emitError(typeLoc, "expected ")
           << operands.size() << " operand types, got " << inputTypes.size();
  if (parser.resolveOperands(operands, inputTypes, typeLoc, result.operands))
    return failure();

  // Names with a bare occurrence are iteration ranks; the others must be
  // ranks of an enclosing edge.iterate (checked by the verifier).
  llvm::StringSet<> bareNames;
  auto noteBareNames = [&](ArrayRef<ParsedRankExpr> exprs) {
    for (ParsedRankExpr expr : exprs)
      if (std::optional<StringRef> bare = rankParser.getBareName(expr))
        bareNames.insert(*bare);
  };
  for (ArrayRef<ParsedRankExpr> exprs : operandExprs)
    noteBareNames(exprs);
  noteBareNames(outputExprs);
  SmallVector<std::string> dims, symbols;
  SmallVector<AffineExpr> resolved;
  for (const std::string &n : rankParser.getNames()) {
    bool isDim = bareNames.contains(n);
    resolved.push_back(isDim ? getAffineDimExpr(dims.size(), ctx)
                             : getAffineSymbolExpr(symbols.size(), ctx));
    (isDim ? dims : symbols).push_back(n);
  }
  auto resolve = [&](ParsedRankExpr expr) {
    return expr.replaceSymbols(resolved);
  };

  auto toStrArray = [&](ArrayRef<std::string> names) {
    return b.getStrArrayAttr(llvm::to_vector(
        llvm::map_range(names, [](const std::string &s) { return StringRef(s); })));
  };
  result.addAttribute(getRanksAttrName(result.name), toStrArray(dims));
  result.addAttribute(getSymbolsAttrName(result.name), toStrArray(symbols));

  auto buildMap = [&](ArrayRef<ParsedRankExpr> exprs) {
    return AffineMap::get(dims.size(), symbols.size(),
                          llvm::to_vector(llvm::map_range(exprs, resolve)),
                          ctx);
  };
  SmallVector<AffineMap> inputMaps;
  SmallVector<Attribute> maps;
  for (const auto &exprs : operandExprs) {
    inputMaps.push_back(buildMap(exprs));
    maps.push_back(AffineMapAttr::get(inputMaps.back()));
  }
  AffineMap outputMap = buildMap(outputExprs);
  maps.push_back(AffineMapAttr::get(outputMap));
  result.addAttribute(getIndexingMapsAttrName(result.name),
                      b.getArrayAttr(maps));

  if (!resultType) {
    SmallVector<RankedTensorType> tensorTypes;
    for (Type type : inputTypes)
      if (auto tensorType = dyn_cast<RankedTensorType>(type))
        tensorTypes.push_back(tensorType);
    if (tensorTypes.empty() || tensorTypes.size() != inputTypes.size())
      return parser.emitError(typeLoc, "cannot infer the result type without "
                                       "ranked tensor operands; write it as "
                                       "`: (...) -> tensor<...>`");
    unsigned unknownIndex = 0;
    FailureOr<RankedTensorType> inferred =
        inferEinsumResultType(inputMaps, tensorTypes, outputMap, unknownIndex);
    if (failed(inferred)) {
      std::string text;
      llvm::raw_string_ostream os(text);
      printRankExpr(os, outputMap.getResult(unknownIndex),
                    llvm::to_vector_of<StringRef>(dims),
                    llvm::to_vector_of<StringRef>(symbols));
      return parser.emitError(typeLoc, "cannot infer the result type: output "
                                       "index '")
             << text
             << "' is not a rank that a tensor operand is indexed by; write "
                "the type as `: (...) -> tensor<...>`";
    }
    resultType = *inferred;
  }
  result.addTypes(resultType);

  Type elementType = resultType;
  if (auto tensorType = dyn_cast<RankedTensorType>(elementType))
    elementType = tensorType.getElementType();
  if (emptyValue && addFloatAttr(parser, result, getEmptyAttrName(result.name),
                                 elementType, *emptyValue))
    return failure();
  if (!constants.empty()) {
    SmallVector<int64_t> positions;
    SmallVector<Attribute> values;
    for (const auto &[position, parsed] : constants) {
      FloatAttr attr =
          buildFloatAttr(parser, parsed.loc, elementType, parsed.value);
      if (!attr)
        return failure();
      positions.push_back(position);
      values.push_back(attr);
    }
    result.addAttribute(getConstantPositionsAttrName(result.name),
                        b.getDenseI64ArrayAttr(positions));
    result.addAttribute(getConstantsAttrName(result.name),
                        b.getArrayAttr(values));
  }

  if (!constraints.empty()) {
    SmallVector<AffineExpr> exprs;
    SmallVector<bool> eqFlags;
    for (const ParsedConstraint &c : constraints) {
      exprs.push_back(resolve(c.lhs) - resolve(c.rhs) + c.adjust);
      eqFlags.push_back(c.isEquality);
    }
    result.addAttribute(
        getFilterAttrName(result.name),
        IntegerSetAttr::get(IntegerSet::get(
            dims.size(), symbols.size(), exprs, eqFlags)));
  }
  return success();
}

void EinsumOp::print(OpAsmPrinter &p) {
  SmallVector<StringRef> dims = toStringRefs(getRanks());
  SmallVector<StringRef> symbols = toStringRefs(getSymbols());
  auto printExprList = [&](AffineMap map) {
    p << "[";
    llvm::interleaveComma(map.getResults(), p, [&](AffineExpr e) {
      printRankExpr(p.getStream(), e, dims, symbols);
    });
    p << "]";
  };

  if (getName()) {
    p << " ";
    p.printString(*getName());
  }
  p << " (";
  llvm::interleaveComma(getFoldOperands(), p, [&](const FoldOperand &operand) {
    if (operand.constant) {
      printEdgeFloat(p, *operand.constant);
      return;
    }
    p << getInputs()[operand.input];
    printExprList(getInputMap(operand.input));
  });
  p << ") -> ";
  printExprList(getOutputMap());

  if (getMapCompute() && getMapMerge())
    p << " map " << stringifyComputeKind(*getMapCompute()) << "("
      << stringifyMergeKind(*getMapMerge()) << ")";
  if (std::optional<ArrayAttr> unary = getUnary()) {
    p << " apply [";
    llvm::interleaveComma(*unary, p, [&](Attribute a) {
      p << stringifyUnaryKind(cast<UnaryKindAttr>(a).getValue());
    });
    p << "]";
  }
  if (std::optional<IntegerSet> filter = getFilter()) {
    p << " where ";
    for (unsigned i = 0, e = filter->getNumConstraints(); i < e; ++i) {
      if (i)
        p << ", ";
      printRankConstraint(p.getStream(), filter->getConstraint(i),
                          filter->isEq(i), dims, symbols);
    }
  }
  if (!getReduceRanks().empty()) {
    p << " reduce [";
    llvm::interleaveComma(toStringRefs(getReduceRanks()), p);
    p << "]";
    if (getReduceCompute() && getReduceMerge())
      p << " " << stringifyComputeKind(*getReduceCompute()) << "("
        << stringifyMergeKind(*getReduceMerge()) << ")";
  }
  if (std::optional<APFloat> empty = getEmpty()) {
    p << " empty ";
    printEdgeFloat(p, *empty);
  }
  p.printOptionalAttrDict(
      (*this)->getAttrs(),
      {getNameAttrName(), getRanksAttrName(), getSymbolsAttrName(),
       getIndexingMapsAttrName(), getMapComputeAttrName(),
       getMapMergeAttrName(), getUnaryAttrName(), getFilterAttrName(),
       getReduceRanksAttrName(), getReduceComputeAttrName(),
       getReduceMergeAttrName(), getEmptyAttrName(),
       getConstantPositionsAttrName(), getConstantsAttrName()});
  p << " : ";
  p.printFunctionalType(getInputs().getTypes(), getOperation()->getResultTypes());
}

void EinsumOp::getAsmResultNames(
    function_ref<void(Value, StringRef)> setNameFn) {
  if (std::optional<StringRef> name = getName())
    setNameFn(getResult(), *name);
}

SmallVector<FoldOperand> EinsumOp::getFoldOperands() {
  SmallVector<FoldOperand> operands;
  ArrayRef<int64_t> positions;
  if (std::optional<ArrayRef<int64_t>> p = getConstantPositions())
    positions = *p;
  unsigned nextInput = 0, nextConstant = 0;
  for (unsigned pos = 0, e = getNumFoldOperands(); pos < e; ++pos) {
    FoldOperand &operand = operands.emplace_back();
    if (nextConstant < positions.size() &&
        positions[nextConstant] == static_cast<int64_t>(pos)) {
      operand.constant =
          cast<FloatAttr>((*getConstants())[nextConstant++]).getValue();
      continue;
    }
    operand.input = nextInput++;
  }
  return operands;
}

std::optional<unsigned> EinsumOp::getRankPosition(StringRef name) {
  for (auto [i, rank] : llvm::enumerate(getRanks()))
    if (cast<StringAttr>(rank).getValue() == name)
      return i;
  return std::nullopt;
}

SmallVector<int64_t> EinsumOp::getRankExtents() {
  SmallVector<int64_t> extents(getNumRanks(), ShapedType::kDynamic);
  auto visit = [&](AffineMap map, Type type) {
    collectBareRankExtents(map.getResults(),
                           cast<RankedTensorType>(type).getShape(), extents);
  };
  for (auto [i, input] : llvm::enumerate(getInputs()))
    visit(getInputMap(i), input.getType());
  visit(getOutputMap(), getResult().getType());
  return extents;
}

APFloat EinsumOp::getEmptyValue() {
  if (std::optional<APFloat> empty = getEmpty())
    return *empty;
  const llvm::fltSemantics &sem =
      cast<FloatType>(getElementType(getResult().getType())).getFloatSemantics();
  if (std::optional<ComputeKind> reduce = getReduceCompute())
    if (std::optional<APFloat> identity = getReduceIdentity(*reduce, sem))
      return *identity;
  return APFloat::getZero(sem);
}

bool EinsumOp::isReducedRank(unsigned pos) {
  StringRef name = cast<StringAttr>(getRanks()[pos]).getValue();
  return llvm::any_of(getReduceRanks(), [&](Attribute a) {
    return cast<StringAttr>(a).getValue() == name;
  });
}

/// Checks that every index and filter expression of `op` is a linear sum of
/// ranks whose values over the iteration space (rank `extents`, then the
/// enclosing iterations' steps) fit in 64 bits: the printer, the analysis
/// and the lowering's bounds checks compute with them.
static LogicalResult verifyRankExpressions(EinsumOp op,
                                           ArrayRef<int64_t> extents) {
  SmallVector<StringRef> dims = toStringRefs(op.getRanks());
  SmallVector<StringRef> symbols = toStringRefs(op.getSymbols());
  // The box of the iteration space: the ranks, then the enclosing
  // iterations' steps; unknown when an extent is dynamic.
  SmallVector<int64_t> lo, hi;
  bool boxKnown = true;
  for (int64_t extent : extents) {
    boxKnown &= !ShapedType::isDynamic(extent);
    lo.push_back(0);
    hi.push_back(ShapedType::isDynamic(extent) ? 0 : extent - 1);
  }
  for (StringRef name : symbols) {
    std::optional<uint64_t> stop;
    for (Operation *p = op->getParentOp(); p && !stop;
         p = p->getParentOp())
      if (auto iterate = dyn_cast<IterateOp>(p))
        if (iterate.getRank() == name)
          stop = iterate.getStop();
    boxKnown &= stop.has_value();
    lo.push_back(0);
    hi.push_back(stop ? static_cast<int64_t>(*stop) - 1 : 0);
  }
  auto check = [&](AffineExpr e, StringRef what,
                   std::optional<bool> isEquality = {}) -> LogicalResult {
    auto describe = [&]() {
      std::string text;
      llvm::raw_string_ostream os(text);
      if (isEquality)
        printRankConstraint(os, e, *isEquality, dims, symbols);
      else
        printRankExpr(os, e, dims, symbols);
      return text;
    };
    if (!isRankExpression(e))
      return op.emitOpError()
             << what << " '" << describe()
             << "' is not a rank expression (ranks times integers, added, "
                "and floordiv and mod by integers)";
    std::optional<int64_t> badDivisor;
    e.walk([&](AffineExpr sub) {
      if (std::optional<int64_t> divisor = getDivisor(sub))
        if (*divisor <= 0)
          badDivisor = *divisor;
    });
    if (badDivisor)
      return op.emitOpError()
             << what << " '" << describe() << "' divides by " << *badDivisor
             << ": floordiv and mod need a positive divisor";
    // The integers as written, and the coefficients they sum to.
    int64_t largest = getLargestInteger(e);
    if (std::optional<SmallVector<int64_t>> coeffs =
            getLinearCoefficients(e, dims.size(), symbols.size()))
      if (llvm::any_of(*coeffs, [](int64_t c) {
            return c > kMaxElements || c < -kMaxElements;
          }))
        largest = kMaxElements + 1;
    if (largest > kMaxElements)
      return op.emitOpError()
             << what << " '" << describe() << "' has a coefficient past "
             << kMaxElements << " in magnitude (docs/Limits.md)";
    if (boxKnown && !getRangeOnBox(e, dims.size(), lo, hi))
      return op.emitOpError() << what << " '" << describe()
                           << "' overflows 64 bits over the iteration space";
    return success();
  };
  for (Attribute attr : op.getIndexingMaps())
    for (AffineExpr e : cast<AffineMapAttr>(attr).getValue().getResults())
      if (failed(check(e, "index expression")))
        return failure();
  if (std::optional<IntegerSet> filter = op.getFilter())
    for (unsigned i = 0, e = filter->getNumConstraints(); i < e; ++i)
      if (failed(check(filter->getConstraint(i), "filter", filter->isEq(i))))
        return failure();
  return success();
}

/// Checks the scalar constant operands of `op`: one position per value,
/// strictly increasing and within the fold, values of the result's type.
static LogicalResult verifyConstants(EinsumOp op, FloatType elementType) {
  std::optional<ArrayRef<int64_t>> positions = op.getConstantPositions();
  std::optional<ArrayAttr> values = op.getConstants();
  if (positions.has_value() != values.has_value() ||
      (positions && positions->size() != values->size()))
    return op.emitOpError("needs one constant position per scalar constant");
  if (!positions)
    return success();
  int64_t numFold = op.getNumFoldOperands();
  for (auto [i, position] : llvm::enumerate(*positions))
    if (position < 0 || position >= numFold ||
        (i > 0 && position <= (*positions)[i - 1]))
      return op.emitOpError("constant positions must increase strictly and "
                            "lie in [0, ")
             << numFold << "), got " << position;
  for (Attribute value : *values)
    if (cast<FloatAttr>(value).getType() != elementType)
      return op.emitOpError("scalar constant has type ")
             << cast<FloatAttr>(value).getType() << ", expected the result's "
             << elementType;
  return success();
}

LogicalResult EinsumOp::verify() {
  unsigned numInputs = getInputs().size();
  if (numInputs == 0)
    return emitOpError("needs at least one tensor operand");
  if (failed(verifyEdgeTensorTypes(*this)))
    return failure();
  if (getIndexingMaps().size() != numInputs + 1)
    return emitOpError("expects ")
           << numInputs + 1
           << " indexing maps (one per operand and one for the output), got "
           << getIndexingMaps().size();

  SmallVector<StringRef> dims = toStringRefs(getRanks());
  SmallVector<StringRef> symbols = toStringRefs(getSymbols());
  {
    llvm::StringSet<> seen;
    for (StringRef name : llvm::concat<StringRef>(dims, symbols)) {
      if (!seen.insert(name).second)
        return emitOpError("rank '") << name << "' is declared twice";
      if (failed(verifyPrintableName(*this, name, "rank")))
        return failure();
    }
  }

  // Shapes of the maps and element types.
  auto resultType = cast<RankedTensorType>(getResult().getType());
  auto elementType = dyn_cast<FloatType>(resultType.getElementType());
  if (!elementType)
    return emitOpError("result element type must be a float type, got ")
           << resultType.getElementType();
  auto describe = [&](unsigned i) -> std::string {
    return i == numInputs ? std::string("the output")
                          : "operand #" + std::to_string(i);
  };
  for (unsigned i = 0; i <= numInputs; ++i) {
    AffineMap map =
        cast<AffineMapAttr>(getIndexingMaps()[i]).getValue();
    auto type = cast<RankedTensorType>(i == numInputs
                                           ? resultType
                                           : getInputs()[i].getType());
    if (map.getNumDims() != dims.size() ||
        map.getNumSymbols() != symbols.size())
      return emitOpError("indexing map of ")
             << describe(i) << " has " << map.getNumDims() << " dims and "
             << map.getNumSymbols() << " symbols, expected " << dims.size()
             << " and " << symbols.size();
    if (map.getNumResults() != type.getRank())
      return emitOpError() << describe(i) << " is indexed by "
                           << map.getNumResults()
                           << " rank expressions but has rank "
                           << type.getRank();
    if (i < numInputs && type.getElementType().isInteger(1))
      return emitOpError()
             << describe(i)
             << " is an i1 mask: an einsum reads float tensors; make the "
                "masked points of a tensor empty with edge.mask";
    // Mixed precision: an operand of another float type is converted to
    // the result's (e.g. bf16 inputs, f32 accumulation).
    if (i < numInputs && !isa<FloatType>(type.getElementType()))
      return emitOpError() << describe(i) << " has element type "
                           << type.getElementType()
                           << ", expected a float type (it is converted to "
                              "the result's "
                           << elementType << ")";
  }

  // Extents: every bare occurrence of a rank must agree.
  SmallVector<int64_t> extents(dims.size(), ShapedType::kDynamic);
  SmallVector<int> extentSource(dims.size(), -1);
  for (unsigned i = 0; i <= numInputs; ++i) {
    AffineMap map = cast<AffineMapAttr>(getIndexingMaps()[i]).getValue();
    auto shape = cast<RankedTensorType>(
                     i == numInputs ? resultType : getInputs()[i].getType())
                     .getShape();
    for (auto [expr, extent] : llvm::zip(map.getResults(), shape)) {
      auto dim = dyn_cast<AffineDimExpr>(expr);
      if (!dim || ShapedType::isDynamic(extent))
        continue;
      unsigned pos = dim.getPosition();
      if (extentSource[pos] >= 0 && extents[pos] != extent)
        return emitOpError("rank '")
               << dims[pos] << "' has extent " << extents[pos] << " in "
               << describe(extentSource[pos]) << " but " << extent << " in "
               << describe(i);
      extents[pos] = extent;
      extentSource[pos] = i;
    }
  }
  for (auto [pos, name] : llvm::enumerate(dims)) {
    bool bare = false;
    for (Attribute attr : getIndexingMaps())
      for (AffineExpr e : cast<AffineMapAttr>(attr).getValue().getResults())
        if (auto dim = dyn_cast<AffineDimExpr>(e))
          bare |= dim.getPosition() == pos;
    if (!bare)
      return emitOpError("rank '")
             << name
             << "' occurs only in compound expressions, so its extent is "
                "unknown";
  }

  // Symbols are ranks of enclosing iterations; iteration ranks must not
  // shadow them. Checked before the reduce action, which names ranks: a
  // rank written only inside compound expressions (`%X[m + q, p]`) is no
  // iteration rank, and that, not the reduction, is what is wrong.
  llvm::StringSet<> enclosing = getEnclosingIterationRanks(*this);
  auto cascade = (*this)->getParentOfType<CascadeOp>();
  for (auto [pos, name] : llvm::enumerate(symbols)) {
    if (enclosing.contains(name))
      continue;
    // A run-time size of the cascade bounds points (a dynamic tail), in
    // the filter only: indexing by it would read past the extent it is.
    if (cascade && cascade.lookupSize(name)) {
      for (Attribute attr : getIndexingMaps())
        for (AffineExpr e : cast<AffineMapAttr>(attr).getValue().getResults())
          if (e.isFunctionOfSymbol(pos))
            return emitOpError("size '")
                   << name << "' may only occur in the filter, not in an "
                      "index expression";
      continue;
    }
    std::string where;
    for (Attribute attr : getIndexingMaps())
      for (AffineExpr e : cast<AffineMapAttr>(attr).getValue().getResults())
        if (where.empty() && e.isFunctionOfSymbol(pos)) {
          llvm::raw_string_ostream os(where);
          printRankExpr(os, e, dims, symbols);
        }
    InFlightDiagnostic diag = emitOpError("rank '") << name << "' ";
    if (!where.empty())
      diag << "occurs only in the compound index expression '" << where
           << "', ";
    else
      diag << "occurs only in the filter, ";
    return diag << "so it is not an iteration rank and has no extent: index "
                   "a tensor or the output by it alone (e.g. '"
                << name << "'), or iterate it with an enclosing edge.iterate";
  }
  for (StringRef name : dims)
    if (enclosing.contains(name))
      return emitOpError("iteration rank '")
             << name << "' shadows the rank of an enclosing edge.iterate";

  // Output ranks must be produced by an operand.
  AffineMap outputMap = getOutputMap();
  llvm::SmallBitVector inOutput(dims.size()), inInputs(dims.size());
  for (unsigned pos = 0; pos < dims.size(); ++pos) {
    inOutput[pos] = outputMap.isFunctionOfDim(pos);
    for (unsigned i = 0; i < numInputs; ++i)
      if (getInputMap(i).isFunctionOfDim(pos))
        inInputs[pos] = true;
    if (inOutput[pos] && !inInputs[pos])
      return emitOpError("output rank '")
             << dims[pos] << "' is not produced by any operand";
  }

  // Reduce action.
  llvm::StringSet<> reduced;
  for (StringRef name : toStringRefs(getReduceRanks())) {
    std::optional<unsigned> pos = getRankPosition(name);
    if (!pos && llvm::is_contained(symbols, name))
      return emitOpError("reduced rank '")
             << name
             << "' is the rank of an enclosing edge.iterate, fixed for one "
                "step: the iteration, not the einsum, goes over it";
    if (!pos)
      return emitOpError("reduced rank '")
             << name << "' is not a rank of the iteration space";
    if (inOutput[*pos])
      return emitOpError("reduced rank '") << name << "' is kept in the output";
    if (!reduced.insert(name).second)
      return emitOpError("rank '") << name << "' is reduced twice";
  }
  for (auto [pos, name] : llvm::enumerate(dims))
    if (!inOutput[pos] && !reduced.contains(name))
      return emitOpError("rank '")
             << name << "' is dropped from the output but not reduced";
  bool hasReduceOps = getReduceCompute().has_value() || getReduceMerge().has_value();
  if (getReduceRanks().empty() && hasReduceOps)
    return emitOpError("reduce operators given without ranks to reduce");
  if (!getReduceRanks().empty() &&
      !(getReduceCompute().has_value() && getReduceMerge().has_value()))
    return emitOpError("reduce action needs a compute and a merge operator");
  if (std::optional<ComputeKind> reduce = getReduceCompute()) {
    if (!isAssociative(*reduce))
      return emitOpError("reduce compute operator '")
             << stringifyComputeKind(*reduce)
             << "' is not associative and cannot fold a rank";
    // A fold starts from the empty value, so it needs an identity: the
    // first point must come out as itself.
    if (!getReduceIdentity(*reduce, elementType.getFloatSemantics()))
      return emitOpError("reduce compute operator '")
             << stringifyComputeKind(*reduce)
             << "' has no identity to start the reduction from (add, mul, "
                "max and min have one)";
  }
  // The output point of a reduction is present when any point that maps to
  // it is visited, and each visited point is folded in: the accumulator
  // (absent at first) merged with a present point must be present, which
  // is what `union` says. Other tables would make the first visited point
  // vanish (isect: absent and present is absent) or visit absent points.
  if (std::optional<MergeKind> merge = getReduceMerge())
    if (*merge != MergeKind::Union)
      return emitOpError("reduce merge operator '")
             << stringifyMergeKind(*merge)
             << "' makes no sense for a reduction: the fold starts from an "
                "absent accumulator and must keep every visited point, which "
                "is 'union' (e.g. reduce [...] "
             << stringifyComputeKind(*getReduceCompute()) << "(union))";

  // Map action, over tensor operands and constants alike.
  if (failed(verifyConstants(*this, elementType)))
    return failure();
  unsigned numFold = getNumFoldOperands();
  bool hasMap = getMapCompute().has_value() || getMapMerge().has_value();
  if (hasMap && !(getMapCompute().has_value() && getMapMerge().has_value()))
    return emitOpError("map action needs a compute and a merge operator");
  if (numFold >= 2 && !hasMap)
    return emitOpError("einsum with ")
           << numFold << " operands needs a map action";
  if (numFold < 2 && hasMap)
    return emitOpError("map action needs at least two operands");

  // Empty value.
  if (std::optional<APFloat> empty = getEmpty()) {
    if (getEmptyAttr().getType() != elementType)
      return emitOpError("empty value has type ")
             << getEmptyAttr().getType() << ", expected " << elementType;
    if (std::optional<ComputeKind> reduce = getReduceCompute())
      if (std::optional<APFloat> identity =
              getReduceIdentity(*reduce, elementType.getFloatSemantics()))
        if (identity->compare(*empty) != APFloat::cmpEqual)
          return emitOpError("empty value ")
                 << formatFloat(*empty) << " is inconsistent with reduce "
                 << stringifyComputeKind(*reduce) << ": expected "
                 << formatFloat(*identity);
  }

  // Filter.
  if (std::optional<IntegerSet> filter = getFilter())
    if (filter->getNumDims() != dims.size() ||
        filter->getNumSymbols() != symbols.size())
      return emitOpError("filter has ")
             << filter->getNumDims() << " dims and " << filter->getNumSymbols()
             << " symbols, expected " << dims.size() << " and "
             << symbols.size();

  return verifyRankExpressions(*this, extents);
}

//===----------------------------------------------------------------------===//
// SplitOp / UnsplitOp / FillOp
//===----------------------------------------------------------------------===//

ParseResult SplitOp::parse(OpAsmParser &parser, OperationState &result) {
  OpAsmParser::UnresolvedOperand source;
  int64_t dim, tile;
  Type sourceType, resultType;
  if (parser.parseOperand(source) || parser.parseKeyword("dim") ||
      parser.parseInteger(dim) || parser.parseKeyword("tile") ||
      parser.parseInteger(tile))
    return failure();
  std::optional<ParsedFloat> empty;
  if (parseOptionalEmpty(parser, empty))
    return failure();
  SMLoc typeLoc = parser.getCurrentLocation();
  if (parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseColonType(sourceType) || parser.parseArrow() ||
      parser.parseType(resultType) ||
      parser.resolveOperand(source, sourceType, result.operands))
    return failure();
  auto tensorType = dyn_cast<RankedTensorType>(sourceType);
  if (!tensorType)
    return parser.emitError(typeLoc, "expected a ranked tensor type, got ")
           << sourceType;
  Builder &b = parser.getBuilder();
  result.addAttribute(getDimAttrName(result.name), b.getI64IntegerAttr(dim));
  result.addAttribute(getTileAttrName(result.name), b.getI64IntegerAttr(tile));
  if (empty && addFloatAttr(parser, result, getEmptyAttrName(result.name),
                            tensorType.getElementType(), *empty))
    return failure();
  result.addTypes(resultType);
  return success();
}

void SplitOp::print(OpAsmPrinter &p) {
  p << " " << getSource() << " dim " << getDim() << " tile " << getTile();
  if (std::optional<APFloat> empty = getEmpty()) {
    p << " empty ";
    printEdgeFloat(p, *empty);
  }
  p.printOptionalAttrDict(
      (*this)->getAttrs(),
      {getDimAttrName(), getTileAttrName(), getEmptyAttrName()});
  p << " : " << getSource().getType() << " -> " << getResult().getType();
}

/// The paper's name of a value, when it has one: a cascade input's name or a
/// named einsum's.
static std::optional<StringRef> getPaperName(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value))
    if (auto cascade = dyn_cast<CascadeOp>(arg.getOwner()->getParentOp()))
      if (arg.getArgNumber() < cascade.getInputNames().size())
        return cast<StringAttr>(cascade.getInputNames()[arg.getArgNumber()])
            .getValue();
  if (auto einsum = value.getDefiningOp<EinsumOp>())
    return einsum.getName();
  return std::nullopt;
}

/// getPaperName, also naming a split of a named value (BK for a split K).
static std::optional<std::string> getPaperNameThroughSplit(Value value) {
  if (auto split = value.getDefiningOp<SplitOp>()) {
    if (std::optional<StringRef> name = getPaperName(split.getSource()))
      return ("B" + *name).str();
    return std::nullopt;
  }
  if (std::optional<StringRef> name = getPaperName(value))
    return name->str();
  return std::nullopt;
}

void SplitOp::getAsmResultNames(
    function_ref<void(Value, StringRef)> setNameFn) {
  // BK[e, m1, m0] = K[e, m1*M0 + m0]: the blocked K.
  if (std::optional<StringRef> name = getPaperName(getSource()))
    setNameFn(getResult(), ("B" + *name).str());
}

LogicalResult SplitOp::verify() {
  if (failed(verifyEdgeTensorTypes(*this)))
    return failure();
  auto sourceType = cast<RankedTensorType>(getSource().getType());
  auto resultType = cast<RankedTensorType>(getResult().getType());
  int64_t dim = getDim(), tile = getTile();
  if (tile <= 0)
    return emitOpError("split factor (tile) must be positive, got ") << tile;
  if (dim < 0 || dim >= sourceType.getRank())
    return emitOpError("dimension ")
           << dim << " is out of range for a source of rank "
           << sourceType.getRank();
  if (sourceType.getElementType() != resultType.getElementType())
    return emitOpError("result element type ")
           << resultType.getElementType() << " differs from the source's "
           << sourceType.getElementType();
  SmallVector<int64_t> expected(sourceType.getShape());
  int64_t extent = expected[dim];
  int64_t outer = ShapedType::isDynamic(extent) ? ShapedType::kDynamic
                                                : llvm::divideCeil(extent, tile);
  expected[dim] = tile;
  expected.insert(expected.begin() + dim, outer);
  if (resultType.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result type ")
           << resultType << " does not match splitting dimension " << dim
           << " of " << sourceType << " by " << tile << ": expected "
           << RankedTensorType::get(expected, sourceType.getElementType());
  if (std::optional<APFloat> empty = getEmpty())
    if (getEmptyAttr().getType() != sourceType.getElementType())
      return emitOpError("empty value has type ")
             << getEmptyAttr().getType() << ", expected "
             << sourceType.getElementType();
  return success();
}

LogicalResult UnsplitOp::verify() {
  if (failed(verifyEdgeTensorTypes(*this)))
    return failure();
  auto sourceType = cast<RankedTensorType>(getSource().getType());
  auto resultType = cast<RankedTensorType>(getResult().getType());
  int64_t dim = getDim();
  if (dim < 0 || dim + 1 >= sourceType.getRank())
    return emitOpError("dimensions ")
           << dim << " and " << dim + 1
           << " are out of range for a source of rank " << sourceType.getRank();
  if (resultType.getRank() + 1 != sourceType.getRank())
    return emitOpError("result must have rank ") << sourceType.getRank() - 1;
  if (sourceType.getElementType() != resultType.getElementType())
    return emitOpError("result element type ")
           << resultType.getElementType() << " differs from the source's "
           << sourceType.getElementType();
  for (int64_t i = 0; i < resultType.getRank(); ++i) {
    if (i == dim)
      continue;
    int64_t src = sourceType.getDimSize(i < dim ? i : i + 1);
    if (src != resultType.getDimSize(i))
      return emitOpError("result dimension ")
             << i << " has extent " << resultType.getDimSize(i)
             << ", expected " << src;
  }
  int64_t outer = sourceType.getDimSize(dim);
  int64_t tile = sourceType.getDimSize(dim + 1);
  int64_t extent = resultType.getDimSize(dim);
  if (!ShapedType::isDynamic(outer) && !ShapedType::isDynamic(tile) &&
      !ShapedType::isDynamic(extent) &&
      !(extent <= outer * tile && extent > (outer - 1) * tile))
    return emitOpError("unsplit extent ")
           << extent << " must satisfy " << (outer - 1) * tile
           << " < extent <= " << outer * tile << " for " << outer
           << " chunks of " << tile;
  return success();
}

ParseResult FillOp::parse(OpAsmParser &parser, OperationState &result) {
  ParsedFloat value{0.0, parser.getCurrentLocation()};
  Type type;
  if (parseEdgeFloat(parser, value.value) ||
      parser.parseOptionalAttrDict(result.attributes) ||
      parser.parseColonType(type))
    return failure();
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType)
    return parser.emitError(value.loc, "expected a ranked tensor type, got ")
           << type;
  if (addFloatAttr(parser, result, getValueAttrName(result.name),
                   tensorType.getElementType(), value))
    return failure();
  result.addTypes(type);
  return success();
}

void FillOp::print(OpAsmPrinter &p) {
  p << " ";
  printEdgeFloat(p, getValue());
  p.printOptionalAttrDict((*this)->getAttrs(), {getValueAttrName()});
  p << " : " << getResult().getType();
}

LogicalResult FillOp::verify() {
  if (failed(verifyEdgeTensorTypes(*this)))
    return failure();
  Type elementType = getElementType(getResult().getType());
  if (getValueAttr().getType() != elementType)
    return emitOpError("fill value has type ")
           << getValueAttr().getType() << ", expected " << elementType;
  return success();
}

//===----------------------------------------------------------------------===//
// MaskOp
//===----------------------------------------------------------------------===//

SmallVector<int64_t> MaskOp::getMaskedDims() {
  if (std::optional<ArrayRef<int64_t>> dims = getDims())
    return SmallVector<int64_t>(*dims);
  return llvm::to_vector(
      llvm::seq<int64_t>(0, getMask().getType().getRank()));
}

LogicalResult MaskOp::verify() {
  if (failed(verifyEdgeTensorTypes(*this)))
    return failure();
  auto sourceType = cast<RankedTensorType>(getSource().getType());
  auto maskType = cast<RankedTensorType>(getMask().getType());
  if (!isa<FloatType>(sourceType.getElementType()))
    return emitOpError("masked tensor must have a float element type, got ")
           << sourceType.getElementType();
  if (!maskType.getElementType().isInteger(1))
    return emitOpError("mask must be a tensor of i1, got ") << maskType;
  SmallVector<int64_t> dims = getMaskedDims();
  if (!getDims() && maskType.getRank() != sourceType.getRank())
    return emitOpError("mask of rank ")
           << maskType.getRank() << " needs 'dims' to say which of the "
           << sourceType.getRank() << " dimensions of " << sourceType
           << " it indexes";
  if (int64_t(dims.size()) != maskType.getRank())
    return emitOpError("'dims' has ")
           << dims.size() << " entries for a mask of rank "
           << maskType.getRank();
  llvm::SmallDenseSet<int64_t> seen;
  for (auto [i, dim] : llvm::enumerate(dims)) {
    if (dim < 0 || dim >= sourceType.getRank())
      return emitOpError("dimension ")
             << dim << " in 'dims' is out of range for " << sourceType;
    if (!seen.insert(dim).second)
      return emitOpError("dimension ") << dim << " appears twice in 'dims'";
    int64_t maskExtent = maskType.getDimSize(i);
    int64_t sourceExtent = sourceType.getDimSize(dim);
    if (!ShapedType::isDynamic(maskExtent) &&
        !ShapedType::isDynamic(sourceExtent) && maskExtent != sourceExtent)
      return emitOpError("mask dimension ")
             << i << " has extent " << maskExtent << " but dimension " << dim
             << " of " << sourceType << " has " << sourceExtent;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// IterateOp
//===----------------------------------------------------------------------===//

/// The type of one slice of `type` along `dim`: that dimension removed.
static RankedTensorType getSliceType(RankedTensorType type, int64_t dim) {
  SmallVector<int64_t> shape(type.getShape());
  shape.erase(shape.begin() + dim);
  return RankedTensorType::get(shape, type.getElementType(),
                               type.getEncoding());
}

ParseResult IterateOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  StringRef rank;
  if (parser.parseKeyword(&rank))
    return failure();
  result.addAttribute(getRankAttrName(result.name), b.getStringAttr(rank));

  SMLoc stopLoc = parser.getCurrentLocation();
  // `until r >= ?`: the run-time extent of the sliced dimensions.
  if (failed(parser.parseOptionalKeyword("until")))
    return parser.emitError(stopLoc, "edge.iterate needs a stopping condition "
                                     "'until ")
           << rank << " >= <extent>'";
  StringRef stopRank;
  int64_t stop;
  stopLoc = parser.getCurrentLocation();
  if (parser.parseKeyword(&stopRank))
    return failure();
  if (stopRank != rank)
    return parser.emitError(stopLoc, "stopping condition names rank '")
           << stopRank << "', expected the iterative rank '" << rank << "'";
  if (parser.parseGreater() || parser.parseEqual())
    return failure();
  if (failed(parser.parseOptionalQuestion())) {
    if (parser.parseInteger(stop))
      return failure();
    result.addAttribute(getStopAttrName(result.name),
                        b.getI64IntegerAttr(stop));
  }

  SmallVector<OpAsmParser::Argument> regionArgs;
  SmallVector<OpAsmParser::UnresolvedOperand> sliceOperands, initOperands;
  SmallVector<Type> sliceTypes, initTypes;
  SmallVector<int64_t> sliceDims;
  if (succeeded(parser.parseOptionalKeyword("slices"))) {
    if (parser.parseCommaSeparatedList(
            OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
              OpAsmParser::Argument &arg = regionArgs.emplace_back();
              int64_t dim;
              Type type;
              SMLoc typeLoc;
              if (parser.parseArgument(arg) || parser.parseEqual() ||
                  parser.parseOperand(sliceOperands.emplace_back()) ||
                  parser.parseLSquare() || parser.parseInteger(dim) ||
                  parser.parseRSquare() || parser.parseColon())
                return failure();
              typeLoc = parser.getCurrentLocation();
              if (parser.parseType(type))
                return failure();
              auto tensorType = dyn_cast<RankedTensorType>(type);
              if (!tensorType)
                return parser.emitError(typeLoc, "expected a ranked tensor");
              if (dim < 0 || dim >= tensorType.getRank())
                return parser.emitError(typeLoc, "slice dimension ")
                       << dim << " is out of range for " << type;
              arg.type = getSliceType(tensorType, dim);
              sliceTypes.push_back(type);
              sliceDims.push_back(dim);
              return success();
            }))
      return failure();
  }
  result.addAttribute(getSliceDimsAttrName(result.name),
                      b.getDenseI64ArrayAttr(sliceDims));

  SMLoc initLoc = parser.getCurrentLocation();
  if (failed(parser.parseOptionalKeyword("init")))
    return parser.emitError(initLoc,
                            "edge.iterate needs an initialization part "
                            "'init(%state = %initial : type, ...)'");
  if (parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            OpAsmParser::Argument &arg = regionArgs.emplace_back();
            if (parser.parseArgument(arg) || parser.parseEqual() ||
                parser.parseOperand(initOperands.emplace_back()) ||
                parser.parseColonType(arg.type))
              return failure();
            initTypes.push_back(arg.type);
            return success();
          }))
    return failure();

  SmallVector<Type> resultTypes;
  if (parser.parseArrowTypeList(resultTypes))
    return failure();
  result.addTypes(resultTypes);

  SMLoc operandLoc = parser.getCurrentLocation();
  if (parser.resolveOperands(sliceOperands, sliceTypes, operandLoc,
                             result.operands) ||
      parser.resolveOperands(initOperands, initTypes, operandLoc,
                             result.operands))
    return failure();
  result.addAttribute(
      "operandSegmentSizes",
      b.getDenseI32ArrayAttr({static_cast<int32_t>(sliceOperands.size()),
                              static_cast<int32_t>(initOperands.size())}));

  Region *body = result.addRegion();
  if (parser.parseRegion(*body, regionArgs) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  return success();
}

void IterateOp::print(OpAsmPrinter &p) {
  p << " " << getRank() << " until " << getRank() << " >= ";
  if (std::optional<uint64_t> stop = getStop())
    p << *stop;
  else
    p << "?";
  if (!getSliceSources().empty()) {
    p << " slices(";
    llvm::interleaveComma(
        llvm::zip(getSliceArgs(), getSliceSources(), getSliceDims()), p,
        [&](auto it) {
          auto [arg, source, dim] = it;
          p << arg << " = " << source << "[" << dim
            << "] : " << source.getType();
        });
    p << ")";
  }
  p << " init(";
  llvm::interleaveComma(llvm::zip(getStateArgs(), getInits()), p,
                        [&](auto it) {
                          auto [arg, init] = it;
                          p << arg << " = " << init << " : " << init.getType();
                        });
  p << ") -> (" << getResultTypes() << ") ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
  p.printOptionalAttrDict((*this)->getAttrs(),
                          {getRankAttrName(), getStopAttrName(),
                           getSliceDimsAttrName(), "operandSegmentSizes"});
}

void IterateOp::getAsmResultNames(
    function_ref<void(Value, StringRef)> setNameFn) {
  // The results are the final running values: name them after the einsums
  // that compute each step (RM, RD, RNV).
  Block &block = getBody().front();
  if (block.empty())
    return;
  auto yield = dyn_cast<YieldOp>(block.getTerminator());
  if (!yield)
    return;
  for (auto [result, value] : llvm::zip(getResults(), yield.getOperands()))
    if (std::optional<StringRef> name = getPaperName(value))
      setNameFn(result, *name);
}

void IterateOp::getAsmBlockArgumentNames(Region &region,
                                         OpAsmSetValueNameFn setNameFn) {
  // Per-step values in lower case: %bk is this step's tile of BK, %rm the
  // running maximum before the step.
  Block &block = region.front();
  auto lower = [](StringRef name) { return name.lower(); };
  for (auto [arg, source] : llvm::zip(getSliceArgs(), getSliceSources()))
    if (std::optional<std::string> name = getPaperNameThroughSplit(source))
      setNameFn(arg, lower(*name));
  if (block.empty())
    return;
  auto yield = dyn_cast<YieldOp>(block.getTerminator());
  if (!yield)
    return;
  for (auto [arg, value] : llvm::zip(getStateArgs(), yield.getOperands()))
    if (std::optional<StringRef> name = getPaperName(value))
      setNameFn(arg, lower(*name));
}

LogicalResult IterateOp::verify() {
  // First: the checks below walk slices and their dims together.
  if (getSliceDims().size() != getSliceSources().size())
    return emitOpError("has ") << getSliceSources().size()
                               << " sliced operands but "
                               << getSliceDims().size() << " slice dimensions";
  // Without a static stop, the run-time extent of the sliced dimensions is
  // the trip count: every one must be dynamic (a static one would be the
  // stop).
  if (!getStop()) {
    if (getSliceSources().empty())
      return emitOpError("needs a stopping condition (attribute 'stop': the "
                         "iteration ends when ")
             << getRank()
             << " >= stop); 'until " << getRank()
             << " >= ?' needs a sliced operand of dynamic extent";
    for (auto [i, source, dim] :
         llvm::enumerate(getSliceSources(), getSliceDims())) {
      auto type = cast<RankedTensorType>(source.getType());
      if (dim >= 0 && dim < type.getRank() && !type.isDynamicDim(dim))
        return emitOpError("stops at the run-time extent of its slices "
                           "('until ")
               << getRank() << " >= ?'), but sliced operand #" << i
               << " has the static extent " << type.getDimSize(dim)
               << ": write 'until " << getRank()
               << " >= " << type.getDimSize(dim) << "'";
    }
  }
  int64_t stop = getStop() ? static_cast<int64_t>(*getStop()) : 1;
  if (stop <= 0)
    return emitOpError("stopping bound must be positive, got ") << stop;
  if (stop > kMaxElements)
    return emitOpError("stopping bound ")
           << stop << " is past the limit of " << kMaxElements
           << " (docs/Limits.md)";
  if (failed(verifyEdgeTensorTypes(*this)))
    return failure();
  if (getInits().empty())
    return emitOpError("needs an initialization part: at least one running "
                       "value in 'init'");
  if (getRank().empty())
    return emitOpError("iterative rank needs a name");
  if (failed(verifyPrintableName(*this, getRank(), "iterative rank")))
    return failure();
  if (getEnclosingIterationRanks(*this).contains(getRank()))
    return emitOpError("iterative rank '")
           << getRank() << "' is already iterated by an enclosing op";

  Block &block = getBody().front();
  if (block.getNumArguments() != getSliceSources().size() + getInits().size())
    return emitOpError("region must take one argument per slice and per "
                       "running value");
  for (auto [i, source, dim] :
       llvm::enumerate(getSliceSources(), getSliceDims())) {
    auto type = cast<RankedTensorType>(source.getType());
    if (dim < 0 || dim >= type.getRank())
      return emitOpError("slice dimension ")
             << dim << " of sliced operand #" << i << " is out of range";
    if (getStop() && !type.isDynamicDim(dim) && type.getDimSize(dim) != stop)
      return emitOpError("sliced operand #")
             << i << " has extent " << type.getDimSize(dim) << " along rank '"
             << getRank() << "' (dimension " << dim
             << "), but the iteration stops at " << stop;
    if (block.getArgument(i).getType() != getSliceType(type, dim))
      return emitOpError("region argument #")
             << i << " must have type " << getSliceType(type, dim);
  }
  if (getResults().size() != getInits().size())
    return emitOpError("has ") << getInits().size()
                               << " running values but "
                               << getResults().size() << " results";
  for (auto [i, init, result] : llvm::enumerate(getInits(), getResults())) {
    if (init.getType() != result.getType())
      return emitOpError("running value #")
             << i << " is initialized with " << init.getType()
             << " but the result has type " << result.getType();
    if (getStateArgs()[i].getType() != init.getType())
      return emitOpError("region argument for running value #")
             << i << " must have type " << init.getType();
  }
  auto yield = dyn_cast<YieldOp>(block.getTerminator());
  if (!yield)
    return emitOpError("region must end with edge.yield");
  if (yield.getOperands().size() != getInits().size())
    return yield.emitOpError("yields ")
           << yield.getOperands().size() << " values, expected "
           << getInits().size() << " (one per running value)";
  for (auto [i, value, init] :
       llvm::enumerate(yield.getOperands(), getInits()))
    if (value.getType() != init.getType())
      return yield.emitOpError("value #")
             << i << " has type " << value.getType() << ", expected "
             << init.getType();
  return success();
}

//===----------------------------------------------------------------------===//
// CascadeOp / ReturnOp
//===----------------------------------------------------------------------===//

ParseResult CascadeOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &b = parser.getBuilder();
  StringAttr symName;
  if (parser.parseSymbolName(symName, SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();

  SmallVector<OpAsmParser::Argument> args;
  if (parser.parseArgumentList(args, OpAsmParser::Delimiter::Paren,
                               /*allowType=*/true, /*allowAttrs=*/false))
    return failure();
  SmallVector<Type> inputTypes;
  SmallVector<StringRef> inputNames;
  for (OpAsmParser::Argument &arg : args) {
    inputTypes.push_back(arg.type);
    inputNames.push_back(arg.ssaName.name.drop_front()); // drop '%'
  }

  SmallVector<Type> outputTypes;
  SmallVector<StringRef> outputNames;
  if (parser.parseArrow() ||
      parser.parseCommaSeparatedList(
          OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
            StringRef name;
            Type type;
            if (parser.parseKeyword(&name) || parser.parseColonType(type))
              return failure();
            outputNames.push_back(name);
            outputTypes.push_back(type);
            return success();
          }))
    return failure();

  result.addAttribute(getFunctionTypeAttrName(result.name),
                      TypeAttr::get(b.getFunctionType(inputTypes, outputTypes)));
  result.addAttribute(getInputNamesAttrName(result.name),
                      b.getStrArrayAttr(inputNames));
  result.addAttribute(getOutputNamesAttrName(result.name),
                      b.getStrArrayAttr(outputNames));
  // sizes(M = K[1], ...): names of dynamic input dimensions.
  if (succeeded(parser.parseOptionalKeyword("sizes"))) {
    SmallVector<NamedAttribute> sizes;
    if (parser.parseCommaSeparatedList(
            OpAsmParser::Delimiter::Paren, [&]() -> ParseResult {
              StringRef name, input;
              int64_t dim;
              SMLoc inputLoc;
              if (parser.parseKeyword(&name) || parser.parseEqual())
                return failure();
              inputLoc = parser.getCurrentLocation();
              if (parser.parseKeyword(&input) || parser.parseLSquare() ||
                  parser.parseInteger(dim) || parser.parseRSquare())
                return failure();
              auto it = llvm::find(inputNames, input);
              if (it == inputNames.end())
                return parser.emitError(inputLoc, "size '")
                       << name << "' names '" << input
                       << "', which is not an input of the cascade";
              sizes.push_back(b.getNamedAttr(
                  name, b.getDenseI64ArrayAttr(
                            {it - inputNames.begin(), dim})));
              return success();
            }))
      return failure();
    result.addAttribute(getSizesAttrName(result.name),
                        b.getDictionaryAttr(sizes));
  }
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  return parser.parseRegion(*result.addRegion(), args);
}

std::optional<InputDim> CascadeOp::lookupSize(StringRef name) {
  std::optional<DictionaryAttr> sizes = getSizes();
  if (!sizes)
    return std::nullopt;
  auto dims = dyn_cast_or_null<DenseI64ArrayAttr>(sizes->get(name));
  if (!dims || dims.size() != 2)
    return std::nullopt;
  return InputDim{static_cast<unsigned>(dims[0]),
                  static_cast<unsigned>(dims[1])};
}

std::optional<StringRef> CascadeOp::getSizeName(InputDim dim) {
  if (std::optional<DictionaryAttr> sizes = getSizes())
    for (NamedAttribute size : *sizes)
      if (lookupSize(size.getName()) == dim)
        return size.getName().getValue();
  return std::nullopt;
}

void CascadeOp::addSize(StringRef name, InputDim dim) {
  Builder b(getContext());
  NamedAttrList sizes;
  if (std::optional<DictionaryAttr> old = getSizes())
    sizes.append(old->getValue());
  sizes.set(name, b.getDenseI64ArrayAttr({dim.input, dim.dim}));
  setSizesAttr(sizes.getDictionary(getContext()));
}

void CascadeOp::print(OpAsmPrinter &p) {
  p << " ";
  p.printSymbolName(getSymName());
  p << "(";
  if (!getBody().empty())
    llvm::interleaveComma(getBody().getArguments(), p, [&](BlockArgument arg) {
      p << arg << ": " << arg.getType();
    });
  p << ") -> (";
  llvm::interleaveComma(
      llvm::zip(toStringRefs(getOutputNames()), getResultTypes()), p,
      [&](auto it) { p << std::get<0>(it) << ": " << std::get<1>(it); });
  p << ")";
  if (std::optional<DictionaryAttr> sizes = getSizes();
      sizes && !sizes->empty()) {
    p << " sizes(";
    llvm::interleaveComma(*sizes, p, [&](NamedAttribute size) {
      std::optional<InputDim> dim = lookupSize(size.getName());
      p << size.getName().getValue() << " = ";
      if (dim && dim->input < getInputNames().size())
        p << cast<StringAttr>(getInputNames()[dim->input]).getValue() << "["
          << dim->dim << "]";
    });
    p << ")";
  }
  p.printOptionalAttrDictWithKeyword(
      (*this)->getAttrs(),
      {SymbolTable::getSymbolAttrName(), getFunctionTypeAttrName(),
       getInputNamesAttrName(), getOutputNamesAttrName(), getArgAttrsAttrName(),
       getResAttrsAttrName(), getSizesAttrName()});
  p << " ";
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false,
                /*printBlockTerminators=*/true);
}

void CascadeOp::getAsmBlockArgumentNames(Region &region,
                                         OpAsmSetValueNameFn setNameFn) {
  if (&region != &getBody() || region.empty())
    return;
  for (auto [arg, name] :
       llvm::zip(region.getArguments(), toStringRefs(getInputNames())))
    setNameFn(arg, name);
}

LogicalResult CascadeOp::verify() {
  if (getInputNames().size() != getArgumentTypes().size())
    return emitOpError("has ") << getArgumentTypes().size() << " inputs but "
                               << getInputNames().size() << " input names";
  if (getOutputNames().size() != getResultTypes().size())
    return emitOpError("has ") << getResultTypes().size() << " outputs but "
                               << getOutputNames().size() << " output names";
  llvm::StringSet<> seen;
  for (StringRef name : llvm::concat<StringRef>(toStringRefs(getInputNames()),
                                                toStringRefs(getOutputNames()))) {
    if (!seen.insert(name).second)
      return emitOpError("name '") << name << "' is used twice";
    if (failed(verifyPrintableName(*this, name, "input or output")))
      return failure();
  }
  for (Type type : llvm::concat<const Type>(getArgumentTypes(),
                                            getResultTypes())) {
    if (!isa<RankedTensorType>(type))
      return emitOpError("inputs and outputs must be ranked tensors, got ")
             << type;
    if (failed(verifyEdgeTensorType(*this, type)))
      return failure();
  }
  if (std::optional<DictionaryAttr> sizes = getSizes()) {
    llvm::SmallDenseSet<std::pair<unsigned, unsigned>> named;
    for (NamedAttribute size : *sizes) {
      StringRef name = size.getName().getValue();
      if (failed(verifyPrintableName(*this, name, "size")))
        return failure();
      std::optional<InputDim> dim = lookupSize(name);
      if (!dim || dim->input >= getArgumentTypes().size())
        return emitOpError("size '")
               << name << "' must name an input dimension (input, dim)";
      auto type = cast<RankedTensorType>(getArgumentTypes()[dim->input]);
      if (dim->dim >= type.getRank() || !type.isDynamicDim(dim->dim))
        return emitOpError("size '")
               << name << "' names dimension " << dim->dim << " of input '"
               << cast<StringAttr>(getInputNames()[dim->input]).getValue()
               << "' (" << type << "), which is not a dynamic dimension";
      if (!named.insert({dim->input, dim->dim}).second)
        return emitOpError("dimension ")
               << dim->dim << " of input '"
               << cast<StringAttr>(getInputNames()[dim->input]).getValue()
               << "' has two size names";
    }
  }
  // FunctionOpInterface already checks the body's arguments against the
  // signature.
  if (getBody().empty())
    return emitOpError("needs a body");
  // The rewrites, the analysis and the lowering read the first block only.
  if (!getBody().hasOneBlock())
    return emitOpError("body must be a single block, got ")
           << llvm::range_size(getBody().getBlocks()) << " blocks";
  return success();
}

LogicalResult ReturnOp::verify() {
  auto cascade = cast<CascadeOp>((*this)->getParentOp());
  ArrayRef<Type> expected = cascade.getResultTypes();
  if (getOperands().size() != expected.size())
    return emitOpError("returns ")
           << getOperands().size() << " values, but the cascade has "
           << expected.size() << " outputs";
  for (auto [i, value, type] : llvm::enumerate(getOperands(), expected))
    if (value.getType() != type)
      return emitOpError("value #")
             << i << " has type " << value.getType() << " but output '"
             << cast<StringAttr>(cascade.getOutputNames()[i]).getValue()
             << "' has type " << type;
  return success();
}

LogicalResult CallOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto cascade =
      symbolTable.lookupNearestSymbolFrom<CascadeOp>(*this, getCalleeAttr());
  if (!cascade)
    return emitOpError("'")
           << getCallee() << "' does not reference an edge.cascade";
  FunctionType type = cascade.getFunctionType();
  if (TypeRange(getOperandTypes()) != TypeRange(type.getInputs()) ||
      TypeRange(getResultTypes()) != TypeRange(type.getResults()))
    return emitOpError("has type ")
           << FunctionType::get(getContext(), getOperandTypes(),
                                getResultTypes())
           << " but @" << getCallee() << " has type " << type;
  return success();
}

#define GET_OP_CLASSES
#include "edge/Dialect/Edge/IR/EdgeOps.cpp.inc"
