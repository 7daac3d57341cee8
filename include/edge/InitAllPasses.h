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

/// Registers edge's passes and pipelines (rewrites, derivations, analysis,
/// raising, lowering, code generation) and the upstream transforms,
/// conversions, bufferization, linalg, scf, memref, affine, tensor and
/// vector passes.
void registerAllPasses();

} // namespace edge

#endif // EDGE_INITALLPASSES_H
