/* Settings from defaults, the config file, the environment and argv. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

static void set_str(char **dst, const char *val)
{
	free(*dst);
	*dst = (val && *val) ? xstrdup(val) : NULL;
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->server = xstrdup(ROSTER_DEFAULT_SERVER);
	cfg->kiosk_idle = 120;
	cfg->connect_timeout = 10;
	cfg->timeout = 30;
}

void config_free(struct config *cfg)
{
	xfree(&cfg->server);
	xfree(&cfg->cafile);
	xfree(&cfg->lang);
	xfree(&cfg->download_dir);
	xfree(&cfg->config_path);
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcasecmp(v, "on")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "0") || !strcasecmp(v, "no") || !strcasecmp(v, "false") ||
	    !strcasecmp(v, "off")) {
		*out = false;
		return 0;
	}
	return -1;
}

static int parse_secs(const char *v, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 1 || n > 86400)
		return -1;
	*out = (int)n;
	return 0;
}

static int check_lang(const char *v)
{
	return (!strcmp(v, "zh_CN") || !strcmp(v, "en")) ? 0 : -1;
}

/* One setting by name; the same names serve the file and (with dashes) the
 * command line. Returns -1 on a bad value, -2 on an unknown key. */
static int config_set(struct config *cfg, const char *key, const char *val)
{
	if (!strcmp(key, "server"))
		set_str(&cfg->server, val);
	else if (!strcmp(key, "cafile"))
		set_str(&cfg->cafile, val);
	else if (!strcmp(key, "download_dir"))
		set_str(&cfg->download_dir, val);
	else if (!strcmp(key, "lang")) {
		if (check_lang(val))
			return -1;
		set_str(&cfg->lang, val);
	} else if (!strcmp(key, "kiosk"))
		return parse_bool(val, &cfg->kiosk);
	else if (!strcmp(key, "ascii"))
		return parse_bool(val, &cfg->ascii);
	else if (!strcmp(key, "kiosk_idle"))
		return parse_secs(val, &cfg->kiosk_idle);
	else if (!strcmp(key, "kiosk_staff"))
		return parse_bool(val, &cfg->kiosk_staff);
	else if (!strcmp(key, "kiosk_save_local"))
		return parse_bool(val, &cfg->kiosk_save_local);
	else if (!strcmp(key, "connect_timeout"))
		return parse_secs(val, &cfg->connect_timeout);
	else if (!strcmp(key, "timeout"))
		return parse_secs(val, &cfg->timeout);
	else
		return -2;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_load_file(struct config *cfg, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int lineno = 0, rc = 0;

	if (!f)
		return errno == ENOENT ? 0 : (fprintf(stderr, "roster: %s: %s\n", path,
		                                      strerror(errno)), -1);
	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line), *eq, *key, *val;
		int r;

		lineno++;
		if (!*s || *s == '#' || *s == ';')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			fprintf(stderr, _("roster: %s:%d: expected key = value\n"), path, lineno);
			rc = -1;
			continue;
		}
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		r = config_set(cfg, key, val);
		if (r == -2) {
			fprintf(stderr, _("roster: %s:%d: unknown setting \"%s\"\n"), path, lineno, key);
			rc = -1;
		} else if (r < 0) {
			fprintf(stderr, _("roster: %s:%d: bad value for %s\n"), path, lineno, key);
			rc = -1;
		}
	}
	fclose(f);
	if (rc == 0)
		set_str(&cfg->config_path, path);
	return rc;
}

void config_usage(FILE *out)
{
	fprintf(out, _(
"Usage: roster [OPTION]...\n"
"Membership client for the Roster server.\n"
"\n"
"  -s, --server URL        server address (default %s;\n"
"                          also ROSTER_SERVER and \"server\" in the config file)\n"
"      --cafile FILE       CA certificates for an HTTPS server\n"
"  -l, --lang LANG         language: zh_CN or en (default: from the locale)\n"
"  -c, --config FILE       config file (default ~/.config/roster/config)\n"
"      --download-dir DIR  where downloaded documents go\n"
"      --kiosk             front-desk kiosk mode\n"
"      --kiosk-idle SECS   sign out after SECS without a key (default 120)\n"
"      --ssh               the SSH front door: kiosk mode in which the member\n"
"                          may quit (which ends the connection)\n"
"      --ascii             draw with ASCII characters only\n"
"  -h, --help              show this help and exit\n"
"  -V, --version           show the version and exit\n"
"\n"
"Exit status: 0 when the user quits, 1 when the terminal or the network\n"
"layer cannot start, 2 for a bad command line or config file.\n"),
	        ROSTER_DEFAULT_SERVER);
}

static char *default_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg)
		return xasprintf("%s/roster/config", xdg);
	if (home && *home)
		return xasprintf("%s/.config/roster/config", home);
	return NULL;
}

enum config_action config_load(struct config *cfg, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "cafile", required_argument, NULL, 'C' },
		{ "lang", required_argument, NULL, 'l' },
		{ "config", required_argument, NULL, 'c' },
		{ "download-dir", required_argument, NULL, 'D' },
		{ "kiosk", no_argument, NULL, 'k' },
		{ "kiosk-idle", required_argument, NULL, 'I' },
		{ "ssh", no_argument, NULL, 'H' },
		{ "ascii", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	char *dflt = NULL;
	enum config_action want = CFG_RUN;
	const char *env;
	int c;

	config_defaults(cfg);
	/* First pass: only --config, --help and --version, so the file can be
	 * read before the other flags override it. */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:l:c:hV", opts, NULL)) != -1) {
		if (c == 'c')
			file = optarg;
		else if (c == 'l' && check_lang(optarg) == 0)
			set_str(&cfg->lang, optarg); /* so --help speaks it too */
		else if (c == 'h')
			want = CFG_HELP;
		else if (c == 'V')
			want = CFG_VERSION;
	}
	if (want != CFG_RUN)
		return want;
	if (!file)
		file = dflt = default_config_path();
	if (file && config_load_file(cfg, file) < 0) {
		free(dflt);
		return CFG_ERROR;
	}
	free(dflt);
	env = getenv("ROSTER_SERVER");
	if (env && *env)
		set_str(&cfg->server, env);

	opterr = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:l:c:hV", opts, NULL)) != -1) {
		int r = 0;

		switch (c) {
		case 's': r = config_set(cfg, "server", optarg); break;
		case 'C': r = config_set(cfg, "cafile", optarg); break;
		case 'l': r = config_set(cfg, "lang", optarg); break;
		case 'D': r = config_set(cfg, "download_dir", optarg); break;
		case 'k': cfg->kiosk = true; break;
		case 'H': cfg->kiosk = true; cfg->may_quit = true; break;
		case 'A': cfg->ascii = true; break;
		case 'I': r = config_set(cfg, "kiosk_idle", optarg); break;
		case 'c': break;
		default: return CFG_ERROR;
		}
		if (r < 0) {
			fprintf(stderr, _("roster: bad value \"%s\" for --%s\n"), optarg,
			        c == 'l' ? "lang" : c == 'I' ? "kiosk-idle" : "server");
			return CFG_ERROR;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("roster: unexpected argument \"%s\"\n"), argv[optind]);
		return CFG_ERROR;
	}
	if (!cfg->server || (strncmp(cfg->server, "http://", 7) &&
	                     strncmp(cfg->server, "https://", 8))) {
		fprintf(stderr, _("roster: the server address must start with http:// or https://\n"));
		return CFG_ERROR;
	}
	/* "http://host:port/" and "http://host:port" name the same server */
	{
		size_t n = strlen(cfg->server);
		while (n > 8 && cfg->server[n - 1] == '/')
			cfg->server[--n] = '\0';
	}
	if (!cfg->download_dir) {
		const char *home = getenv("HOME");
		cfg->download_dir = xasprintf("%s/Downloads", home && *home ? home : ".");
	}
	return CFG_RUN;
}
