//===- TargetDescription.cpp - host and named CPU descriptions -------------===//
//
// This file implements the target description: LLVM's host CPU queries for
// the name and features, the MC layer for a named CPU's features, and the
// OS's cache description (Linux sysfs) for cache sizes.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/TargetDescription.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

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
  setVectorFacts(target, [&](llvm::StringRef name) {
    return subtarget->checkFeatures(("+" + name).str());
  });
  setMemoryFacts(target);
  return target;
}

std::string TargetDescription::summary() const {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "cpu=" << cpu << " vector-bits=" << vectorBits
     << " vector-registers=" << vectorRegisters << " fma=" << hasFMA
     << " l1=" << l1Bytes << " l2=" << l2Bytes << " l3=" << l3Bytes
     << " cores=" << cores;
  return text;
}
