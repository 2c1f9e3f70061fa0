#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's own driver (compiler-rt, linked by -sanitize=fuzzer). SwiftPM
/// points `main` at the Swift module's entry point on Linux, so libFuzzer's
/// `main` is never linked in; the Swift `@main` calls this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv,
                        int (*callback)(const uint8_t *data, size_t size));

#endif
