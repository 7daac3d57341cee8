//===- FuzzLower.cpp - fuzz the lowering -----------------------------------===//
//
// libFuzzer target: an input that parses and verifies is lowered to the
// LLVM dialect by edge-lower-to-llvm (one thread and OpenMP). The lowering
// may refuse with a located error; it must not crash, hang or emit IR that
// does not verify (the pass manager verifies after every pass).
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

static const char *const kPipelines[] = {
    "builtin.module(edge-lower-to-llvm{threads=1})",
    "builtin.module(edge-lower-to-llvm{threads=2})",
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > edge::fuzz::kMaxInputBytes)
    return -1;
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  OwningOpRef<ModuleOp> module = edge::fuzz::parseInput(input);
  if (!module)
    return -1;
  for (const char *pipeline : kPipelines) {
    PassManager pm(&edge::fuzz::getContext());
    if (failed(parsePassPipeline(pipeline, pm))) {
      llvm::errs() << "edge-fuzz: cannot parse the pipeline " << pipeline
                   << "\n";
      std::abort();
    }
    OwningOpRef<ModuleOp> copy = module->clone();
    (void)pm.run(*copy);
  }
  return 0;
}
