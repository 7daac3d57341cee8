//===- LLVMPipeline.cpp - the LLVM half of edge's compile path -------------===//
//
// This file implements the target machine, target attributes and O3
// pipeline that edge-compile and the execution library share.
//
//===----------------------------------------------------------------------===//

#include "edge/Runtime/LLVMPipeline.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

Expected<std::unique_ptr<TargetMachine>> edge::createTargetMachine(StringRef cpu) {
  Triple triple(sys::getProcessTriple());
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return createStringError(inconvertibleErrorCode(), error);
  std::string cpuName, features;
  if (cpu.empty()) {
    cpuName = sys::getHostCPUName().str();
    SubtargetFeatures featureSet;
    for (auto &feature : sys::getHostCPUFeatures())
      featureSet.AddFeature(feature.first(), feature.second);
    features = featureSet.getString();
  } else {
    cpuName = cpu.str();
    std::unique_ptr<MCSubtargetInfo> info(
        target->createMCSubtargetInfo(triple, cpuName, ""));
    if (!info || !info->isCPUStringValid(cpuName))
      return createStringError(inconvertibleErrorCode(),
                               "unknown --target-cpu '" + cpuName + "' for " +
                                   triple.str());
  }
  TargetOptions options;
  return std::unique_ptr<TargetMachine>(target->createTargetMachine(
      triple, cpuName, features, options, Reloc::PIC_, std::nullopt,
      CodeGenOptLevel::Aggressive));
}

void edge::setTargetAttributes(Module &module, TargetMachine &machine) {
  module.setTargetTriple(machine.getTargetTriple());
  module.setDataLayout(machine.createDataLayout());
  for (Function &fn : module.functions()) {
    if (fn.isDeclaration())
      continue;
    if (!fn.hasFnAttribute("target-cpu"))
      fn.addFnAttr("target-cpu", machine.getTargetCPU());
    if (!fn.hasFnAttribute("target-features") &&
        !machine.getTargetFeatureString().empty())
      fn.addFnAttr("target-features", machine.getTargetFeatureString());
  }
}

Error edge::optimizeModule(Module &module, TargetMachine &machine,
                           unsigned optLevel) {
  return mlir::makeOptimizingTransformer(optLevel, /*sizeLevel=*/0,
                                         &machine)(&module);
}
