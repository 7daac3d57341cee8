//===- downstream-opt.cpp - a downstream opt tool with all of edge ---------===//
//
// The opt tool of README.md: edge's dialects and passes, registered by one
// call each, next to a downstream compiler's own.
//
//===----------------------------------------------------------------------===//

#include "edge/InitAllDialects.h"
#include "edge/InitAllPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  edge::registerAllPasses();
  mlir::DialectRegistry registry;
  edge::registerAllDialects(registry);
  // A downstream compiler registers its own dialects and passes here.
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "downstream optimizer\n", registry));
}
