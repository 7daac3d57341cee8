//===- CascadeAnalysis.h - passes, traffic, footprint, FLOPs ----*- C++ -*-===//
//
// The cost model of an edge.cascade: the number of passes over each rank (the
// FuseMax definition), the off-chip traffic and footprint of its
// intermediates, and its FLOPs by operator. The e-graph extraction uses it as
// its cost function; `--edge-analyze` and `--edge-dot` print it. The model is
// documented in docs/Analysis.md.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_ANALYSIS_CASCADEANALYSIS_H
#define EDGE_ANALYSIS_CASCADEANALYSIS_H

#include "edge/Codegen/TargetDescription.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/Support/LLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <optional>
#include <string>

namespace edge {

/// Parameters of the memory model.
struct CostModelOptions {
  /// Bytes of on-chip buffer. An intermediate larger than this is stored
  /// off-chip even when its producer and consumers share a pass.
  int64_t onChipBytes = 1 << 20;
  /// The target whose speeds the time estimate uses (docs/CostModel.md);
  /// none: no time estimate.
  std::optional<TargetDescription> target;
  /// Threads the estimate assumes (0: the target's cores), as the lowering's
  /// `threads` option.
  unsigned threads = 0;
  /// The block of the innermost independent rank that the lowering runs the
  /// cascade in (edge-block-parallel-rank's `parallel-block`).
  int64_t parallelBlock = 128;
  /// Values of the cascade's run-time sizes (`M=1000,P=64`, names as
  /// edge::CascadeSizes gives them); a size not listed takes kDefaultSize.
  std::string sizes;
};

/// The value the numbers of the analysis take for a run-time size that the
/// options do not give.
constexpr int64_t kDefaultSize = 1024;

/// One run-time size of a cascade and the value the numbers are for.
struct SizeValue {
  std::string name;
  int64_t value = 0;
  /// Whether the options gave it (else it is kDefaultSize).
  bool given = false;
};

/// The estimated time of one einsum (one loop nest of the lowered code).
struct EinsumTime {
  std::string name;
  /// Bytes it reads and writes over all blocks and steps, and the level of
  /// the memory hierarchy they come from (`L1`, `L2`, `L3`, `DRAM`).
  int64_t bytes = 0;
  std::string level;
  /// The class of code the lowering generates for it, whose speed the
  /// target gives (`contraction`, `streamed_contraction`, `elementwise`,
  /// `masked`; docs/CostModel.md).
  std::string codeClass;
  /// The shares of its points in tiles that run without a guard and with one
  /// (a predicate per point: a filter or an operand's affine presence); the
  /// rest are skipped. An einsum without a predicate runs all unguarded.
  double unguardedShare = 1, guardedShare = 0;
  /// Seconds of arithmetic, of memory traffic, of writing its result's
  /// fresh pages (see kFreshBufferBytes), and the
  /// estimate: max(compute, memory) + fresh, divided by the parallel
  /// speed-up (DRAM bandwidth is shared: not divided).
  double computeSeconds = 0, memorySeconds = 0, freshSeconds = 0, seconds = 0;
};

/// glibc's allocator, which decides whether a buffer's pages are mapped
/// afresh at every call (and fault again): blocks from the mmap threshold on
/// are mapped and unmapped; freeing one raises the threshold to its size, up
/// to the largest threshold, and the trim threshold to twice that; a heap
/// whose free top exceeds the trim threshold is given back to the system.
constexpr int64_t kFreshBufferBytes = 128 * 1024;
constexpr int64_t kMaxMmapThresholdBytes = 32 * 1024 * 1024;

/// The estimated run time of a cascade on a target.
struct TimeEstimate {
  /// The target's name and where its speeds come from.
  std::string cpu, speedSource;
  /// Threads assumed, independent blocks the lowering runs, and the
  /// parallel speed-up min(threads, blocks).
  unsigned threads = 1;
  int64_t blocks = 1;
  double speedup = 1;
  /// The independent ranks (never reduced, iterated by every einsum).
  llvm::SmallVector<std::string> independentRanks;
  /// Per-block peak footprint of the live intermediates, in bytes.
  int64_t blockFootprintBytes = 0;
  /// Sums over the einsums (before the speed-up), and the estimate.
  double computeSeconds = 0, memorySeconds = 0, freshSeconds = 0, seconds = 0;
  llvm::SmallVector<EinsumTime> einsums;
};

/// Where an intermediate lives and what it costs.
struct TensorCost {
  /// Name of the value (its SSA name without `%`, e.g. `QK`, `BK`, `rm`).
  std::string name;
  /// `input`, `einsum`, `split`, `unsplit`, `fill`, `iterate` or `state`
  /// (a running value of an iteration, as seen inside its region).
  std::string kind;
  /// Root-rank name of every dimension (`m`, `p`; split pieces print as
  /// `m1`, `m0`).
  llvm::SmallVector<std::string> ranks;
  /// Size of one instance (inside an iteration: of one step), in bytes.
  /// Views (split, unsplit, slices) alias their source and have 0 bytes.
  int64_t bytes = 0;
  /// The pass (1-based) over the primary rank in which it is produced; 0 for
  /// cascade inputs.
  int64_t pass = 0;
  /// Whether it is a view of another tensor (no storage of its own).
  bool isView = false;
  /// Whether it is stored off-chip (inputs and outputs always are).
  bool offChip = false;
  /// Whether it is a cascade output.
  bool isOutput = false;
  /// Total bytes written to / read from off-chip memory (over all steps of
  /// enclosing iterations).
  int64_t bytesWritten = 0;
  int64_t bytesRead = 0;
  /// Product of the trip counts of the enclosing iterations (1 at top level).
  int64_t trips = 1;
};

/// The cost of one einsum.
struct EinsumCost {
  std::string name;
  /// The einsum in EDGE notation, e.g. `GM[p] = QK[m,p] :: \/_m max(union)`.
  std::string notation;
  /// The pass (1-based) over the primary rank.
  int64_t pass = 1;
  /// Points of the iteration space visited, over all steps of enclosing
  /// iterations (filters are ignored: a dense upper bound).
  int64_t points = 0;
  /// FLOPs by operator name (`add`, `mul`, `max`, `sub`, `exp`, `div`, ...).
  std::map<std::string, int64_t> flops;
  /// With run-time sizes: the FLOPs as an expression of them.
  std::string flopsExpression;
};

/// The cost of one cascade.
struct CascadeCost {
  /// The cascade's symbol name.
  std::string name;
  /// The on-chip buffer size the traffic was computed for.
  int64_t onChipBytes = 0;
  /// Passes over every root rank that some einsum reduces, by rank name.
  std::map<std::string, int64_t> passes;
  /// The rank with the most passes (ties: the largest extent, then the first
  /// name) and that number; 1 when no rank is reduced.
  std::string primaryRank;
  int64_t maxPasses = 1;
  /// Off-chip traffic of the whole cascade.
  int64_t offChipBytesRead = 0;
  int64_t offChipBytesWritten = 0;
  /// Peak bytes of live intermediates (per step inside iterations).
  int64_t peakFootprintBytes = 0;
  /// FLOPs by operator name, and their sum.
  std::map<std::string, int64_t> flops;
  int64_t totalFlops = 0;
  /// Per-tensor and per-einsum detail, in program order.
  llvm::SmallVector<TensorCost> tensors;
  llvm::SmallVector<EinsumCost> einsums;
  /// The time estimate, when the options name a target.
  std::optional<TimeEstimate> time;
  /// The run-time sizes (none for a static cascade): the numbers above are
  /// for these values; the FLOPs and the bytes of the inputs and outputs
  /// also as expressions of them (`2*M*P + ...`).
  llvm::SmallVector<SizeValue> sizes;
  std::string totalFlopsExpression, ioBytesExpression;

  /// Total off-chip traffic (read + written).
  int64_t offChipBytes() const { return offChipBytesRead + offChipBytesWritten; }
};

/// Analyzes `cascade`. Emits an error at the offending op and fails when the
/// cascade has an op the model does not know. A cascade with run-time sizes
/// is analyzed for the values of `options.sizes` (kDefaultSize for the
/// others), and its FLOPs are also given as expressions of the sizes.
mlir::FailureOr<CascadeCost> analyzeCascade(CascadeOp cascade,
                                      const CostModelOptions &options = {});

/// The FLOPs of one einsum by operator name (the analysis' count: one
/// operation per operand pair and unary per visited point, n - 1 per fold of
/// n values, none for take_left/take_right), run `trips` times.
std::map<std::string, int64_t> countEinsumFlops(EinsumOp einsum,
                                                int64_t trips = 1);

/// Prints `cost` as a readable table.
void printCascadeCostTable(const CascadeCost &cost, llvm::raw_ostream &os);

/// `cost` as one JSON object (see docs/Analysis.md for the schema).
llvm::json::Value cascadeCostToJson(const CascadeCost &cost);

/// Prints cascadeCostToJson(cost), indented.
void printCascadeCostJson(const CascadeCost &cost, llvm::raw_ostream &os);

/// Writes the dataflow of `cascade` as a Graphviz digraph: einsums in EDGE
/// notation, edges labelled with the tensor and its ranks, one cluster per
/// pass over the primary rank and one per iteration. Fails like
/// analyzeCascade.
mlir::LogicalResult writeCascadeDot(CascadeOp cascade, llvm::raw_ostream &os,
                              const CostModelOptions &options = {});

/// Writes a report to `output` ("-" for stdout) through `write`; on an
/// error opening the file, emits it on `anchor` prefixed with `passName`.
mlir::LogicalResult
writeReport(mlir::Operation *anchor, llvm::StringRef passName,
            llvm::StringRef output,
            llvm::function_ref<void(llvm::raw_ostream &)> write);

} // namespace edge

#endif // EDGE_ANALYSIS_CASCADEANALYSIS_H
