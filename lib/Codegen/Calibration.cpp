//===- Calibration.cpp - measure a target's speeds on the host -------------===//
//
// The kernels of edge-calibrate: FMA chains, a polynomial exp and a read
// stream, each at the widest vectors the host has (AVX-512, AVX2+FMA through
// target attributes, so the project needs no -march; otherwise portable
// vector code). This file is compiled with optimization whatever the build
// type (lib/Codegen/CMakeLists.txt): the kernels measure the machine, not
// the compiler's -O0.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Calibration.h"

#include <algorithm>
#include <ctime>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>

#include <sys/mman.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define EDGE_CALIBRATE_X86 1
#endif

using namespace edge;

namespace {

/// CPU time of this thread: the speeds are the core's, not what other
/// processes on a shared machine leave of it (bench/attention/probes.c does
/// the same).
double now() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

/// Runs `kernel(reps)` (which does `reps` units of work and returns a value
/// the optimizer cannot drop) with reps doubling until one call takes
/// `seconds`; the best units per second of three such calls.
double bestRate(double seconds, const std::function<double(int64_t)> &kernel) {
  static volatile double sink;
  (void)sink;
  int64_t reps = 1;
  for (;;) {
    double t0 = now();
    sink = kernel(reps);
    if (now() - t0 >= seconds / 4 || reps > (int64_t(1) << 40))
      break;
    reps *= 2;
  }
  reps = std::max<int64_t>(1, reps * 4);
  double best = 0;
  for (int i = 0; i < 3; ++i) {
    double t0 = now();
    sink = kernel(reps);
    double elapsed = now() - t0;
    if (elapsed > 0)
      best = std::max(best, double(reps) / elapsed);
  }
  return best;
}

/// A 64-byte aligned float buffer.
struct Buffer {
  explicit Buffer(int64_t floats)
      : size(std::max<int64_t>(16, floats / 16 * 16)),
        data(static_cast<float *>(std::aligned_alloc(64, size * 4))) {
    for (int64_t i = 0; i < size; ++i)
      data[i] = float(i % 97) * 1e-3f - 0.05f;
  }
  ~Buffer() { std::free(data); }
  int64_t size;
  float *data;
};

//===----------------------------------------------------------------------===//
// Portable kernels (GCC/Clang vector extensions, 128-bit)
//===----------------------------------------------------------------------===//

typedef float V4 __attribute__((vector_size(16)));

/// 12 independent multiply-add chains of 4 lanes: 96 FLOPs per rep.
double fmaPortable(int64_t reps) {
  V4 a = {0.999999f, 0.999999f, 0.999999f, 0.999999f};
  V4 b = {1e-7f, 1e-7f, 1e-7f, 1e-7f};
  V4 c0 = a, c1 = a + b, c2 = a - b, c3 = a * a, c4 = a, c5 = a + b,
     c6 = a - b, c7 = a * a, c8 = a, c9 = a + b, c10 = a - b, c11 = a * a;
  for (int64_t i = 0; i < reps; ++i) {
#define EDGE_STEP(c) c = c * a + b;
    EDGE_STEP(c0) EDGE_STEP(c1) EDGE_STEP(c2) EDGE_STEP(c3) EDGE_STEP(c4)
    EDGE_STEP(c5) EDGE_STEP(c6) EDGE_STEP(c7) EDGE_STEP(c8) EDGE_STEP(c9)
    EDGE_STEP(c10) EDGE_STEP(c11)
#undef EDGE_STEP
  }
  V4 s = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11;
  return s[0] + s[1] + s[2] + s[3];
}

/// e^x for x <= 0: 2^k e^r, a degree-6 polynomial (the lowering's kind).
inline float polyExp(float x) {
  float xc = std::max(x, -87.0f);
  float k = std::floor(xc * 1.44269504f + 0.5f);
  float r = xc - k * 0.693359375f + k * 2.12194440e-4f;
  float p = 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 +
                        r * (1.0f / 120 + r * (1.0f / 720))))));
  int32_t bits = (int32_t(k) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return p * scale;
}

/// `reps` passes of exp over `n` floats; n exps per rep.
double expPortable(float *x, float *y, int64_t n, int64_t reps) {
  double sum = 0;
  for (int64_t r = 0; r < reps; ++r) {
    for (int64_t i = 0; i < n; ++i)
      y[i] = polyExp(x[i]);
    sum += y[r % n];
  }
  return sum;
}

/// `reps` passes reading `n` floats with 8 independent sums.
double readPortable(const float *x, int64_t n, int64_t reps) {
  V4 s[8] = {};
  for (int64_t r = 0; r < reps; ++r)
    for (int64_t i = 0; i + 32 <= n; i += 32)
      for (int j = 0; j < 8; ++j) {
        V4 v;
        std::memcpy(&v, x + i + 4 * j, sizeof(v));
        s[j] += v;
      }
  V4 t = s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
  return t[0] + t[1] + t[2] + t[3];
}

#ifdef EDGE_CALIBRATE_X86
//===----------------------------------------------------------------------===//
// x86 kernels (AVX2+FMA, AVX-512)
//===----------------------------------------------------------------------===//

/// `2 * HALF` independent FMA chains (12 hide the 4-cycle latency of two
/// 256-bit pipes, 24 that of two 512-bit ones).
#define EDGE_FMA_KERNEL(NAME, TARGET, VEC, SET1, FMA, ADD, STORE, LANES)       \
  __attribute__((target(TARGET))) double NAME(int64_t reps) {                  \
    VEC a = SET1(0.999999f), b = SET1(1e-7f);                                  \
    VEC c[CHAINS];                                                             \
    for (int j = 0; j < CHAINS; ++j)                                           \
      c[j] = SET1(1.0f + 0.1f * float(j));                                     \
    for (int64_t i = 0; i < reps; ++i) {                                       \
      _Pragma("GCC unroll 24") for (int j = 0; j < CHAINS; ++j) c[j] =         \
          FMA(c[j], a, b);                                                     \
    }                                                                          \
    VEC s = c[0];                                                              \
    for (int j = 1; j < CHAINS; ++j)                                           \
      s = ADD(s, c[j]);                                                        \
    alignas(64) float out[LANES];                                              \
    STORE(out, s);                                                             \
    return out[0];                                                             \
  }
#define CHAINS 12
EDGE_FMA_KERNEL(fmaAvx2, "avx2,fma", __m256, _mm256_set1_ps, _mm256_fmadd_ps,
                _mm256_add_ps, _mm256_store_ps, 8)
#undef CHAINS
#define CHAINS 24
EDGE_FMA_KERNEL(fmaAvx512, "avx512f", __m512, _mm512_set1_ps, _mm512_fmadd_ps,
                _mm512_add_ps, _mm512_store_ps, 16)
#undef CHAINS
#undef EDGE_FMA_KERNEL

__attribute__((target("avx2,fma"))) double expAvx2(float *x, float *y,
                                                    int64_t n, int64_t reps) {
  const __m256 lo = _mm256_set1_ps(-87.0f), log2e = _mm256_set1_ps(1.44269504f),
               half = _mm256_set1_ps(0.5f), c1 = _mm256_set1_ps(0.693359375f),
               c2 = _mm256_set1_ps(-2.12194440e-4f);
  const __m256 p[7] = {_mm256_set1_ps(1.0f / 720), _mm256_set1_ps(1.0f / 120),
                       _mm256_set1_ps(1.0f / 24),  _mm256_set1_ps(1.0f / 6),
                       _mm256_set1_ps(0.5f),       _mm256_set1_ps(1.0f),
                       _mm256_set1_ps(1.0f)};
  double sum = 0;
  for (int64_t r = 0; r < reps; ++r) {
    for (int64_t i = 0; i + 8 <= n; i += 8) {
      __m256 v = _mm256_max_ps(_mm256_load_ps(x + i), lo);
      __m256 k = _mm256_floor_ps(_mm256_fmadd_ps(v, log2e, half));
      __m256 t = _mm256_fnmadd_ps(k, c1, v);
      t = _mm256_fnmadd_ps(k, c2, t);
      __m256 poly = p[0];
      for (int j = 1; j < 7; ++j)
        poly = _mm256_fmadd_ps(poly, t, p[j]);
      __m256i bits = _mm256_slli_epi32(
          _mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
      _mm256_store_ps(y + i, _mm256_mul_ps(poly, _mm256_castsi256_ps(bits)));
    }
    sum += y[r % n];
  }
  return sum;
}

__attribute__((target("avx2"))) double readAvx2(const float *x, int64_t n,
                                                int64_t reps) {
  __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0,
         s6 = s0, s7 = s0;
  for (int64_t r = 0; r < reps; ++r)
    for (int64_t i = 0; i + 64 <= n; i += 64) {
      s0 = _mm256_add_ps(s0, _mm256_load_ps(x + i));
      s1 = _mm256_add_ps(s1, _mm256_load_ps(x + i + 8));
      s2 = _mm256_add_ps(s2, _mm256_load_ps(x + i + 16));
      s3 = _mm256_add_ps(s3, _mm256_load_ps(x + i + 24));
      s4 = _mm256_add_ps(s4, _mm256_load_ps(x + i + 32));
      s5 = _mm256_add_ps(s5, _mm256_load_ps(x + i + 40));
      s6 = _mm256_add_ps(s6, _mm256_load_ps(x + i + 48));
      s7 = _mm256_add_ps(s7, _mm256_load_ps(x + i + 56));
    }
  __m256 s = _mm256_add_ps(
      _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)),
      _mm256_add_ps(_mm256_add_ps(s4, s5), _mm256_add_ps(s6, s7)));
  alignas(32) float out[8];
  _mm256_store_ps(out, s);
  return out[0] + out[7];
}
#endif

} // namespace

CalibrationResult edge::measureHost(const TargetDescription &target,
                                    const CalibrationOptions &options) {
  double seconds = options.secondsPerMeasurement;
  bool avx2 = false, avx512 = false;
#ifdef EDGE_CALIBRATE_X86
  avx512 = target.vectorBits >= 512 && __builtin_cpu_supports("avx512f");
  avx2 = target.vectorBits >= 256 && target.hasFMA &&
         __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  CalibrationResult result;

  // FMA: 12 chains x lanes x 2 FLOPs per rep.
  std::function<double(int64_t)> fma = fmaPortable;
  double flopsPerRep = 12 * 4 * 2;
#ifdef EDGE_CALIBRATE_X86
  if (avx512) {
    fma = fmaAvx512;
    flopsPerRep = 24 * 16 * 2;
  } else if (avx2) {
    fma = fmaAvx2;
    flopsPerRep = 12 * 8 * 2;
  }
#endif
  result.peakFlopsPerCore = bestRate(seconds, fma) * flopsPerRep;

  // exp over 1024 floats in L1.
  constexpr int64_t kExpFloats = 1024;
  Buffer x(kExpFloats), y(kExpFloats);
  std::function<double(int64_t)> exps = [&](int64_t reps) {
#ifdef EDGE_CALIBRATE_X86
    if (avx2 || avx512)
      return expAvx2(x.data, y.data, x.size, reps);
#endif
    return expPortable(x.data, y.data, x.size, reps);
  };
  result.expsPerCore = bestRate(seconds, exps) * double(x.size);

  // Read bandwidth at half of each cache level and beyond the last one.
  auto bandwidth = [&](int64_t bytes, int64_t &workingSet) {
    Buffer data(bytes / 4);
    workingSet = data.size * 4;
    std::function<double(int64_t)> read = [&](int64_t reps) {
#ifdef EDGE_CALIBRATE_X86
      if (avx2 || avx512)
        return readAvx2(data.data, data.size, reps);
#endif
      return readPortable(data.data, data.size, reps);
    };
    return bestRate(seconds, read) * double(workingSet);
  };
  result.l1BytesPerSecond = bandwidth(target.l1Bytes / 2, result.l1WorkingSet);
  result.l2BytesPerSecond = bandwidth(target.l2Bytes / 2, result.l2WorkingSet);
  result.l3BytesPerSecond = bandwidth(target.l3Bytes / 2, result.l3WorkingSet);
  result.dramBytesPerSecond =
      bandwidth(std::max<int64_t>(int64_t(64) << 20,
                                  options.dramOverL3 * target.l3Bytes),
                result.dramWorkingSet);

  // Fresh pages: map, write, unmap 8 MiB (what a large per-call buffer
  // costs).
  constexpr int64_t kFreshBytes = int64_t(8) << 20;
  std::function<double(int64_t)> fresh = [&](int64_t reps) {
    double sum = 0;
    for (int64_t r = 0; r < reps; ++r) {
      void *pages = mmap(nullptr, kFreshBytes, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (pages == MAP_FAILED)
        return sum;
      std::memset(pages, 1, kFreshBytes);
      sum += static_cast<unsigned char *>(pages)[r % kFreshBytes];
      munmap(pages, kFreshBytes);
    }
    return sum;
  };
  result.freshBytesPerSecond = bestRate(seconds, fresh) * double(kFreshBytes);
  return result;
}

TargetDescription edge::calibrateHost(const CalibrationOptions &options) {
  TargetDescription target = TargetDescription::host();
  CalibrationResult measured = measureHost(target, options);
  target.peakFlopsPerCore = measured.peakFlopsPerCore;
  target.expsPerCore = measured.expsPerCore;
  target.l1BytesPerSecond = measured.l1BytesPerSecond;
  target.l2BytesPerSecond = measured.l2BytesPerSecond;
  target.l3BytesPerSecond = measured.l3BytesPerSecond;
  target.dramBytesPerSecond = measured.dramBytesPerSecond;
  target.freshBytesPerSecond = measured.freshBytesPerSecond;
  // Until edge's code is timed (edge/Runtime/CodeCalibration.h), its speeds
  // follow the measured peak.
  target.setDefaultCodeSpeeds();
  target.speedSource = "edge-calibrate";
  return target;
}
