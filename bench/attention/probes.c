/* Machine probes for the attention benchmark (bench/attention/run.sh):
 *   probes peak   single-core float32 FMA peak in GFLOP/s at the widest
 *                 vectors the CPU has: 24 chains of _mm512_fmadd_ps with
 *                 AVX-512, else 12 chains of _mm256_fmadd_ps (AVX2 + FMA),
 *                 over thread CPU time, best of 7 ("n/a" without them)
 *   probes dram   single-thread DRAM bandwidth in GB/s: a STREAM-style
 *                 triad a = b + s*c over 3 x 128 MiB (best of 5)
 * Compile with -O2 -march=native (or -mavx2 -mfma). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* CPU time of this thread: the peak is the core's, not what is left of it
 * on a loaded machine. */
static double threadTime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

#if defined(__x86_64__)
/* The FMA peak at one vector width: `CHAINS` independent accumulators, enough
 * to cover the FMA latency on every pipe while they stay in registers (12 of
 * the 16 ymm registers; 24 of the 32 zmm registers). Best of 7 trials. */
#define DEFINE_FMA_PEAK(NAME, TARGET, VEC, SET1, FMADD, ADD, STORE, LANES,   \
                        CHAINS)                                              \
  __attribute__((target(TARGET))) static double NAME(void) {                 \
    VEC c[CHAINS];                                                           \
    for (int i = 0; i < CHAINS; ++i)                                         \
      c[i] = SET1(1.0f + 0.01f * i);                                         \
    const VEC a = SET1(0.999999f), b = SET1(1e-7f);                          \
    long iters = 10000000;                                                   \
    double best = 0.0;                                                       \
    for (int trial = 0; trial < 7; ++trial) {                                \
      double t = threadTime();                                               \
      for (long n = 0; n < iters; ++n) {                                     \
        _Pragma("GCC unroll 24") for (int i = 0; i < CHAINS; ++i)           \
            c[i] = FMADD(c[i], a, b);                                        \
      }                                                                      \
      t = threadTime() - t;                                                  \
      double gflops = iters * (double)CHAINS * LANES * 2 / t * 1e-9;         \
      if (gflops > best)                                                     \
        best = gflops;                                                       \
    }                                                                        \
    /* Keep the chains live. */                                              \
    VEC sum = c[0];                                                          \
    for (int i = 1; i < CHAINS; ++i)                                         \
      sum = ADD(sum, c[i]);                                                  \
    float sink[LANES];                                                       \
    STORE(sink, sum);                                                        \
    if (sink[0] == 12345.0f)                                                 \
      printf("?");                                                           \
    return best;                                                             \
  }

DEFINE_FMA_PEAK(fmaPeak256, "avx2,fma", __m256, _mm256_set1_ps,
                _mm256_fmadd_ps, _mm256_add_ps, _mm256_storeu_ps, 8, 12)
DEFINE_FMA_PEAK(fmaPeak512, "avx512f", __m512, _mm512_set1_ps,
                _mm512_fmadd_ps, _mm512_add_ps, _mm512_storeu_ps, 16, 24)
#endif

static double dramBandwidth(void) {
  size_t n = (size_t)32 << 20; /* 32 Mi floats = 128 MiB per array */
  float *a = malloc(n * sizeof(float)), *b = malloc(n * sizeof(float)),
        *c = malloc(n * sizeof(float));
  if (!a || !b || !c)
    return 0.0;
  for (size_t i = 0; i < n; ++i) {
    a[i] = 0.0f;
    b[i] = 1.0f;
    c[i] = 2.0f;
  }
  double best = 0.0;
  for (int trial = 0; trial < 5; ++trial) {
    double t = now();
    for (size_t i = 0; i < n; ++i)
      a[i] = b[i] + 0.5f * c[i];
    t = now() - t;
    double gbs = 3.0 * n * sizeof(float) / t * 1e-9;
    if (gbs > best)
      best = gbs;
  }
  if (a[n / 2] != 2.0f)
    printf("?");
  free(a);
  free(b);
  free(c);
  return best;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "peak") == 0) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    /* The widest vectors the CPU has: the code generator uses them too. */
    if (__builtin_cpu_supports("avx512f")) {
      printf("%.1f\n", fmaPeak512());
      return 0;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      printf("%.1f\n", fmaPeak256());
      return 0;
    }
#endif
    printf("n/a\n");
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "dram") == 0) {
    printf("%.1f\n", dramBandwidth());
    return 0;
  }
  fprintf(stderr, "usage: probes peak|dram\n");
  return 2;
}
