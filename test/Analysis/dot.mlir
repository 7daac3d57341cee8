// RUN: edge-opt --edge-dot %edge_src_root/examples/attention-3pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=THREE
// RUN: edge-opt --edge-dot %edge_src_root/examples/attention-1pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt --edge-dot=cascade=chain %s -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=CHAIN

/// 3-pass: one filled cluster per pass over m; einsums in EDGE notation
/// (backslashes escaped for DOT); edges carry the tensor and its ranks.
// THREE:       digraph "attention" {
// THREE-NEXT:    label="@attention: 3 passes over m"
// THREE:         in0 [label="Q[e,p]", shape=ellipse];
// THREE:         subgraph cluster_0 {
// THREE-NEXT:      label="pass 1 over m"
// THREE-NEXT:      n0 [label="QK[m,p] = Q[e,p] . K[e,m] :: /\\ mul(isect) \\/_e add(union)"
// THREE-NEXT:      n1 [label="GM[p] = QK[m,p] :: \\/_m max(union)"
// THREE-NEXT:    }
// THREE-NEXT:    subgraph cluster_1 {
// THREE-NEXT:      label="pass 2 over m"
// THREE-NEXT:      n2 [label="SN[m,p] = QK[m,p] . GM[p] :: /\\ sub_exp(pass_through)"
// THREE-NEXT:      n3 [label="SD[p] = SN[m,p] :: \\/_m add(union)"
// THREE-NEXT:    }
// THREE-NEXT:    subgraph cluster_2 {
// THREE-NEXT:      label="pass 3 over m"
// THREE-NEXT:      n4 [label="A[m,p] = SN[m,p] . SD[p] :: /\\ div(take_right)"
// THREE-NEXT:      n5 [label="AV[f,p] = A[m,p] . V[f,m] :: /\\ mul(isect) \\/_m add(union)"
// THREE-NEXT:    }
// THREE-NEXT:    out0 [label="AV[f,p]", shape=ellipse, style=bold];
// THREE-DAG:     in0 -> n0 [label="Q[e,p]"];
// THREE-DAG:     in1 -> n0 [label="K[e,m]"];
// THREE-DAG:     n0 -> n1 [label="QK[m,p]"];
// THREE-DAG:     n0 -> n2 [label="QK[m,p]"];
// THREE-DAG:     n1 -> n2 [label="GM[p]"];
// THREE-DAG:     n2 -> n3 [label="SN[m,p]"];
// THREE-DAG:     n2 -> n4 [label="SN[m,p]"];
// THREE-DAG:     n3 -> n4 [label="SD[p]"];
// THREE-DAG:     n4 -> n5 [label="A[m,p]"];
// THREE-DAG:     in2 -> n5 [label="V[f,m]"];
// THREE-DAG:     n5 -> out0 [label="AV[f,p]"];
// THREE:       }

/// 1-pass: the iteration is a dashed cluster inside pass 1; a slice is drawn
/// from its source, a running value from its init and, dashed, from the
/// value of the previous step; the results leave from the last step.
// ONE:         label="@attention: 1 pass over m"
// ONE:         subgraph cluster_0 {
// ONE-NEXT:      label="pass 1 over m"
// ONE-NEXT:      n0 [label="split(K)[e,m1,m0] = K[e,m] :: split dim 1 tile 64"
// ONE:           n2 [label="fill(-inf)[p] :: fill"
// ONE:           subgraph cluster_1 {
// ONE-NEXT:        label="iterate m1 until m1 >= 4"; style="dashed,rounded"
// ONE-NEXT:        n5 [label="BQK[m0,p] = Q[e,p] . split(K)[e,m0] :: /\\ mul(isect) \\/_e add(union)"
// ONE:             n7 [label="RMn[p] = RMn.prev[p] . LM[p] :: /\\ max(union)"
// ONE:           }
// ONE-NEXT:      n16 [label="AV[f,p] = RNVn.final[f,p] . RDn.final[p] :: /\\ div(take_right)"
// ONE:         n0 -> n5 [label="split(K)[e,m1,m0]"];
// ONE:         n2 -> n7 [label="RMn.prev[p]"];
// ONE-NEXT:    n7 -> n7 [label="RMn[p] (next step)", style=dashed, constraint=false];
// ONE:         n15 -> n16 [label="RNVn.final[f,p]"];
// ONE-NEXT:    n13 -> n16 [label="RDn.final[p]"];

/// `cascade=` selects one cascade of the module.
// CHAIN:       digraph "chain" {
// CHAIN-NEXT:    label="@chain: 2 passes over m"
// CHAIN-NOT:   digraph
// CHAIN:         n2 [label="Y[m] = X[m] . S[] :: /\\ div(take_right)"
// CHAIN-NOT:   digraph
edge.cascade @sum(%A: tensor<64xf32>) -> (S: tensor<f32>) {
  %S = edge.einsum "S" (%A[m]) -> [] reduce [m] add(union)
         : (tensor<64xf32>) -> tensor<f32>
  edge.return %S : tensor<f32>
}
edge.cascade @chain(%A: tensor<64xf32>) -> (Y: tensor<64xf32>) {
  %X = edge.einsum "X" (%A[m], %A[m]) -> [m] map mul(isect)
         : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  %S = edge.einsum "S" (%X[m]) -> [] reduce [m] add(union)
         : (tensor<64xf32>) -> tensor<f32>
  %Y = edge.einsum "Y" (%X[m], %S[]) -> [m] map div(take_right)
         : (tensor<64xf32>, tensor<f32>) -> tensor<64xf32>
  edge.return %Y : tensor<64xf32>
}
