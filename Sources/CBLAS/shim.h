#ifndef NNBOOK_CBLAS_SHIM_H
#define NNBOOK_CBLAS_SHIM_H
/* CBLAS: OpenBLAS on Linux (Debian's libopenblas-dev), Accelerate on macOS. */
#ifdef __APPLE__
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
/* One BLAS thread by default: two help only at large batches and collapse
   when another process holds a core (docs/performance.md). */
void openblas_set_num_threads(int num_threads);
#endif
#endif
