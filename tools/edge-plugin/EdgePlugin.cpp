//===- EdgePlugin.cpp - edge as a plugin of the stock mlir-opt -------------===//
//
// This file implements libEdgePlugin.so, after upstream's standalone plugin
// (mlir/examples/standalone/standalone-plugin): a dialect plugin that adds
// the edge dialect and a pass plugin that adds edge's passes and pipelines
// to a tool that has the upstream ones already:
//
//   mlir-opt --load-dialect-plugin=libEdgePlugin.so \
//            --load-pass-plugin=libEdgePlugin.so \
//            --pass-pipeline='builtin.module(edge-raise-linalg,fusemax-1pass)'
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/InitAllPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Edge", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            // The host registers the upstream dialects and their interfaces.
            registry->insert<edge::EdgeDialect>();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "EdgePasses", LLVM_VERSION_STRING,
          []() { edge::registerEdgePasses(); }};
}
