/* roster's settings: built-in defaults, then the config file
 * (~/.config/roster/config, key = value), then the environment
 * (ROSTER_SERVER), then the command line. */
#ifndef ROSTER_CLIENT_CONFIG_H
#define ROSTER_CLIENT_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#define ROSTER_DEFAULT_SERVER "http://127.0.0.1:8470"

/* Exit statuses, documented in --help and roster(1). */
enum roster_exit {
	ROSTER_EXIT_OK = 0,    /* the user quit (or --help, --version) */
	ROSTER_EXIT_FAIL = 1,  /* the terminal or the network layer could not start */
	ROSTER_EXIT_USAGE = 2, /* bad command line or config file */
};

struct config {
	char *server;          /* base URL without /api/v1 */
	char *cafile;          /* CA bundle for HTTPS, or NULL for the system's */
	char *lang;            /* "zh_CN", "en" or NULL (from the locale) */
	char *download_dir;    /* where downloads go (the kiosk folder in kiosk mode) */
	char *config_path;     /* the file that was read, or NULL */
	bool kiosk;
	bool may_quit;         /* kiosk mode with a way out (--ssh) */
	bool ascii;            /* never draw non-ASCII symbols */
	int kiosk_idle;        /* seconds without a key before sign-out */
	bool kiosk_staff;      /* staff accounts may sign in at this kiosk */
	bool kiosk_save_local; /* a kiosk also offers saving documents here */
	int connect_timeout;   /* seconds */
	int timeout;           /* seconds a reply may stall (low-speed limit) */
};

/* What parsing the command line decided. */
enum config_action { CFG_RUN, CFG_HELP, CFG_VERSION, CFG_ERROR };

void config_defaults(struct config *cfg);
/* Read one config file; a missing file is fine (returns 0). Returns -1 and
 * prints "path:line: why" to stderr on a bad line. */
int config_load_file(struct config *cfg, const char *path);
/* Defaults, file, environment and argv in that order. */
enum config_action config_load(struct config *cfg, int argc, char **argv);
void config_usage(FILE *out);
void config_free(struct config *cfg);

#endif
