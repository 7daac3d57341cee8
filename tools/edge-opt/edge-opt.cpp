//===- edge-opt.cpp - the edge optimizer driver ----------------------------===//
//
// This file implements edge-opt: MlirOptMain with everything
// edge::registerAllDialects and edge::registerAllPasses register, so that
// every pipeline can be continued or bisected here and every dump of
// --mlir-print-ir-after-all reads back.
//
//===----------------------------------------------------------------------===//

#include "edge/InitAllDialects.h"
#include "edge/InitAllPasses.h"
#include "edge/Version.h"
#include "edge/Support/OutputErrors.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"

int main(int argc, char **argv) {
  edge::installOutputErrorHandler("edge-opt");
  edge::registerAllPasses();
  mlir::DialectRegistry registry;
  edge::registerAllDialects(registry);
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &os) {
    os << "edge version " << EDGE_VERSION_STRING << "\n";
  });
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "edge optimizer driver\n", registry));
}
