#ifndef CMEMORY_H
#define CMEMORY_H
#include <stddef.h>

/// Bytes the C heap has handed out and not taken back (glibc's mallinfo2:
/// small blocks plus those mapped on their own), or 0 where that is unknown.
/// Swift's arrays, strings and objects all come from this heap, so this is
/// the memory a session's values really hold.
///
/// The first call also turns glibc's fastbins off (mallopt M_MXFAST 0), once
/// for the process: mallinfo2 walks the free lists block by block, and
/// fastbins keep every freed small block apart — after a graph of a million
/// autograd nodes was freed, one call took 25 ms; without fastbins, 1 µs.
/// Small allocations stay fast through glibc's per-thread cache (tcache).
size_t nnbook_heap_in_use(void);

/// Adds `bytes` to a running tally shared by every thread (one atomic add).
/// Returns 0 while the tally stays below `batch`; once it reaches `batch`,
/// empties it and returns what it held, so that many small allocations are
/// checked against the memory limit once per `batch` bytes.
size_t nnbook_tally_small(size_t bytes, size_t batch);

#endif
