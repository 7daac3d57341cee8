//===- Runtime.cpp - C API of the execution library and the interpreter ---===//
//
// This file implements include/edge-c/Runtime.h on top of
// edge::CompiledCascade and edge::interpretCascade/interpretFunction.
//
//===----------------------------------------------------------------------===//

#include "edge-c/Runtime.h"

#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Interpreter/Interpreter.h"
#include "edge/Runtime/Runtime.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Support.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;

static edge::CompiledCascade *unwrap(EdgeCompiledCascade cascade) {
  return static_cast<edge::CompiledCascade *>(cascade.ptr);
}

/// The entry `name` of `module` (a cascade or a function with a body), or,
/// for the empty name, the first cascade or else the first such function.
/// Emits an error on the module when there is none.
static Operation *lookupEntry(ModuleOp module, StringRef name) {
  auto isEntry = [](Operation *op) {
    if (isa<edge::CascadeOp>(op))
      return true;
    auto func = dyn_cast<func::FuncOp>(op);
    return func && !func.isExternal();
  };
  if (!name.empty()) {
    Operation *op = module.lookupSymbol(name);
    if (op && isEntry(op))
      return op;
    module.emitError("edge: no cascade or function named '") << name << "'";
    return nullptr;
  }
  for (auto cascade : module.getOps<edge::CascadeOp>())
    return cascade;
  for (Operation &op : module.getBody()->getOperations())
    if (isEntry(&op))
      return &op;
  module.emitError("edge: the module has no cascade and no function");
  return nullptr;
}

EdgeCompiledCascade edgeCompiledCascadeCreate(MlirModule module,
                                              MlirStringRef name,
                                              MlirStringRef loweringOptions) {
  ModuleOp original = unwrap(module);
  Operation *entry = lookupEntry(original, unwrap(name));
  if (!entry)
    return {nullptr};
  // The lowering rewrites its module: compile a copy.
  OwningOpRef<ModuleOp> copy = original.clone();
  edge::RuntimeOptions options;
  options.lowering = unwrap(loweringOptions).str();
  llvm::Expected<std::unique_ptr<edge::CompiledCascade>> compiled =
      edge::CompiledCascade::compile(
          *copy, SymbolTable::getSymbolName(entry).getValue(), options);
  if (!compiled) {
    // The pipeline's own errors have been reported at their ops already;
    // this one says which step failed.
    entry->emitError("edge: cannot compile: ")
        << llvm::toString(compiled.takeError());
    return {nullptr};
  }
  return {compiled->release()};
}

void edgeCompiledCascadeDestroy(EdgeCompiledCascade cascade) {
  delete unwrap(cascade);
}

intptr_t edgeCompiledCascadeGetNumInputs(EdgeCompiledCascade cascade) {
  return unwrap(cascade)->getInputTypes().size();
}

intptr_t edgeCompiledCascadeGetNumOutputs(EdgeCompiledCascade cascade) {
  return unwrap(cascade)->getOutputTypes().size();
}

MlirType edgeCompiledCascadeGetInputType(EdgeCompiledCascade cascade,
                                         intptr_t pos) {
  return wrap(Type(unwrap(cascade)->getInputTypes()[pos]));
}

MlirType edgeCompiledCascadeGetOutputType(EdgeCompiledCascade cascade,
                                          intptr_t pos) {
  return wrap(Type(unwrap(cascade)->getOutputTypes()[pos]));
}

// The C enumerators mirror edge::ElementType, so the two convert by value.
static_assert(int(EdgeElementTypeF32) == int(edge::ElementType::F32) &&
                  int(EdgeElementTypeI1) == int(edge::ElementType::I1) &&
                  int(EdgeElementTypeF16) == int(edge::ElementType::F16) &&
                  int(EdgeElementTypeBF16) == int(edge::ElementType::BF16),
              "EdgeElementType must mirror edge::ElementType");

EdgeElementType
edgeCompiledCascadeGetInputElementType(EdgeCompiledCascade cascade,
                                       intptr_t pos) {
  return static_cast<EdgeElementType>(
      unwrap(cascade)->getInputElementTypes()[pos]);
}

/// `buffer`, whose element type is known to be valid (checked by the call).
static edge::StridedBuffer toStridedBuffer(const EdgeStridedBuffer &buffer) {
  edge::StridedBuffer result;
  result.elementType = static_cast<edge::ElementType>(buffer.elementType);
  if (result.elementType == edge::ElementType::F32)
    result.data = static_cast<float *>(buffer.data);
  else
    result.bytes = buffer.data;
  result.shape.assign(buffer.shape, buffer.shape + buffer.rank);
  if (buffer.strides)
    result.strides.assign(buffer.strides, buffer.strides + buffer.rank);
  return result;
}

MlirLogicalResult edgeCompiledCascadeGetOutputShape(
    EdgeCompiledCascade cascade, intptr_t numInputs,
    const EdgeStridedBuffer *inputs, intptr_t pos, int64_t *shape,
    MlirStringCallback onError, void *userData) {
  SmallVector<SmallVector<int64_t>> inputShapes;
  for (intptr_t i = 0; i < numInputs; ++i)
    inputShapes.emplace_back(inputs[i].shape, inputs[i].shape + inputs[i].rank);
  llvm::Expected<SmallVector<SmallVector<int64_t>>> shapes =
      unwrap(cascade)->getOutputShapes(inputShapes);
  std::string message;
  if (!shapes)
    message = llvm::toString(shapes.takeError());
  else if (pos < 0 || pos >= static_cast<intptr_t>(shapes->size()))
    message = "no output #" + std::to_string(pos);
  if (!message.empty()) {
    onError(mlirStringRefCreate(message.data(), message.size()), userData);
    return mlirLogicalResultFailure();
  }
  llvm::copy((*shapes)[pos], shape);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult edgeCompiledCascadeCall(EdgeCompiledCascade cascade,
                                          intptr_t numInputs,
                                          const EdgeStridedBuffer *inputs,
                                          intptr_t numOutputs,
                                          const EdgeStridedBuffer *outputs,
                                          MlirStringCallback onError,
                                          void *userData) {
  auto report = [&](const std::string &message) {
    onError(mlirStringRefCreate(message.data(), message.size()), userData);
    return mlirLogicalResultFailure();
  };
  for (intptr_t i = 0; i < numInputs + numOutputs; ++i) {
    const EdgeStridedBuffer &buffer =
        i < numInputs ? inputs[i] : outputs[i - numInputs];
    if (buffer.elementType < EdgeElementTypeF32 ||
        buffer.elementType > EdgeElementTypeBF16)
      return report("buffer #" + std::to_string(i) +
                    " has an unknown element type " +
                    std::to_string(int(buffer.elementType)));
  }
  SmallVector<edge::StridedBuffer> in, out;
  for (intptr_t i = 0; i < numInputs; ++i)
    in.push_back(toStridedBuffer(inputs[i]));
  for (intptr_t i = 0; i < numOutputs; ++i)
    out.push_back(toStridedBuffer(outputs[i]));
  if (llvm::Error error = unwrap(cascade)->call(in, out))
    return report(llvm::toString(std::move(error)));
  return mlirLogicalResultSuccess();
}

double edgeCompiledCascadeGetLastCallMillis(EdgeCompiledCascade cascade) {
  return unwrap(cascade)->getLastCallMillis();
}

MlirLogicalResult edgeInterpret(MlirModule module, MlirStringRef name,
                                intptr_t numInputs,
                                const EdgeDenseTensor *inputs,
                                EdgeInterpreterOutputCallback onOutput,
                                void *userData) {
  Operation *entry = lookupEntry(unwrap(module), unwrap(name));
  if (!entry)
    return mlirLogicalResultFailure();
  std::vector<edge::PresenceTensor> dense;
  for (intptr_t i = 0; i < numInputs; ++i) {
    ArrayRef<int64_t> shape(inputs[i].shape, inputs[i].rank);
    int64_t count = 1;
    for (int64_t size : shape)
      count *= size;
    dense.push_back(edge::PresenceTensor::dense(
        shape, std::vector<double>(inputs[i].data, inputs[i].data + count)));
  }
  FailureOr<std::vector<edge::PresenceTensor>> results =
      isa<edge::CascadeOp>(entry)
          ? edge::interpretCascade(cast<edge::CascadeOp>(entry), dense)
          : edge::interpretFunction(cast<func::FuncOp>(entry), dense);
  if (failed(results))
    return mlirLogicalResultFailure();
  for (const edge::PresenceTensor &t : *results)
    onOutput(t.shape.size(), t.shape.data(), t.values.data(), t.present.data(),
             t.emptyValue, userData);
  return mlirLogicalResultSuccess();
}
