//===- TargetDescription.cpp - host and named CPU descriptions -------------===//
//
// This file implements the target description: LLVM's host CPU queries for
// the name and features, the MC layer for a named CPU's features, and the
// OS's cache description (Linux sysfs) for cache sizes.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/TargetDescription.h"

#include "mlir/IR/Operation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <cmath>
#include <memory>
#include <optional>

using namespace edge;

namespace {
/// One data cache of the host, as sysfs describes it.
struct CacheInfo {
  unsigned level = 0;
  int64_t bytes = 0;
};
} // namespace

/// Reads cache `index` of CPU 0 from sysfs ("48K", "32768K"); nullopt when
/// there is no such cache or it holds instructions only.
static std::optional<CacheInfo> readDataCache(unsigned index) {
  std::string dir =
      "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index) + "/";
  auto read = [&](llvm::StringRef file) -> std::string {
    auto buffer = llvm::MemoryBuffer::getFile(dir + file.str(),
                                              /*IsText=*/true);
    if (!buffer)
      return "";
    return (*buffer)->getBuffer().trim().str();
  };
  std::string type = read("type");
  if (type != "Data" && type != "Unified")
    return std::nullopt;
  std::string sizeText = read("size");
  llvm::StringRef size = sizeText;
  int64_t scale = 1;
  if (size.consume_back("K"))
    scale = 1024;
  else if (size.consume_back("M"))
    scale = 1024 * 1024;
  CacheInfo info;
  if (size.getAsInteger(10, info.bytes) ||
      llvm::StringRef(read("level")).getAsInteger(10, info.level))
    return std::nullopt;
  info.bytes *= scale;
  return info;
}

/// Fills the vector facts from a feature predicate.
static void setVectorFacts(TargetDescription &target,
                           llvm::function_ref<bool(llvm::StringRef)> has) {
  target.hasFMA = has("fma") || has("neon");
  if (has("avx512f")) {
    target.vectorBits = 512;
    target.vectorRegisters = 32;
  } else if (has("avx")) {
    target.vectorBits = 256;
    target.vectorRegisters = 16;
  } else if (has("neon") || has("sve")) {
    target.vectorBits = 128;
    target.vectorRegisters = 32;
  } else {
    target.vectorBits = 128; // SSE2 is the x86-64 baseline
    target.vectorRegisters = 16;
  }
}

/// Host cache sizes and cores.
static void setMemoryFacts(TargetDescription &target) {
  // Caches the OS does not describe keep the defaults.
  for (unsigned index = 0; index < 8; ++index) {
    std::optional<CacheInfo> cache = readDataCache(index);
    if (!cache)
      continue;
    if (cache->level == 1)
      target.l1Bytes = cache->bytes;
    else if (cache->level == 2)
      target.l2Bytes = cache->bytes;
    else if (cache->level == 3)
      target.l3Bytes = cache->bytes;
  }
  target.cores =
      std::max(1u, llvm::hardware_concurrency().compute_thread_count());
}

TargetDescription TargetDescription::host() {
  TargetDescription target;
  target.cpu = llvm::sys::getHostCPUName().str();
  llvm::StringMap<bool> hostFeatures = llvm::sys::getHostCPUFeatures();
  llvm::SmallVector<std::string> enabled;
  for (const auto &feature : hostFeatures)
    if (feature.getValue())
      enabled.push_back("+" + feature.getKey().str());
  llvm::sort(enabled);
  target.features = llvm::join(enabled, ",");
  setVectorFacts(target, [&](llvm::StringRef name) {
    auto it = hostFeatures.find(name);
    return it != hostFeatures.end() && it->getValue();
  });
  setMemoryFacts(target);
  target.setDefaultSpeeds();
  return target;
}

mlir::FailureOr<TargetDescription> TargetDescription::forCpu(llvm::StringRef cpu,
                                                       std::string &error) {
  if (cpu.empty() || cpu == "host" || cpu == llvm::sys::getHostCPUName())
    return host();
  llvm::InitializeNativeTarget();
  llvm::Triple triple(llvm::sys::getProcessTriple());
  std::string lookupError;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, lookupError);
  if (!llvmTarget) {
    error = lookupError;
    return mlir::failure();
  }
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      llvmTarget->createMCSubtargetInfo(triple, cpu, ""));
  if (!subtarget || !subtarget->isCPUStringValid(cpu)) {
    error = ("unknown CPU '" + cpu + "' for " + triple.str()).str();
    return mlir::failure();
  }
  TargetDescription target;
  target.cpu = cpu.str();
  // Only features the target defines can be asked for (checkFeatures aborts
  // on a name it does not know, e.g. "neon" on x86).
  setVectorFacts(target, [&](llvm::StringRef name) {
    for (const llvm::SubtargetFeatureKV &feature :
         subtarget->getAllProcessorFeatures())
      if (name == feature.Key)
        return subtarget->getFeatureBits().test(feature.Value);
    return false;
  });
  setMemoryFacts(target);
  target.setDefaultSpeeds();
  return target;
}

mlir::FailureOr<TargetDescription>
TargetDescription::forCpuOrEmitError(llvm::StringRef cpu,
                                     mlir::Operation *anchor,
                                     llvm::StringRef passName) {
  std::string error;
  mlir::FailureOr<TargetDescription> target = forCpu(cpu, error);
  if (failed(target))
    anchor->emitError() << passName << ": " << error;
  return target;
}

//===----------------------------------------------------------------------===//
// Speeds and the JSON target file
//===----------------------------------------------------------------------===//

void TargetDescription::setDefaultSpeeds() {
  constexpr double kHz = 3e9, kPipes = 2, kExpCycles = 20;
  double lanes = this->lanes(32);
  peakFlopsPerCore = lanes * kPipes * (hasFMA ? 2 : 1) * kHz;
  expsPerCore = lanes * kHz / kExpCycles;
  l1BytesPerSecond = 64 * kHz;
  l2BytesPerSecond = 32 * kHz;
  l3BytesPerSecond = 16 * kHz;
  dramBytesPerSecond = 20e9;
  freshBytesPerSecond = 4e9;
  speedSource = "default";
  setDefaultCodeSpeeds();
}

void TargetDescription::setDefaultCodeSpeeds() {
  contractionFlopsPerSecond = peakFlopsPerCore / 2;
  streamedContractionFlopsPerSecond = peakFlopsPerCore / 5;
  elementwiseFlopsPerSecond = peakFlopsPerCore / 2;
  guardedFlopsPerSecond = peakFlopsPerCore / 2 / lanes(32);
  maskedFlopsPerSecond = peakFlopsPerCore / 2 / lanes(32);
}

namespace {
/// One number of the target file: its key, the field, and whether it is a
/// count (written as an integer) rather than a speed.
struct NumberField {
  const char *key;
  double TargetDescription::*real = nullptr;
  int64_t TargetDescription::*bytes = nullptr;
  unsigned TargetDescription::*count = nullptr;
};
} // namespace

/// The numbers of the target file, in the order they are written.
static llvm::ArrayRef<NumberField> numberFields() {
  static const NumberField fields[] = {
      {"vector_bits", nullptr, nullptr, &TargetDescription::vectorBits},
      {"vector_registers", nullptr, nullptr,
       &TargetDescription::vectorRegisters},
      {"cores", nullptr, nullptr, &TargetDescription::cores},
      {"l1_bytes", nullptr, &TargetDescription::l1Bytes},
      {"l2_bytes", nullptr, &TargetDescription::l2Bytes},
      {"l3_bytes", nullptr, &TargetDescription::l3Bytes},
      {"peak_flops_per_core", &TargetDescription::peakFlopsPerCore},
      {"exps_per_core", &TargetDescription::expsPerCore},
      {"l1_bytes_per_second", &TargetDescription::l1BytesPerSecond},
      {"l2_bytes_per_second", &TargetDescription::l2BytesPerSecond},
      {"l3_bytes_per_second", &TargetDescription::l3BytesPerSecond},
      {"dram_bytes_per_second", &TargetDescription::dramBytesPerSecond},
      {"fresh_bytes_per_second", &TargetDescription::freshBytesPerSecond},
      {"contraction_flops_per_second",
       &TargetDescription::contractionFlopsPerSecond},
      {"streamed_contraction_flops_per_second",
       &TargetDescription::streamedContractionFlopsPerSecond},
      {"elementwise_flops_per_second",
       &TargetDescription::elementwiseFlopsPerSecond},
      {"guarded_flops_per_second", &TargetDescription::guardedFlopsPerSecond},
      {"masked_flops_per_second", &TargetDescription::maskedFlopsPerSecond},
  };
  return fields;
}

llvm::json::Value TargetDescription::toJson() const {
  llvm::json::Object object{{"cpu", cpu},
                            {"features", features},
                            {"fma", hasFMA},
                            {"speed_source", speedSource}};
  for (const NumberField &field : numberFields()) {
    if (field.real)
      object[field.key] = this->*field.real;
    else if (field.bytes)
      object[field.key] = this->*field.bytes;
    else
      object[field.key] = int64_t(this->*field.count);
  }
  return llvm::json::Object{{"target", std::move(object)}};
}

mlir::LogicalResult TargetDescription::applyJson(const llvm::json::Value &json,
                                                 std::string &error) {
  auto fail = [&](llvm::StringRef path, llvm::StringRef message) {
    error = (path + ": " + message).str();
    return mlir::failure();
  };
  const llvm::json::Object *root = json.getAsObject();
  if (!root)
    return fail("(top level)", "expected an object {\"target\": {...}}");
  for (const auto &entry : *root)
    if (entry.first != "target")
      return fail(entry.first.str(), "unknown key (expected 'target')");
  const llvm::json::Value *targetValue = root->get("target");
  const llvm::json::Object *object =
      targetValue ? targetValue->getAsObject() : nullptr;
  if (!object)
    return fail("target", "expected an object");
  // A file that sets the peak (or the vector width) but no code speed gets
  // the code speeds that follow from them, not the host's.
  bool derivesCodeSpeeds =
      llvm::none_of(*object, [](const auto &entry) {
        return llvm::StringRef(entry.first).ends_with("_flops_per_second");
      }) &&
      (object->get("peak_flops_per_core") || object->get("vector_bits"));
  for (const auto &[keyRef, value] : *object) {
    std::string key = keyRef.str();
    std::string path = "target." + key;
    if (key == "cpu" || key == "features" || key == "speed_source") {
      std::optional<llvm::StringRef> text = value.getAsString();
      if (!text)
        return fail(path, "expected a string");
      (key == "cpu" ? cpu : key == "features" ? features : speedSource) =
          text->str();
      continue;
    }
    if (key == "fma") {
      std::optional<bool> flag = value.getAsBoolean();
      if (!flag)
        return fail(path, "expected true or false");
      hasFMA = *flag;
      continue;
    }
    const NumberField *field = llvm::find_if(
        numberFields(), [&](const NumberField &f) { return key == f.key; });
    if (field == numberFields().end())
      return fail(path, "unknown key");
    std::optional<double> number = value.getAsNumber();
    if (!number)
      return fail(path, "expected a number");
    std::string text;
    llvm::raw_string_ostream(text) << llvm::format("%g", *number);
    if (!(*number > 0) || !std::isfinite(*number))
      return fail(path, "expected a positive number, got " + text);
    if (field->real) {
      this->*field->real = *number;
      continue;
    }
    std::optional<int64_t> integer = value.getAsInteger();
    if (!integer || (field->count && *integer > int64_t(1) << 30))
      return fail(path, "expected a positive integer in range");
    if (field->bytes)
      this->*field->bytes = *integer;
    else
      this->*field->count = unsigned(*integer);
  }
  if (derivesCodeSpeeds)
    setDefaultCodeSpeeds();
  return mlir::success();
}

mlir::FailureOr<TargetDescription>
TargetDescription::readJson(llvm::StringRef path, std::string &error) {
  auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!buffer) {
    error = (path + ": cannot read: " + buffer.getError().message()).str();
    return mlir::failure();
  }
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json) {
    // json::ParseError prints "[line:col, byte=N]: message".
    std::string message = llvm::toString(json.takeError());
    llvm::StringRef rest = message;
    unsigned line = 0, column = 0;
    if (rest.consume_front("[") && !rest.consumeInteger(10, line) &&
        rest.consume_front(":") && !rest.consumeInteger(10, column)) {
      rest = rest.substr(rest.find("]: ") + 3);
      error = llvm::formatv("{0}:{1}:{2}: {3}", path, line, column, rest).str();
    } else {
      error = (path + ": " + message).str();
    }
    return mlir::failure();
  }
  TargetDescription target = host();
  std::string fieldError;
  if (failed(target.applyJson(*json, fieldError))) {
    error = (path + ": " + fieldError).str();
    return mlir::failure();
  }
  return target;
}

mlir::FailureOr<TargetDescription>
TargetDescription::readJsonOrEmitError(llvm::StringRef path,
                                       mlir::Operation *anchor,
                                       llvm::StringRef passName) {
  if (path.empty() || path == "host")
    return host();
  std::string error;
  mlir::FailureOr<TargetDescription> target = readJson(path, error);
  if (failed(target))
    anchor->emitError() << passName << ": " << error;
  return target;
}

mlir::LogicalResult TargetDescription::writeJson(llvm::StringRef path,
                                                 std::string &error) const {
  std::error_code ec;
  llvm::ToolOutputFile file(path, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    error = (path + ": " + ec.message()).str();
    return mlir::failure();
  }
  file.os() << llvm::formatv("{0:2}", toJson()) << "\n";
  file.os().flush();
  if (file.os().has_error()) {
    error = (path + ": " + file.os().error().message()).str();
    file.os().clear_error();
    return mlir::failure();
  }
  file.keep();
  return mlir::success();
}
