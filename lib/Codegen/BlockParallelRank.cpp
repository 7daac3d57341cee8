//===- BlockParallelRank.cpp - run a cascade per block of a parallel rank -===//
//
// This file implements edge-block-parallel-rank: the linalg form of a cascade
// whose outputs are computed independently along one rank (in attention the
// query rank p: no einsum reduces it) is wrapped into an `scf.forall` over
// blocks of that rank, and every op inside works on one block.
//
// Why: without it, every op of a 1-pass iteration streams a whole
// (tile x P) intermediate through the caches and every thread touches every
// column; with it, a block's running max, denominator and numerator and its
// per-tile scores stay in L1/L2 across the key tiles, and each thread owns
// its blocks from the first op to the last.
//
// Algorithm:
//   1. Rank classes: a union-find over (tensor value, dimension) pairs joins
//      the dimensions that the IR indexes by the same loop: the operands and
//      results of a linalg op through its indexing maps, a loop's inits,
//      iteration arguments, yields and results, and the unchanged dimensions
//      of reshapes, slices and pads. A dimension that a reduction, a compound
//      index, a reshape group or a partial slice touches is blocked, and so is
//      every dimension of an op the analysis does not model.
//   2. The candidate is the class of the innermost dimension of the first
//      result. It qualifies when no member is blocked, every result has one
//      dimension in it, every input at most one, and all have one extent P.
//   3. The body is cloned into an scf.forall over P / B blocks: inputs are
//      sliced, every type of the class gets extent B (with the static sizes of
//      reshapes and slices), `linalg.index` of the rank is offset by the
//      block's start, and the block's results are inserted in parallel.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Passes.h"
#include "edge/Codegen/TargetDescription.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"

namespace edge {
#define GEN_PASS_DEF_EDGEBLOCKPARALLELRANK
#include "edge/Codegen/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {

/// One dimension of one tensor value.
using DimRef = std::pair<Value, unsigned>;

/// Classes of tensor dimensions that the IR indexes by the same loop.
class RankClasses {
public:
  /// Analyzes the body of `func`.
  explicit RankClasses(func::FuncOp func);

  /// The class representative of `ref`.
  unsigned find(DimRef ref) { return find(id(ref)); }
  /// Whether some member of `ref`'s class is blocked.
  bool isBlocked(DimRef ref) { return blockedRoots.contains(find(ref)); }
  /// The dimensions of `value` in class `root`.
  SmallVector<unsigned> dimsIn(Value value, unsigned root) {
    SmallVector<unsigned> dims;
    if (auto type = dyn_cast<RankedTensorType>(value.getType()))
      for (unsigned d = 0; d < type.getRank(); ++d)
        if (ids.contains({value, d}) && find({value, d}) == root)
          dims.push_back(d);
    return dims;
  }
  /// Loop dimensions of a linalg op in class `root`.
  SmallVector<unsigned> loopDimsIn(Operation *op, unsigned root) {
    SmallVector<unsigned> dims;
    for (auto [d, ref] : llvm::enumerate(loopRefs.lookup(op)))
      if (ref && find(*ref) == root)
        dims.push_back(d);
    return dims;
  }

private:
  unsigned id(DimRef ref) {
    auto [it, inserted] = ids.try_emplace(ref, parents.size());
    if (inserted)
      parents.push_back(parents.size());
    return it->second;
  }
  unsigned find(unsigned x) {
    while (parents[x] != x)
      x = parents[x] = parents[parents[x]];
    return x;
  }
  void join(DimRef a, DimRef b) {
    unsigned ra = find(id(a)), rb = find(id(b));
    if (ra == rb)
      return;
    parents[rb] = ra;
    if (blockedRoots.erase(rb))
      blockedRoots.insert(ra);
  }
  void block(DimRef ref) { blockedRoots.insert(find(id(ref))); }
  void blockAll(Value value) {
    if (auto type = dyn_cast<RankedTensorType>(value.getType()))
      for (unsigned d = 0; d < type.getRank(); ++d)
        block({value, d});
  }
  /// Joins dimension `d` of every value in `values` (same-shaped values).
  void joinAll(ArrayRef<Value> values) {
    auto type = dyn_cast<RankedTensorType>(values.front().getType());
    if (!type)
      return;
    for (unsigned d = 0; d < type.getRank(); ++d)
      for (Value v : values.drop_front())
        join({values.front(), d}, {v, d});
  }
  void visit(Operation *op);
  void visitLinalg(linalg::LinalgOp op);
  /// A reshape whose `groups` of `expanded` dimensions form the dimensions
  /// of `collapsed`: a group of one keeps its dimension, the dimensions of a
  /// larger group are reshaped (blocked).
  void joinReshape(Value collapsed, Value expanded,
                   ArrayRef<ReassociationIndices> groups) {
    for (auto [collapsedDim, group] : llvm::enumerate(groups)) {
      DimRef whole{collapsed, static_cast<unsigned>(collapsedDim)};
      if (group.size() == 1) {
        join(whole, {expanded, static_cast<unsigned>(group[0])});
        continue;
      }
      block(whole);
      for (int64_t d : group)
        block({expanded, static_cast<unsigned>(d)});
    }
  }

  DenseMap<DimRef, unsigned> ids;
  SmallVector<unsigned> parents;
  DenseSet<unsigned> blockedRoots;
  /// For each linalg op, one dimension per loop (the loop's class).
  DenseMap<Operation *, SmallVector<std::optional<DimRef>>> loopRefs;
};

} // namespace

RankClasses::RankClasses(func::FuncOp func) {
  func.walk<WalkOrder::PreOrder>([&](Operation *op) { visit(op); });
}

void RankClasses::visitLinalg(linalg::LinalgOp op) {
  unsigned numLoops = op.getNumLoops();
  SmallVector<std::optional<DimRef>> loops(numLoops);
  SmallVector<bool> compound(numLoops, false);
  for (OpOperand &operand : op->getOpOperands()) {
    if (!isa<RankedTensorType>(operand.get().getType()))
      continue;
    AffineMap map = op.getMatchingIndexingMap(&operand);
    for (auto [k, expr] : llvm::enumerate(map.getResults())) {
      DimRef ref{operand.get(), static_cast<unsigned>(k)};
      if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
        unsigned d = dim.getPosition();
        if (loops[d])
          join(*loops[d], ref);
        else
          loops[d] = ref;
        continue;
      }
      block(ref);
      for (unsigned d = 0; d < numLoops; ++d)
        if (expr.isFunctionOfDim(d))
          compound[d] = true;
    }
  }
  for (OpResult result : op->getResults())
    joinAll({op.getDpsInitOperand(result.getResultNumber())->get(), result});
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < numLoops; ++d)
    if (loops[d] &&
        (compound[d] || iterators[d] != utils::IteratorType::parallel))
      block(*loops[d]);
  loopRefs[op] = std::move(loops);
}

void RankClasses::visit(Operation *op) {
  auto isTensor = [](Type t) { return isa<TensorType>(t); };
  if (isa<func::FuncOp>(op) ||
      (llvm::none_of(op->getOperandTypes(), isTensor) &&
       llvm::none_of(op->getResultTypes(), isTensor)))
    return; // scalars, e.g. a linalg payload
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    return visitLinalg(linalgOp);
  if (auto loop = dyn_cast<scf::ForOp>(op)) {
    for (auto [init, arg, result] : llvm::zip(
             loop.getInits(), loop.getRegionIterArgs(), loop.getResults()))
      joinAll({init, arg, result});
    return;
  }
  if (auto yield = dyn_cast<scf::YieldOp>(op);
      yield && isa<scf::ForOp>(op->getParentOp())) {
    for (auto [operand, result] :
         llvm::zip(yield.getOperands(), op->getParentOp()->getResults()))
      joinAll({operand, result});
    return;
  }
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(op))
    return joinReshape(expand.getSrc(), expand.getResult(),
                       expand.getReassociationIndices());
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op))
    return joinReshape(collapse.getResult(), collapse.getSrc(),
                       collapse.getReassociationIndices());
  if (auto slice = dyn_cast<tensor::ExtractSliceOp>(op)) {
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    ArrayRef<int64_t> srcShape = slice.getSourceType().getShape();
    unsigned resDim = 0;
    for (unsigned d = 0; d < srcShape.size(); ++d) {
      DimRef src{slice.getSource(), d};
      bool whole = slice.getStaticOffsets()[d] == 0 &&
                   slice.getStaticSizes()[d] == srcShape[d] &&
                   slice.getStaticStrides()[d] == 1;
      if (dropped.test(d)) {
        block(src);
        continue;
      }
      DimRef res{slice.getResult(), resDim++};
      if (whole) {
        join(src, res);
      } else {
        block(src);
        block(res);
      }
    }
    return;
  }
  if (auto pad = dyn_cast<tensor::PadOp>(op)) {
    for (unsigned d = 0; d < pad.getSourceType().getRank(); ++d) {
      DimRef src{pad.getSource(), d}, res{pad.getResult(), d};
      if (pad.getStaticLow()[d] == 0 && pad.getStaticHigh()[d] == 0) {
        join(src, res);
      } else {
        block(src);
        block(res);
      }
    }
    return;
  }
  if (isa<tensor::EmptyOp, func::ReturnOp>(op))
    return;
  // Anything else: its tensors keep their shape.
  for (Value v : op->getOperands())
    blockAll(v);
  for (Value v : op->getResults())
    blockAll(v);
}

/// The block size for extent `extent`: the largest divisor not above `limit`
/// that is a multiple of `multiple` if one exists, else the largest divisor.
static int64_t chooseBlock(int64_t extent, int64_t limit, int64_t multiple) {
  int64_t best = 0;
  for (int64_t b = std::min(extent, limit); b >= 1; --b)
    if (extent % b == 0) {
      if (b % multiple == 0)
        return b;
      if (!best)
        best = b;
    }
  return best;
}

namespace {
struct EdgeBlockParallelRankPass
    : public edge::impl::EdgeBlockParallelRankBase<EdgeBlockParallelRankPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

namespace {
/// One blocked rank: its class, its extent, its block, and (once the forall
/// exists) the induction variable that is the block's start.
struct BlockedRank {
  unsigned root;
  int64_t extent;
  int64_t block;
  Value start;
};
} // namespace

/// Returns `type` with each blocked rank's dimensions at its block's extent.
static Type blockedType(Type type, Value original, RankClasses &classes,
                        ArrayRef<BlockedRank> ranks) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return type;
  SmallVector<int64_t> shape(tensor.getShape());
  for (const BlockedRank &rank : ranks)
    for (unsigned d : classes.dimsIn(original, rank.root))
      shape[d] = rank.block;
  return tensor.clone(shape);
}

void EdgeBlockParallelRankPass::runOnOperation() {
  func::FuncOp func = getOperation();
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return;
  Block &body = func.getBody().front();
  auto ret = dyn_cast<func::ReturnOp>(body.getTerminator());
  if (!ret || ret.getNumOperands() == 0)
    return;
  auto firstType = dyn_cast<RankedTensorType>(ret.getOperand(0).getType());
  if (!firstType || firstType.getRank() == 0 || !firstType.hasStaticShape())
    return;
  FailureOr<TargetDescription> target =
      TargetDescription::forCpuOrEmitError(targetCpu, func, getArgument());
  if (failed(target))
    return signalPassFailure();

  // 1-2. The candidate ranks: every dimension of the first result whose
  // class passes the checks. The innermost one (the query rank) is blocked
  // by up to `block` columns, the outer ones (batch, heads) one at a time.
  RankClasses classes(func);
  auto qualifies = [&](unsigned root, int64_t extent) {
    auto sameExtent = [&](Value v) {
      auto type = cast<RankedTensorType>(v.getType());
      return llvm::all_of(classes.dimsIn(v, root), [&](unsigned d) {
        return type.getDimSize(d) == extent;
      });
    };
    for (Value result : ret.getOperands())
      if (!isa<RankedTensorType>(result.getType()) ||
          classes.dimsIn(result, root).size() != 1)
        return false;
    for (BlockArgument arg : body.getArguments())
      if (isa<RankedTensorType>(arg.getType()) &&
          (classes.dimsIn(arg, root).size() > 1 || !sameExtent(arg)))
        return false;
    // Every linalg op must iterate the rank: an op without it would be
    // recomputed for every block (e.g. the scores for every column f of V).
    bool uniform = true;
    func.walk([&](Operation *op) {
      for (Value v : op->getResults())
        if (isa<RankedTensorType>(v.getType()) && !sameExtent(v))
          uniform = false;
      if (isa<linalg::LinalgOp>(op) && classes.loopDimsIn(op, root).empty())
        uniform = false;
    });
    return uniform;
  };
  SmallVector<BlockedRank> ranks;
  int64_t rank = firstType.getRank();
  for (int64_t d = rank - 1; d >= 0; --d) {
    DimRef ref{ret.getOperand(0), static_cast<unsigned>(d)};
    if (classes.isBlocked(ref))
      continue;
    unsigned root = classes.find(ref);
    int64_t extent = firstType.getDimSize(d);
    if (llvm::any_of(ranks, [&](const BlockedRank &r) { return r.root == root; }) ||
        !qualifies(root, extent))
      continue;
    int64_t blockSize =
        d == rank - 1
            ? chooseBlock(extent, block ? block.getValue() : 128,
                          target->lanes(firstType.getElementTypeBitWidth()))
            : 1;
    if (blockSize < extent)
      ranks.push_back({root, extent, blockSize, Value()});
  }
  if (ranks.empty())
    return;
  // Outer ranks first: the forall's order, and the natural order of blocks.
  std::reverse(ranks.begin(), ranks.end());

  // 3. The forall over blocks, with the body cloned inside.
  MLIRContext *ctx = &getContext();
  IRRewriter rewriter(ctx);
  Location loc = func.getLoc();
  rewriter.setInsertionPoint(ret);
  SmallVector<Value> destinations;
  for (Value result : ret.getOperands()) {
    auto type = cast<RankedTensorType>(result.getType());
    destinations.push_back(tensor::EmptyOp::create(
        rewriter, loc, type.getShape(), type.getElementType()));
  }
  SmallVector<OpFoldResult> lbs, ubs, steps;
  for (const BlockedRank &r : ranks) {
    lbs.push_back(rewriter.getIndexAttr(0));
    ubs.push_back(rewriter.getIndexAttr(r.extent));
    steps.push_back(rewriter.getIndexAttr(r.block));
  }
  auto forall = scf::ForallOp::create(rewriter, loc, lbs, ubs, steps,
                                      destinations, /*mapping=*/std::nullopt);
  for (auto [i, r] : llvm::enumerate(ranks))
    r.start = forall.getInductionVar(i);
  rewriter.setInsertionPointToStart(forall.getBody());

  // The block of `value` (whose type is `type`): offsets, sizes, strides.
  auto blockOf = [&](Value value, RankedTensorType type) {
    SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes, strides(type.getRank(),
                                             rewriter.getIndexAttr(1));
    for (int64_t s : type.getShape())
      sizes.push_back(rewriter.getIndexAttr(s));
    for (const BlockedRank &r : ranks)
      for (unsigned d : classes.dimsIn(value, r.root)) {
        offsets[d] = r.start;
        sizes[d] = rewriter.getIndexAttr(r.block);
      }
    return std::make_tuple(offsets, sizes, strides);
  };

  IRMapping mapping;
  for (BlockArgument arg : body.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || blockedType(type, arg, classes, ranks) == type)
      continue;
    auto [offsets, sizes, strides] = blockOf(arg, type);
    mapping.map(arg, tensor::ExtractSliceOp::create(rewriter, loc, arg,
                                                    offsets, sizes, strides)
                         .getResult());
  }

  SmallVector<Operation *> originals;
  for (Operation &op : body.without_terminator())
    if (&op != forall.getOperation() &&
        !llvm::is_contained(destinations,
                            op.getNumResults() ? op.getResult(0) : Value()))
      originals.push_back(&op);
  for (Operation *op : originals) {
    Operation *copy = rewriter.clone(*op, mapping);
    // Walk the original and its copy in lockstep and give every value of a
    // blocked class its block's extent.
    SmallVector<Operation *> from, to;
    op->walk<WalkOrder::PreOrder>([&](Operation *o) { from.push_back(o); });
    copy->walk<WalkOrder::PreOrder>([&](Operation *o) { to.push_back(o); });
    for (auto [o, c] : llvm::zip(from, to)) {
      for (auto [r, cr] : llvm::zip(o->getResults(), c->getResults()))
        cr.setType(blockedType(r.getType(), r, classes, ranks));
      for (auto [region, copyRegion] :
           llvm::zip(o->getRegions(), c->getRegions()))
        for (auto [blockOrig, blockCopy] : llvm::zip(region, copyRegion))
          for (auto [a, ca] : llvm::zip(blockOrig.getArguments(),
                                        blockCopy.getArguments()))
            ca.setType(blockedType(a.getType(), a, classes, ranks));
      if (auto expand = dyn_cast<tensor::ExpandShapeOp>(c))
        expand.setStaticOutputShape(expand.getResultType().getShape());
      if (auto slice = dyn_cast<tensor::ExtractSliceOp>(c)) {
        Value source = cast<tensor::ExtractSliceOp>(o).getSource();
        SmallVector<int64_t> sizes(slice.getStaticSizes());
        for (const BlockedRank &r : ranks)
          for (unsigned d : classes.dimsIn(source, r.root))
            sizes[d] = r.block;
        slice.setStaticSizes(sizes);
      }
      // A predicate over a blocked rank reads the global index.
      if (isa<linalg::LinalgOp>(o)) {
        for (const BlockedRank &r : ranks) {
          SmallVector<unsigned> loopDims = classes.loopDimsIn(o, r.root);
          SmallVector<linalg::IndexOp> indices;
          c->walk([&](linalg::IndexOp index) {
            if (llvm::is_contained(loopDims, index.getDim()))
              indices.push_back(index);
          });
          for (linalg::IndexOp index : indices) {
            rewriter.setInsertionPointAfter(index);
            AffineExpr i, s;
            bindDims(ctx, i);
            bindSymbols(ctx, s);
            Value global = affine::AffineApplyOp::create(
                rewriter, index.getLoc(), AffineMap::get(1, 1, i + s),
                ValueRange{index.getResult(), r.start});
            rewriter.replaceAllUsesExcept(index.getResult(), global,
                                          global.getDefiningOp());
          }
        }
      }
    }
    rewriter.setInsertionPointAfter(copy);
  }

  // The block's results go to their place in the outputs.
  rewriter.setInsertionPointToStart(forall.getTerminator().getBody());
  for (auto [result, shared] :
       llvm::zip(ret.getOperands(), forall.getRegionIterArgs())) {
    auto [offsets, sizes, strides] =
        blockOf(result, cast<RankedTensorType>(result.getType()));
    tensor::ParallelInsertSliceOp::create(rewriter, loc,
                                          mapping.lookup(result), shared,
                                          offsets, sizes, strides);
  }
  rewriter.modifyOpInPlace(ret,
                           [&] { ret->setOperands(forall.getResults()); });
  for (Operation *op : llvm::reverse(originals))
    rewriter.eraseOp(op);
}
