#include "CKernels.h"

// No fused multiply-adds: the same roundings as the Swift code this replaced,
// on every processor, so training prints the same numbers everywhere.
#pragma STDC FP_CONTRACT OFF

void nnbook_adam_step(const float *w, float *g, float *m, float *v, float *out, size_t n,
                      float beta1, float beta2, float rate, float epsilon, int clear) {
    const float keep1 = 1 - beta1, keep2 = 1 - beta2;
    for (size_t i = 0; i < n; i++) {
        const float gi = g[i];
        const float mi = beta1 * m[i] + keep1 * gi;
        const float vi = beta2 * v[i] + keep2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        out[i] = w[i] - rate * mi / (__builtin_elementwise_sqrt(vi) + epsilon);
        if (clear) g[i] = 0;
    }
}
