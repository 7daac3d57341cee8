//===- TargetDescriptionTest.cpp - the target file ------------------------===//
//
// The JSON target file of the cost model: a round trip keeps every field,
// and bad files get located errors (line:column for syntax, the key path
// for values).
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/TargetDescription.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace edge;

namespace {

/// A target whose every field differs from the host's and the defaults.
TargetDescription unusualTarget() {
  TargetDescription t;
  t.cpu = "testcpu";
  t.features = "+a,+b";
  t.vectorBits = 384;
  t.vectorRegisters = 7;
  t.hasFMA = true;
  t.l1Bytes = 12345;
  t.l2Bytes = 234567;
  t.l3Bytes = 3456789;
  t.cores = 5;
  t.peakFlopsPerCore = 1.25e11;
  t.expsPerCore = 3.5e9;
  t.l1BytesPerSecond = 1.5e11;
  t.l2BytesPerSecond = 7.25e10;
  t.l3BytesPerSecond = 3.125e10;
  t.dramBytesPerSecond = 1.0625e10;
  t.freshBytesPerSecond = 2.5e9;
  t.contractionFlopsPerSecond = 4.5e10;
  t.streamedContractionFlopsPerSecond = 1.75e10;
  t.elementwiseFlopsPerSecond = 3.25e10;
  t.guardedFlopsPerSecond = 6.5e9;
  t.maskedFlopsPerSecond = 2.75e9;
  t.speedSource = "test";
  return t;
}

void expectSame(const TargetDescription &a, const TargetDescription &b) {
  EXPECT_EQ(a.cpu, b.cpu);
  EXPECT_EQ(a.features, b.features);
  EXPECT_EQ(a.vectorBits, b.vectorBits);
  EXPECT_EQ(a.vectorRegisters, b.vectorRegisters);
  EXPECT_EQ(a.hasFMA, b.hasFMA);
  EXPECT_EQ(a.l1Bytes, b.l1Bytes);
  EXPECT_EQ(a.l2Bytes, b.l2Bytes);
  EXPECT_EQ(a.l3Bytes, b.l3Bytes);
  EXPECT_EQ(a.cores, b.cores);
  EXPECT_EQ(a.peakFlopsPerCore, b.peakFlopsPerCore);
  EXPECT_EQ(a.expsPerCore, b.expsPerCore);
  EXPECT_EQ(a.l1BytesPerSecond, b.l1BytesPerSecond);
  EXPECT_EQ(a.l2BytesPerSecond, b.l2BytesPerSecond);
  EXPECT_EQ(a.l3BytesPerSecond, b.l3BytesPerSecond);
  EXPECT_EQ(a.dramBytesPerSecond, b.dramBytesPerSecond);
  EXPECT_EQ(a.freshBytesPerSecond, b.freshBytesPerSecond);
  EXPECT_EQ(a.contractionFlopsPerSecond, b.contractionFlopsPerSecond);
  EXPECT_EQ(a.streamedContractionFlopsPerSecond,
            b.streamedContractionFlopsPerSecond);
  EXPECT_EQ(a.elementwiseFlopsPerSecond, b.elementwiseFlopsPerSecond);
  EXPECT_EQ(a.guardedFlopsPerSecond, b.guardedFlopsPerSecond);
  EXPECT_EQ(a.maskedFlopsPerSecond, b.maskedFlopsPerSecond);
  EXPECT_EQ(a.speedSource, b.speedSource);
}

/// Writes `text` to a temporary file and returns its path.
std::string writeTemp(llvm::StringRef text) {
  llvm::SmallString<128> path;
  int fd;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile("target", "json", fd, path));
  llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
  os << text;
  return path.str().str();
}

TEST(TargetDescription, JsonRoundTripInMemory) {
  TargetDescription written = unusualTarget();
  TargetDescription read = TargetDescription::host();
  std::string error;
  ASSERT_TRUE(succeeded(read.applyJson(written.toJson(), error))) << error;
  expectSame(read, written);
}

TEST(TargetDescription, JsonRoundTripThroughAFile) {
  TargetDescription written = unusualTarget();
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("target", "json", path));
  std::string error;
  ASSERT_TRUE(succeeded(written.writeJson(path, error))) << error;
  mlir::FailureOr<TargetDescription> read =
      TargetDescription::readJson(path, error);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(succeeded(read)) << error;
  expectSame(*read, written);
}

TEST(TargetDescription, MissingFieldsKeepTheHosts) {
  std::string path = writeTemp(R"({"target": {"l1_bytes": 4096}})");
  std::string error;
  mlir::FailureOr<TargetDescription> read =
      TargetDescription::readJson(path, error);
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(succeeded(read)) << error;
  TargetDescription host = TargetDescription::host();
  EXPECT_EQ(read->l1Bytes, 4096);
  EXPECT_EQ(read->l2Bytes, host.l2Bytes);
  EXPECT_EQ(read->peakFlopsPerCore, host.peakFlopsPerCore);
}

TEST(TargetDescription, CodeSpeedsFollowTheFilesPeak) {
  TargetDescription target = TargetDescription::host();
  std::string error;
  llvm::json::Value onlyPeak = llvm::json::parse(
      R"({"target": {"peak_flops_per_core": 1e11, "vector_bits": 256}})")
                                   .get();
  ASSERT_TRUE(succeeded(target.applyJson(onlyPeak, error))) << error;
  EXPECT_EQ(target.contractionFlopsPerSecond, 5e10);
  EXPECT_EQ(target.streamedContractionFlopsPerSecond, 2e10);
  EXPECT_EQ(target.guardedFlopsPerSecond, 5e10 / 8);
  // A file that measured one code speed keeps the others as they were.
  llvm::json::Value oneSpeed = llvm::json::parse(
      R"({"target": {"peak_flops_per_core": 2e11,
                     "contraction_flops_per_second": 9e10}})")
                                   .get();
  ASSERT_TRUE(succeeded(target.applyJson(oneSpeed, error))) << error;
  EXPECT_EQ(target.contractionFlopsPerSecond, 9e10);
  EXPECT_EQ(target.streamedContractionFlopsPerSecond, 2e10);
}

TEST(TargetDescription, SyntaxErrorsHaveLineAndColumn) {
  std::string path = writeTemp("{\"target\": {\n  \"l1_bytes\": 32768,\n"
                               "  \"l2_bytes\" 5\n}}\n");
  std::string error;
  EXPECT_TRUE(failed(TargetDescription::readJson(path, error)));
  llvm::sys::fs::remove(path);
  EXPECT_EQ(error.rfind(path + ":3:14: ", 0), 0u) << error;
}

TEST(TargetDescription, ValueErrorsHaveTheKeyPath) {
  struct Case {
    const char *text, *expected;
  };
  const Case cases[] = {
      {R"({"target": {"l1_bytes": -1}})",
       ": target.l1_bytes: expected a positive number, got -1"},
      {R"({"target": {"l1_bytes": 1.5}})",
       ": target.l1_bytes: expected a positive integer in range"},
      {R"({"target": {"peak_flops_per_core": "fast"}})",
       ": target.peak_flops_per_core: expected a number"},
      {R"({"target": {"cache": 1}})", ": target.cache: unknown key"},
      {R"({"target": {"fma": 1}})", ": target.fma: expected true or false"},
      {R"({"target": {"guarded_flops_per_second": 0}})",
       ": target.guarded_flops_per_second: expected a positive number, got 0"},
      {R"({"target": {"contraction_efficiency": 0.5}})",
       ": target.contraction_efficiency: unknown key"},
      {R"({"targets": {}})", ": targets: unknown key (expected 'target')"},
      {R"([1])",
       ": (top level): expected an object {\"target\": {...}}"},
  };
  for (const Case &c : cases) {
    std::string path = writeTemp(c.text);
    std::string error;
    EXPECT_TRUE(failed(TargetDescription::readJson(path, error))) << c.text;
    llvm::sys::fs::remove(path);
    EXPECT_EQ(error, path + c.expected) << c.text;
  }
}

} // namespace
