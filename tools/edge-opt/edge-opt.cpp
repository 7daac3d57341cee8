//===- edge-opt.cpp - the edge optimizer driver ----------------------------===//
//
// This file implements edge-opt: MlirOptMain with the edge dialect, its passes
// and pipelines, and the upstream dialects a user needs next to it.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
// edge pass headers (one per pass library):
#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Analysis/Passes.h"
#include "edge/Conversion/Passes.h"
#include "edge/Codegen/Passes.h"
#include "edge/Support/OutputErrors.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  edge::installOutputErrorHandler("edge-opt");
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  // edge passes and pipelines (one line per pass library):
  edge::registerEdgeTransformsPasses();
  edge::registerFuseMaxPipelines();
  edge::registerEdgeAnalysisPasses();
  edge::registerConversionPassesAndPipelines();
  edge::registerEdgeCodegenPasses();

  mlir::DialectRegistry registry;
  registry.insert<edge::EdgeDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::math::MathDialect,
                  mlir::tensor::TensorDialect, mlir::linalg::LinalgDialect,
                  mlir::scf::SCFDialect, mlir::affine::AffineDialect,
                  mlir::memref::MemRefDialect,
                  mlir::bufferization::BufferizationDialect,
                  mlir::LLVM::LLVMDialect, mlir::vector::VectorDialect,
                  mlir::cf::ControlFlowDialect, mlir::index::IndexDialect,
                  mlir::omp::OpenMPDialect, mlir::ub::UBDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "edge optimizer driver\n", registry));
}
