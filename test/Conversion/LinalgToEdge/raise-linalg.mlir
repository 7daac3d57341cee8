// edge-raise-linalg, op by op: what each linalg op becomes, how an init
// that is not the fold's identity is kept, the two upstream spellings of a
// maximum, fusion, views, region boundaries, and the remarks for what stays.
//
// RUN: edge-opt %s --edge-raise-linalg=remarks=true -verify-diagnostics | FileCheck %s
// RUN: edge-opt %s --edge-raise-linalg="functions=batch_matmul" | FileCheck %s --check-prefix=ONLY

// ONLY-NOT: @matmul_into_argument_edge
// ONLY: edge.cascade @batch_matmul_edge
// ONLY-NOT: @sum_from_one_edge

#id2 = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (i)>


/// An accumulator that is not a fill of 0 is added after the contraction.
// CHECK-LABEL: edge.cascade @matmul_into_argument_edge(
// CHECK-SAME: %[[A:[^:]*]]: tensor<8x16xf32>, %[[B:[^:]*]]: tensor<16x4xf32>, %[[C:[^:]*]]: tensor<8x4xf32>
// CHECK: %[[AB:.*]] = edge.einsum "{{.*}}" (%[[A]][i, k], %[[B]][k, j]) -> [i, j] map mul(isect) reduce [k] add(union)
// CHECK: %[[R:.*]] = edge.einsum "{{.*}}" (%[[AB]][i, j], %[[C]][i, j]) -> [i, j] map add(union)
// CHECK: edge.return %[[R]]
// CHECK-LABEL: func.func @matmul_into_argument(
// CHECK-NOT: linalg.
// CHECK: edge.call @matmul_into_argument_edge(%arg0, %arg1, %arg2)
func.func @matmul_into_argument(%A: tensor<8x16xf32>, %B: tensor<16x4xf32>, %C: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %0 = linalg.matmul ins(%A, %B : tensor<8x16xf32>, tensor<16x4xf32>) outs(%C : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}

// CHECK-LABEL: edge.cascade @batch_matmul_edge(
// CHECK: edge.einsum "{{.*}}" (%arg0[i, j, l], %arg1[i, l, k]) -> [i, j, k] map mul(isect) reduce [l] add(union)
// CHECK-LABEL: func.func @batch_matmul(
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.empty
func.func @batch_matmul(%A: tensor<2x8x16xf32>, %B: tensor<2x16x4xf32>) -> tensor<2x8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x8x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  %0 = linalg.batch_matmul ins(%A, %B : tensor<2x8x16xf32>, tensor<2x16x4xf32>) outs(%z : tensor<2x8x4xf32>) -> tensor<2x8x4xf32>
  return %0 : tensor<2x8x4xf32>
}

/// A fill that is not the identity: its value is added after the fold.
// CHECK-LABEL: edge.cascade @sum_from_one_edge(
// CHECK: %[[ONE:.*]] = edge.fill 1.0 : tensor<f32>
// CHECK: %[[S:.*]] = edge.einsum "{{.*}}" (%arg0[i, j]) -> [i] reduce [j] add(union)
// CHECK: edge.einsum "{{.*}}" (%[[S]][i], %[[ONE]][]) -> [i] map add(union)
func.func @sum_from_one(%X: tensor<8x32xf32>) -> tensor<8xf32> {
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %init = linalg.fill ins(%one : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %0 = linalg.reduce ins(%X : tensor<8x32xf32>) outs(%init : tensor<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %0 : tensor<8xf32>
}

/// A maximumf fold from -FLT_MAX that is not a softmax's: the clamp stays
/// (an all -inf row gives -FLT_MAX, as in linalg).
// CHECK-LABEL: edge.cascade @max_from_lowest_edge(
// CHECK: %[[LOWEST:.*]] = edge.fill -3.40282347E+38 : tensor<f32>
// CHECK: %[[GM:.*]] = edge.einsum "{{.*}}" (%arg0[i, j]) -> [i] reduce [j] max(union)
// CHECK: edge.einsum "{{.*}}" (%[[GM]][i], %[[LOWEST]][]) -> [i] map max(union)
func.func @max_from_lowest(%X: tensor<8x32xf32>) -> tensor<8xf32> {
  %lowest = arith.constant -3.40282347E+38 : f32
  %e = tensor.empty() : tensor<8xf32>
  %init = linalg.fill ins(%lowest : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %0 = linalg.reduce ins(%X : tensor<8x32xf32>) outs(%init : tensor<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  return %0 : tensor<8xf32>
}

/// A maxnumf fold from NaN skips NaN; edge's max does not: outside a softmax
/// it stays linalg.
// CHECK-LABEL: func.func @maxnum_from_nan(
// CHECK: linalg.generic
// CHECK: arith.maxnumf
func.func @maxnum_from_nan(%X: tensor<8x32xf32>) -> tensor<8xf32> {
  %nan = arith.constant 0x7FC00000 : f32
  %e = tensor.empty() : tensor<8xf32>
  %init = linalg.fill ins(%nan : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  // expected-remark @below {{region not raised to edge: a maxnumf from NaN is not edge's max here}}
  %0 = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["parallel", "reduction"]}
      ins(%X : tensor<8x32xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %m = arith.maxnumf %in, %acc : f32
    linalg.yield %m : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

/// sub then exp is sub_exp; a product with a broadcast reciprocal is a
/// division by the unbroadcast tensor; neg joins the max before it.
// CHECK-LABEL: edge.cascade @elementwise_edge(
// CHECK: %[[SN:.*]] = edge.einsum "{{.*}}" (%arg0[i, j], %arg1[i]) -> [i, j] map sub_exp(pass_through)
// CHECK-NEXT: %[[A:.*]] = edge.einsum "{{.*}}" (%[[SN]][i, j], %arg1[i]) -> [i, j] map div(isect)
// CHECK-NEXT: %[[N:.*]] = edge.einsum "{{.*}}" (%[[A]][i, j], %arg0[i, j]) -> [i, j] map max(union) apply [neg]
// CHECK-NEXT: edge.return %[[N]]
func.func @elementwise(%X: tensor<8x32xf32>, %Y: tensor<8xf32>) -> tensor<8x32xf32> {
  %e = tensor.empty() : tensor<8x32xf32>
  %ey = tensor.empty() : tensor<8xf32>
  %sub = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%X, %Y : tensor<8x32xf32>, tensor<8xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %d = arith.subf %x, %y : f32
    linalg.yield %d : f32
  } -> tensor<8x32xf32>
  %exp = linalg.exp ins(%sub : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %inv = linalg.reciprocal ins(%Y : tensor<8xf32>) outs(%ey : tensor<8xf32>) -> tensor<8xf32>
  %invB = linalg.broadcast ins(%inv : tensor<8xf32>) outs(%e : tensor<8x32xf32>) dimensions = [1]
  %a = linalg.mul ins(%exp, %invB : tensor<8x32xf32>, tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %m = linalg.max ins(%a, %X : tensor<8x32xf32>, tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %n = linalg.negf ins(%m : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %n : tensor<8x32xf32>
}

/// An op that stays and reads the region ends it: two cascades around it.
// CHECK-LABEL: edge.cascade @split_region_edge(
// CHECK: apply [exp]
// CHECK-LABEL: edge.cascade @split_region_edge_0(
// CHECK: apply [log]
// CHECK-LABEL: func.func @split_region(
// CHECK: %[[EXP:.*]] = edge.call @split_region_edge(%arg0)
// CHECK: %[[POS:.*]] = linalg.generic {{.*}} ins(%[[EXP]]
// CHECK: edge.call @split_region_edge_0(%[[POS]])
func.func @split_region(%X: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %e = tensor.empty() : tensor<8x32xf32>
  %exp = linalg.exp ins(%X : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  // expected-remark @below {{not raised to edge: the payload computes something other than one binary and unary operators of the inputs}}
  %pos = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%exp : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %zero = arith.constant 0.0 : f32
    %c = arith.cmpf ogt, %x, %zero : f32
    %s = arith.select %c, %x, %zero : f32
    linalg.yield %s : f32
  } -> tensor<8x32xf32>
  %log = linalg.log ins(%pos : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  return %log : tensor<8x32xf32>
}

// CHECK-LABEL: func.func @dynamic(
// CHECK: linalg.exp
func.func @dynamic(%X: tensor<?x32xf32>) -> tensor<?x32xf32> {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %X, %c0 : tensor<?x32xf32>
  %e = tensor.empty(%d) : tensor<?x32xf32>
  // expected-remark @below {{not raised to edge: an operand or result is not a float tensor of static shape}}
  %exp = linalg.exp ins(%X : tensor<?x32xf32>) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  return %exp : tensor<?x32xf32>
}

/// A collapse of unit dimensions is read through: index 0.
// CHECK-LABEL: edge.cascade @unit_reshapes_edge(
// CHECK: edge.einsum "{{.*}}" (%arg0[0, i, j]) -> [i, j] apply [exp]
// CHECK-LABEL: func.func @unit_reshapes(
// CHECK-NOT: tensor.collapse_shape
func.func @unit_reshapes(%X: tensor<1x8x1xf32>) -> tensor<8x1xf32> {
  %c = tensor.collapse_shape %X [[0, 1], [2]] : tensor<1x8x1xf32> into tensor<8x1xf32>
  %e = tensor.empty() : tensor<8x1xf32>
  %exp = linalg.exp ins(%c : tensor<8x1xf32>) outs(%e : tensor<8x1xf32>) -> tensor<8x1xf32>
  return %exp : tensor<8x1xf32>
}

/// A transpose alone computes nothing: no cascade.
// CHECK-NOT: @views_only_edge
// CHECK-LABEL: func.func @views_only(
// CHECK: linalg.transpose
func.func @views_only(%X: tensor<8x32xf32>) -> tensor<32x8xf32> {
  %e = tensor.empty() : tensor<32x8xf32>
  %t = linalg.transpose ins(%X : tensor<8x32xf32>) outs(%e : tensor<32x8xf32>) permutation = [1, 0]
  return %t : tensor<32x8xf32>
}

/// A softmax whose numerator is also a result: edge's max would show on an
/// all -inf row there (NaN where linalg has 0), so the clamp stays.
// CHECK-LABEL: edge.cascade @numerator_escapes_edge(
// CHECK: %[[LOWEST:.*]] = edge.fill -3.40282347E+38 : tensor<f32>
// CHECK: %[[GM:.*]] = edge.einsum "{{.*}}" (%arg0[i, j]) -> [i] reduce [j] max(union)
// CHECK: %[[GMC:.*]] = edge.einsum "{{.*}}" (%[[GM]][i], %[[LOWEST]][]) -> [i] map max(union)
// CHECK: %[[SN:.*]] = edge.einsum "{{.*}}" (%arg0[i, j], %[[GMC]][i]) -> [i, j] map sub_exp(pass_through)
// CHECK: edge.return {{.*}}%[[SN]]
func.func @numerator_escapes(%X: tensor<8x32xf32>) -> (tensor<8x32xf32>, tensor<8x32xf32>) {
  %lowest = arith.constant -3.40282347E+38 : f32
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %e2 = tensor.empty() : tensor<8x32xf32>
  %init = linalg.fill ins(%lowest : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %max = linalg.reduce ins(%X : tensor<8x32xf32>) outs(%init : tensor<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  %sn = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%X, %max : tensor<8x32xf32>, tensor<8xf32>) outs(%e2 : tensor<8x32xf32>) {
  ^bb0(%x: f32, %g: f32, %o: f32):
    %d = arith.subf %x, %g : f32
    %x2 = math.exp %d : f32
    linalg.yield %x2 : f32
  } -> tensor<8x32xf32>
  %zinit = linalg.fill ins(%zero : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %sd = linalg.reduce ins(%sn : tensor<8x32xf32>) outs(%zinit : tensor<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  %a = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%sn, %sd : tensor<8x32xf32>, tensor<8xf32>) outs(%e2 : tensor<8x32xf32>) {
  ^bb0(%x: f32, %s: f32, %o: f32):
    %q = arith.divf %x, %s : f32
    linalg.yield %q : f32
  } -> tensor<8x32xf32>
  return %a, %sn : tensor<8x32xf32>, tensor<8x32xf32>
}

/// A view of a region value that is read outside stays, after the call.
// CHECK-LABEL: func.func @escaping_view(
// CHECK: %[[SUM:.*]] = edge.call @escaping_view_edge(%arg0) : (tensor<8x32xf32>) -> tensor<8xf32>
// CHECK: %[[VIEW:.*]] = tensor.expand_shape %[[SUM]]
// CHECK: return %[[VIEW]]
func.func @escaping_view(%X: tensor<8x32xf32>) -> tensor<8x1xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<8xf32>) -> tensor<8xf32>
  %sum = linalg.reduce ins(%X : tensor<8x32xf32>) outs(%init : tensor<8xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  %v = tensor.expand_shape %sum [[0, 1]] output_shape [8, 1] : tensor<8xf32> into tensor<8x1xf32>
  return %v : tensor<8x1xf32>
}

/// A use inside the region of an op that stays ends the region before that
/// op: the call dominates the use.
// CHECK-LABEL: func.func @nested_use(
// CHECK: %[[EXP:.*]] = edge.call @nested_use_edge(%arg0)
// CHECK: scf.execute_region
// CHECK-NEXT: scf.yield %[[EXP]]
func.func @nested_use(%X: tensor<8x32xf32>) -> tensor<8x32xf32> {
  %e = tensor.empty() : tensor<8x32xf32>
  %exp = linalg.exp ins(%X : tensor<8x32xf32>) outs(%e : tensor<8x32xf32>) -> tensor<8x32xf32>
  %r = scf.execute_region -> tensor<8x32xf32> {
    scf.yield %exp : tensor<8x32xf32>
  }
  return %r : tensor<8x32xf32>
}
