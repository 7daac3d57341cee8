//===- CodeCalibration.cpp - time edge's own code for the cost model ------===//
//
// One kernel per code class of the cost model, each a cascade small enough
// for its data to stay in L1 or L2, so that its time is arithmetic (and the
// loads and stores that come with it), not memory traffic, which the
// estimate counts separately. The rates are measured on 1 thread at the
// lowering's defaults, as bench/attention compiles its cascades.
//
//===----------------------------------------------------------------------===//

#include "edge/Runtime/CodeCalibration.h"

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/InitAllDialects.h"
#include "edge/Runtime/Runtime.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <chrono>

using namespace mlir;
using namespace edge;

namespace {
/// A kernel: the target file's name of its class, the field it sets, and
/// the cascade `@kernel` that exercises it.
struct Kernel {
  const char *name;
  double TargetDescription::*speed;
  const char *source;
};
} // namespace

// Every kernel returns a small reduction of what it measures: a large
// output would be copied out and written to fresh pages at every call,
// which the estimate counts apart (docs/CostModel.md). The reduction's
// FLOPs are counted with the rest.

/// A contraction as QK in attention: E = 64 reduced, 512 keys x 128 queries.
/// Its panel (64 x a register tile's columns) fits in half of any L1.
static const char kContraction[] = R"mlir(
edge.cascade @kernel(%A: tensor<64x128xf32>, %B: tensor<64x512xf32>)
    -> (S: tensor<128xf32>) {
  %C = edge.einsum "C" (%A[e, p], %B[e, m]) -> [m, p]
         map mul(isect) reduce [e] add(union)
         : (tensor<64x128xf32>, tensor<64x512xf32>)
  %S = edge.einsum "S" (%C[m, p]) -> [p] reduce [m] max(union)
         : (tensor<512x128xf32>)
  edge.return %S : tensor<128xf32>
}
)mlir";

/// A contraction as AV in the 3-pass attention: it reduces 2048 keys, so its
/// panel (2048 x the register tile's columns) does not fit in half of L1. Its
/// left operand is computed in the cascade, as A = SN / SD is: the lowering
/// fuses that map into it (a cascade input would be read with strides).
static const char kStreamedContraction[] = R"mlir(
edge.cascade @kernel(%X: tensor<2048x128xf32>, %D: tensor<128xf32>,
                     %V: tensor<64x2048xf32>) -> (O: tensor<64x128xf32>) {
  %A = edge.einsum "A" (%X[m, p], %D[p]) -> [m, p] map div(take_right)
         : (tensor<2048x128xf32>, tensor<128xf32>)
  %O = edge.einsum "O" (%A[m, p], %V[f, m]) -> [f, p]
         map mul(isect) reduce [m] add(union)
         : (tensor<2048x128xf32>, tensor<64x2048xf32>)
  edge.return %O : tensor<64x128xf32>
}
)mlir";

/// Softmax over 256 keys x 128 queries: a maximum, a subtraction and exp, a
/// sum and a division, which the lowering fuses into few loops. An exp
/// counts as one operation here: in these loops it costs about as much as
/// the others.
static const char kElementwise[] = R"mlir(
edge.cascade @kernel(%X: tensor<256x128xf32>) -> (T: tensor<128xf32>) {
  %GM = edge.einsum "GM" (%X[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>)
  %SN = edge.einsum "SN" (%X[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<256x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<256x128xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<256x128xf32>, tensor<128xf32>)
  %T = edge.einsum "T" (%A[m, p]) -> [p] reduce [m] max(union)
         : (tensor<256x128xf32>)
  edge.return %T : tensor<128xf32>
}
)mlir";

/// One 64 x 64 tile of a causal QK: every tile of it crosses the filter's
/// boundary, so it all runs guarded (and so does the maximum over it, which
/// reads its affine presence).
static const char kGuarded[] = R"mlir(
edge.cascade @kernel(%Q: tensor<64x64xf32>, %K: tensor<64x64xf32>)
    -> (S: tensor<64xf32>) {
  %C = edge.einsum "C" (%Q[e, p], %K[e, m]) -> [m, p]
         map mul(isect) where m <= p reduce [e] add(union)
         : (tensor<64x64xf32>, tensor<64x64xf32>)
  %S = edge.einsum "S" (%C[m, p]) -> [p] reduce [m] max(union)
         : (tensor<64x64xf32>)
  edge.return %S : tensor<64xf32>
}
)mlir";

/// kElementwise over a value with a presence mask (padded keys).
static const char kMasked[] = R"mlir(
edge.cascade @kernel(%X: tensor<256x128xf32>, %Valid: tensor<256xi1>)
    -> (T: tensor<128xf32>) {
  %XV = edge.mask %X where %Valid dims [0]
          : tensor<256x128xf32>, tensor<256xi1>
  %GM = edge.einsum "GM" (%XV[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>)
  %SN = edge.einsum "SN" (%XV[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<256x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<256x128xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<256x128xf32>, tensor<128xf32>)
  %T = edge.einsum "T" (%A[m, p]) -> [p] reduce [m] max(union)
         : (tensor<256x128xf32>)
  edge.return %T : tensor<128xf32>
}
)mlir";

static const Kernel kKernels[] = {
    {"contraction", &TargetDescription::contractionFlopsPerSecond,
     kContraction},
    {"streamed_contraction",
     &TargetDescription::streamedContractionFlopsPerSecond,
     kStreamedContraction},
    {"elementwise", &TargetDescription::elementwiseFlopsPerSecond,
     kElementwise},
    {"guarded", &TargetDescription::guardedFlopsPerSecond, kGuarded},
    {"masked", &TargetDescription::maskedFlopsPerSecond, kMasked},
};

/// Storage for one argument of a kernel, filled with values in [-1, 1]
/// (floats) or a pattern with every third element false (masks).
struct Argument {
  std::vector<float> floats;
  std::vector<uint8_t> bytes;
  StridedBuffer buffer;
};

static Argument makeArgument(RankedTensorType type, ElementType element,
                             uint32_t seed) {
  Argument argument;
  argument.buffer.shape.assign(type.getShape().begin(), type.getShape().end());
  argument.buffer.elementType = element;
  int64_t n = type.getNumElements();
  if (element == ElementType::I1) {
    argument.bytes.resize(n);
    for (int64_t i = 0; i < n; ++i)
      argument.bytes[i] = i % 3 != 2;
    argument.buffer.bytes = argument.bytes.data();
    return argument;
  }
  argument.floats.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    argument.floats[i] = float(seed >> 8) / float(1u << 23) - 1.0f;
  }
  argument.buffer.data = argument.floats.data();
  return argument;
}

/// The best time of a call of `kernel`, in seconds, over calls that take
/// about `seconds` in all (at least 5, after 2 warm-up calls).
static llvm::Expected<double> timeKernel(CompiledCascade &kernel,
                                         double seconds) {
  // Reserved: moving an Argument may copy it (StridedBuffer's move is not
  // noexcept), which would leave its buffer pointing at freed storage.
  std::vector<Argument> inputs, outputs;
  inputs.reserve(kernel.getInputTypes().size());
  outputs.reserve(kernel.getOutputTypes().size());
  for (auto [i, type] : llvm::enumerate(kernel.getInputTypes()))
    inputs.push_back(
        makeArgument(type, kernel.getInputElementTypes()[i], 17 + i));
  for (RankedTensorType type : kernel.getOutputTypes())
    outputs.push_back(makeArgument(type, ElementType::F32, 1));
  SmallVector<StridedBuffer> inputBuffers, outputBuffers;
  for (Argument &a : inputs)
    inputBuffers.push_back(a.buffer);
  for (Argument &a : outputs)
    outputBuffers.push_back(a.buffer);

  double best = 1e30;
  auto start = std::chrono::steady_clock::now();
  for (int call = 0;; ++call) {
    if (llvm::Error error = kernel.call(inputBuffers, outputBuffers))
      return std::move(error);
    if (call >= 2)
      best = std::min(best, kernel.getLastCallMillis() / 1e3);

    double elapsed = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count();
    if (call >= 6 && elapsed >= seconds)
      break;
  }
  return best;
}

llvm::Expected<std::vector<CodeMeasurement>>
edge::calibrateGeneratedCode(TargetDescription &target,
                             double secondsPerKernel) {
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  std::vector<CodeMeasurement> measured;
  for (const Kernel &kernel : kKernels) {
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(kernel.source, &context);
    if (!module)
      return llvm::createStringError("the %s kernel does not parse",
                                     kernel.name);
    // The operations as the estimate counts them (an exp is one).
    CodeMeasurement m;
    m.name = kernel.name;
    module->walk([&](EinsumOp einsum) {
      for (auto &[kind, count] : countEinsumFlops(einsum, /*trips=*/1))
        m.flops += double(count);
    });
    RuntimeOptions options;
    options.lowering = "threads=1";
    llvm::Expected<std::unique_ptr<CompiledCascade>> compiled =
        CompiledCascade::compile(*module, "kernel", options);
    if (!compiled)
      return llvm::joinErrors(
          llvm::createStringError("the %s kernel does not compile",
                                  kernel.name),
          compiled.takeError());
    llvm::Expected<double> seconds = timeKernel(**compiled, secondsPerKernel);
    if (!seconds)
      return seconds.takeError();
    m.seconds = *seconds;
    target.*kernel.speed = m.flops / m.seconds;
    measured.push_back(std::move(m));
  }
  return measured;
}
