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

def EdgeBlockParallelRank : Pass<"edge-block-parallel-rank",
                                 "::mlir::func::FuncOp"> {
  let summary = "Compute a lowered cascade block by block along a rank that "
                "no einsum reduces";
  let description = [{
    Runs on the linalg form of a cascade, before tiling. When the outputs
    are computed independently along one rank, in attention the query rank
    `p`, which every einsum keeps and none reduces, the whole body is wrapped
    in an `scf.forall` over blocks of that rank: the inputs are sliced, every
    intermediate (a 1-pass iteration's per-tile scores and its running max,
    denominator and numerator) shrinks to one block, and each block's outputs
    are inserted in parallel. A block's working set then stays in L1/L2
    across the key tiles, and each thread owns its blocks from the first op
    to the last.

    The rank is the innermost dimension of the first result. The pass finds,
    with a union-find over (tensor, dimension) pairs joined by indexing maps,
    loops, reshapes, slices and pads, every dimension that the IR indexes by
    the same loop, and applies only when none of them is reduced, indexed by
    a compound expression, reshaped or partially sliced, and each result has
    one such dimension. Predicates over the rank (`linalg.index`) are offset
    by the block's start. Otherwise the function is left unchanged.

    The block is the largest divisor of the extent up to `block` (default
    128) that is a multiple of the vector lanes when one exists.

    ```mlir
    func.func @attention(%Q: tensor<64x1024xf32>, ...) -> tensor<64x1024xf32>
    ```

    becomes

    ```mlir
    %r = scf.forall (%p) = (0) to (1024) step (128) shared_outs(%o = %empty)
        -> (tensor<64x1024xf32>) {
      %q = tensor.extract_slice %Q[0, %p] [64, 128] [1, 1] ...
      ... the cascade on tensor<...x128xf32> ...
      scf.forall.in_parallel {
        tensor.parallel_insert_slice %av into %o[0, %p] [64, 128] [1, 1] ...
      }
    }
    ```
  }];
  let options = [
    Option<"targetCpu", "target-cpu", "std::string", /*default=*/"\"\"",
           "CPU to block for (LLVM's name; default: the host)">,
    Option<"block", "block", "unsigned", /*default=*/"0",
           "Largest block of the rank (0: 128)">
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

def EdgeInlineAllocaScopes : Pass<"edge-inline-alloca-scopes"> {
  let summary = "Replace memref.alloca_scope by its body between stack save "
                "and restore";
  let description = [{
    `convert-scf-to-openmp` wraps every parallel loop body in a
    `memref.alloca_scope`; when that body allocates on the stack (the lists
    of a block's deallocation do), `convert-scf-to-cf` would split the loops
    inside into several blocks, which a scope may not hold. This pass lowers
    each scope first, as `finalize-memref-to-llvm` would later:

    ```mlir
    memref.alloca_scope {
      %a = memref.alloca() : memref<4xindex>
      ...
    }
    ```

    becomes

    ```mlir
    %sp = llvm.intr.stacksave : !llvm.ptr
    %a = memref.alloca() : memref<4xindex>
    ...
    llvm.intr.stackrestore %sp : !llvm.ptr
    ```
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def EdgeHoistTransferBuffers : Pass<"edge-hoist-transfer-buffers"> {
  let summary = "Move the scratch buffers of unrolled vector transfers to "
                "the entry of their allocation scope";
  let description = [{
    Runs after `convert-vector-to-scf`, which allocates a transfer's scratch
    buffer (`memref.alloca() : memref<vector<...>>`) right before it,
    inside the loops around it. LLVM allocates such an alloca at every
    iteration and frees it only when the function returns, so long loops
    overflow the stack. The buffer is written and read back within one
    transfer: one per allocation scope (the function, or an `omp.parallel`
    region, outlined per thread) serves every iteration.

    ```mlir
    scf.for %i = %c0 to %n step %c1 {
      %buffer = memref.alloca() : memref<vector<4x8xf32>>
      ...
    }
    ```

    becomes

    ```mlir
    %buffer = memref.alloca() : memref<vector<4x8xf32>>
    scf.for %i = %c0 to %n step %c1 {
      ...
    }
    ```
  }];
}

def EdgeStridedCopiesToLinalg : Pass<"edge-strided-copies-to-linalg",
                                     "::mlir::func::FuncOp"> {
  let summary = "Rewrite memref.copy between non-contiguous buffers as "
                "linalg.copy";
  let description = [{
    Runs after bufferization, before `convert-linalg-to-loops`. A copy whose
    source or target is not contiguous would call the MLIR runtime's
    generic `memrefCopy` (one element at a time, a division per dimension
    for each offset); as a `linalg.copy` it becomes loops that LLVM
    vectorizes. Bufferization writes such copies for the padded buffer of a
    split (a static tail, or every run-time extent):

    ```mlir
    memref.copy %K, %tiles : memref<64x?xf32> to memref<64x?xf32, strided<[?, 1]>>
    ```

    becomes

    ```mlir
    linalg.copy ins(%K : memref<64x?xf32>) outs(%tiles : memref<64x?xf32, strided<[?, 1]>>)
    ```

    Contiguous copies stay `memref.copy` (one memcpy).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
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

def EdgeMoveBF16AsI16 : Pass<"edge-move-bf16-as-i16", "::mlir::ModuleOp"> {
  let summary = "Move bf16 values in the LLVM dialect as their 16-bit "
                "patterns";
  let description = [{
    Runs at the end of `edge-lower-to-llvm`, on the LLVM dialect. The ops
    that only move values (`llvm.load`, `llvm.store`, `llvm.select`,
    `llvm.shufflevector`, element and aggregate inserts and extracts,
    poison, undef and zero, masked loads and stores) move bf16 values,
    vectors and arrays of them as the same shapes of i16; `llvm.bitcast`s
    connect them to the ops that compute with bf16 (`llvm.fpext`,
    `llvm.fptrunc`), and canonicalization folds the bitcasts between two
    moves.

    Why: with AVX512-BF16, LLVM's x86 backend has legal bf16 vectors but
    soft-promotes scalar bf16, and cannot legalize a vector load of 8k+1
    bf16 elements (k >= 1): widening leaves one scalar element that the
    soft promotion does not handle. The register tiles divide their extents,
    so such vectors appear at ordinary sizes (the key mask of bf16 attention
    with 100 keys moves `vector<25xbf16>`). Loads, stores and selects of i16
    vectors legalize at any length and move the same bits.

    ```mlir
    %v = llvm.load %p {alignment = 2 : i64} : !llvm.ptr -> vector<25xbf16>
    %s = llvm.select %m, %v, %zero : vector<25xi1>, vector<25xbf16>
    llvm.store %s, %q {alignment = 2 : i64} : vector<25xbf16>, !llvm.ptr
    ```

    becomes the same load, select and store of `vector<25xi16>` (the zero
    bitcast to i16).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // EDGE_CODEGEN_PASSES_TD
