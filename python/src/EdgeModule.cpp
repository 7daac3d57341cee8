//===- EdgeModule.cpp - the edge._edge Python extension --------------------===//
//
// The native part of the `edge` Python package, with nanobind, on the C API
// (include/edge-c): contexts that collect diagnostics, modules parsed from
// text, pass pipelines, the analysis, compiled cascades called on numpy
// arrays, and the reference interpreter. A failing operation raises
// edge.EdgeError with the located diagnostics it produced (docs/Python.md).
//
//===----------------------------------------------------------------------===//

#include "edge-c/Edge.h"
#include "edge-c/Runtime.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace nb = nanobind;
using namespace nb::literals;

namespace {

void appendToString(MlirStringRef text, void *userData) {
  static_cast<std::string *>(userData)->append(text.data, text.length);
}

MlirStringRef toStringRef(const std::string &s) {
  return mlirStringRefCreate(s.data(), s.size());
}

/// One diagnostic: where (file, line and column when the location has
/// them) and what.
struct Diagnostic {
  std::string severity, file, message;
  int64_t line = 0, column = 0;
  /// The printed location when it names no file position.
  std::string location;
};

/// The first file position in `loc`, looking through names, call sites (the
/// callee) and fused locations.
bool findFilePosition(MlirLocation loc, Diagnostic &d) {
  if (mlirLocationIsAFileLineColRange(loc)) {
    MlirStringRef file = mlirIdentifierStr(
        mlirLocationFileLineColRangeGetFilename(loc));
    d.file.assign(file.data, file.length);
    d.line = mlirLocationFileLineColRangeGetStartLine(loc);
    d.column = mlirLocationFileLineColRangeGetStartColumn(loc);
    return true;
  }
  if (mlirLocationIsAName(loc))
    return findFilePosition(mlirLocationNameGetChildLoc(loc), d);
  if (mlirLocationIsACallSite(loc))
    return findFilePosition(mlirLocationCallSiteGetCallee(loc), d);
  if (mlirLocationIsAFused(loc)) {
    std::vector<MlirLocation> locs(mlirLocationFusedGetNumLocations(loc));
    mlirLocationFusedGetLocations(loc, locs.data());
    for (MlirLocation inner : locs)
      if (findFilePosition(inner, d))
        return true;
  }
  return false;
}

const char *severityName(MlirDiagnosticSeverity severity) {
  switch (severity) {
  case MlirDiagnosticError:
    return "error";
  case MlirDiagnosticWarning:
    return "warning";
  case MlirDiagnosticNote:
    return "note";
  case MlirDiagnosticRemark:
    return "remark";
  }
  return "error";
}

Diagnostic toDiagnostic(MlirDiagnostic diagnostic) {
  Diagnostic d;
  d.severity = severityName(mlirDiagnosticGetSeverity(diagnostic));
  mlirDiagnosticPrint(diagnostic, appendToString, &d.message);
  MlirLocation loc = mlirDiagnosticGetLocation(diagnostic);
  if (!findFilePosition(loc, d))
    mlirLocationPrint(loc, appendToString, &d.location);
  return d;
}

/// Thrown when an operation fails; becomes edge.EdgeError.
struct DiagnosticError {
  std::vector<Diagnostic> diagnostics;
};

/// An MLIR context with edge's dialects that records the diagnostics of the
/// operation running in it.
class Context {
public:
  Context() {
    MlirDialectRegistry registry = mlirDialectRegistryCreate();
    edgeRegisterAllDialects(registry);
    // Without threads the diagnostics of a pipeline come in program order.
    context = mlirContextCreateWithRegistry(registry, /*threadingEnabled=*/false);
    mlirDialectRegistryDestroy(registry);
    mlirContextAttachDiagnosticHandler(context, &Context::record, this,
                                       /*deleteUserData=*/nullptr);
  }
  ~Context() { mlirContextDestroy(context); }
  Context(const Context &) = delete;
  Context &operator=(const Context &) = delete;

  MlirContext get() const { return context; }

  /// Runs `run`, which reports failure with `false` (its errors went to the
  /// diagnostics), and raises them.
  template <typename Run> void check(Run run) {
    diagnostics.clear();
    bool ok = run();
    std::vector<Diagnostic> reported = std::move(diagnostics);
    diagnostics.clear();
    if (!ok) {
      if (reported.empty())
        reported.push_back({"error", "", "the operation failed", 0, 0, ""});
      throw DiagnosticError{std::move(reported)};
    }
  }

private:
  static MlirLogicalResult record(MlirDiagnostic diagnostic, void *userData) {
    auto *self = static_cast<Context *>(userData);
    self->diagnostics.push_back(toDiagnostic(diagnostic));
    for (intptr_t i = 0, e = mlirDiagnosticGetNumNotes(diagnostic); i < e; ++i)
      self->diagnostics.push_back(
          toDiagnostic(mlirDiagnosticGetNote(diagnostic, i)));
    return mlirLogicalResultSuccess();
  }

  MlirContext context;
  std::vector<Diagnostic> diagnostics;
};

using ContextRef = std::shared_ptr<Context>;

/// The shape of a tensor type, -1 for a run-time extent (`?`).
std::vector<int64_t> shapeOf(MlirType type) {
  std::vector<int64_t> shape;
  for (int64_t i = 0, e = mlirShapedTypeGetRank(type); i < e; ++i)
    shape.push_back(mlirShapedTypeIsDynamicDim(type, i)
                        ? -1
                        : mlirShapedTypeGetDimSize(type, i));
  return shape;
}

/// How a compiled input is passed from numpy: the runtime's element type
/// and the numpy dtype that holds it without conversion (numpy has no
/// bfloat16: bf16 inputs are their 16-bit patterns in uint16 arrays).
struct InputKind {
  EdgeElementType elementType;
  nb::dlpack::dtype dtype;
  const char *dtypeName;
};

InputKind getInputKind(EdgeElementType elementType) {
  switch (elementType) {
  case EdgeElementTypeI1:
    return {elementType, nb::dtype<bool>(), "bool"};
  case EdgeElementTypeF16:
    return {elementType, {uint8_t(nb::dlpack::dtype_code::Float), 16, 1},
            "float16"};
  case EdgeElementTypeBF16:
    return {elementType, nb::dtype<uint16_t>(),
            "uint16 (bfloat16 bit patterns)"};
  case EdgeElementTypeF32:
    break;
  }
  return {EdgeElementTypeF32, nb::dtype<float>(), "float32"};
}

using AnyArray = nb::ndarray<nb::device::cpu>;
using Float32Array = nb::ndarray<nb::numpy, float>;
using Float64Array = nb::ndarray<nb::numpy, double>;

/// A new numpy array of `shape` that owns `data` (allocated with new[]).
template <typename T, typename Array>
Array ownedArray(T *data, const std::vector<int64_t> &shape) {
  nb::capsule owner(data, [](void *p) noexcept { delete[] static_cast<T *>(p); });
  std::vector<size_t> sizes(shape.begin(), shape.end());
  return Array(data, sizes.size(), sizes.data(), owner);
}

/// A cascade compiled once; calls take numpy arrays of the inputs' element
/// types (float32, bool masks, float16, bfloat16 as uint16) and return float32.
class CompiledCascade {
public:
  CompiledCascade(ContextRef context, EdgeCompiledCascade compiled)
      : context(std::move(context)), compiled(compiled) {
    for (intptr_t i = 0, e = edgeCompiledCascadeGetNumInputs(compiled); i < e;
         ++i)
    {
      inputShapes.push_back(
          shapeOf(edgeCompiledCascadeGetInputType(compiled, i)));
      inputKinds.push_back(
          getInputKind(edgeCompiledCascadeGetInputElementType(compiled, i)));
    }
    for (intptr_t i = 0, e = edgeCompiledCascadeGetNumOutputs(compiled); i < e;
         ++i)
      outputShapes.push_back(
          shapeOf(edgeCompiledCascadeGetOutputType(compiled, i)));
  }
  ~CompiledCascade() { edgeCompiledCascadeDestroy(compiled); }
  CompiledCascade(const CompiledCascade &) = delete;
  CompiledCascade &operator=(const CompiledCascade &) = delete;

  /// Calls the cascade on `args` and returns its outputs as a tuple: new
  /// arrays, or the arrays of `out` filled in place.
  nb::tuple call(nb::args args, nb::object out) {
    std::vector<AnyArray> inputs, outputs;
    // Inputs past the compiled count are passed as float32; the runtime
    // reports the count.
    InputKind float32 = getInputKind(EdgeElementTypeF32);
    std::vector<EdgeElementType> inputTypes;
    for (size_t i = 0; i < args.size(); ++i) {
      const InputKind &kind =
          i < inputKinds.size() ? inputKinds[i] : float32;
      inputs.push_back(toArray(args[i], kind, "input #" + std::to_string(i)));
      inputTypes.push_back(kind.elementType);
    }
    std::vector<nb::object> results;
    if (!out.is_none()) {
      nb::sequence seq = nb::cast<nb::sequence>(out);
      for (size_t i = 0, e = nb::len(seq); i < e; ++i) {
        nb::object array = seq[i];
        if (!nb::cast<bool>(array.attr("flags").attr("writeable")))
          throw nb::value_error(
              ("output #" + std::to_string(i) + " is read-only").c_str());
        outputs.push_back(
            toArray(array, float32, "output #" + std::to_string(i)));
        results.push_back(array);
      }
    } else {
      // The outputs' shapes follow from the inputs' (run-time sizes).
      std::vector<std::vector<int64_t>> inShapes(inputs.size());
      std::vector<EdgeStridedBuffer> inViews;
      for (size_t i = 0; i < inputs.size(); ++i) {
        for (size_t d = 0; d < inputs[i].ndim(); ++d)
          inShapes[i].push_back(inputs[i].shape(d));
        inViews.push_back(EdgeStridedBuffer{
            nullptr, static_cast<intptr_t>(inShapes[i].size()),
            inShapes[i].data(), nullptr, inputTypes[i]});
      }
      for (size_t j = 0; j < outputShapes.size(); ++j) {
        std::vector<int64_t> shape(outputShapes[j].size());
        std::string error;
        if (mlirLogicalResultIsFailure(edgeCompiledCascadeGetOutputShape(
                compiled, inViews.size(), inViews.data(), j, shape.data(),
                appendToString, &error)))
          throw nb::value_error(error.c_str());
        int64_t count = 1;
        for (int64_t s : shape)
          count *= s;
        Float32Array array = ownedArray<float, Float32Array>(
            new float[count > 0 ? count : 1], shape);
        outputs.push_back(nb::cast<AnyArray>(nb::cast(array)));
        results.push_back(nb::cast(array));
      }
    }
    // Descriptors of the callers' buffers, zero-copy: the runtime reads and
    // writes them through their strides.
    std::vector<const AnyArray *> all;
    for (const AnyArray &a : inputs)
      all.push_back(&a);
    for (const AnyArray &a : outputs)
      all.push_back(&a);
    std::vector<std::vector<int64_t>> shapes(all.size()), strides(all.size());
    std::vector<EdgeStridedBuffer> in, outBuffers;
    for (size_t i = 0; i < all.size(); ++i) {
      for (size_t d = 0; d < all[i]->ndim(); ++d) {
        shapes[i].push_back(all[i]->shape(d));
        strides[i].push_back(all[i]->stride(d));
      }
      EdgeStridedBuffer buffer{
          all[i]->data(), static_cast<intptr_t>(all[i]->ndim()),
          shapes[i].data(), strides[i].data(),
          i < inputs.size() ? inputTypes[i] : EdgeElementTypeF32};
      (i < inputs.size() ? in : outBuffers).push_back(buffer);
    }
    std::string error;
    MlirLogicalResult result;
    {
      nb::gil_scoped_release release;
      result = edgeCompiledCascadeCall(compiled, in.size(), in.data(),
                                       outBuffers.size(), outBuffers.data(),
                                       appendToString, &error);
    }
    if (mlirLogicalResultIsFailure(result))
      throw nb::value_error(error.c_str());
    nb::list list;
    for (nb::object &r : results)
      list.append(r);
    return nb::tuple(list);
  }

  double lastCallMillis() const {
    return edgeCompiledCascadeGetLastCallMillis(compiled);
  }

  std::vector<std::vector<int64_t>> inputShapes, outputShapes;

private:
  /// `object` as an array on the CPU of `kind`'s dtype; any other dtype is
  /// a TypeError (no silent conversion: the call is zero-copy).
  static AnyArray toArray(nb::handle object, const InputKind &kind,
                          const std::string &what) {
    AnyArray array;
    if (!nb::try_cast(object, array))
      throw nb::type_error((what + " is not an array on the CPU").c_str());
    if (array.dtype() != kind.dtype) {
      std::string dtype =
          nb::cast<std::string>(object.attr("dtype").attr("name"));
      throw nb::type_error((what + " has dtype " + dtype + ", expected " +
                            kind.dtypeName)
                               .c_str());
    }
    return array;
  }

  std::vector<InputKind> inputKinds;

  ContextRef context;
  EdgeCompiledCascade compiled;
};

/// A module of a context.
class Module {
public:
  Module(ContextRef context, MlirModule module)
      : context(std::move(context)), module(module) {}
  ~Module() { mlirModuleDestroy(module); }
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;

  static std::shared_ptr<Module> parse(ContextRef context,
                                       const std::string &text,
                                       const std::string &filename) {
    MlirModule module{nullptr};
    context->check([&] {
      module = edgeParseModule(context->get(), toStringRef(text),
                               toStringRef(filename));
      return !mlirModuleIsNull(module);
    });
    return std::make_shared<Module>(context, module);
  }

  std::string str() const {
    std::string text;
    mlirOperationPrint(mlirModuleGetOperation(module), appendToString, &text);
    return text;
  }

  std::shared_ptr<Module> copy() const {
    MlirOperation clone = mlirOperationClone(mlirModuleGetOperation(module));
    return std::make_shared<Module>(context, mlirModuleFromOperation(clone));
  }

  void runPipeline(const std::string &pipeline) {
    context->check([&] {
      return mlirLogicalResultIsSuccess(
          edgeRunPassPipeline(module, toStringRef(pipeline)));
    });
  }

  nb::object analyze(int64_t onChipBytes) {
    std::string json;
    context->check([&] {
      return mlirLogicalResultIsSuccess(
          edgeAnalyzeToJson(module, onChipBytes, appendToString, &json));
    });
    return nb::module_::import_("json").attr("loads")(json);
  }

  std::shared_ptr<CompiledCascade> compile(const std::string &name,
                                           const std::string &lowering) {
    EdgeCompiledCascade compiled{nullptr};
    context->check([&] {
      compiled = edgeCompiledCascadeCreate(module, toStringRef(name),
                                           toStringRef(lowering));
      return !edgeCompiledCascadeIsNull(compiled);
    });
    return std::make_shared<CompiledCascade>(context, compiled);
  }

  nb::tuple interpret(nb::args args, const std::string &name,
                      bool withPresence) {
    // The interpreter works in double precision on row-major data.
    nb::object asContiguous =
        nb::module_::import_("numpy").attr("ascontiguousarray");
    std::vector<nb::ndarray<const double, nb::c_contig, nb::device::cpu>> arrays;
    std::vector<std::vector<int64_t>> shapes;
    std::vector<EdgeDenseTensor> inputs;
    for (size_t i = 0; i < args.size(); ++i) {
      nb::object converted = asContiguous(args[i], "dtype"_a = "float64");
      arrays.push_back(nb::cast<nb::ndarray<const double, nb::c_contig,
                                            nb::device::cpu>>(converted));
      shapes.emplace_back();
      for (size_t d = 0; d < arrays.back().ndim(); ++d)
        shapes.back().push_back(arrays.back().shape(d));
    }
    for (size_t i = 0; i < arrays.size(); ++i)
      inputs.push_back({arrays[i].data(),
                        static_cast<intptr_t>(arrays[i].ndim()),
                        shapes[i].data()});
    struct Collected {
      std::vector<std::vector<int64_t>> shapes;
      std::vector<std::vector<double>> values;
      std::vector<std::vector<uint8_t>> present;
    } collected;
    auto onOutput = [](intptr_t rank, const int64_t *shape,
                       const double *values, const uint8_t *present,
                       double emptyValue, void *userData) {
      (void)emptyValue;
      auto *c = static_cast<Collected *>(userData);
      c->shapes.emplace_back(shape, shape + rank);
      int64_t count = 1;
      for (intptr_t d = 0; d < rank; ++d)
        count *= shape[d];
      c->values.emplace_back(values, values + count);
      c->present.emplace_back(present, present + count);
    };
    context->check([&] {
      return mlirLogicalResultIsSuccess(
          edgeInterpret(module, toStringRef(name), inputs.size(),
                        inputs.data(), onOutput, &collected));
    });
    nb::list results;
    for (size_t i = 0; i < collected.shapes.size(); ++i) {
      size_t count = collected.values[i].size();
      double *values = new double[count ? count : 1];
      std::memcpy(values, collected.values[i].data(), count * sizeof(double));
      nb::object array =
          nb::cast(ownedArray<double, Float64Array>(values, collected.shapes[i]));
      if (!withPresence) {
        results.append(array);
        continue;
      }
      bool *present = new bool[count ? count : 1];
      for (size_t k = 0; k < count; ++k)
        present[k] = collected.present[i][k] != 0;
      nb::object mask = nb::cast(ownedArray<bool, nb::ndarray<nb::numpy, bool>>(
          present, collected.shapes[i]));
      results.append(nb::make_tuple(array, mask));
    }
    return nb::tuple(results);
  }

private:
  ContextRef context;
  MlirModule module;
};

} // namespace

NB_MODULE(_edge, m) {
  m.doc() = "Native part of the edge package (see edge/__init__.py).";
  m.def("version", [] {
    MlirStringRef v = edgeGetVersion();
    return std::string(v.data, v.length);
  });

  nb::register_exception_translator([](const std::exception_ptr &p, void *) {
    try {
      std::rethrow_exception(p);
    } catch (const DiagnosticError &e) {
      nb::object errors = nb::module_::import_("edge._errors");
      nb::object diagnosticType = errors.attr("Diagnostic");
      nb::list diagnostics;
      for (const Diagnostic &d : e.diagnostics)
        diagnostics.append(diagnosticType(d.severity, d.message,
                                          d.file.empty() ? nb::none() : nb::cast(d.file),
                                          d.line, d.column, d.location));
      nb::object error = errors.attr("EdgeError")(diagnostics);
      PyErr_SetObject(errors.attr("EdgeError").ptr(), error.ptr());
    }
  });

  nb::class_<Context>(m, "Context",
                      "An MLIR context with edge's dialects; modules and "
                      "compiled cascades keep theirs alive.")
      .def(nb::init<>());

  nb::class_<Module>(m, "Module", "An MLIR module (builtin.module).")
      .def_static("parse", &Module::parse, "context"_a, "text"_a,
                  "filename"_a = "<string>",
                  "Parses `text`; locations name `filename`.")
      .def("__str__", &Module::str)
      .def("copy", &Module::copy, "An independent copy of the module.")
      .def("run_pipeline", &Module::runPipeline, "pipeline"_a,
           "Runs a pass pipeline (e.g. \"fusemax-1pass\") in place.")
      .def("analyze", &Module::analyze, "on_chip_bytes"_a = int64_t(1) << 20,
           "The cost model of edge-analyze as a dict: {'cascades': [...]}.")
      .def("compile", &Module::compile, "name"_a = "", "lowering"_a = "",
           "Compiles the cascade or function `name` (default: the first "
           "cascade) with edge-lower-to-llvm{<lowering>}; the module is "
           "unchanged.")
      .def("interpret", &Module::interpret, "inputs"_a, "name"_a = "",
           "with_presence"_a = false,
           "Runs the reference interpreter (float64) on the inputs.");

  nb::class_<CompiledCascade>(m, "CompiledCascade",
                              "A cascade compiled once, callable on numpy "
                              "arrays (float32; bool for i1 masks; float16; "
                              "uint16 bit patterns for bfloat16).")
      .def("__call__", &CompiledCascade::call, "inputs"_a,
           "out"_a = nb::none(),
           "Calls the cascade; returns a tuple of outputs (new arrays, or "
           "the arrays of `out` written in place).")
      .def_ro("input_shapes", &CompiledCascade::inputShapes)
      .def_ro("output_shapes", &CompiledCascade::outputShapes)
      .def_prop_ro("last_call_ms", &CompiledCascade::lastCallMillis,
                   "The time of the last call in the compiled code alone.");
}
