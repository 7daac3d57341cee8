// A downstream CMake project finds edge through its package, links the
// dialect and the rewrite library, and runs --fusemax-1pass through the C++
// API. Configuring and building it takes a few tens of seconds.
//
// RUN: rm -rf %t && cmake -G Ninja -S %edge_src_root/test/Downstream/project -B %t -DMLIR_DIR=%mlir_cmake_dir -Dedge_DIR=%edge_obj_root/lib/cmake/edge -DCMAKE_BUILD_TYPE=%edge_build_type > %t.log 2>&1
// RUN: ninja -C %t >> %t.log 2>&1
// RUN: %t/count-einsums %edge_src_root/examples/attention-3pass.mlir | FileCheck %s

// CHECK: before @attention: 6 einsums, 0 iterations
// CHECK: after @attention: 12 einsums, 1 iterations
