//===- Pipelines.cpp - the edge-lower-to-llvm pipeline ---------------------===//
//
// This file implements the `edge-lower-to-llvm` pipeline (edge to the LLVM
// dialect, runnable by mlir-runner and edge-run) and the registration of the
// conversion passes.
//
//===----------------------------------------------------------------------===//

#include "edge/Conversion/Passes.h"

#include "edge/Codegen/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void edge::buildEdgeLowerToLLVMPipeline(OpPassManager &pm) {
  buildEdgeLowerToLLVMPipeline(pm, EdgeLowerToLLVMOptions());
}

void edge::buildEdgeLowerToLLVMPipeline(OpPassManager &pm,
                                        const EdgeLowerToLLVMOptions &options) {
  // edge -> linalg/tensor/scf on tensors.
  pm.addPass(createConvertEdgeToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  // Tiles for threads, caches and registers, and vectors, on tensors (the
  // slices and accumulators are still values there, so hoisting is exact).
  if (options.blockParallelRank) {
    EdgeBlockParallelRankOptions blocking;
    blocking.targetCpu = options.targetCpu;
    blocking.block = options.parallelBlock;
    pm.addNestedPass<func::FuncOp>(createEdgeBlockParallelRank(blocking));
  }
  if (options.vectorize) {
    EdgeTileAndVectorizeOptions tiling;
    tiling.targetCpu = options.targetCpu;
    tiling.vectorBits = options.vectorBits;
    tiling.threads = options.threads;
    tiling.tileRows = options.tileRows;
    tiling.tileVectors = options.tileVectors;
    tiling.tileParallel = options.tileParallel;
    pm.addNestedPass<func::FuncOp>(createEdgeTileAndVectorize(tiling));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }

  // Tensors -> buffers. Identity layouts at function boundaries keep the
  // C interface simple for edge-run (plain strided descriptors).
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  // Running values of an iteration are new tensors each step.
  bufferizeOptions.allowReturnAllocsFromLoops = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // A block's result is computed where the output keeps it (the
  // tensor.empty of its last op becomes a slice of the output), not copied.
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  // Loops that yield their iter_arg fold away, and with them the copies of
  // a tile onto itself that their results would need.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createCanonicalizerPass());
  bufferization::BufferDeallocationPipelineOptions deallocOptions;
  bufferization::buildBufferDeallocationPipeline(pm, deallocOptions);
  // Deallocation clones a running value that the function returns (an
  // iteration's result returned as a cascade output); clones become
  // alloc + copy here.
  pm.addPass(createConvertBufferizationToMemRefPass());
  // Per-step temporaries of an iteration (with their deallocation) are
  // allocated once, before it.
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  // Strided copies (a split's padded buffer) as loops, not memrefCopy calls.
  pm.addNestedPass<func::FuncOp>(createEdgeStridedCopiesToLinalg());

  // Vectors -> FMA-level vector ops; threads -> OpenMP.
  if (options.vectorize)
    pm.addNestedPass<func::FuncOp>(createEdgeLowerVectorOps());
  if (options.threads == 1) {
    // One thread: plain loops, no OpenMP runtime needed.
    pm.addNestedPass<func::FuncOp>(createForallToForLoopPass());
  } else {
    pm.addNestedPass<func::FuncOp>(createForallToParallelLoopPass());
    ConvertSCFToOpenMPPassOptions openmp;
    openmp.numThreads = options.threads;
    pm.addPass(createConvertSCFToOpenMPPass(openmp));
    // The body of every OpenMP loop sits in a memref.alloca_scope, which
    // scf-to-cf would give several blocks: lower the scopes first.
    pm.addPass(createEdgeInlineAllocaScopes());
  }

  // Linalg -> loops -> CFG.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToSCFPass());
  // Its scratch buffers are allocated in the loops: once per scope instead.
  pm.addPass(createEdgeHoistTransferBuffers());
  pm.addPass(createSCFToControlFlowPass());

  // Everything -> LLVM.
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // bf16 values move as i16 (LLVM's x86 backend cannot legalize some bf16
  // vector loads); the canonicalizer folds the bitcasts between two moves.
  pm.addPass(createEdgeMoveBF16AsI16());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createEdgeCheckLLVMContract());
}

void edge::registerConversionPassesAndPipelines() {
  registerEdgeConversionPasses();
  PassPipelineRegistration<EdgeLowerToLLVMOptions>(
      "edge-lower-to-llvm",
      "Lower edge cascades to the LLVM dialect (convert-edge-to-linalg, "
      "one-shot bufferization, loops, LLVM), runnable by mlir-runner",
      [](OpPassManager &pm, const EdgeLowerToLLVMOptions &options) {
        buildEdgeLowerToLLVMPipeline(pm, options);
      });
}
