//===- SaturateBench.cpp - time and size of the --edge-saturate derivation ===//
//
// This file implements edge-saturate-bench: for each input cascade it runs
// edge::saturateCascade (the engine of --edge-saturate) several times and
// prints the e-nodes, e-classes, iterations, saturation and extraction time
// and the pass counts before and after. Target on attention-3pass: under
// 100 ms and under 10^4 e-nodes. Without arguments it also runs
// attention-3pass with tile 48, whose split has a tail (256 = 5 x 48 + 16).
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/Transforms/Saturate.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace mlir;

int main(int argc, char **argv) {
  // Input files and the tile of the split rules.
  std::vector<std::pair<std::string, int64_t>> files;
  int64_t defaultTile = edge::SaturateOptions().tile;
  for (int i = 1; i < argc; ++i)
    files.push_back({argv[i], defaultTile});
  if (files.empty()) {
    for (const char *name : {"attention-3pass.mlir",
                             "attention-causal-3pass.mlir",
                             "attention-3pass-batched.mlir"})
      files.push_back(
          {std::string(EDGE_EXAMPLES_DIR) + "/" + name, defaultTile});
    files.push_back(
        {std::string(EDGE_EXAMPLES_DIR) + "/attention-3pass.mlir", 48});
  }
  const int repeats = 5;
  llvm::outs() << llvm::format("%-32s %8s %8s %6s %10s %10s %10s %7s\n",
                               "cascade", "e-nodes", "e-classes", "iters",
                               "sat ms", "extract ms", "total ms",
                               "passes");
  int status = 0;
  for (const auto &[file, tile] : files) {
    edge::SaturateOptions options;
    options.tile = tile;
    std::vector<double> totals, sats, extracts;
    edge::SaturateResult last;
    for (int r = 0; r < repeats; ++r) {
      MLIRContext ctx;
      ctx.loadDialect<edge::EdgeDialect>();
      OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(file, &ctx);
      if (!module) {
        llvm::errs() << "cannot parse " << file << "\n";
        return 1;
      }
      edge::CascadeOp cascade;
      module->walk([&](edge::CascadeOp c) {
        if (!cascade)
          cascade = c;
      });
      FailureOr<edge::SaturateResult> result =
          edge::saturateCascade(cascade, options);
      if (failed(result)) {
        status = 1;
        break;
      }
      last = *result;
      sats.push_back(result->saturateUs / 1000.0);
      extracts.push_back(result->extractUs / 1000.0);
      totals.push_back((result->saturateUs + result->extractUs) / 1000.0);
    }
    if (totals.empty())
      continue;
    // Medians of the repeats.
    auto median = [](std::vector<double> v) {
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    std::string name = file.substr(file.find_last_of('/') + 1);
    if (tile != defaultTile)
      name += " tile=" + std::to_string(tile);
    llvm::outs() << llvm::format(
        "%-32s %8zu %8zu %6zu %10.2f %10.2f %10.2f %3lld->%lld\n",
        name.c_str(), last.numNodes, last.numClasses, last.numIterations,
        median(sats), median(extracts), median(totals),
        (long long)last.originalPasses, (long long)last.chosenPasses);
  }
  return status;
}
