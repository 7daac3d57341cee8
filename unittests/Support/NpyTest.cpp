//===- NpyTest.cpp - Tests for the .npy reader and writer -----------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements unit tests of the .npy reader and writer: bytes that
// numpy writes (spelled out here, so that the tests need no numpy), round
// trips, version 2.0 headers, and an error naming the file for everything
// the reader does not accept.
//
//===----------------------------------------------------------------------===//

#include "edge/Support/Npy.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace edge;

namespace {

/// A .npy file with `header` (padded as numpy pads it) and `data`, in
/// version `major`.0.
std::string makeFile(std::string header, const std::string &data,
                     unsigned major = 1) {
  size_t prefix = major == 1 ? 10 : 12;
  size_t total = prefix + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string bytes("\x93NUMPY", 6);
  bytes.push_back(char(major));
  bytes.push_back(0);
  size_t length = header.size();
  for (unsigned i = 0; i < (major == 1 ? 2u : 4u); ++i)
    bytes.push_back(char((length >> (8 * i)) & 0xff));
  return bytes + header + data;
}

std::string floats(std::initializer_list<float> values) {
  std::string data;
  for (float f : values)
    data.append(reinterpret_cast<const char *>(&f), 4); // x86: little-endian
  return data;
}

std::string errorOf(llvm::Expected<NpyArray> array) {
  if (array)
    return "";
  return llvm::toString(array.takeError());
}

TEST(NpyTest, ReadsWhatNumpyWrites) {
  // np.save of np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32).
  std::string bytes = makeFile(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
      floats({1, 2, 3, 4, 5, 6}));
  ASSERT_EQ(bytes.size() % 64, 24u); // 64 bytes of header, 24 of data
  llvm::Expected<NpyArray> array = parseNpy(bytes, "a.npy");
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->dtype, NpyDType::Float32);
  EXPECT_EQ(array->shape, (llvm::SmallVector<int64_t>{2, 3}));
  EXPECT_EQ(array->values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(NpyTest, ReadsAndWritesMasks) {
  // np.save of np.array([True, False, True]) and of the same as np.uint8.
  llvm::Expected<NpyArray> bools = parseNpy(
      makeFile("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
               std::string("\x01\x00\x01", 3)),
      "b.npy");
  ASSERT_TRUE(bool(bools)) << llvm::toString(bools.takeError());
  EXPECT_EQ(bools->dtype, NpyDType::Bool);
  EXPECT_EQ(bools->values, (std::vector<double>{1, 0, 1}));
  llvm::Expected<NpyArray> bytes = parseNpy(
      makeFile("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
               std::string("\x01\x00\x07", 3)),
      "u.npy");
  ASSERT_TRUE(bool(bytes)) << llvm::toString(bytes.takeError());
  EXPECT_EQ(bytes->dtype, NpyDType::UInt8);
  EXPECT_EQ(bytes->values, (std::vector<double>{1, 0, 7}));
  // A bool array serializes to the bytes it was read from.
  EXPECT_EQ(serializeNpy(*bools),
            makeFile("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                     std::string("\x01\x00\x01", 3)));
  // A short payload is an error.
  EXPECT_EQ(errorOf(parseNpy(
                makeFile("{'descr': '|b1', 'fortran_order': False, 'shape': "
                         "(4,), }",
                         std::string("\x01\x00\x01", 3)),
                "short.npy")),
            "short.npy: the data has 3 bytes, the header declares 4 elements "
            "of 1 bytes");
}

TEST(NpyTest, WritesWhatNumpyWrites) {
  NpyArray array;
  array.dtype = NpyDType::Float32;
  array.shape = {2, 3};
  array.values = {1, 2, 3, 4, 5, 6};
  EXPECT_EQ(serializeNpy(array),
            makeFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, "
                     "3), }",
                     floats({1, 2, 3, 4, 5, 6})));
  array.shape = {6};
  EXPECT_EQ(serializeNpy(array),
            makeFile("{'descr': '<f4', 'fortran_order': False, 'shape': "
                     "(6,), }",
                     floats({1, 2, 3, 4, 5, 6})));
}

TEST(NpyTest, RoundTripsFloat64AndScalars) {
  NpyArray array;
  array.dtype = NpyDType::Float64;
  array.shape = {};
  array.values = {0.1};
  llvm::Expected<NpyArray> back = parseNpy(serializeNpy(array), "s.npy");
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->dtype, NpyDType::Float64);
  EXPECT_TRUE(back->shape.empty());
  EXPECT_EQ(back->values, (std::vector<double>{0.1}));

  array.shape = {2, 1, 2};
  array.values = {-0.0, INFINITY, 1e-300, 3};
  back = parseNpy(serializeNpy(array), "t.npy");
  ASSERT_TRUE(bool(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->shape, array.shape);
  EXPECT_TRUE(std::signbit(back->values[0]));
  EXPECT_EQ(back->values[1], INFINITY);
  EXPECT_EQ(back->values[2], 1e-300);
}

TEST(NpyTest, ReadsVersion2Headers) {
  std::string bytes = makeFile(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
      floats({7, 8}), /*major=*/2);
  llvm::Expected<NpyArray> array = parseNpy(bytes, "v2.npy");
  ASSERT_TRUE(bool(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->values, (std::vector<double>{7, 8}));
}

TEST(NpyTest, RejectsWithTheFileName) {
  auto header = [](const char *descr, const char *order, const char *shape) {
    return std::string("{'descr': '") + descr + "', 'fortran_order': " +
           order + ", 'shape': " + shape + ", }";
  };
  std::string two = floats({1, 2});
  EXPECT_EQ(errorOf(parseNpy(makeFile(header(">f4", "False", "(2,)"), two),
                             "big.npy")),
            "big.npy: unsupported dtype '>f4' (only little-endian float32 "
            "'<f4' and float64 '<f8', bool '|b1' and uint8 '|u1')");
  EXPECT_EQ(errorOf(parseNpy(makeFile(header("<i4", "False", "(2,)"), two),
                             "int.npy")),
            "int.npy: unsupported dtype '<i4' (only little-endian float32 "
            "'<f4' and float64 '<f8', bool '|b1' and uint8 '|u1')");
  EXPECT_EQ(errorOf(parseNpy(makeFile(header("<f4", "True", "(2,)"), two),
                             "f.npy")),
            "f.npy: Fortran-order arrays are not supported (only C order)");
  EXPECT_EQ(errorOf(parseNpy(makeFile(header("<f4", "False", "(3,)"), two),
                             "short.npy")),
            "short.npy: the data has 8 bytes, the header declares 3 elements "
            "of 4 bytes");
  EXPECT_EQ(errorOf(parseNpy(makeFile(header("<f4", "False", "(2,)"), two,
                                      /*major=*/3),
                             "v3.npy")),
            "v3.npy: unsupported .npy version 3.0 (only 1.0 and 2.0)");
  EXPECT_EQ(errorOf(parseNpy("PK\x03\x04", "x.npz")),
            "x.npz: not a .npy file (no \\x93NUMPY magic)");
  EXPECT_EQ(errorOf(parseNpy(makeFile("{'descr': '<f4', 'shape': (2,), }",
                                      two),
                             "partial.npy")),
            "partial.npy: the header needs 'descr', 'fortran_order' and "
            "'shape'");
  EXPECT_EQ(errorOf(parseNpy(std::string("\x93NUMPY\x01\x00\xff\x00", 10),
                             "cut.npy")),
            "cut.npy: truncated header");
  EXPECT_EQ(errorOf(readNpy("/nonexistent/in.npy")).rfind(
                "/nonexistent/in.npy: cannot read: ", 0),
            0u);
}

} // namespace
