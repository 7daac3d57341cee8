/*===-- edge-c/Edge.h - C API of the edge dialect ------------------*- C -*-===*\
|*                                                                            *|
|* The C API of edge, in the style of upstream's mlir-c: the dialect handle,  *|
|* one-call registration of edge's dialects and passes, and functions that    *|
|* run edge's named pipelines (raising, the FuseMax derivations, the lowering *|
|* to the LLVM dialect) on a module. It is the base for bindings in other     *|
|* languages.                                                                 *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef EDGE_C_EDGE_H
#define EDGE_C_EDGE_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/// mlirGetDialectHandle__edge__(): the edge dialect alone.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Edge, edge);

/// edge and the upstream dialects its pipelines read and produce, with their
/// interfaces (edge::registerAllDialects).
MLIR_CAPI_EXPORTED void edgeRegisterAllDialects(MlirDialectRegistry registry);

/// edge's passes and pipelines and the upstream passes they are made of
/// (edge::registerAllPasses). Once per process; later calls do nothing.
MLIR_CAPI_EXPORTED void edgeRegisterAllPasses(void);

/// The version of edge, e.g. "0.2.0".
MLIR_CAPI_EXPORTED MlirStringRef edgeGetVersion(void);

/// Runs a textual pass pipeline on `module`: the passes of a
/// builtin.module(...) pipeline without that anchor, e.g.
/// "edge-raise-linalg,fusemax-1pass{tile=64}". Registers the passes first.
/// Diagnostics, and a pipeline that does not parse, go to the context's
/// handlers; on failure the module may be partly transformed.
MLIR_CAPI_EXPORTED MlirLogicalResult edgeRunPassPipeline(MlirModule module,
                                                         MlirStringRef pipeline);

/// The named pipelines, each with its options as on the edge-opt command
/// line ("" for the defaults, e.g. "tile=64" or "threads=1").
MLIR_CAPI_EXPORTED MlirLogicalResult edgeRaiseLinalg(MlirModule module,
                                                     MlirStringRef options);
MLIR_CAPI_EXPORTED MlirLogicalResult edgeFuseMax2Pass(MlirModule module,
                                                      MlirStringRef options);
MLIR_CAPI_EXPORTED MlirLogicalResult edgeFuseMax1Pass(MlirModule module,
                                                      MlirStringRef options);
MLIR_CAPI_EXPORTED MlirLogicalResult edgeLowerToLLVM(MlirModule module,
                                                     MlirStringRef options);

/// Parses `source` as a module whose locations name `filename` (e.g. the
/// path the text was read from). Errors go to the context's diagnostic
/// handlers; returns a null module on failure.
MLIR_CAPI_EXPORTED MlirModule edgeParseModule(MlirContext context,
                                              MlirStringRef source,
                                              MlirStringRef filename);

/// Runs the cost model of `edge-analyze` (docs/Analysis.md) on every cascade
/// of `module` with an on-chip buffer of `onChipBytes` and passes the JSON
/// document of `edge-analyze{format=json}` (`{"cascades": [...]}`) to
/// `callback`. A cascade the model cannot analyze gets a located error (to
/// the context's handlers) and nothing is passed.
MLIR_CAPI_EXPORTED MlirLogicalResult edgeAnalyzeToJson(
    MlirModule module, int64_t onChipBytes, MlirStringCallback callback,
    void *userData);

#ifdef __cplusplus
}
#endif

#endif // EDGE_C_EDGE_H
