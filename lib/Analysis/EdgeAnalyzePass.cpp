//===- EdgeAnalyzePass.cpp - print the cost of every cascade ---------------===//
//
// This file implements `edge-analyze`: it runs the cascade cost model on
// every edge.cascade of a module and prints a table or a JSON document. The
// IR is left unchanged.
//
//===----------------------------------------------------------------------===//

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Analysis/Passes.h"

#include "mlir/IR/BuiltinOps.h"

namespace edge {
#define GEN_PASS_DEF_EDGEANALYZE
#include "edge/Analysis/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {
struct EdgeAnalyzePass : public edge::impl::EdgeAnalyzeBase<EdgeAnalyzePass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeAnalyzePass::runOnOperation() {
  ModuleOp module = getOperation();
  if (format != "table" && format != "json") {
    module.emitError("edge-analyze: unknown format '")
        << format << "' (expected 'table' or 'json')";
    return signalPassFailure();
  }
  if (onChipBytes < 0) {
    module.emitError("edge-analyze: on-chip-bytes must be non-negative, got ")
        << int64_t(onChipBytes);
    return signalPassFailure();
  }
  CostModelOptions options;
  options.onChipBytes = onChipBytes;
  if (threads < 0) {
    module.emitError("edge-analyze: threads must be non-negative, got ")
        << int64_t(threads);
    return signalPassFailure();
  }
  options.threads = unsigned(threads);
  options.sizes = sizes;
  if (!target.empty()) {
    FailureOr<TargetDescription> description =
        TargetDescription::readJsonOrEmitError(target, module, "edge-analyze");
    if (failed(description))
      return signalPassFailure();
    options.target = *description;
  }

  // Analyze everything first: a failing cascade prints nothing.
  std::vector<CascadeCost> costs;
  bool failedAny = false;
  module.walk([&](CascadeOp cascade) {
    FailureOr<CascadeCost> cost = analyzeCascade(cascade, options);
    if (failed(cost))
      failedAny = true;
    else
      costs.push_back(std::move(*cost));
  });
  if (failedAny)
    return signalPassFailure();

  auto write = [&](llvm::raw_ostream &os) {
    if (format == "json") {
      llvm::json::Array array;
      for (const CascadeCost &cost : costs)
        array.push_back(cascadeCostToJson(cost));
      os << llvm::formatv("{0:2}",
                          llvm::json::Value(llvm::json::Object{
                              {"cascades", std::move(array)}}))
         << "\n";
      return;
    }
    for (const CascadeCost &cost : costs)
      printCascadeCostTable(cost, os);
  };
  if (failed(writeReport(module, "edge-analyze", output, write)))
    return signalPassFailure();
  markAllAnalysesPreserved();
}
