//===- EdgeToLinalgInternal.h - shared by the edge-to-linalg patterns -*- C++ -*-===//
//
// Private to lib/Conversion/EdgeToLinalg: the presence facts that the
// analysis computes before the conversion (EdgeToLinalgFactsImpl behind
// edge::EdgeToLinalgFacts), the plan of one einsum, and the populate
// functions of each op family.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_LIB_CONVERSION_EDGETOLINALG_EDGETOLINALGINTERNAL_H
#define EDGE_LIB_CONVERSION_EDGETOLINALG_EDGETOLINALGINTERNAL_H

#include "edge/Conversion/EdgeToLinalg/EdgeToLinalg.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/Presence.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"

namespace edge {
namespace detail {

/// A symbol of a predicate: the rank of an enclosing edge.iterate (its
/// induction variable once lowered), or a run-time size of the cascade, the
/// extent of dimension `sizeDim` of input `sizeInput` (a block argument of
/// the cascade, which stays the argument of its func.func).
struct PredicateSymbol {
  mlir::Operation *iterate = nullptr;
  mlir::Value sizeInput;
  unsigned sizeDim = 0;

  static PredicateSymbol ofIteration(mlir::Operation *iterate) {
    return {iterate, mlir::Value(), 0};
  }
  static PredicateSymbol ofSize(mlir::Value input, unsigned dim) {
    return {nullptr, input, dim};
  }
  bool isSize() const { return static_cast<bool>(sizeInput); }
  bool operator==(const PredicateSymbol &other) const {
    return iterate == other.iterate && sizeInput == other.sizeInput &&
           sizeDim == other.sizeDim;
  }
};

/// A conjunction of affine constraints over some index space (dims) and
/// symbols (symbol j is symbols[j]: an iteration's rank or a size).
struct Predicate {
  llvm::SmallVector<EinsumConstraint> constraints;
  llvm::SmallVector<PredicateSymbol> symbols;

  bool empty() const { return constraints.empty(); }
  bool involvesDim(unsigned d) const {
    return llvm::any_of(constraints, [&](const EinsumConstraint &c) {
      return c.expr.isFunctionOfDim(d);
    });
  }
  /// Index of `symbol` among the symbols, appending it if needed.
  unsigned symbolIndex(const PredicateSymbol &symbol);
  /// Appends `other`'s constraints with dims replaced by `dimRepl` and its
  /// symbols renumbered into this predicate's symbols.
  void append(const Predicate &other, llvm::ArrayRef<mlir::AffineExpr> dimRepl,
              unsigned numDims);
  /// Appends `c` unless the predicate has it already.
  void add(EinsumConstraint c);
  /// Drops the constraints that hold at every point of the box of dims
  /// `extents` and of the iterations' trip counts, and repeated constraints
  /// (a constraint over a run-time extent or size is kept).
  void simplify(llvm::ArrayRef<int64_t> extents);
};

/// Exact presence of one edge tensor value (docs/Lowering.md): present where
/// `predicate` holds and, with `hasMask`, where the mask that travels as the
/// value's second converted value (bytes, getPresenceStorageType) is true.
struct ValuePresence {
  Predicate predicate;
  bool hasMask = false;
  /// The value of absent points.
  double empty = 0.0;

  bool isAll() const { return predicate.empty() && !hasMask; }
};

/// What the generic of an einsum needs to know about one operand.
struct OperandPlan {
  /// Rank expressions over the einsum's ranks (dims) and its own symbols.
  mlir::AffineMap map;
  /// Every index is a bare rank: the operand is a linalg input.
  bool direct = true;
  /// Presence at the point, over ranks and EinsumPlan::symbols.
  Predicate predicate;
  bool hasMask = false;
  /// A compound index may leave the operand: read clamped, absent outside.
  bool mayBeOutOfBounds = false;
  double empty = 0.0;
};

/// An einsum taken apart for the linalg.generic that implements it, and the
/// presence of its result: `match` of the einsum pattern (computed by the
/// analysis, before any IR changes).
struct EinsumPlan {
  unsigned numRanks = 0;
  llvm::SmallVector<int64_t> extents;
  /// Output dim of each rank, -1 for reduced ranks.
  llvm::SmallVector<int64_t> outPos;
  /// Symbols: the iterations and sizes the einsum names first, then those
  /// of the operands' predicates.
  llvm::SmallVector<PredicateSymbol> symbols;
  /// The run-time extent of each rank over the module's sizes
  /// (EdgeToLinalgFactsImpl::sizes), null for a static one.
  llvm::SmallVector<mlir::AffineExpr> dynamicExtents;
  llvm::SmallVector<OperandPlan> operands;
  /// The map fold: `operands` (by index) and scalar constants, in order.
  llvm::SmallVector<FoldOperand> fold;
  Predicate filter;
  std::optional<ComputeKind> mapKind, reduceKind;
  std::optional<MergeKind> mapMerge;
  llvm::SmallVector<UnaryKind> unaries;
  bool hasReduce = false;
  /// The generic also computes the result's mask (second result).
  bool needMask = false;
  /// The result's empty value and presence.
  double empty = 0.0;
  ValuePresence result;
};

/// The facts of a module: presence of every edge value, plan of every einsum.
struct EdgeToLinalgFactsImpl {
  llvm::DenseMap<mlir::Value, ValuePresence> values;
  llvm::DenseMap<mlir::Operation *, EinsumPlan> einsums;
  /// Guarantees of Utils/Presence, shared by the plans of all einsums (one
  /// analysis per query made lowering quadratic in the cascade's length).
  PresenceAnalysis presence;
  bool failed = false;
  /// The run-time sizes of the module's cascades, one list: symbol i of an
  /// extent expression below is sizes[i] (always a size).
  llvm::SmallVector<PredicateSymbol> sizes;
  /// The name of each size (`sizes(M = ...)` or the rank's), as filters
  /// name it.
  llvm::SmallVector<std::string> sizeNames;
  /// The extent of each dynamic dimension of an edge value over `sizes`
  /// (null for a static one, or one not traced to the inputs).
  llvm::DenseMap<mlir::Value, llvm::SmallVector<mlir::AffineExpr>> extents;

  mlir::AffineExpr getExtent(mlir::Value v, unsigned dim) const {
    auto it = extents.find(v);
    return it == extents.end() ? mlir::AffineExpr() : it->second[dim];
  }

  const ValuePresence &lookup(mlir::Value v) const {
    static const ValuePresence all;
    auto it = values.find(v);
    return it == values.end() ? all : it->second;
  }
};

/// Induction variables of the scf.for ops that replace edge.iterate ops,
/// filled by the iterate pattern and read by the einsum pattern of the body
/// (the einsum names the iteration by its rank).
using IterationIVs = llvm::DenseMap<mlir::Operation *, mlir::Value>;

//===----------------------------------------------------------------------===//
// Plans (the analysis calls these in program order)
//===----------------------------------------------------------------------===//

/// Plans the lowering of `op` from the presence of its operands; emits a
/// located error and fails if the op cannot be lowered.
mlir::FailureOr<EinsumPlan> planEinsum(EinsumOp op,
                                       EdgeToLinalgFactsImpl &facts);
/// Presence of split, unsplit and iteration slices. A split of a run-time
/// extent E has the tail `E - 1 - (d * tile + d') >= 0` over the sizes.
ValuePresence getSplitPresence(SplitOp op, const EdgeToLinalgFactsImpl &facts);
ValuePresence getUnsplitPresence(UnsplitOp op, const ValuePresence &source);
ValuePresence getSlicePresence(IterateOp op, unsigned index,
                               const ValuePresence &source);

/// Emits "cannot be lowered: dynamic shapes are not supported, got T" on the
/// first non-static type of `types`.
mlir::LogicalResult checkStaticShapes(mlir::Operation *op,
                                      mlir::TypeRange types);

/// `extent` (over EdgeToLinalgFactsImpl::sizes) with its sizes renumbered
/// into the symbols of `predicate`.
mlir::AffineExpr addSizesToPredicate(mlir::AffineExpr extent,
                                     llvm::ArrayRef<PredicateSymbol> sizes,
                                     Predicate &predicate);

//===----------------------------------------------------------------------===//
// IR helpers shared by the patterns
//===----------------------------------------------------------------------===//

/// The element type of a lowered presence mask: i8, a byte per point. Vector
/// loads and stores of i1 are bit-packed while scalar ones use a byte, so an
/// i1 tensor cannot be vectorized (edge-tile-and-vectorize leaves ops that
/// read or write one scalar); bytes can. Generic bodies compute with i1 bits
/// and convert at their operands and results.
mlir::IntegerType getPresenceStorageType(mlir::MLIRContext *ctx);
/// A mask element read in a generic's body (a stored byte, or an i1 bit of a
/// cascade input) as an i1 bit.
mlir::Value loadPresenceBit(mlir::OpBuilder &b, mlir::Location loc,
                            mlir::Value stored);
/// An i1 bit as a stored presence byte.
mlir::Value storePresenceBit(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value bit);

/// A tensor of `type` filled with `value` (tensor.empty + linalg.fill);
/// `dynamicSizes` are the extents of its dynamic dimensions.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type, mlir::TypedAttr value,
                         mlir::ValueRange dynamicSizes = {});

/// The value of a predicate symbol where the lowered code runs: the
/// induction variable of an iteration (from `ivs`; null if not converted
/// yet), or the extent of a cascade input (tensor.dim).
mlir::Value materializeSymbol(mlir::OpBuilder &b, mlir::Location loc,
                              const PredicateSymbol &symbol,
                              const llvm::DenseMap<mlir::Operation *,
                                                   mlir::Value> &ivs);
/// The index value of `extent`, an expression of the sizes `sizes`.
mlir::Value materializeExtent(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::AffineExpr extent,
                              llvm::ArrayRef<PredicateSymbol> sizes);

/// Reassociation of `rank` dims where dims `dim` and `dim + 1` of the
/// expanded side form one group.
llvm::SmallVector<mlir::ReassociationIndices> splitReassociation(int64_t rank,
                                                                 int64_t dim);

/// A terminator of edge (edge.return, edge.yield) -> `TargetOp` of its
/// operands' tensors. Masks are not carried: outputs and running values hold
/// the empty value at absent points, and running values are dense.
template <typename SourceOp, typename TargetOp>
struct TerminatorToOp : public mlir::OpConversionPattern<SourceOp> {
  using mlir::OpConversionPattern<SourceOp>::OpConversionPattern;
  using OneToNOpAdaptor =
      typename mlir::OpConversionPattern<SourceOp>::OneToNOpAdaptor;

  mlir::LogicalResult
  matchAndRewrite(SourceOp op, OneToNOpAdaptor adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const override {
    llvm::SmallVector<mlir::Value> values;
    for (mlir::ValueRange v : adaptor.getOperands())
      values.push_back(v.front());
    rewriter.replaceOpWithNewOp<TargetOp>(op, values);
    return mlir::success();
  }
};

/// A conversion pattern that reads the facts computed before the
/// conversion (presence, plans, run-time extents).
template <typename SourceOp>
struct FactsConversionPattern : public mlir::OpConversionPattern<SourceOp> {
  FactsConversionPattern(const mlir::TypeConverter &converter,
                         mlir::MLIRContext *ctx,
                         const EdgeToLinalgFactsImpl &facts)
      : mlir::OpConversionPattern<SourceOp>(converter, ctx), facts(facts) {}

  const EdgeToLinalgFactsImpl &facts;
};

//===----------------------------------------------------------------------===//
// Pattern families
//===----------------------------------------------------------------------===//

void populateCascadeToFuncPatterns(const mlir::TypeConverter &converter,
                                   mlir::RewritePatternSet &patterns);
void populateEinsumToLinalgPatterns(const mlir::TypeConverter &converter,
                                    mlir::RewritePatternSet &patterns,
                                    const EdgeToLinalgFactsImpl &facts,
                                    std::shared_ptr<IterationIVs> ivs);
void populateSplitToTensorPatterns(const mlir::TypeConverter &converter,
                                   mlir::RewritePatternSet &patterns,
                                   const EdgeToLinalgFactsImpl &facts);
void populateMaskToLinalgPatterns(const mlir::TypeConverter &converter,
                                  mlir::RewritePatternSet &patterns,
                                  const EdgeToLinalgFactsImpl &facts);
void populateIterateToSCFPatterns(const mlir::TypeConverter &converter,
                                  mlir::RewritePatternSet &patterns,
                                  std::shared_ptr<IterationIVs> ivs);

} // namespace detail
} // namespace edge

#endif // EDGE_LIB_CONVERSION_EDGETOLINALG_EDGETOLINALGINTERNAL_H
