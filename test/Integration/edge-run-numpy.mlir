// .npy files round-trip through numpy: numpy writes the input, edge-run
// reads it and writes the compiled and the interpreter's outputs, numpy
// reads them and checks them against its own log-sum-exp.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %numpy_python %S/Inputs/numpy_roundtrip.py write %t
// RUN: edge-run %s --input=X=@%t/X.npy --output-dir=%t/out --dump-inputs=%t/in --dump-reference=%t/ref --print=0 | FileCheck %s
// RUN: %numpy_python %S/Inputs/numpy_roundtrip.py check %t | FileCheck %s --check-prefix=NUMPY
// CHECK: output LSE [8]:
// CHECK-NEXT: nan mismatches 0: PASS
// NUMPY: OK

edge.cascade @logsumexp(%X: tensor<16x8xf32>) -> (LSE: tensor<8xf32>) {
  %GM = edge.einsum "GM" (%X[m, p]) -> [p] reduce [m] max(union)
          : (tensor<16x8xf32>) -> tensor<8xf32>
  %SN = edge.einsum "SN" (%X[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<16x8xf32>, tensor<8xf32>) -> tensor<16x8xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<16x8xf32>) -> tensor<8xf32>
  %L = edge.einsum "L" (%SD[p]) -> [p] apply [log]
         : (tensor<8xf32>) -> tensor<8xf32>
  %LSE = edge.einsum "LSE" (%L[p], %GM[p]) -> [p] map add(union)
           : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  edge.return %LSE : tensor<8xf32>
}
