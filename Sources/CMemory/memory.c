#include "CMemory.h"
#include <stdatomic.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <pthread.h>
#endif

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
static pthread_once_t fastbins_off = PTHREAD_ONCE_INIT;

/* Freed small blocks merge with their neighbours at once instead of waiting
   on fastbin lists, which mallinfo2 walks block by block. */
static void turn_fastbins_off(void) { mallopt(M_MXFAST, 0); }
#endif

size_t nnbook_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    pthread_once(&fastbins_off, turn_fastbins_off);
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#else
    return 0;
#endif
}

static _Atomic size_t tally = 0;

size_t nnbook_tally_small(size_t bytes, size_t batch) {
    size_t total = atomic_fetch_add_explicit(&tally, bytes, memory_order_relaxed) + bytes;
    if (total < batch) return 0;
    /* Two threads may both see it full; the second then takes what little came since. */
    return atomic_exchange_explicit(&tally, 0, memory_order_relaxed);
}
