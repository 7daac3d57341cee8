//===- harness.cpp - time attention: edge (AOT) and C++ baselines ----------===//
//
// One process per shape and thread count (bench/attention/run.sh starts it).
// It fills Q, K, V once with seeded data and runs, on those same inputs,
// every variant: the edge cascades compiled by edge-compile (listed in the
// generated kernels.inc) and three C++ baselines written here (naive loops,
// OpenBLAS 3-pass, OpenBLAS tiled online 1-pass). Each variant is first
// checked against attention in double precision (a wrong result ends the
// process with exit code 3), then timed. One line per variant:
//
//   RESULT variant=<name> median_ms=<t> reps=<n> rss_mib=<peak RSS beyond
//          the inputs> max_rel_err=<e>
//
// Layouts (the examples'): Q[bh][E][P], K[bh][E][M], V[bh][F][M] ->
// AV[bh][F][P], row-major, bh = batch x heads.
//
//   harness --shape=NAME --bh=N --m=M --p=P --e=E --f=F [--causal]
//           --threads=T [--budget=SECONDS] [--max-reps=N] [--only=a,b]
//           [--dump-inputs=DIR] [--list]
//
//===----------------------------------------------------------------------===//

#include <cblas.h>
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Shape {
  std::string name;
  int64_t bh = 1, m = 0, p = 0, e = 0, f = 0;
  bool causal = false;
};

/// The tensors of head `b` (of batch x heads): Q[E][P], K[E][M], V[F][M],
/// AV[F][P].
struct Head {
  const float *q, *k, *v;
  float *av;
};
Head getHead(const Shape &s, const float *Q, const float *K, const float *V,
             float *AV, int64_t b) {
  return {Q + b * s.e * s.p, K + b * s.e * s.m, V + b * s.f * s.m,
          AV + b * s.f * s.p};
}

/// A kernel compiled by edge-compile, from the generated kernels.inc.
struct EdgeKernel {
  const char *shape;
  const char *variant;
  int threads; // 1, or 0 for all cores
  int (*fn)(const float *, const float *, const float *, float *);
};

#include "kernels.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Runs body(i) for i in [0, n) on `threads` std::threads (contiguous chunks).
void parallelFor(int threads, int64_t n,
                 const std::function<void(int64_t)> &body) {
  if (threads <= 1 || n <= 1) {
    for (int64_t i = 0; i < n; ++i)
      body(i);
    return;
  }
  std::vector<std::thread> pool;
  int64_t chunk = (n + threads - 1) / threads;
  for (int t = 0; t < threads; ++t) {
    int64_t lo = t * chunk, hi = std::min(n, lo + chunk);
    if (lo >= hi)
      break;
    pool.emplace_back([&, lo, hi] {
      for (int64_t i = lo; i < hi; ++i)
        body(i);
    });
  }
  for (std::thread &t : pool)
    t.join();
}

/// e^x for x <= 0 in float, vectorizable: 2^k e^r with |r| <= ln2/2 and a
/// degree-6 Taylor polynomial (relative error ~2e-7); 0 below -87.
inline float fastExp(float x) {
  float xc = std::max(x, -87.0f);
  float k = std::floor(xc * 1.44269504088896341f + 0.5f);
  float r = xc - k * 0.693359375f + k * 2.12194440e-4f;
  float poly =
      1.0f +
      r * (1.0f +
           r * (0.5f +
                r * (1.0f / 6 +
                     r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720))))));
  int32_t bits = (int32_t(k) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof(scale));
  return x < -87.0f ? 0.0f : poly * scale;
}

int64_t readStatusKiB(const char *field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  size_t len = std::strlen(field);
  while (std::getline(status, line))
    if (line.compare(0, len, field) == 0)
      return std::atoll(line.c_str() + len + 1);
  return -1;
}

/// Resets the peak RSS (VmHWM) to the current RSS, after returning freed
/// heap memory to the system (so that what an earlier variant freed does not
/// hide this one's allocations); false if the kernel does not allow it.
bool resetPeakRss() {
  malloc_trim(0);
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return bool(clear);
}

//===----------------------------------------------------------------------===//
// Baselines
//===----------------------------------------------------------------------===//

using Kernel = std::function<void(const float *, const float *, const float *,
                                  float *)>;

/// Naive loops: per query, the logits, max, exps, sum and weighted sum of V.
Kernel naive(const Shape &s, int threads) {
  return [=](const float *Q, const float *K, const float *V, float *AV) {
    parallelFor(threads, s.bh * s.p, [&](int64_t i) {
      int64_t p = i % s.p;
      auto [q, k, v, av] = getHead(s, Q, K, V, AV, i / s.p);
      std::vector<float> w(s.m);
      int64_t keys = s.causal ? std::min(p + 1, s.m) : s.m;
      float mx = -INFINITY;
      for (int64_t m = 0; m < keys; ++m) {
        float acc = 0.0f;
        for (int64_t e = 0; e < s.e; ++e)
          acc += q[e * s.p + p] * k[e * s.m + m];
        w[m] = acc;
        mx = std::max(mx, acc);
      }
      float sum = 0.0f;
      for (int64_t m = 0; m < keys; ++m) {
        w[m] = std::exp(w[m] - mx);
        sum += w[m];
      }
      for (int64_t f = 0; f < s.f; ++f) {
        float acc = 0.0f;
        for (int64_t m = 0; m < keys; ++m)
          acc += w[m] * v[f * s.m + m];
        av[f * s.p + p] = acc / sum;
      }
    });
  };
}

/// max(init, row[0..n)).
float maxOf(const float *row, int64_t n, float init) {
  for (int64_t m = 0; m < n; ++m)
    init = std::max(init, row[m]);
  return init;
}

/// row[m] = e^(row[m] - mx) for m < valid, 0 up to cols; returns the sum.
float expRow(float *row, int64_t valid, int64_t cols, float mx) {
  float sum = 0.0f;
  for (int64_t m = 0; m < valid; ++m) {
    row[m] = fastExp(row[m] - mx);
    sum += row[m];
  }
  for (int64_t m = valid; m < cols; ++m)
    row[m] = 0.0f;
  return sum;
}

/// Row softmax numerators in place (with the causal mask) and the row sums.
void softmaxRows(float *S, float *sums, int64_t rows, int64_t cols,
                 int64_t firstRow, bool causal) {
  for (int64_t r = 0; r < rows; ++r) {
    float *row = S + r * cols;
    int64_t keys = causal ? std::min(firstRow + r + 1, cols) : cols;
    sums[r] = expRow(row, keys, cols, maxOf(row, keys, -INFINITY));
  }
}

/// OpenBLAS 3-pass: S = Q^T K (sgemm, P x M), row softmax, AV = V S^T
/// (sgemm), then 1/sum per query. OpenBLAS threads = OPENBLAS_NUM_THREADS.
Kernel blas3(const Shape &s, int threads) {
  return [=](const float *Q, const float *K, const float *V, float *AV) {
    std::vector<float> S(s.p * s.m), sums(s.p);
    for (int64_t b = 0; b < s.bh; ++b) {
      auto [q, k, v, av] = getHead(s, Q, K, V, AV, b);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, s.p, s.m, s.e, 1.0f,
                  q, s.p, k, s.m, 0.0f, S.data(), s.m);
      int64_t rowsPerTask = 64, tasks = (s.p + rowsPerTask - 1) / rowsPerTask;
      parallelFor(threads, tasks, [&](int64_t t) {
        int64_t r0 = t * rowsPerTask, rows = std::min(rowsPerTask, s.p - r0);
        softmaxRows(S.data() + r0 * s.m, sums.data() + r0, rows, s.m, r0,
                    s.causal);
      });
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, s.f, s.p, s.m, 1.0f,
                  v, s.m, S.data(), s.m, 0.0f, av, s.p);
      for (int64_t f = 0; f < s.f; ++f)
        for (int64_t p = 0; p < s.p; ++p)
          av[f * s.p + p] /= sums[p];
    }
  };
}

/// Block sizes of the tiled online 1-pass, tuned once on this project's
/// Zen 3 (docs/reference: query block 128, key block 512; the L2 holds the
/// 128 x 512 score block and the K and V blocks).
constexpr int64_t kQueryBlock = 128, kKeyBlock = 512;

/// OpenBLAS tiled online 1-pass: per (head, query block), over key blocks:
/// S = Q_blk^T K_blk (sgemm), running max, rescale of the running sum and
/// of acc, exps, acc += S V_blk^T (sgemm); AV = acc / sum at the end. The
/// query blocks run on `threads` threads, each sgemm on one.
Kernel blas1(const Shape &s, int threads) {
  return [=](const float *Q, const float *K, const float *V, float *AV) {
    int64_t qBlocks = (s.p + kQueryBlock - 1) / kQueryBlock;
    if (threads > 1)
      openblas_set_num_threads(1);
    parallelFor(threads, s.bh * qBlocks, [&](int64_t task) {
      int64_t b = task / qBlocks, p0 = (task % qBlocks) * kQueryBlock;
      int64_t bq = std::min(kQueryBlock, s.p - p0);
      Head head = getHead(s, Q, K, V, AV, b);
      const float *q = head.q + p0, *k = head.k, *v = head.v;
      float *av = head.av + p0;
      std::vector<float> S(bq * kKeyBlock), acc(bq * s.f, 0.0f),
          rowMax(bq, -INFINITY), rowSum(bq, 0.0f);
      int64_t keys = s.causal ? std::min(s.m, p0 + bq) : s.m;
      for (int64_t m0 = 0; m0 < keys; m0 += kKeyBlock) {
        int64_t bk = std::min(kKeyBlock, keys - m0);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, bq, bk, s.e, 1.0f,
                    q, s.p, k + m0, s.m, 0.0f, S.data(), bk);
        for (int64_t r = 0; r < bq; ++r) {
          float *row = S.data() + r * bk;
          int64_t valid = s.causal ? std::clamp<int64_t>(p0 + r + 1 - m0, 0, bk)
                                   : bk;
          float mx = maxOf(row, valid, rowMax[r]);
          float correction = mx == -INFINITY ? 1.0f : fastExp(rowMax[r] - mx);
          float sum = expRow(row, valid, bk, mx);
          rowSum[r] = rowSum[r] * correction + sum;
          rowMax[r] = mx;
          if (correction != 1.0f)
            for (int64_t f = 0; f < s.f; ++f)
              acc[r * s.f + f] *= correction;
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, bq, s.f, bk, 1.0f,
                    S.data(), bk, v + m0, s.m, 1.0f, acc.data(), s.f);
      }
      for (int64_t f = 0; f < s.f; ++f)
        for (int64_t r = 0; r < bq; ++r)
          av[f * s.p + r] = acc[r * s.f + f] / rowSum[r];
    });
    if (threads > 1)
      openblas_set_num_threads(threads);
  };
}

//===----------------------------------------------------------------------===//
// Reference and check
//===----------------------------------------------------------------------===//

/// Queries checked per head: the first, the last and a spread between.
std::vector<int64_t> sampleQueries(int64_t p) {
  std::vector<int64_t> qs;
  for (int64_t i = 0; i < 32; ++i)
    qs.push_back(std::min(p - 1, i * (p - 1) / 31));
  std::sort(qs.begin(), qs.end());
  qs.erase(std::unique(qs.begin(), qs.end()), qs.end());
  return qs;
}

/// Max error, relative to max|ref| over the checked queries, of AV against
/// attention in double precision on the first and last head at the sampled
/// queries; infinity when the output holds a NaN or inf anywhere.
double checkOutput(const Shape &s, const float *Q, const float *K,
                   const float *V, const float *AV) {
  for (int64_t i = 0; i < s.bh * s.f * s.p; ++i)
    if (!std::isfinite(AV[i]))
      return INFINITY;
  double maxRef = 0.0, maxErr = 0.0;
  std::vector<double> w(s.m);
  for (int64_t b : {int64_t(0), s.bh - 1}) {
    auto [q, k, v, av] =
        getHead(s, Q, K, V, const_cast<float *>(AV), b);
    for (int64_t p : sampleQueries(s.p)) {
      int64_t keys = s.causal ? std::min(p + 1, s.m) : s.m;
      double mx = -INFINITY, sum = 0.0;
      for (int64_t m = 0; m < keys; ++m) {
        double acc = 0.0;
        for (int64_t e = 0; e < s.e; ++e)
          acc += double(q[e * s.p + p]) * double(k[e * s.m + m]);
        w[m] = acc;
        mx = std::max(mx, acc);
      }
      for (int64_t m = 0; m < keys; ++m)
        sum += (w[m] = std::exp(w[m] - mx));
      for (int64_t f = 0; f < s.f; ++f) {
        double acc = 0.0;
        for (int64_t m = 0; m < keys; ++m)
          acc += w[m] * double(v[f * s.m + m]);
        double ref = acc / sum;
        maxRef = std::max(maxRef, std::fabs(ref));
        maxErr = std::max(maxErr, std::fabs(double(av[f * s.p + p]) - ref));
      }
    }
  }
  return maxErr / std::max(maxRef, 1e-30);
}

/// Seeded data uniform in [-1, 1], multiples of 1/256 (as edge-run's).
void fill(std::vector<float> &x, uint64_t seed) {
  uint64_t state = seed;
  for (float &v : x) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v = float(int64_t((state >> 33) % 513) - 256) / 256.0f;
  }
}

double nowSeconds() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string argValue(int argc, char **argv, const std::string &key,
                     const std::string &fallback) {
  std::string prefix = "--" + key + "=";
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0)
      return argv[i] + prefix.size();
  return fallback;
}

bool hasFlag(int argc, char **argv, const std::string &key) {
  for (int i = 1; i < argc; ++i)
    if (argv[i] == "--" + key)
      return true;
  return false;
}

} // namespace

int main(int argc, char **argv) {
  if (hasFlag(argc, argv, "list")) {
    for (const EdgeKernel &k : kEdgeKernels)
      std::printf("%s %s threads=%d\n", k.shape, k.variant, k.threads);
    return 0;
  }
  Shape s;
  s.name = argValue(argc, argv, "shape", "");
  s.bh = std::atoll(argValue(argc, argv, "bh", "1").c_str());
  s.m = std::atoll(argValue(argc, argv, "m", "0").c_str());
  s.p = std::atoll(argValue(argc, argv, "p", "0").c_str());
  s.e = std::atoll(argValue(argc, argv, "e", "0").c_str());
  s.f = std::atoll(argValue(argc, argv, "f", "0").c_str());
  s.causal = hasFlag(argc, argv, "causal");
  int threads = std::atoi(argValue(argc, argv, "threads", "1").c_str());
  double budget = std::atof(argValue(argc, argv, "budget", "1").c_str());
  int maxReps = std::atoi(argValue(argc, argv, "max-reps", "20").c_str());
  double tolerance = std::atof(argValue(argc, argv, "rtol", "1e-4").c_str());
  std::string only = "," + argValue(argc, argv, "only", "") + ",";
  if (s.name.empty() || s.m <= 0 || s.p <= 0 || s.e <= 0 || s.f <= 0 ||
      s.bh <= 0 || threads <= 0) {
    std::fprintf(stderr, "harness: needs --shape --m --p --e --f [--bh] "
                         "--threads (see the file comment)\n");
    return 2;
  }

  // glibc's allocator keeps its defaults, as in any program that embeds
  // edge's code: a fixed mmap threshold would map (and fault) every large
  // intermediate afresh at every call, a cost no real caller pays. Each
  // variant runs in a process of its own (run.sh), so its peak RSS is its
  // own.
  std::vector<float> Q(s.bh * s.e * s.p), K(s.bh * s.e * s.m),
      V(s.bh * s.f * s.m), AV(s.bh * s.f * s.p);
  fill(Q, 1);
  fill(K, 2);
  fill(V, 3);
  std::string dump = argValue(argc, argv, "dump-inputs", "");
  if (!dump.empty()) {
    for (auto [name, data] : {std::pair("Q", &Q), std::pair("K", &K),
                              std::pair("V", &V)}) {
      std::ofstream out(dump + "/" + name + ".f32", std::ios::binary);
      out.write(reinterpret_cast<const char *>(data->data()),
                data->size() * sizeof(float));
      if (!out) {
        std::fprintf(stderr, "harness: cannot write %s/%s.f32\n", dump.c_str(),
                     name);
        return 2;
      }
    }
    return 0;
  }

  struct Variant {
    std::string name;
    Kernel kernel;
  };
  std::vector<Variant> variants = {{"naive", naive(s, threads)},
                                   {"openblas-3pass", blas3(s, threads)},
                                   {"openblas-1pass", blas1(s, threads)}};
  for (const EdgeKernel &k : kEdgeKernels)
    if (s.name == k.shape && (k.threads == 1) == (threads == 1))
      variants.push_back({k.variant, [fn = k.fn](const float *q,
                                                 const float *kk,
                                                 const float *v, float *av) {
                            if (fn(q, kk, v, av) != 0) {
                              std::fprintf(stderr, "harness: edge kernel "
                                                   "returned an error\n");
                              std::exit(2);
                            }
                          }});
  openblas_set_num_threads(threads);

  for (Variant &variant : variants) {
    if (only != ",," && only.find("," + variant.name + ",") == std::string::npos)
      continue;
    std::fill(AV.begin(), AV.end(), NAN);
    bool resetOk = resetPeakRss();
    int64_t baseKiB = readStatusKiB("VmRSS:");
    // The first call is checked (and timed: for slow variants it may be the
    // only one).
    double t0 = nowSeconds();
    variant.kernel(Q.data(), K.data(), V.data(), AV.data());
    double first = nowSeconds() - t0;
    double err = checkOutput(s, Q.data(), K.data(), V.data(), AV.data());
    if (!(err <= tolerance)) {
      std::printf("WRONG variant=%s max_rel_err=%.3e rtol=%.1e\n",
                  variant.name.c_str(), err, tolerance);
      std::fflush(stdout);
      return 3;
    }
    // A variant slower than a third of the budget gets no more calls: its
    // first call is its time. Else at least min(3, max-reps) calls, more
    // while the budget lasts.
    std::vector<double> times;
    if (first * 3 > budget || maxReps <= 0) {
      times.push_back(first);
    } else {
      double start = nowSeconds();
      while (int(times.size()) < maxReps &&
             (times.size() < 3 || nowSeconds() - start < budget)) {
        double t = nowSeconds();
        variant.kernel(Q.data(), K.data(), V.data(), AV.data());
        times.push_back(nowSeconds() - t);
      }
    }
    std::sort(times.begin(), times.end());
    double median = times.size() % 2
                        ? times[times.size() / 2]
                        : 0.5 * (times[times.size() / 2 - 1] +
                                 times[times.size() / 2]);
    int64_t peakKiB = readStatusKiB("VmHWM:");
    double rssMiB =
        resetOk ? std::max<int64_t>(0, peakKiB - baseKiB) / 1024.0 : -1.0;
    std::printf("RESULT variant=%s median_ms=%.4f reps=%zu rss_mib=%.1f "
                "max_rel_err=%.2e\n",
                variant.name.c_str(), median * 1e3, times.size(), rssMiB, err);
    std::fflush(stdout);
  }
  return 0;
}
