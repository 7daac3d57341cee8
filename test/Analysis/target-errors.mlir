// A malformed target file is an error that names the file and the line and
// column of a syntax error, or the key path of a bad value; the pass fails.
//
// RUN: not edge-opt --edge-analyze="target=%S/Inputs/target-syntax-error.json" \
// RUN:   %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SYNTAX
// RUN: not edge-opt --edge-analyze="target=%S/Inputs/target-bad-value.json" \
// RUN:   %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=VALUE
// RUN: not edge-opt --edge-analyze="target=%t.missing.json" \
// RUN:   %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not edge-opt --edge-saturate="objective=time target=%S/Inputs/target-bad-value.json" \
// RUN:   %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SATURATE
// RUN: not edge-opt --edge-analyze="target=host threads=-1" %s -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=THREADS

// SYNTAX: error: edge-analyze: {{.*}}target-syntax-error.json:3:14: Expected : after object key
// VALUE: error: edge-analyze: {{.*}}target-bad-value.json: target.l2_bytes: expected a number
// MISSING: error: edge-analyze: {{.*}}.missing.json: cannot read: {{.*}}
// SATURATE: target-errors.mlir:[[@LINE+2]]:1: error: edge-saturate: {{.*}}target-bad-value.json: target.l2_bytes: expected a number
// THREADS: error: edge-analyze: threads must be non-negative, got -1
edge.cascade @c(%X: tensor<4x8xf32>) -> (Y: tensor<8xf32>) {
  %Y = edge.einsum "Y" (%X[m, p]) -> [p] reduce [m] max(union)
         : (tensor<4x8xf32>) -> tensor<8xf32>
  edge.return %Y : tensor<8xf32>
}
