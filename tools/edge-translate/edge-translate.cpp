//===- edge-translate.cpp - edge's translations ----------------------------===//
//
// This file implements edge-translate: MlirTranslateMain with the
// translations of edge::registerAllTranslations (egglog programs to and
// from cascades).
//
//===----------------------------------------------------------------------===//

#include "edge/InitAllTranslations.h"

#include "mlir/Support/LogicalResult.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  edge::registerAllTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "edge translation driver\n"));
}
