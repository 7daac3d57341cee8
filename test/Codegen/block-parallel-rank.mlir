// RUN: edge-opt %s --edge-block-parallel-rank="block=32 target-cpu=x86-64" --split-input-file | FileCheck %s

/// Softmax-like: a max over m, then e^(x - max), per column p. The column
/// rank p is never reduced, so the body runs per block of 32 columns: the
/// input is sliced, every intermediate shrinks to the block, and the block's
/// result is inserted into the output.
// CHECK-LABEL: func.func @columns
// CHECK: %[[OUT:.*]] = tensor.empty() : tensor<64x128xf32>
// CHECK: scf.forall (%[[P:.*]]) = (0) to (128) step (32) shared_outs(%[[SHARED:.*]] = %[[OUT]])
// CHECK: %[[X:.*]] = tensor.extract_slice %arg0[0, %[[P]]] [64, 32] [1, 1] : tensor<64x128xf32> to tensor<64x32xf32>
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<64x32xf32>) outs(%{{.*}} : tensor<32xf32>)
// CHECK: %[[E:.*]] = linalg.generic
// CHECK: } -> tensor<64x32xf32>
// CHECK: tensor.parallel_insert_slice %[[E]] into %[[SHARED]][0, %[[P]]] [64, 32] [1, 1]
func.func @columns(%X: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %e1 = tensor.empty() : tensor<128xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%e1 : tensor<128xf32>) -> tensor<128xf32>
  %max = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (p)>],
                         iterator_types = ["reduction", "parallel"]}
      ins(%X : tensor<64x128xf32>) outs(%init : tensor<128xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.maximumf %acc, %x : f32
    linalg.yield %r : f32
  } -> tensor<128xf32>
  %e2 = tensor.empty() : tensor<64x128xf32>
  %exp = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (p)>,
                                          affine_map<(m, p) -> (m, p)>],
                         iterator_types = ["parallel", "parallel"]}
      ins(%X, %max : tensor<64x128xf32>, tensor<128xf32>) outs(%e2 : tensor<64x128xf32>) {
  ^bb0(%x: f32, %g: f32, %out: f32):
    %d = arith.subf %x, %g : f32
    %r = math.exp %d : f32
    linalg.yield %r : f32
  } -> tensor<64x128xf32>
  return %exp : tensor<64x128xf32>
}

// -----

/// A causal predicate over the blocked ranks reads the global indices: each
/// block's start is added to its linalg.index. Here the row rank m is not
/// reduced either, so it is blocked too, one row at a time.
// CHECK-LABEL: func.func @causal
// CHECK: scf.forall (%[[M:.*]], %[[P:.*]]) = (0, 0) to (64, 128) step (1, 32)
// CHECK-DAG: %[[ROW:.*]] = linalg.index 0 : index
// CHECK-DAG: %[[COL:.*]] = linalg.index 1 : index
// CHECK-DAG: affine.apply #{{.*}}(%[[ROW]])[%[[M]]]
// CHECK-DAG: affine.apply #{{.*}}(%[[COL]])[%[[P]]]
func.func @causal(%X: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (m, p)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%X : tensor<64x128xf32>) outs(%e : tensor<64x128xf32>) {
  ^bb0(%x: f32, %out: f32):
    %m = linalg.index 0 : index
    %p = linalg.index 1 : index
    %keep = arith.cmpi sle, %m, %p : index
    %v = arith.select %keep, %x, %zero : f32
    linalg.yield %v : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

// -----

/// The innermost rank p of the result is reduced elsewhere (the row sums feed
/// the result): computing it per block would be wrong, so only the rows m
/// are blocked, each whole.
// CHECK-LABEL: func.func @negative_reduced_rank
// CHECK: scf.forall (%[[M:.*]]) in (64)
// CHECK: tensor.extract_slice %arg0[%[[M]], 0] [1, 128] [1, 1]
func.func @negative_reduced_rank(%X: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<64xf32>) -> tensor<64xf32>
  %rows = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (m)>],
                          iterator_types = ["parallel", "reduction"]}
      ins(%X : tensor<64x128xf32>) outs(%init : tensor<64xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  } -> tensor<64xf32>
  %e2 = tensor.empty() : tensor<64x128xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, p) -> (m, p)>, affine_map<(m, p) -> (m)>,
                                        affine_map<(m, p) -> (m, p)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%X, %rows : tensor<64x128xf32>, tensor<64xf32>) outs(%e2 : tensor<64x128xf32>) {
  ^bb0(%x: f32, %s: f32, %out: f32):
    %d = arith.divf %x, %s : f32
    linalg.yield %d : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}
