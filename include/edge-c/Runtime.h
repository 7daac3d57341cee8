/*===-- edge-c/Runtime.h - compile, call and interpret cascades ---*- C -*-===*\
|*                                                                            *|
|* The execution library (edge/Runtime/Runtime.h) and the reference          *|
|* interpreter (edge/Interpreter/Interpreter.h) behind a C interface: the    *|
|* base of the Python package's compile-and-call and interpret.              *|
|*                                                                            *|
|* An entry is named by the symbol of an edge.cascade or of a func.func with *|
|* a body; the empty name means the module's first cascade (or, when it has  *|
|* none, its first function with a body).                                    *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef EDGE_C_RUNTIME_H
#define EDGE_C_RUNTIME_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// A cascade compiled once (edge::CompiledCascade), callable many times.
typedef struct EdgeCompiledCascade {
  void *ptr;
} EdgeCompiledCascade;

/// The element type of a buffer (edge::ElementType): float32; one byte 0 or
/// 1 per element (an i1 mask input, as MLIR lays out memrefs of i1); or the
/// 16-bit patterns of IEEE half and bfloat16 inputs. Outputs are float32.
typedef enum EdgeElementType {
  EdgeElementTypeF32 = 0,
  EdgeElementTypeI1 = 1,
  EdgeElementTypeF16 = 2,
  EdgeElementTypeBF16 = 3,
} EdgeElementType;

/// A buffer owned by the caller: `data` points at element (0, ..., 0) and
/// element i is at data[sum_k i_k * strides[k]]. `strides` (in elements) is
/// NULL for row-major (C order). A zero-initialized `elementType` is
/// float32.
typedef struct EdgeStridedBuffer {
  void *data;
  intptr_t rank;
  const int64_t *shape;
  const int64_t *strides;
  EdgeElementType elementType;
} EdgeStridedBuffer;

/// Compiles the entry `name` of a copy of `module` (which is left as it is)
/// with the edge-lower-to-llvm pipeline and the JIT; `loweringOptions` are
/// the pipeline's options as on the edge-opt command line ("" for the
/// defaults, e.g. "threads=1"). On failure the errors go to the context's
/// diagnostic handlers and the result is null.
MLIR_CAPI_EXPORTED EdgeCompiledCascade edgeCompiledCascadeCreate(
    MlirModule module, MlirStringRef name, MlirStringRef loweringOptions);

MLIR_CAPI_EXPORTED void edgeCompiledCascadeDestroy(EdgeCompiledCascade cascade);

static inline bool edgeCompiledCascadeIsNull(EdgeCompiledCascade cascade) {
  return !cascade.ptr;
}

/// The interface: the number and the ranked tensor types of the inputs and
/// outputs (in the context of the module that was compiled).
MLIR_CAPI_EXPORTED intptr_t
edgeCompiledCascadeGetNumInputs(EdgeCompiledCascade cascade);
MLIR_CAPI_EXPORTED intptr_t
edgeCompiledCascadeGetNumOutputs(EdgeCompiledCascade cascade);
MLIR_CAPI_EXPORTED MlirType
edgeCompiledCascadeGetInputType(EdgeCompiledCascade cascade, intptr_t pos);
/// The element type of the buffer that input `pos` takes.
MLIR_CAPI_EXPORTED EdgeElementType
edgeCompiledCascadeGetInputElementType(EdgeCompiledCascade cascade,
                                       intptr_t pos);
MLIR_CAPI_EXPORTED MlirType
edgeCompiledCascadeGetOutputType(EdgeCompiledCascade cascade, intptr_t pos);

/// The extents of output `pos` for inputs of the shapes of `inputs` (their
/// data is not read), written to `shape` (one per dimension of the output's
/// type): a run-time size of the cascade is the inputs' extent. A wrong
/// count or shape, or inputs that disagree on a size, is an error: its
/// message goes to `onError` and the result is a failure.
MLIR_CAPI_EXPORTED MlirLogicalResult edgeCompiledCascadeGetOutputShape(
    EdgeCompiledCascade cascade, intptr_t numInputs,
    const EdgeStridedBuffer *inputs, intptr_t pos, int64_t *shape,
    MlirStringCallback onError, void *userData);

/// Calls the compiled code on `inputs` and writes its results to `outputs`.
/// A wrong count, shape or rank is an error before anything runs: its
/// message goes to `onError` and the result is a failure.
MLIR_CAPI_EXPORTED MlirLogicalResult edgeCompiledCascadeCall(
    EdgeCompiledCascade cascade, intptr_t numInputs,
    const EdgeStridedBuffer *inputs, intptr_t numOutputs,
    const EdgeStridedBuffer *outputs, MlirStringCallback onError,
    void *userData);

/// The time of the last call in the compiled code alone, in milliseconds.
MLIR_CAPI_EXPORTED double
edgeCompiledCascadeGetLastCallMillis(EdgeCompiledCascade cascade);

/// A row-major float64 tensor, every point present: an interpreter input.
typedef struct EdgeDenseTensor {
  const double *data;
  intptr_t rank;
  const int64_t *shape;
} EdgeDenseTensor;

/// Receives one output of the interpreter: its shape, row-major values
/// (absent points hold `emptyValue`) and one presence byte per point (1:
/// present). The pointers are valid during the call only.
typedef void (*EdgeInterpreterOutputCallback)(
    intptr_t rank, const int64_t *shape, const double *values,
    const uint8_t *present, double emptyValue, void *userData);

/// Interprets the entry `name` of `module` in double precision
/// (docs/Interpreter.md) on `inputs` and passes each output, in order, to
/// `onOutput`. Errors (a missing entry, a wrong count or shape, a construct
/// the interpreter does not define) go located to the context's diagnostic
/// handlers; nothing is passed then.
MLIR_CAPI_EXPORTED MlirLogicalResult edgeInterpret(
    MlirModule module, MlirStringRef name, intptr_t numInputs,
    const EdgeDenseTensor *inputs, EdgeInterpreterOutputCallback onOutput,
    void *userData);

#ifdef __cplusplus
}
#endif

#endif // EDGE_C_RUNTIME_H
