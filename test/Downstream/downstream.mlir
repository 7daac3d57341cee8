// A downstream CMake project finds edge through its package (which finds
// MLIR itself and checks the version asked for), links the dialect and the
// rewrite library, runs --fusemax-1pass through the C++ API, then lowers it
// with edge's conversion patterns inside its own dialect conversion (with a
// pattern of its own); it also builds the README's opt tool on
// edge::registerAllDialects/registerAllPasses and, from the install tree,
// the C API test (test/CAPI/edge-capi.c) as a C client. Once against the build tree,
// once against an install tree (`cmake --install` into a temporary prefix).
//
// Not in the sanitizer build: its libraries need the client to be built and
// linked with the same -fsanitize flags, which a package client does not
// know; what this test checks (the package) does not depend on them.
// UNSUPPORTED: sanitizer
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cmake -G Ninja -S %edge_src_root/test/Downstream/project -B %t/from-build -Dedge_DIR=%edge_obj_root/lib/cmake/edge -DCMAKE_BUILD_TYPE=%edge_build_type > %t/build.log 2>&1
// RUN: ninja -C %t/from-build >> %t/build.log 2>&1
// RUN: %t/from-build/count-einsums %edge_src_root/examples/attention-3pass.mlir | FileCheck %s
// RUN: %t/from-build/downstream-opt --edge-raise-linalg --fusemax-1pass=tile=8 %edge_src_root/test/Tools/mlir-opt-plugin.mlir | FileCheck %s --check-prefix=OPT
// RUN: not cmake -G Ninja -S %edge_src_root/test/Downstream/project -B %t/too-new -Dedge_DIR=%edge_obj_root/lib/cmake/edge -DEDGE_WANTED_VERSION=1.0 > %t/too-new.log 2>&1
// RUN: FileCheck %s --check-prefix=VERSION < %t/too-new.log
//
// RUN: cmake --install %edge_obj_root --prefix %t/prefix > %t/install.log 2>&1
// RUN: cmake -G Ninja -S %edge_src_root/test/Downstream/project -B %t/from-install -Dedge_DIR=%t/prefix/lib/cmake/edge -DEDGE_CAPI_TEST_SOURCE=%edge_src_root/test/CAPI/edge-capi.c -DCMAKE_BUILD_TYPE=%edge_build_type > %t/install-build.log 2>&1
// RUN: ninja -C %t/from-install >> %t/install-build.log 2>&1
// RUN: %t/from-install/count-einsums %edge_src_root/examples/attention-3pass.mlir | FileCheck %s
// RUN: %t/from-install/downstream-opt --edge-raise-linalg --fusemax-1pass=tile=8 %edge_src_root/test/Tools/mlir-opt-plugin.mlir | FileCheck %s --check-prefix=OPT
// RUN: %t/from-install/edge-capi-client 2>&1 | FileCheck %edge_src_root/test/CAPI/edge-capi.c
// RUN: %t/prefix/bin/edge-opt --version | FileCheck %s --check-prefix=INSTALLED-VERSION
// RUN: %t/prefix/bin/edge-opt --fusemax-1pass %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=TOOL

// CHECK: before @attention: 6 einsums, 0 iterations
// CHECK: after @attention: 12 einsums, 1 iterations
/// The two contractions of the 1-pass body (BQK, SLNV) stay contractions
/// that upstream linalg recognizes; the client's exp -> exp2 rule applies to
/// the exps the edge patterns create, in the same conversion.
// CHECK: lowered @attention: 0 edge ops, 12 generics, 2 contractions, 0 exp, 2 exp2
// TOOL: edge.iterate m1 until m1 >= 4
/// The README's opt tool has every edge pass; edge's package found MLIR
/// (no MLIR_DIR given) and refuses a version it is not.
// OPT: edge.iterate j1 until j1 >= 4
// OPT-LABEL: func.func @attention(
// OPT: edge.call @attention_edge
// VERSION: Could not find a configuration file for package "edge" that is compatible
// VERSION-NEXT: with requested version "1.0"
// VERSION: edgeConfig.cmake, version: 0.2.0
// INSTALLED-VERSION: edge version 0.2.0
