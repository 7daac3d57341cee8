// edge-run frees the buffers the compiled code returns: 60 calls of a
// cascade with a 32 MiB output leaked about 2 GiB and now fit in a 1 GiB
// address space. (The sanitizer build checks every edge-run test for leaks
// instead: ulimit -v does not combine with AddressSanitizer's shadow.)
//
// UNSUPPORTED: sanitizer
// RUN: ulimit -v 1048576 && edge-run %s --reference=none --repeat=60 --print=2 | FileCheck %s

// CHECK: time @negate: median
// CHECK: output Y [2048x4096]

edge.cascade @negate(%X: tensor<2048x4096xf32>) -> (Y: tensor<2048x4096xf32>) {
  %Y = edge.einsum "Y" (%X[m, p]) -> [m, p] apply [neg] : (tensor<2048x4096xf32>) -> tensor<2048x4096xf32>
  edge.return %Y : tensor<2048x4096xf32>
}
