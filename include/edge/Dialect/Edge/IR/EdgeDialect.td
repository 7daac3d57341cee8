//===- EdgeDialect.td - EDGE extended-einsum dialect -------*- tablegen -*-===//
//
// The `edge` dialect represents cascades of EDGE extended einsums as used by
// FuseMax (Nayak et al., MICRO 2024) to describe attention.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_IR_EDGEDIALECT_TD
#define EDGE_DIALECT_EDGE_IR_EDGEDIALECT_TD

include "mlir/IR/OpBase.td"

def Edge_Dialect : Dialect {
  let name = "edge";
  let cppNamespace = "::edge";
  let summary = "Cascades of EDGE extended einsums (map/reduce actions with "
                "compute and merge operators, rank splitting, iterative ranks)";
  let description = [{
    An extended einsum names an iteration space (the product of its rank
    variables) and says what happens at each point: a *map* action combines the
    operands pointwise (a compute operator such as `mul`, and a merge operator
    such as `isect` that decides which points are visited from which operands
    are present there), optional unary operators apply to the mapped value, and
    a *reduce* action folds the ranks that do not appear in the output.

    Every tensor value has an *empty value* (0 for sums, -inf for maxima). Dense
    function arguments are present everywhere; split tails, filters and merges
    create empty points, and merges decide how later einsums treat them.

    A cascade (`edge.cascade`) is a DAG of einsums with named inputs and
    outputs; `edge.iterate` expresses an iterative rank (initialization,
    extended part, stopping condition) as in FuseMax's Cascade 5.
  }];
  let useDefaultAttributePrinterParser = 1;
}

class Edge_Op<string mnemonic, list<Trait> traits = []> :
    Op<Edge_Dialect, mnemonic, traits>;

#endif // EDGE_DIALECT_EDGE_IR_EDGEDIALECT_TD
