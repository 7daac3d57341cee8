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

#include <cstdint>


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
  return edge::fuzz::runPipelines(data, size, kPipelines,
                                  /*checkResults=*/true);
}
