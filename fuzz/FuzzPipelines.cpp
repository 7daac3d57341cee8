//===- FuzzPipelines.cpp - fuzz the rewrite pipelines ----------------------===//
//
// libFuzzer target: an input that parses and verifies goes through each
// rewrite pipeline of edge-opt, and through equality saturation with small
// limits, each on its own copy. A pipeline may refuse (a diagnostic); it
// must not crash, hang or leave IR that does not verify or print back.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>

using namespace mlir;

/// The pipelines, as on edge-opt's --pass-pipeline. Small tiles, so that
/// splits have tails on the small shapes of the seeds; saturation with
/// limits that keep one input under a second.
static const char *const kPipelines[] = {
    "builtin.module(edge.cascade(edge-normalize))",
    "builtin.module(edge.cascade(edge-defer-division))",
    "builtin.module(edge.cascade(edge-split-rank{rank=m tile=3}))",
    "builtin.module(fusemax-2pass{tile=3})",
    "builtin.module(fusemax-1pass{tile=3})",
    "builtin.module(edge.cascade(edge-saturate{tile=3 max-nodes=500 "
    "max-iters=4 timeout-ms=200}))",
    "builtin.module(edge-analyze{output=/dev/null})",
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > edge::fuzz::kMaxInputBytes)
    return -1;
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module = edge::fuzz::parseInput(input);
  if (!module)
    return -1; // not a seed for this target: libFuzzer keeps it out
  for (const char *pipeline : kPipelines) {
    PassManager pm(&edge::fuzz::getContext());
    if (failed(parsePassPipeline(pipeline, pm))) {
      llvm::errs() << "edge-fuzz: cannot parse the pipeline " << pipeline
                   << "\n";
      std::abort();
    }
    OwningOpRef<ModuleOp> copy = module->clone();
    // A refusal is an answer; the result of a success must verify (the
    // pass manager checks) and print back.
    if (succeeded(pm.run(*copy)))
      edge::fuzz::checkRoundTrip(*copy, pipeline);
  }
  return 0;
}
