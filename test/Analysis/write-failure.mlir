// A report that cannot be written (a full disk: /dev/full) is a located
// error of the pass and a non-zero exit; before, the stream's destructor
// ended the process with "LLVM ERROR: IO failure on output stream".
//
// RUN: not edge-opt %s --edge-analyze=output=/dev/full -o /dev/null 2>&1 | FileCheck %s --check-prefix=ANALYZE
// RUN: not edge-opt %s --edge-dot=output=/dev/full -o /dev/null 2>&1 | FileCheck %s --check-prefix=DOT
// RUN: not edge-opt %s --edge-analyze -o /dev/null > /dev/full 2>%t.err; FileCheck %s --check-prefix=STDOUT < %t.err
//
// The same for edge-opt's own output (-o, or stdout) and edge-run's report.
// RUN: not edge-opt %s -o /dev/full 2>&1 | FileCheck %s --check-prefix=OUTPUT
// RUN: not edge-opt %s > /dev/full 2>%t.err; FileCheck %s --check-prefix=OUTPUT < %t.err
// RUN: not edge-run %s --reference=none > /dev/full 2>%t.err; FileCheck %s --check-prefix=JIT < %t.err

// ANALYZE: error: edge-analyze: cannot write '/dev/full': No space left on device
// ANALYZE-NOT: LLVM ERROR
// DOT: error: edge-dot: cannot write '/dev/full': No space left on device
// DOT-NOT: LLVM ERROR
// STDOUT: error: edge-analyze: cannot write '-': No space left on device
// STDOUT-NOT: LLVM ERROR
// OUTPUT: edge-opt: error: cannot write the output: No space left on device
// OUTPUT-NOT: LLVM ERROR
// JIT: edge-run: error: cannot write the output: No space left on device
// JIT-NOT: LLVM ERROR

edge.cascade @sum(%A: tensor<4xf32>) -> (S: tensor<f32>) {
  %S = edge.einsum "S" (%A[m]) -> [] reduce [m] add(union) : (tensor<4xf32>) -> tensor<f32>
  edge.return %S : tensor<f32>
}
