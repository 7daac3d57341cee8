/* Calls a cascade compiled by edge-compile through its generated header and
 * checks the output against attention computed here in double precision:
 *   AV[f][p] = sum_m softmax_m(sum_e Q[e][p] K[e][m]) V[f][m]
 * (with -DCAUSAL only keys m <= p). Layouts are those of the examples:
 * Q[E][P], K[E][M], V[F][M], AV[F][P], row-major. Shapes come from -D.
 * Prints PASS and exits 0, or prints the worst error, FAIL and exits 1. */
#include "attention.h"
/* -DKEYS gives M when the header names a parameter M (a run-time size). */
#ifdef KEYS
#define M KEYS
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef FN
#define FN attention
#endif

/* -DDYNAMIC_M: the cascade was compiled for any key length, its function
 * takes M first (edge-compile without --dims). */
#ifdef DYNAMIC_M
#define CALL(q, k, v, av) FN((int64_t)M, q, k, v, av)
#else
#define CALL(q, k, v, av) FN(q, k, v, av)
#endif

static unsigned long long state = 12345;
/* Uniform in [-1, 1], a multiple of 1/256 (exact logits for E <= 64). */
static float next(void) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (float)((long)((state >> 33) % 513) - 256) / 256.0f;
}

int main(void) {
  float *q = malloc(sizeof(float) * E * P), *k = malloc(sizeof(float) * E * M),
        *v = malloc(sizeof(float) * F * M), *av = malloc(sizeof(float) * F * P);
  double *ref = malloc(sizeof(double) * F * P), *w = malloc(sizeof(double) * M);
  for (int i = 0; i < E * P; ++i) q[i] = next();
  for (int i = 0; i < E * M; ++i) k[i] = next();
  for (int i = 0; i < F * M; ++i) v[i] = next();
  for (int i = 0; i < F * P; ++i) av[i] = NAN; /* every output is written */

  if (CALL(q, k, v, NULL) != 1) {
    printf("a NULL output must return 1\n");
    return 1;
  }
#ifdef DYNAMIC_M
  if (FN(0, q, k, v, av) != 2) {
    printf("a size below 1 must return 2\n");
    return 1;
  }
#endif
  int rc = CALL(q, k, v, av);
  if (rc != 0) {
    printf("return code %d\nFAIL\n", rc);
    return 1;
  }

  double maxRef = 0.0;
  for (int p = 0; p < P; ++p) {
    double mx = -INFINITY, sum = 0.0;
    for (int m = 0; m < M; ++m) {
      double s = 0.0;
      for (int e = 0; e < E; ++e)
        s += (double)q[e * P + p] * (double)k[e * M + m];
#ifdef CAUSAL
      if (m > p)
        s = -INFINITY;
#endif
      w[m] = s;
      if (s > mx) mx = s;
    }
    for (int m = 0; m < M; ++m) {
      w[m] = isinf(w[m]) ? 0.0 : exp(w[m] - mx);
      sum += w[m];
    }
    for (int f = 0; f < F; ++f) {
      double acc = 0.0;
      for (int m = 0; m < M; ++m)
        acc += w[m] * (double)v[f * M + m];
      ref[f * P + p] = acc / sum;
      if (fabs(ref[f * P + p]) > maxRef) maxRef = fabs(ref[f * P + p]);
    }
  }
  /* Error relative to the output's scale; NaN compares false, so fails. */
  double worst = 0.0;
  int bad = 0;
  for (int i = 0; i < F * P; ++i) {
    double err = fabs((double)av[i] - ref[i]) / maxRef;
    if (!(err <= 1e-5)) ++bad;
    if (!(err <= worst)) worst = err;
  }
  printf("%s: max rel error %.3e, %d of %d elements off\n", bad ? "FAIL" : "PASS",
         worst, bad, F * P);
  printf("AV[0][0..3] = %.6f %.6f %.6f %.6f\n", av[0], av[1], av[2], av[3]);
  return bad ? 1 : 0;
}
