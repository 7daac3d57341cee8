//===- FuzzSupport.cpp - shared by the libFuzzer targets -------------------===//
//
// This file implements the context, parse and round-trip check of the fuzz
// targets (FuzzSupport.h).
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "edge/Analysis/Passes.h"
#include "edge/Codegen/Passes.h"
#include "edge/Conversion/Passes.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

MLIRContext &edge::fuzz::getContext() {
  static MLIRContext *context = [] {
    registerCanonicalizerPass();
    registerCSEPass();
    edge::registerEdgeTransformsPasses();
    edge::registerFuseMaxPipelines();
    edge::registerEdgeAnalysisPasses();
    edge::registerConversionPassesAndPipelines();
    edge::registerEdgeCodegenPasses();
    // The dialects of edge's inputs only: the pipelines load the ones they
    // create, and upstream dialects' parsers are not what is fuzzed here.
    DialectRegistry registry;
    registry.insert<edge::EdgeDialect, func::FuncDialect,
                    arith::ArithDialect>();
    edge::registerEdgeLoweringInterfaces(registry);
    auto *ctx = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    ctx->loadAllAvailableDialects();
    // Diagnostics are the expected answer to bad input: drop them.
    ctx->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
    return ctx;
  }();
  return *context;
}

/// A context that only parses: the pipelines run in getContext() load the
/// upstream dialects they create (linalg, ...), whose parsers would then
/// accept fuzzed text; they are not what is fuzzed here (and linalg.reduce's
/// parser crashes on undefined block values in MLIR 22).
static MLIRContext &getParseContext() {
  static MLIRContext *context = [] {
    DialectRegistry registry;
    registry.insert<edge::EdgeDialect, func::FuncDialect,
                    arith::ArithDialect>();
    auto *ctx = new MLIRContext(registry, MLIRContext::Threading::DISABLED);
    ctx->loadAllAvailableDialects();
    ctx->getDiagEngine().registerHandler([](Diagnostic &) { return success(); });
    return ctx;
  }();
  return *context;
}

/// Parses and verifies `text` in `context`.
static OwningOpRef<ModuleOp> parseIn(MLIRContext &context,
                                     const std::string &text) {
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> edge::fuzz::parseInput(StringRef input) {
  // MLIR's lexer stops at a NUL after the buffer, as files and strings have;
  // libFuzzer's bytes end without one.
  std::string text = input.str();
  OwningOpRef<ModuleOp> strict = parseIn(getParseContext(), text);
  if (!strict)
    return nullptr;
  // Into the context the pipelines run in: only edge, func and arith ops.
  std::string printed;
  llvm::raw_string_ostream os(printed);
  strict->print(os);
  return parseIn(getContext(), printed);
}

void edge::fuzz::checkRoundTrip(ModuleOp module, StringRef what) {
  if (failed(verify(module))) {
    llvm::errs() << "edge-fuzz: " << what << " produced IR that does not "
                 << "verify\n";
    std::abort();
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  module.print(os);
  if (!parseInput(text)) {
    llvm::errs() << "edge-fuzz: " << what << " printed IR that does not "
                 << "parse again:\n"
                 << text << "\n";
    std::abort();
  }
}

int edge::fuzz::runPipelines(const uint8_t *data, size_t size,
                             llvm::ArrayRef<const char *> pipelines,
                             bool checkResults) {
  if (size > kMaxInputBytes)
    return -1;
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module = parseInput(input);
  if (!module)
    return -1;
  for (const char *pipeline : pipelines) {
    PassManager pm(&getContext());
    if (failed(parsePassPipeline(pipeline, pm))) {
      llvm::errs() << "edge-fuzz: cannot parse the pipeline " << pipeline
                   << "\n";
      std::abort();
    }
    OwningOpRef<ModuleOp> copy = module->clone();
    if (succeeded(pm.run(*copy)) && checkResults)
      checkRoundTrip(*copy, pipeline);
  }
  return 0;
}
