//===- edge-calibrate.cpp - measure the host for the cost model ------------===//
//
// Measures peak FLOP/s, exp throughput and the bandwidth of every memory
// level of this machine (edge/Codegen/Calibration.h), and the speed of each
// class of code that edge generates (edge/Runtime/CodeCalibration.h), and
// writes the target file that `--edge-saturate=target=FILE` and
// `--edge-analyze=target=FILE` read (docs/CostModel.md):
//
//   edge-calibrate [-o FILE] [--quick] [--no-code] [--verbose]
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Calibration.h"
#include "edge/Runtime/CodeCalibration.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
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
  llvm::cl::opt<bool> noCode(
      "no-code", llvm::cl::desc("keep the default code speeds (fractions of "
                                "the peak) instead of timing edge's code"));
  llvm::cl::opt<bool> verbose(
      "verbose",
      llvm::cl::desc("print each code kernel's FLOPs and time to stderr"));
  llvm::cl::ParseCommandLineOptions(
      argc, argv,
      "edge-calibrate: measure this machine's speeds for the cost model\n");
  edge::CalibrationOptions options;
  if (quick) {
    options.secondsPerMeasurement /= 10;
    options.dramOverL3 = 1;
  }
  edge::TargetDescription target = edge::calibrateHost(options);
  if (!noCode) {
    auto measured = edge::calibrateGeneratedCode(
        target, options.secondsPerMeasurement * 2);
    if (!measured) {
      llvm::WithColor::error(llvm::errs(), "edge-calibrate")
          << llvm::toString(measured.takeError()) << "\n";
      return 1;
    }
    if (verbose)
      for (const edge::CodeMeasurement &m : *measured)
        llvm::errs() << llvm::format("%-22s %12.0f FLOPs %10.3f us %8.2f "
                                     "GFLOP/s\n",
                                     m.name.c_str(), m.flops, m.seconds * 1e6,
                                     m.flops / m.seconds / 1e9);
  }
  std::string error;
  if (mlir::failed(target.writeJson(output, error))) {
    llvm::WithColor::error(llvm::errs(), "edge-calibrate") << error << "\n";
    return 1;
  }
  return 0;
}
