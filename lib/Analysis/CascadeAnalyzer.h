//===- CascadeAnalyzer.h - internals of the cascade analysis ----*- C++ -*-===//
//
// The analysis state shared by the cost computation (CascadeAnalysis.cpp) and
// the Graphviz writer (CascadeDot.cpp): root ranks, per-op pass levels and
// value names. Private to lib/Analysis.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_LIB_ANALYSIS_CASCADEANALYZER_H
#define EDGE_LIB_ANALYSIS_CASCADEANALYZER_H

#include "edge/Analysis/CascadeAnalysis.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

namespace edge {
namespace detail {

/// analyzeCascade for a cascade with run-time sizes (SizeCosts.cpp): the
/// numbers for the options' sizes, and the FLOPs as expressions of them.
mlir::FailureOr<CascadeCost> analyzeWithSizes(CascadeOp cascade,
                                              const CostModelOptions &options);
/// A copy of `cascade` with its run-time sizes fixed to the options' values
/// (kDefaultSize for the others); emits an error and fails on a bad value.
mlir::FailureOr<mlir::OwningOpRef<CascadeOp>>
specializeForCosts(CascadeOp cascade, const CostModelOptions &options);

using mlir::Block;
using mlir::LogicalResult;
using mlir::Operation;
using mlir::Value;
using llvm::ArrayRef;
using llvm::SmallVector;

/// Computes root ranks, passes, traffic, footprint and FLOPs of one cascade.
///
/// Rank identity. Every (tensor value, dimension) pair, every iteration rank
/// of an einsum and the rank of every edge.iterate is a node of a union-find.
/// Nodes are merged when they are the same rank: an einsum's bare index and
/// the dimensions it indexes; the sliced dimension of an iterate's slice
/// source and the iterate's rank; positionally, the other dimensions of a
/// slice and its block argument, and an iterate's init, state argument, yielded
/// value and result. A split (edge.split, edge.unsplit, or an index `a*T + b`)
/// records that a class is the (outer, inner) pair of pieces of another; two
/// splits with the same tile whose wholes (or both pieces) are the same are
/// merged to a fixpoint. Classes that are no piece are *root ranks*.
class CascadeAnalyzer {
public:
  CascadeAnalyzer(CascadeOp cascade, const CostModelOptions &options)
      : cascade(cascade), options(options) {}

  /// Runs the whole analysis; emits an error and fails on unsupported IR.
  LogicalResult run();

  /// The result (valid after a successful run()).
  CascadeCost cost;

  /// The display name of a value (`QK`, `split(K)`, `RMn.prev`).
  std::string nameOf(Value value) const;
  /// The rank names of every dimension of `value` (`m`, `m1`, `p`).
  SmallVector<std::string> rankNamesOf(Value value);
  /// The pass (1-based) of `op` over the primary rank.
  int64_t passOf(Operation *op) const;
  /// The einsum in EDGE notation.
  std::string notationOf(EinsumOp einsum) const;
  /// The name of class `cls` (a root rank or a piece of one).
  std::string classNameOf(unsigned cls);
  /// The class of dimension `dim` of `value`.
  unsigned classOf(Value value, unsigned dim);

  CascadeOp cascade;

private:
  /// Rejects IR the model does not cover.
  LogicalResult checkSupported();
  /// Builds the rank classes.
  LogicalResult buildRankClasses();
  /// Names values for reports.
  void nameValues();
  /// Computes per-root pass levels of every op.
  void computePasses();
  /// Fills cost.tensors and the traffic totals.
  void computeTraffic();
  /// Fills cost.peakFootprintBytes.
  void computeFootprint();
  /// Fills cost.einsums and the FLOP totals.
  void computeFlops();
  /// Fills cost.time from options.target (TimeEstimate.cpp).
  void computeTime();

  // Union-find.
  unsigned newNode();
  unsigned find(unsigned node);
  bool unite(unsigned a, unsigned b);
  unsigned valueNode(Value value, unsigned dim);
  /// Whether `value` is a cascade input or a view of one (a split, an
  /// unsplit, or the slice of an iteration): a value no einsum computes,
  /// whose dimensions are related to ranks per read.
  bool isInputView(Value value);
  /// The nodes of the dimensions of the input view `value` for one read
  /// that names them `names` ("" when unnamed). One tensor may play
  /// different ranks in different reads (self-attention reads X as Q[e, p],
  /// K[e, m] and V[f, m]): an input's dimension is one node per rank name
  /// that reads it, and each read of a view has its own nodes, linked to its
  /// source's as the view relates them.
  SmallVector<unsigned> readNodes(Value value,
                                  ArrayRef<std::string> names);
  /// The nodes of the `rank` dimensions of `value` as read by an op that
  /// names no rank (edge.mask): an input view's unnamed read, or the value's
  /// own nodes.
  SmallVector<unsigned> unnamedRead(Value value, unsigned rank);
  unsigned rankNode(Operation *op, unsigned rank);

  /// The root class of `cls`, following the piece links.
  unsigned rootOf(unsigned cls);
  /// Whether `cls` is root `root` itself or its outermost piece (m or m1).
  bool isOuterOf(unsigned cls, unsigned root);
  /// Whether `op` iterates the outer piece of root `root`: an einsum with
  /// such a rank in its iteration space, or an edge.iterate over it.
  bool iteratesOuter(Operation *op, unsigned root);
  /// Whether einsum `op` reduces the outer piece of root `root`.
  bool reducesOuter(EinsumOp op, unsigned root);

  /// The storage size of `value` in bytes (one step inside iterations).
  static int64_t sizeInBytes(Value value);
  /// Product of the trip counts of the iterations enclosing `op`.
  static int64_t tripsOf(Operation *op);
  /// The ops of `block` (at its level) that consume `value`, directly or
  /// through views (split/unsplit); sets `isOutput` if it is returned.
  void collectConsumers(Value value, Block *block,
                        llvm::SetVector<Operation *> &consumers,
                        bool &isOutput);
  /// The levels of `op` over the reported roots among `roots`.
  SmallVector<int64_t> keyOf(Operation *op, ArrayRef<unsigned> roots) const;
  /// The reported roots among the dimensions of `value`.
  SmallVector<unsigned> reportedRootsOf(Value value);
  /// Peak live bytes of `block` (recursive for iterations).
  int64_t blockPeak(Block &block);

  const CostModelOptions &options;

  SmallVector<unsigned> parent;
  llvm::DenseMap<std::pair<Value, unsigned>, unsigned> valueNodes;
  /// Nodes of (input, dimension, rank name).
  llvm::DenseMap<std::pair<Value, unsigned>, llvm::StringMap<unsigned>>
      roleNodes;
  llvm::DenseMap<std::pair<Operation *, unsigned>, unsigned> rankNodes;
  /// A split: `whole` is the pair (`outer`, `inner`) with inner extent `tile`.
  struct Split {
    unsigned whole, outer, inner;
    int64_t tile;
  };
  SmallVector<Split> splits;
  /// Piece links of classes: class -> (whole class, is outer piece).
  llvm::DenseMap<unsigned, std::pair<unsigned, bool>> pieceOf;
  /// Name votes of a node (einsum ranks and iterate ranks).
  llvm::DenseMap<unsigned, std::string> nodeNames;
  llvm::DenseMap<unsigned, std::string> classNames;

  /// Root ranks that some einsum reduces (reported), in name order.
  SmallVector<unsigned> reportedRoots;
  unsigned primaryIndex = 0;
  /// Per op: level (passes crossed) over each reported root.
  llvm::DenseMap<Operation *, SmallVector<int64_t>> opLevels;
  llvm::DenseMap<Value, std::string> valueNames;
};

} // namespace detail
} // namespace edge

#endif // EDGE_LIB_ANALYSIS_CASCADEANALYZER_H
