/* Install paths (paths.h). */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "roster/i18n.h"
#include "roster/paths.h"

static char data_dir[PATH_MAX];
static char locale_dir[PATH_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Does dir hold probe (a file or folder that only ours has)? */
static bool holds(const char *dir, const char *probe)
{
	char p[PATH_MAX];
	struct stat st;

	return snprintf(p, sizeof p, "%s/%s", dir, probe) < (int)sizeof p && stat(p, &st) == 0;
}

/* compiled when it holds probe; else <exe>/../../share/<tail> when that
 * does (the executable sits in <prefix>/bin or <prefix>/sbin); else
 * compiled. */
static void pick(char out[PATH_MAX], const char *compiled, const char *tail, const char *probe)
{
	char exe[PATH_MAX];
	ssize_t n;

	snprintf(out, PATH_MAX, "%s", compiled);
	if (holds(compiled, probe))
		return;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return;
		*slash = '\0';
	}
	char cand[PATH_MAX];
	if (snprintf(cand, sizeof cand, "%s/share/%s", exe, tail) < (int)sizeof cand && holds(cand, probe))
		snprintf(out, PATH_MAX, "%s", cand);
}

static void paths_init(void)
{
	pick(data_dir, ROSTER_DATADIR, "roster", "catalogue");
	pick(locale_dir, ROSTER_LOCALEDIR, "locale", "zh_CN/LC_MESSAGES/" ROSTER_TEXTDOMAIN ".mo");
}

const char *paths_data_dir(void)
{
	pthread_once(&once, paths_init);
	return data_dir;
}

const char *paths_locale_dir(void)
{
	pthread_once(&once, paths_init);
	return locale_dir;
}

const char *paths_config_file(void)
{
	return ROSTER_SYSCONFDIR "/roster/rosterd.conf";
}

bool paths_catalogue_present(const char *dir, const char *lang)
{
	char p[PATH_MAX];

	if (snprintf(p, sizeof p, "%s/%s/LC_MESSAGES/%s.mo", dir, lang, ROSTER_TEXTDOMAIN) >= (int)sizeof p)
		return false;
	return access(p, R_OK) == 0;
}

int paths_make_dirs(const char *dir)
{
	char *p = strdup(dir), *s;
	int rc = 0;

	if (!p)
		return -1;
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
