#ifndef NNBOOK_CCMARKGFM_SHIM_H
#define NNBOOK_CCMARKGFM_SHIM_H
/* GitHub's CommonMark parser (Debian: libcmark-gfm-dev) and its extensions
   (libcmark-gfm-extensions-dev), for GFM tables. See docs/markdown.md. */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#endif
