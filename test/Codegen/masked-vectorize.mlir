// Presence masks are bytes (docs/Lowering.md): the ops of masked attention
// that read or write them are tiled and vectorized. Only the conversion of
// the i1 input Valid to bytes stays a scalar generic, on its own 256
// points, and is not fused into the mask's generic (which it would make
// scalar again).
// RUN: edge-opt --convert-edge-to-linalg --edge-tile-and-vectorize=threads=1 \
// RUN:   %edge_src_root/examples/attention-masked.mlir | FileCheck %s
// CHECK:     linalg.generic {{.*}} ins(%{{.*}} : tensor<256xi1>) outs(%{{.*}} : tensor<256xi8>)
// CHECK:       arith.extui %{{.*}} : i1 to i8
// The mask of K, per vector of 32 keys.
// CHECK:     vector.transfer_read %{{.*}} : tensor<256xi8>, vector<32xi8>
// CHECK:     vector.transfer_write %{{.*}} : vector<1x32xi8>, tensor<64x256xi8>
// The presence of the scores, read and written per vector.
// CHECK:     vector.transfer_read %{{.*}} : tensor<256x128xi8>, vector<1x32xi8>
// CHECK:     vector.transfer_write %{{.*}} : vector<1x32xi8>, tensor<256x128xi8>
// CHECK-NOT: tensor<{{[0-9x]*}}xi1>
