#include "CMemory.h"
#include <stdatomic.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

size_t nnbook_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
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
