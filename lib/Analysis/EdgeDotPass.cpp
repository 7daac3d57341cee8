//===- EdgeDotPass.cpp - Graphviz view of every cascade --------------------===//
//
// This file implements `edge-dot`: it writes the dataflow of every (or one
// named) edge.cascade as a Graphviz digraph. The IR is left unchanged.
//
//===----------------------------------------------------------------------===//

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Analysis/Passes.h"

#include "mlir/IR/BuiltinOps.h"

namespace edge {
#define GEN_PASS_DEF_EDGEDOT
#include "edge/Analysis/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {
struct EdgeDotPass : public edge::impl::EdgeDotBase<EdgeDotPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeDotPass::runOnOperation() {
  ModuleOp module = getOperation();
  SmallVector<CascadeOp> cascades;
  module.walk([&](CascadeOp cascade) {
    if (cascadeName.empty() || cascade.getSymName() == cascadeName)
      cascades.push_back(cascade);
  });
  if (cascades.empty() && !cascadeName.empty()) {
    module.emitError("edge-dot: no cascade named '") << cascadeName << "'";
    return signalPassFailure();
  }

  // Render into a buffer first: a failing cascade writes nothing.
  std::string text;
  llvm::raw_string_ostream buffer(text);
  for (CascadeOp cascade : cascades)
    if (failed(writeCascadeDot(cascade, buffer)))
      return signalPassFailure();

  if (failed(writeReport(module, "edge-dot", output,
                         [&](llvm::raw_ostream &os) { os << text; })))
    return signalPassFailure();
  markAllAnalysesPreserved();
}
