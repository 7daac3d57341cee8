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
