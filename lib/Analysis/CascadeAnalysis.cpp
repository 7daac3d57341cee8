//===- CascadeAnalysis.cpp - passes, traffic, footprint, FLOPs ------------===//
//
// This file implements the cost model of an edge.cascade (docs/Analysis.md):
//
//   1. Root ranks: a union-find over (tensor, dimension) pairs and einsum /
//      iterate ranks, with split links between classes (CascadeAnalyzer.h).
//   2. Passes (FuseMax §2): per root rank R, every op gets a level, the
//      number of barriers over R crossed before it. A barrier is an einsum
//      that reduces the outermost piece of R (m, or m1 after a split); its
//      result is *complete* over R. An op that iterates the outermost piece
//      of R and consumes a complete value, directly or through ops that do
//      not iterate R, starts a new pass. An edge.iterate over the outermost
//      piece is one traversal: everything in its region is at its level, and
//      its running values are not barriers. Passes over R = 1 + max level.
//   3. Traffic: intermediates live on chip unless a consumer is in a later
//      pass over one of their ranks, they exceed the on-chip buffer, or they
//      are outputs.
//   4. Footprint: peak bytes of live intermediates in program order, per step
//      inside iterations.
//   5. FLOPs: visited points (dense, filters ignored) times per-point ops.
//
//===----------------------------------------------------------------------===//

#include "CascadeAnalyzer.h"

#include "edge/Dialect/Edge/Utils/EinsumSpec.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <set>

using namespace mlir;
using namespace edge;
using namespace edge::detail;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static SmallVector<StringRef> toStringRefs(ArrayAttr names) {
  return llvm::to_vector(llvm::map_range(
      names, [](Attribute a) { return cast<StringAttr>(a).getValue(); }));
}

/// The name without trailing digits (`m1` -> `m`).
static StringRef stem(StringRef name) {
  return name.rtrim("0123456789");
}

/// Values used inside the regions of `op` but defined outside it.
static SmallVector<Value> capturedValues(Operation *op) {
  llvm::SetVector<Value> captured;
  for (Region &region : op->getRegions())
    region.walk([&](Operation *inner) {
      for (Value operand : inner->getOperands())
        if (!region.isAncestor(operand.getParentRegion()))
          captured.insert(operand);
    });
  return captured.takeVector();
}

//===----------------------------------------------------------------------===//
// Union-find and rank classes
//===----------------------------------------------------------------------===//

unsigned CascadeAnalyzer::newNode() {
  parent.push_back(parent.size());
  return parent.size() - 1;
}

unsigned CascadeAnalyzer::find(unsigned node) {
  while (parent[node] != node) {
    parent[node] = parent[parent[node]];
    node = parent[node];
  }
  return node;
}

bool CascadeAnalyzer::unite(unsigned a, unsigned b) {
  a = find(a);
  b = find(b);
  if (a == b)
    return false;
  // Keep the smaller id as representative so that classes are stable.
  if (b < a)
    std::swap(a, b);
  parent[b] = a;
  return true;
}

unsigned CascadeAnalyzer::valueNode(Value value, unsigned dim) {
  auto [it, inserted] = valueNodes.try_emplace({value, dim}, 0);
  if (inserted)
    it->second = newNode();
  return it->second;
}

bool CascadeAnalyzer::isInputView(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    if (arg.getOwner() == &cascade.getBody().front())
      return true;
    auto iterate = dyn_cast<IterateOp>(arg.getOwner()->getParentOp());
    return iterate && arg.getArgNumber() < iterate.getSliceSources().size() &&
           isInputView(iterate.getSliceSources()[arg.getArgNumber()]);
  }
  if (auto split = value.getDefiningOp<SplitOp>())
    return isInputView(split.getSource());
  if (auto unsplit = value.getDefiningOp<UnsplitOp>())
    return isInputView(unsplit.getSource());
  return false;
}

SmallVector<unsigned> CascadeAnalyzer::unnamedRead(Value value,
                                                   unsigned rank) {
  if (isInputView(value))
    return readNodes(value, SmallVector<std::string>(rank));
  SmallVector<unsigned> nodes;
  for (unsigned j = 0; j < rank; ++j)
    nodes.push_back(valueNode(value, j));
  return nodes;
}

SmallVector<unsigned> CascadeAnalyzer::readNodes(Value value,
                                                 ArrayRef<std::string> names) {
  unsigned rank = cast<RankedTensorType>(value.getType()).getRank();
  SmallVector<unsigned> nodes;
  auto fresh = [&] { return newNode(); };
  if (auto arg = dyn_cast<BlockArgument>(value);
      arg && arg.getOwner() == &cascade.getBody().front()) {
    for (unsigned j = 0; j < rank; ++j) {
      if (names[j].empty()) {
        nodes.push_back(valueNode(value, j));
        continue;
      }
      auto [it, inserted] = roleNodes[{value, j}].try_emplace(names[j], 0);
      if (inserted)
        it->second = newNode();
      nodes.push_back(it->second);
    }
  } else if (auto split = value.getDefiningOp<SplitOp>()) {
    // Dims d, d + 1 are the pieces of the source's dim d.
    unsigned d = split.getDim();
    SmallVector<std::string> sourceNames(names.begin(), names.end());
    sourceNames.erase(sourceNames.begin() + d + 1);
    sourceNames[d] =
        getSplitRankOrigin(names[d], names[d + 1]).value_or(std::string());
    SmallVector<unsigned> source = readNodes(split.getSource(), sourceNames);
    nodes = source;
    nodes[d] = fresh();
    nodes.insert(nodes.begin() + d + 1, fresh());
    splits.push_back({source[d], nodes[d], nodes[d + 1],
                      static_cast<int64_t>(split.getTile())});
  } else if (auto unsplit = value.getDefiningOp<UnsplitOp>()) {
    unsigned d = unsplit.getDim();
    SplitRankNames pieces = getSplitRankNames(names[d]);
    SmallVector<std::string> sourceNames(names.begin(), names.end());
    sourceNames[d] = names[d].empty() ? "" : pieces.outer;
    sourceNames.insert(sourceNames.begin() + d + 1,
                       names[d].empty() ? "" : pieces.inner);
    SmallVector<unsigned> source = readNodes(unsplit.getSource(), sourceNames);
    nodes = source;
    nodes.erase(nodes.begin() + d + 1);
    nodes[d] = fresh();
    auto sourceType = cast<RankedTensorType>(unsplit.getSource().getType());
    splits.push_back(
        {nodes[d], source[d], source[d + 1], sourceType.getDimSize(d + 1)});
  } else {
    // The slice of an iteration: the source without the iterated dim.
    auto arg = cast<BlockArgument>(value);
    auto iterate = cast<IterateOp>(arg.getOwner()->getParentOp());
    unsigned k = arg.getArgNumber();
    unsigned d = iterate.getSliceDims()[k];
    SmallVector<std::string> sourceNames(names.begin(), names.end());
    sourceNames.insert(sourceNames.begin() + d, iterate.getRank().str());
    SmallVector<unsigned> source =
        readNodes(iterate.getSliceSources()[k], sourceNames);
    unite(source[d], rankNode(iterate, 0));
    nodes = source;
    nodes.erase(nodes.begin() + d);
  }
  // The view's own dims (its report line) take the nodes of its first read.
  for (unsigned j = 0; j < rank; ++j)
    if (auto [it, first] = valueNodes.try_emplace({value, j}, nodes[j]);
        !first && names[j].empty())
      unite(it->second, nodes[j]);
  return nodes;
}

unsigned CascadeAnalyzer::rankNode(Operation *op, unsigned rank) {
  auto [it, inserted] = rankNodes.try_emplace({op, rank}, 0);
  if (inserted)
    it->second = newNode();
  return it->second;
}

unsigned CascadeAnalyzer::classOf(Value value, unsigned dim) {
  return find(valueNode(value, dim));
}

unsigned CascadeAnalyzer::rootOf(unsigned cls) {
  cls = find(cls);
  // Piece links never form cycles (buildRankClasses drops such links); the
  // bound is a guard only.
  for (unsigned steps = 0; steps < parent.size(); ++steps) {
    auto it = pieceOf.find(cls);
    if (it == pieceOf.end())
      return cls;
    cls = find(it->second.first);
  }
  return cls;
}

bool CascadeAnalyzer::isOuterOf(unsigned cls, unsigned root) {
  cls = find(cls);
  for (unsigned steps = 0; steps < parent.size(); ++steps) {
    if (cls == root)
      return true;
    auto it = pieceOf.find(cls);
    if (it == pieceOf.end() || !it->second.second)
      return false;
    cls = find(it->second.first);
  }
  return false;
}

bool CascadeAnalyzer::iteratesOuter(Operation *op, unsigned root) {
  if (auto einsum = dyn_cast<EinsumOp>(op)) {
    for (unsigned k = 0, e = einsum.getNumRanks(); k < e; ++k)
      if (isOuterOf(rankNode(op, k), root))
        return true;
    return false;
  }
  if (auto iterate = dyn_cast<IterateOp>(op))
    return isOuterOf(rankNode(op, 0), root);
  return false;
}

bool CascadeAnalyzer::reducesOuter(EinsumOp op, unsigned root) {
  for (unsigned k = 0, e = op.getNumRanks(); k < e; ++k)
    if (op.isReducedRank(k) && isOuterOf(rankNode(op, k), root))
      return true;
  return false;
}

LogicalResult CascadeAnalyzer::checkSupported() {
  if (!cascade.getBody().hasOneBlock())
    return cascade.emitOpError("cannot be analyzed: its body must be a single "
                               "block");
  auto checkType = [](Operation *op, Type type) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return op->emitOpError("cannot be analyzed: tensor type ")
             << type << " has no static shape";
    if (!tensor.getElementType().isIntOrFloat())
      return op->emitOpError("cannot be analyzed: element type ")
             << tensor.getElementType() << " has no size in bytes";
    return success();
  };
  for (BlockArgument arg : cascade.getBody().getArguments())
    if (failed(checkType(cascade, arg.getType())))
      return failure();
  WalkResult result = cascade.getBody().walk([&](Operation *op) {
    if (!isa<EinsumOp, SplitOp, UnsplitOp, MaskOp, FillOp, IterateOp, YieldOp,
             ReturnOp>(op)) {
      op->emitOpError("is not supported by the cascade analysis (expected "
                      "edge.einsum, edge.split, edge.unsplit, edge.mask, "
                      "edge.fill or edge.iterate)");
      return WalkResult::interrupt();
    }
    for (Type type : op->getResultTypes())
      if (failed(checkType(op, type)))
        return WalkResult::interrupt();
    if (auto iterate = dyn_cast<IterateOp>(op)) {
      if (!iterate.getStop()) {
        iterate.emitOpError("cannot be analyzed: no stopping bound");
        return WalkResult::interrupt();
      }
      for (BlockArgument arg : iterate.getBody().getArguments())
        if (failed(checkType(op, arg.getType())))
          return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

LogicalResult CascadeAnalyzer::buildRankClasses() {
  // Nodes of the ranks of the iterations enclosing `op`, by name.
  auto symbolNode = [&](Operation *op, StringRef name) -> std::optional<unsigned> {
    for (Operation *p = op->getParentOp(); p; p = p->getParentOp())
      if (auto iterate = dyn_cast<IterateOp>(p))
        if (iterate.getRank() == name)
          return rankNode(iterate, 0);
    return std::nullopt;
  };

  cascade.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (auto einsum = dyn_cast<EinsumOp>(op)) {
      SmallVector<StringRef> dims = toStringRefs(einsum.getRanks());
      SmallVector<StringRef> symbols = toStringRefs(einsum.getSymbols());
      for (auto [k, name] : llvm::enumerate(dims))
        nodeNames[rankNode(op, k)] = name.str();
      unsigned numInputs = einsum.getInputs().size();
      for (unsigned i = 0; i <= numInputs; ++i) {
        Value value = i < numInputs ? einsum.getInputs()[i] : einsum.getResult();
        AffineMap map = i < numInputs ? einsum.getInputMap(i)
                                      : einsum.getOutputMap();
        SmallVector<unsigned> nodes;
        if (i < numInputs && isInputView(value)) {
          SmallVector<std::string> names;
          for (AffineExpr expr : map.getResults()) {
            auto dim = dyn_cast<AffineDimExpr>(expr);
            names.push_back(dim ? dims[dim.getPosition()].str() : "");
          }
          nodes = readNodes(value, names);
        } else {
          for (unsigned d = 0; d < map.getNumResults(); ++d)
            nodes.push_back(valueNode(value, d));
        }
        for (auto [d, expr] : llvm::enumerate(map.getResults())) {
          if (auto dim = dyn_cast<AffineDimExpr>(expr)) {
            unite(nodes[d], rankNode(op, dim.getPosition()));
            continue;
          }
          // `a*T + b`: the dimension is split into the pieces (a, b).
          std::optional<SmallVector<int64_t>> coeffs =
              getLinearCoefficients(expr, dims.size(), symbols.size());
          if (!coeffs || coeffs->back() != 0)
            continue;
          std::optional<unsigned> outer, inner;
          int64_t tile = 0;
          bool ok = true;
          for (unsigned v = 0, e = dims.size() + symbols.size(); v < e; ++v) {
            int64_t c = (*coeffs)[v];
            if (c == 0)
              continue;
            std::optional<unsigned> node =
                v < dims.size() ? std::optional<unsigned>(rankNode(op, v))
                                : symbolNode(op, symbols[v - dims.size()]);
            if (!node || c < 0)
              ok = false;
            else if (c == 1 && !inner)
              inner = node;
            else if (c > 1 && !outer)
              outer = node, tile = c;
            else
              ok = false;
          }
          if (ok && outer && inner)
            splits.push_back({nodes[d], *outer, *inner, tile});
        }
      }
      return;
    }
    if (auto iterate = dyn_cast<IterateOp>(op)) {
      unsigned rank = rankNode(op, 0);
      nodeNames[rank] = iterate.getRank().str();
      for (auto [source, dim, arg] : llvm::zip(iterate.getSliceSources(),
                                               iterate.getSliceDims(),
                                               iterate.getSliceArgs())) {
        if (isInputView(source))
          continue; // related per read of the slice (readNodes)
        unite(valueNode(source, dim), rank);
        auto argType = cast<RankedTensorType>(arg.getType());
        for (unsigned j = 0, e = argType.getRank(); j < e; ++j)
          unite(valueNode(arg, j),
                valueNode(source, j < static_cast<unsigned>(dim) ? j : j + 1));
      }
      auto yield = cast<YieldOp>(iterate.getBody().front().getTerminator());
      for (auto [init, arg, next, result] :
           llvm::zip(iterate.getInits(), iterate.getStateArgs(),
                     yield.getOperands(), iterate.getResults())) {
        auto type = cast<RankedTensorType>(init.getType());
        for (unsigned j = 0, e = type.getRank(); j < e; ++j) {
          unite(valueNode(init, j), valueNode(arg, j));
          unite(valueNode(init, j), valueNode(next, j));
          unite(valueNode(init, j), valueNode(result, j));
        }
      }
      return;
    }
    if (auto mask = dyn_cast<MaskOp>(op)) {
      // An elementwise op that names no rank: the result's dimensions are
      // its source's, and mask dimension i is the masked dimension d_i.
      Value result = mask.getResult();
      unsigned rank = mask.getType().getRank();
      SmallVector<unsigned> source =
          unnamedRead(mask.getSource(), rank);
      for (unsigned j = 0; j < rank; ++j)
        unite(source[j], valueNode(result, j));
      SmallVector<int64_t> maskedDims = mask.getMaskedDims();
      SmallVector<unsigned> bits =
          unnamedRead(mask.getMask(), maskedDims.size());
      for (auto [i, d] : llvm::enumerate(maskedDims))
        unite(bits[i], valueNode(result, d));
      return;
    }
    if (auto split = dyn_cast<SplitOp>(op)) {
      if (isInputView(split.getSource()))
        return; // related per read (readNodes)
      unsigned d = split.getDim();
      auto type = cast<RankedTensorType>(split.getSource().getType());
      for (unsigned j = 0, e = type.getRank(); j < e; ++j)
        if (j != d)
          unite(valueNode(split.getSource(), j),
                valueNode(split.getResult(), j < d ? j : j + 1));
      splits.push_back({valueNode(split.getSource(), d),
                        valueNode(split.getResult(), d),
                        valueNode(split.getResult(), d + 1),
                        static_cast<int64_t>(split.getTile())});
      return;
    }
    if (auto unsplit = dyn_cast<UnsplitOp>(op)) {
      if (isInputView(unsplit.getSource()))
        return; // related per read (readNodes)
      unsigned d = unsplit.getDim();
      auto type = cast<RankedTensorType>(unsplit.getResult().getType());
      for (unsigned j = 0, e = type.getRank(); j < e; ++j)
        if (j != d)
          unite(valueNode(unsplit.getResult(), j),
                valueNode(unsplit.getSource(), j < d ? j : j + 1));
      auto sourceType = cast<RankedTensorType>(unsplit.getSource().getType());
      splits.push_back({valueNode(unsplit.getResult(), d),
                        valueNode(unsplit.getSource(), d),
                        valueNode(unsplit.getSource(), d + 1),
                        sourceType.getDimSize(d + 1)});
      return;
    }
  });
  // Every dimension of every value has a node, even if nothing relates it.
  auto touch = [&](Value value) {
    if (auto type = dyn_cast<RankedTensorType>(value.getType()))
      for (unsigned j = 0, e = type.getRank(); j < e; ++j)
        valueNode(value, j);
  };
  for (BlockArgument arg : cascade.getBody().getArguments())
    touch(arg);
  cascade.getBody().walk([&](Operation *op) {
    for (Value result : op->getResults())
      touch(result);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          touch(arg);
  });

  // Congruence of splits: the same whole split with the same tile has the
  // same pieces, and the same pieces make the same whole (K and V are both
  // split into m1 x m0 in the 2-pass cascade, so they share the root M).
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned i = 0; i < splits.size(); ++i)
      for (unsigned j = i + 1; j < splits.size(); ++j) {
        const Split &a = splits[i], &b = splits[j];
        if (a.tile != b.tile)
          continue;
        if (find(a.whole) == find(b.whole)) {
          changed |= unite(a.outer, b.outer);
          changed |= unite(a.inner, b.inner);
        } else if (find(a.outer) == find(b.outer) &&
                   find(a.inner) == find(b.inner)) {
          changed |= unite(a.whole, b.whole);
        }
      }
  }
  for (const Split &s : splits) {
    unsigned whole = find(s.whole), outer = find(s.outer),
             inner = find(s.inner);
    // A piece that is its own whole, or that would close a cycle, is
    // inconsistent IR; the link is dropped rather than trusted.
    if (whole == outer || whole == inner || outer == inner)
      continue;
    auto link = [&](unsigned piece, bool isOuter) {
      if (pieceOf.count(piece))
        return;
      for (unsigned c = whole, steps = 0; steps < parent.size(); ++steps) {
        if (c == piece)
          return;
        auto it = pieceOf.find(c);
        if (it == pieceOf.end())
          break;
        c = find(it->second.first);
      }
      pieceOf[piece] = {whole, isOuter};
    };
    link(outer, true);
    link(inner, false);
  }
  return success();
}

std::string CascadeAnalyzer::classNameOf(unsigned cls) {
  cls = find(cls);
  auto it = classNames.find(cls);
  if (it != classNames.end())
    return it->second;
  // Guard against re-entry through piece links while the name is computed.
  classNames[cls] = "?";

  // The name used most often for a bare occurrence of this exact class.
  llvm::StringMap<unsigned> votes;
  for (auto &[node, name] : nodeNames)
    if (find(node) == cls)
      ++votes[name];
  std::string best;
  unsigned bestCount = 0;
  for (auto &entry : votes)
    if (entry.second > bestCount ||
        (entry.second == bestCount && entry.first() < best)) {
      best = entry.first().str();
      bestCount = entry.second;
    }
  if (best.empty()) {
    // No einsum names the whole rank (e.g. M when only m1 and m0 occur):
    // name it after its pieces, `m` for (m1, m0).
    std::optional<unsigned> outer, inner;
    for (auto &[piece, link] : pieceOf)
      if (find(link.first) == cls)
        (link.second ? outer : inner) = piece;
    if (outer) {
      std::string outerName = classNameOf(*outer);
      std::string innerName = inner ? classNameOf(*inner) : "";
      StringRef s = stem(outerName);
      if (!s.empty() && s.size() < outerName.size() && inner &&
          stem(innerName) == s)
        best = s.str();
      else
        best = outerName + "'";
    } else {
      best = "r" + std::to_string(cls);
    }
  }
  classNames[cls] = best;
  return best;
}

SmallVector<std::string> CascadeAnalyzer::rankNamesOf(Value value) {
  SmallVector<std::string> names;
  auto type = cast<RankedTensorType>(value.getType());
  for (unsigned j = 0, e = type.getRank(); j < e; ++j)
    names.push_back(classNameOf(classOf(value, j)));
  return names;
}

//===----------------------------------------------------------------------===//
// Names
//===----------------------------------------------------------------------===//

void CascadeAnalyzer::nameValues() {
  llvm::StringMap<unsigned> used;
  auto assign = [&](Value value, std::string name) {
    unsigned &count = used[name];
    ++count;
    if (count > 1)
      name += "#" + std::to_string(count);
    valueNames[value] = name;
  };
  ArrayAttr inputNames = cascade.getInputNames();
  for (auto [i, arg] : llvm::enumerate(cascade.getBody().getArguments()))
    assign(arg, i < inputNames.size()
                    ? cast<StringAttr>(inputNames[i]).getValue().str()
                    : "arg" + std::to_string(i));
  // Ops first (pre-order), then what derives its name from them.
  SmallVector<IterateOp> iterates;
  cascade.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (auto einsum = dyn_cast<EinsumOp>(op))
      assign(einsum.getResult(), einsum.getName() ? einsum.getName()->str()
                                                  : std::string("einsum"));
    else if (auto split = dyn_cast<SplitOp>(op))
      assign(split.getResult(), "split(" + nameOf(split.getSource()) + ")");
    else if (auto unsplit = dyn_cast<UnsplitOp>(op))
      assign(unsplit.getResult(),
             "unsplit(" + nameOf(unsplit.getSource()) + ")");
    else if (auto mask = dyn_cast<MaskOp>(op))
      assign(mask.getResult(), "mask(" + nameOf(mask.getSource()) + ")");
    else if (auto fill = dyn_cast<FillOp>(op))
      assign(fill.getResult(), "fill(" + formatFloat(fill.getValue()) + ")");
    else if (auto iterate = dyn_cast<IterateOp>(op))
      iterates.push_back(iterate);
  });
  // Slices and running values are named after their source and the value
  // that produces the next step; inner iterations come later in `iterates`,
  // so name them in reverse to see inner yields named first.
  for (IterateOp iterate : llvm::reverse(iterates)) {
    // A slice is its source with the iterated rank fixed (BK[e,m1,m0] in
    // FuseMax's Cascade 5): it keeps the source's name.
    for (auto [source, arg] :
         llvm::zip(iterate.getSliceSources(), iterate.getSliceArgs()))
      valueNames[arg] = nameOf(source);
    auto yield = cast<YieldOp>(iterate.getBody().front().getTerminator());
    for (auto [arg, next, result] : llvm::zip(
             iterate.getStateArgs(), yield.getOperands(), iterate.getResults())) {
      assign(arg, nameOf(next) + ".prev");
      assign(result, nameOf(next) + ".final");
    }
  }
}

std::string CascadeAnalyzer::nameOf(Value value) const {
  auto it = valueNames.find(value);
  return it == valueNames.end() ? std::string("?") : it->second;
}

std::string CascadeAnalyzer::notationOf(EinsumOp einsum) const {
  SmallVector<StringRef> dims = toStringRefs(einsum.getRanks());
  SmallVector<StringRef> symbols = toStringRefs(einsum.getSymbols());
  std::string text;
  llvm::raw_string_ostream os(text);
  auto printIndexed = [&](StringRef name, AffineMap map) {
    os << name << "[";
    llvm::interleave(
        map.getResults(), os,
        [&](AffineExpr e) { printRankExpr(os, e, dims, symbols); }, ",");
    os << "]";
  };
  printIndexed(einsum.getName() ? *einsum.getName() : "einsum",
               einsum.getOutputMap());
  os << " = ";
  for (auto [i, input] : llvm::enumerate(einsum.getInputs())) {
    if (i)
      os << " . ";
    printIndexed(nameOf(input), einsum.getInputMap(i));
  }
  if (std::optional<IntegerSet> filter = einsum.getFilter()) {
    os << " where ";
    for (unsigned i = 0, e = filter->getNumConstraints(); i < e; ++i) {
      if (i)
        os << ", ";
      printRankConstraint(os, filter->getConstraint(i), filter->isEq(i), dims,
                      symbols);
    }
  }
  SmallVector<std::string> actions;
  if (einsum.getMapCompute() && einsum.getMapMerge())
    actions.push_back(("/\\ " + stringifyComputeKind(*einsum.getMapCompute()) +
                       "(" + stringifyMergeKind(*einsum.getMapMerge()) + ")")
                          .str());
  if (std::optional<ArrayAttr> unary = einsum.getUnary()) {
    std::string apply = "apply [";
    llvm::raw_string_ostream as(apply);
    llvm::interleave(
        *unary, as,
        [&](Attribute a) {
          as << stringifyUnaryKind(cast<UnaryKindAttr>(a).getValue());
        },
        ",");
    as << "]";
    actions.push_back(apply);
  }
  if (!einsum.getReduceRanks().empty()) {
    SmallVector<StringRef> reduced = toStringRefs(einsum.getReduceRanks());
    std::string reduce = "\\/_";
    if (reduced.size() == 1)
      reduce += reduced.front().str();
    else
      reduce += "{" + llvm::join(reduced, ",") + "}";
    if (einsum.getReduceCompute() && einsum.getReduceMerge())
      reduce += (" " + stringifyComputeKind(*einsum.getReduceCompute()) + "(" +
                 stringifyMergeKind(*einsum.getReduceMerge()) + ")")
                    .str();
    actions.push_back(reduce);
  }
  if (!actions.empty())
    os << " :: " << llvm::join(actions, " ");
  return text;
}

//===----------------------------------------------------------------------===//
// Passes
//===----------------------------------------------------------------------===//

void CascadeAnalyzer::computePasses() {
  // The roots that some einsum reduces (any piece of them).
  llvm::SetVector<unsigned> reduced;
  cascade.getBody().walk([&](EinsumOp einsum) {
    for (unsigned k = 0, e = einsum.getNumRanks(); k < e; ++k)
      if (einsum.isReducedRank(k))
        reduced.insert(rootOf(rankNode(einsum, k)));
  });
  reportedRoots = reduced.takeVector();
  llvm::sort(reportedRoots, [&](unsigned a, unsigned b) {
    std::string na = classNameOf(a), nb = classNameOf(b);
    return na != nb ? na < nb : a < b;
  });

  cascade.getBody().walk([&](Operation *op) {
    opLevels[op] = SmallVector<int64_t>(reportedRoots.size(), 0);
  });

  // Level and pending flag of a value: barriers crossed before it, and
  // whether it depends on a complete reduction not yet crossed.
  struct Level {
    int64_t level = 0;
    bool pending = false;
  };
  for (auto [ri, root] : llvm::enumerate(reportedRoots)) {
    llvm::DenseMap<Value, Level> values;
    auto get = [&](Value v) {
      auto it = values.find(v);
      return it == values.end() ? Level() : it->second;
    };
    auto setLevel = [&](Operation *op, int64_t level) {
      opLevels[op][ri] = level;
    };
    // Everything in the region of an iteration over the outer piece of the
    // root is part of the iteration's single traversal.
    std::function<void(Block &, int64_t)> visitFlat = [&](Block &block,
                                                          int64_t level) {
      for (BlockArgument arg : block.getArguments())
        values[arg] = {level, false};
      for (Operation &op : block) {
        setLevel(&op, level);
        for (Value result : op.getResults())
          values[result] = {level, false};
        for (Region &region : op.getRegions())
          for (Block &inner : region)
            visitFlat(inner, level);
      }
    };
    std::function<void(Block &)> visit = [&](Block &block) {
      for (Operation &op : block) {
        if (isa<YieldOp, ReturnOp>(op))
          continue;
        bool iterates = iteratesOuter(&op, root);
        SmallVector<Value> inputs = llvm::to_vector(op.getOperands());
        llvm::append_range(inputs, capturedValues(&op));
        int64_t level = 0;
        bool pending = false;
        for (Value input : inputs) {
          Level in = get(input);
          level = std::max(level, in.level + (iterates && in.pending ? 1 : 0));
          pending |= in.pending;
        }
        if (auto einsum = dyn_cast<EinsumOp>(op)) {
          if (iterates)
            pending = reducesOuter(einsum, root);
        } else if (isa<FillOp>(op)) {
          level = 0;
          pending = false;
        } else if (auto iterate = dyn_cast<IterateOp>(op)) {
          Block &body = iterate.getBody().front();
          if (iterates) {
            // One traversal; its results are complete over the root.
            visitFlat(body, level);
            pending = true;
          } else {
            for (auto [source, arg] :
                 llvm::zip(iterate.getSliceSources(), iterate.getSliceArgs()))
              values[arg] = get(source);
            for (auto [init, arg] :
                 llvm::zip(iterate.getInits(), iterate.getStateArgs()))
              values[arg] = get(init);
            visit(body);
            auto yield = cast<YieldOp>(body.getTerminator());
            int64_t inner = level;
            body.walk([&](Operation *o) {
              inner = std::max(inner, opLevels[o][ri]);
            });
            setLevel(&op, inner);
            for (auto [init, next, result] :
                 llvm::zip(iterate.getInits(), yield.getOperands(),
                           iterate.getResults())) {
              Level a = get(init), b = get(next);
              values[result] = {std::max(a.level, b.level),
                                a.pending || b.pending};
            }
            continue;
          }
        }
        setLevel(&op, level);
        for (Value result : op.getResults())
          values[result] = {level, pending};
      }
    };
    visit(cascade.getBody().front());
  }

  // Root names must be unique keys; disambiguate clashes.
  llvm::StringSet<> seen;
  for (unsigned root : reportedRoots) {
    std::string name = classNameOf(root);
    while (!seen.insert(name).second)
      name += "'";
    classNames[find(root)] = name;
  }
  for (auto [ri, root] : llvm::enumerate(reportedRoots)) {
    int64_t maxLevel = 0;
    for (auto &[op, levels] : opLevels)
      maxLevel = std::max(maxLevel, levels[ri]);
    std::string name = classNameOf(root);
    cost.passes[name] = maxLevel + 1;
  }
  // The primary rank: most passes; ties go to the longest rank (M, the
  // sequence, rather than the embedding E), then to the first name.
  auto extentOf = [&](unsigned root) {
    int64_t extent = 0;
    for (auto &[key, node] : valueNodes)
      if (find(node) == root)
        extent = std::max(extent, cast<RankedTensorType>(key.first.getType())
                                      .getDimSize(key.second));
    return extent;
  };
  int64_t primaryExtent = 0;
  for (auto [ri, root] : llvm::enumerate(reportedRoots)) {
    std::string name = classNameOf(root);
    int64_t passes = cost.passes[name], extent = extentOf(root);
    if (cost.primaryRank.empty() || passes > cost.maxPasses ||
        (passes == cost.maxPasses && extent > primaryExtent)) {
      cost.primaryRank = name;
      cost.maxPasses = passes;
      primaryExtent = extent;
      primaryIndex = ri;
    }
  }
}

int64_t CascadeAnalyzer::passOf(Operation *op) const {
  auto it = opLevels.find(op);
  if (it == opLevels.end() || it->second.empty())
    return 1;
  return it->second[primaryIndex] + 1;
}

//===----------------------------------------------------------------------===//
// Traffic
//===----------------------------------------------------------------------===//

int64_t CascadeAnalyzer::sizeInBytes(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t bytes = (type.getElementTypeBitWidth() + 7) / 8;
  return bytes * type.getNumElements();
}

int64_t CascadeAnalyzer::tripsOf(Operation *op) {
  int64_t trips = 1;
  for (Operation *p = op->getParentOp(); p; p = p->getParentOp())
    if (auto iterate = dyn_cast<IterateOp>(p))
      trips *= static_cast<int64_t>(iterate.getStop().value_or(1));
  return trips;
}

void CascadeAnalyzer::collectConsumers(Value value, Block *block,
                                       llvm::SetVector<Operation *> &consumers,
                                       bool &isOutput) {
  for (OpOperand &use : value.getUses()) {
    Operation *owner = use.getOwner();
    if (isa<ReturnOp>(owner)) {
      isOutput = true;
      continue;
    }
    if (isa<YieldOp>(owner))
      continue;
    // A view is read where its own consumers read it.
    if (isa<SplitOp, UnsplitOp>(owner)) {
      bool viewIsOutput = false;
      collectConsumers(owner->getResult(0), block, consumers, viewIsOutput);
      continue;
    }
    if (Operation *ancestor = block->findAncestorOpInBlock(*owner))
      consumers.insert(ancestor);
  }
}

SmallVector<unsigned> CascadeAnalyzer::reportedRootsOf(Value value) {
  SmallVector<unsigned> indices;
  auto type = cast<RankedTensorType>(value.getType());
  for (unsigned j = 0, e = type.getRank(); j < e; ++j) {
    unsigned root = rootOf(classOf(value, j));
    for (auto [ri, r] : llvm::enumerate(reportedRoots))
      if (r == root && !llvm::is_contained(indices, ri))
        indices.push_back(ri);
  }
  llvm::sort(indices);
  return indices;
}

SmallVector<int64_t> CascadeAnalyzer::keyOf(Operation *op,
                                            ArrayRef<unsigned> roots) const {
  SmallVector<int64_t> key;
  auto it = opLevels.find(op);
  for (unsigned ri : roots)
    key.push_back(it == opLevels.end() ? 0 : it->second[ri]);
  return key;
}

void CascadeAnalyzer::computeTraffic() {
  auto addTensor = [&](Value value, Block *block, Operation *producer) {
    TensorCost t;
    t.name = nameOf(value);
    t.ranks = rankNamesOf(value);
    t.bytes = sizeInBytes(value);
    t.trips = producer ? tripsOf(producer) : 1;
    t.pass = producer ? passOf(producer) : 0;
    if (!producer)
      t.kind = "input";
    else
      t.kind = producer->getName().stripDialect().str();
    llvm::SetVector<Operation *> consumers;
    collectConsumers(value, block, consumers, t.isOutput);
    SmallVector<unsigned> roots = reportedRootsOf(value);
    std::set<SmallVector<int64_t>> keys;
    for (Operation *consumer : consumers)
      keys.insert(keyOf(consumer, roots));

    if (isa_and_nonnull<SplitOp, UnsplitOp>(producer)) {
      // A view: its reads are the reads of what it views.
      t.isView = true;
      if (t.isOutput) {
        t.offChip = true;
        t.bytesWritten = t.bytes * t.trips;
      } else {
        t.bytes = 0;
      }
    } else if (!producer) {
      // Inputs: read once per pass (over their own ranks) that reads them.
      t.offChip = true;
      t.bytesRead = t.bytes * static_cast<int64_t>(keys.size());
    } else if (isa<FillOp>(producer)) {
      // Constants are generated where they are consumed.
      t.offChip = t.isOutput;
      t.bytesWritten = t.isOutput ? t.bytes * t.trips : 0;
    } else {
      SmallVector<int64_t> producerKey = keyOf(producer, roots);
      bool tooBig = t.bytes > options.onChipBytes;
      int64_t laterPasses = 0;
      bool samePass = false;
      for (const SmallVector<int64_t> &key : keys) {
        if (key == producerKey)
          samePass = true;
        else
          ++laterPasses;
      }
      t.offChip = t.isOutput || tooBig || laterPasses > 0;
      if (t.offChip) {
        int64_t reads = laterPasses + (tooBig && samePass ? 1 : 0);
        t.bytesWritten = t.bytes * t.trips;
        t.bytesRead = reads * t.bytes * t.trips;
      }
    }
    cost.offChipBytesRead += t.bytesRead;
    cost.offChipBytesWritten += t.bytesWritten;
    cost.tensors.push_back(std::move(t));
  };

  Block &body = cascade.getBody().front();
  for (BlockArgument arg : body.getArguments())
    addTensor(arg, &body, nullptr);
  // Program order of production: an iteration's results come after the
  // intermediates of its region.
  std::function<void(Block &)> visit = [&](Block &block) {
    for (Operation &op : block) {
      for (Region &region : op.getRegions())
        for (Block &inner : region)
          visit(inner);
      for (Value result : op.getResults())
        addTensor(result, &block, &op);
    }
  };
  visit(body);
}

//===----------------------------------------------------------------------===//
// Footprint
//===----------------------------------------------------------------------===//

int64_t CascadeAnalyzer::blockPeak(Block &block) {
  SmallVector<Operation *> ops;
  llvm::DenseMap<Operation *, int64_t> index;
  for (Operation &op : block) {
    index[&op] = ops.size();
    ops.push_back(&op);
  }
  struct Live {
    int64_t def, lastUse, bytes;
  };
  llvm::MapVector<Value, Live> live;
  auto isState = [&](BlockArgument arg) {
    auto iterate = dyn_cast_or_null<IterateOp>(block.getParentOp());
    return iterate && arg.getArgNumber() >= iterate.getSliceSources().size();
  };
  for (BlockArgument arg : block.getArguments())
    live[arg] = {-1, -1, isState(arg) ? sizeInBytes(arg) : 0};
  for (Operation *op : ops)
    for (Value result : op->getResults())
      live[result] = {index[op], index[op],
                      isa<SplitOp, UnsplitOp>(op) ? 0 : sizeInBytes(result)};
  for (auto &[value, interval] : live)
    for (Operation *user : value.getUsers())
      if (Operation *ancestor = block.findAncestorOpInBlock(*user))
        interval.lastUse = std::max(interval.lastUse, index[ancestor]);
  // A view keeps what it views alive.
  for (Operation *op : llvm::reverse(ops))
    if (isa<SplitOp, UnsplitOp>(op)) {
      Value source = op->getOperand(0);
      auto it = live.find(source);
      if (it != live.end())
        it->second.lastUse =
            std::max(it->second.lastUse, live[op->getResult(0)].lastUse);
    }

  int64_t peak = 0;
  for (auto [i, op] : llvm::enumerate(ops)) {
    int64_t pos = i;
    auto iterate = dyn_cast<IterateOp>(op);
    int64_t bytes = 0;
    for (auto &[value, interval] : live) {
      if (interval.def > pos || interval.lastUse < pos)
        continue;
      // At an iteration, the running values are counted by its region: the
      // inits dying here and the results born here are the same buffers.
      if (iterate && ((interval.def == pos) ||
                      (interval.lastUse == pos &&
                       llvm::is_contained(iterate.getInits(), value))))
        continue;
      bytes += interval.bytes;
    }
    if (iterate)
      bytes += blockPeak(iterate.getBody().front());
    peak = std::max(peak, bytes);
  }
  return peak;
}

void CascadeAnalyzer::computeFootprint() {
  cost.peakFootprintBytes = blockPeak(cascade.getBody().front());
}

//===----------------------------------------------------------------------===//
// FLOPs
//===----------------------------------------------------------------------===//

std::map<std::string, int64_t> edge::countEinsumFlops(EinsumOp einsum,
                                                      int64_t trips) {
  std::map<std::string, int64_t> flops;
  // Saturating: analyzeCascade rejects counts past 64 bits (checkCountsFit);
  // other clients (saturation's costs) get the largest count instead.
  auto mul = [](int64_t a, int64_t b) {
    return llvm::checkedMul(a, b).value_or(INT64_MAX);
  };
  int64_t points = 1, reducedPoints = 1;
  for (auto [k, extent] : llvm::enumerate(einsum.getRankExtents())) {
    // Dynamic extents are outside the model (analyzeCascade rejects them);
    // they count as 1 here.
    int64_t x = ShapedType::isDynamic(extent) ? 1 : extent;
    points = mul(points, x);
    if (einsum.isReducedRank(k))
      reducedPoints = mul(reducedPoints, x);
  }
  int64_t visited = mul(points, trips);
  auto add = [&](StringRef kind, int64_t count) {
    if (count != 0) {
      int64_t &slot = flops[kind.str()];
      slot = llvm::checkedAdd(slot, count).value_or(INT64_MAX);
    }
  };
  auto addCompute = [&](ComputeKind kind, int64_t count) {
    switch (kind) {
    case ComputeKind::TakeLeft:
    case ComputeKind::TakeRight:
      return; // A selection, not arithmetic.
    case ComputeKind::SubExp:
      add("sub", count);
      add("exp", count);
      return;
    default:
      add(stringifyComputeKind(kind), count);
    }
  };
  if (std::optional<ComputeKind> map = einsum.getMapCompute())
    addCompute(*map, mul(einsum.getNumFoldOperands() - 1, visited));
  if (std::optional<ArrayAttr> unary = einsum.getUnary())
    for (Attribute a : *unary)
      add(stringifyUnaryKind(cast<UnaryKindAttr>(a).getValue()), visited);
  if (std::optional<ComputeKind> reduce = einsum.getReduceCompute()) {
    // Folding n values into one takes n - 1 operations.
    int64_t outputs = reducedPoints ? points / reducedPoints : 0;
    addCompute(*reduce, mul(points - outputs, trips));
  }
  return flops;
}

void CascadeAnalyzer::computeFlops() {
  cascade.getBody().walk<WalkOrder::PreOrder>([&](EinsumOp einsum) {
    EinsumCost e;
    e.name = einsum.getName() ? einsum.getName()->str() : "einsum";
    e.notation = notationOf(einsum);
    e.pass = passOf(einsum);
    int64_t trips = tripsOf(einsum);
    int64_t points = 1;
    for (int64_t extent : einsum.getRankExtents())
      points *= extent;
    e.points = points * trips;
    e.flops = countEinsumFlops(einsum, trips);
    for (auto &[kind, count] : e.flops) {
      cost.flops[kind] += count;
      cost.totalFlops += count;
    }
    cost.einsums.push_back(std::move(e));
  });
}

//===----------------------------------------------------------------------===//
// Limits of the counts
//===----------------------------------------------------------------------===//

/// Fails with an error at the first op whose counts would overflow 64 bits.
/// Every count of the analysis (an einsum's points or FLOPs, a tensor's
/// bytes over its trips and reads) is at most the sum this computes with
/// checked arithmetic, so the unchecked sums above are then exact.
static LogicalResult checkCountsFit(CascadeOp cascade) {
  int64_t total = 0;
  auto fits = [&](Operation *op, ArrayRef<int64_t> factors) {
    std::optional<int64_t> product = 1;
    for (int64_t factor : factors)
      if (product)
        product = llvm::checkedMul(*product, factor);
    std::optional<int64_t> sum =
        product ? llvm::checkedAdd(total, *product) : std::nullopt;
    if (!sum) {
      op->emitOpError("cannot be analyzed: its point, FLOP or byte counts "
                      "overflow 64 bits (docs/Limits.md)");
      return false;
    }
    total = *sum;
    return true;
  };
  WalkResult result = cascade.getBody().walk([&](Operation *op) {
    // The trips: the stops of the enclosing iterations.
    SmallVector<int64_t> trips;
    for (Operation *p = op->getParentOp(); p; p = p->getParentOp())
      if (auto iterate = dyn_cast<IterateOp>(p))
        trips.push_back(static_cast<int64_t>(iterate.getStop().value_or(1)));
    // Bytes of each result, times the trips and every use (each a read).
    for (Value result : op->getResults()) {
      auto type = cast<RankedTensorType>(result.getType());
      SmallVector<int64_t> factors = trips;
      factors.push_back(type.getNumElements());
      factors.push_back((type.getElementTypeBitWidth() + 7) / 8);
      factors.push_back(llvm::range_size(result.getUses()) + 1);
      if (!fits(op, factors))
        return WalkResult::interrupt();
    }
    // Points, and one operation per operand, unary and reduction at each.
    if (auto einsum = dyn_cast<EinsumOp>(op)) {
      SmallVector<int64_t> factors = trips;
      for (int64_t extent : einsum.getRankExtents())
        factors.push_back(extent);
      int64_t opsPerPoint = einsum.getNumFoldOperands() + 2;
      if (std::optional<ArrayAttr> unary = einsum.getUnary())
        opsPerPoint += unary->size();
      factors.push_back(opsPerPoint);
      if (!fits(op, factors))
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult CascadeAnalyzer::run() {
  cost = CascadeCost();
  cost.name = cascade.getSymName().str();
  cost.onChipBytes = options.onChipBytes;
  if (failed(checkSupported()) || failed(checkCountsFit(cascade)) ||
      failed(buildRankClasses()))
    return failure();
  nameValues();
  computePasses();
  computeTraffic();
  computeFootprint();
  computeFlops();
  if (options.target)
    computeTime();
  return success();
}

FailureOr<CascadeCost> edge::analyzeCascade(CascadeOp cascade,
                                            const CostModelOptions &options) {
  if (hasDynamicSizes(cascade))
    return analyzeWithSizes(cascade, options);
  CascadeAnalyzer analyzer(cascade, options);
  if (failed(analyzer.run()))
    return failure();
  return std::move(analyzer.cost);
}
