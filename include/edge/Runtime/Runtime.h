//===- Runtime.h - compile a cascade once, call it on caller buffers -*- C++ -*-===//
//
// The execution library: it lowers a cascade (or a func.func) with the
// edge-lower-to-llvm pipeline, JIT-compiles it once with MLIR's
// ExecutionEngine, and calls it any number of times on buffers that the
// caller owns (float32; inputs may also be f16, bf16 or i1 masks), described
// by shape and strides. Wrong counts, shapes and
// strides are errors before anything is called, never crashes. edge-run is a
// thin layer over it.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_RUNTIME_RUNTIME_H
#define EDGE_RUNTIME_RUNTIME_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ExecutionEngine;
} // namespace mlir

namespace edge {

class CascadeOp;

/// How a cascade is compiled.
struct RuntimeOptions {
  /// Options of the edge-lower-to-llvm pipeline, as on the edge-opt command
  /// line (e.g. "threads=1 tile-rows=4").
  std::string lowering;
  /// MLIR's C runner utils (memrefCopy, for the strided copies of split
  /// tails); empty to load none.
  std::string runnerUtilsLib = defaultRunnerUtilsLib();
  /// The OpenMP runtime, loaded when the lowering uses threads.
  std::string openmpLib = defaultOpenMPLib();
  /// LLVM's optimization level for the JIT.
  unsigned optLevel = 3;

  /// The libraries of the LLVM that edge was built against.
  static std::string defaultRunnerUtilsLib();
  static std::string defaultOpenMPLib();
};

/// The element types of the buffers a compiled cascade reads and writes.
enum class ElementType {
  /// float32, the type of every output and of inputs by default.
  F32,
  /// One byte per element, 0 (false) or 1 (true): an i1 mask input
  /// (edge.mask), as MLIR lays out memrefs of i1.
  I1,
  /// IEEE half and bfloat16 inputs: the 16-bit patterns.
  F16,
  BF16,
};

/// A buffer owned by the caller: `data` points at element (0, ..., 0) and
/// element i is at data[sum_k i_k * strides[k]]. A float32 buffer uses
/// `data`; a buffer of another element type sets `elementType` and points
/// `bytes` at element (0, ..., 0) instead (strides stay in elements).
struct StridedBuffer {
  float *data = nullptr;
  llvm::SmallVector<int64_t> shape;
  /// In elements; empty for row-major (C order).
  llvm::SmallVector<int64_t> strides;
  ElementType elementType = ElementType::F32;
  void *bytes = nullptr;

  /// Element (0, ..., 0), whichever the element type.
  void *address() const {
    return elementType == ElementType::F32 ? static_cast<void *>(data) : bytes;
  }
};

/// The bytes of one element of `type`.
size_t getElementSize(ElementType type);
/// The MLIR spelling of `type` (f32, i1, f16, bf16).
llvm::StringRef getElementTypeName(ElementType type);

/// A cascade compiled once and callable many times.
class CompiledCascade {
public:
  /// Lowers `module` in place (afterwards it holds the LLVM dialect) and
  /// compiles the cascade, or the func.func, named `name`. The entry must
  /// take f32, f16, bf16 or i1 tensors and return f32 tensors. A cascade's
  /// may have run-time sizes (`?`, docs/Language.md): the code is compiled
  /// once and each call takes the sizes from its inputs' shapes. The
  /// module's MLIRContext must outlive the compiled cascade.
  static llvm::Expected<std::unique_ptr<CompiledCascade>>
  compile(mlir::ModuleOp module, llvm::StringRef name,
          const RuntimeOptions &options = {});

  ~CompiledCascade();

  /// The buffer element type that each input takes (f32, i1, f16, bf16).
  llvm::ArrayRef<ElementType> getInputElementTypes() const {
    return inputElementTypes;
  }
  llvm::ArrayRef<mlir::RankedTensorType> getInputTypes() const {
    return inputTypes;
  }
  llvm::ArrayRef<mlir::RankedTensorType> getOutputTypes() const {
    return outputTypes;
  }

  /// The names of the cascade's run-time sizes (empty when all static).
  llvm::ArrayRef<std::string> getSizeNames() const { return sizeNames; }

  /// The value of each run-time size for inputs of `inputShapes`: an error
  /// when a shape has the wrong rank, differs from a static extent, or two
  /// inputs disagree on a size.
  llvm::Expected<llvm::SmallVector<int64_t>>
  getSizes(llvm::ArrayRef<llvm::SmallVector<int64_t>> inputShapes) const;
  /// The shapes of the outputs for inputs of `inputShapes`.
  llvm::Expected<llvm::SmallVector<llvm::SmallVector<int64_t>>>
  getOutputShapes(llvm::ArrayRef<llvm::SmallVector<int64_t>> inputShapes) const;

  /// Calls the compiled code on `inputs` and writes its results to
  /// `outputs` (one buffer per input and output, of their shapes, with any
  /// strides; a run-time size is the inputs' extent, getOutputShapes gives
  /// the outputs'). The compiled code's own result buffers are freed. Inputs that
  /// are not row-major are packed into temporaries that are kept for the
  /// next call.
  llvm::Error call(llvm::ArrayRef<StridedBuffer> inputs,
                   llvm::ArrayRef<StridedBuffer> outputs);

  /// The time of the last call in the compiled code alone (no checks,
  /// packing or copies), in milliseconds: what a benchmark reports.
  double getLastCallMillis() const { return lastCallMillis; }

private:
  CompiledCascade() = default;
  /// Reads the run-time sizes of `cascade` (before it is lowered).
  llvm::Error readSizes(CascadeOp cascade);

  std::unique_ptr<mlir::ExecutionEngine> engine;
  std::string symbol;
  llvm::SmallVector<mlir::RankedTensorType> inputTypes, outputTypes;
  /// The element type of each input's buffer.
  llvm::SmallVector<ElementType> inputElementTypes;
  /// Run-time sizes: their names, the (input, dimension) pairs each one is
  /// the extent of, and every output dimension's extent over them.
  llvm::SmallVector<std::string> sizeNames;
  llvm::SmallVector<llvm::SmallVector<std::pair<unsigned, unsigned>>>
      sizeInputDims;
  llvm::SmallVector<llvm::SmallVector<mlir::AffineExpr>> outputExtents;
  /// Row-major copies of strided inputs (bytes), reused across calls.
  std::vector<std::vector<char>> packedInputs;
  double lastCallMillis = 0.0;
};

} // namespace edge

#endif // EDGE_RUNTIME_RUNTIME_H
