/* Saving downloads into the download folder (download.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "download.h"
#include "kiosk.h"
#include "roster/err.h"
#include "roster/i18n.h"
#include "roster/paths.h"
#include "roster/xalloc.h"

/* Only the last path part, and nothing that could climb out of the folder
 * or hide the file. */
static char *safe_name(const char *name)
{
	const char *base = name ? strrchr(name, '/') : NULL;

	base = base ? base + 1 : (name ? name : "");
	while (*base == '.')
		base++;
	if (!*base)
		base = "download";
	return xstrdup(base);
}

/* Create a new file in dir for base (numbering it when the name is
 * taken); returns the open descriptor and sets *full, or -1 with errno. */
static int create_unique(const char *dir, const char *base, char **full, mode_t mode)
{
	const char *dot = strrchr(base, '.');
	int fd = -1, i;

	*full = NULL;
	for (i = 1; i < 1000; i++) {
		free(*full);
		if (i == 1)
			*full = xasprintf("%s/%s", dir, base);
		else if (dot)
			*full = xasprintf("%s/%.*s (%d)%s", dir, (int)(dot - base), base, i, dot);
		else
			*full = xasprintf("%s/%s (%d)", dir, base, i);
		fd = open(*full, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	return fd;
}

/* Write data to a new file in dir; 0 and *path, or -1 and *why. */
static int save_file(const char *dir, const char *name, const void *data, size_t len,
                     mode_t mode, char **path, char **why)
{
	char *base = safe_name(name), *full = NULL;
	size_t off = 0;
	int fd;

	if (paths_make_dirs(dir) != 0 && access(dir, W_OK) != 0) {
		*why = xasprintf(_("Cannot write to the folder %s: %s"), dir, strerror(errno));
		free(base);
		return -1;
	}
	fd = create_unique(dir, base, &full, mode);
	free(base);
	if (fd < 0)
		goto fail;
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;

			close(fd);
			unlink(full);
			errno = e;
			goto fail;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		int e = errno;

		unlink(full);
		errno = e;
		goto fail;
	}
	*path = full;
	return 0;
fail:
	*why = xasprintf(_("Cannot save %s: %s"), full, strerror(errno));
	free(full);
	return -1;
}

const char *download_dir(struct app *app)
{
	const struct config *cfg = app_config(app);
	const char *dir = cfg && cfg->download_dir ? cfg->download_dir : ".";

	return cfg && cfg->kiosk ? kiosk_session_dir(dir) : dir;
}

bool download_saves_here(struct app *app)
{
	const struct config *cfg = app_config(app);

	return !cfg || !cfg->kiosk || cfg->kiosk_save_local;
}

bool download_reply(struct app *app, const char *name, const struct api_reply *r,
                    enum download_kind kind, char **path, char **why)
{
	const struct config *cfg = app_config(app);
	const char *dir = download_dir(app);
	char *saved = NULL, *reason = NULL;

	if (kind == DOWNLOAD_PDF && (!r->body || r->len < 5 || memcmp(r->body, "%PDF-", 5))) {
		free(*why);
		*why = xstrdup(_(err_message(ERR_BAD_REPLY)));
		return false;
	}
	if (!dir) {
		free(*why);
		*why = xasprintf(_("Cannot write to the folder %s: %s"),
		                 cfg->download_dir ? cfg->download_dir : ".", strerror(errno));
		return false;
	}
	/* at a kiosk only this session may read what it saved */
	if (save_file(dir, name, r->body ? r->body : "", r->len,
	              cfg && cfg->kiosk ? 0600 : 0644, &saved, &reason) != 0) {
		free(*why);
		*why = reason;
		return false;
	}
	free(*path);
	*path = saved;
	xfree(why);
	return true;
}
