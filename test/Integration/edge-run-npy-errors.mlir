// Wrong .npy files and option values are errors with a message and a
// non-zero exit, never a crash; so are invalid lowering options (reported
// by the execution library) and a cascade the interpreter does not define.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: python3 %S/Inputs/npy.py write %t/transposed.npy '<f4' 3x4 0 1 2 3 4 5 6 7 8 9 10 11
// RUN: python3 %S/Inputs/npy.py write %t/double.npy '<f8' 4x3 0 1 2 3 4 5 6 7 8 9 10 11
// RUN: python3 %S/Inputs/npy.py write %t/big.npy '>f4' 4x3 0 1 2 3 4 5 6 7 8 9 10 11
// RUN: python3 %S/Inputs/npy.py write %t/int.npy '<i4' 4x3 0 1 2 3 4 5 6 7 8 9 10 11
// RUN: printf 'plain text' > %t/text.npy
//
// RUN: not edge-run %s --input=X=@%t/transposed.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: edge-run: {{.*}}transposed.npy: input X has shape (3, 4), expected tensor<4x3xf32>
// RUN: not edge-run %s --input=X=@%t/double.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: edge-run: {{.*}}double.npy: input X has dtype '<f8', expected '<f4' (float32, the element type of tensor<4x3xf32>)
// RUN: not edge-run %s --input=X=@%t/big.npy 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: edge-run: {{.*}}big.npy: unsupported dtype '>f4' (only little-endian float32 '<f4' and float64 '<f8', bool '|b1' and uint8 '|u1')
// RUN: not edge-run %s --input=X=@%t/int.npy 2>&1 | FileCheck %s --check-prefix=INT
// INT: edge-run: {{.*}}int.npy: unsupported dtype '<i4'
// RUN: not edge-run %s --input=X=@%t/text.npy 2>&1 | FileCheck %s --check-prefix=TEXT
// TEXT: edge-run: {{.*}}text.npy: not a .npy file (no \x93NUMPY magic)
// RUN: not edge-run %s --input=X=@%t/missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: edge-run: {{.*}}missing.npy: cannot read: {{.*}}
// RUN: not edge-run %s --input=Y=@%t/double.npy 2>&1 | FileCheck %s --check-prefix=NAME
// NAME: edge-run: @logsumexp has no input named 'Y' (it has X)
// RUN: not edge-run %s --output=Z=@%t/z.npy 2>&1 | FileCheck %s --check-prefix=OUTNAME
// OUTNAME: edge-run: @logsumexp has no output named 'Z' (it has LSE GM)
// RUN: not edge-run %s --input=X=%t/double.npy 2>&1 | FileCheck %s --check-prefix=FORM
// FORM: edge-run: --input=X={{.*}}double.npy is not of the form NAME=@file.npy
// RUN: not edge-run %s --output=LSE=@%t/no/such/dir/lse.npy 2>&1 | FileCheck %s --check-prefix=WRITE
// WRITE: edge-run: {{.*}}lse.npy: cannot write: {{.*}}
// RUN: not edge-run %s --cascade=attention --dump-reference=%t/ref 2>&1 | FileCheck %s --check-prefix=DUMPREF
// DUMPREF: edge-run: --dump-reference needs the interpreter as reference (the reference is attention)
// RUN: touch %t/file
// RUN: not edge-run %s --output-dir=%t/file/sub 2>&1 | FileCheck %s --check-prefix=DIR
// DIR: edge-run: cannot create {{.*}}file/sub: {{.*}}
// RUN: not edge-run %s --lowering="bogus=1" 2>&1 | FileCheck %s --check-prefix=LOWERING
// LOWERING: edge-run: @logsumexp: invalid lowering options "bogus=1"
//
// Constructs outside the interpreter's definitions: located errors (in
// their own file: the lowering of the whole module would refuse them too).
// RUN: not edge-run %S/Inputs/interpreter-unsupported.mlir --function=doubled 2>&1 | FileCheck %s --check-prefix=FUNC
// FUNC: interpreter-unsupported.mlir:5:8: error: the reference interpreter does not support 'arith.addf'

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

edge.cascade @attention(%Q: tensor<2x3xf32>, %K: tensor<2x4xf32>, %V: tensor<2x4xf32>) -> (AV: tensor<2x3xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<4x3xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) : (tensor<4x3xf32>) -> tensor<3xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through) : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union) : (tensor<4x3xf32>) -> tensor<3xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right) : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<4x3xf32>, tensor<2x4xf32>) -> tensor<2x3xf32>
  edge.return %AV : tensor<2x3xf32>
}
