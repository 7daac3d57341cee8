//===- EdgeOps.td - edge dialect operations ----------------*- tablegen -*-===//
//
// Operations of the edge dialect: cascades, extended einsums, rank splitting
// and iterative cascades.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_IR_EDGEOPS_TD
#define EDGE_DIALECT_EDGE_IR_EDGEOPS_TD

include "edge/Dialect/Edge/IR/EdgeDialect.td"
include "edge/Dialect/Edge/IR/EdgeAttrs.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/FunctionInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// A float attribute of any float type (empty and fill values).
def Edge_AnyFloatAttr : Attr<CPred<"::llvm::isa<::mlir::FloatAttr>($_self)">,
                              "float attribute"> {
  let storageType = "::mlir::FloatAttr";
  let returnType = "::llvm::APFloat";
  let convertFromStorage = "$_self.getValue()";
}

// Scalar constant operands of an einsum (floats of the result's type).
def Edge_FloatArrayAttr :
    TypedArrayAttrBase<Edge_AnyFloatAttr, "array of float attributes">;

//===----------------------------------------------------------------------===//
// CascadeOp / ReturnOp
//===----------------------------------------------------------------------===//

def Edge_CascadeOp : Edge_Op<"cascade", [
    FunctionOpInterface, IsolatedFromAbove,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmBlockArgumentNames"]>
  ]> {
  let summary = "a named cascade of extended einsums";
  let description = [{
    Groups a cascade: named input tensors, a body of einsums, and named
    outputs returned by `edge.return`. The names are those of the paper
    (`Q`, `K`, `V`, `AV`) and are kept for printing, analysis reports and
    DOT views. Lowering turns a cascade into a `func.func`.

    An input dimension may be dynamic (`?`): its extent is known at run
    time only. `sizes(M = K[1])` names one: M is the extent of dimension 1
    of input K. Filters may name a size (`where m1*64 + m0 <= M - 1`, the
    tail of a dynamic split), and the analysis and `edge-run --dims M=1000`
    use the names. Splitting a dynamic rank names its size if it has no
    name yet.

    ```mlir
    edge.cascade @matmul(%A: tensor<4x8xf32>, %B: tensor<4x16xf32>)
        -> (Z: tensor<8x16xf32>) {
      %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
             map mul(isect) reduce [k] add(union)
             : (tensor<4x8xf32>, tensor<4x16xf32>) -> tensor<8x16xf32>
      edge.return %Z : tensor<8x16xf32>
    }
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    TypeAttrOf<FunctionType>:$function_type,
    StrArrayAttr:$input_names,
    StrArrayAttr:$output_names,
    OptionalAttr<DictArrayAttr>:$arg_attrs,
    OptionalAttr<DictArrayAttr>:$res_attrs,
    OptionalAttr<DictionaryAttr>:$sizes
  );
  let regions = (region AnyRegion:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The input dimension that the run-time size `name` is the extent of.
    std::optional<::edge::InputDim> lookupSize(::llvm::StringRef name);
    /// The name of dimension `dim` of input `input`, if it has one.
    std::optional<::llvm::StringRef> getSizeName(::edge::InputDim dim);
    /// Names a dynamic input dimension (`name` must be unused).
    void addSize(::llvm::StringRef name, ::edge::InputDim dim);
    /// FunctionOpInterface: the types of the cascade's inputs and outputs.
    ::llvm::ArrayRef<::mlir::Type> getArgumentTypes() {
      return getFunctionType().getInputs();
    }
    ::llvm::ArrayRef<::mlir::Type> getResultTypes() {
      return getFunctionType().getResults();
    }
    /// CallableOpInterface: the body.
    ::mlir::Region *getCallableRegion() { return &getBody(); }
  }];
}

def Edge_ReturnOp : Edge_Op<"return", [Pure, HasParent<"CascadeOp">,
                                       ReturnLike, Terminator]> {
  let summary = "returns the outputs of a cascade";
  let description = [{
    ```mlir
    edge.return %AV : tensor<64x128xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$operands);
  let assemblyFormat = "($operands^ `:` type($operands))? attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// CallOp
//===----------------------------------------------------------------------===//

def Edge_CallOp : Edge_Op<"call", [
    CallOpInterface, DeclareOpInterfaceMethods<SymbolUserOpInterface>
  ]> {
  let summary = "calls a cascade of the same module from a function";
  let description = [{
    Calls the `edge.cascade` named `callee`, which must be in the nearest
    symbol table (the module). Operand and result types are the cascade's
    input and output types. `func.call` only accepts a `func.func`, so a
    function calls a cascade with `edge.call`; the lowering
    (`convert-edge-to-linalg`) makes the cascade a `func.func` and the call
    an ordinary `func.call`, which `--inline` can then inline.
    `--edge-raise-linalg` leaves one behind for every region it raises.

    ```mlir
    func.func @layer(%Q: tensor<64x128xf32>, %K: tensor<64x256xf32>,
                     %V: tensor<64x256xf32>) -> tensor<64x128xf32> {
      %AV = edge.call @attention(%Q, %K, %V)
              : (tensor<64x128xf32>, tensor<64x256xf32>, tensor<64x256xf32>)
                -> tensor<64x128xf32>
      return %AV : tensor<64x128xf32>
    }
    ```
  }];
  let arguments = (ins
    FlatSymbolRefAttr:$callee,
    Variadic<AnyRankedTensor>:$operands,
    OptionalAttr<DictArrayAttr>:$arg_attrs,
    OptionalAttr<DictArrayAttr>:$res_attrs
  );
  let results = (outs Variadic<AnyRankedTensor>);
  let assemblyFormat = [{
    $callee `(` $operands `)` attr-dict `:` functional-type($operands, results)
  }];
  let extraClassDeclaration = [{
    /// CallOpInterface: every operand is an argument of the cascade.
    operand_range getArgOperands() { return getOperands(); }
    ::mlir::MutableOperandRange getArgOperandsMutable() {
      return getOperandsMutable();
    }
    ::mlir::CallInterfaceCallable getCallableForCallee() {
      return (*this)->getAttrOfType<::mlir::SymbolRefAttr>("callee");
    }
    void setCalleeFromCallable(::mlir::CallInterfaceCallable callee) {
      (*this)->setAttr("callee", ::llvm::cast<::mlir::SymbolRefAttr>(callee));
    }
  }];
}

//===----------------------------------------------------------------------===//
// EinsumOp
//===----------------------------------------------------------------------===//

def Edge_EinsumOp : Edge_Op<"einsum", [Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "an extended einsum";
  let description = [{
    `%Z = edge.einsum "Z" (%A[<rank exprs>], ...) -> [<rank exprs>] <actions>`

    The iteration space is the product of the rank variables that occur as a
    bare index in an operand or in the output; their extents come from those
    tensor dimensions and must agree. Index expressions are sums of ranks
    times integers (`m1*64 + m0`, `i + 1`) with floordiv and mod by positive
    integers (`h floordiv 2`, `m mod 4`); a point whose index expression
    falls outside an operand is *empty* for that operand. A name that only occurs inside
    compound expressions or filters must be the rank of an enclosing
    `edge.iterate`: it is fixed for one step of the iteration.

    At each point of the iteration space:
    - `map <compute>(<merge>)` combines the operands left to right; the merge
      truth table decides, from which operands are present there, whether the
      point is visited. An empty operand contributes its tensor's empty value
      (this is what makes `sub_exp(pass_through)` of an empty logit 0).
    - `apply [<unary>, ...]` applies unary operators to the mapped value.
    - `where <lhs> <= <rhs>, ...` filters points (e.g. causal `m <= p`);
      filtered points are not visited.
    - `reduce [<ranks>] <compute>(<merge>)` folds the ranks that are absent from
      the output. An output point that no visited point reaches is empty and
      holds the result's empty value.
    - An operand may be a scalar constant instead of a tensor (`0.125`,
      `-inf`): it is present everywhere, has the result's element type and
      takes its place in the map fold (`(%QK[m, p], 0.125) map mul(isect)`
      scales QK). It has no type in the type list, which names the tensor
      operands only.
    - `empty <value>` is the result's empty value; it defaults to the identity
      of the reduce compute operator (0 for add, -inf for max, +inf for min,
      1 for mul) and to 0 without a reduction, and must equal that identity
      when a reduction is present.
    Populate is always `=`: each output point is written once.

    FuseMax's shorthands: a bare reduction is `reduce [r] add(union)`, `A x B`
    is `map mul(isect)`, `A / B` is `map div(take_right)`, `e^(A - B)` is
    `map sub_exp(pass_through)`.

    ```mlir
    // QK[m,p] = Q[e,p] x K[e,m]                           (Cascade 4, eq. 33)
    %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
            map mul(isect) reduce [e] add(union)
            : (tensor<64x128xf32>, tensor<64x256xf32>) -> tensor<256x128xf32>
    // GM[p] = QK[m,p] :: \/_m max(union)                   (eq. 34)
    %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
            : (tensor<256x128xf32>) -> tensor<128xf32>
    // causal: QK[m,p] = Q[e,p] x K[e,m] with m <= p
    %CQK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
             map mul(isect) where m <= p reduce [e] add(union)
             : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<128x128xf32>
    ```
  }];
  let arguments = (ins
    Variadic<AnyRankedTensor>:$inputs,
    OptionalAttr<StrAttr>:$name,
    StrArrayAttr:$ranks,
    StrArrayAttr:$symbols,
    AffineMapArrayAttr:$indexing_maps,
    OptionalAttr<Edge_ComputeKindAttr>:$map_compute,
    OptionalAttr<Edge_MergeKindAttr>:$map_merge,
    OptionalAttr<Edge_UnaryKindArrayAttr>:$unary,
    OptionalAttr<IntegerSetAttr>:$filter,
    StrArrayAttr:$reduce_ranks,
    OptionalAttr<Edge_ComputeKindAttr>:$reduce_compute,
    OptionalAttr<Edge_MergeKindAttr>:$reduce_merge,
    OptionalAttr<Edge_AnyFloatAttr>:$empty,
    OptionalAttr<DenseI64ArrayAttr>:$constant_positions,
    OptionalAttr<Edge_FloatArrayAttr>:$constants
  );
  let results = (outs AnyRankedTensor:$result);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The operands of the map fold, in order: tensor inputs and scalar
    /// constants (`constants[i]` sits at position `constant_positions[i]`).
    ::llvm::SmallVector<::edge::FoldOperand> getFoldOperands();
    /// Number of operands of the map fold (tensor inputs and constants).
    unsigned getNumFoldOperands() {
      return getInputs().size() +
             (getConstants() ? getConstants()->size() : 0);
    }
    /// The indexing map of input `i` (dims = ranks, symbols = symbols).
    ::mlir::AffineMap getInputMap(unsigned i) {
      return ::llvm::cast<::mlir::AffineMapAttr>(getIndexingMaps()[i])
          .getValue();
    }
    /// The indexing map of the output.
    ::mlir::AffineMap getOutputMap() {
      return ::llvm::cast<::mlir::AffineMapAttr>(getIndexingMaps().getValue()
                                                     .back())
          .getValue();
    }
    /// Number of iteration-space ranks.
    unsigned getNumRanks() { return getRanks().size(); }
    /// Position of rank `name` in the iteration space, if it is one.
    std::optional<unsigned> getRankPosition(::llvm::StringRef name);
    /// The extent of every iteration rank (ShapedType::kDynamic if unknown).
    ::llvm::SmallVector<int64_t> getRankExtents();
    /// The result's empty value, with the default applied.
    ::llvm::APFloat getEmptyValue();
    /// Whether iteration rank `pos` is reduced.
    bool isReducedRank(unsigned pos);
  }];
}

//===----------------------------------------------------------------------===//
// SplitOp / UnsplitOp / FillOp
//===----------------------------------------------------------------------===//

def Edge_SplitOp : Edge_Op<"split", [Pure,
    DeclareOpInterfaceMethods<OpAsmOpInterface, ["getAsmResultNames"]>]> {
  let summary = "uniform-shape rank split: M -> M1 x M0";
  let description = [{
    `BK[e, m1, m0] = K[e, m1*M0 + m0]`: dimension `dim` of the source, of
    extent M, becomes two dimensions (M1 = ceil(M / M0), M0 = `tile`). When
    M0 does not divide M the last chunk is partial: its missing points are
    empty and hold `empty` (default 0).

    ```mlir
    %BK = edge.split %K dim 1 tile 64
            : tensor<64x250xf32> -> tensor<64x4x64xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$source, I64Attr:$dim, I64Attr:$tile,
                       OptionalAttr<Edge_AnyFloatAttr>:$empty);
  let results = (outs AnyRankedTensor:$result);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def Edge_UnsplitOp : Edge_Op<"unsplit", [Pure]> {
  let summary = "inverse of split: M1 x M0 -> M, dropping the tail";
  let description = [{
    Dimensions `dim` and `dim + 1` (M1, M0) become one dimension of extent
    M with (M1 - 1) * M0 < M <= M1 * M0; points past M (the empty tail) are
    dropped.

    ```mlir
    %K = edge.unsplit %BK dim 1 : tensor<64x4x64xf32> -> tensor<64x250xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$source, I64Attr:$dim);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $source `dim` $dim attr-dict `:` type($source) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Edge_FillOp : Edge_Op<"fill", [Pure]> {
  let summary = "a tensor filled with one value (initialization einsums)";
  let description = [{
    `RM[m1 : m1 = 0, p] = -inf` (Cascade 5, eq. 41) is the initial running
    value of an iteration:

    ```mlir
    %RM0 = edge.fill -inf : tensor<128xf32>
    ```
  }];
  let arguments = (ins Edge_AnyFloatAttr:$value);
  let results = (outs AnyRankedTensor:$result);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
}

def Edge_MaskOp : Edge_Op<"mask", [Pure,
    AllTypesMatch<["source", "result"]>]> {
  let summary = "presence from a boolean mask: masked points are empty";
  let description = [{
    `R = edge.mask %T where %M` is `T` where the `i1` tensor `M` is true and
    empty elsewhere: a point is present in R iff it is present in T and its
    mask bit is set; an absent point holds T's empty value (0 for a cascade
    input). The merge tables of the einsums that read R then decide what an
    empty point means: a key-padding mask on K makes `QK = Q x K`
    (`mul(isect)`) empty at the padded keys, so the maximum and the sum
    over keys skip them, and a row whose keys are all masked is empty.

    Dimension i of the mask corresponds to dimension `dims[i]` of T (the
    mask is broadcast over the others): `dims [1]` reads a key-padding mask
    `Valid[m]` for K[e, m]. Without `dims` the mask has T's shape.

    ```mlir
    %Kv = edge.mask %K where %Valid dims [1]
            : tensor<64x256xf32>, tensor<256xi1>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$source, AnyRankedTensor:$mask,
                       OptionalAttr<DenseI64ArrayAttr>:$dims);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $source `where` $mask (`dims` $dims^)? attr-dict `:` type($source) `,`
    type($mask)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The dimension of the source that each mask dimension indexes
    /// (`dims`, or the identity without it).
    ::llvm::SmallVector<int64_t> getMaskedDims();
  }];
}

//===----------------------------------------------------------------------===//
// IterateOp / YieldOp
//===----------------------------------------------------------------------===//

def Edge_IterateOp : Edge_Op<"iterate", [
    SingleBlock, RecursiveMemoryEffects, AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<OpAsmOpInterface,
                              ["getAsmResultNames", "getAsmBlockArgumentNames"]>
  ]> {
  let summary = "an iterative cascade over one iterative rank";
  let description = [{
    An iterative rank `r` generates a sequence of running values:
    initialization `R[r : r = 0] = init`, extended part `R[r+1] = f(R[r], ...)`
    and stopping condition `<> : r >= N`.

    - `init(...)` gives the running values at r = 0 (the initialization part;
      at least one is required);
    - the region is the extended part: its block arguments are, first, the
      r-th slice of every `slices(...)` operand (the tensor with dimension
      `dim` removed: the rank is *standard* in that tensor, e.g. `BK[e,m1,m0]`
      in Cascade 5) and then the running values at r; `edge.yield` gives the
      running values at r + 1;
    - `until r >= N` is the stopping condition; the results are the running
      values at r = N. Each sliced dimension must have extent N.
      `until r >= ?` stops at the run-time extent of the sliced dimensions
      (dynamic, e.g. ceildiv(M, 64) tiles of a dynamic key rank): there is
      at least one slice and every sliced dimension is dynamic.

    Inside the region, einsums may name `r` in filters and index expressions
    (e.g. a causal filter `m1*64 + m0 <= p` on a tile).

    ```mlir
    %RM = edge.iterate m1 until m1 >= 4
        slices(%bk = %BK[1] : tensor<64x4x64xf32>)
        init(%rm = %RM0 : tensor<128xf32>) -> (tensor<128xf32>) {
      %BQK = edge.einsum "BQK" (%Q[e, p], %bk[e, m0]) -> [m0, p]
               map mul(isect) reduce [e] add(union)
               : (tensor<64x128xf32>, tensor<64x64xf32>) -> tensor<64x128xf32>
      %LM = edge.einsum "LM" (%BQK[m0, p]) -> [p] reduce [m0] max(union)
              : (tensor<64x128xf32>) -> tensor<128xf32>
      %next = edge.einsum "RM" (%rm[p], %LM[p]) -> [p] map max(union)
                : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
      edge.yield %next : tensor<128xf32>
    }
    ```
  }];
  let arguments = (ins
    StrAttr:$rank,
    OptionalAttr<I64Attr>:$stop,
    Variadic<AnyRankedTensor>:$slice_sources,
    DenseI64ArrayAttr:$slice_dims,
    Variadic<AnyRankedTensor>:$inits
  );
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Block arguments holding the r-th slices.
    ::mlir::Block::BlockArgListType getSliceArgs() {
      return getBody().front().getArguments().take_front(
          getSliceSources().size());
    }
    /// Block arguments holding the running values at r.
    ::mlir::Block::BlockArgListType getStateArgs() {
      return getBody().front().getArguments().drop_front(
          getSliceSources().size());
    }
  }];
}

def Edge_YieldOp : Edge_Op<"yield", [Pure, HasParent<"IterateOp">,
                                     ReturnLike, Terminator]> {
  let summary = "the running values of the next step of an iteration";
  let description = [{
    ```mlir
    edge.yield %RMnext, %RDnext : tensor<128xf32>, tensor<128xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$operands);
  let assemblyFormat = "($operands^ `:` type($operands))? attr-dict";
}

#endif // EDGE_DIALECT_EDGE_IR_EDGEOPS_TD
