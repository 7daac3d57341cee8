//===- Passes.td - edge conversion passes ------------------*- tablegen -*-===//
//
// Passes that lower the edge dialect towards executable code: edge to
// linalg/tensor/scf, and the contract check that ends `edge-lower-to-llvm`.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CONVERSION_PASSES_TD
#define EDGE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertEdgeToLinalg : Pass<"convert-edge-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower edge cascades to linalg, tensor, scf and func";
  let description = [{
    Lowers every edge op of the module on tensors:

    - `edge.cascade` becomes a `func.func` with `llvm.emit_c_interface`,
      `edge.return` a `func.return`;
    - `edge.einsum` becomes one `linalg.generic` whose loops are the einsum's
      ranks (reduced ranks are `reduction` loops), so that split ranks stay
      separate loops that later tiling can act on;
    - `edge.split` becomes `tensor.pad` (with the empty value) and
      `tensor.expand_shape`, `edge.unsplit` `tensor.collapse_shape` and
      `tensor.extract_slice`, `edge.fill` `linalg.fill`;
    - `edge.iterate` becomes an `scf.for` over the iterative rank whose
      `iter_args` are the running values; its slices are rank-reducing
      `tensor.extract_slice`s at the induction variable.

    Presence (docs/Notation.md) is tracked statically: every tensor is either
    all present, present where an affine predicate over its indices holds
    (split tails, filters, slices of those), or carries an `i1` mask tensor
    that the einsum producing it computes as a second result. Inside each
    `linalg.generic` the merge truth tables are applied to the operands'
    presence, absent operands contribute their empty value, and reductions
    combine only visited points, so empty points behave exactly as the EDGE
    semantics say. Out-of-bounds index expressions never read memory: the
    index is clamped and the operand is absent.

    Einsums the lowering cannot express (a compound output index such as
    `[i + 1]`, dynamic shapes, a reduction without identity) get a located
    error and the pass fails, with the IR unchanged.

    It is a dialect conversion: the presence facts are computed first
    (`edge::EdgeToLinalgFacts`), a value with a mask converts 1:N to (tensor,
    mask), and the patterns (`edge::populateEdgeToLinalgConversionPatterns`)
    can run inside a downstream compiler's own conversion.

    Example:

    ```mlir
    %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
            : (tensor<256x128xf32>) -> tensor<128xf32>
    ```

    becomes

    ```mlir
    %cst = arith.constant 0xFF800000 : f32
    %0 = tensor.empty() : tensor<128xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<128xf32>) -> tensor<128xf32>
    %GM = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>,
                                           affine_map<(d0, d1) -> (d1)>],
                          iterator_types = ["reduction", "parallel"]}
        ins(%QK : tensor<256x128xf32>) outs(%1 : tensor<128xf32>) {
    ^bb0(%in: f32, %out: f32):
      %2 = arith.maximumf %out, %in : f32
      linalg.yield %2 : f32
    } -> tensor<128xf32>
    ```
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect", "::mlir::scf::SCFDialect",
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::affine::AffineDialect", "::mlir::bufferization::BufferizationDialect"
  ];
}

def EdgeRaiseLinalg : Pass<"edge-raise-linalg", "::mlir::ModuleOp"> {
  let summary = "Raise regions of linalg on tensors into edge cascades";
  let description = [{
    In every `func.func` of the module (or those named by `functions`),
    finds the maximal regions of linalg-on-tensors ops that are extended
    einsums, moves each into a new private `edge.cascade` and calls it with
    `edge.call` where the region was. What it raises:

    - contractions: `linalg.matmul` (also with transposed indexing maps),
      `linalg.batch_matmul`, `linalg.generic` whose payload folds a product
      with `addf` (`map mul(isect) reduce [...] add(union)`);
    - `linalg.softmax` (the four einsums GM, SN, SD, A of the 3-pass
      cascade) and `linalg.reduce`/reduction generics with `addf`,
      `maximumf`, `minimumf` or `mulf`;
    - elementwise generics: `addf`, `subf`, `mulf`, `divf`, `maximumf`,
      `minimumf` of two operands or of an operand and a constant, followed
      by unary `exp`, `negf`, `1/x`, `sqrt`, `rsqrt`, `log`, `absf`;
    - views, folded into the index expressions of the einsums that read
      them: `linalg.transpose`, `linalg.broadcast`, `linalg.copy`, copy
      generics, `tensor.expand_shape`/`collapse_shape` of unit dimensions;
    - `linalg.fill` (as an init, or as an `edge.fill`).

    The meaning is kept exactly (docs/Raising.md): a reduction whose init
    is not the identity of its operator gets an extra einsum that combines
    the init; `sub` then `exp` become `sub_exp(pass_through)`; `x * (1/y)`
    becomes `x / y`. Two upstream spellings of a softmax maximum are raised
    to edge's `max` only where the difference cannot show: a fold of
    `arith.maxnumf` from NaN (decomposed `linalg.softmax`) and the extra
    `max` with -FLT_MAX of a fold of `arith.maximumf` from -FLT_MAX
    (`--tosa-to-linalg-pipeline`), when the maximum only feeds numerators
    `e^(x - max)` that are divided by their own sums. A region that does
    not verify, or an op that is not understood, stays linalg; with
    `remarks` each such candidate gets a remark saying why.

    After raising, `--fusemax-1pass` and `--convert-edge-to-linalg` (then
    `--inline --symbol-dce`) give linalg and scf on tensors inside the
    original function.

    ```mlir
    func.func @f(%A: tensor<8x16xf32>, %B: tensor<16x4xf32>) -> tensor<8x4xf32> {
      %zero = arith.constant 0.0 : f32
      %init = tensor.empty() : tensor<8x4xf32>
      %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<8x4xf32>) -> tensor<8x4xf32>
      %C = linalg.matmul ins(%A, %B : tensor<8x16xf32>, tensor<16x4xf32>)
             outs(%acc : tensor<8x4xf32>) -> tensor<8x4xf32>
      return %C : tensor<8x4xf32>
    }
    ```

    becomes

    ```mlir
    edge.cascade @f_edge(%arg0: tensor<8x16xf32>, %arg1: tensor<16x4xf32>)
        -> (out0: tensor<8x4xf32>) attributes {sym_visibility = "private"} {
      %C0 = edge.einsum "C0" (%arg0[i, k], %arg1[k, j]) -> [i, j]
              map mul(isect) reduce [k] add(union)
              : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
      edge.return %C0 : tensor<8x4xf32>
    }
    func.func @f(%A: tensor<8x16xf32>, %B: tensor<16x4xf32>) -> tensor<8x4xf32> {
      %0 = edge.call @f_edge(%A, %B)
             : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
      return %0 : tensor<8x4xf32>
    }
    ```
  }];
  let options = [
    ListOption<"functions", "functions", "std::string",
               "names of the functions to raise (default: every func.func)">,
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark on each linalg op that is left alone, with the "
           "reason">
  ];
  let dependentDialects = ["::edge::EdgeDialect"];
}

def EdgeCheckLLVMContract : Pass<"edge-check-llvm-contract", "::mlir::ModuleOp"> {
  let summary = "Check that a module is fully lowered to the LLVM dialect";
  let description = [{
    The last pass of `edge-lower-to-llvm`: fails with a located error on the
    first operation that is neither `builtin.module` nor an LLVM dialect op,
    so that a lowering gap is reported where it happens and not as an
    obscure translation failure in `mlir-runner` or `edge-run`.

    ```mlir
    // error: 'memref.alloc' op was not lowered to the LLVM dialect
    %0 = memref.alloc() : memref<4xf32>
    ```
  }];
}

#endif // EDGE_CONVERSION_PASSES_TD
