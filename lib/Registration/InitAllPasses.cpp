//===- InitAllPasses.cpp - every pass edge's tools offer -------------------===//
//
// This file implements edge::registerEdgePasses and edge::registerAllPasses.
//
//===----------------------------------------------------------------------===//

#include "edge/InitAllPasses.h"

#include "edge/Analysis/Passes.h"
#include "edge/Codegen/Passes.h"
#include "edge/Conversion/Passes.h"
#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Target/Egglog.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Affine/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/Tensor/Transforms/Passes.h"
#include "mlir/Dialect/Vector/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

void edge::registerEdgePasses() {
  registerEdgeTransformsPasses();
  registerFuseMaxPipelines();
  registerEdgeAnalysisPasses();
  registerConversionPassesAndPipelines();
  registerEdgeCodegenPasses();
  registerEdgeTargetPasses();
}

void edge::registerAllPasses() {
  registerEdgePasses();
  // What edge-lower-to-llvm is made of, and what follows a raising
  // (--inline, --symbol-dce).
  mlir::registerTransformsPasses();
  mlir::registerConversionPasses();
  mlir::affine::registerAffinePasses();
  mlir::bufferization::registerBufferizationPasses();
  mlir::bufferization::registerBufferizationPipelines();
  mlir::registerLinalgPasses();
  mlir::memref::registerMemRefPasses();
  mlir::registerSCFPasses();
  mlir::tensor::registerTensorPasses();
  mlir::vector::registerVectorPasses();
}
