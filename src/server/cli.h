/* The rosterd commands (cli_*.c), called by main.c. Each returns the exit
 * status: 0 done, 1 failed, 2 bad usage. */
#ifndef ROSTERD_CLI_H
#define ROSTERD_CLI_H

#include <getopt.h>
#include "server.h"

int cli_serve(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_reconcile(int argc, char **argv);
int cli_jobs(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_seed(int argc, char **argv);

/* Demo members at every stage (cli_demo.c), after the demo staff exist:
 * 0 or -1 (logged). */
struct db;
int cli_demo_members(struct db *db);

/* Options every command takes that set configuration. */
#define CLI_CONFIG_OPTIONS \
	{ "config",   required_argument, NULL, 'c' }, \
	{ "db",       required_argument, NULL, 'd' }, \
	{ "data-dir", required_argument, NULL, 'D' }, \
	{ "set",      required_argument, NULL, 'S' }

/* Defaults, then the --config file (or the installed rosterd.conf when
 * present), before the other options are read. 0 or -1 (printed). */
int cli_config_begin(struct config *cfg, int argc, char **argv);
/* Apply one of CLI_CONFIG_OPTIONS (or a command's option that maps to a
 * "section.key"). 0, or -1 (printed). */
int cli_config_option(struct config *cfg, int opt, const char *arg);
int cli_config_set(struct config *cfg, const char *name, const char *value);
/* config_finish, then make cfg the global configuration. 0 or -1 (printed). */
int cli_config_end(struct config *cfg);

#endif
