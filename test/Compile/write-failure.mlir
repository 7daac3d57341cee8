// An object or header that cannot be written (a full disk: /dev/full) is an
// error and a non-zero exit; before, the stream's destructor ended the
// process with "LLVM ERROR: IO failure on output stream".
//
// RUN: not edge-compile %s -o /dev/full 2>&1 | FileCheck %s --check-prefix=OBJECT
// RUN: not edge-compile %s -o %t.o --header /dev/full 2>&1 | FileCheck %s --check-prefix=HEADER

// OBJECT: edge-compile: cannot write '/dev/full': No space left on device
// OBJECT-NOT: LLVM ERROR
// HEADER: edge-compile: cannot write '/dev/full': No space left on device
// HEADER-NOT: LLVM ERROR

edge.cascade @negate(%X: tensor<4xf32>) -> (Y: tensor<4xf32>) {
  %Y = edge.einsum "Y" (%X[m]) -> [m] apply [neg] : (tensor<4xf32>) -> tensor<4xf32>
  edge.return %Y : tensor<4xf32>
}
