//===- Passes.h - edge analysis passes --------------------------*- C++ -*-===//
//
// Passes that print the cost model of every edge.cascade: `edge-analyze`
// (table or JSON) and `edge-dot` (Graphviz). They leave the IR unchanged.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_ANALYSIS_PASSES_H
#define EDGE_ANALYSIS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace edge {

#define GEN_PASS_DECL
#include "edge/Analysis/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "edge/Analysis/Passes.h.inc"

} // namespace edge

#endif // EDGE_ANALYSIS_PASSES_H
