//===- edge-compile.cpp - compile edge cascades ahead of time --------------===//
//
// This file implements edge-compile: it lowers the cascades of a module
// in-process with the edge-lower-to-llvm pipeline, translates them to LLVM IR,
// adds a plain C entry point per cascade (CInterface.h), optimizes at O3 and
// emits an object file for the host CPU (or --target-cpu), a C header that
// declares the entry points, and optionally a shared library.
//
//   edge-compile in.mlir -o attention.o --header attention.h
//                [--shared-lib libattention.so] [--prefix=name_]
//                [--target-cpu=znver3] [--pipeline-options="threads=1 ..."]
//
//===----------------------------------------------------------------------===//

#include "CInterface.h"

#include "edge/Version.h"
#include "edge/Conversion/Passes.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"
#include "edge/Runtime/LLVMPipeline.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

namespace cl = llvm::cl;

static cl::OptionCategory compileCategory("edge-compile options");

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<edge module (.mlir)>"),
                                      cl::Required, cl::cat(compileCategory));
static cl::opt<std::string> outputFile("o", cl::desc("Object file to write"),
                                       cl::value_desc("file.o"),
                                       cl::cat(compileCategory));
static cl::opt<std::string>
    headerFile("header", cl::desc("C header declaring the entry points"),
               cl::value_desc("file.h"), cl::init(""), cl::cat(compileCategory));
static cl::opt<std::string> sharedLib(
    "shared-lib",
    cl::desc("Also link a shared library (runs the system C compiler, cc)"),
    cl::value_desc("file.so"), cl::init(""), cl::cat(compileCategory));
static cl::opt<std::string>
    prefix("prefix",
           cl::desc("Prefix of the C function names (default: the C function "
                    "of cascade @name is `name`)"),
           cl::init(""), cl::cat(compileCategory));
static cl::opt<std::string> targetCpu(
    "target-cpu",
    cl::desc("CPU to compile for (default: the host CPU and its features); "
             "the same as target-cpu in --pipeline-options"),
    cl::init(""), cl::cat(compileCategory));
static cl::opt<std::string> pipelineOptions(
    "pipeline-options",
    cl::desc("Options of edge-lower-to-llvm, e.g. \"threads=1 tile-rows=4\" "
             "(edge-opt --help lists them)"),
    cl::init(""), cl::cat(compileCategory));
static cl::opt<std::string> sizeBindings(
    "dims",
    cl::desc("M=1000,...: compile the cascades with run-time sizes (`?`) "
             "for these sizes (the object then takes static shapes; without "
             "--dims, the C function takes the sizes as parameters)"),
    cl::init(""), cl::cat(compileCategory));
static cl::opt<bool> emitLLVM(
    "emit-llvm",
    cl::desc("Write optimized LLVM IR (text) to -o instead of an object"),
    cl::init(false), cl::cat(compileCategory));
static cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    cl::desc("Check the located diagnostics against expected-* lines"),
    cl::init(false), cl::cat(compileCategory));

/// Reads the C signature of every cascade of `module`; emits a located error
/// (and fails) for interfaces the C wrapper cannot express.
static FailureOr<std::vector<edge::CSignature>>
readSignatures(ModuleOp module) {
  std::vector<edge::CSignature> signatures;
  bool ok = true;
  module.walk([&](edge::CascadeOp cascade) {
    edge::CSignature sig;
    sig.cascade = cascade.getSymName().str();
    sig.cName = prefix + sig.cascade;
    // Run-time sizes become parameters: an input dimension is one, an
    // output dimension must be one too (or static).
    edge::CascadeSizes sizes(cascade);
    for (StringRef name : sizes.getNames())
      sig.sizes.push_back(name.str());
    auto ret =
        cast<edge::ReturnOp>(cascade.getBody().front().getTerminator());
    // One error per cascade: its first tensor the C interface cannot pass.
    bool cascadeOk = true;
    auto addTensors = [&](ArrayRef<Type> types, ArrayAttr names,
                          SmallVector<edge::CTensor> &into, bool isInput) {
      for (auto [i, type] : llvm::enumerate(types)) {
        if (!cascadeOk)
          return;
        auto tensor = dyn_cast<RankedTensorType>(type);
        if (!tensor || !tensor.getElementType().isF32()) {
          InFlightDiagnostic diag = cascade.emitError(
              "edge-compile supports f32 tensors only, got ");
          diag << type;
          ok = cascadeOk = false;
          return;
        }
        edge::CTensor t;
        t.name = i < names.size() ? cast<StringAttr>(names[i]).str()
                                  : "t" + std::to_string(i);
        t.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
        for (unsigned d = 0; d < tensor.getRank(); ++d) {
          std::optional<unsigned> size;
          if (tensor.isDynamicDim(d) && isInput)
            size = sizes.getSymbol({static_cast<unsigned>(i), d});
          else if (tensor.isDynamicDim(d))
            if (auto symbol = dyn_cast_or_null<AffineSymbolExpr>(
                    sizes.getExtent(ret.getOperand(i), d)))
              size = symbol.getPosition();
          if (tensor.isDynamicDim(d) && !size) {
            cascade.emitError("edge-compile: the extent of dimension ")
                << d << " of output " << t.name
                << " is not a run-time size of the inputs (compile it for "
                   "given sizes with --dims)";
            ok = cascadeOk = false;
            return;
          }
          t.sizeOf.push_back(size ? static_cast<int>(*size) : -1);
        }
        into.push_back(std::move(t));
      }
    };
    addTensors(cascade.getArgumentTypes(), cascade.getInputNames(), sig.inputs,
               /*isInput=*/true);
    addTensors(cascade.getResultTypes(), cascade.getOutputNames(), sig.outputs,
               /*isInput=*/false);
    if (cascadeOk && sig.outputs.empty()) {
      cascade.emitError("edge-compile needs a cascade with an output");
      ok = false;
    }
    bool validName = llvm::all_of(sig.cName, [](char c) {
      return llvm::isAlnum(c) || c == '_';
    }) && !llvm::isDigit(sig.cName.front());
    if (!validName) {
      cascade.emitError("C function name '") << sig.cName
                                              << "' is not a C identifier";
      ok = false;
    }
    signatures.push_back(std::move(sig));
  });
  if (!ok)
    return failure();
  if (signatures.empty()) {
    module.emitError("edge-compile: no edge.cascade to compile");
    return failure();
  }
  return signatures;
}

/// A header guard from the header's file name.
static std::string getGuard(StringRef path) {
  std::string guard = "EDGE_COMPILED_";
  for (char c : llvm::sys::path::filename(path))
    guard += llvm::isAlnum(c) ? llvm::toUpper(c) : '_';
  return guard;
}

/// Links `object` into the shared library `path` with the system C compiler.
static LogicalResult linkSharedLib(StringRef object, StringRef path,
                                   StringRef linkFlags) {
  auto cc = llvm::sys::findProgramByName("cc");
  if (!cc) {
    llvm::errs() << "edge-compile: --shared-lib needs a C compiler (cc) on "
                    "PATH\n";
    return failure();
  }
  SmallVector<std::string> args = {*cc, "-shared", "-o", path.str(),
                                   object.str()};
  SmallVector<StringRef> flags;
  linkFlags.split(flags, ' ', -1, false);
  for (StringRef flag : flags)
    args.push_back(flag.str());
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(*cc, argRefs, std::nullopt, {}, 0, 0,
                                     &error);
  if (rc != 0) {
    llvm::errs() << "edge-compile: linking " << path << " failed"
                 << (error.empty() ? "" : ": " + error) << "\n";
    return failure();
  }
  return success();
}

/// The undefined symbols of an object file in memory, sorted.
static FailureOr<SmallVector<std::string>>
getUndefinedSymbols(StringRef object) {
  auto file = llvm::object::ObjectFile::createObjectFile(
      llvm::MemoryBufferRef(object, "object"));
  if (!file) {
    llvm::errs() << "edge-compile: cannot read the generated object: "
                 << llvm::toString(file.takeError()) << "\n";
    return failure();
  }
  SmallVector<std::string> names;
  for (const llvm::object::SymbolRef &symbol : (*file)->symbols()) {
    llvm::Expected<uint32_t> flags = symbol.getFlags();
    llvm::Expected<StringRef> name = symbol.getName();
    if (!flags || !name) {
      llvm::consumeError(flags.takeError());
      llvm::consumeError(name.takeError());
      continue;
    }
    if ((*flags & llvm::object::SymbolRef::SF_Undefined) && !name->empty())
      names.push_back(name->str());
  }
  llvm::sort(names);
  return names;
}

/// Everything after option parsing; returns the exit code.
/// Flushes `os` and reports a failed write (a full disk, /dev/full) as an
/// error naming `path`; clears the stream's error so that its destructor
/// does not end the process with "LLVM ERROR".
static LogicalResult checkWritten(llvm::raw_fd_ostream &os, StringRef path) {
  os.flush();
  if (!os.has_error())
    return success();
  llvm::errs() << "edge-compile: cannot write '" << path
               << "': " << os.error().message() << "\n";
  os.clear_error();
  return failure();
}

/// Replaces every cascade with run-time sizes by its copy for the sizes of
/// --dims (edge::specializeSizes): the C interface then passes static
/// shapes. Without --dims, such a cascade is compiled for any size and its
/// C function takes the sizes first.
static LogicalResult fixSizes(ModuleOp module) {
  if (sizeBindings.empty())
    return success();
  SmallVector<edge::CascadeOp> dynamic;
  module.walk([&](edge::CascadeOp cascade) {
    if (edge::hasDynamicSizes(cascade))
      dynamic.push_back(cascade);
  });
  for (edge::CascadeOp cascade : dynamic) {
    edge::CascadeSizes sizes(cascade);
    std::string error;
    FailureOr<SmallVector<int64_t>> values = edge::parseSizeBindings(
        sizes, sizeBindings, std::nullopt, error);
    if (failed(values))
      return cascade.emitError("edge-compile: ") << error << " (--dims)";
    if (failed(edge::replaceBySpecializedSizes(cascade, *values)))
      return failure();
  }
  return success();
}

static int compile(MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  edge::EdgeLowerToLLVMOptions options;
  if (failed(options.parseFromString(pipelineOptions))) {
    llvm::errs() << "edge-compile: bad --pipeline-options \""
                 << pipelineOptions << "\"\n";
    return 2;
  }
  if (!targetCpu.empty()) {
    if (!options.targetCpu.empty() && options.targetCpu != targetCpu) {
      llvm::errs() << "edge-compile: --target-cpu=" << targetCpu
                   << " and target-cpu=" << options.targetCpu
                   << " in --pipeline-options differ\n";
      return 2;
    }
    options.targetCpu = targetCpu;
  }
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine =
      edge::createTargetMachine(options.targetCpu);
  if (!machine) {
    llvm::errs() << "edge-compile: " << llvm::toString(machine.takeError())
                 << "\n";
    return 2;
  }

  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  if (failed(fixSizes(*module)))
    return 1;
  FailureOr<std::vector<edge::CSignature>> signatures =
      readSignatures(*module);
  if (failed(signatures))
    return 1;

  PassManager pm(&context);
  edge::buildEdgeLowerToLLVMPipeline(pm, options);
  if (failed(pm.run(*module)))
    return 1;

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, inputFile);
  if (!llvmModule) {
    llvm::errs() << "edge-compile: translation to LLVM IR failed\n";
    return 1;
  }
  edge::setTargetAttributes(*llvmModule, **machine);
  if (failed(edge::addCWrappers(*llvmModule, *signatures, llvm::errs())))
    return 1;
  if (llvm::Error error = edge::optimizeModule(*llvmModule, **machine)) {
    llvm::errs() << "edge-compile: optimization failed: "
                 << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  // The IR as optimized, before codegen changes it.
  std::string llvmText;
  if (emitLLVM) {
    llvm::raw_string_ostream textStream(llvmText);
    llvmModule->print(textStream, nullptr);
  }
  // The object is always generated: its undefined symbols (those of the
  // lowered code, and the library calls codegen adds for intrinsics such as
  // llvm.exp) decide the link flags the header documents.
  llvm::SmallString<0> object;
  {
    llvm::raw_svector_ostream objectStream(object);
    llvm::legacy::PassManager codegen;
    if ((*machine)->addPassesToEmitFile(codegen, objectStream, nullptr,
                                     llvm::CodeGenFileType::ObjectFile)) {
      llvm::errs() << "edge-compile: the target cannot emit object files\n";
      return 1;
    }
    codegen.run(*llvmModule);
  }
  FailureOr<SmallVector<std::string>> undefined = getUndefinedSymbols(object);
  if (failed(undefined))
    return 1;

  std::string errorMessage;
  auto output = openOutputFile(outputFile, &errorMessage);
  if (!output) {
    llvm::errs() << "edge-compile: " << errorMessage << "\n";
    return 1;
  }
  if (emitLLVM)
    output->os() << llvmText;
  else
    output->os() << object;
  if (failed(checkWritten(output->os(), outputFile)))
    return 1;
  output->keep();

  if (!headerFile.empty()) {
    auto header = openOutputFile(headerFile, &errorMessage);
    if (!header) {
      llvm::errs() << "edge-compile: " << errorMessage << "\n";
      return 1;
    }
    std::string printedOptions;
    llvm::raw_string_ostream optionsStream(printedOptions);
    options.print(optionsStream);
    edge::writeCHeader(header->os(), getGuard(headerFile),
                       llvm::sys::path::filename(inputFile), *signatures,
                       *undefined, printedOptions);
    if (failed(checkWritten(header->os(), headerFile)))
      return 1;
    header->keep();
  }
  if (!sharedLib.empty()) {
    if (emitLLVM) {
      llvm::errs() << "edge-compile: --shared-lib needs an object, not "
                      "--emit-llvm\n";
      return 2;
    }
    if (failed(linkSharedLib(outputFile, sharedLib,
                             edge::getLinkFlags(*undefined))))
      return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(compileCategory);
  cl::AddExtraVersionPrinter([](llvm::raw_ostream &os) {
    os << "edge version " << EDGE_VERSION_STRING << "\n";
  });
  cl::ParseCommandLineOptions(
      argc, argv,
      "edge-compile: compile edge cascades to an object file and a C header\n");
  if (outputFile.empty()) {
    llvm::errs() << "edge-compile: no output file (-o)\n";
    return 2;
  }
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  // The input's dialects; the pipeline's passes load the ones they create
  // (their dependent dialects), and the lowering's interfaces attach to them
  // as they load.
  DialectRegistry registry;
  registry.insert<edge::EdgeDialect, func::FuncDialect>();
  edge::registerEdgeLoweringInterfaces(registry);
  // Every dialect's translation: the pipeline may leave OpenMP (threads)
  // or other dialects' LLVM-level ops.
  registerAllToLLVMIRTranslations(registry);
  MLIRContext context(registry);
  // Located errors name the op by its location; the whole op is noise.
  context.printOpOnDiagnostic(false);

  std::string errorMessage;
  auto file = openInputFile(inputFile, &errorMessage);
  if (!file) {
    llvm::errs() << "edge-compile: " << errorMessage << "\n";
    return 2;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  if (verifyDiagnostics) {
    SourceMgrDiagnosticVerifierHandler handler(sourceMgr, &context);
    compile(context, sourceMgr);
    return failed(handler.verify()) ? 1 : 0;
  }
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  return compile(context, sourceMgr);
}
