#include "CKernels.h"

// No fused multiply-adds: the same roundings as the Swift code this replaced,
// on every processor, so training prints the same numbers everywhere.
#pragma STDC FP_CONTRACT OFF

// One element of the step; inlined into both loops below.
static inline float adam_one(float w, float gi, float *m, float *v, float beta1, float beta2,
                             float keep1, float keep2, float rate, float epsilon) {
    const float mi = beta1 * *m + keep1 * gi;
    const float vi = beta2 * *v + keep2 * gi * gi;
    *m = mi;
    *v = vi;
    return w - rate * mi / (__builtin_elementwise_sqrt(vi) + epsilon);
}

void nnbook_adam_step(const float *w, float *g, float *m, float *v, float *out, size_t n,
                      float beta1, float beta2, float rate, float epsilon, int clear) {
    const float keep1 = 1 - beta1, keep2 = 1 - beta2;
    // m, v and g are buffers of their own (`restrict`), so the only overlap the
    // compiler must allow for is out with w, which is harmless element by element.
    float *restrict mr = m, *restrict vr = v, *restrict gr = g;
    if (clear) {
        for (size_t i = 0; i < n; i++) {
            out[i] = adam_one(w[i], gr[i], &mr[i], &vr[i], beta1, beta2, keep1, keep2, rate, epsilon);
            gr[i] = 0;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            out[i] = adam_one(w[i], gr[i], &mr[i], &vr[i], beta1, beta2, keep1, keep2, rate, epsilon);
        }
    }
}
