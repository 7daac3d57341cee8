//===- Passes.h - edge conversion passes ------------------------*- C++ -*-===//
//
// Declarations of the edge conversion passes and of the `edge-lower-to-llvm`
// pipeline.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CONVERSION_PASSES_H
#define EDGE_CONVERSION_PASSES_H

#include "edge/Conversion/EdgeToLinalg/EdgeToLinalg.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace edge {

#define GEN_PASS_DECL
#include "edge/Conversion/Passes.h.inc"

/// Options of `edge-lower-to-llvm`, also the options of every front door
/// that compiles a cascade (edge-run, edge-compile): one pipeline, one set of
/// knobs. Zero means "derive from the target" (docs/Lowering.md says how).
struct EdgeLowerToLLVMOptions
    : public mlir::PassPipelineOptions<EdgeLowerToLLVMOptions> {
  Option<std::string> targetCpu{
      *this, "target-cpu",
      llvm::cl::desc("CPU to generate code for (default: the host CPU)"),
      llvm::cl::init("")};
  Option<unsigned> vectorBits{
      *this, "vector-bits",
      llvm::cl::desc("Vector register width in bits (default 0: from the "
                     "target CPU's features)"),
      llvm::cl::init(0)};
  Option<unsigned> threads{
      *this, "threads",
      llvm::cl::desc("Threads for the independent ranks (default 0: all "
                     "cores; 1: no OpenMP)"),
      llvm::cl::init(0)};
  Option<bool> vectorize{
      *this, "vectorize",
      llvm::cl::desc("Tile and vectorize the linalg ops (default true; "
                     "false gives plain loops)"),
      llvm::cl::init(true)};
  Option<bool> blockParallelRank{
      *this, "block-parallel-rank",
      llvm::cl::desc("Compute the cascade block by block along the rank that "
                     "no einsum reduces (default true)"),
      llvm::cl::init(true)};
  Option<unsigned> parallelBlock{
      *this, "parallel-block",
      llvm::cl::desc("Largest block of that rank (default 0: 128)"),
      llvm::cl::init(0)};
  Option<unsigned> tileRows{
      *this, "tile-rows",
      llvm::cl::desc("Rows of a contraction's register tile (default 0: "
                     "derived from the register count)"),
      llvm::cl::init(0)};
  Option<unsigned> tileVectors{
      *this, "tile-vectors",
      llvm::cl::desc("Vectors per row of a contraction's register tile "
                     "(default 0: derived)"),
      llvm::cl::init(0)};
  Option<unsigned> tileParallel{
      *this, "tile-parallel",
      llvm::cl::desc("Columns of a contraction's cache tile (default 0: "
                     "derived from the L1 size)"),
      llvm::cl::init(0)};
};

/// Builds `edge-lower-to-llvm`: convert-edge-to-linalg, tiling and
/// vectorization for the target, one-shot bufferization, buffer deallocation,
/// threads (OpenMP) and the conversions to the LLVM dialect, ending in
/// edge-check-llvm-contract.
void buildEdgeLowerToLLVMPipeline(mlir::OpPassManager &pm,
                                  const EdgeLowerToLLVMOptions &options);
void buildEdgeLowerToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers the conversion passes and the `edge-lower-to-llvm` pipeline.
void registerConversionPassesAndPipelines();

#define GEN_PASS_REGISTRATION
#include "edge/Conversion/Passes.h.inc"

} // namespace edge

#endif // EDGE_CONVERSION_PASSES_H
