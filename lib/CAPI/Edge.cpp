//===- Edge.cpp - C API of the edge dialect --------------------------------===//
//
// This file implements the C API of include/edge-c/Edge.h on top of
// edge::registerAllDialects/registerAllPasses and the pass manager.
//
//===----------------------------------------------------------------------===//

#include "edge-c/Edge.h"

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/InitAllDialects.h"
#include "edge/InitAllPasses.h"
#include "edge/Version.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <mutex>
#include <string>

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Edge, edge, edge::EdgeDialect)

void edgeRegisterAllDialects(MlirDialectRegistry registry) {
  edge::registerAllDialects(*unwrap(registry));
}

void edgeRegisterAllPasses(void) {
  // The pass registry is global and refuses a second registration.
  static std::once_flag once;
  std::call_once(once, [] { edge::registerAllPasses(); });
}

MlirStringRef edgeGetVersion(void) {
  return mlirStringRefCreateFromCString(EDGE_VERSION_STRING);
}

MlirLogicalResult edgeRunPassPipeline(MlirModule module,
                                      MlirStringRef pipeline) {
  edgeRegisterAllPasses();
  mlir::ModuleOp op = unwrap(module);
  // The passes go directly into the module's pass manager.
  mlir::PassManager pm(op->getName());
  // A bad pipeline is reported like any error: to the context's handlers.
  std::string message;
  llvm::raw_string_ostream os(message);
  if (mlir::failed(mlir::parsePassPipeline(unwrap(pipeline), pm, os))) {
    mlir::emitError(op.getLoc()) << "edge: invalid pass pipeline: " << message;
    return mlirLogicalResultFailure();
  }
  return wrap(pm.run(op));
}

/// Runs the pipeline `name` with `options` ("" for the defaults).
static MlirLogicalResult runNamed(MlirModule module, llvm::StringRef name,
                                  MlirStringRef options) {
  std::string text = name.str();
  if (options.length != 0)
    text += "{" + unwrap(options).str() + "}";
  return edgeRunPassPipeline(module, mlirStringRefCreate(text.data(),
                                                         text.size()));
}

MlirLogicalResult edgeRaiseLinalg(MlirModule module, MlirStringRef options) {
  return runNamed(module, "edge-raise-linalg", options);
}

MlirLogicalResult edgeFuseMax2Pass(MlirModule module, MlirStringRef options) {
  return runNamed(module, "fusemax-2pass", options);
}

MlirLogicalResult edgeFuseMax1Pass(MlirModule module, MlirStringRef options) {
  return runNamed(module, "fusemax-1pass", options);
}

MlirLogicalResult edgeLowerToLLVM(MlirModule module, MlirStringRef options) {
  return runNamed(module, "edge-lower-to-llvm", options);
}

MlirModule edgeParseModule(MlirContext context, MlirStringRef source,
                           MlirStringRef filename) {
  // Verified once wrapped in the implicit module, as edge-opt does: a
  // cascade is a symbol and needs the module as its symbol table.
  mlir::ParserConfig config(unwrap(context), /*verifyAfterParse=*/false);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(unwrap(source), config,
                                              unwrap(filename));
  if (!module || mlir::failed(mlir::verify(*module)))
    return MlirModule{nullptr};
  return wrap(module.release());
}

MlirLogicalResult edgeAnalyzeToJson(MlirModule module, int64_t onChipBytes,
                                    MlirStringCallback callback,
                                    void *userData) {
  mlir::ModuleOp op = unwrap(module);
  if (onChipBytes < 0) {
    op.emitError("edge: on-chip-bytes must be non-negative, got ")
        << onChipBytes;
    return mlirLogicalResultFailure();
  }
  edge::CostModelOptions options;
  options.onChipBytes = onChipBytes;
  // Like edge-analyze: every cascade is analyzed (and reports its errors)
  // before anything is printed.
  llvm::json::Array cascades;
  bool failedAny = false;
  op.walk([&](edge::CascadeOp cascade) {
    mlir::FailureOr<edge::CascadeCost> cost =
        edge::analyzeCascade(cascade, options);
    if (mlir::failed(cost))
      failedAny = true;
    else
      cascades.push_back(edge::cascadeCostToJson(*cost));
  });
  if (failedAny)
    return mlirLogicalResultFailure();
  std::string text = llvm::formatv(
      "{0}", llvm::json::Value(llvm::json::Object{
                 {"cascades", std::move(cascades)}}));
  callback(mlirStringRefCreate(text.data(), text.size()), userData);
  return mlirLogicalResultSuccess();
}
