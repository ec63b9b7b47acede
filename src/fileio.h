/* fileio: whole reads and writes on file descriptors (EINTR and short
 * transfers handled), mkdir -p and relative paths -- the few POSIX loops
 * every writer needs. */
#ifndef LDU_FILEIO_H
#define LDU_FILEIO_H

#include <stddef.h>
#include <sys/types.h>

/** Write all `n` bytes at the file position; 0, or -1 with errno. */
int ldu_write_all(int fd, const void *p, size_t n);

/** Write all `n` bytes at offset `at` (pwrite); 0, or -1 with errno. */
int ldu_write_at(int fd, const void *p, size_t n, off_t at);

/** Read exactly `n` bytes at offset `at` (pread); 0, or -1 (errno, or
 *  the file ended first). */
int ldu_read_at(int fd, void *p, size_t n, off_t at);

/** Read exactly `n` bytes at the file position: 1 read, 0 end of file
 *  before the first byte, -1 error or a short read. */
int ldu_read_all(int fd, void *p, size_t n);

/** Create folder `dir` and the folders above it (mkdir -p); 0, or -1 with
 *  errno (ENOTDIR when `dir` exists and is not a folder). */
int ldu_mkdir_p(const char *dir);

/** `path` relative to the folder `dir` ("book.epub", "../x/daisy", ""
 *  for `dir` itself), both taken against the working folder and by their
 *  letters (".." undone, symbolic links not followed; neither need
 *  exist).  The caller frees the result; NULL (errno set) when out of
 *  memory or the working folder cannot be known. */
char *ldu_path_relative(const char *dir, const char *path);

#endif
