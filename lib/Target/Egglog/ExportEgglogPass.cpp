//===- ExportEgglogPass.cpp - edge-export-egglog ---------------------------===//
//
// This file implements `edge-export-egglog`: it writes the module's
// cascades as an egglog program (edge::exportEgglog). The IR is unchanged.
//
//===----------------------------------------------------------------------===//

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Target/Egglog.h"

namespace edge {
#define GEN_PASS_DEF_EDGEEXPORTEGGLOG
#include "edge/Target/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {
struct ExportEgglogPass
    : public edge::impl::EdgeExportEgglogBase<ExportEgglogPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void ExportEgglogPass::runOnOperation() {
  ModuleOp module = getOperation();
  EgglogExportOptions options;
  options.withSchema = withSchema;
  options.withRules = withRules;
  std::string text;
  llvm::raw_string_ostream buffer(text);
  if (failed(exportEgglog(module, buffer, options)))
    return signalPassFailure();
  if (failed(writeReport(module, "edge-export-egglog", output,
                         [&](llvm::raw_ostream &os) { os << text; })))
    return signalPassFailure();
  markAllAnalysesPreserved();
}
