#ifndef CMEMORY_H
#define CMEMORY_H
#include <stddef.h>

/// Bytes the C heap has handed out and not taken back (glibc's mallinfo2:
/// small blocks plus those mapped on their own), or 0 where that is unknown.
/// Swift's arrays, strings and objects all come from this heap, so this is
/// the memory a session's values really hold.
size_t nnbook_heap_in_use(void);

#endif
