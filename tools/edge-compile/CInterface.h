//===- CInterface.h - plain C entry points for compiled cascades -*- C++ -*-===//
//
// The parts of edge-compile that turn a lowered cascade into something a C
// program can call: the cascade's signature (read before lowering), the C
// wrapper generated as LLVM IR around `_mlir_ciface_<name>`, and the header
// that declares it.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_TOOLS_EDGE_COMPILE_CINTERFACE_H
#define EDGE_TOOLS_EDGE_COMPILE_CINTERFACE_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <string>

namespace llvm {
class Module;
class raw_ostream;
} // namespace llvm

namespace edge {

/// One float32 tensor of a cascade's interface: its name and shape. A
/// dimension is a static extent, or the run-time size `sizeOf[d]` of the
/// signature (-1 for a static one).
struct CTensor {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  llvm::SmallVector<int> sizeOf;
  bool isSize(unsigned d) const { return sizeOf[d] >= 0; }
};

/// The C view of one cascade:
/// `int cName(int64_t size..., const float *in..., float *out...)`, the
/// cascade's run-time sizes first (none when its shapes are static).
struct CSignature {
  /// The cascade's symbol (the lowered func.func and its `_mlir_ciface_`).
  std::string cascade;
  /// The exported C function.
  std::string cName;
  /// The names of the run-time sizes, in the order of the parameters.
  llvm::SmallVector<std::string> sizes;
  llvm::SmallVector<CTensor> inputs, outputs;
};

/// Adds `int cName(int64_t size..., const float *in..., float *out...)` to
/// `module` for every signature: it checks that every size is at least 1,
/// wraps the row-major buffers in memref descriptors of those sizes, calls
/// `_mlir_ciface_<cascade>`, copies each returned memref into the caller's
/// output buffer and frees what the compiled code allocated. Gives every
/// other definition internal linkage (objects of several cascades link into
/// one program) and defines `memrefCopy` in the module when the lowered code
/// calls it, so that no MLIR runtime library is needed. Fails with a message
/// on `errs` when a C interface function is missing or has another type.
mlir::LogicalResult addCWrappers(llvm::Module &module,
                                 llvm::ArrayRef<CSignature> signatures,
                                 llvm::raw_ostream &errs);

/// Writes the C header declaring the wrappers. `source` names the input file,
/// `undefined` are the object's undefined symbols (they decide the link
/// flags the header documents: -lm, and -lomp for OpenMP).
void writeCHeader(llvm::raw_ostream &os, llvm::StringRef guard,
                  llvm::StringRef source,
                  llvm::ArrayRef<CSignature> signatures,
                  llvm::ArrayRef<std::string> undefined,
                  llvm::StringRef pipelineOptions);

/// The flags a program needs to link an object that calls `undefined`.
std::string getLinkFlags(llvm::ArrayRef<std::string> undefined);

} // namespace edge

#endif // EDGE_TOOLS_EDGE_COMPILE_CINTERFACE_H
