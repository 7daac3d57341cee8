//===- edge-calibrate.cpp - measure the host for the cost model ------------===//
//
// Measures peak FLOP/s, exp throughput and the bandwidth of every memory
// level of this machine (edge/Codegen/Calibration.h) and writes the target
// file that `--edge-saturate=target=FILE` and `--edge-analyze=target=FILE`
// read (docs/CostModel.md):
//
//   edge-calibrate [-o FILE] [--quick]
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Calibration.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::cl::opt<std::string> output("o", llvm::cl::desc("target file to write"),
                                    llvm::cl::value_desc("file"),
                                    llvm::cl::init("-"));
  llvm::cl::opt<bool> quick(
      "quick",
      llvm::cl::desc("measure for a tenth of the time (tests; noisier)"));
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "edge-calibrate: measure this machine's speeds for the cost model\n");
  edge::CalibrationOptions options;
  if (quick) {
    options.secondsPerMeasurement /= 10;
    options.dramOverL3 = 1;
  }
  edge::TargetDescription target = edge::calibrateHost(options);
  std::string error;
  if (mlir::failed(target.writeJson(output, error))) {
    llvm::WithColor::error(llvm::errs(), "edge-calibrate") << error << "\n";
    return 1;
  }
  return 0;
}
