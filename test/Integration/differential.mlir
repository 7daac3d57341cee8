// Seeded differential test: random attention and generic cascades go through
// the rewrites and must compute what they computed before (see
// Inputs/differential.py for what is generated and how runs are compared).
//
// RUN: python3 %S/Inputs/differential.py edge-opt edge-run %t --seed 1 --count 6 | FileCheck %s
// RUN: python3 %S/Inputs/differential.py edge-opt edge-run %t --seed 2 --count 6 | FileCheck %s
// With the reference interpreter as a third opinion (seed 2 finds a bug of
// the lowering: interpreter-finds-negated-presence.mlir):
// RUN: python3 %S/Inputs/differential.py edge-opt edge-run %t --seed 1 --count 6 --interpret | FileCheck %s
// RUN: python3 %S/Inputs/differential.py edge-opt edge-run %t --seed 5 --count 6 --interpret | FileCheck %s

// CHECK-NOT: MISMATCH
// CHECK: all agree
