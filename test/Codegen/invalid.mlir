// RUN: edge-opt %s --edge-tile-and-vectorize="vector-bits=12" -verify-diagnostics
// RUN: not edge-opt %s --edge-tile-and-vectorize="target-cpu=no-such-cpu" 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not edge-opt %s --edge-tile-and-vectorize="tile-rows=100" 2>&1 | FileCheck %s --check-prefix=ROWS
// RUN: not edge-opt %s --edge-lower-to-llvm="vector-bits=12" 2>&1 | FileCheck %s --check-prefix=PIPELINE

/// Out-of-range options are located errors on the function, never a crash.
// CPU: invalid.mlir:[[@LINE+4]]:1: error: edge-tile-and-vectorize: unknown CPU 'no-such-cpu'
// ROWS: invalid.mlir:[[@LINE+3]]:1: error: edge-tile-and-vectorize: a register tile of 100 rows x 2 vectors is out of range (at most 64 x 16)
// PIPELINE: invalid.mlir:[[@LINE+2]]:1: error: edge-tile-and-vectorize: vector-bits must be a power of two in [32, 4096], got 12
// expected-error@+1 {{edge-tile-and-vectorize: vector-bits must be a power of two in [32, 4096], got 12}}
func.func @f() {
  return
}
