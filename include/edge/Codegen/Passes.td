//===- Passes.td - edge code generation passes -------------*- tablegen -*-===//
//
// Passes that turn the linalg form of a cascade into fast CPU code: tiling
// for caches, registers and threads, vectorization, and the lowering of the
// vector ops to what the target executes (FMA, polynomial exp).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CODEGEN_PASSES_TD
#define EDGE_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def EdgeTileAndVectorize : Pass<"edge-tile-and-vectorize",
                                "::mlir::func::FuncOp"> {
  let summary = "Tile linalg ops for threads, caches and registers, and "
                "vectorize them";
  let description = [{
    Runs on the linalg-on-tensors form that `convert-edge-to-linalg`
    produces, before bufferization:

    1. elementwise producers with a single use are fused into their consumer
       (fewer passes over per-tile temporaries);
    2. every linalg op with static shapes is tiled, with loops ordered as
       (other parallel ranks, row rank, vector rank, reduced ranks):
       - for threads: `scf.forall` over its outermost parallel rank, when the
         op is large enough to pay for a fork (`threads` > 1);
       - for caches (contractions only): `tile-parallel` columns of the
         vector rank and a multiple of the register rows;
       - for registers: a contraction keeps `tile-rows` x (`tile-vectors` x
         lanes) accumulators, other ops (`tile-vectors` x lanes) lanes of one
         row, reduced ranks step by 1;
    3. the register tile is vectorized: contractions become
       `vector.contract`, the others elementwise vector ops and
       `vector.multi_reduction`; a tile that does not divide its extent is
       masked;
    4. the accumulator of a reduction loop is hoisted into registers
       (loop-invariant subset hoisting).

    Every size is derived from the target description (docs/Lowering.md):
    lanes = vector-bits / element bits; with 32 vector registers 8 rows,
    otherwise 4; 2 vectors per row; `tile-parallel` keeps a K x columns panel
    of the reused operand within half of L1. Each option overrides its
    derived value; 0 means "derive".

    Example: the contraction of a per-tile score block

    ```mlir
    %BQK = linalg.generic {indexing_maps = [affine_map<(e, p, m) -> (e, p)>,
                                            affine_map<(e, p, m) -> (e, m)>,
                                            affine_map<(e, p, m) -> (m, p)>],
                           iterator_types = ["reduction", "parallel", "parallel"]}
        ins(%Q, %BK : tensor<64x128xf32>, tensor<64x64xf32>)
        outs(%zero : tensor<64x128xf32>) {...}
    ```

    becomes loops over (m by 4, p by 16, e by 1) on AVX2 whose body is one
    `vector.contract` of `vector<1x4xf32>` and `vector<1x16xf32>` into a
    `vector<4x16xf32>` accumulator carried in registers across e.
  }];
  let options = [
    Option<"targetCpu", "target-cpu", "std::string", /*default=*/"\"\"",
           "CPU to tile for (LLVM's name; default: the host)">,
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"0",
           "Vector register width in bits (0: from the target)">,
    Option<"threads", "threads", "unsigned", /*default=*/"0",
           "Threads to distribute over (0: all cores of the target; 1: no "
           "scf.forall)">,
    Option<"tileRows", "tile-rows", "unsigned", /*default=*/"0",
           "Rows of a contraction's register tile (0: from the register "
           "count)">,
    Option<"tileVectors", "tile-vectors", "unsigned", /*default=*/"0",
           "Vectors per row of a register tile (0: 2)">,
    Option<"tileParallel", "tile-parallel", "unsigned", /*default=*/"0",
           "Columns of a contraction's cache tile (0: from the L1 size)">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

def EdgeLowerVectorOps : Pass<"edge-lower-vector-ops",
                              "::mlir::func::FuncOp"> {
  let summary = "Lower vector contractions, reductions, transfers and exp to "
                "FMA-level vector ops";
  let description = [{
    Runs after bufferization, before `convert-vector-to-llvm`:

    - redundant transfers of loop-invariant buffers are hoisted out of loops
      (the accumulators of a contraction stay in registers);
    - `vector.contract` becomes outer products, then `vector.fma`;
    - `vector.multi_reduction` becomes elementwise ops across rows
      (reductions over a non-innermost rank) or horizontal reductions;
    - transfers become plain (masked where needed) loads and stores,
      transposes, broadcasts and shape casts become shuffles;
    - `math.exp` (and the other functions that have one) becomes a
      polynomial approximation in vector arithmetic, so that LLVM never
      scalarizes it into calls of `expf`.

    ```mlir
    %r = vector.contract {...} %a, %b, %acc
        : vector<1x4xf32>, vector<1x16xf32> into vector<4x16xf32>
    ```

    becomes four `vector.fma` of `vector<16xf32>` (a broadcast row of `%a`,
    `%b`, and one row of the accumulator).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // EDGE_CODEGEN_PASSES_TD
