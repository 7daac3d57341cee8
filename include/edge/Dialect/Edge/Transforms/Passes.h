//===- Passes.h - edge cascade rewrites -------------------------*- C++ -*-===//
//
// Declarations of the edge rewrite passes and the FuseMax pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_TRANSFORMS_PASSES_H
#define EDGE_DIALECT_EDGE_TRANSFORMS_PASSES_H

#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "mlir/Pass/Pass.h"

namespace edge {

#define GEN_PASS_DECL
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"

/// Options of the --fusemax-2pass and --fusemax-1pass pipelines.
struct FuseMaxPipelineOptions
    : public mlir::PassPipelineOptions<FuseMaxPipelineOptions> {
  Option<std::string> rank{
      *this, "rank",
      llvm::cl::desc("the rank to tile, e.g. the keys (default: empty, every "
                     "rank reduced by a max whose derivation lowers the pass "
                     "count)"),
      llvm::cl::init("")};
  Option<int64_t> tile{*this, "tile",
                       llvm::cl::desc("the tile size M0 (default: 64)"),
                       llvm::cl::init(64)};
  Option<bool> remarks{
      *this, "remarks",
      llvm::cl::desc("emit a remark for every rewrite that is refused "
                     "(default: false)"),
      llvm::cl::init(false)};
  Option<bool> nanEmptyRows{
      *this, "nan-empty-rows",
      llvm::cl::desc("1 pass also where the maximum may be absent (masked "
                     "rows), with NaN in rows that have no point "
                     "(default: false)"),
      llvm::cl::init(false)};
  Option<std::string> explain{
      *this, "explain",
      llvm::cl::desc("print the derivation to stderr as a numbered list of "
                     "identities: text, json or markdown (default: none)"),
      llvm::cl::init("")};
};

/// Builds the 2-pass derivation: defer division, split the rank, split the
/// reductions, rebase exponents to the local maximum.
void buildFuseMax2PassPipeline(mlir::OpPassManager &pm,
                               const FuseMaxPipelineOptions &options);

/// Builds the 1-pass derivation: defer division, split the rank, split the
/// reductions, turn the global maximum and its sums into an iteration.
void buildFuseMax1PassPipeline(mlir::OpPassManager &pm,
                               const FuseMaxPipelineOptions &options);

/// Adds the fixed derivation sequence along `rank` to `pm` (anchored on
/// edge.cascade): `onePass` selects reduce-to-iterate, else exp-rebase.
/// With `rank` empty, only the steps that need no rank (normal form and
/// division deferral). `nanEmptyRows` is reduce-to-iterate's option.
void addFuseMaxSteps(mlir::OpPassManager &pm, llvm::StringRef rank,
                     int64_t tile, bool remarks, bool onePass,
                     bool nanEmptyRows = false);

/// Registers --fusemax-2pass and --fusemax-1pass.
void registerFuseMaxPipelines();

} // namespace edge

#endif // EDGE_DIALECT_EDGE_TRANSFORMS_PASSES_H
