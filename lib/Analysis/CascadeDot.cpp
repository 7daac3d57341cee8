//===- CascadeDot.cpp - Graphviz view of a cascade's dataflow --------------===//
//
// This file implements writeCascadeDot: one digraph per cascade with a node
// per einsum (labelled in EDGE notation), split, unsplit and fill, an ellipse
// per input and output, edges labelled with the tensor and its root ranks,
// one filled cluster per pass over the primary rank, and a dashed cluster per
// edge.iterate with its loop-carried edges dashed.
//
//===----------------------------------------------------------------------===//

#include "CascadeAnalyzer.h"

#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace edge;
using namespace edge::detail;

namespace {
/// Writes one cascade; see the file comment.
class DotWriter {
public:
  DotWriter(CascadeAnalyzer &analyzer, llvm::raw_ostream &os)
      : analyzer(analyzer), os(os) {}

  void write();

private:
  /// A quoted DOT string.
  static std::string quote(StringRef text);
  /// `QK[m,p]` with root-rank names.
  std::string tensorLabel(Value value);
  /// The node that produces `value` (through iterations and slices).
  std::string producerNode(Value value);
  /// The node label of a non-iterate op.
  std::string opLabel(Operation *op);
  /// Emits the nodes of `block` (recursively for iterations).
  void writeNodes(Block &block, std::optional<int64_t> pass, unsigned indent);
  /// Emits the edges into the ops of `block` (recursively).
  void writeEdges(Block &block);

  CascadeAnalyzer &analyzer;
  llvm::raw_ostream &os;
  llvm::DenseMap<Operation *, unsigned> ids;
  unsigned numClusters = 0;
};
} // namespace

std::string DotWriter::quote(StringRef text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"')
      quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

std::string DotWriter::tensorLabel(Value value) {
  // A slice reads its source with the iterated rank fixed.
  if (auto arg = dyn_cast<BlockArgument>(value))
    if (auto iterate = dyn_cast<IterateOp>(arg.getOwner()->getParentOp()))
      if (arg.getArgNumber() < iterate.getSliceSources().size())
        return tensorLabel(iterate.getSliceSources()[arg.getArgNumber()]);
  return analyzer.nameOf(value) + "[" +
         llvm::join(analyzer.rankNamesOf(value), ",") + "]";
}

std::string DotWriter::producerNode(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (auto iterate = dyn_cast<IterateOp>(owner)) {
      unsigned numSlices = iterate.getSliceSources().size();
      if (arg.getArgNumber() < numSlices)
        return producerNode(iterate.getSliceSources()[arg.getArgNumber()]);
      return producerNode(iterate.getInits()[arg.getArgNumber() - numSlices]);
    }
    return "in" + std::to_string(arg.getArgNumber());
  }
  Operation *op = value.getDefiningOp();
  if (auto iterate = dyn_cast<IterateOp>(op)) {
    auto yield = cast<YieldOp>(iterate.getBody().front().getTerminator());
    return producerNode(
        yield.getOperand(cast<OpResult>(value).getResultNumber()));
  }
  return "n" + std::to_string(ids.lookup(op));
}

std::string DotWriter::opLabel(Operation *op) {
  if (auto einsum = dyn_cast<EinsumOp>(op))
    return analyzer.notationOf(einsum);
  if (auto split = dyn_cast<SplitOp>(op))
    return tensorLabel(split.getResult()) + " = " +
           tensorLabel(split.getSource()) + " :: split dim " +
           std::to_string(split.getDim()) + " tile " +
           std::to_string(split.getTile());
  if (auto unsplit = dyn_cast<UnsplitOp>(op))
    return tensorLabel(unsplit.getResult()) + " = " +
           tensorLabel(unsplit.getSource()) + " :: unsplit dim " +
           std::to_string(unsplit.getDim());
  if (auto fill = dyn_cast<FillOp>(op))
    return tensorLabel(fill.getResult()) + " :: fill";
  return op->getName().getStringRef().str();
}

void DotWriter::writeNodes(Block &block, std::optional<int64_t> pass,
                           unsigned indent) {
  std::string pad(indent, ' ');
  for (Operation &op : block) {
    if (isa<YieldOp, ReturnOp>(op))
      continue;
    if (pass && analyzer.passOf(&op) != *pass)
      continue;
    if (auto iterate = dyn_cast<IterateOp>(op)) {
      os << pad << "subgraph cluster_" << numClusters++ << " {\n"
         << pad << "  label=" << quote(("iterate " + iterate.getRank() +
                                        " until " + iterate.getRank() +
                                        " >= " +
                                        std::to_string(*iterate.getStop()))
                                           .str())
         << "; style=\"dashed,rounded\"; color=\"#555555\";\n";
      writeNodes(iterate.getBody().front(), std::nullopt, indent + 2);
      os << pad << "}\n";
      continue;
    }
    unsigned id = ids.size();
    ids[&op] = id;
    bool isEinsum = isa<EinsumOp>(op);
    os << pad << "n" << id << " [label=" << quote(opLabel(&op))
       << ", shape=box"
       << (isEinsum ? ", style=\"rounded,filled\", fillcolor=white"
                    : ", style=dashed")
       << "];\n";
  }
}

void DotWriter::writeEdges(Block &block) {
  for (Operation &op : block) {
    if (auto iterate = dyn_cast<IterateOp>(op)) {
      writeEdges(iterate.getBody().front());
      continue;
    }
    if (isa<YieldOp, ReturnOp>(op))
      continue;
    std::string target = "n" + std::to_string(ids.lookup(&op));
    for (Value operand : op.getOperands()) {
      os << "  " << producerNode(operand) << " -> " << target
         << " [label=" << quote(tensorLabel(operand)) << "];\n";
      // A running value also comes from the previous step.
      auto arg = dyn_cast<BlockArgument>(operand);
      auto iterate =
          arg ? dyn_cast<IterateOp>(arg.getOwner()->getParentOp()) : nullptr;
      if (iterate && arg.getArgNumber() >= iterate.getSliceSources().size()) {
        auto yield = cast<YieldOp>(iterate.getBody().front().getTerminator());
        Value next = yield.getOperand(arg.getArgNumber() -
                                      iterate.getSliceSources().size());
        os << "  " << producerNode(next) << " -> " << target
           << " [label=" << quote(tensorLabel(next) + " (next step)")
           << ", style=dashed, constraint=false];\n";
      }
    }
  }
}

void DotWriter::write() {
  const CascadeCost &cost = analyzer.cost;
  CascadeOp cascade = analyzer.cascade;
  std::string title = "@" + cost.name + ": " + std::to_string(cost.maxPasses) +
                      (cost.maxPasses == 1 ? " pass" : " passes");
  if (!cost.primaryRank.empty())
    title += " over " + cost.primaryRank;
  os << "digraph " << quote(cost.name) << " {\n"
     << "  label=" << quote(title) << "; labelloc=t; rankdir=TB;\n"
     << "  node [fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9];\n";

  Block &body = cascade.getBody().front();
  for (BlockArgument arg : body.getArguments())
    os << "  in" << arg.getArgNumber() << " [label=" << quote(tensorLabel(arg))
       << ", shape=ellipse];\n";

  static const char *colors[] = {"#dbe9f6", "#fde2c4", "#d9f2d0",
                                 "#f6d5e5", "#e8dff5", "#fff2b3"};
  for (int64_t pass = 1; pass <= cost.maxPasses; ++pass) {
    std::string label = "pass " + std::to_string(pass);
    if (!cost.primaryRank.empty())
      label += " over " + cost.primaryRank;
    os << "  subgraph cluster_" << numClusters++ << " {\n"
       << "    label=" << quote(label)
       << "; style=\"filled,rounded\"; color=\"#999999\"; fillcolor=\""
       << colors[(pass - 1) % std::size(colors)] << "\";\n";
    writeNodes(body, pass, 4);
    os << "  }\n";
  }

  auto ret = cast<ReturnOp>(body.getTerminator());
  ArrayAttr outputNames = cascade.getOutputNames();
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    std::string name = i < outputNames.size()
                           ? cast<StringAttr>(outputNames[i]).getValue().str()
                           : "out" + std::to_string(i);
    os << "  out" << i << " [label="
       << quote(name + "[" + llvm::join(analyzer.rankNamesOf(value), ",") +
                "]")
       << ", shape=ellipse, style=bold];\n";
  }
  writeEdges(body);
  for (auto [i, value] : llvm::enumerate(ret.getOperands()))
    os << "  " << producerNode(value) << " -> out" << i
       << " [label=" << quote(tensorLabel(value)) << "];\n";
  os << "}\n";
}

LogicalResult edge::writeCascadeDot(CascadeOp cascade, llvm::raw_ostream &os,
                                    const CostModelOptions &options) {
  // Run-time sizes: the graph of the cascade for the options' sizes.
  if (hasDynamicSizes(cascade)) {
    FailureOr<OwningOpRef<CascadeOp>> fixed =
        specializeForCosts(cascade, options);
    if (failed(fixed))
      return failure();
    CostModelOptions fixedOptions = options;
    fixedOptions.sizes.clear();
    return writeCascadeDot(fixed->get(), os, fixedOptions);
  }
  CascadeAnalyzer analyzer(cascade, options);
  if (failed(analyzer.run()))
    return failure();
  DotWriter(analyzer, os).write();
  return success();
}
