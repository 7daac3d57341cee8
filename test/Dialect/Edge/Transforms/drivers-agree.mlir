// The derivation drivers agree: on every cascade with a reduction among the
// examples and the test inputs (split at `// -----`), --fusemax-1pass and
// --edge-saturate reach the same pass count (Inputs/drivers_agree.py). New
// test inputs join the comparison automatically.
//
// RUN: python3 %S/Inputs/drivers_agree.py edge-opt %edge_src_root %t | FileCheck %s

// CHECK-NOT: DISAGREE
// CHECK: {{[1-9][0-9]+}} cascades compared, 0 disagree
