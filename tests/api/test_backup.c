/* rosterd backup and restore, and the scheduler's lease:
 * - a backup taken while a client keeps writing is one consistent
 *   snapshot, sound, and restores into a database a new rosterd serves
 *   (an SQLite file, or pg_dump's dump of a PostgreSQL database);
 * - restore refuses a database a rosterd is serving;
 * - two rosterd instances on one database: only the lease holder runs the
 *   jobs; when it stops, the other takes over; `rosterd jobs run-now`
 *   is refused while a server holds the lease. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "harness.h"
#include "fixture.h"
#include "roster/json.h"

/* Run a shell command line: exit status; *out (may be NULL) gets its
 * standard output and error (malloc'd). */
static int sh(const char *cmd, char **out)
{
	char buf[4096], full[3000];
	size_t n = 0, r;
	char *text = NULL;
	FILE *p;
	int st;

	snprintf(full, sizeof full, "%s 2>&1", cmd);
	p = popen(full, "r");
	assert_non_null(p);
	while ((r = fread(buf, 1, sizeof buf, p)) > 0) {
		text = realloc(text, n + r + 1);
		memcpy(text + n, buf, r);
		n += r;
		text[n] = '\0';
	}
	st = pclose(p);
	if (!text)
		text = strdup("");
	if (out)
		*out = text;
	else
		free(text);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static long long sql_at(const char *db, const char *q)
{
	char cmd[1200], *out;
	long long v;

	snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", db, q);
	assert_int_equal(sh(cmd, &out), 0);
	v = atoll(out);
	free(out);
	return v;
}

/* `rosterd serve` on an existing database (a restored one; a file or a
 * URL), its outbox and log at FILES.outbox and FILES.log: fills a
 * test_server's pid, port and base so the http_* calls reach it. */
static void serve(struct test_server *s, const char *db, const char *files, const char *extra)
{
	char cmd[1500];
	int fds[2];
	FILE *f;
	char line[256];

	memset(s, 0, sizeof *s);
	snprintf(s->db, sizeof s->db, "%s", db);
	assert_int_equal(pipe(fds), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		snprintf(cmd, sizeof cmd, "exec '%s' serve --port 0 --db '%s' --data-dir '%s' "
		         "--outbox '%s.outbox' %s 2>>'%s.log'", getenv("ROSTERD"), db,
		         getenv("ROSTER_DATADIR"), files, extra, files);
		dup2(fds[1], 1);
		close(fds[0]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	const char *p = strstr(line, "http://");
	assert_non_null(p);
	snprintf(s->base, sizeof s->base, "%.*s", (int)strcspn(p, "\r\n"), p);
	s->port = atoi(strrchr(s->base, ':') + 1);
}

static int unserve(struct test_server *s)
{
	int st;

	kill(s->pid, SIGTERM);
	if (waitpid(s->pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A writer posting notices until killed: its pid. */
static pid_t keep_writing(const struct test_server *ts)
{
	pid_t writer = fork();

	assert_true(writer >= 0);
	if (writer == 0) {
		char *tok = ts_login(ts, "hq", "Hq-Demo-2026"), body[128];
		for (int i = 0; tok; i++) {
			struct http_reply r;
			snprintf(body, sizeof body, "{\"title\":\"load %d\",\"body\":\"写入 %d\"}", i, i);
			if (http_req(ts, "POST", "/api/v1/notices", tok, body, &r) == 0)
				http_reply_free(&r);
		}
		_exit(0);
	}
	return writer;
}

/* On PostgreSQL: rosterd backup (pg_dump) while a client writes is one
 * snapshot; restore (pg_restore) is refused under a serving rosterd and
 * puts the snapshot into another database, kept as it was beside the
 * backup, which a new rosterd then serves. */
static void backup_restore_pg(void)
{
	struct test_server ts, fresh, back;
	char bak[400], cmd[1500], conf[300], *out, *hq;
	long long at_backup, after;
	pid_t writer;

	assert_int_equal(ts_start(&ts, NULL), 0);
	snprintf(bak, sizeof bak, "%s/backup.dump", ts.dir);
	writer = keep_writing(&ts);
	while (fx_sql_int(&ts, "SELECT COUNT(*) FROM notices WHERE title LIKE 'load %'") < 30)
		usleep(50 * 1000);
	snprintf(cmd, sizeof cmd, "'%s' backup '%s' --db '%s'", getenv("ROSTERD"), bak, ts.db);
	assert_int_equal(sh(cmd, &out), 0);
	assert_non_null(strstr(out, "written to"));
	free(out);
	usleep(200 * 1000);
	kill(writer, SIGKILL);
	waitpid(writer, NULL, 0);
	after = fx_sql_int(&ts, "SELECT COUNT(*) FROM notices WHERE title LIKE 'load %'");
	/* a dump pg_restore can read */
	snprintf(cmd, sizeof cmd, "pg_restore --list '%s' > /dev/null", bak);
	assert_int_equal(sh(cmd, NULL), 0);

	/* not under a serving rosterd */
	snprintf(cmd, sizeof cmd, "'%s' restore '%s' --db '%s'", getenv("ROSTERD"), bak, ts.db);
	assert_int_equal(sh(cmd, &out), 1);
	assert_non_null(strstr(out, "stop every instance first"));
	free(out);

	/* into another database (with the demo data, which the restore replaces) */
	assert_int_equal(ts_init(&fresh), 0);
	fx_sql(&fresh, "INSERT INTO notices (title, body, author_id, created_at, updated_at)"
	               " SELECT 'only here', 'x', id, 0, 0 FROM accounts WHERE username = 'hq'");
	snprintf(cmd, sizeof cmd, "'%s' restore '%s' --db '%s' --config '%s'", getenv("ROSTERD"),
	         bak, fresh.db, ts_config(&fresh, conf, sizeof conf));
	assert_int_equal(sh(cmd, &out), 0);
	free(out);
	at_backup = fx_sql_int(&fresh, "SELECT COUNT(*) FROM notices WHERE title LIKE 'load %'");
	assert_true(at_backup >= 30);
	assert_true(at_backup < after);
	/* a snapshot: the notices it has are the first k */
	assert_int_equal(fx_sql_int(&fresh, "SELECT MAX(CAST(substr(title, 6) AS INTEGER)) + 1"
	                                    " FROM notices WHERE title LIKE 'load %'"), at_backup);
	assert_int_equal(fx_sql_int(&fresh, "SELECT COUNT(*) FROM notices WHERE title = 'only here'"),
	                 0);
	snprintf(cmd, sizeof cmd, "pg_restore --list '%s.before-restore' > /dev/null", bak);
	assert_int_equal(sh(cmd, NULL), 0);
	assert_int_equal(ts_stop(&ts), 0);

	/* a rosterd serves the restored database, with its members */
	snprintf(cmd, sizeof cmd, "%s/b", fresh.dir);
	snprintf(conf, sizeof conf, "--config '%s/rosterd.conf'", fresh.dir);
	serve(&back, fresh.db, cmd, conf);
	hq = ts_login(&back, "hq", "Hq-Demo-2026");
	assert_non_null(hq);
	cJSON_Delete(fx_call(&back, "GET", "/api/v1/notices", hq, NULL, 200));
	free(hq);
	assert_int_equal(unserve(&back), 0);
	assert_int_equal(ts_stop(&fresh), 0);
}

static void test_backup_under_load_and_restore(void **state)
{
	struct test_server ts, back;
	char bak[400], fresh[400], cmd[1500], *out, *hq;
	long long at_backup, after;
	pid_t writer;
	(void)state;

	/* PostgreSQL's backup is pg_dump's: below */
	if (getenv("ROSTER_TEST_PG") && *getenv("ROSTER_TEST_PG")) {
		backup_restore_pg();
		return;
	}
	char dir[] = "/tmp/roster-restore-XXXXXX";

	assert_non_null(mkdtemp(dir));
	assert_int_equal(ts_start(&ts, NULL), 0);
	snprintf(bak, sizeof bak, "%s/backup.db", dir);
	snprintf(fresh, sizeof fresh, "%s/restored.db", dir);
	writer = keep_writing(&ts);
	/* let the writes get going, then back up in the middle of them */
	while (fx_sql_int(&ts, "SELECT COUNT(*) FROM notices WHERE title LIKE 'load %'") < 30)
		usleep(50 * 1000);
	snprintf(cmd, sizeof cmd, "'%s' backup '%s' --db '%s'", getenv("ROSTERD"), bak, ts.db);
	assert_int_equal(sh(cmd, &out), 0);
	free(out);
	usleep(200 * 1000);
	kill(writer, SIGKILL);
	waitpid(writer, NULL, 0);
	after = fx_sql_int(&ts, "SELECT COUNT(*) FROM notices WHERE title LIKE 'load %'");

	/* one sound file, a snapshot: the notices it has are the first k */
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' 'PRAGMA integrity_check'", bak);
	assert_int_equal(sh(cmd, &out), 0);
	assert_string_equal(out, "ok\n");
	free(out);
	assert_int_equal(access(strcat(strcpy(cmd, bak), "-wal"), F_OK), -1);
	at_backup = sql_at(bak, "SELECT COUNT(*) FROM notices WHERE title LIKE 'load %'");
	assert_true(at_backup >= 30);
	assert_true(at_backup < after);
	assert_int_equal(sql_at(bak, "SELECT MAX(CAST(substr(title, 6) AS INTEGER)) + 1 FROM notices"
	                             " WHERE title LIKE 'load %'"), at_backup);

	/* not under a serving rosterd */
	snprintf(cmd, sizeof cmd, "'%s' restore '%s' --db '%s'", getenv("ROSTERD"), bak, ts.db);
	assert_int_equal(sh(cmd, &out), 1);
	assert_non_null(strstr(out, "stop it first"));
	free(out);

	/* into another database, which a new rosterd then serves */
	snprintf(cmd, sizeof cmd, "'%s' init --db '%s' --data-dir '%s'", getenv("ROSTERD"), fresh,
	         getenv("ROSTER_DATADIR"));
	assert_int_equal(sh(cmd, NULL), 0);
	snprintf(cmd, sizeof cmd, "'%s' restore '%s' --db '%s'", getenv("ROSTERD"), bak, fresh);
	assert_int_equal(sh(cmd, &out), 0);
	free(out);
	assert_int_equal(sql_at(fresh, "SELECT COUNT(*) FROM notices WHERE title LIKE 'load %'"),
	                 at_backup);
	snprintf(cmd, sizeof cmd, "%s.before-restore", fresh);
	assert_int_equal(access(cmd, F_OK), 0);
	assert_int_equal(ts_stop(&ts), 0);
	serve(&back, fresh, fresh, "");
	hq = ts_login(&back, "hq", "Hq-Demo-2026");
	assert_non_null(hq);
	cJSON_Delete(fx_call(&back, "GET", "/api/v1/notices", hq, NULL, 200));
	free(hq);
	assert_int_equal(unserve(&back), 0);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(sh(cmd, NULL), 0);
}

static void test_one_instance_runs_the_jobs(void **state)
{
	struct test_server d, a, b;
	char files[300], cmd[1200], *out, first[160];
	const char *db;
	long long runs;
	(void)state;

	/* a database (a file, or one of its own on PostgreSQL) no server uses */
	assert_int_equal(ts_init(&d), 0);
	db = d.db;
	snprintf(files, sizeof files, "%s/a", d.dir);
	serve(&a, db, files, "--set schedule.interval=1");
	snprintf(files, sizeof files, "%s/b", d.dir);
	serve(&b, db, files, "--set schedule.interval=1");
	/* several runs, all by one owner */
	while (fx_sql_int(&d, "SELECT COUNT(*) FROM job_runs") < 4)
		usleep(100 * 1000);
	assert_int_equal(fx_sql_int(&d, "SELECT COUNT(DISTINCT owner) FROM job_runs"), 1);
	assert_int_equal(fx_sql_int(&d, "SELECT COUNT(*) FROM job_runs WHERE status <> 'ok'"
	                                " AND finished_at IS NOT NULL"), 0);
	out = fx_sql_text(&d, "SELECT owner FROM job_lease");
	snprintf(first, sizeof first, "%s", out);
	free(out);
	/* the command line waits its turn */
	snprintf(cmd, sizeof cmd, "'%s' jobs run-now --db '%s'", getenv("ROSTERD"), db);
	assert_int_equal(sh(cmd, &out), 1);
	assert_non_null(strstr(out, "holds the scheduler lease"));
	free(out);
	/* the holder stops (giving the lease up): the other one takes over */
	{
		long long pid_a = atoll(strchr(first, ':') + 1);
		struct test_server *holder = pid_a == a.pid ? &a : &b;
		struct test_server *other = holder == &a ? &b : &a;
		assert_int_equal(unserve(holder), 0);
		runs = fx_sql_int(&d, "SELECT COUNT(*) FROM job_runs");
		/* a second owner, and runs going on after the count above (the
		 * other may have taken over before it was read) */
		while (fx_sql_int(&d, "SELECT COUNT(DISTINCT owner) FROM job_runs") < 2 ||
		       fx_sql_int(&d, "SELECT COUNT(*) FROM job_runs") <= runs)
			usleep(100 * 1000);
		assert_int_equal(unserve(other), 0);
	}
	/* with no server, the command runs them */
	snprintf(cmd, sizeof cmd, "'%s' jobs run-now --db '%s'", getenv("ROSTERD"), db);
	assert_int_equal(sh(cmd, &out), 0);
	assert_non_null(strstr(out, "\"reminders\":"));
	free(out);
	snprintf(cmd, sizeof cmd, "'%s' jobs log --db '%s' --limit 1", getenv("ROSTERD"), db);
	assert_int_equal(sh(cmd, &out), 0);
	assert_non_null(strstr(out, "\tcommand\tok\t"));
	free(out);
	assert_int_equal(ts_stop(&d), 0);
}

/* The test clock is refused unless the environment says this is a test. */
static void test_clock_needs_testing_flag(void **state)
{
	char cmd[600], *out;
	(void)state;

	snprintf(cmd, sizeof cmd, "env -u ROSTERD_TESTING '%s' jobs run-now --db /nonexistent/x.db"
	         " --set testing.clock_file=/tmp/clock", getenv("ROSTERD"));
	assert_int_equal(sh(cmd, &out), 2);
	assert_non_null(strstr(out, "ROSTERD_TESTING=1"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_under_load_and_restore),
		cmocka_unit_test(test_one_instance_runs_the_jobs),
		cmocka_unit_test(test_clock_needs_testing_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
