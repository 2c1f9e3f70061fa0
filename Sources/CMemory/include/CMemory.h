#ifndef CMEMORY_H
#define CMEMORY_H
#include <stddef.h>

/// Bytes the C heap has handed out and not taken back (glibc's mallinfo2:
/// small blocks plus those mapped on their own), or 0 where that is unknown.
/// Swift's arrays, strings and objects all come from this heap, so this is
/// the memory a session's values really hold.
size_t nnbook_heap_in_use(void);

/// Adds `bytes` to a running tally shared by every thread (one atomic add).
/// Returns 0 while the tally stays below `batch`; once it reaches `batch`,
/// empties it and returns what it held, so that many small allocations are
/// checked against the memory limit once per `batch` bytes.
size_t nnbook_tally_small(size_t bytes, size_t batch);

#endif
