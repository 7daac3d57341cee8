//===- RuntimeTest.cpp - Tests for the execution library ------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests of the execution library: a cascade
// compiled once and called several times on caller-owned buffers, with
// row-major and strided inputs and outputs, and errors for wrong buffers
// and names.
//
//===----------------------------------------------------------------------===//

#include "edge/Runtime/Runtime.h"
#include "edge/InitAllDialects.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include "gtest/gtest.h"

using namespace mlir;
using edge::StridedBuffer;

namespace {

// Z[m,n] = sum_k A[k,m] B[k,n].
constexpr const char *kMatmul = R"mlir(
  edge.cascade @matmul(%A: tensor<2x2xf32>, %B: tensor<2x3xf32>)
      -> (Z: tensor<2x3xf32>) {
    %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
           map mul(isect) reduce [k] add(union)
           : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    edge.return %Z : tensor<2x3xf32>
  })mlir";

class RuntimeTest : public ::testing::Test {
protected:
  RuntimeTest() {
    DialectRegistry registry;
    edge::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
  }

  std::unique_ptr<edge::CompiledCascade> compile(StringRef source,
                                                 StringRef name) {
    module = parseSourceString<ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    auto compiled = edge::CompiledCascade::compile(*module, name);
    if (!compiled) {
      ADD_FAILURE() << llvm::toString(compiled.takeError());
      return nullptr;
    }
    return std::move(*compiled);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(RuntimeTest, CallsRepeatedlyOnCallerBuffers) {
  std::unique_ptr<edge::CompiledCascade> matmul = compile(kMatmul, "matmul");
  ASSERT_TRUE(matmul);
  ASSERT_EQ(matmul->getInputTypes().size(), 2u);
  ASSERT_EQ(matmul->getOutputTypes().size(), 1u);
  std::vector<float> a = {1, 2, 3, 4}, b = {1, 0, -1, 2, 1, 0}, z(6, -7);
  StridedBuffer in0{a.data(), {2, 2}, {}}, in1{b.data(), {2, 3}, {}},
      out{z.data(), {2, 3}, {}};
  ASSERT_FALSE(bool(matmul->call({in0, in1}, {out})));
  EXPECT_EQ(z, (std::vector<float>{7, 3, -1, 10, 4, -2}));
  // A second call on new data, compiled once.
  a = {0, 1, 1, 0};
  ASSERT_FALSE(bool(matmul->call({in0, in1}, {out})));
  EXPECT_EQ(z, (std::vector<float>{2, 1, 0, 1, 0, -1}));
}

TEST_F(RuntimeTest, StridedInputsAndOutputs) {
  std::unique_ptr<edge::CompiledCascade> matmul = compile(kMatmul, "matmul");
  ASSERT_TRUE(matmul);
  // A is the transpose of a row-major [[1, 3], [2, 4]]: strides (1, 2).
  std::vector<float> at = {1, 3, 2, 4}, b = {1, 0, -1, 2, 1, 0};
  // Z is written column-major, into a buffer with a gap after each column.
  std::vector<float> z(9, -7);
  StridedBuffer in0{at.data(), {2, 2}, {1, 2}}, in1{b.data(), {2, 3}, {}},
      out{z.data(), {2, 3}, {1, 3}};
  for (int call = 0; call < 2; ++call) {
    ASSERT_FALSE(bool(matmul->call({in0, in1}, {out})));
    EXPECT_EQ(z, (std::vector<float>{7, 10, -7, 3, 4, -7, -1, -2, -7}));
  }
}

TEST_F(RuntimeTest, WrongBuffersAreErrors) {
  std::unique_ptr<edge::CompiledCascade> matmul = compile(kMatmul, "matmul");
  ASSERT_TRUE(matmul);
  std::vector<float> a(4), b(6), z(6);
  StridedBuffer in0{a.data(), {2, 2}, {}}, in1{b.data(), {2, 3}, {}},
      out{z.data(), {2, 3}, {}};
  StridedBuffer wrong{b.data(), {3, 2}, {}};
  EXPECT_EQ(llvm::toString(matmul->call({in0, wrong}, {out})),
            "input #1 has shape [3x2], expected tensor<2x3xf32>");
  EXPECT_EQ(llvm::toString(matmul->call({in0}, {out})),
            "got 1 inputs, expected 2");
  EXPECT_EQ(llvm::toString(matmul->call({in0, in1}, {in0})),
            "output #0 has shape [2x2], expected [2x3] (tensor<2x3xf32>)");
  StridedBuffer badStrides{a.data(), {2, 2}, {1}};
  EXPECT_EQ(llvm::toString(matmul->call({badStrides, in1}, {out})),
            "input #0 has 1 strides for rank 2");
}

TEST_F(RuntimeTest, UnknownEntryIsAnError) {
  module = parseSourceString<ModuleOp>(kMatmul, &context);
  ASSERT_TRUE(module);
  auto compiled = edge::CompiledCascade::compile(*module, "nope");
  ASSERT_FALSE(bool(compiled));
  EXPECT_EQ(llvm::toString(compiled.takeError()),
            "no cascade or function named 'nope'");
}

TEST_F(RuntimeTest, OnlyStaticFloat32Interfaces) {
  module = parseSourceString<ModuleOp>(R"mlir(
    edge.cascade @wide(%X: tensor<2xf64>) -> (Y: tensor<2xf64>) {
      %Y = edge.einsum "Y" (%X[i]) -> [i] apply [neg]
             : (tensor<2xf64>) -> tensor<2xf64>
      edge.return %Y : tensor<2xf64>
    })mlir",
                                       &context);
  ASSERT_TRUE(module);
  auto compiled = edge::CompiledCascade::compile(*module, "wide");
  ASSERT_FALSE(bool(compiled));
  EXPECT_EQ(llvm::toString(compiled.takeError()),
            "only f32 tensors (and f16, bf16 and i1 inputs) are supported, "
            "got tensor<2xf64>");
}

// Z[m,n] = sum_k A[k,m] B[k,n] with N = ? columns: compiled once, called
// for N = 3 and N = 1 with the sizes read off the buffers.
TEST_F(RuntimeTest, RunTimeSizesComeFromTheBuffers) {
  std::unique_ptr<edge::CompiledCascade> matmul = compile(R"mlir(
    edge.cascade @matmul(%A: tensor<2x2xf32>, %B: tensor<2x?xf32>)
        -> (Z: tensor<2x?xf32>) sizes(N = B[1]) {
      %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
             map mul(isect) reduce [k] add(union)
             : (tensor<2x2xf32>, tensor<2x?xf32>) -> tensor<2x?xf32>
      edge.return %Z : tensor<2x?xf32>
    })mlir",
                                                          "matmul");
  ASSERT_TRUE(matmul);
  ASSERT_EQ(matmul->getSizeNames().size(), 1u);
  EXPECT_EQ(matmul->getSizeNames().front(), "N");
  std::vector<float> a = {1, 2, 3, 4}, b = {1, 0, -1, 2, 1, 0}, z(6, -7);
  llvm::Expected<SmallVector<SmallVector<int64_t>>> shapes =
      matmul->getOutputShapes({{2, 2}, {2, 3}});
  ASSERT_TRUE(bool(shapes));
  EXPECT_EQ((*shapes)[0], (SmallVector<int64_t>{2, 3}));
  StridedBuffer in0{a.data(), {2, 2}, {}}, in1{b.data(), {2, 3}, {}},
      out{z.data(), {2, 3}, {}};
  ASSERT_FALSE(bool(matmul->call({in0, in1}, {out})));
  EXPECT_EQ(z, (std::vector<float>{7, 3, -1, 10, 4, -2}));
  // One column: B = [[5], [6]].
  std::vector<float> b1 = {5, 6}, z1(2, -7);
  StridedBuffer narrow{b1.data(), {2, 1}, {}}, out1{z1.data(), {2, 1}, {}};
  ASSERT_FALSE(bool(matmul->call({in0, narrow}, {out1})));
  EXPECT_EQ(z1, (std::vector<float>{5 + 18, 10 + 24}));
  // The output must have the inputs' N; N is at least 1.
  EXPECT_EQ(llvm::toString(matmul->call({in0, narrow}, {out})),
            "output #0 has shape [2x3], expected [2x1] (tensor<2x?xf32>)");
  StridedBuffer empty{b1.data(), {2, 0}, {}};
  EXPECT_EQ(llvm::toString(matmul->call({in0, empty}, {out1})),
            "input #1 has shape [2x0], expected tensor<2x?xf32> (a run-time "
            "extent is at least 1)");
}

// K and V share the key length M: buffers that disagree are an error
// before anything runs.
TEST_F(RuntimeTest, InputsMustAgreeOnASize) {
  std::unique_ptr<edge::CompiledCascade> dot = compile(R"mlir(
    edge.cascade @dot(%K: tensor<?xf32>, %V: tensor<?xf32>)
        -> (S: tensor<f32>) sizes(M = K[0]) {
      %S = edge.einsum "S" (%K[m], %V[m]) -> []
             map mul(isect) reduce [m] add(union)
             : (tensor<?xf32>, tensor<?xf32>) -> tensor<f32>
      edge.return %S : tensor<f32>
    })mlir",
                                                       "dot");
  ASSERT_TRUE(dot);
  std::vector<float> k = {1, 2, 3}, v = {4, 5, 6}, s(1);
  StridedBuffer in0{k.data(), {3}, {}}, in1{v.data(), {3}, {}},
      out{s.data(), {}, {}};
  ASSERT_FALSE(bool(dot->call({in0, in1}, {out})));
  EXPECT_EQ(s[0], 32.0f);
  StridedBuffer shorter{v.data(), {2}, {}};
  EXPECT_EQ(llvm::toString(dot->call({in0, shorter}, {out})),
            "input #0 has extent 3 along size M, input #1 has 2");
}

// S[m] = sum_e X[e, m] where Allowed[m, e]: an i1 input, one byte per
// element, transposed against X.
constexpr const char *kMaskedSum = R"mlir(
  edge.cascade @masked_sum(%X: tensor<2x3xf32>, %Allowed: tensor<3x2xi1>)
      -> (S: tensor<3xf32>) {
    %XA = edge.mask %X where %Allowed dims [1, 0]
            : tensor<2x3xf32>, tensor<3x2xi1>
    %S = edge.einsum "S" (%XA[e, m]) -> [m] reduce [e] add(union)
           : (tensor<2x3xf32>)
    edge.return %S : tensor<3xf32>
  })mlir";

TEST_F(RuntimeTest, MaskInputsAreBytes) {
  std::unique_ptr<edge::CompiledCascade> sum = compile(kMaskedSum, "masked_sum");
  ASSERT_TRUE(sum);
  std::vector<float> x = {1, 2, 4, 8, 16, 32}, s(3, -7);
  // Allowed[m, e]: m = 0 both, m = 1 only e = 1, m = 2 none.
  std::vector<uint8_t> allowed = {1, 1, 0, 1, 0, 0};
  StridedBuffer in0{x.data(), {2, 3}, {}}, out{s.data(), {3}, {}};
  StridedBuffer mask{nullptr, {3, 2}, {}};
  mask.elementType = edge::ElementType::I1;
  mask.bytes = allowed.data();
  ASSERT_FALSE(bool(sum->call({in0, mask}, {out})));
  EXPECT_EQ(s, (std::vector<float>{9, 16, 0}));
  // The same mask stored transposed (strides (1, 3)) is packed.
  std::vector<uint8_t> transposed = {1, 0, 0, 1, 1, 0};
  StridedBuffer strided{nullptr, {3, 2}, {1, 3}};
  strided.elementType = edge::ElementType::I1;
  strided.bytes = transposed.data();
  s.assign(3, -7);
  ASSERT_FALSE(bool(sum->call({in0, strided}, {out})));
  EXPECT_EQ(s, (std::vector<float>{9, 16, 0}));
  // A float buffer for the mask is an error, not a misread.
  std::vector<float> floats(6, 1.0f);
  StridedBuffer wrong{floats.data(), {3, 2}, {}};
  EXPECT_EQ(llvm::toString(sum->call({in0, wrong}, {out})),
            "input #1 is a buffer of f32, expected tensor<3x2xi1>");
}

TEST_F(RuntimeTest, NullDataIsAnError) {
  std::unique_ptr<edge::CompiledCascade> matmul = compile(kMatmul, "matmul");
  ASSERT_TRUE(matmul);
  std::vector<float> b(6), z(6);
  StridedBuffer none{nullptr, {2, 2}, {}}, in1{b.data(), {2, 3}, {}},
      out{z.data(), {2, 3}, {}};
  EXPECT_EQ(llvm::toString(matmul->call({none, in1}, {out})),
            "input #0 has no data");
}

TEST_F(RuntimeTest, HalfPrecisionInputsAreBitPatterns) {
  std::unique_ptr<edge::CompiledCascade> twice = compile(R"mlir(
    edge.cascade @twice(%X: tensor<3xf16>, %B: tensor<3xbf16>)
        -> (Y: tensor<3xf32>) {
      %Y = edge.einsum "Y" (%X[i], %B[i]) -> [i] map add(union)
             : (tensor<3xf16>, tensor<3xbf16>) -> tensor<3xf32>
      edge.return %Y : tensor<3xf32>
    })mlir",
                                                         "twice");
  ASSERT_TRUE(twice);
  // f16 1, -2, 0.5 and bf16 3, 0.25, -1.
  std::vector<uint16_t> x = {0x3C00, 0xC000, 0x3800},
                        b = {0x4040, 0x3E80, 0xBF80};
  std::vector<float> y(3);
  StridedBuffer in0{nullptr, {3}, {}}, in1{nullptr, {3}, {}},
      out{y.data(), {3}, {}};
  in0.elementType = edge::ElementType::F16;
  in0.bytes = x.data();
  in1.elementType = edge::ElementType::BF16;
  in1.bytes = b.data();
  ASSERT_FALSE(bool(twice->call({in0, in1}, {out})));
  EXPECT_EQ(y, (std::vector<float>{4, -1.75f, -0.5f}));
  EXPECT_EQ(llvm::toString(twice->call({in1, in0}, {out})),
            "input #0 is a buffer of bf16, expected tensor<3xf16>");
}

} // namespace
