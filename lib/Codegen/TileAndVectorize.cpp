//===- TileAndVectorize.cpp - tile linalg ops and vectorize them ----------===//
//
// This file implements edge-tile-and-vectorize: the linalg ops of a lowered
// cascade are tiled for threads, caches and registers, and the register tiles
// are vectorized, with sizes derived from the target description.
//
// Algorithm:
//   1. Fuse elementwise producers that have one use into their consumers;
//      tile the loops of run-time extent (a key length `?`) by 1, so that
//      each step is an op of static shapes.
//   2. Plan every linalg op with static shapes (planTiles): find its vector
//      rank (the innermost rank of the output: unit stride for the output
//      and, in the layouts cascades use, for the operands that carry it), for
//      contractions a row rank, and order the loops as (other parallel ranks,
//      row rank, vector rank, reduced ranks) so that reductions are innermost
//      and their accumulators can live in registers.
//   3. Tile level by level with tileUsingSCF: threads (scf.forall), then an
//      op guarded by affine predicates of its indices (a causal filter, a
//      split tail) by version tiles whose branches run unguarded clones
//      where the predicates are uniform (VersionGuardedTiles.h), cache
//      (contractions), registers; vectorize the innermost tile.
//   4. Fold slices into transfers and hoist the loop-invariant accumulators
//      of the reduction loops.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Passes.h"
#include "edge/Codegen/TargetDescription.h"
#include "edge/Codegen/VersionGuardedTiles.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Arith/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/ValueBoundsOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/SubsetOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace edge {
#define GEN_PASS_DEF_EDGETILEANDVECTORIZE
#include "edge/Codegen/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {

/// How one linalg op is tiled. Every vector has one entry per loop of the op;
/// 0 means "not tiled at this level".
struct TilePlan {
  SmallVector<int64_t> threadTiles;
  SmallVector<int64_t> cacheTiles;
  SmallVector<int64_t> registerTiles;
  /// Loop order of every level: other parallel, row, vector, reduced ranks.
  SmallVector<int64_t> interchange;
};

/// Sizes derived from the target, after the pass options.
struct TileSizes {
  unsigned vectorBits;
  unsigned rows;
  unsigned vectors;
  unsigned cacheColumns; // 0: from L1
  unsigned threads;
  int64_t l1Bytes;
};

} // namespace

/// The largest divisor of `extent` that is at most `limit`. Tiles divide
/// their extents, so that every tile has a static shape and no tile needs
/// masks (an extent without a good divisor gets narrower vectors instead).
static int64_t largestDivisorAtMost(int64_t extent, int64_t limit) {
  for (int64_t d = std::min(extent, limit); d > 1; --d)
    if (extent % d == 0)
      return d;
  return 1;
}

/// The smallest multiple of `unit` that divides `extent` and is at least
/// `atLeast`, or 0 if only `extent` itself is.
static int64_t smallestDividingMultiple(int64_t extent, int64_t unit,
                                        int64_t atLeast) {
  for (int64_t t = unit; t < extent; t += unit)
    if (t >= atLeast && extent % t == 0)
      return t;
  return 0;
}

/// Plans the tiles of `op`; nullopt leaves it to the scalar lowering (dynamic
/// shapes, no output rank to vectorize along, non-float elements).
static std::optional<TilePlan> planTiles(linalg::LinalgOp op,
                                         const TileSizes &sizes) {
  if (op.getNumDpsInits() != 1 && !isa<linalg::GenericOp>(op))
    return std::nullopt;
  // Vectors of i1 are bit-packed in memory while scalar i1 loads and stores
  // use a byte per element: an i1 tensor (a mask input of the cascade) must
  // not be read or written by vectors. Such ops stay scalar. Presence masks
  // are bytes (i8, convert-edge-to-linalg) and are vectorized.
  if (llvm::any_of(op->getOperandTypes(), [](Type t) {
        return getElementTypeOrSelf(t).isInteger(1);
      }))
    return std::nullopt;
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  if (llvm::any_of(extents, ShapedType::isDynamic) || extents.empty())
    return std::nullopt;
  OpOperand *init = op.getDpsInitOperand(0);
  // Floats, and bytes (a guard's mask, materializeGuards).
  Type elementType = getElementTypeOrSelf(init->get().getType());
  if (!isa<FloatType>(elementType) && !elementType.isInteger(8))
    return std::nullopt;
  AffineMap outMap = op.getMatchingIndexingMap(init);
  if (outMap.getNumResults() == 0)
    return std::nullopt;
  auto vecExpr = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  if (!vecExpr)
    return std::nullopt;
  unsigned vecDim = vecExpr.getPosition();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  if (iterators[vecDim] != utils::IteratorType::parallel)
    return std::nullopt;

  unsigned numLoops = extents.size();
  int64_t lanes = std::max<int64_t>(
      1, sizes.vectorBits / elementType.getIntOrFloatBitWidth());
  // A reduction of products where some operand does not vary along the
  // vector rank (a contraction, or one guarded by a predicate such as a
  // causal filter): each of its elements serves a whole row of vectors, so
  // the register tile has several rows.
  bool isContraction =
      op.getNumReductionLoops() > 0 &&
      (linalg::isaContractionOpInterface(op) ||
       llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *input) {
         return !op.getMatchingIndexingMap(input).isFunctionOfDim(vecDim);
       }));

  // The row rank of a contraction: the output's second innermost rank.
  std::optional<unsigned> rowDim;
  if (isContraction && outMap.getNumResults() >= 2)
    if (auto d = dyn_cast<AffineDimExpr>(
            outMap.getResult(outMap.getNumResults() - 2)))
      rowDim = d.getPosition();

  TilePlan plan;
  plan.threadTiles.assign(numLoops, 0);
  plan.cacheTiles.assign(numLoops, 0);
  plan.registerTiles.assign(numLoops, 0);
  SmallVector<int64_t> otherParallel, reduced;
  for (unsigned d = 0; d < numLoops; ++d) {
    if (d == vecDim || d == rowDim)
      continue;
    if (iterators[d] == utils::IteratorType::parallel)
      otherParallel.push_back(d);
    else
      reduced.push_back(d);
  }
  plan.interchange = otherParallel;
  if (rowDim)
    plan.interchange.push_back(*rowDim);
  plan.interchange.push_back(vecDim);
  llvm::append_range(plan.interchange, reduced);

  // Registers: the vector rank by whole vectors, rows for contractions, every
  // other rank by 1.
  int64_t vectorTile = largestDivisorAtMost(extents[vecDim],
                                            lanes * sizes.vectors);
  if (vectorTile >= lanes && vectorTile % lanes != 0)
    vectorTile = largestDivisorAtMost(extents[vecDim], lanes);
  for (unsigned d = 0; d < numLoops; ++d)
    plan.registerTiles[d] = 1;
  plan.registerTiles[vecDim] = vectorTile;
  if (rowDim)
    plan.registerTiles[*rowDim] =
        largestDivisorAtMost(extents[*rowDim], sizes.rows);

  // Cache (contractions): the reused panel (reduced extent x columns of the
  // vector rank) takes at most half of L1; rows reuse it.
  if (isContraction) {
    int64_t reducedPoints = 1;
    for (int64_t d : reduced)
      reducedPoints *= extents[d];
    int64_t columns = sizes.cacheColumns;
    if (columns == 0) {
      int64_t budget =
          sizes.l1Bytes / 2 / (elementType.getIntOrFloatBitWidth() / 8);
      columns = std::max<int64_t>(vectorTile,
                                  budget / std::max<int64_t>(1, reducedPoints));
      columns = std::min<int64_t>(columns, 256);
    }
    // The largest multiple of the register tile that divides the extent and
    // fits the budget (0: the whole extent fits).
    int64_t cacheColumns = 0;
    for (int64_t t = vectorTile; t < extents[vecDim] && t <= columns;
         t += vectorTile)
      if (extents[vecDim] % t == 0)
        cacheColumns = t;
    plan.cacheTiles[vecDim] = cacheColumns;
    if (rowDim)
      plan.cacheTiles[*rowDim] = smallestDividingMultiple(
          extents[*rowDim], plan.registerTiles[*rowDim],
          8 * plan.registerTiles[*rowDim]);
  }

  // Threads: split the vector rank, else the outermost parallel rank that has
  // a tile for every thread, if the op does enough work to pay for a fork
  // and join. The vector rank first: it is the innermost rank of the output,
  // in attention the query rank, which every op of a cascade keeps, so a
  // thread reads the columns it wrote in the previous op from its own cache.
  int64_t points = 1;
  for (int64_t e : extents)
    points *= e;
  constexpr int64_t kMinPointsPerThread = 1 << 14;
  bool inParallelLoop = op->getParentOfType<scf::ForallOp>() != nullptr;
  if (sizes.threads > 1 && !inParallelLoop &&
      points >= kMinPointsPerThread * sizes.threads) {
    SmallVector<int64_t> candidates{vecDim};
    llvm::append_range(candidates, plan.interchange);
    for (int64_t d : candidates) {
      if (iterators[d] != utils::IteratorType::parallel)
        continue;
      int64_t unit = std::max(plan.cacheTiles[d], plan.registerTiles[d]);
      int64_t tile = smallestDividingMultiple(
          extents[d], unit, (extents[d] + sizes.threads - 1) / sizes.threads);
      if (tile == 0)
        continue;
      plan.threadTiles[d] = tile;
      break;
    }
  }
  return plan;
}

/// Gives every user of a `linalg.fill` its own fill of its own fresh tensor,
/// right before it. A fill shared by two consumers, or defined outside the
/// loop of its consumer (the zero of a per-step accumulator), would otherwise
/// be copied by bufferization at every step, since the consumer overwrites it
/// in place. The fresh tensor is a `bufferization.alloc_tensor`, which CSE
/// does not merge back into the shared one (a `tensor.empty` it would).
static void cloneSharedFills(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::FillOp> fills;
  func.walk([&](linalg::FillOp fill) {
    if (fill.hasPureTensorSemantics())
      fills.push_back(fill);
  });
  for (linalg::FillOp fill : fills) {
    Value filled = fill.getResult(0);
    if (filled.hasOneUse() &&
        filled.getUses().begin()->getOwner()->getParentRegion() ==
            fill->getParentRegion())
      continue;
    auto type = cast<RankedTensorType>(filled.getType());
    if (!type.hasStaticShape())
      continue;
    for (OpOperand &use : llvm::make_early_inc_range(filled.getUses())) {
      Operation *user = use.getOwner();
      rewriter.setInsertionPoint(user);
      Value fresh = bufferization::AllocTensorOp::create(
          rewriter, fill.getLoc(), type, ValueRange());
      Value refilled =
          linalg::FillOp::create(rewriter, fill.getLoc(), fill.value(), fresh)
              .getResult(0);
      rewriter.modifyOpInPlace(user, [&] { use.set(refilled); });
    }
    rewriter.eraseOp(fill);
  }
}

/// Whether the buffer of `value` may be a cascade input (a function argument,
/// a view of one, a result written into one, or a loop's running value that
/// starts as one). Inputs are the caller's and must not be overwritten.
static bool mayBeFunctionInput(Value value) {
  SmallVector<Value> worklist{value};
  DenseSet<Value> seen;
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    if (auto arg = dyn_cast<BlockArgument>(v)) {
      Operation *owner = arg.getOwner()->getParentOp();
      if (auto loop = dyn_cast<scf::ForOp>(owner)) {
        if (OpOperand *init = loop.getTiedLoopInit(arg))
          worklist.push_back(init->get());
        continue;
      }
      return true; // a function argument, or a region we do not model
    }
    Operation *def = v.getDefiningOp();
    if (isa<tensor::EmptyOp, bufferization::AllocTensorOp>(def))
      continue;
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(def)) {
      worklist.push_back(dps.getTiedOpOperand(cast<OpResult>(v))->get());
      continue;
    }
    if (auto loop = dyn_cast<scf::ForOp>(def)) {
      worklist.push_back(loop.getInits()[cast<OpResult>(v).getResultNumber()]);
      continue;
    }
    if (isa<ViewLikeOpInterface, tensor::ExpandShapeOp,
            tensor::CollapseShapeOp, tensor::ExtractSliceOp, tensor::CastOp>(
            def)) {
      worklist.push_back(def->getOperand(0));
      continue;
    }
    return true; // unknown producer: assume the worst
  }
  return false;
}

/// Rewrites an elementwise generic that writes into a `tensor.empty` so that
/// it updates one of its inputs instead: an input of the result's type, read
/// at the same point, whose only user is this generic moves from `ins` to
/// `outs` and the payload reads it as the output element. Bufferization then
/// updates it in place, also after tiling (the tiles read and write the same
/// slice of the loop's iter_arg): a running value of an iteration is
/// rescaled where it lives, not copied at every step. Cascade inputs are
/// never updated.
static void updateInputsInPlace(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::GenericOp> candidates;
  func.walk([&](linalg::GenericOp op) { candidates.push_back(op); });
  for (linalg::GenericOp op : candidates) {
    if (op.getNumDpsInits() != 1 || !op.hasPureTensorSemantics() ||
        op.getNumParallelLoops() != op.getNumLoops())
      continue;
    OpOperand *init = op.getDpsInitOperand(0);
    if (!init->get().getDefiningOp<tensor::EmptyOp>() ||
        op.payloadUsesValueFromOperand(init) ||
        !op.getMatchingIndexingMap(init).isIdentity())
      continue;
    // A result that goes to an output is better written into the output's
    // buffer directly (empty-tensor elimination does that), not copied there.
    if (llvm::any_of(op->getUsers(), [](Operation *user) {
          return isa<tensor::ParallelInsertSliceOp, tensor::InsertSliceOp,
                     func::ReturnOp>(user);
        }))
      continue;
    // A running value of the enclosing loop first: updated in place, the
    // loop carries one buffer instead of a fresh one per step.
    OpOperand *updated = nullptr;
    for (OpOperand *input : op.getDpsInputOperands()) {
      if (input->get().getType() != init->get().getType() ||
          !op.getMatchingIndexingMap(input).isIdentity() ||
          !input->get().hasOneUse() || mayBeFunctionInput(input->get()))
        continue;
      bool isRunningValue = isa<BlockArgument>(input->get());
      if (!updated || isRunningValue)
        updated = input;
      if (isRunningValue)
        break;
    }
    if (!updated)
      continue;
    unsigned updatedIndex = updated->getOperandNumber();
    SmallVector<Value> inputs;
    SmallVector<AffineMap> maps;
    for (OpOperand *input : op.getDpsInputOperands())
      if (input != updated) {
        inputs.push_back(input->get());
        maps.push_back(op.getMatchingIndexingMap(input));
      }
    maps.push_back(op.getMatchingIndexingMap(init));
    rewriter.setInsertionPoint(op);
    auto replacement = linalg::GenericOp::create(
        rewriter, op.getLoc(), op.getResultTypes(), inputs,
        ValueRange{updated->get()}, maps, op.getIteratorTypesArray());
    Region &region = replacement.getRegion();
    rewriter.inlineRegionBefore(op.getRegion(), region, region.end());
    Block &body = region.front();
    BlockArgument input = body.getArgument(updatedIndex);
    BlockArgument output = body.getArguments().back();
    rewriter.replaceAllUsesWith(input, output);
    body.eraseArgument(updatedIndex);
    rewriter.replaceOp(op, replacement.getResults());
  }
}

/// Copies each operand of a contraction that is a view of a larger tensor (a
/// slice of a split key or value tile, `BK[e, m1, m0]` at one `m1`) into a
/// fresh contiguous tensor first. Its rows are a power-of-two stride apart in
/// the large tensor (16 KiB for 4096 keys), so they all fall into the same
/// L1 sets and evict each other at every step of the reduction; packed, the
/// tile is dense and stays in L1 for all the tiles that reuse it.
static void packStridedContractionOperands(RewriterBase &rewriter,
                                           func::FuncOp func) {
  SmallVector<linalg::LinalgOp> contractions;
  // A guarded contraction (a causal QK) is one in its versions where the
  // guards fold to true (versionGuardedTile), which then read the packed copy.
  func.walk([&](linalg::LinalgOp op) {
    if (op.hasPureTensorSemantics() && op.getNumReductionLoops() > 0 &&
        (linalg::isaContractionOpInterface(op) ||
         succeeded(planGuardVersions(op))))
      contractions.push_back(op);
  });
  // One packed copy per view, made where the view is: a view defined
  // outside an iteration (a query block's Q) is packed once, not per step.
  DenseMap<Value, Value> packedViews;
  auto pack = [&](OpBuilder &b, Location loc, Value view) -> Value {
    Value fresh = bufferization::AllocTensorOp::create(
        b, loc, cast<RankedTensorType>(view.getType()), ValueRange());
    return linalg::CopyOp::create(b, loc, view, fresh).getResult(0);
  };
  for (linalg::LinalgOp op : contractions) {
    // A guarded contraction that has nothing to compute (a causal QK of a
    // key tile after the query block) skips the copy: its operand is then
    // never read.
    Value visitsNothing;
    if (!linalg::isaContractionOpInterface(op)) {
      FailureOr<GuardVersionPlan> guards = planGuardVersions(op);
      rewriter.setInsertionPoint(op);
      if (succeeded(guards))
        visitsNothing = buildVisitsNothing(rewriter, op, *guards);
    }
    for (OpOperand *input : op.getDpsInputOperands()) {
      Value value = input->get();
      auto type = dyn_cast<RankedTensorType>(value.getType());
      if (!type || !type.hasStaticShape() ||
          (!value.getDefiningOp<tensor::CollapseShapeOp>() &&
           !value.getDefiningOp<tensor::ExtractSliceOp>()))
        continue;
      if (visitsNothing) {
        Location loc = value.getLoc();
        rewriter.setInsertionPoint(op);
        auto lazy = scf::IfOp::create(rewriter, loc, type, visitsNothing,
                                      /*withElseRegion=*/true);
        rewriter.setInsertionPointToStart(lazy.thenBlock());
        scf::YieldOp::create(rewriter, loc,
                             ValueRange{bufferization::AllocTensorOp::create(
                                 rewriter, loc, type, ValueRange())});
        rewriter.setInsertionPointToStart(lazy.elseBlock());
        scf::YieldOp::create(rewriter, loc,
                             ValueRange{pack(rewriter, loc, value)});
        rewriter.modifyOpInPlace(op, [&] { input->set(lazy.getResult(0)); });
        continue;
      }
      Value &packed = packedViews[value];
      if (!packed) {
        rewriter.setInsertionPointAfterValue(value);
        packed = pack(rewriter, value.getLoc(), value);
      }
      rewriter.modifyOpInPlace(op, [&] { input->set(packed); });
    }
  }
}

/// Tiles `op` by `tiles` (loops ordered by `interchange`); returns the tiled
/// op, or `op` itself when nothing is tiled.
static FailureOr<linalg::LinalgOp>
tileLevel(RewriterBase &rewriter, linalg::LinalgOp op, ArrayRef<int64_t> tiles,
          ArrayRef<int64_t> interchange, bool forall) {
  if (llvm::all_of(tiles, [](int64_t t) { return t == 0; }))
    return op;
  SmallVector<OpFoldResult> tileSizes;
  for (int64_t t : tiles)
    tileSizes.push_back(rewriter.getIndexAttr(t));
  scf::SCFTilingOptions options;
  options.setTileSizes(tileSizes);
  if (forall) {
    options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
  } else {
    options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
    options.setInterchange(interchange);
  }
  auto tileable = dyn_cast<TilingInterface>(op.getOperation());
  if (!tileable)
    return failure();
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled =
      scf::tileUsingSCF(rewriter, tileable, options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  if (tiled->tiledOps.size() != 1)
    return failure();
  auto tiledOp = dyn_cast<linalg::LinalgOp>(tiled->tiledOps.front());
  if (!tiledOp)
    return failure();
  return tiledOp;
}

/// Tiles every loop of run-time extent (a key length `?`) by 1: each step of
/// the resulting scf.for is an op of static shapes, which planTiles tiles
/// and vectorizes like any other. Without it such an op would stay scalar
/// (3-pass attention at M = 1000: 20.5 ms, against 0.55 ms for the same
/// cascade compiled for M = 1000). The rank loses its register tile (a
/// contraction's row rank, when it is the run-time one).
static void tileRunTimeExtentsByOne(RewriterBase &rewriter, func::FuncOp func,
                                    unsigned threads) {
  SmallVector<linalg::LinalgOp> ops;
  func.walk([&](linalg::LinalgOp op) {
    // Only ops on f32 with one result: the steps of an op that also writes
    // a presence mask, or reads bf16/f16, vectorize into unit-dimension
    // transposes whose lowering allocates on the stack inside the loop
    // (M = 1000 overflowed 8 MiB). Those stay scalar (correct, slower).
    if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
        llvm::none_of(op.getStaticLoopRanges(), ShapedType::isDynamic) ||
        llvm::any_of(op->getOperandTypes(), [](Type t) {
          return !getElementTypeOrSelf(t).isF32();
        }))
      return;
    // The vector rank (the output's innermost) tiled by 1 would give
    // vectors of one element, worse than the scalar loop: such an op stays
    // as it is.
    AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
    if (outMap.getNumResults() > 0)
      if (auto vecDim = dyn_cast<AffineDimExpr>(outMap.getResults().back());
          vecDim && ShapedType::isDynamic(
                        op.getStaticLoopRanges()[vecDim.getPosition()]))
        return;
    ops.push_back(op);
  });
  for (linalg::LinalgOp op : ops) {
    SmallVector<int64_t> tiles;
    bool allParallel = true;
    for (auto [extent, iterator] :
         llvm::zip(op.getStaticLoopRanges(), op.getIteratorTypesArray())) {
      tiles.push_back(ShapedType::isDynamic(extent) ? 1 : 0);
      allParallel &= !ShapedType::isDynamic(extent) ||
                     iterator == utils::IteratorType::parallel;
    }
    // With threads, steps along parallel run-time ranks (a batch) are the
    // threads' work: an scf.forall, inside which planTiles forks no more
    // (each step forking its own threads cost 100x at B = 3).
    bool forall = threads > 1 && allParallel &&
                  !op->getParentOfType<scf::ForallOp>();
    // An op that cannot be tiled stays as it is (scalar, correct).
    (void)tileLevel(rewriter, op, tiles, /*interchange=*/{}, forall);
  }
}

/// Rewrites a guarded reduction step, `select(c, out (+) x, out)` as the
/// lowering writes an einsum whose presence depends on the point (a causal
/// filter, a split tail), into `out (+) select(c, x, identity)`, which is
/// the same value (the identity leaves `out` unchanged) but a reduction
/// that the vectorizer recognizes; it gives up on the guarded form. Every
/// output is rewritten: a presence mask next to the value (`out | c`) is a
/// reduction already.
static void unguardReduction(RewriterBase &rewriter,
                             linalg::LinalgOp linalgOp) {
  auto op = dyn_cast<linalg::GenericOp>(linalgOp.getOperation());
  if (!op || op.getNumReductionLoops() == 0)
    return;
  auto yield = cast<linalg::YieldOp>(op.getBlock()->getTerminator());
  for (OpOperand &init : op.getDpsInitsMutable()) {
    Value out = op.getMatchingBlockArgument(&init);
    unsigned resultNumber = op.getTiedOpResult(&init).getResultNumber();
    auto select =
        yield.getOperand(resultNumber).getDefiningOp<arith::SelectOp>();
    if (!select || select.getFalseValue() != out || !select->hasOneUse())
      continue;
    Operation *combine = select.getTrueValue().getDefiningOp();
    if (!combine || !combine->hasOneUse() || combine->getNumOperands() != 2 ||
        !llvm::is_contained(combine->getOperands(), out))
      continue;
    auto type = dyn_cast<FloatType>(out.getType());
    if (!type)
      continue;
    std::optional<TypedAttr> identity;
    if (isa<arith::AddFOp>(combine))
      identity = rewriter.getFloatAttr(type, 0.0);
    else if (isa<arith::MulFOp>(combine))
      identity = rewriter.getFloatAttr(type, 1.0);
    else if (isa<arith::MaximumFOp, arith::MaxNumFOp>(combine))
      identity = rewriter.getFloatAttr(
          type, APFloat::getInf(type.getFloatSemantics(), /*Negative=*/true));
    else if (isa<arith::MinimumFOp, arith::MinNumFOp>(combine))
      identity = rewriter.getFloatAttr(
          type, APFloat::getInf(type.getFloatSemantics(), /*Negative=*/false));
    if (!identity)
      continue;
    Value x = combine->getOperand(0) == out ? combine->getOperand(1)
                                            : combine->getOperand(0);
    rewriter.setInsertionPoint(combine);
    Value neutral =
        arith::ConstantOp::create(rewriter, combine->getLoc(), *identity);
    Value guarded = arith::SelectOp::create(rewriter, select.getLoc(),
                                            select.getCondition(), x, neutral);
    rewriter.modifyOpInPlace(combine, [&] {
      combine->setOperand(combine->getOperand(0) == out ? 1 : 0, guarded);
    });
    rewriter.replaceOp(select, combine->getResult(0));
  }
}

/// Rewrites the `affine.apply`s of a linalg payload (predicates over ranks,
/// and the tile offsets that tiling adds to `linalg.index`) into arith ops,
/// which the vectorizer turns into index vectors; it gives up on
/// `affine.apply`, and the whole tile would stay scalar.
static void expandPayloadAffineApplies(RewriterBase &rewriter,
                                       linalg::LinalgOp op) {
  SmallVector<affine::AffineApplyOp> applies;
  op->walk([&](affine::AffineApplyOp apply) { applies.push_back(apply); });
  for (affine::AffineApplyOp apply : applies) {
    rewriter.setInsertionPoint(apply);
    std::optional<SmallVector<Value, 8>> expanded = affine::expandAffineMap(
        rewriter, apply.getLoc(), apply.getAffineMap(),
        llvm::to_vector<8>(apply.getOperands()));
    if (expanded)
      rewriter.replaceOp(apply, *expanded);
  }
}

/// Tiles `op` for caches and registers by its plan and vectorizes the
/// register tile. Failing to vectorize is not an error: the tile is then
/// lowered to scalar loops.
static void tileForCachesAndRegisters(RewriterBase &rewriter,
                                      linalg::LinalgOp op,
                                      const TilePlan &plan) {
  FailureOr<linalg::LinalgOp> current = tileLevel(
      rewriter, op, plan.cacheTiles, plan.interchange, /*forall=*/false);
  if (succeeded(current))
    current = tileLevel(rewriter, *current, plan.registerTiles,
                        plan.interchange, /*forall=*/false);
  if (failed(current))
    return;
  linalg::LinalgOp tile = *current;
  // Tiles divide their extents: every tile is static (no masks).
  if (tile.hasDynamicShape())
    return;
  expandPayloadAffineApplies(rewriter, tile);
  rewriter.setInsertionPoint(tile);
  FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(
      rewriter, tile, /*inputVectorSizes=*/{}, /*inputScalableVecDims=*/{},
      /*vectorizeNDExtract=*/true, /*flatten1DDepthwiseConv=*/false,
      /*assumeDynamicDimsMatchVecSizes=*/false,
      /*createNamedContraction=*/true);
  if (failed(vectorized))
    return;
  rewriter.replaceOp(tile, vectorized->replacements);
}

/// Extent of a version tile along a rank that a guard compares: a causal
/// filter's tiles of 64 x 64 are mixed only on the diagonal (1 in 16 for
/// 1024 keys), and a tile's branch costs a few scalar ops against 64^2
/// guarded points.
constexpr int64_t kVersionTile = 64;

/// Tiles `op` (already tiled for threads) along the ranks its guards compare
/// into version tiles (multiples of the register tiles, at most kVersionTile)
/// and versions each tile (versionGuardedTile): the unguarded clones and the
/// guarded op are then planned again for their tile's shape, tiled and
/// vectorized. Returns false, with `op` unchanged, when it has no guard to
/// version.
static bool tileVersionedGuards(RewriterBase &rewriter, linalg::LinalgOp op,
                                const TilePlan &plan, const TileSizes &sizes) {
  FailureOr<GuardVersionPlan> guards = planGuardVersions(op);
  if (failed(guards))
    return false;
  SmallVector<int64_t> extents = op.getStaticLoopRanges();
  SmallVector<int64_t> versionTiles(extents.size(), 0);
  for (auto [d, guarded] : llvm::enumerate(guards->guardedLoops)) {
    if (!guarded)
      continue;
    // In the compared quantity's units: a split's tile rank (`m1*64 + m0`)
    // steps by 64 keys.
    int64_t stride = 1;
    for (const VersionedPredicate &predicate : guards->predicates)
      stride = std::max(stride, std::abs(predicate.coefficients[d]));
    int64_t limit = std::max<int64_t>(1, kVersionTile / stride);
    if (extents[d] <= limit)
      continue;
    int64_t unit = plan.registerTiles[d];
    for (int64_t t = unit; t < extents[d] && t <= limit; t += unit)
      if (extents[d] % t == 0)
        versionTiles[d] = t;
  }
  FailureOr<linalg::LinalgOp> tile = tileLevel(
      rewriter, op, versionTiles, plan.interchange, /*forall=*/false);
  if (failed(tile))
    return true;
  // The tile's guards are over its own indices and the tile offsets.
  FailureOr<GuardVersionPlan> tileGuards = planGuardVersions(*tile);
  // Already split over threads, if at all.
  TileSizes inner = sizes;
  inner.threads = 1;
  std::vector<std::pair<linalg::LinalgOp, std::optional<TilePlan>>> versions;
  auto addVersion = [&](linalg::LinalgOp version) {
    unguardReduction(rewriter, version);
    versions.emplace_back(version, planTiles(version, inner));
  };
  if (failed(tileGuards)) {
    addVersion(*tile);
  } else {
    VersionedTile versioned = versionGuardedTile(rewriter, *tile, *tileGuards);
    for (linalg::LinalgOp unguarded : versioned.unguarded)
      addVersion(unguarded);
    // The guarded tile is planned as it is (the masks' ranks are its own),
    // then reads its guards from masks.
    linalg::LinalgOp guarded = versioned.guarded;
    auto generic = dyn_cast<linalg::GenericOp>(guarded.getOperation());
    FailureOr<GuardAfterReduction> after = failure();
    if (generic)
      after = guardAfterReduction(rewriter, generic, *tileGuards);
    if (succeeded(after)) {
      addVersion(after->dense);
      addVersion(after->mask);
      for (linalg::LinalgOp select : after->selects)
        addVersion(select);
      generic = nullptr;
      guarded = nullptr;
    }
    std::optional<TilePlan> guardedPlan =
        guarded ? planTiles(guarded, inner) : std::nullopt;
    if (generic) {
      guarded = materializeGuards(rewriter, generic, *tileGuards);
      SmallVector<Value> inputs = guarded.getDpsInputs();
      for (Value mask : ArrayRef<Value>(inputs).take_back(
               tileGuards->predicates.size()))
        addVersion(cast<linalg::LinalgOp>(mask.getDefiningOp()));
    }
    if (guarded) {
      unguardReduction(rewriter, guarded);
      versions.emplace_back(guarded, guardedPlan);
    }
  }
  for (auto &[version, versionPlan] : versions)
    if (versionPlan)
      tileForCachesAndRegisters(rewriter, version, *versionPlan);
  return true;
}

/// Tiles and vectorizes one op by its plan: threads, then guarded ops by
/// version tiles, then caches and registers.
static void tileAndVectorize(RewriterBase &rewriter, linalg::LinalgOp op,
                             const TilePlan &plan, const TileSizes &sizes) {
  FailureOr<linalg::LinalgOp> current = tileLevel(
      rewriter, op, plan.threadTiles, plan.interchange, /*forall=*/true);
  if (failed(current))
    return;
  if (tileVersionedGuards(rewriter, *current, plan, sizes))
    return;
  unguardReduction(rewriter, *current);
  tileForCachesAndRegisters(rewriter, *current, plan);
}

namespace {
/// Puts the operand that carries the accumulator's innermost (vector) rank on
/// the right of a `vector.contract` (products commute). The outer-product
/// lowering then broadcasts the left operand's scalars against the right
/// operand's rows and updates the accumulator row by row; in the other order
/// it transposes the whole accumulator at every step.
struct OrderContractionOperands : OpRewritePattern<vector::ContractionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    if (op.getKind() != vector::CombiningKind::ADD)
      return failure();
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    if (maps[2].getNumResults() == 0)
      return failure();
    AffineExpr innermost = maps[2].getResults().back();
    auto carries = [&](AffineMap map) {
      return llvm::is_contained(map.getResults(), innermost);
    };
    if (!carries(maps[0]) || carries(maps[1]))
      return failure();
    rewriter.replaceOpWithNewOp<vector::ContractionOp>(
        op, op.getRhs(), op.getLhs(), op.getAcc(),
        rewriter.getAffineMapArrayAttr({maps[1], maps[0], maps[2]}),
        op.getIteratorTypes(), op.getKind());
    return success();
  }
};

struct EdgeTileAndVectorizePass
    : public edge::impl::EdgeTileAndVectorizeBase<EdgeTileAndVectorizePass> {
  using Base::Base;

  /// The vector transfers this pass creates on tensors must bufferize.
  void getDependentDialects(DialectRegistry &registry) const override {
    Base::getDependentDialects(registry);
    vector::registerBufferizableOpInterfaceExternalModels(registry);
    linalg::registerTilingInterfaceExternalModels(registry);
    // Hoisting matches transfer_read/transfer_write and slice pairs.
    vector::registerSubsetOpInterfaceExternalModels(registry);
    tensor::registerSubsetOpInterfaceExternalModels(registry);
    arith::registerValueBoundsOpInterfaceExternalModels(registry);
    scf::registerValueBoundsOpInterfaceExternalModels(registry);
    tensor::registerValueBoundsOpInterfaceExternalModels(registry);
  }

  void runOnOperation() override;
};
} // namespace

void EdgeTileAndVectorizePass::runOnOperation() {
  func::FuncOp func = getOperation();
  MLIRContext *ctx = &getContext();

  FailureOr<TargetDescription> target =
      TargetDescription::forCpuOrEmitError(targetCpu, func, getArgument());
  if (failed(target))
    return signalPassFailure();
  TileSizes sizes;
  sizes.vectorBits = vectorBits ? vectorBits.getValue() : target->vectorBits;
  if (sizes.vectorBits < 32 || sizes.vectorBits > 4096 ||
      !llvm::isPowerOf2_32(sizes.vectorBits)) {
    func.emitError("edge-tile-and-vectorize: vector-bits must be a power of "
                   "two in [32, 4096], got ")
        << sizes.vectorBits;
    return signalPassFailure();
  }
  sizes.rows = tileRows ? tileRows.getValue()
                        : (target->vectorRegisters >= 32 ? 8u : 4u);
  sizes.vectors = tileVectors ? tileVectors.getValue() : 2u;
  if (sizes.rows > 64 || sizes.vectors > 16) {
    func.emitError("edge-tile-and-vectorize: a register tile of ")
        << sizes.rows << " rows x " << sizes.vectors
        << " vectors is out of range (at most 64 x 16)";
    return signalPassFailure();
  }
  sizes.cacheColumns = tileParallel;
  sizes.threads = threads ? threads.getValue() : target->cores;
  sizes.l1Bytes = target->l1Bytes;

  // 1. Elementwise fusion of single-use producers: one pass over a tile
  // instead of one per op. A producer with other uses stays (fusing it would
  // recompute it, e.g. an exp, per consumer); so does one that reads i1 (the
  // conversion of a mask input to bytes): fused, it would make its consumer
  // read i1, which stays scalar (planTiles). Nor is a producer fused into a
  // consumer that has ranks it does not have (A[m, p] into AV[f, p] over m):
  // it would be recomputed for every register tile of the other ranks (a
  // division per key and query for every 8 rows of f).
  {
    RewritePatternSet patterns(ctx);
    linalg::populateElementwiseOpsFusionPatterns(
        patterns, [](OpOperand *fused) {
          Operation *producer = fused->get().getDefiningOp();
          auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
          return producer && producer->hasOneUse() && consumer &&
                 consumer.getMatchingIndexingMap(fused).isPermutation() &&
                 llvm::none_of(producer->getOperandTypes(), [](Type t) {
                   return getElementTypeOrSelf(t).isInteger(1);
                 });
        });
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }

  IRRewriter rewriter(ctx);
  cloneSharedFills(rewriter, func);
  updateInputsInPlace(rewriter, func);
  packStridedContractionOperands(rewriter, func);
  // After the rewrites above, which insert ops before each user (inside an
  // scf.forall's terminator, a user is no place for them).
  tileRunTimeExtentsByOne(rewriter, func, sizes.threads);

  // 2-3. Tile and vectorize every op that has a plan. Collect first: tiling
  // creates new linalg ops that must not be visited again.
  std::vector<std::pair<linalg::LinalgOp, TilePlan>> work;
  func.walk([&](linalg::LinalgOp op) {
    if (std::optional<TilePlan> plan = planTiles(op, sizes))
      work.emplace_back(op, std::move(*plan));
  });
  for (auto &[op, plan] : work)
    tileAndVectorize(rewriter, op, plan, sizes);

  // 4. Slices into transfers, then accumulators out of reduction loops
  // (innermost loops first, so that an accumulator can climb several).
  {
    RewritePatternSet patterns(ctx);
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    patterns.add<OrderContractionOperands>(ctx);
    scf::ForOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::ExtractSliceOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::InsertSliceOp::getCanonicalizationPatterns(patterns, ctx);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
  }
  SmallVector<LoopLikeOpInterface> loops;
  func.walk([&](scf::ForOp loop) { loops.push_back(loop); });
  for (LoopLikeOpInterface loop : loops)
    hoistLoopInvariantSubsets(rewriter, loop);
}
