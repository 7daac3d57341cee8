//===- Pipelines.cpp - the edge-lower-to-llvm pipeline ---------------------===//
//
// This file implements the `edge-lower-to-llvm` pipeline (edge to the LLVM
// dialect, runnable by mlir-runner and edge-run) and the registration of the
// conversion passes.
//
//===----------------------------------------------------------------------===//

#include "edge/Conversion/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
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

  // Tensors -> buffers. Identity layouts at function boundaries keep the
  // C interface simple for edge-run (plain strided descriptors).
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  // Running values of an iteration are new tensors each step.
  bufferizeOptions.allowReturnAllocsFromLoops = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  bufferization::BufferDeallocationPipelineOptions deallocOptions;
  bufferization::buildBufferDeallocationPipeline(pm, deallocOptions);
  // Deallocation clones a running value that the function returns (an
  // iteration's result returned as a cascade output); clones become
  // alloc + copy here.
  pm.addPass(createConvertBufferizationToMemRefPass());

  // Linalg -> loops -> CFG.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());

  // Everything -> LLVM.
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
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
