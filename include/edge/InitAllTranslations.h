//===- InitAllTranslations.h - every translation edge offers ----*- C++ -*-===//
//
// One call that registers edge's translations (egglog programs to and from
// cascades) for edge-translate and downstream mlir-translate-like tools.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_INITALLTRANSLATIONS_H
#define EDGE_INITALLTRANSLATIONS_H

namespace edge {

/// Registers `--edge-export-egglog` and `--edge-import-egglog`.
void registerAllTranslations();

} // namespace edge

#endif // EDGE_INITALLTRANSLATIONS_H
