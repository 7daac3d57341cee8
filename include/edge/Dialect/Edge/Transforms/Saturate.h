//===- Saturate.h - e-graph-guided cascade derivation ------------*- C++ -*-===//
//
// The engine behind --edge-saturate: an adapter between edge cascades and the
// in-tree e-graph library (lib/EGraph), a set of small sound rewrite rules
// over it, and an extraction that scores candidate cascades with the cascade
// cost model (edge/Analysis/CascadeAnalysis.h). See docs/Saturation.md.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_TRANSFORMS_SATURATE_H
#define EDGE_DIALECT_EDGE_TRANSFORMS_SATURATE_H

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Transforms/Explain.h"
#include "edge/EGraph/Runner.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace edge {

/// What extraction minimizes, lexicographically.
enum class SaturateObjective {
  /// Passes over the primary rank, then off-chip traffic, then FLOPs.
  Passes,
  /// Off-chip traffic, then passes, then FLOPs.
  Traffic,
  /// FLOPs, then passes, then off-chip traffic.
  Flops,
  /// For testing rules: the fewest e-nodes of the input, then the most
  /// e-nodes created by rules, then as Passes. Makes a rule's result visible
  /// whether or not the cost model prefers it (see docs/Saturation.md).
  Rewritten,
  /// The estimated time on `SaturateOptions::costModel`'s target
  /// (docs/CostModel.md), then as Passes.
  Time,
};

/// Parses `passes`, `traffic`, `flops`, `rewritten` or `time`.
std::optional<SaturateObjective> parseSaturateObjective(llvm::StringRef name);

/// Options of one saturation run.
struct SaturateOptions {
  SaturateObjective objective = SaturateObjective::Passes;
  /// The cost model candidates are scored with (its target, for `time`).
  CostModelOptions costModel;
  /// Only cascades with at most this many passes are chosen (0: no limit).
  int64_t maxPasses = 0;
  /// Limits of the saturation loop.
  int64_t maxNodes = 10000;
  int64_t maxIters = 30;
  int64_t timeoutMs = 1000;
  /// The rank the split rules tile, and the tile size. The split pieces are
  /// named `<rank>1` (outer) and `<rank>0` (inner).
  std::string rank = "m";
  int64_t tile = 64;
  /// At most this many candidate cascades are materialized and scored.
  int64_t maxCandidates = 48;
  /// Saturate independent sub-cascades one by one (see saturateCascade).
  bool partition = true;
  /// Where to append the proof of the chosen cascade, if anywhere: the rule
  /// applications (and congruences) from the input's terms to the chosen
  /// ones, from the e-graph's proof log.
  Derivation *explanation = nullptr;
  /// The rules that run, by name (getSaturateRuleNames()); empty: all.
  std::vector<std::string> rules;
  /// Where to print the saturated e-graph (one line per e-class), if
  /// anywhere: for tests and debugging.
  llvm::raw_ostream *dumpEGraph = nullptr;
};

/// The names of the rules, in the order they are tried.
llvm::ArrayRef<llvm::StringRef> getSaturateRuleNames();

/// What a saturation run did.
struct SaturateResult {
  size_t numNodes = 0;
  size_t numClasses = 0;
  size_t numIterations = 0;
  /// Successful rule applications (new terms added), total and per rule.
  size_t numRulesApplied = 0;
  std::map<std::string, size_t> rulesApplied;
  /// Why the runner stopped (egraph::stopReasonToString names it).
  egraph::StopReason stopReason = egraph::StopReason::Saturated;
  /// Time spent saturating and in extraction, in microseconds.
  int64_t saturateUs = 0;
  int64_t extractUs = 0;
  /// Candidates scored, and the costs of the original and the chosen one.
  size_t numCandidates = 0;
  int64_t originalPasses = 0, chosenPasses = 0;
  int64_t chosenOffChipBytes = 0, chosenFlops = 0;
  /// E-nodes of the chosen cascade (leaves excluded) that come from the input
  /// cascade, and that rules created.
  int64_t chosenInputNodes = 0, chosenRewrittenNodes = 0;
  /// Whether the cascade was replaced.
  bool changed = false;
  /// Set when no candidate satisfies maxPasses (the fewest-pass one is kept).
  bool constraintUnmet = false;
  /// Set when the time limit ended extraction before every candidate cost
  /// was tried.
  bool extractionCut = false;
  /// Sub-cascades saturated one by one (see saturateCascade).
  size_t numPieces = 1;
  /// Sub-cascades left as they were because the time limit came first.
  size_t numPiecesSkipped = 0;
  /// Why reduce-to-iterate was refused where only rows that may have no
  /// point (a maximum that may be absent) stood in its way; empty if never.
  std::string emptyRowsRefusal;
};

/// Saturates `cascade`'s terms with the rule set, extracts the best cascade
/// under `options` and replaces the body of `cascade` with it (only when it
/// differs from the original and costs less). Fails (with an error) only
/// when the cascade cannot be analyzed.
///
/// When `options.partition` is set, the cascade is first cut into
/// sub-cascades at points where every value that crosses the cut is surely
/// present everywhere and is not indexed by `options.rank` (between stacked
/// attention layers, say). Each piece is saturated and extracted on its own,
/// with the node and iteration limits each, and the time left shared among
/// the pieces left, so the whole run ends within `options.timeoutMs` (up to
/// one extraction per piece) and its cost grows linearly with the layers.
mlir::FailureOr<SaturateResult> saturateCascade(CascadeOp cascade,
                                                const SaturateOptions &options);

/// The estimate of one tile size tried by saturateChoosingTile.
struct TileEstimate {
  int64_t tile = 0;
  /// The estimated time of the cascade saturated with that tile, and its
  /// passes.
  double seconds = 0;
  int64_t passes = 0;
};

/// The choice of the split ranks' tile size: saturates a copy of `cascade`
/// once per size in `tiles` (with `options`, whose cost model must have a
/// target), estimates the time of each result, then saturates `cascade`
/// itself with the tile whose result was fastest (the first on a tie).
/// Appends every tile's estimate to `estimates`; returns the chosen tile.
mlir::FailureOr<int64_t>
saturateChoosingTile(CascadeOp cascade, const SaturateOptions &options,
                     llvm::ArrayRef<int64_t> tiles,
                     llvm::SmallVectorImpl<TileEstimate> &estimates,
                     SaturateResult &result);

} // namespace edge

#endif // EDGE_DIALECT_EDGE_TRANSFORMS_SATURATE_H
