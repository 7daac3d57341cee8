// A downstream CMake project finds edge through its package, links the
// dialect and the rewrite library, and runs --fusemax-1pass through the C++
// API, then lowers it with edge's conversion patterns inside its own dialect
// conversion (with a pattern of its own): once against the build tree, once against an install tree
// (`cmake --install` into a temporary prefix). Each configure + build takes
// a few seconds.
//
// Not in the sanitizer build: its libraries need the client to be built and
// linked with the same -fsanitize flags, which a package client does not
// know; what this test checks (the package) does not depend on them.
// UNSUPPORTED: sanitizer
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cmake -G Ninja -S %edge_src_root/test/Downstream/project -B %t/from-build -DMLIR_DIR=%mlir_cmake_dir -Dedge_DIR=%edge_obj_root/lib/cmake/edge -DCMAKE_BUILD_TYPE=%edge_build_type > %t/build.log 2>&1
// RUN: ninja -C %t/from-build >> %t/build.log 2>&1
// RUN: %t/from-build/count-einsums %edge_src_root/examples/attention-3pass.mlir | FileCheck %s
//
// RUN: cmake --install %edge_obj_root --prefix %t/prefix > %t/install.log 2>&1
// RUN: cmake -G Ninja -S %edge_src_root/test/Downstream/project -B %t/from-install -DMLIR_DIR=%mlir_cmake_dir -Dedge_DIR=%t/prefix/lib/cmake/edge -DCMAKE_BUILD_TYPE=%edge_build_type > %t/install-build.log 2>&1
// RUN: ninja -C %t/from-install >> %t/install-build.log 2>&1
// RUN: %t/from-install/count-einsums %edge_src_root/examples/attention-3pass.mlir | FileCheck %s
// RUN: %t/prefix/bin/edge-opt --fusemax-1pass %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=TOOL

// CHECK: before @attention: 6 einsums, 0 iterations
// CHECK: after @attention: 12 einsums, 1 iterations
/// The two contractions of the 1-pass body (BQK, SLNV) stay contractions
/// that upstream linalg recognizes; the client's exp -> exp2 rule applies to
/// the exps the edge patterns create, in the same conversion.
// CHECK: lowered @attention: 0 edge ops, 12 generics, 2 contractions, 0 exp, 2 exp2
// TOOL: edge.iterate m1 until m1 >= 4
