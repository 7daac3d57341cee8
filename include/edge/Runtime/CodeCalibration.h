//===- CodeCalibration.h - time edge's own code for the cost model -*- C++ -*-===//
//
// The speeds of the code that edge generates, measured: one small cascade
// per class of einsum that the cost model tells apart (a contraction whose
// panel fits in L1, a streamed contraction, other einsums, a filtered
// einsum's guarded tile, an einsum over presence masks), lowered with the
// same pipeline as every cascade, JIT-compiled and timed. Its FLOPs are the
// analysis' own count (edge::countEinsumFlops), so the rates mean exactly
// what the estimate divides by (docs/CostModel.md).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_RUNTIME_CODECALIBRATION_H
#define EDGE_RUNTIME_CODECALIBRATION_H

#include "edge/Codegen/TargetDescription.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace edge {

/// One measured class: its name (as in the target file, without
/// `_flops_per_second`), its FLOPs per call and the best time of a call.
struct CodeMeasurement {
  std::string name;
  double flops = 0;
  double seconds = 0;
};

/// Lowers, compiles and times one kernel per code class on this machine (1
/// thread, each for about `secondsPerKernel`), and sets the code speeds of
/// `target` from them. Fails only if a kernel does not compile or run,
/// which is a bug of the lowering.
llvm::Expected<std::vector<CodeMeasurement>>
calibrateGeneratedCode(TargetDescription &target, double secondsPerKernel);

} // namespace edge

#endif // EDGE_RUNTIME_CODECALIBRATION_H
