//===- InitAllDialects.h - every dialect edge works with --------*- C++ -*-===//
//
// One call that registers the edge dialect and what a tool needs next to it:
// the upstream dialects that edge's pipelines read and produce, and the
// interfaces the lowering uses (bufferization, deallocation, inlining).
// edge-opt, the mlir-opt plugin and downstream tools call it.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_INITALLDIALECTS_H
#define EDGE_INITALLDIALECTS_H

#include "mlir/IR/DialectRegistry.h"

namespace edge {

/// Registers edge and the upstream dialects of its pipelines: func, arith,
/// math, tensor, linalg, scf, affine, memref, bufferization, vector, cf,
/// index, ub, omp, llvm and tosa (the input of `--tosa-to-linalg-pipeline`,
/// whose output may keep a `tosa.const`), with their interfaces.
void registerAllDialects(mlir::DialectRegistry &registry);

} // namespace edge

#endif // EDGE_INITALLDIALECTS_H
