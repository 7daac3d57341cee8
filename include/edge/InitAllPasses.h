//===- InitAllPasses.h - every pass edge's tools offer ----------*- C++ -*-===//
//
// One call that registers edge's passes and pipelines and the upstream passes
// those pipelines are made of, so that a pipeline can be continued or
// bisected pass by pass in the same tool.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_INITALLPASSES_H
#define EDGE_INITALLPASSES_H

namespace edge {

/// Registers edge's own passes and pipelines: rewrites, derivations,
/// analysis, raising, lowering, code generation (what the mlir-opt plugin
/// adds to a tool that has the upstream passes already).
void registerEdgePasses();

/// registerEdgePasses, and the upstream transforms, conversions,
/// bufferization, linalg, scf, memref, affine, tensor and vector passes.
void registerAllPasses();

} // namespace edge

#endif // EDGE_INITALLPASSES_H
