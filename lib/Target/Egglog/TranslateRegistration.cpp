//===- TranslateRegistration.cpp - egglog translations ---------------------===//
//
// This file implements edge::registerEgglogTranslations: egglog programs to
// and from MLIR modules, for edge-translate.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Target/Egglog.h"

#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;

void edge::registerEgglogTranslations() {
  TranslateFromMLIRRegistration exportRegistration(
      "edge-export-egglog", "write every cascade as an egglog program",
      [](Operation *op, llvm::raw_ostream &os) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("edge-export-egglog: expected a module");
        return exportEgglog(module, os);
      },
      [](DialectRegistry &registry) { registry.insert<EdgeDialect>(); });

  TranslateToMLIRRegistration importRegistration(
      "edge-import-egglog", "read egglog cascade terms into edge.cascade ops",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *context) {
        return OwningOpRef<Operation *>(importEgglog(sourceMgr, context));
      },
      [](DialectRegistry &registry) { registry.insert<EdgeDialect>(); });
}
