/* roster: the membership client. Reads the settings, sets up the language,
 * starts the shell on the welcome screen. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "config.h"
#include "format.h"
#include "i18n_setup.h"
#include "kiosk.h"
#include "screens/screens.h"
#include "roster/i18n.h"

int main(int argc, char **argv)
{
	struct config cfg;
	struct app *app;
	int rc;

	i18n_init_locale();
	/* times are the association's, not this machine's (format.h) */
	format_set_zone(FORMAT_DEFAULT_ZONE);
	switch (config_load(&cfg, argc, argv)) {
	case CFG_HELP:
		i18n_set_language(cfg.lang);
		config_usage(stdout);
		config_free(&cfg);
		return ROSTER_EXIT_OK;
	case CFG_VERSION:
		printf("roster %s\n", ROSTER_VERSION);
		config_free(&cfg);
		return ROSTER_EXIT_OK;
	case CFG_ERROR:
		fprintf(stderr, _("Try 'roster --help'.\n"));
		config_free(&cfg);
		return ROSTER_EXIT_USAGE;
	case CFG_RUN:
		break;
	}
	i18n_set_language(cfg.lang);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("roster: needs a terminal\n"));
		config_free(&cfg);
		return ROSTER_EXIT_FAIL;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "roster: libsodium failed to start\n");
		config_free(&cfg);
		return ROSTER_EXIT_FAIL;
	}
	app = app_new(&cfg);
	if (!app) {
		fprintf(stderr, _("roster: the network layer failed to start\n"));
		config_free(&cfg);
		return ROSTER_EXIT_FAIL;
	}
	if (cfg.kiosk) {
		kiosk_enter();
		kiosk_sweep_stale(cfg.download_dir);
	}
	rc = app_run(app, &scr_welcome_ops);
	app_free(app);
	if (cfg.kiosk) {
		kiosk_session_wipe();
		kiosk_leave();
	}
	config_free(&cfg);
	return rc;
}
