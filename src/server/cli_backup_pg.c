/* rosterd backup / restore on PostgreSQL: PostgreSQL's own pg_dump and
 * pg_restore (package postgresql-client), in their custom format. pg_dump
 * reads one consistent snapshot while rosterd serves; pg_restore replaces
 * every object of the dump in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "roster/xalloc.h"
#include "cli.h"
#include "cli_backup_pg.h"
#include "store/jobs.h"
#include "store/store.h"

/* Run argv (a PostgreSQL tool found on PATH) and wait: its exit status, or
 * -1 when it could not run. */
static int run_tool(char *const argv[])
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "rosterd: %s: cannot run it (is postgresql-client installed?)\n",
		        argv[0]);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* pg_dump of url into file, written beside it and renamed when whole. */
static int dump_to(const char *url, const char *file)
{
	char *tmp = xasprintf("%s.part", file);
	char *fileopt = xasprintf("--file=%s", tmp);
	char *dbopt = xasprintf("--dbname=%s", url);
	char *argv[] = { "pg_dump", "--format=custom", "--no-owner", "--no-privileges",
	                 fileopt, dbopt, NULL };
	int rc = run_tool(argv);

	if (rc == 0 && rename(tmp, file) != 0)
		rc = -1;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	free(fileopt);
	free(dbopt);
	return rc;
}

int backup_pg(const struct config *cfg, const char *file)
{
	struct db *db = db_open(cfg->db_path);
	int version;

	if (!db)
		return 1;
	version = store_schema_version(db);
	db_close(db);
	if (version <= 0) {
		fprintf(stderr, "rosterd: the database holds no Roster schema; nothing to back up\n");
		return 1;
	}
	if (dump_to(cfg->db_path, file) != 0) {
		fprintf(stderr, "rosterd: backup failed (pg_dump, above)\n");
		return 1;
	}
	printf("rosterd: backup of the PostgreSQL database written to %s (schema %d)\n", file,
	       version);
	return 0;
}

int restore_pg(const struct config *cfg, const char *file, bool force)
{
	struct db *db = NULL;
	char *saved = NULL, *dbopt = NULL;
	char *list_argv[] = { "pg_restore", "--list", (char *)file, NULL };
	int rc = 1;

	/* a dump that pg_restore cannot even list is refused before anything */
	if (access(file, R_OK) != 0 || run_tool(list_argv) != 0) {
		fprintf(stderr, "rosterd: %s is not a PostgreSQL backup (pg_dump custom format)\n",
		        file);
		return 1;
	}
	db = db_open(cfg->db_path);
	if (!db)
		return 1;
	if (!force && restore_in_use(db, "the database", "stop every instance first"))
		goto done;
	db_close(db);
	db = NULL;
	saved = xasprintf("%s.before-restore", file);
	if (dump_to(cfg->db_path, saved) != 0) {
		fprintf(stderr, "rosterd: cannot keep the current database as %s\n", saved);
		goto done;
	}
	dbopt = xasprintf("--dbname=%s", cfg->db_path);
	{
		char *argv[] = { "pg_restore", "--clean", "--if-exists", "--no-owner",
		                 "--no-privileges", "--single-transaction", "--exit-on-error",
		                 dbopt, (char *)file, NULL };

		if (run_tool(argv) != 0) {
			fprintf(stderr, "rosterd: restore failed (pg_restore, above); the database "
			        "is as it was\n");
			goto done;
		}
	}
	/* the backup may be older than this rosterd */
	db = db_open(cfg->db_path);
	if (!db || store_migrate(db, NULL) != ST_OK)
		goto done;
	printf("rosterd: the PostgreSQL database restored from %s (schema %d); the previous "
	       "one is in %s\n", file, store_schema_version(db), saved);
	rc = 0;
done:
	free(saved);
	free(dbopt);
	db_close(db);
	return rc;
}
