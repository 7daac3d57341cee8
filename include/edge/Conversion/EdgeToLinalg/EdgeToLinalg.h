//===- EdgeToLinalg.h - edge to linalg conversion ---------------*- C++ -*-===//
//
// Entry points of the edge to linalg/tensor/scf lowering.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CONVERSION_EDGETOLINALG_EDGETOLINALG_H
#define EDGE_CONVERSION_EDGETOLINALG_EDGETOLINALG_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LLVM.h"

namespace edge {

/// Lowers every edge op nested in `module` (cascades, einsums, splits,
/// unsplits, fills, iterations) to func, linalg, tensor, scf, arith and math
/// on tensors. Emits a located error and fails on the first op it cannot
/// lower; the module is then left partially converted.
llvm::LogicalResult lowerEdgeToLinalg(mlir::ModuleOp module);

/// Registers what the lowered IR needs to be bufferized and translated: the
/// BufferizableOpInterface models of arith, func, linalg, scf and tensor.
void registerEdgeLoweringInterfaces(mlir::DialectRegistry &registry);

} // namespace edge

#endif // EDGE_CONVERSION_EDGETOLINALG_EDGETOLINALG_H
