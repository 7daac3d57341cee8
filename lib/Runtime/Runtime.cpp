//===- Runtime.cpp - compile a cascade once, call it on caller buffers ----===//
//
// This file implements the execution library. The compiled entry point is
// `_mlir_ciface_<name>(results *, inputs *...)`: every tensor is a memref
// descriptor {float *allocated, float *aligned, i64 offset, i64 sizes[r],
// i64 strides[r]}, and the results come back as one struct of descriptors
// whose buffers the caller owns. A call builds descriptors of the caller's
// inputs (row-major ones directly, others packed), calls, copies each result
// into the caller's output buffer and frees the results.
//
//===----------------------------------------------------------------------===//

#include "edge/Runtime/Runtime.h"
#include "edge/Runtime/LLVMPipeline.h"

#include "edge/Conversion/Passes.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/OpenMP/OpenMPToLLVMIRTranslation.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>

using namespace mlir;
using namespace edge;

std::string RuntimeOptions::defaultRunnerUtilsLib() {
  return EDGE_MLIR_C_RUNNER_UTILS;
}
std::string RuntimeOptions::defaultOpenMPLib() { return EDGE_OPENMP_RUNTIME; }

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The number of words of the descriptor of a rank-`rank` memref.
static size_t numDescriptorWords(unsigned rank) { return 3 + 2 * rank; }

size_t edge::getElementSize(ElementType type) {
  switch (type) {
  case ElementType::F32:
    return sizeof(float);
  case ElementType::I1:
    return 1;
  case ElementType::F16:
  case ElementType::BF16:
    return 2;
  }
  llvm_unreachable("unknown element type");
}

llvm::StringRef edge::getElementTypeName(ElementType type) {
  switch (type) {
  case ElementType::F32:
    return "f32";
  case ElementType::I1:
    return "i1";
  case ElementType::F16:
    return "f16";
  case ElementType::BF16:
    return "bf16";
  }
  llvm_unreachable("unknown element type");
}

/// The element type of an input buffer for `type`, if the runtime takes it.
static std::optional<ElementType> getInputElementType(Type type) {
  if (type.isF32())
    return ElementType::F32;
  if (type.isInteger(1))
    return ElementType::I1;
  if (type.isF16())
    return ElementType::F16;
  if (type.isBF16())
    return ElementType::BF16;
  return std::nullopt;
}

CompiledCascade::~CompiledCascade() = default;

llvm::Expected<std::unique_ptr<CompiledCascade>>
CompiledCascade::compile(ModuleOp module, llvm::StringRef name,
                         const RuntimeOptions &options) {
  MLIRContext *context = module.getContext();
  std::unique_ptr<CompiledCascade> compiled(new CompiledCascade());
  compiled->symbol = "_mlir_ciface_" + name.str();

  // The interface, read before the lowering rewrites the entry.
  SmallVector<Type> types;
  unsigned numInputs;
  bool sizesKnown = false;
  if (auto cascade = module.lookupSymbol<CascadeOp>(name)) {
    llvm::append_range(types, cascade.getArgumentTypes());
    llvm::append_range(types, cascade.getResultTypes());
    numInputs = cascade.getArgumentTypes().size();
    if (llvm::Error err = compiled->readSizes(cascade))
      return std::move(err);
    sizesKnown = true;
  } else if (auto func = module.lookupSymbol<func::FuncOp>(name);
             func && !func.isExternal()) {
    // A function gets the C interface that a lowered cascade has.
    func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                  UnitAttr::get(context));
    llvm::append_range(types, func.getArgumentTypes());
    llvm::append_range(types, func.getResultTypes());
    numInputs = func.getArgumentTypes().size();
  } else {
    return makeError("no cascade or function named '" + name + "'");
  }
  for (auto [i, type] : llvm::enumerate(types)) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    bool isInput = i < numInputs;
    // Masks (i1) and half-precision floats are inputs only: the outputs are
    // float32.
    std::optional<ElementType> elementType =
        tensor ? getInputElementType(tensor.getElementType()) : std::nullopt;
    if (!tensor || !elementType ||
        (!isInput && *elementType != ElementType::F32) ||
        (!sizesKnown && !tensor.hasStaticShape())) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << type;
      return makeError(Twine("only ") +
                       (sizesKnown ? "" : "statically shaped ") +
                       "f32 tensors (and f16, bf16 and i1 inputs) are "
                       "supported, got " +
                       text);
    }
    (isInput ? compiled->inputTypes : compiled->outputTypes).push_back(tensor);
    if (isInput)
      compiled->inputElementTypes.push_back(*elementType);
  }

  PassManager pm(context);
  EdgeLowerToLLVMOptions lowering;
  if (failed(lowering.parseFromString(options.lowering)))
    return makeError("invalid lowering options \"" + options.lowering + "\"");
  buildEdgeLowerToLLVMPipeline(pm, lowering);
  if (failed(pm.run(module)))
    return makeError("lowering failed");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerBuiltinDialectTranslation(*context);
  registerLLVMDialectTranslation(*context);
  registerOpenMPDialectTranslation(*context);
  // The LLVM half of edge-compile's path (LLVMPipeline.h), for the host:
  // the JIT runs what edge-compile would emit for this machine.
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(/*cpu=*/"");
  if (!machine)
    return makeError("JIT failed: " + llvm::toString(machine.takeError()));
  // ExecutionEngineOptions holds a function_ref: the transformer must
  // outlive ExecutionEngine::create.
  std::function<llvm::Error(llvm::Module *)> optimize =
      [&](llvm::Module *llvmModule) {
        setTargetAttributes(*llvmModule, **machine);
        return optimizeModule(*llvmModule, **machine, options.optLevel);
      };
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimize;
  SmallVector<StringRef> sharedLibs;
  if (!options.runnerUtilsLib.empty())
    sharedLibs.push_back(options.runnerUtilsLib);
  // Threaded code calls the OpenMP runtime (__kmpc_fork_call, ...).
  if (lowering.threads != 1 && !options.openmpLib.empty())
    sharedLibs.push_back(options.openmpLib);
  engineOptions.sharedLibPaths = sharedLibs;
  auto engine = ExecutionEngine::create(module, engineOptions);
  if (!engine)
    return makeError("JIT failed: " + llvm::toString(engine.takeError()));
  compiled->engine = std::move(*engine);
  compiled->packedInputs.resize(numInputs);
  return compiled;
}

/// `type` as text, for an error message (printed only on an error: every
/// call checks every buffer).
static std::string getTypeText(RankedTensorType type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

llvm::Error CompiledCascade::readSizes(CascadeOp cascade) {
  CascadeSizes sizes(cascade);
  for (StringRef name : sizes.getNames())
    sizeNames.push_back(name.str());
  sizeInputDims.resize(sizeNames.size());
  for (auto [i, type] : llvm::enumerate(cascade.getArgumentTypes()))
    for (unsigned d = 0; d < cast<RankedTensorType>(type).getRank(); ++d)
      if (std::optional<unsigned> symbol =
              sizes.getSymbol({static_cast<unsigned>(i), d}))
        sizeInputDims[*symbol].push_back({static_cast<unsigned>(i), d});
  auto ret = cast<ReturnOp>(cascade.getBody().front().getTerminator());
  for (auto [j, value] : llvm::enumerate(ret.getOperands())) {
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<AffineExpr> &extents = outputExtents.emplace_back();
    for (unsigned d = 0; d < type.getRank(); ++d) {
      extents.push_back(sizes.getExtent(value, d));
      if (!extents.back())
        return makeError("the run-time extent of dimension " + Twine(d) +
                         " of output #" + Twine(j) +
                         " is not known from the inputs");
    }
  }
  return llvm::Error::success();
}

llvm::Expected<SmallVector<int64_t>> CompiledCascade::getSizes(
    ArrayRef<SmallVector<int64_t>> inputShapes) const {
  if (inputShapes.size() != inputTypes.size())
    return makeError("got " + Twine(inputShapes.size()) +
                     " inputs, expected " + Twine(inputTypes.size()));
  for (auto [i, shape, type] : llvm::enumerate(inputShapes, inputTypes)) {
    bool fits = shape.size() == size_t(type.getRank());
    for (unsigned d = 0; fits && d < shape.size(); ++d)
      fits = type.isDynamicDim(d) ? shape[d] >= 1
                                  : shape[d] == type.getDimSize(d);
    if (!fits) {
      std::string got;
      llvm::raw_string_ostream gs(got);
      llvm::interleave(shape, gs, "x");
      return makeError("input #" + Twine(i) + " has shape [" + got +
                       "], expected " + getTypeText(type) +
                       (type.hasStaticShape() ? ""
                                              : " (a run-time extent is at "
                                                "least 1)"));
    }
  }
  SmallVector<int64_t> values;
  for (auto [name, dims] : llvm::zip_equal(sizeNames, sizeInputDims)) {
    auto [input, dim] = dims.front();
    values.push_back(inputShapes[input][dim]);
    for (auto [other, otherDim] : dims)
      if (inputShapes[other][otherDim] != values.back())
        return makeError("input #" + Twine(input) + " has extent " +
                         Twine(values.back()) + " along size " + name +
                         ", input #" + Twine(other) + " has " +
                         Twine(inputShapes[other][otherDim]));
  }
  return values;
}

llvm::Expected<SmallVector<SmallVector<int64_t>>>
CompiledCascade::getOutputShapes(
    ArrayRef<SmallVector<int64_t>> inputShapes) const {
  llvm::Expected<SmallVector<int64_t>> sizes = getSizes(inputShapes);
  if (!sizes)
    return sizes.takeError();
  // A func.func entry has static shapes only (no extents read).
  SmallVector<SmallVector<int64_t>> shapes;
  for (auto [j, type] : llvm::enumerate(outputTypes)) {
    SmallVector<int64_t> &shape = shapes.emplace_back(type.getShape());
    for (unsigned d = 0; d < shape.size(); ++d)
      if (type.isDynamicDim(d))
        shape[d] = CascadeSizes::evaluate(outputExtents[j][d], *sizes);
  }
  return shapes;
}

/// The row-major strides of `shape`.
static SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int i = int(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Checks `buffer` against `type`; `what` names it in the error.
static llvm::Error checkBuffer(const StridedBuffer &buffer,
                               RankedTensorType type, ArrayRef<int64_t> shape,
                               ElementType elementType,
                               const llvm::Twine &what) {
  if (buffer.elementType != elementType)
    return makeError(what + " is a buffer of " +
                     getElementTypeName(buffer.elementType) + ", expected " +
                     getTypeText(type));
  if (ArrayRef<int64_t>(buffer.shape) != shape) {
    std::string got, expected;
    llvm::raw_string_ostream gs(got), es(expected);
    llvm::interleave(buffer.shape, gs, "x");
    llvm::interleave(shape, es, "x");
    return makeError(what + " has shape [" + got + "], expected [" +
                     expected + "] (" + getTypeText(type) + ")");
  }
  if (!buffer.strides.empty() && buffer.strides.size() != buffer.shape.size())
    return makeError(what + " has " + llvm::Twine(buffer.strides.size()) +
                     " strides for rank " + llvm::Twine(buffer.shape.size()));
  int64_t count = 1;
  for (int64_t extent : shape)
    count *= extent;
  if (!buffer.address() && count > 0)
    return makeError(what + " has no data");
  return llvm::Error::success();
}

/// Calls `visit(position in a row-major walk, element offset)` for every
/// element of `shape` with `strides`.
template <typename Visit>
static void forEachElement(ArrayRef<int64_t> shape, ArrayRef<int64_t> strides,
                           Visit visit) {
  int64_t count = 1;
  for (int64_t s : shape)
    count *= s;
  SmallVector<int64_t> index(shape.size(), 0);
  for (int64_t n = 0; n < count; ++n) {
    int64_t offset = 0;
    for (auto [i, s] : llvm::zip_equal(index, strides))
      offset += i * s;
    visit(n, offset);
    for (int k = int(shape.size()) - 1; k >= 0; --k) {
      if (++index[k] < shape[k])
        break;
      index[k] = 0;
    }
  }
}

llvm::Error CompiledCascade::call(ArrayRef<StridedBuffer> inputs,
                                  ArrayRef<StridedBuffer> outputs) {
  if (inputs.size() != inputTypes.size())
    return makeError("got " + llvm::Twine(inputs.size()) + " inputs, expected " +
                     llvm::Twine(inputTypes.size()));
  if (outputs.size() != outputTypes.size())
    return makeError("got " + llvm::Twine(outputs.size()) +
                     " outputs, expected " + llvm::Twine(outputTypes.size()));
  SmallVector<SmallVector<int64_t>> inputShapes;
  for (const StridedBuffer &buffer : inputs)
    inputShapes.push_back(buffer.shape);
  llvm::Expected<SmallVector<SmallVector<int64_t>>> outputShapes =
      getOutputShapes(inputShapes);
  if (!outputShapes)
    return outputShapes.takeError();
  for (auto [i, buffer] : llvm::enumerate(inputs))
    if (llvm::Error err =
            checkBuffer(buffer, inputTypes[i], buffer.shape,
                        inputElementTypes[i], "input #" + llvm::Twine(i)))
      return err;
  for (auto [i, buffer] : llvm::enumerate(outputs))
    if (llvm::Error err = checkBuffer(buffer, outputTypes[i],
                                      (*outputShapes)[i], ElementType::F32,
                                      "output #" + llvm::Twine(i)))
      return err;

  // Input descriptors: the caller's buffer when row-major (the lowered
  // entry expects the identity layout), else a packed copy.
  std::vector<std::vector<int64_t>> descriptors;
  SmallVector<int64_t> notOwned = {0, 0xdeadbeef};
  for (auto [i, buffer] : llvm::enumerate(inputs)) {
    ArrayRef<int64_t> shape = buffer.shape;
    SmallVector<int64_t> strides = rowMajorStrides(shape);
    void *data = buffer.address();
    if (!buffer.strides.empty() && ArrayRef<int64_t>(buffer.strides) !=
                                       ArrayRef<int64_t>(strides)) {
      size_t size = getElementSize(buffer.elementType);
      std::vector<char> &packed = packedInputs[i];
      int64_t count = 1;
      for (int64_t extent : shape)
        count *= extent;
      packed.resize(count * size);
      const char *from = static_cast<const char *>(data);
      forEachElement(shape, buffer.strides, [&](int64_t n, int64_t offset) {
        std::memcpy(packed.data() + n * size, from + offset * size, size);
      });
      data = packed.data();
    }
    std::vector<int64_t> words = {reinterpret_cast<int64_t>(data),
                                  reinterpret_cast<int64_t>(data), 0};
    llvm::append_range(words, shape);
    llvm::append_range(words, strides);
    descriptors.push_back(std::move(words));
    notOwned.push_back(reinterpret_cast<int64_t>(data));
  }

  size_t resultWords = 0;
  for (RankedTensorType t : outputTypes)
    resultWords += numDescriptorWords(t.getRank());
  std::vector<int64_t> results(resultWords, 0);
  void *resultPtr = results.data();
  SmallVector<void *> descriptorPtrs;
  for (std::vector<int64_t> &d : descriptors)
    descriptorPtrs.push_back(d.data());
  SmallVector<void *> packedArgs = {&resultPtr};
  for (void *&p : descriptorPtrs)
    packedArgs.push_back(&p);
  auto start = std::chrono::steady_clock::now();
  llvm::Error callError = engine->invokePacked(symbol, packedArgs);
  lastCallMillis = std::chrono::duration<double, std::milli>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  if (callError)
    return makeError("call failed: " + llvm::toString(std::move(callError)));

  // Copy every result out, then free each allocation once, except those the
  // compiled code does not own: an input returned as an output, a constant
  // global (0xdeadbeef), null, or an earlier result's (a cascade may return
  // one value twice). The rule of edge-compile's C wrapper (docs/Compile.md).
  size_t at = 0;
  for (auto [type, buffer] : llvm::zip_equal(outputTypes, outputs)) {
    int64_t count = 1;
    for (int64_t extent : buffer.shape)
      count *= extent;
    const int64_t *words = results.data() + at;
    unsigned rank = type.getRank();
    const float *aligned = reinterpret_cast<const float *>(words[1]);
    int64_t offset = words[2];
    ArrayRef<int64_t> resultStrides(words + 3 + rank, rank);
    SmallVector<int64_t> rowMajor = rowMajorStrides(buffer.shape);
    SmallVector<int64_t> outStrides =
        buffer.strides.empty() ? rowMajor : SmallVector<int64_t>(buffer.strides);
    at += numDescriptorWords(rank);
    // The usual case, both row-major, is one copy.
    if (resultStrides == ArrayRef<int64_t>(rowMajor) && outStrides == rowMajor) {
      std::memcpy(buffer.data, aligned + offset, count * sizeof(float));
      continue;
    }
    SmallVector<float> row(count);
    forEachElement(buffer.shape, resultStrides,
                   [&](int64_t n, int64_t from) {
                     row[n] = aligned[offset + from];
                   });
    forEachElement(buffer.shape, outStrides, [&](int64_t n, int64_t to) {
      buffer.data[to] = row[n];
    });
  }
  at = 0;
  for (RankedTensorType type : outputTypes) {
    int64_t allocated = results[at];
    at += numDescriptorWords(type.getRank());
    if (llvm::is_contained(notOwned, allocated))
      continue;
    std::free(reinterpret_cast<void *>(allocated));
    notOwned.push_back(allocated);
  }
  return llvm::Error::success();
}
