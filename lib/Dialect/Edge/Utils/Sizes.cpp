//===- Sizes.cpp - run-time sizes of a cascade -----------------------------===//
//
// This file implements CascadeSizes: every dynamic extent of a cascade as
// an expression of its named sizes, traced back through the ops to the
// inputs.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace edge;

/// Applies `fn` to every einsum of the cascade, nested ones included.
static void forEachEinsum(CascadeOp cascade,
                          llvm::function_ref<void(EinsumOp)> fn) {
  cascade.getBody().walk([&](EinsumOp op) { fn(op); });
}

/// The operands (value, dimension) that index rank `pos` of `op` barely.
static SmallVector<std::pair<Value, unsigned>> bareOccurrences(EinsumOp op,
                                                               unsigned pos) {
  SmallVector<std::pair<Value, unsigned>> found;
  for (auto [i, input] : llvm::enumerate(op.getInputs()))
    for (auto [d, e] : llvm::enumerate(op.getInputMap(i).getResults()))
      if (auto dim = dyn_cast<AffineDimExpr>(e); dim && dim.getPosition() == pos)
        found.push_back({input, static_cast<unsigned>(d)});
  return found;
}

CascadeSizes::CascadeSizes(CascadeOp cascade, bool unify)
    : cascade(cascade), ctx(cascade.getContext()) {
  // Phase 1: one provisional symbol per dynamic input dimension.
  for (auto [i, type] : llvm::enumerate(cascade.getArgumentTypes()))
    for (unsigned d = 0, e = cast<RankedTensorType>(type).getRank(); d < e;
         ++d)
      if (cast<RankedTensorType>(type).isDynamicDim(d)) {
        symbolOf[{static_cast<unsigned>(i), d}] = inputDims.size();
        inputDims.push_back({static_cast<unsigned>(i), d});
      }
  if (inputDims.empty())
    return;
  if (!unify) {
    for (InputDim dim : inputDims)
      names.push_back(cascade.getSizeName(dim).value_or("").str());
    return;
  }

  // Dimensions that one rank indexes, or a mask pairs, are one size. The
  // first rank that indexes a size names it when the cascade does not.
  llvm::EquivalenceClasses<unsigned> classes;
  for (unsigned i = 0; i < inputDims.size(); ++i)
    classes.insert(i);
  SmallVector<std::string> rankName(inputDims.size());
  auto unite = [&](ArrayRef<AffineExpr> extents, StringRef rank) {
    std::optional<unsigned> first;
    for (AffineExpr e : extents) {
      auto sym = dyn_cast_or_null<AffineSymbolExpr>(e);
      if (!sym)
        continue;
      if (rankName[sym.getPosition()].empty())
        rankName[sym.getPosition()] = rank.upper();
      if (first)
        classes.unionSets(*first, sym.getPosition());
      first = sym.getPosition();
    }
  };
  // Tiles of the same tile that one rank or iteration walks together are
  // tiles of one size (the rewrites split one rank's operands alike; the
  // runtime checks that the inputs agree).
  auto uniteTiled = [&](ArrayRef<AffineExpr> extents) {
    SmallVector<AffineExpr> wholes;
    std::optional<int64_t> tile;
    for (AffineExpr extent : extents) {
      auto tiles = dyn_cast_or_null<AffineBinaryOpExpr>(extent);
      auto divisor = tiles ? dyn_cast<AffineConstantExpr>(tiles.getRHS())
                           : AffineConstantExpr();
      if (!tiles || tiles.getKind() != AffineExprKind::CeilDiv || !divisor ||
          (tile && *tile != divisor.getValue()))
        continue;
      tile = divisor.getValue();
      wholes.push_back(tiles.getLHS());
    }
    unite(wholes, "");
  };
  forEachEinsum(cascade, [&](EinsumOp op) {
    for (unsigned pos = 0; pos < op.getNumRanks(); ++pos) {
      SmallVector<AffineExpr> extents;
      for (auto [value, dim] : bareOccurrences(op, pos))
        extents.push_back(getExtent(value, dim));
      unite(extents, cast<StringAttr>(op.getRanks()[pos]).getValue());
      uniteTiled(extents);
    }
  });
  cascade.getBody().walk([&](IterateOp op) {
    SmallVector<AffineExpr> extents;
    for (auto [source, dim] :
         llvm::zip(op.getSliceSources(), op.getSliceDims()))
      extents.push_back(getExtent(source, dim));
    uniteTiled(extents);
  });
  cascade.getBody().walk([&](MaskOp op) {
    for (auto [i, dim] : llvm::enumerate(op.getMaskedDims()))
      unite({getExtent(op.getMask(), i), getExtent(op.getSource(), dim)}, "");
  });

  // Phase 2: one symbol per class, in the order of the inputs.
  SmallVector<InputDim> provisional = std::move(inputDims);
  SmallVector<unsigned> classOf(provisional.size());
  llvm::DenseMap<unsigned, unsigned> leaderSymbol;
  inputDims.clear();
  for (unsigned i = 0; i < provisional.size(); ++i) {
    unsigned leader = classes.getLeaderValue(i);
    auto [it, inserted] = leaderSymbol.try_emplace(leader, inputDims.size());
    if (inserted)
      inputDims.push_back(provisional[i]);
    classOf[i] = it->second;
  }
  // Names: a declared one, else after the rank, else after the input.
  names.assign(inputDims.size(), "");
  llvm::StringSet<> used;
  for (unsigned i = 0; i < provisional.size(); ++i)
    if (std::optional<StringRef> name = cascade.getSizeName(provisional[i]))
      if (names[classOf[i]].empty()) {
        names[classOf[i]] = name->str();
        inputDims[classOf[i]] = provisional[i];
        used.insert(*name);
      }
  for (unsigned i = 0; i < provisional.size(); ++i) {
    std::string &name = names[classOf[i]];
    if (!name.empty())
      continue;
    std::string candidate = rankName[i];
    if (candidate.empty() || used.contains(candidate))
      candidate = (cast<StringAttr>(cascade.getInputNames()[provisional[i]
                                                                .input])
                       .getValue() +
                   "_" + Twine(provisional[i].dim))
                      .str();
    for (unsigned n = 2; used.contains(candidate); ++n)
      candidate = (rankName[i] + "_" + Twine(n)).str();
    name = candidate;
    used.insert(name);
  }
  symbolOf.clear();
  for (unsigned i = 0; i < provisional.size(); ++i)
    symbolOf[{provisional[i].input, provisional[i].dim}] = classOf[i];
  cache.clear();
}

std::optional<unsigned> CascadeSizes::getSymbol(InputDim dim) const {
  auto it = symbolOf.find({dim.input, dim.dim});
  if (it == symbolOf.end())
    return std::nullopt;
  return it->second;
}

AffineExpr CascadeSizes::getExtent(Value value, unsigned dim) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || dim >= type.getRank())
    return nullptr;
  if (!type.isDynamicDim(dim))
    return getAffineConstantExpr(type.getDimSize(dim), ctx);
  auto key = std::make_pair(value, dim);
  if (auto it = cache.find(key); it != cache.end())
    return it->second;
  // Cut cycles (an iteration's running values): unknown while computing.
  // An unknown result is not kept: it may be unknown only because a cycle
  // was cut here (the running value of a fill, asked from inside the
  // computation of the fill's own extent), and known when asked again.
  cache[key] = nullptr;
  AffineExpr extent = computeExtent(value, dim);
  if (extent)
    cache[key] = extent;
  else
    cache.erase(key);
  return extent;
}

AffineExpr CascadeSizes::computeExtent(Value value, unsigned dim) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (owner == cascade.getOperation()) {
      if (std::optional<unsigned> symbol =
              getSymbol({arg.getArgNumber(), dim}))
        return getAffineSymbolExpr(*symbol, ctx);
      return nullptr;
    }
    if (auto iterate = dyn_cast<IterateOp>(owner)) {
      unsigned numSlices = iterate.getSliceSources().size();
      if (arg.getArgNumber() >= numSlices)
        return getExtent(iterate.getInits()[arg.getArgNumber() - numSlices],
                         dim);
      int64_t slicedDim = iterate.getSliceDims()[arg.getArgNumber()];
      return getExtent(iterate.getSliceSources()[arg.getArgNumber()],
                       dim < slicedDim ? dim : dim + 1);
    }
    return nullptr;
  }
  Operation *op = value.getDefiningOp();
  // A fill has no operand: a running value that one starts has the extent
  // of the value each step yields (1-pass over a run-time batch).
  if (auto fill = dyn_cast<FillOp>(op)) {
    for (OpOperand &use : fill->getUses()) {
      auto iterate = dyn_cast<IterateOp>(use.getOwner());
      unsigned numSlices = iterate ? iterate.getSliceSources().size() : 0;
      if (!iterate || use.getOperandNumber() < numSlices)
        continue;
      Operation *yield = iterate.getBody().front().getTerminator();
      if (AffineExpr extent = getExtent(
              yield->getOperand(use.getOperandNumber() - numSlices), dim))
        return extent;
    }
    return nullptr;
  }
  if (auto mask = dyn_cast<MaskOp>(op))
    return getExtent(mask.getSource(), dim);
  if (auto iterate = dyn_cast<IterateOp>(op))
    return getExtent(
        iterate.getInits()[cast<OpResult>(value).getResultNumber()], dim);
  if (auto split = dyn_cast<SplitOp>(op)) {
    unsigned at = split.getDim();
    if (dim < at)
      return getExtent(split.getSource(), dim);
    if (dim == at)
      if (AffineExpr whole = getExtent(split.getSource(), at))
        return whole.ceilDiv(split.getTile());
    if (dim > at + 1)
      return getExtent(split.getSource(), dim - 1);
    return nullptr;
  }
  if (auto unsplit = dyn_cast<UnsplitOp>(op)) {
    unsigned at = unsplit.getDim();
    if (dim < at)
      return getExtent(unsplit.getSource(), dim);
    if (dim > at)
      return getExtent(unsplit.getSource(), dim + 1);
    // The tiles of a split are ceildiv(M, tile): unsplit gives M back.
    auto tiles = dyn_cast_or_null<AffineBinaryOpExpr>(
        getExtent(unsplit.getSource(), at));
    auto tile = dyn_cast_or_null<AffineConstantExpr>(
        getExtent(unsplit.getSource(), at + 1));
    if (tiles && tile && tiles.getKind() == AffineExprKind::CeilDiv &&
        tiles.getRHS() == tile)
      return tiles.getLHS();
    return nullptr;
  }
  if (auto einsum = dyn_cast<EinsumOp>(op)) {
    auto rank = dyn_cast<AffineDimExpr>(einsum.getOutputMap().getResult(dim));
    if (!rank)
      return nullptr;
    for (auto [operand, operandDim] :
         bareOccurrences(einsum, rank.getPosition()))
      if (AffineExpr extent = getExtent(operand, operandDim))
        return extent;
  }
  return nullptr;
}

SmallVector<AffineExpr> CascadeSizes::getRankExtents(EinsumOp op) {
  SmallVector<AffineExpr> extents;
  for (unsigned pos = 0; pos < op.getNumRanks(); ++pos) {
    AffineExpr extent;
    for (auto [value, dim] : bareOccurrences(op, pos))
      if ((extent = getExtent(value, dim)))
        break;
    if (!extent)
      for (auto [d, e] : llvm::enumerate(op.getOutputMap().getResults()))
        if (auto rank = dyn_cast<AffineDimExpr>(e);
            !extent && rank && rank.getPosition() == pos)
          extent = getExtent(op.getResult(), d);
    extents.push_back(extent);
  }
  return extents;
}

AffineExpr CascadeSizes::getTripCount(IterateOp op) {
  if (std::optional<uint64_t> stop = op.getStop())
    return getAffineConstantExpr(static_cast<int64_t>(*stop), ctx);
  for (auto [source, dim] : llvm::zip(op.getSliceSources(), op.getSliceDims()))
    if (AffineExpr extent = getExtent(source, dim))
      return extent;
  return nullptr;
}

std::optional<unsigned> CascadeSizes::getRankSize(StringRef rank) {
  for (Operation &op : cascade.getBody().front())
    if (auto einsum = dyn_cast<EinsumOp>(op))
      if (std::optional<unsigned> pos = einsum.getRankPosition(rank))
        if (auto size = dyn_cast_or_null<AffineSymbolExpr>(
                getRankExtents(einsum)[*pos]))
          return size.getPosition();
  return std::nullopt;
}

std::optional<std::string> edge::declareRankSize(CascadeOp cascade,
                                                 StringRef rank) {
  CascadeSizes sizes(cascade);
  if (std::optional<unsigned> symbol = sizes.getRankSize(rank))
    return sizes.declare(*symbol).str();
  return std::nullopt;
}

StringRef CascadeSizes::declare(unsigned symbol) {
  if (!cascade.lookupSize(names[symbol]))
    cascade.addSize(names[symbol], inputDims[symbol]);
  return names[symbol];
}

int64_t CascadeSizes::evaluate(AffineExpr extent, ArrayRef<int64_t> sizes) {
  return evaluateAffineExpr(extent, /*dims=*/{}, sizes);
}

/// Prints `e` with symbol i as `names[i]`.
static void printExtent(llvm::raw_ostream &os, AffineExpr e,
                        ArrayRef<std::string> names) {
  if (auto c = dyn_cast<AffineConstantExpr>(e)) {
    os << c.getValue();
    return;
  }
  if (auto s = dyn_cast<AffineSymbolExpr>(e)) {
    os << names[s.getPosition()];
    return;
  }
  if (auto d = dyn_cast<AffineDimExpr>(e)) {
    os << "d" << d.getPosition();
    return;
  }
  auto bin = cast<AffineBinaryOpExpr>(e);
  auto binary = [&](StringRef fn) {
    os << fn << "(";
    printExtent(os, bin.getLHS(), names);
    os << ", ";
    printExtent(os, bin.getRHS(), names);
    os << ")";
  };
  switch (bin.getKind()) {
  case AffineExprKind::Add:
    printExtent(os, bin.getLHS(), names);
    os << " + ";
    printExtent(os, bin.getRHS(), names);
    return;
  case AffineExprKind::Mul: {
    auto wrap = [&](AffineExpr operand) {
      bool sum = operand.getKind() == AffineExprKind::Add;
      os << (sum ? "(" : "");
      printExtent(os, operand, names);
      os << (sum ? ")" : "");
    };
    wrap(bin.getLHS());
    os << "*";
    wrap(bin.getRHS());
    return;
  }
  case AffineExprKind::CeilDiv:
    return binary("ceildiv");
  case AffineExprKind::FloorDiv:
    return binary("floordiv");
  default:
    return binary("mod");
  }
}

std::string CascadeSizes::print(AffineExpr extent) const {
  std::string text;
  llvm::raw_string_ostream os(text);
  printExtent(os, extent, names);
  return text;
}

bool edge::hasDynamicSizes(CascadeOp cascade) {
  auto dynamic = [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && !tensor.hasStaticShape();
  };
  if (llvm::any_of(cascade.getArgumentTypes(), dynamic) ||
      llvm::any_of(cascade.getResultTypes(), dynamic))
    return true;
  WalkResult found = cascade.getBody().walk([&](Operation *op) {
    auto iterate = dyn_cast<IterateOp>(op);
    if (llvm::any_of(op->getResultTypes(), dynamic) ||
        (iterate && !iterate.getStop()))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return found.wasInterrupted();
}

/// `type` with its dynamic dimensions set from `extentOf(dim)`; none when
/// one is unknown.
static std::optional<RankedTensorType>
specializeType(RankedTensorType type,
               llvm::function_ref<std::optional<int64_t>(unsigned)> extentOf) {
  SmallVector<int64_t> shape(type.getShape());
  for (auto [d, extent] : llvm::enumerate(shape))
    if (ShapedType::isDynamic(extent)) {
      std::optional<int64_t> value = extentOf(d);
      if (!value)
        return std::nullopt;
      extent = *value;
    }
  return RankedTensorType::get(shape, type.getElementType(),
                               type.getEncoding());
}

FailureOr<OwningOpRef<CascadeOp>>
edge::specializeSizes(CascadeOp cascade, ArrayRef<int64_t> sizes) {
  CascadeSizes extents(cascade);
  if (sizes.size() != extents.getNames().size())
    return cascade.emitOpError("needs ")
           << extents.getNames().size() << " sizes, got " << sizes.size();
  for (auto [name, size] : llvm::zip(extents.getNames(), sizes))
    if (size <= 0 || size > kMaxElements)
      return cascade.emitOpError("size ")
             << name << " = " << size << " must be in [1, " << kMaxElements
             << "]";

  // The static type of every value, computed on the original.
  SmallVector<std::pair<Value, RankedTensorType>> retyped;
  auto retype = [&](Operation *anchor, Value value) -> LogicalResult {
    auto type = dyn_cast<RankedTensorType>(value.getType());
    if (!type || type.hasStaticShape())
      return success();
    std::optional<RankedTensorType> fixed =
        specializeType(type, [&](unsigned d) -> std::optional<int64_t> {
          if (AffineExpr extent = extents.getExtent(value, d))
            return CascadeSizes::evaluate(extent, sizes);
          return std::nullopt;
        });
    if (!fixed)
      return anchor->emitOpError("has a dynamic dimension that is no "
                                 "expression of the cascade's sizes: ")
             << type;
    retyped.push_back({value, *fixed});
    return success();
  };
  for (BlockArgument arg : cascade.getBody().getArguments())
    if (failed(retype(cascade, arg)))
      return failure();
  WalkResult walk = cascade.getBody().walk([&](Operation *op) {
    for (Value result : op->getResults())
      if (failed(retype(op, result)))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (BlockArgument arg : region.getArguments())
        if (failed(retype(op, arg)))
          return WalkResult::interrupt();
    return WalkResult::advance();
  });
  if (walk.wasInterrupted())
    return failure();
  SmallVector<std::pair<IterateOp, int64_t>> stops;
  cascade.getBody().walk([&](IterateOp op) {
    if (!op.getStop())
      if (AffineExpr trips = extents.getTripCount(op))
        stops.push_back({op, CascadeSizes::evaluate(trips, sizes)});
  });

  IRMapping mapping;
  OwningOpRef<CascadeOp> copy(cast<CascadeOp>(cascade->clone(mapping)));
  for (auto [value, type] : retyped)
    mapping.lookup(value).setType(type);
  for (auto [op, stop] : stops)
    cast<IterateOp>(mapping.lookup(op.getOperation()))
        .setStopAttr(Builder(op.getContext()).getI64IntegerAttr(stop));
  // Filters that name a size: the size becomes its value.
  MLIRContext *ctx = cascade.getContext();
  copy->getBody().walk([&](EinsumOp op) {
    SmallVector<AffineExpr> replacement;
    SmallVector<Attribute> kept;
    for (Attribute name : op.getSymbols()) {
      std::optional<InputDim> dim =
          cascade.lookupSize(cast<StringAttr>(name).getValue());
      std::optional<unsigned> symbol =
          dim ? extents.getSymbol(*dim) : std::nullopt;
      if (symbol) {
        replacement.push_back(getAffineConstantExpr(sizes[*symbol], ctx));
        continue;
      }
      replacement.push_back(getAffineSymbolExpr(kept.size(), ctx));
      kept.push_back(name);
    }
    if (kept.size() == op.getSymbols().size())
      return;
    unsigned numDims = op.getNumRanks();
    SmallVector<Attribute> maps;
    for (Attribute attr : op.getIndexingMaps()) {
      AffineMap map = cast<AffineMapAttr>(attr).getValue();
      maps.push_back(AffineMapAttr::get(
          map.replaceDimsAndSymbols({}, replacement, numDims, kept.size())));
    }
    op.setIndexingMapsAttr(ArrayAttr::get(ctx, maps));
    if (std::optional<IntegerSet> filter = op.getFilter()) {
      SmallVector<AffineExpr> constraints;
      for (AffineExpr c : filter->getConstraints())
        constraints.push_back(c.replaceSymbols(replacement));
      op.setFilterAttr(IntegerSetAttr::get(IntegerSet::get(
          numDims, kept.size(), constraints, filter->getEqFlags())));
    }
    op.setSymbolsAttr(ArrayAttr::get(ctx, kept));
  });
  SmallVector<Type> inputs, outputs;
  for (BlockArgument arg : copy->getBody().getArguments())
    inputs.push_back(arg.getType());
  for (Value value :
       copy->getBody().front().getTerminator()->getOperands())
    outputs.push_back(value.getType());
  copy->setFunctionTypeAttr(
      TypeAttr::get(FunctionType::get(ctx, inputs, outputs)));
  copy->removeSizesAttr();
  // Extents that the IR says are equal but the sizes make differ (two
  // inputs of one size given apart) show here, as the verifier's errors.
  if (failed(verify(copy->getOperation())))
    return failure();
  return copy;
}

FailureOr<SmallVector<int64_t>>
edge::parseSizeBindings(const CascadeSizes &sizes, StringRef text,
                        std::optional<int64_t> defaultSize,
                        std::string &error) {
  SmallVector<std::optional<int64_t>> given(sizes.getNames().size());
  SmallVector<StringRef> bindings;
  text.split(bindings, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef binding : bindings) {
    auto [name, value] = binding.trim().split('=');
    name = name.trim();
    const auto *it = llvm::find(sizes.getNames(), name);
    if (it == sizes.getNames().end()) {
      error = ("unknown size '" + name + "' (the sizes are: " +
               llvm::join(sizes.getNames(), ", ") + ")")
                  .str();
      return failure();
    }
    int64_t number;
    if (value.trim().getAsInteger(10, number) || number <= 0 ||
        number > kMaxElements) {
      error = ("size " + name + " must be a positive integer up to 2^40, got '" +
               value.trim() + "'")
                  .str();
      return failure();
    }
    given[it - sizes.getNames().begin()] = number;
  }
  SmallVector<int64_t> result;
  for (auto [name, value] : llvm::zip(sizes.getNames(), given)) {
    if (!value && !defaultSize) {
      error = "no value for size " + name + " (give it as " + name + "=N)";
      return failure();
    }
    result.push_back(value.value_or(defaultSize.value_or(0)));
  }
  return result;
}

FailureOr<CascadeOp>
edge::replaceBySpecializedSizes(CascadeOp cascade, ArrayRef<int64_t> sizes) {
  FailureOr<OwningOpRef<CascadeOp>> fixed = specializeSizes(cascade, sizes);
  if (failed(fixed))
    return failure();
  CascadeOp copy = fixed->release();
  cascade->getBlock()->getOperations().insert(cascade->getIterator(), copy);
  cascade->erase();
  return copy;
}
