#ifndef CKERNELS_H
#define CKERNELS_H
#include <stddef.h>

/// One Adam step over n parameters, element by element:
///   m ← β₁·m + (1 − β₁)·g,  v ← β₂·v + (1 − β₂)·g²,
///   out ← w − rate·m / (√v + ε)
/// where `rate` already carries Adam's bias correction. With `clear` ≠ 0,
/// each gᵢ is set to 0 once read, so the next backward pass can accumulate
/// into g. `out` may be `w` (each element is read before it is written),
/// but not `m` or `v`.
///
/// Written in C for one reason: the square root. Swift's `Float.squareRoot()`
/// on Linux goes through C's sqrtf, which must be able to set errno, so the
/// loop stays one element at a time; here `__builtin_elementwise_sqrt` is the
/// bare instruction and clang vectorises the loop (docs/performance.md).
void nnbook_adam_step(const float *w, float *g, float *m, float *v, float *out, size_t n,
                      float beta1, float beta2, float rate, float epsilon, int clear);

#endif
