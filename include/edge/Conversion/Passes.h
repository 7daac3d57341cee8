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

/// Builds `edge-lower-to-llvm`: convert-edge-to-linalg, one-shot
/// bufferization, buffer deallocation, linalg to loops and the conversions to
/// the LLVM dialect, ending in edge-check-llvm-contract.
void buildEdgeLowerToLLVMPipeline(mlir::OpPassManager &pm);

/// Registers the conversion passes and the `edge-lower-to-llvm` pipeline.
void registerConversionPassesAndPipelines();

#define GEN_PASS_REGISTRATION
#include "edge/Conversion/Passes.h.inc"

} // namespace edge

#endif // EDGE_CONVERSION_PASSES_H
