//===- TargetDescription.h - what the code generator knows of a CPU -*- C++ -*-===//
//
// The facts about the target CPU that tiling, vectorization and threading
// are derived from: vector width, register count, cache sizes and cores. They
// come from the host (LLVM's host CPU queries and the OS's cache description)
// or from a named CPU, and every value can be overridden.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CODEGEN_TARGETDESCRIPTION_H
#define EDGE_CODEGEN_TARGETDESCRIPTION_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/LogicalResult.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cstdint>
#include <string>

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

  /// The machine this process runs on.
  static TargetDescription host();

  /// The CPU named `cpu` (LLVM's names, as `llc -mcpu=` takes them), with the
  /// host's cache sizes and core count; "" or "host" is the host. Fails with
  /// a message for a CPU that LLVM does not know for the host's architecture.
  static mlir::FailureOr<TargetDescription> forCpu(llvm::StringRef cpu,
                                             std::string &error);

  /// Lanes of a vector register for elements of `elementBits` bits.
  unsigned lanes(unsigned elementBits) const {
    return std::max(1u, vectorBits / elementBits);
  }

  /// One line for remarks and --help style dumps.
  std::string summary() const;
};

} // namespace edge

#endif // EDGE_CODEGEN_TARGETDESCRIPTION_H
