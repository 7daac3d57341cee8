// edge-run needs static shapes within the element limit: the size of a
// dynamic input overflowed (signed, reported by UBSan) before; a dynamic
// dimension needs its size (--dims), and then the shapes within the limit;
// a cascade larger than --max-memory is refused instead of aborting in the
// allocator.
//
// RUN: not edge-run %s --cascade=dynamic 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// RUN: not edge-run %s --cascade=dynamic --dims M=1099511627776 2>&1 | FileCheck %s --check-prefix=HUGE
// RUN: edge-run %s --cascade=dynamic --dims M=5 | FileCheck %s --check-prefix=SIZED
// RUN: not edge-run %s --cascade=large --max-memory=64 2>&1 | FileCheck %s --check-prefix=LARGE

// DYNAMIC: edge-run: @dynamic: no value for size M (give it as M=N) (--dims)
// HUGE: error: 'edge.cascade' op tensor 'tensor<1099511627776x4xf32>' has more than 1099511627776 elements (docs/Limits.md)
// SIZED: reference interpret
// SIZED: PASS
// LARGE: edge-run: the inputs and outputs of @large need 128 MiB, more than --max-memory=64

edge.cascade @dynamic(%X: tensor<?x4xf32>) -> (Y: tensor<4xf32>) {
  %Y = edge.einsum "Y" (%X[m, p]) -> [p] reduce [m] add(union) : (tensor<?x4xf32>) -> tensor<4xf32>
  edge.return %Y : tensor<4xf32>
}

edge.cascade @large(%X: tensor<4096x4096xf32>) -> (Y: tensor<4096x4096xf32>) {
  %Y = edge.einsum "Y" (%X[m, p]) -> [m, p] apply [neg] : (tensor<4096x4096xf32>) -> tensor<4096x4096xf32>
  edge.return %Y : tensor<4096x4096xf32>
}
