// Every tool prints edge's version.
//
// RUN: edge-opt --version | FileCheck %s
// RUN: edge-run --version | FileCheck %s
// RUN: edge-compile --version | FileCheck %s

// CHECK: edge version {{[0-9]+\.[0-9]+\.[0-9]+}}
