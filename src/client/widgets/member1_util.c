/* Helpers shared by the member screens (member1_util.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "ui.h"
#include "i18n_setup.h"
#include "widgets/member1_util.h"
#include "roster/err.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

/* mkdir -p for the download folder (kiosk folders usually exist already). */
static int make_dirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* Only the last path part, and nothing that could climb out of the folder
 * or hide the file. */
static char *safe_name(const char *name)
{
	const char *base = name ? strrchr(name, '/') : NULL;
	char *s;

	base = base ? base + 1 : (name ? name : "");
	while (*base == '.')
		base++;
	if (!*base)
		base = "download";
	s = xstrdup(base);
	return s;
}

int download_save(const struct config *cfg, const char *name,
                  const void *data, size_t len, char **path, char **why)
{
	const char *dir = cfg && cfg->download_dir ? cfg->download_dir : ".";
	char *base = safe_name(name), *dot, *full = NULL;
	int fd = -1, i;
	size_t off = 0;

	*path = NULL;
	*why = NULL;
	if (make_dirs(dir) != 0 && access(dir, W_OK) != 0) {
		*why = xasprintf(_("Cannot write to the folder %s: %s"), dir, strerror(errno));
		free(base);
		return -1;
	}
	dot = strrchr(base, '.');
	for (i = 1; i < 1000; i++) {
		free(full);
		if (i == 1)
			full = xasprintf("%s/%s", dir, base);
		else if (dot)
			full = xasprintf("%s/%.*s (%d)%s", dir, (int)(dot - base), base, i, dot);
		else
			full = xasprintf("%s/%s (%d)", dir, base, i);
		fd = open(full, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	free(base);
	if (fd < 0) {
		*why = xasprintf(_("Cannot save %s: %s"), full, strerror(errno));
		free(full);
		return -1;
	}
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*why = xasprintf(_("Cannot save %s: %s"), full, strerror(errno));
			close(fd);
			unlink(full);
			free(full);
			return -1;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		*why = xasprintf(_("Cannot save %s: %s"), full, strerror(errno));
		unlink(full);
		free(full);
		return -1;
	}
	*path = full;
	return 0;
}

const char *json_s(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

long long json_ll(const cJSON *obj, const char *key, long long dflt)
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble)
		return dflt;
	return (long long)v->valuedouble;
}

const char *json_name(const cJSON *obj)
{
	bool en = !strcmp(i18n_language(), "en");
	const char *s;

	if (cJSON_IsString(obj))
		return obj->valuestring;
	if (!cJSON_IsObject(obj))
		return NULL;
	s = json_s(obj, en ? "name_en" : "name_zh");
	if (!s || !*s)
		s = json_s(obj, en ? "name_zh" : "name_en");
	if (!s || !*s)
		s = json_s(obj, "name");
	if (!s || !*s)
		s = json_s(obj, "code");
	return s;
}

const char *json_name_of(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) ? json_name(cJSON_GetObjectItemCaseSensitive(obj, key)) : NULL;
}

const char *member_status_words(const char *status)
{
	static const struct { const char *code, *words; } map[] = {
		{ "none",            N_("Not applied yet") },
		{ "draft",           N_("Application not submitted") },
		{ "pending_branch",  N_("Awaiting branch review") },
		{ "pending_hq",      N_("Awaiting headquarters review") },
		{ "pending_payment", N_("Awaiting payment") },
		{ "active",          N_("Full member") },
		{ "grace",           N_("Expired, in grace period") },
		{ "expired",         N_("Expired") },
		{ "rejected",        N_("Rejected") },
		{ "approved",        N_("Approved") },
	};
	size_t i;

	if (!status || !*status)
		status = "none";
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].code, status))
			return _(map[i].words);
	return status;
}

bool days_until(const char *ymd, long *days)
{
	struct tm t, now;
	time_t today = time(NULL), then;
	int y, m, d;
	char extra;

	if (!ymd || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
		return false;
	if (!localtime_r(&today, &now))
		return false;
	memset(&t, 0, sizeof(t));
	t.tm_year = y - 1900;
	t.tm_mon = m - 1;
	t.tm_mday = d;
	t.tm_hour = 12;
	t.tm_isdst = -1;
	then = mktime(&t);
	now.tm_hour = 12;
	now.tm_min = now.tm_sec = 0;
	now.tm_isdst = -1;
	today = mktime(&now);
	if (then == (time_t)-1 || today == (time_t)-1)
		return false;
	*days = (long)((then - today) / 86400);
	return true;
}

int ui_print_wrapped(int y, int x, int w, int max_lines, const char *s, unsigned long attr)
{
	size_t st[8], ln[8];
	int n, i;

	if (!s || w <= 0 || max_lines <= 0)
		return 0;
	if (max_lines > 8)
		max_lines = 8;
	n = ui_wrap(s, w, st, ln, max_lines);
	if (n > max_lines)
		n = max_lines;
	for (i = 0; i < n; i++) {
		char *part = xstrndup(s + st[i], ln[i]);

		ui_print(y + i, x, w, part, (attr_t)attr);
		free(part);
	}
	return n;
}

int label_cols(const char *const *labels, size_t n, int cap)
{
	size_t i;
	int m = 0;

	for (i = 0; i < n; i++)
		if (labels[i] && (int)utf8_width(labels[i]) > m)
			m = (int)utf8_width(labels[i]);
	return m > cap ? cap : m;
}

const char *json_time_text(const cJSON *obj, const char *key, bool date_only,
                           char *buf, size_t len)
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	time_t t;
	struct tm tm;

	buf[0] = '\0';
	if (cJSON_IsString(v)) {
		snprintf(buf, len, "%.*s", date_only ? 10 : 16, v->valuestring);
		return buf;
	}
	if (!cJSON_IsNumber(v) || v->valuedouble <= 0)
		return buf;
	t = (time_t)v->valuedouble;
	if (localtime_r(&t, &tm))
		strftime(buf, len, date_only ? "%Y-%m-%d" : "%Y-%m-%d %H:%M", &tm);
	return buf;
}

void download_save_pdf(const struct config *cfg, const char *name,
                       const void *data, size_t len, char **saved, char **error)
{
	char *path = NULL, *why = NULL;

	if (len < 5 || memcmp(data, "%PDF-", 5)) {
		free(*error);
		*error = xstrdup(_(err_message(ERR_BAD_REPLY)));
		return;
	}
	if (download_save(cfg, name, data, len, &path, &why) == 0) {
		free(*saved);
		*saved = path;
		xfree(error);
	} else {
		free(*error);
		*error = why;
	}
}
