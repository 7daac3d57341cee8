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

#include <cstdint>


static const char *const kPipelines[] = {
    "builtin.module(edge-lower-to-llvm{threads=1})",
    "builtin.module(edge-lower-to-llvm{threads=2})",
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return edge::fuzz::runPipelines(data, size, kPipelines,
                                  /*checkResults=*/false);
}
