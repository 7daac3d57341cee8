//===- Calibration.h - measure a target's speeds on the host ----*- C++ -*-===//
//
// Measures what the cost model needs on the machine it runs on: FMA
// throughput (independent chains at the widest vectors), the throughput of
// a vectorized polynomial exp (the kind the lowering emits) and the read
// bandwidth of one core from working sets sized to each cache level and
// beyond the last one (DRAM), and the rate of writing freshly mapped pages. `edge-calibrate` writes the result as a
// target file (docs/CostModel.md).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CODEGEN_CALIBRATION_H
#define EDGE_CODEGEN_CALIBRATION_H

#include "edge/Codegen/TargetDescription.h"

namespace edge {

struct CalibrationOptions {
  /// Seconds each measurement runs for (each is repeated 3 times and the
  /// best kept). The default gives about 2-3 s in all; `--quick` uses a
  /// tenth of it.
  double secondsPerMeasurement = 0.15;
  /// The DRAM working set is this many times the L3 size (at least 64 MiB).
  int64_t dramOverL3 = 4;
};

/// What calibrate measured, before it goes into a target.
struct CalibrationResult {
  double peakFlopsPerCore = 0, expsPerCore = 0;
  double l1BytesPerSecond = 0, l2BytesPerSecond = 0, l3BytesPerSecond = 0,
         dramBytesPerSecond = 0, freshBytesPerSecond = 0;
  /// The working sets the bandwidths were measured at, in bytes.
  int64_t l1WorkingSet = 0, l2WorkingSet = 0, l3WorkingSet = 0,
          dramWorkingSet = 0;
};

/// Measures `target`'s speeds on this machine (its cache sizes choose the
/// working sets; its vector facts the kernels: AVX-512, AVX2+FMA or
/// portable code).
CalibrationResult measureHost(const TargetDescription &target,
                              const CalibrationOptions &options = {});

/// The host with the measured speeds (speedSource "edge-calibrate").
TargetDescription calibrateHost(const CalibrationOptions &options = {});

} // namespace edge

#endif // EDGE_CODEGEN_CALIBRATION_H
