#ifndef CFILES_H
#define CFILES_H

/// Renames `from` to `to` unless `to` exists, as one step of the kernel:
/// Linux's renameat2(RENAME_NOREPLACE), macOS's renamex_np(RENAME_EXCL).
/// Returns 0, or -1 with errno: EEXIST when `to` exists (however late it
/// appeared); EINVAL or ENOSYS when the kernel or file system cannot do it
/// (an old kernel, some network file systems), and the caller must find
/// another way. Glibc's Swift module does not expose renameat2, hence C.
int nnbook_rename_noreplace(const char *from, const char *to);

#endif
