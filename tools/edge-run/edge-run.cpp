//===- edge-run.cpp - lower, JIT-run and check an edge cascade -------------===//
//
// This file implements edge-run: it parses a module with an edge cascade,
// lowers and JIT-compiles it with the execution library (lib/Runtime, the
// edge-lower-to-llvm pipeline), feeds it inputs (seeded random float32, or
// .npy files), writes its outputs as .npy files on request, and compares
// every output with a reference: the reference interpreter of the EDGE
// semantics (lib/Interpreter) on the same inputs, or an independent
// double-precision C++ attention (softmax(Q^T K) V), written from the
// definition and not from the IR.
//
//   edge-run file.mlir [--cascade=name | --function=name] [--seed=N] [--scale=X]
//            [--reference=auto|interpret|attention|causal|strict-causal|none]
//            [--compare-with=other.mlir
//             [--compare-cascade=name | --compare-function=name]]
//            [--input=NAME=@in.npy ...] [--output=NAME=@out.npy ...]
//            [--output-dir=DIR] [--dump-inputs=DIR] [--dump-reference=DIR]
//            [--rtol=1e-5] [--atol=F] [--masked-rows=zero|nan] [--print=N]
//            [--mask-density=0.75]
//
// --reference=auto (the default) is attention when the interface is that of
// attention (below) and interpret otherwise. The interface of attention:
// three inputs and one output, all of one rank >= 2 with equal leading
// (batch/head) dims, shaped Q[..., E, P], K[..., E, M], V[..., F, M] and
// AV[..., F, P], optionally with a key-padding mask Valid[..., M] (i1) as a
// fourth input. An i1 input (a mask, edge.mask) is random with
// --mask-density or read from a bool or uint8 .npy file. --compare-with
// replaces the reference, unless --reference
// is given too: then both are compared.
// Error per element: abs = |x - ref|, rel = abs / max(|ref|, floor), where
// the floor is --atol, by default max|ref| over the output (so rel is the
// error relative to the output's scale: float32 sums that cancel to nearly 0
// cannot be accurate relative to their own magnitude). The elementwise
// relative error with a floor of 1e-3 * max|ref| is printed for information.
// NaN matches only NaN, and only when NaN is expected (--masked-rows=nan):
// otherwise a NaN in the reference fails the check, as does an inf in an
// output or the reference, except that with the interpreter as reference an
// inf matches an equal inf (the -inf of an empty max is the semantics).
// Non-finite inputs (--scale=nan) are rejected. The exit code is 1 when some
// rel > rtol, on a non-finite value, or on any error of the run; 2 for
// invalid options, modules and input files; else 0. The buffers the
// compiled code returns are freed.
//
//===----------------------------------------------------------------------===//

#include "edge/Conversion/Passes.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"
#include "edge/InitAllDialects.h"
#include "edge/Interpreter/Interpreter.h"
#include "edge/Runtime/Runtime.h"
#include "edge/Support/Npy.h"
#include "edge/Support/OutputErrors.h"
#include "edge/Version.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Index/IR/IndexDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace mlir;

namespace cl = llvm::cl;

/// edge-run's own options; --help hides the LLVM ones.
static cl::OptionCategory runCategory("edge-run options");

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<edge module (.mlir)>"),
                                      cl::Required, cl::cat(runCategory));
static cl::opt<std::string>
    cascadeName("cascade", cl::desc("Cascade to run (default: the first)"),
                cl::init(""), cl::cat(runCategory));
static cl::opt<std::string> functionName(
    "function",
    cl::desc("Run this func.func instead of a cascade (e.g. a function whose "
             "linalg was raised into cascades it calls with edge.call)"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<unsigned> seed("seed", cl::desc("Random seed"), cl::init(1), cl::cat(runCategory));
static cl::opt<double>
    scale("scale",
          cl::desc("Q and K entries are uniform in [-scale, scale] (V stays "
                   "in [-1, 1]); the logits grow like scale^2"),
          cl::init(1.0), cl::cat(runCategory));
static cl::opt<bool> quantize(
    "quantize",
    cl::desc("Round inputs to multiples of 1/256 of their range, so that "
             "Q^T K is exact in float32 for a power-of-two scale and E <= 64 "
             "(isolates the cascade's error from the rounding of the logits)"),
    cl::init(true), cl::cat(runCategory));
static cl::opt<std::string> reference(
    "reference",
    cl::desc("Reference: auto (attention for the interface of attention, "
             "else interpret), interpret (the reference interpreter of the "
             "EDGE semantics), attention, causal (m <= p), strict-causal "
             "(m < p: query 0 has no key), or none"),
    cl::init("auto"), cl::cat(runCategory));
static cl::list<std::string> inputFiles(
    "input",
    cl::desc("NAME=@file.npy: read input NAME (a cascade's input name, or "
             "argN of a function) from a little-endian float32 .npy file of "
             "its shape (rounded for an f16 or bf16 input; bool or uint8 of "
             "0 and 1 for an i1 mask); the other inputs stay seeded random"),
    cl::cat(runCategory));
static cl::opt<std::string> sizeBindings(
    "dims",
    cl::desc("M=1000,...: the run-time sizes of a cascade with dynamic "
             "dimensions (`?`), by the names --edge-analyze reports; a size "
             "not given is read off the shape of an --input .npy file"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<bool> specializeSizes(
    "specialize-sizes",
    cl::desc("Compile a cascade with run-time sizes for the sizes of --dims "
             "(static shapes, as edge-compile --dims) instead of once for "
             "any size"),
    cl::init(false), cl::cat(runCategory));
static cl::list<std::string> outputFiles(
    "output",
    cl::desc("NAME=@file.npy: write output NAME (outN of a function) as a "
             "float32 .npy file"),
    cl::cat(runCategory));
static cl::opt<std::string>
    outputDir("output-dir",
              cl::desc("Write every output to DIR/NAME.npy"), cl::init(""),
              cl::cat(runCategory));
static cl::opt<std::string>
    dumpInputs("dump-inputs",
               cl::desc("Write every input (given or random) to "
                        "DIR/NAME.npy"),
               cl::init(""), cl::cat(runCategory));
static cl::opt<std::string> dumpReference(
    "dump-reference",
    cl::desc("Write the reference interpreter's outputs (float64) to "
             "DIR/NAME.npy (with --reference=interpret, or auto when it "
             "chooses the interpreter)"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<std::string> maskedRows(
    "masked-rows",
    cl::desc("Expected output for a query with no key: zero (the EDGE "
             "semantics of the 3-pass and 2-pass cascades: the row is empty) "
             "or nan (the 1-pass cascade: e^(-inf - -inf))"),
    cl::init("zero"), cl::cat(runCategory));
static cl::opt<double> softmaxScale(
    "softmax-scale",
    cl::desc("The attention reference computes softmax(X * Q^T K) V for this "
             "X (a cascade that scales its logits, e.g. by 1/sqrt(E))"),
    cl::init(1.0), cl::cat(runCategory));
static cl::opt<double> maskDensity(
    "mask-density",
    cl::desc("Probability that a point of a random i1 (mask) input is true"),
    cl::init(0.75), cl::cat(runCategory));
static cl::opt<double> rtol("rtol", cl::desc("Relative tolerance"),
                            cl::init(1e-5), cl::cat(runCategory));
static cl::opt<double>
    absFloor("atol",
         cl::desc("Floor of the denominator of the relative error (default: "
                  "max|ref| over the output)"),
         cl::init(-1.0), cl::cat(runCategory));
static cl::opt<std::string> runtimeLib(
    "runtime-lib",
    cl::desc("MLIR C runner utils (memrefCopy for strided copies, e.g. of "
             "the tensor.pad of a split tail)"),
    cl::init(edge::RuntimeOptions::defaultRunnerUtilsLib()),
    cl::cat(runCategory));
static cl::opt<std::string> compareWith(
    "compare-with",
    cl::desc("Instead of the attention reference, run the cascade of this "
             "file (e.g. the input of a rewrite) on the same inputs and "
             "compare every output with it"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<std::string> compareCascade(
    "compare-cascade",
    cl::desc("Cascade of --compare-with to run (default: the first)"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<std::string> compareFunction(
    "compare-function",
    cl::desc("Run this func.func of --compare-with instead of a cascade (e.g. "
             "the linalg function that edge-raise-linalg started from)"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<unsigned> repeat(
    "repeat",
    cl::desc("Call the compiled cascade N times and print the median time of "
             "one call (compilation excluded); for benchmarks"),
    cl::init(1), cl::cat(runCategory));
static cl::opt<std::string> loweringOptions(
    "lowering",
    cl::desc("Options of the edge-lower-to-llvm pipeline, as on the edge-opt "
             "command line (e.g. \"threads=1 tile-rows=4 vectorize=false\")"),
    cl::init(""), cl::cat(runCategory));
static cl::opt<std::string> openmpLib(
    "openmp-lib",
    cl::desc("OpenMP runtime loaded when the lowering uses threads"),
    cl::init(edge::RuntimeOptions::defaultOpenMPLib()), cl::cat(runCategory));
static cl::opt<uint64_t> maxMemoryMiB(
    "max-memory",
    cl::desc("Largest memory (MiB) for the inputs and outputs on the host; a "
             "cascade that needs more is refused"),
    cl::init(16384), cl::cat(runCategory));
static cl::opt<unsigned> printCount("print",
                                    cl::desc("Print the first N values of "
                                             "each output"),
                                    cl::init(8), cl::cat(runCategory));

namespace {
/// A float32 tensor with a shape, row-major; an i1 (mask) input holds 0 and
/// 1 in `data` and is passed to the compiled code as bytes, an f16 or bf16
/// input holds values of that type (rounded once, so that the reference sees
/// what the compiled code sees) and is passed as 16-bit patterns.
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
  edge::ElementType elementType = edge::ElementType::F32;
  bool isMask() const { return elementType == edge::ElementType::I1; }
  /// The number of elements; the shape is static and within
  /// edge::kMaxElements (checked by loadCascade), so the product fits.
  int64_t size() const {
    int64_t n = 1;
    for (int64_t s : shape)
      n *= s;
    return n;
  }
};

} // namespace

/// The element type of an input of `type` (f32, i1, f16 or bf16; the
/// interface was checked by loadCascade).
static edge::ElementType getElementType(Type type) {
  if (type.isInteger(1))
    return edge::ElementType::I1;
  if (type.isF16())
    return edge::ElementType::F16;
  if (type.isBF16())
    return edge::ElementType::BF16;
  return edge::ElementType::F32;
}

/// The semantics of a half-precision element type, else null.
static const llvm::fltSemantics *getHalfSemantics(edge::ElementType type) {
  if (type == edge::ElementType::F16)
    return &llvm::APFloat::IEEEhalf();
  if (type == edge::ElementType::BF16)
    return &llvm::APFloat::BFloat();
  return nullptr;
}

/// Rounds the values of a half-precision input to its type (to nearest,
/// ties to even), so that every reference reads the values the compiled
/// code reads.
static void roundToElementType(HostTensor &h) {
  const llvm::fltSemantics *half = getHalfSemantics(h.elementType);
  if (!half)
    return;
  for (float &x : h.data) {
    llvm::APFloat value(x);
    bool lost;
    value.convert(*half, llvm::APFloat::rmNearestTiesToEven, &lost);
    value.convert(llvm::APFloat::IEEEsingle(),
                  llvm::APFloat::rmNearestTiesToEven, &lost);
    x = value.convertToFloat();
  }
}

/// softmax(Q^T K) V in double precision, per batch entry, with an optional
/// causal mask and an optional key-padding mask `valid` (Valid[..., M], 0 for
/// a padded key). Q[..., E, P], K[..., E, M], V[..., F, M] -> AV[..., F, P].
static LogicalResult referenceAttention(const HostTensor &q,
                                        const HostTensor &k,
                                        const HostTensor &v,
                                        const HostTensor *valid,
                                        ArrayRef<int64_t> outShape,
                                        std::vector<double> &out) {
  size_t rank = q.shape.size();
  if (rank < 2 || k.shape.size() != rank || v.shape.size() != rank ||
      outShape.size() != rank) {
    llvm::errs() << "edge-run: the attention reference needs Q, K, V and AV "
                    "of the same rank >= 2\n";
    return failure();
  }
  int64_t batch = 1;
  for (size_t i = 0; i + 2 < rank; ++i) {
    if (k.shape[i] != q.shape[i] || v.shape[i] != q.shape[i] ||
        outShape[i] != q.shape[i]) {
      llvm::errs() << "edge-run: batch dimension " << i
                   << " differs between Q, K, V and AV\n";
      return failure();
    }
    batch *= q.shape[i];
  }
  int64_t E = q.shape[rank - 2], P = q.shape[rank - 1];
  int64_t M = k.shape[rank - 1], F = v.shape[rank - 2];
  if (k.shape[rank - 2] != E || v.shape[rank - 1] != M ||
      outShape[rank - 2] != F || outShape[rank - 1] != P) {
    llvm::errs() << "edge-run: shapes do not match Q[E,P] K[E,M] V[F,M] "
                    "AV[F,P]\n";
    return failure();
  }
  bool causal = reference == "causal", strict = reference == "strict-causal";
  double nan = std::nan("");
  out.assign(batch * F * P, 0.0);
  std::vector<double> logits(M), weights(M);
  for (int64_t b = 0; b < batch; ++b) {
    const float *Q = q.data.data() + b * E * P;
    const float *K = k.data.data() + b * E * M;
    const float *V = v.data.data() + b * F * M;
    const float *Valid = valid ? valid->data.data() + b * M : nullptr;
    double *AV = out.data() + b * F * P;
    for (int64_t p = 0; p < P; ++p) {
      double maxLogit = -INFINITY;
      bool any = false;
      for (int64_t m = 0; m < M; ++m) {
        bool allowed = causal ? m <= p : strict ? m < p : true;
        allowed &= !Valid || Valid[m] != 0.0f;
        if (!allowed) {
          logits[m] = -INFINITY;
          continue;
        }
        double s = 0.0;
        for (int64_t e = 0; e < E; ++e)
          s += double(Q[e * P + p]) * double(K[e * M + m]);
        s *= softmaxScale;
        logits[m] = s;
        maxLogit = std::max(maxLogit, s);
        any = true;
      }
      if (!any) {
        for (int64_t f = 0; f < F; ++f)
          AV[f * P + p] = maskedRows == "nan" ? nan : 0.0;
        continue;
      }
      double sum = 0.0;
      for (int64_t m = 0; m < M; ++m) {
        weights[m] = std::isinf(logits[m]) ? 0.0 : std::exp(logits[m] - maxLogit);
        sum += weights[m];
      }
      for (int64_t f = 0; f < F; ++f) {
        double acc = 0.0;
        for (int64_t m = 0; m < M; ++m)
          acc += weights[m] * double(V[f * M + m]);
        AV[f * P + p] = acc / sum;
      }
    }
  }
  return success();
}

/// A parsed cascade and its interface, read before lowering.
struct LoadedCascade {
  /// Each file has its own source manager: parseSourceFile reads the main
  /// buffer of the one it is given.
  std::unique_ptr<llvm::SourceMgr> sourceMgr;
  std::unique_ptr<SourceMgrDiagnosticHandler> diagnostics;
  OwningOpRef<ModuleOp> module;
  std::string name;
  /// The cascade or function, for the interpreter (it is lowered in place
  /// later: interpret before running).
  Operation *op = nullptr;
  /// For a cascade compiled with run-time sizes: a copy of `module` where
  /// `op` is the cascade specialized to the sizes it runs with.
  OwningOpRef<ModuleOp> referenceModule;
  SmallVector<RankedTensorType> inTypes, outTypes;
  SmallVector<std::string> inNames, outNames;
};

/// The run-time sizes of `cascade` that --dims and the shapes of the
/// --input .npy files give.
static FailureOr<SmallVector<int64_t>> bindSizes(edge::CascadeOp cascade) {
  edge::CascadeSizes sizes(cascade);
  std::string bindings = sizeBindings;
  // Sizes from the shapes of the .npy inputs, unless --dims gives them.
  SmallVector<std::optional<int64_t>> fromFiles(sizes.getNames().size());
  for (const std::string &option : inputFiles) {
    auto [name, file] = StringRef(option).split('=');
    if (!file.consume_front("@"))
      continue; // reported when the inputs are read
    const auto *it = llvm::find_if(cascade.getInputNames(), [&](Attribute a) {
      return cast<StringAttr>(a).getValue() == name;
    });
    if (it == cascade.getInputNames().end())
      continue;
    unsigned input = it - cascade.getInputNames().begin();
    llvm::Expected<edge::NpyArray> array = edge::readNpy(file);
    if (!array) {
      llvm::errs() << "edge-run: " << llvm::toString(array.takeError())
                   << "\n";
      return failure();
    }
    auto type = cast<RankedTensorType>(cascade.getArgumentTypes()[input]);
    if (array->shape.size() != size_t(type.getRank()))
      continue; // reported when the inputs are read
    for (unsigned d = 0; d < type.getRank(); ++d) {
      std::optional<unsigned> symbol =
          type.isDynamicDim(d) ? sizes.getSymbol({input, d}) : std::nullopt;
      if (!symbol)
        continue;
      if (fromFiles[*symbol] && *fromFiles[*symbol] != array->shape[d]) {
        llvm::errs() << "edge-run: " << file << ": input " << name
                     << " has extent " << array->shape[d] << " along size "
                     << sizes.getNames()[*symbol] << ", another input has "
                     << *fromFiles[*symbol] << "\n";
        return failure();
      }
      fromFiles[*symbol] = array->shape[d];
    }
  }
  for (auto [name, value] : llvm::zip(sizes.getNames(), fromFiles))
    if (value && !StringRef("," + bindings).contains("," + name + "="))
      bindings += (bindings.empty() ? "" : ",") + name + "=" +
                  std::to_string(*value);
  std::string error;
  FailureOr<SmallVector<int64_t>> values =
      edge::parseSizeBindings(sizes, bindings, std::nullopt, error);
  if (failed(values)) {
    llvm::errs() << "edge-run: @" << cascade.getSymName() << ": " << error
                 << " (--dims)\n";
    return failure();
  }
  return values;
}

/// Binds the run-time sizes of `cascade`: with --specialize-sizes the
/// cascade becomes its copy for these sizes (compiled for them); otherwise
/// it stays dynamic, compiled once for any size, and the reference module
/// gets the copy, whose static types give the inputs' and outputs' shapes
/// and which the interpreter runs.
static LogicalResult bindSizes(LoadedCascade &loaded,
                               edge::CascadeOp &cascade) {
  FailureOr<SmallVector<int64_t>> values = bindSizes(cascade);
  if (failed(values))
    return failure();
  if (!specializeSizes) {
    loaded.referenceModule = loaded.module->clone();
    cascade = loaded.referenceModule->lookupSymbol<edge::CascadeOp>(
        cascade.getSymNameAttr());
  }
  FailureOr<edge::CascadeOp> fixed =
      edge::replaceBySpecializedSizes(cascade, *values);
  if (failed(fixed))
    return failure();
  cascade = *fixed;
  return success();
}

/// Parses `path` and finds function `funcName` if given, else cascade
/// `cascadeName` (or the first one).
static FailureOr<LoadedCascade> loadCascade(MLIRContext &context,
                                            StringRef path,
                                            StringRef cascadeName,
                                            StringRef funcName = "") {
  std::string errorMessage;
  auto file = openInputFile(path, &errorMessage);
  if (!file) {
    llvm::errs() << "edge-run: " << errorMessage << "\n";
    return failure();
  }
  LoadedCascade loaded;
  loaded.sourceMgr = std::make_unique<llvm::SourceMgr>();
  loaded.sourceMgr->AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  loaded.diagnostics =
      std::make_unique<SourceMgrDiagnosticHandler>(*loaded.sourceMgr, &context);
  loaded.module = parseSourceFile<ModuleOp>(*loaded.sourceMgr, &context);
  if (!loaded.module)
    return failure();
  if (!funcName.empty()) {
    // A function is lowered as it is (the execution library gives it the C
    // interface a lowered cascade has).
    auto func = loaded.module->lookupSymbol<func::FuncOp>(funcName);
    if (!func || func.isExternal()) {
      llvm::errs() << "edge-run: no function named " << funcName << " in "
                   << path << "\n";
      return failure();
    }
    loaded.name = funcName.str();
    for (Type t : llvm::concat<const Type>(func.getArgumentTypes(),
                                           func.getResultTypes())) {
      auto tensor = dyn_cast<RankedTensorType>(t);
      if (!tensor || !tensor.getElementType().isF32()) {
        llvm::errs() << "edge-run: only f32 tensors are supported, got " << t
                     << "\n";
        return failure();
      }
    }
    for (Type t : func.getArgumentTypes())
      loaded.inTypes.push_back(cast<RankedTensorType>(t));
    for (Type t : func.getResultTypes())
      loaded.outTypes.push_back(cast<RankedTensorType>(t));
    for (unsigned i = 0; i < loaded.inTypes.size(); ++i)
      loaded.inNames.push_back("arg" + std::to_string(i));
    for (unsigned i = 0; i < loaded.outTypes.size(); ++i)
      loaded.outNames.push_back("out" + std::to_string(i));
    loaded.op = func;
    return loaded;
  }
  edge::CascadeOp cascade;
  loaded.module->walk([&](edge::CascadeOp op) {
    if (!cascade && (cascadeName.empty() || op.getSymName() == cascadeName))
      cascade = op;
  });
  if (!cascade) {
    llvm::errs() << "edge-run: no cascade"
                 << (cascadeName.empty() ? "" : " named " + cascadeName)
                 << " in " << path << "\n";
    return failure();
  }
  if (edge::hasDynamicSizes(cascade) && failed(bindSizes(loaded, cascade)))
    return failure();
  loaded.name = cascade.getSymName().str();
  for (Type t : cascade.getArgumentTypes())
    loaded.inTypes.push_back(cast<RankedTensorType>(t));
  for (Type t : cascade.getResultTypes())
    loaded.outTypes.push_back(cast<RankedTensorType>(t));
  for (Attribute a : cascade.getInputNames())
    loaded.inNames.push_back(cast<StringAttr>(a).getValue().str());
  for (Attribute a : cascade.getOutputNames())
    loaded.outNames.push_back(cast<StringAttr>(a).getValue().str());
  loaded.op = cascade;
  uint64_t bytes = 0;
  for (auto [i, t] : llvm::enumerate(
           llvm::concat<RankedTensorType>(loaded.inTypes, loaded.outTypes))) {
    // Masks (edge.mask, i1) and half-precision floats are inputs only;
    // everything else is f32.
    Type element = t.getElementType();
    bool isInput = i < loaded.inTypes.size();
    if (!element.isF32() &&
        !(isInput && (element.isInteger(1) || element.isF16() ||
                      element.isBF16()))) {
      llvm::errs() << "edge-run: only f32 tensors (and f16, bf16 and i1 "
                      "inputs) are supported, got "
                   << t << "\n";
      return failure();
    }
    std::optional<int64_t> count =
        t.hasStaticShape() ? edge::getBoundedElementCount(t.getShape())
                           : std::nullopt;
    if (!count) {
      llvm::errs() << "edge-run: " << t
                   << " needs a static shape of at most "
                   << edge::kMaxElements << " elements\n";
      return failure();
    }
    bytes += uint64_t(*count) * sizeof(float);
  }
  // Within the verifier's limits a cascade may still not fit in memory:
  // refuse it rather than abort in the allocator.
  if (bytes > maxMemoryMiB * (uint64_t(1) << 20)) {
    llvm::errs() << "edge-run: the inputs and outputs of @" << loaded.name
                 << " need " << (bytes >> 20) << " MiB, more than --max-memory="
                 << maxMemoryMiB << "\n";
    return failure();
  }
  return loaded;
}

/// Lowers, JIT-compiles and calls `cascade` on `inputs` with the execution
/// library (lib/Runtime), --repeat times.
static FailureOr<std::vector<HostTensor>>
runCascade(LoadedCascade &cascade, std::vector<HostTensor> &inputs) {
  edge::RuntimeOptions options;
  options.lowering = loweringOptions;
  options.runnerUtilsLib = runtimeLib;
  options.openmpLib = openmpLib;
  llvm::Expected<std::unique_ptr<edge::CompiledCascade>> compiled =
      edge::CompiledCascade::compile(*cascade.module, cascade.name, options);
  if (!compiled) {
    llvm::errs() << "edge-run: @" << cascade.name << ": "
                 << llvm::toString(compiled.takeError()) << "\n";
    return failure();
  }
  std::vector<HostTensor> outputs;
  SmallVector<edge::StridedBuffer> inputBuffers, outputBuffers;
  auto rowMajorView = [](HostTensor &h) {
    return edge::StridedBuffer{
        h.data.data(), SmallVector<int64_t>(h.shape.begin(), h.shape.end()),
        /*strides=*/{}};
  };
  // A mask input's bytes (0 or 1) and a half input's 16-bit patterns,
  // alive until the last call.
  std::vector<std::vector<uint8_t>> maskBytes;
  std::vector<std::vector<uint16_t>> halfBits;
  for (HostTensor &h : inputs) {
    edge::StridedBuffer buffer = rowMajorView(h);
    buffer.elementType = h.elementType;
    if (h.isMask()) {
      maskBytes.emplace_back(h.data.begin(), h.data.end());
      buffer.data = nullptr;
      buffer.bytes = maskBytes.back().data();
    } else if (const llvm::fltSemantics *half = getHalfSemantics(h.elementType)) {
      std::vector<uint16_t> &bits = halfBits.emplace_back();
      for (float x : h.data) {
        llvm::APFloat value(x);
        bool lost;
        value.convert(*half, llvm::APFloat::rmNearestTiesToEven, &lost);
        bits.push_back(uint16_t(value.bitcastToAPInt().getZExtValue()));
      }
      buffer.data = nullptr;
      buffer.bytes = bits.data();
    }
    inputBuffers.push_back(buffer);
  }
  for (RankedTensorType t : cascade.outTypes) {
    HostTensor h;
    h.shape.assign(t.getShape().begin(), t.getShape().end());
    h.data.resize(h.size());
    outputs.push_back(std::move(h));
  }
  for (HostTensor &h : outputs)
    outputBuffers.push_back(rowMajorView(h));

  std::vector<double> millis;
  unsigned calls = std::max(1u, repeat.getValue());
  for (unsigned i = 0; i < calls; ++i) {
    if (llvm::Error err = (*compiled)->call(inputBuffers, outputBuffers)) {
      llvm::errs() << "edge-run: @" << cascade.name << ": "
                   << llvm::toString(std::move(err)) << "\n";
      return failure();
    }
    millis.push_back((*compiled)->getLastCallMillis());
  }
  if (repeat > 1) {
    std::sort(millis.begin(), millis.end());
    llvm::outs() << "time @" << cascade.name << ": median "
                 << llvm::format("%.3f", millis[millis.size() / 2])
                 << " ms, min " << llvm::format("%.3f", millis.front())
                 << " ms over " << millis.size() << " calls\n";
  }
  return outputs;
}

/// Compares `out` with `ref`, prints the errors and returns whether they are
/// within tolerance. With `exactInfinities` (the interpreter's reference,
/// whose infinities are the semantics) an inf matches an equal inf.
static bool compareWithReference(const HostTensor &out,
                                 const std::vector<double> &ref,
                                 size_t nanCount, size_t infCount,
                                 bool exactInfinities) {
  double maxRef = 0.0;
  for (double r : ref)
    if (std::isfinite(r))
      maxRef = std::max(maxRef, std::fabs(r));
  double floor = absFloor >= 0 ? absFloor.getValue() : maxRef;
  double infoFloor = 1e-3 * maxRef;
  double maxAbs = 0.0, maxRel = 0.0, maxElementRel = 0.0;
  size_t mismatchedNaN = 0, mismatchedInf = 0, refNaN = 0, refInf = 0;
  for (size_t n = 0; n < ref.size(); ++n) {
    double x = out.data[n], r = ref[n];
    refNaN += std::isnan(r);
    refInf += std::isinf(r);
    if (std::isnan(r) || std::isnan(x)) {
      if (std::isnan(r) != std::isnan(x))
        ++mismatchedNaN;
      continue;
    }
    if (exactInfinities && (std::isinf(r) || std::isinf(x))) {
      mismatchedInf += x != r;
      continue;
    }
    double a = std::fabs(x - r);
    maxAbs = std::max(maxAbs, a);
    maxRel = std::max(maxRel, a / std::max(std::fabs(r), floor));
    maxElementRel =
        std::max(maxElementRel, a / std::max(std::fabs(r), infoFloor));
  }
  // NaN equals NaN only where NaN is declared expected: a reference that is
  // NaN (or inf) everywhere would otherwise make any NaN output pass.
  bool nanExpected = maskedRows == "nan";
  bool infOk = exactInfinities ? mismatchedInf == 0
                               : infCount == 0 && refInf == 0;
  bool pass = mismatchedNaN == 0 && infOk && (refNaN == 0 || nanExpected) &&
              maxRel <= rtol;
  llvm::outs() << "  max abs error " << llvm::format("%.3e", maxAbs)
               << ", max rel error " << llvm::format("%.3e", maxRel)
               << " (floor " << llvm::format("%.3e", floor) << ", rtol "
               << llvm::format("%.1e", rtol.getValue())
               << "), elementwise rel error "
               << llvm::format("%.3e", maxElementRel) << ", nan " << nanCount
               << ", inf " << infCount;
  if (exactInfinities)
    llvm::outs() << ", inf mismatches " << mismatchedInf;
  llvm::outs() << ", nan mismatches " << mismatchedNaN << ": "
               << (pass ? "PASS" : "FAIL") << "\n";
  if (refNaN || (refInf && !exactInfinities))
    llvm::outs() << "  the reference holds nan " << refNaN << ", inf "
                 << refInf
                 << (nanExpected || refInf
                         ? "\n"
                         : " (NaN matches NaN only with --masked-rows=nan)\n");
  return pass;
}

/// Whether the interface is that of attention: Q[..., E, P], K[..., E, M],
/// V[..., F, M] -> AV[..., F, P], all of one rank >= 2 with equal leading
/// dims, optionally with a key-padding mask Valid[..., M] (i1) as a fourth
/// input. --reference=auto checks such a cascade against the attention
/// reference and any other with the interpreter.
static bool hasAttentionInterface(const LoadedCascade &cascade) {
  if (cascade.inTypes.size() != 3 && cascade.inTypes.size() != 4)
    return false;
  if (cascade.outTypes.size() != 1)
    return false;
  for (unsigned i = 0; i < 3; ++i)
    if (!isa<FloatType>(cascade.inTypes[i].getElementType()))
      return false;
  if (cascade.inTypes.size() == 4) {
    RankedTensorType valid = cascade.inTypes[3];
    ArrayRef<int64_t> k = cascade.inTypes[1].getShape();
    SmallVector<int64_t> expected(k.drop_back(2));
    expected.push_back(k.back());
    if (!valid.getElementType().isInteger(1) ||
        valid.getShape() != ArrayRef<int64_t>(expected))
      return false;
  }
  ArrayRef<int64_t> q = cascade.inTypes[0].getShape(),
                    k = cascade.inTypes[1].getShape(),
                    v = cascade.inTypes[2].getShape(),
                    av = cascade.outTypes[0].getShape();
  size_t rank = q.size();
  if (rank < 2 || k.size() != rank || v.size() != rank || av.size() != rank)
    return false;
  for (size_t i = 0; i + 2 < rank; ++i)
    if (k[i] != q[i] || v[i] != q[i] || av[i] != q[i])
      return false;
  return k[rank - 2] == q[rank - 2] && v[rank - 1] == k[rank - 1] &&
         av[rank - 2] == v[rank - 2] && av[rank - 1] == q[rank - 1];
}

/// Splits a NAME=@path option value; prints an error for another form.
static std::optional<std::pair<std::string, std::string>>
parseNamedFile(StringRef option, StringRef value) {
  auto [name, file] = value.split('=');
  if (name.empty() || !file.consume_front("@") || file.empty()) {
    llvm::errs() << "edge-run: --" << option << "=" << value
                 << " is not of the form NAME=@file.npy\n";
    return std::nullopt;
  }
  return std::make_pair(name.str(), file.str());
}

/// The position of `name` in `names`, or an error listing them.
static std::optional<size_t> findName(ArrayRef<std::string> names,
                                      StringRef name, StringRef what,
                                      StringRef cascadeName) {
  auto *it = llvm::find(names, name);
  if (it != names.end())
    return it - names.begin();
  llvm::errs() << "edge-run: @" << cascadeName << " has no " << what
               << " named '" << name << "' (it has";
  for (const std::string &n : names)
    llvm::errs() << " " << n;
  llvm::errs() << ")\n";
  return std::nullopt;
}

/// Reads a .npy file into an input of type `type`: float32 of its shape, or
/// for an i1 input bool or uint8 holding 0 and 1.
static LogicalResult readInput(StringRef path, StringRef name,
                               RankedTensorType type, HostTensor &input) {
  llvm::Expected<edge::NpyArray> array = edge::readNpy(path);
  if (!array) {
    llvm::errs() << "edge-run: " << llvm::toString(array.takeError()) << "\n";
    return failure();
  }
  if (input.isMask()) {
    if (array->dtype != edge::NpyDType::Bool &&
        array->dtype != edge::NpyDType::UInt8) {
      llvm::errs() << "edge-run: " << path << ": input " << name
                   << " has dtype '" << edge::getNpyDescr(array->dtype)
                   << "', expected '|b1' (bool) or '|u1' (uint8) for the mask "
                   << type << "\n";
      return failure();
    }
    if (llvm::any_of(array->values, [](double v) { return v > 1.0; })) {
      llvm::errs() << "edge-run: " << path << ": mask input " << name
                   << " holds a value other than 0 and 1\n";
      return failure();
    }
  } else if (array->dtype != edge::NpyDType::Float32) {
    llvm::errs() << "edge-run: " << path << ": input " << name
                 << " has dtype '" << edge::getNpyDescr(array->dtype)
                 << "', expected '<f4' (float32, "
                 << (type.getElementType().isF32()
                         ? "the element type of "
                         : "rounded to the element type of ")
                 << type << ")\n";
    return failure();
  }
  if (ArrayRef<int64_t>(array->shape) != type.getShape()) {
    llvm::errs() << "edge-run: " << path << ": input " << name
                 << " has shape (";
    llvm::interleave(array->shape, llvm::errs(), ", ");
    llvm::errs() << "), expected " << type << "\n";
    return failure();
  }
  input.data.assign(array->values.begin(), array->values.end());
  return success();
}

/// Writes `tensor` to `path` as a float32 .npy file (bool for a mask).
static LogicalResult writeTensor(StringRef path, const HostTensor &tensor) {
  edge::NpyArray array;
  array.dtype = tensor.isMask() ? edge::NpyDType::Bool : edge::NpyDType::Float32;
  array.shape.assign(tensor.shape.begin(), tensor.shape.end());
  array.values.assign(tensor.data.begin(), tensor.data.end());
  if (llvm::Error err = edge::writeNpy(path, array)) {
    llvm::errs() << "edge-run: " << llvm::toString(std::move(err)) << "\n";
    return failure();
  }
  return success();
}

/// Writes `tensors` to DIR/NAME.npy, creating DIR.
static LogicalResult writeAll(StringRef dir, ArrayRef<std::string> names,
                              ArrayRef<HostTensor> tensors) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
    llvm::errs() << "edge-run: cannot create " << dir << ": " << ec.message()
                 << "\n";
    return failure();
  }
  for (auto [name, tensor] : llvm::zip_equal(names, tensors)) {
    SmallString<128> path(dir);
    llvm::sys::path::append(path, name + ".npy");
    if (failed(writeTensor(path, tensor)))
      return failure();
  }
  return success();
}

/// Writes the interpreter's `outputs` of `cascade` to DIR/NAME.npy as
/// float64.
static LogicalResult writeReference(StringRef dir, const LoadedCascade &cascade,
                                    ArrayRef<std::vector<double>> outputs) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
    llvm::errs() << "edge-run: cannot create " << dir << ": " << ec.message()
                 << "\n";
    return failure();
  }
  for (auto [name, type, values] :
       llvm::zip_equal(cascade.outNames, cascade.outTypes, outputs)) {
    edge::NpyArray array;
    array.dtype = edge::NpyDType::Float64;
    array.shape.assign(type.getShape().begin(), type.getShape().end());
    array.values = values;
    SmallString<128> path(dir);
    llvm::sys::path::append(path, name + ".npy");
    if (llvm::Error err = edge::writeNpy(path, array)) {
      llvm::errs() << "edge-run: " << llvm::toString(std::move(err)) << "\n";
      return failure();
    }
  }
  return success();
}

/// Runs the reference interpreter on `cascade` with `inputs`; the outputs in
/// double precision.
static FailureOr<std::vector<std::vector<double>>>
interpret(LoadedCascade &cascade, ArrayRef<HostTensor> inputs) {
  std::vector<edge::PresenceTensor> presenceInputs;
  for (const HostTensor &h : inputs)
    presenceInputs.push_back(edge::PresenceTensor::dense(
        h.shape, std::vector<double>(h.data.begin(), h.data.end())));
  FailureOr<std::vector<edge::PresenceTensor>> results =
      isa<edge::CascadeOp>(cascade.op)
          ? edge::interpretCascade(cast<edge::CascadeOp>(cascade.op),
                                   presenceInputs)
          : edge::interpretFunction(cast<func::FuncOp>(cascade.op),
                                    presenceInputs);
  if (failed(results)) {
    llvm::errs() << "edge-run: the reference interpreter failed on @"
                 << cascade.name << "\n";
    return failure();
  }
  std::vector<std::vector<double>> values;
  for (edge::PresenceTensor &t : *results)
    values.push_back(std::move(t.values));
  return values;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  edge::installOutputErrorHandler("edge-run");
  cl::HideUnrelatedOptions(runCategory);
  cl::AddExtraVersionPrinter([](raw_ostream &os) {
    os << "edge version " << EDGE_VERSION_STRING << "\n";
  });
  cl::ParseCommandLineOptions(argc, argv,
                              "edge-run: lower, JIT-run and check an edge "
                              "cascade against the reference interpreter or "
                              "a C++ attention reference\n");
  if (reference != "auto" && reference != "interpret" &&
      reference != "attention" && reference != "causal" &&
      reference != "strict-causal" && reference != "none") {
    llvm::errs() << "edge-run: unknown --reference=" << reference << "\n";
    return 2;
  }
  if (maskedRows != "zero" && maskedRows != "nan") {
    llvm::errs() << "edge-run: unknown --masked-rows=" << maskedRows << "\n";
    return 2;
  }
  // Inputs are scaled floats: a non-finite scale (or one past float's range)
  // gives non-finite inputs, whose outputs no reference can check.
  if (!std::isfinite(scale) ||
      std::fabs(scale) > double(std::numeric_limits<float>::max())) {
    llvm::errs() << "edge-run: --scale must be a finite float, got "
                 << llvm::format("%g", scale.getValue()) << "\n";
    return 2;
  }
  DialectRegistry registry;
  // Everything edge-opt reads, so that any module it writes runs here.
  edge::registerAllDialects(registry);
  MLIRContext context(registry);

  FailureOr<LoadedCascade> main = loadCascade(context, inputFile, cascadeName, functionName);
  if (failed(main))
    return 2;
  FailureOr<LoadedCascade> other;
  if (!compareWith.empty()) {
    other = loadCascade(context, compareWith, compareCascade, compareFunction);
    if (failed(other))
      return 2;
    if (other->inTypes != main->inTypes || other->outTypes != main->outTypes) {
      llvm::errs() << "edge-run: @" << other->name << " in " << compareWith
                   << " has another interface than @" << main->name << "\n";
      return 2;
    }
  }
  // The reference the outputs are checked against besides --compare-with
  // (which replaces the default one).
  std::string checkAgainst = reference;
  if (succeeded(other) && reference.getNumOccurrences() == 0)
    checkAgainst = "none";
  if (checkAgainst == "auto")
    checkAgainst = hasAttentionInterface(*main) ? "attention" : "interpret";

  // Inputs: seeded uniform data, the first two (Q and K) scaled; a mask (i1)
  // is true with probability --mask-density. Every input draws its numbers,
  // given in a file or not, so that the random ones do not depend on which
  // are given.
  if (!(maskDensity >= 0.0 && maskDensity <= 1.0)) {
    llvm::errs() << "edge-run: --mask-density must be in [0, 1]\n";
    return 2;
  }
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  std::vector<HostTensor> inputs;
  for (auto [i, t] : llvm::enumerate(main->inTypes)) {
    HostTensor h;
    h.shape.assign(t.getShape().begin(), t.getShape().end());
    h.data.resize(h.size());
    h.elementType = getElementType(t.getElementType());
    double s = i < 2 ? scale.getValue() : 1.0;
    for (float &x : h.data) {
      double u = uniform(rng);
      if (h.isMask()) {
        x = (u + 1.0) / 2.0 < maskDensity ? 1.0f : 0.0f;
        continue;
      }
      if (quantize)
        u = std::round(u * 256.0) / 256.0;
      x = float(u * s);
    }
    inputs.push_back(std::move(h));
  }
  for (const std::string &option : inputFiles) {
    auto named = parseNamedFile("input", option);
    if (!named)
      return 2;
    std::optional<size_t> index =
        findName(main->inNames, named->first, "input", main->name);
    if (!index || failed(readInput(named->second, named->first,
                                   main->inTypes[*index], inputs[*index])))
      return 2;
  }
  for (HostTensor &h : inputs)
    roundToElementType(h);
  SmallVector<std::pair<size_t, std::string>> outputPaths;
  for (const std::string &option : outputFiles) {
    auto named = parseNamedFile("output", option);
    if (!named)
      return 2;
    std::optional<size_t> index =
        findName(main->outNames, named->first, "output", main->name);
    if (!index)
      return 2;
    outputPaths.push_back({*index, named->second});
  }
  if (!dumpInputs.empty() &&
      failed(writeAll(dumpInputs, main->inNames, inputs)))
    return 1;

  // The interpreter reads the IR before the lowering rewrites it in place.
  FailureOr<std::vector<std::vector<double>>> interpreted;
  if (checkAgainst == "interpret") {
    interpreted = interpret(*main, inputs);
    if (failed(interpreted))
      return 1;
    if (!dumpReference.empty() &&
        failed(writeReference(dumpReference, *main, *interpreted)))
      return 1;
  } else if (!dumpReference.empty()) {
    llvm::errs() << "edge-run: --dump-reference needs the interpreter as "
                    "reference (the reference is "
                 << checkAgainst << ")\n";
    return 2;
  }

  FailureOr<std::vector<HostTensor>> outputs = runCascade(*main, inputs);
  if (failed(outputs))
    return 1;
  FailureOr<std::vector<HostTensor>> otherOutputs;
  if (succeeded(other)) {
    otherOutputs = runCascade(*other, inputs);
    if (failed(otherOutputs))
      return 1;
  }
  for (auto &[index, path] : outputPaths)
    if (failed(writeTensor(path, (*outputs)[index])))
      return 1;
  if (!outputDir.empty() &&
      failed(writeAll(outputDir, main->outNames, *outputs)))
    return 1;

  std::string referenceName =
      succeeded(other) ? "@" + other->name + " in " + compareWith : "";
  if (checkAgainst != "none")
    referenceName += (referenceName.empty() ? "" : " and ") + checkAgainst;
  llvm::outs() << "edge-run: cascade @" << main->name << ", seed "
               << seed.getValue() << ", scale " << scale.getValue()
               << ", reference "
               << (referenceName.empty() ? "none" : referenceName) << "\n";
  bool ok = true;
  for (auto [i, out] : llvm::enumerate(*outputs)) {
    std::string outName = i < main->outNames.size() ? main->outNames[i] : "out";
    size_t nanCount = 0, infCount = 0;
    for (float x : out.data) {
      nanCount += std::isnan(x);
      infCount += std::isinf(x);
    }
    llvm::outs() << "output " << outName << " [";
    llvm::interleave(out.shape, llvm::outs(), "x");
    llvm::outs() << "]:";
    // %.9g prints a float32 exactly enough to read it back bit for bit.
    for (unsigned n = 0; n < printCount && n < out.data.size(); ++n)
      llvm::outs() << " " << llvm::format("%.9g", out.data[n]);
    llvm::outs() << "\n";
    if (succeeded(other)) {
      // Every output against the other cascade's.
      const HostTensor &o = (*otherOutputs)[i];
      std::vector<double> ref(o.data.begin(), o.data.end());
      ok &= compareWithReference(out, ref, nanCount, infCount,
                                 /*exactInfinities=*/false);
    }
    if (checkAgainst == "none")
      continue;
    if (checkAgainst == "interpret") {
      ok &= compareWithReference(out, (*interpreted)[i], nanCount, infCount,
                                 /*exactInfinities=*/true);
      continue;
    }
    // The attention reference computes one output, AV.
    if (i > 0)
      continue;
    bool keyPadding = inputs.size() == 4 && inputs[3].isMask();
    if (inputs.size() != 3 && !keyPadding) {
      llvm::errs() << "edge-run: the attention reference needs Q, K, V (got "
                   << inputs.size()
                   << " inputs); use --reference=interpret\n";
      return 1;
    }
    if (keyPadding && !hasAttentionInterface(*main)) {
      llvm::errs() << "edge-run: the attention reference reads a fourth "
                      "input as a key-padding mask Valid[..., M] of i1\n";
      return 1;
    }
    std::vector<double> ref;
    if (failed(referenceAttention(inputs[0], inputs[1], inputs[2],
                                  keyPadding ? &inputs[3] : nullptr,
                                  out.shape, ref)))
      return 1;
    ok &= compareWithReference(out, ref, nanCount, infCount,
                               /*exactInfinities=*/false);
  }
  return ok ? 0 : 1;
}
