//===- LLVMPipeline.h - the LLVM half of edge's compile path ----*- C++ -*-===//
//
// A cascade is compiled in two halves: the MLIR pipeline
// edge-lower-to-llvm (edge::buildEdgeLowerToLLVMPipeline), then LLVM: the
// target machine, the target attributes of every function and the O3
// pipeline with that machine's cost model. edge-compile (AOT) and the
// execution library (JIT, Runtime.h) both go through these functions, so
// that the code they run is optimized the same way.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_RUNTIME_LLVMPIPELINE_H
#define EDGE_RUNTIME_LLVMPIPELINE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace llvm {
class Module;
class TargetMachine;
} // namespace llvm

namespace edge {

/// The target machine for the process's triple and `cpu` (the empty string:
/// the host CPU with its features), at -O3 with position-independent code.
/// An unknown CPU is an error. The native target must be initialized.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(llvm::StringRef cpu);

/// Sets `module`'s triple and data layout to `machine`'s and, like clang,
/// gives every defined function the machine's CPU and features (unless it
/// names its own): the optimizer's cost model and codegen then agree.
void setTargetAttributes(llvm::Module &module, llvm::TargetMachine &machine);

/// Runs LLVM's pipeline of `optLevel` (O3 by default) on `module` with
/// `machine`'s cost model.
llvm::Error optimizeModule(llvm::Module &module, llvm::TargetMachine &machine,
                           unsigned optLevel = 3);

} // namespace edge

#endif // EDGE_RUNTIME_LLVMPIPELINE_H
