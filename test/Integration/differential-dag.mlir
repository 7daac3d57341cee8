// Structure-aware differential test: random DAGs of einsums (random ranks,
// extents, operators, merges, unary operators, filters, output orders,
// reductions and split inputs; Inputs/differential.py, dag()) go through
// split-rank, split-reduction, the 1-pass pipeline and saturation, and must
// compute what they computed before, and what the reference interpreter
// computes (--interpret, the first seed). A longer search is the same with other
// seeds and counts, e.g. `--seed 7 --count 500`.
//
// RUN: python3 %S/Inputs/differential.py edge-opt edge-run %t --dag --interpret --seed 1 --count 10 | FileCheck %s
// RUN: python3 %S/Inputs/differential.py edge-opt edge-run %t --dag --seed 2 --count 10 | FileCheck %s

// CHECK-NOT: MISMATCH
// CHECK: all agree
