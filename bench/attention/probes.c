/* Machine probes for the attention benchmark (bench/attention/run.sh):
 *   probes peak   single-core float32 FMA peak in GFLOP/s: 12 independent
 *                 chains of _mm256_fmadd_ps over thread CPU time, best of 7
 *                 (needs AVX2 and FMA; prints "n/a" without them)
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
__attribute__((target("avx2,fma"))) static double fmaPeak(void) {
  /* Twelve named accumulators: enough independent chains to cover the FMA
   * latency on two pipes, few enough to stay in the 16 ymm registers. */
  __m256 c0 = _mm256_set1_ps(1.00f), c1 = _mm256_set1_ps(1.01f),
         c2 = _mm256_set1_ps(1.02f), c3 = _mm256_set1_ps(1.03f),
         c4 = _mm256_set1_ps(1.04f), c5 = _mm256_set1_ps(1.05f),
         c6 = _mm256_set1_ps(1.06f), c7 = _mm256_set1_ps(1.07f),
         c8 = _mm256_set1_ps(1.08f), c9 = _mm256_set1_ps(1.09f),
         c10 = _mm256_set1_ps(1.10f), c11 = _mm256_set1_ps(1.11f);
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  long iters = 10000000;
  double best = 0.0;
  for (int trial = 0; trial < 7; ++trial) {
    double t = threadTime();
    for (long n = 0; n < iters; ++n) {
#define FMA(c) c = _mm256_fmadd_ps(c, a, b)
      FMA(c0); FMA(c1); FMA(c2); FMA(c3); FMA(c4); FMA(c5);
      FMA(c6); FMA(c7); FMA(c8); FMA(c9); FMA(c10); FMA(c11);
#undef FMA
    }
    t = threadTime() - t;
    double gflops = iters * 12.0 * 8 * 2 / t * 1e-9;
    if (gflops > best)
      best = gflops;
  }
  /* Keep the chains live. */
  __m256 sum = _mm256_add_ps(
      _mm256_add_ps(_mm256_add_ps(c0, c1), _mm256_add_ps(c2, c3)),
      _mm256_add_ps(_mm256_add_ps(c4, c5), _mm256_add_ps(c6, c7)));
  sum = _mm256_add_ps(sum, _mm256_add_ps(_mm256_add_ps(c8, c9),
                                         _mm256_add_ps(c10, c11)));
  float sink[8];
  _mm256_storeu_ps(sink, sum);
  if (sink[0] == 12345.0f)
    printf("?");
  return best;
}
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
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      printf("%.1f\n", fmaPeak());
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
