#ifndef NNBOOK_CZLIB_SHIM_H
#define NNBOOK_CZLIB_SHIM_H
/* zlib, for MNIST's gzip-compressed IDX files. */
#include <zlib.h>
#endif
