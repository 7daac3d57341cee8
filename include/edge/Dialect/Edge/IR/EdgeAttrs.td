//===- EdgeAttrs.td - compute, merge and unary operators ---*- tablegen -*-===//
//
// Enumerations for the operators of EDGE actions. They are stored as plain
// enum attributes and printed by the ops' custom assembly by their names.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_IR_EDGEATTRS_TD
#define EDGE_DIALECT_EDGE_IR_EDGEATTRS_TD

include "edge/Dialect/Edge/IR/EdgeDialect.td"
include "mlir/IR/EnumAttr.td"

def Edge_ComputeKind : I32EnumAttr<"ComputeKind",
    "binary compute operator of a map or reduce action", [
  I32EnumAttrCase<"Add", 0, "add">,
  I32EnumAttrCase<"Sub", 1, "sub">,
  I32EnumAttrCase<"Mul", 2, "mul">,
  I32EnumAttrCase<"Div", 3, "div">,
  I32EnumAttrCase<"Max", 4, "max">,
  I32EnumAttrCase<"Min", 5, "min">,
  I32EnumAttrCase<"TakeLeft", 6, "take_left">,
  I32EnumAttrCase<"TakeRight", 7, "take_right">,
  // sub_exp(a, b) = e^(a - b), FuseMax's fused softmax numerator.
  I32EnumAttrCase<"SubExp", 8, "sub_exp">
]> {
  let cppNamespace = "::edge";
  let genSpecializedAttr = 0;
}

// A merge operator is a truth table over (left present, right present). The
// case value is that table as four bits:
//   bit 3: both present, bit 2: only left, bit 1: only right, bit 0: neither.
// All 16 tables of the EDGE paper are named.
def Edge_MergeKind : I32EnumAttr<"MergeKind",
    "merge operator: which points an action visits", [
  I32EnumAttrCase<"Never", 0, "never">,
  I32EnumAttrCase<"Neither", 1, "neither">,
  I32EnumAttrCase<"RightOnly", 2, "right_only">,
  I32EnumAttrCase<"NotLeft", 3, "not_left">,
  I32EnumAttrCase<"LeftOnly", 4, "left_only">,
  I32EnumAttrCase<"NotRight", 5, "not_right">,
  I32EnumAttrCase<"Xor", 6, "xor">,
  I32EnumAttrCase<"NotBoth", 7, "not_both">,
  I32EnumAttrCase<"Isect", 8, "isect">,
  I32EnumAttrCase<"Same", 9, "same">,
  I32EnumAttrCase<"TakeRight", 10, "take_right">,
  I32EnumAttrCase<"LeftImpliesRight", 11, "left_implies_right">,
  I32EnumAttrCase<"TakeLeft", 12, "take_left">,
  I32EnumAttrCase<"RightImpliesLeft", 13, "right_implies_left">,
  I32EnumAttrCase<"Union", 14, "union">,
  I32EnumAttrCase<"PassThrough", 15, "pass_through">
]> {
  let cppNamespace = "::edge";
  let genSpecializedAttr = 0;
}

def Edge_UnaryKind : I32EnumAttr<"UnaryKind",
    "pointwise unary operator", [
  I32EnumAttrCase<"Exp", 0, "exp">,
  I32EnumAttrCase<"Neg", 1, "neg">,
  I32EnumAttrCase<"Reciprocal", 2, "reciprocal">,
  I32EnumAttrCase<"Sqrt", 3, "sqrt">,
  I32EnumAttrCase<"Rsqrt", 4, "rsqrt">,
  I32EnumAttrCase<"Log", 5, "log">,
  I32EnumAttrCase<"Abs", 6, "abs">,
  I32EnumAttrCase<"Square", 7, "square">
]> {
  let cppNamespace = "::edge";
  let genSpecializedAttr = 0;
}

def Edge_ComputeKindAttr : EnumAttr<Edge_Dialect, Edge_ComputeKind, "compute">;
def Edge_MergeKindAttr : EnumAttr<Edge_Dialect, Edge_MergeKind, "merge">;
def Edge_UnaryKindAttr : EnumAttr<Edge_Dialect, Edge_UnaryKind, "unary">;
def Edge_UnaryKindArrayAttr :
    TypedArrayAttrBase<Edge_UnaryKindAttr, "array of unary operators">;

#endif // EDGE_DIALECT_EDGE_IR_EDGEATTRS_TD
