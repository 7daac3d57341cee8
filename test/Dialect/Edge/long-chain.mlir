// A 3-pass attention whose query passes through a chain of 6000 einsums.
// The presence analysis recursed once per einsum of the chain and overflowed
// the stack (500 einsums with a 1 MiB stack, about 3000 with the default);
// it now walks the producers on a worklist. With a 1 MiB stack, the
// derivation still reaches 1 pass, and the lowering, the analysis and the
// printer get through the chain.
//
// RUN: python3 %edge_src_root/bench/compile-time/gen_cascade.py --einsums 6006 > %t.mlir
// RUN: ulimit -s 1024 && edge-opt %t.mlir --fusemax-1pass=tile=4 > %t.1pass.mlir
// RUN: ulimit -s 1024 && edge-opt %t.1pass.mlir --edge-analyze -o /dev/null | FileCheck %s
// RUN: ulimit -s 1024 && edge-opt %t.mlir --edge-lower-to-llvm -o /dev/null

// CHECK: passes over m: 1
