// edge-compile's errors: located ones checked with -verify-diagnostics, the
// others (files, options) on stderr. Every one exits non-zero and writes no
// header.
//
// RUN: edge-compile %s -o %t.o --header %t.h --verify-diagnostics
// RUN: rm -f %t.h
// RUN: not edge-compile %s -o %t.o --header %t.h 2>&1 | FileCheck %s --check-prefix=NOCASCADE
// RUN: not test -e %t.h
// RUN: not edge-compile %t.missing.mlir -o %t.o 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not edge-compile %s 2>&1 | FileCheck %s --check-prefix=NOOUTPUT
// RUN: not edge-compile %edge_src_root/examples/attention-1pass.mlir -o %t.o \
// RUN:   --pipeline-options="threads=banana" 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not edge-compile %edge_src_root/examples/attention-1pass.mlir -o %t.o \
// RUN:   --pipeline-options="no-such-option=1" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not edge-compile %edge_src_root/examples/attention-1pass.mlir -o %t.o \
// RUN:   --target-cpu=no-such-cpu 2>&1 | FileCheck %s --check-prefix=CPU
// RUN: not edge-compile %edge_src_root/examples/attention-1pass.mlir -o %t.o \
// RUN:   --target-cpu=znver3 --pipeline-options="target-cpu=haswell" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CONFLICT
// RUN: not edge-compile %edge_src_root/examples/attention-1pass.mlir \
// RUN:   -o %t.o --prefix=1bad_ 2>&1 | FileCheck %s --check-prefix=NAME

// NOCASCADE: error: edge-compile: no edge.cascade to compile
// MISSING: edge-compile: cannot open input file '{{.*}}missing.mlir'
// NOOUTPUT: edge-compile: no output file (-o)
// OPTION: edge-compile: bad --pipeline-options "threads=banana"
// UNKNOWN: edge-compile: bad --pipeline-options "no-such-option=1"
// CPU: edge-compile: unknown --target-cpu 'no-such-cpu'
// CONFLICT: --target-cpu=znver3 and target-cpu=haswell in --pipeline-options differ
// NAME: error: C function name '1bad_attention' is not a C identifier

// expected-error@+1 {{edge-compile: no edge.cascade to compile}}
module {
  func.func @f() {
    return
  }
}
