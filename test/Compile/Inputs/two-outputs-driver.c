/* Driver of test/Compile/two-outputs.mlir: Z = A^T B (A[4][8], B[4][16]),
 * S[m] = sum_n Z[m][n], and Z again as a third output. */
#include "two.h"

#include <math.h>
#include <stdio.h>

int main(void) {
  float a[4][8], b[4][16], z[8][16], s[8], z2[8][16];
  for (int k = 0; k < 4; ++k) {
    for (int m = 0; m < 8; ++m) a[k][m] = (float)(k * 8 + m) / 16.0f - 1.0f;
    for (int n = 0; n < 16; ++n) b[k][n] = (float)((k * 5 + n * 3) % 11) / 8.0f;
  }
  for (int call = 0; call < 3; ++call) { /* nothing leaks or is freed twice */
    if (mm_two(&a[0][0], &b[0][0], &z[0][0], s, &z2[0][0]) != 0) {
      printf("FAIL: return code\n");
      return 1;
    }
  }
  int bad = 0;
  for (int m = 0; m < 8; ++m) {
    double rowSum = 0.0;
    for (int n = 0; n < 16; ++n) {
      double ref = 0.0;
      for (int k = 0; k < 4; ++k) ref += (double)a[k][m] * (double)b[k][n];
      rowSum += ref;
      bad += fabs(z[m][n] - ref) > 1e-5 || fabs(z2[m][n] - ref) > 1e-5;
    }
    bad += fabs(s[m] - rowSum) > 1e-4;
  }
  printf("%s: %d values off\n", bad ? "FAIL" : "PASS", bad);
  return bad != 0;
}
