/* Configuration handling shared by the commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "roster/xalloc.h"
#include "assoc_time.h"
#include "cli.h"
#include "i18n.h"
#include "config.h"
#include "roster/paths.h"

const struct config *g_cfg;

int cli_config_begin(struct config *cfg, int argc, char **argv)
{
	const char *path = NULL, *env;
	char err[512];

	config_defaults(cfg);
	/* the test runner and `make run` say where the shipped data is */
	env = getenv("ROSTER_DATADIR");
	if (env && *env) {
		free(cfg->data_dir);
		cfg->data_dir = xstrdup(env);
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[i + 1];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			path = argv[i] + 9;
	}
	if (!path) {
		env = getenv("ROSTERD_CONFIG");
		if (env && *env)
			path = env;
		else if (access(paths_config_file(), R_OK) == 0)
			path = paths_config_file();
	}
	if (path && config_load_file(cfg, path, err, sizeof err) != 0) {
		fprintf(stderr, "rosterd: %s\n", err);
		return -1;
	}
	return 0;
}

int cli_config_set(struct config *cfg, const char *name, const char *value)
{
	char err[512];

	if (config_set(cfg, name, value, err, sizeof err) != 0) {
		fprintf(stderr, "rosterd: %s\n", err);
		return -1;
	}
	return 0;
}

int cli_config_option(struct config *cfg, int opt, const char *arg)
{
	char name[128];
	const char *eq;

	switch (opt) {
	case 'c':
		return 0;   /* read by cli_config_begin */
	case 'd':
		return cli_config_set(cfg, "database.path", arg);
	case 'D':
		return cli_config_set(cfg, "server.data_dir", arg);
	case 'S':
		eq = strchr(arg, '=');
		if (!eq || (size_t)(eq - arg) >= sizeof name) {
			fprintf(stderr, "rosterd: --set wants section.key=value\n");
			return -1;
		}
		memcpy(name, arg, (size_t)(eq - arg));
		name[eq - arg] = '\0';
		return cli_config_set(cfg, name, eq + 1);
	}
	return -1;
}

int cli_config_end(struct config *cfg)
{
	char err[512];

	if (config_finish(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "rosterd: %s\n", err);
		return -1;
	}
	/* gettext always reads the Chinese catalogue; English, the source
	 * language, needs none. The configured language is the default for a
	 * request that does not ask for one (Accept-Language, see i18n.c). */
	setenv("LANGUAGE", "zh_CN", 1);
	i18n_default_english(cfg->language && strncmp(cfg->language, "en", 2) == 0);
	/* every date the server works out is the association's */
	assoc_time_init(cfg->timezone);
	g_cfg = cfg;
	return 0;
}
