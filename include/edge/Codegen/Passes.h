//===- Passes.h - edge code generation passes -------------------*- C++ -*-===//
//
// Declarations of the passes that tile, vectorize and lower the linalg form
// of a cascade for a CPU.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CODEGEN_PASSES_H
#define EDGE_CODEGEN_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace edge {

#define GEN_PASS_DECL
#include "edge/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "edge/Codegen/Passes.h.inc"

} // namespace edge

#endif // EDGE_CODEGEN_PASSES_H
