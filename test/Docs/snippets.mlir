// Every ```mlir block of the README, docs/Notation.md and docs/Language.md
// parses and verifies as it stands, so that copied snippets work (the README tour
// writes its types; docs/Notation.md's prefix sum verifies).
//
// RUN: python3 %S/Inputs/check-snippets.py edge-opt %edge_src_root/README.md %edge_src_root/docs/Notation.md %edge_src_root/docs/Language.md | FileCheck %s

// CHECK-NOT: FAIL
// CHECK: OK README.md:{{[0-9]+}}
// CHECK-NOT: FAIL
// CHECK: OK Notation.md:{{[0-9]+}}
// CHECK-NOT: FAIL
// CHECK: OK Notation.md:{{[0-9]+}}
// CHECK-NOT: FAIL
// CHECK: OK Notation.md:{{[0-9]+}}
// CHECK-NOT: FAIL
// CHECK: OK Language.md:{{[0-9]+}}
// CHECK-NOT: FAIL
// CHECK: OK Language.md:{{[0-9]+}}
// CHECK-NOT: FAIL
// CHECK: OK Language.md:{{[0-9]+}}
// CHECK-NOT: FAIL
// CHECK: OK Language.md:{{[0-9]+}}
// CHECK-NOT: FAIL
