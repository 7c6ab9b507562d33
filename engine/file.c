/*
 * file.c: reading whole content files with a size cap and clear messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tmengine.h"

/* Reads all of fd into a fresh buffer (len bytes plus a NUL). Returns TM_OK,
 * TM_ELIMIT when the file grows past max while reading, or TM_EIO. */
static int read_all(int fd, size_t max, char **out, size_t *len)
{
	size_t alloc = 4096, n = 0;
	char *buf = malloc(alloc + 1);
	if (buf == NULL)
		return TM_ENOMEM;
	for (;;) {
		if (n == alloc) {
			if (alloc > max) {
				free(buf);
				return TM_ELIMIT;
			}
			alloc *= 2;
			char *p = realloc(buf, alloc + 1);
			if (p == NULL) {
				free(buf);
				return TM_ENOMEM;
			}
			buf = p;
		}
		ssize_t r = read(fd, buf + n, alloc - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return TM_EIO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max) {
		free(buf);
		return TM_ELIMIT;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return TM_OK;
}

int tm_read_file(const char *path, size_t max, char **out, size_t *len, struct tm_diags *diags)
{
	struct stat st;
	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
	 * forever, before fstat() could tell it is not a file */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return tm_diags_add(diags, errno == ENOENT ? TM_ENOTFOUND : TM_EIO, path, 0, 0,
				    "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		int err = errno;
		close(fd);
		return tm_diags_add(diags, TM_EIO, path, 0, 0, "cannot read: %s", strerror(err));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return tm_diags_add(diags, TM_EIO, path, 0, 0,
				    "is a directory where a file is expected");
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return tm_diags_add(diags, TM_EIO, path, 0, 0,
				    "not a regular file (a FIFO, socket or device); give a file");
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return tm_diags_add(diags, TM_ELIMIT, path, 0, 0,
				    "file is %lld bytes, over the %zu-byte limit; split it",
				    (long long)st.st_size, max);
	}
	int flags = fcntl(fd, F_GETFL);
	if (flags >= 0)
		(void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	int rc = read_all(fd, max, out, len);
	close(fd);
	if (rc == TM_ELIMIT)
		return tm_diags_add(diags, rc, path, 0, 0,
				    "file is over the %zu-byte limit; split it", max);
	if (rc != TM_OK)
		return tm_diags_add(diags, rc, path, 0, 0, "cannot read: %s",
				    rc == TM_ENOMEM ? "out of memory" : strerror(errno));
	return TM_OK;
}
