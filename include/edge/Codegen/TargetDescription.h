//===- TargetDescription.h - what the code generator knows of a CPU -*- C++ -*-===//
//
// The facts about the target CPU that tiling, vectorization and threading
// are derived from: vector width, register count, cache sizes and cores. They
// come from the host (LLVM's host CPU queries and the OS's cache description)
// or from a named CPU, and every value can be overridden.
//
//
// The cost model (docs/CostModel.md) adds what it takes to estimate time:
// peak FLOP/s and exp throughput per core and the bandwidth of every level
// of the memory hierarchy. Without a measurement they are rough figures
// derived from the vector width; `edge-calibrate` measures them and writes
// a JSON target file that readJson reads back.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CODEGEN_TARGETDESCRIPTION_H
#define EDGE_CODEGEN_TARGETDESCRIPTION_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace mlir {
class Operation;
} // namespace mlir

namespace edge {

/// A CPU as the code generator sees it.
struct TargetDescription {
  /// LLVM's name of the CPU (e.g. "znver4") and its feature string
  /// ("+avx2,+fma,..."), as a TargetMachine takes them.
  std::string cpu;
  std::string features;
  /// Width of the widest vector registers, in bits, and how many there are.
  unsigned vectorBits = 128;
  unsigned vectorRegisters = 16;
  /// Whether fused multiply-add is available.
  bool hasFMA = false;
  /// Data cache sizes per core (L1d, L2) and shared (L3), in bytes.
  int64_t l1Bytes = 32 * 1024;
  int64_t l2Bytes = 512 * 1024;
  int64_t l3Bytes = 8 * 1024 * 1024;
  /// Cores available to the process.
  unsigned cores = 1;

  /// Speeds of one core, for the cost model. FLOP/s count a fused
  /// multiply-add as 2 FLOPs; exps/s are vectorized polynomial exps, as the
  /// lowering emits them. Bandwidths are the read bandwidth of one core from
  /// each cache level and from DRAM (DRAM is shared by all cores), in bytes
  /// per second. host() and forCpu() set them with setDefaultSpeeds; the
  /// initial values are its figures for the initial vector facts.
  double peakFlopsPerCore = 24e9;
  double expsPerCore = 6e8;
  double l1BytesPerSecond = 192e9;
  double l2BytesPerSecond = 96e9;
  double l3BytesPerSecond = 48e9;
  double dramBytesPerSecond = 20e9;
  /// Bytes per second written to freshly mapped memory (page faults and
  /// the kernel's zeroing included): what a large buffer allocated per call
  /// costs the first time it is written.
  double freshBytesPerSecond = 4e9;
  /// FLOP/s of one core on the code that edge generates, per class of
  /// einsum (docs/CostModel.md): register-tiled contractions whose reused
  /// panel (reduced extent x register tile columns) fits in half of L1, and
  /// those that stream it again for every row tile; other einsums (maps and
  /// reductions); the guarded tiles of a filtered einsum (a predicate per
  /// point: the tiles that cross the filter's boundary); and einsums that
  /// read or write presence masks. edge-calibrate measures them by timing
  /// lowered kernels of each class; without a measurement they are fixed
  /// fractions of the peak (setDefaultCodeSpeeds).
  double contractionFlopsPerSecond = 12e9;
  double streamedContractionFlopsPerSecond = 4.8e9;
  double elementwiseFlopsPerSecond = 12e9;
  double guardedFlopsPerSecond = 3e9;
  double maskedFlopsPerSecond = 3e9;
  /// Where the speeds come from: "default" (derived from the vector width)
  /// or what the target file says ("edge-calibrate" for a measured one).
  std::string speedSource = "default";

  /// Sets the speeds from the vector facts, assuming a 3 GHz core with two
  /// vector pipes, a 20-cycle vector exp and 64/32/16 bytes per cycle from
  /// L1/L2/L3, 20 GB/s from DRAM, 4 GB/s to fresh pages. Rough: measure with edge-calibrate.
  void setDefaultSpeeds();
  /// Sets the code speeds from the peak: 1/2 of it for contractions whose
  /// panel fits and for other einsums, 1/5 for streamed contractions, and a
  /// lane at a time at half the peak for guarded and masked einsums. Fitted
  /// roughly to bench/attention; measure with edge-calibrate.
  void setDefaultCodeSpeeds();
  /// The target as a JSON object (every field; see docs/CostModel.md).
  llvm::json::Value toJson() const;
  /// Overrides the fields present in `json` (an object; unknown keys,
  /// wrong types and non-positive sizes or speeds are errors), reporting
  /// the first error in `error` with its key path (`target.l1_bytes`).
  mlir::LogicalResult applyJson(const llvm::json::Value &json,
                                std::string &error);
  /// The host, overridden by the JSON file `path`. Errors name the file and
  /// the line and column of a syntax error or the key path of a bad value:
  /// `t.json:3:7: ...`, `t.json: target.l1_bytes: ...`.
  static mlir::FailureOr<TargetDescription> readJson(llvm::StringRef path,
                                                     std::string &error);
  /// readJson for a pass: "" or "host" is the host; an error is emitted on `anchor`
  /// prefixed with `passName`.
  static mlir::FailureOr<TargetDescription>
  readJsonOrEmitError(llvm::StringRef path, mlir::Operation *anchor,
                      llvm::StringRef passName);
  /// Writes toJson() to `path` ("-": standard output).
  mlir::LogicalResult writeJson(llvm::StringRef path, std::string &error) const;

  /// The machine this process runs on.
  static TargetDescription host();

  /// The CPU named `cpu` (LLVM's names, as `llc -mcpu=` takes them), with the
  /// host's cache sizes and core count; "" or "host" is the host. Fails with
  /// a message for a CPU that LLVM does not know for the host's architecture.
  static mlir::FailureOr<TargetDescription> forCpu(llvm::StringRef cpu,
                                             std::string &error);

  /// forCpu, reporting a failure as an error located at `anchor` and
  /// prefixed with `passName` (the options of a pass name the CPU).
  static mlir::FailureOr<TargetDescription>
  forCpuOrEmitError(llvm::StringRef cpu, mlir::Operation *anchor,
                    llvm::StringRef passName);

  /// Lanes of a vector register for elements of `elementBits` bits.
  unsigned lanes(unsigned elementBits) const {
    return std::max(1u, vectorBits / elementBits);
  }
};

} // namespace edge

#endif // EDGE_CODEGEN_TARGETDESCRIPTION_H
