// edge-run reads inputs from .npy files, writes outputs, inputs and the
// interpreter's outputs as .npy files, and the values are those computed by
// hand: X[m,p] = m + p/2, so LSE[p] = p/2 + log(1 + e + e^2 + e^3) and
// GM[p] = 3 + p/2. The files are written and read with
// Inputs/npy.py (the standard library's struct module, no numpy).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: python3 %S/Inputs/npy.py write %t/X.npy '<f4' 4x3 0 0.5 1 1 1.5 2 2 2.5 3 3 3.5 4
// RUN: edge-run %s --input=X=@%t/X.npy --output=LSE=@%t/lse.npy --output-dir=%t/out --dump-inputs=%t/in --dump-reference=%t/ref --print=3 | FileCheck %s
// CHECK: reference interpret
// CHECK: output LSE [3]: 3.44018{{[0-9]+}} 3.94018{{[0-9]+}} 4.44018{{[0-9]+}}{{$}}
// CHECK-NEXT: nan mismatches 0: PASS
// CHECK: output GM [3]: 3 3.5 4{{$}}
// CHECK-NEXT: nan mismatches 0: PASS
//
// The compiled outputs (float32) and the interpreter's (float64):
// RUN: python3 %S/Inputs/npy.py check %t/lse.npy 'i[0]/2 + math.log(sum(math.exp(m) for m in range(4)))' 1e-6 | FileCheck %s --check-prefix=OK3
// RUN: python3 %S/Inputs/npy.py check %t/out/LSE.npy 'i[0]/2 + math.log(sum(math.exp(m) for m in range(4)))' 1e-6 | FileCheck %s --check-prefix=OK3
// RUN: python3 %S/Inputs/npy.py check %t/out/GM.npy '3 + i[0]/2' 0 | FileCheck %s --check-prefix=OK3
// RUN: python3 %S/Inputs/npy.py check %t/ref/LSE.npy 'i[0]/2 + math.log(sum(math.exp(m) for m in range(4)))' 1e-15 | FileCheck %s --check-prefix=OK3
// RUN: python3 %S/Inputs/npy.py check %t/ref/GM.npy '3 + i[0]/2' 0 | FileCheck %s --check-prefix=OK3
// OK3: OK 3 values
// RUN: python3 %S/Inputs/npy.py print %t/ref/LSE.npy | FileCheck %s --check-prefix=F8
// F8: <f8 (3,)
//
// The dumped input is the given one, bit for bit.
// RUN: cmp %t/X.npy %t/in/X.npy
//
// Random inputs do not depend on which inputs are given: the dumped random
// input, given back, reproduces the run.
// RUN: edge-run %s --cascade=two_inputs --dump-inputs=%t/random --output-dir=%t/first --print=0
// RUN: edge-run %s --cascade=two_inputs --input=B=@%t/random/B.npy --output-dir=%t/second --print=0
// RUN: cmp %t/first/Z.npy %t/second/Z.npy
// RUN: edge-run %s --cascade=two_inputs --input=A=@%t/random/A.npy --input=B=@%t/random/B.npy --seed=99 --output-dir=%t/third --print=0
// RUN: cmp %t/first/Z.npy %t/third/Z.npy

edge.cascade @logsumexp(%X: tensor<4x3xf32>) -> (LSE: tensor<3xf32>, GM: tensor<3xf32>) {
  %GM = edge.einsum "GM" (%X[m, p]) -> [p] reduce [m] max(union)
          : (tensor<4x3xf32>) -> tensor<3xf32>
  %SN = edge.einsum "SN" (%X[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<4x3xf32>) -> tensor<3xf32>
  %L = edge.einsum "L" (%SD[p]) -> [p] apply [log]
         : (tensor<3xf32>) -> tensor<3xf32>
  %LSE = edge.einsum "LSE" (%L[p], %GM[p]) -> [p] map add(union)
           : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  edge.return %LSE, %GM : tensor<3xf32>, tensor<3xf32>
}

edge.cascade @two_inputs(%A: tensor<5x3xf32>, %B: tensor<5x3xf32>) -> (Z: tensor<3xf32>) {
  %Z = edge.einsum "Z" (%A[m, p], %B[m, p]) -> [p]
         map mul(isect) reduce [m] add(union)
         : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<3xf32>
  edge.return %Z : tensor<3xf32>
}
