/* The PostgreSQL backend (libpq), for a database = postgresql://… URL.
 *
 * One connection per thread, as with SQLite. A statement is prepared on the
 * server (PQprepare, once per connection) the first time it runs, with the
 * types of that run's parameters: integers as int8, blobs as bytea, text and
 * NULL left for the server to infer from the SQL. Its SQL is SQLite's with
 * `?`/`?N` turned into `$N` and LIKE into ILIKE (SQLite's LIKE ignores case).
 * Results are read whole (PQexecPrepared), so a statement left mid-way holds
 * nothing on the server.
 *
 * Transactions: db_begin takes a transaction-level advisory lock, so write
 * transactions run one at a time across every instance on the database, as
 * SQLite's BEGIN IMMEDIATE does on one machine; code written for SQLite's
 * read-then-write transactions keeps its guarantees. Inside a transaction a
 * write runs under a savepoint, so a statement that fails (a UNIQUE clash the
 * caller handles, say) leaves the transaction usable, as in SQLite. A
 * statement outside a transaction that meets a serialisation failure or a
 * deadlock (40001, 40P01) is run again. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "roster/xalloc.h"
#include "log.h"
#include "server.h"
#include "store/db_backend.h"

#define OID_BOOL  16
#define OID_BYTEA 17
#define OID_INT8  20
#define OID_TEXT  25
#define OID_FLOAT8 701
/* any number: the key of pg_advisory_xact_lock for write transactions and
 * of pg_advisory_lock around migrations */
#define WRITE_LOCK_KEY   728471
#define MIGRATE_LOCK_KEY 728472
#define RETRIES 5

struct pg_db {
	struct db base;
	PGconn *conn;
	int changes;
	bool inserted;         /* an INSERT ran: lastval() is defined */
	int holding;           /* statements holding a result */
	unsigned next_name;
	unsigned generation;   /* bumped when the connection is reset */
};

struct pg_param {
	char *val;             /* NULL = SQL NULL */
	int len;
	int format;            /* 1 = binary (bytea) */
	unsigned type;         /* 0 = let the server infer */
};

struct pg_stmt {
	struct db_stmt base;
	char *sql;             /* rewritten for PostgreSQL */
	char name[16];
	unsigned prepared_gen; /* generation it was prepared in; 0 = never */
	bool write;            /* INSERT, UPDATE or DELETE */
	int nparams;
	struct pg_param *params;
	PGresult *res;         /* the result being read */
	PGresult *desc;        /* PQdescribePrepared, for column names */
	int cur;               /* current row, -1 before the first */
	unsigned char *blob;   /* last bytea decoded */
};

static struct pg_db *pg_of(struct db *db)
{
	return (struct pg_db *)db;
}

static struct pg_stmt *ps_of(struct db_stmt *st)
{
	return (struct pg_stmt *)st;
}

/* libpq's messages end in a newline (and may hold more lines): the first
 * line, for one log line. */
static const char *first_line(const char *msg, char *buf, size_t n)
{
	size_t k = strcspn(msg, "\n");

	snprintf(buf, n, "%.*s", (int)(k < n ? k : n - 1), msg);
	return buf;
}

/* ------------------------------------------------------------------ the SQL */

/* SQLite's SQL as PostgreSQL reads it: ?N and ? become $N (a bare ? takes
 * the number after the highest so far, as in SQLite), LIKE becomes ILIKE.
 * Quoted text is left alone. *nparams is the highest number. */
static char *rewrite_sql(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = xmalloc(n * 2 + 16), *o = out;
	int high = 0;
	char quote = 0;

	for (const char *p = sql; *p; ) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p++;
			continue;
		}
		if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p++;
			continue;
		}
		if (*p == '?') {
			int num = 0;

			p++;
			if (*p >= '0' && *p <= '9') {
				while (*p >= '0' && *p <= '9')
					num = num * 10 + (*p++ - '0');
			} else {
				num = high + 1;
			}
			if (num > high)
				high = num;
			o += sprintf(o, "$%d", num);
			continue;
		}
		if ((p == sql || p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t') &&
		    strncmp(p, "LIKE", 4) == 0 && (p[4] == ' ' || p[4] == '\n' || p[4] == '\t')) {
			memcpy(o, "ILIKE", 5);
			o += 5;
			p += 4;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	*nparams = high;
	return out;
}

static bool starts_with_word(const char *sql, const char *word)
{
	size_t n = strlen(word);

	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	return strncasecmp(sql, word, n) == 0 && (sql[n] == ' ' || sql[n] == '\n' || sql[n] == '\t');
}

/* ------------------------------------------------------------ the connection */

/* NOTICEs ("relation exists, skipping") are not for the log */
static void notice_drop(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* A command without parameters or rows; ST_OK or ST_ERROR (logged unless
 * quiet). */
static int simple(struct pg_db *p, const char *sql, bool quiet)
{
	PGresult *r = PQexec(p->conn, sql);
	ExecStatusType s = PQresultStatus(r);
	char m[256];
	int rc = (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) ? ST_OK : ST_ERROR;

	if (rc != ST_OK && !quiet)
		log_error("postgresql: %s in: %.200s", first_line(PQresultErrorMessage(r), m, sizeof m), sql);
	PQclear(r);
	return rc;
}

/* Session settings every connection needs: text in UTF-8, times in the
 * association's zone (what date(…, 'localtime') means), lock waits as long
 * as SQLite's busy timeout. */
static int session_setup(struct pg_db *p)
{
	char buf[64];
	const char *vals[1];
	PGresult *r;
	int rc = ST_OK;

	PQsetNoticeProcessor(p->conn, notice_drop, NULL);
	if (PQsetClientEncoding(p->conn, "UTF8") != 0) {
		log_error("postgresql: cannot use UTF8: %s", PQerrorMessage(p->conn));
		return ST_ERROR;
	}
	vals[0] = g_cfg && g_cfg->timezone ? g_cfg->timezone : "Asia/Shanghai";
	r = PQexecParams(p->conn, "SELECT set_config('TimeZone', $1, false)", 1, NULL, vals,
	                 NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		log_error("postgresql: time zone %s: %s", vals[0], PQresultErrorMessage(r));
		rc = ST_ERROR;
	}
	PQclear(r);
	snprintf(buf, sizeof buf, "%d", g_cfg ? g_cfg->busy_timeout_ms : 5000);
	vals[0] = buf;
	r = PQexecParams(p->conn, "SELECT set_config('lock_timeout', $1, false)", 1, NULL, vals,
	                 NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = ST_ERROR;
	PQclear(r);
	return rc;
}

/* A connection that broke (the server restarted, say) is made again, outside
 * a transaction only; its prepared statements are gone with it. */
static bool conn_ok(struct pg_db *p)
{
	if (PQstatus(p->conn) == CONNECTION_OK)
		return true;
	if (p->base.tx_depth > 0)
		return false;
	PQreset(p->conn);
	p->inserted = false;
	p->generation++;
	if (PQstatus(p->conn) != CONNECTION_OK) {
		log_error("postgresql: %s", PQerrorMessage(p->conn));
		return false;
	}
	log_info("postgresql: connection made again");
	return session_setup(p) == ST_OK;
}

/* ------------------------------------------------------------- statements */

static void result_clear(struct pg_stmt *ps)
{
	if (ps->res)
		pg_of(ps->base.db)->holding--;
	PQclear(ps->res);
	ps->res = NULL;
	ps->cur = -1;
	free(ps->blob);
	ps->blob = NULL;
}

static void params_clear(struct pg_stmt *ps)
{
	for (int i = 0; i < ps->nparams; i++) {
		free(ps->params[i].val);
		memset(&ps->params[i], 0, sizeof ps->params[i]);
	}
}

static struct db_stmt *pg_prepare(struct db *db, const char *sql)
{
	struct pg_db *p = pg_of(db);
	struct pg_stmt *ps = xcalloc(1, sizeof *ps);

	ps->sql = rewrite_sql(sql, &ps->nparams);
	snprintf(ps->name, sizeof ps->name, "s%u", ++p->next_name);
	ps->write = starts_with_word(sql, "INSERT") || starts_with_word(sql, "UPDATE") ||
	            starts_with_word(sql, "DELETE") || starts_with_word(sql, "WITH");
	ps->params = xcalloc(ps->nparams > 0 ? (size_t)ps->nparams : 1, sizeof *ps->params);
	ps->cur = -1;
	return &ps->base;
}

static void pg_finalize(struct db_stmt *st)
{
	struct pg_stmt *ps = ps_of(st);

	result_clear(ps);
	PQclear(ps->desc);
	params_clear(ps);
	free(ps->params);
	free(ps->sql);
	free(ps);
}

static void pg_reset(struct db_stmt *st)
{
	result_clear(ps_of(st));
}

static void pg_clear_bindings(struct db_stmt *st)
{
	params_clear(ps_of(st));
}

static int pg_bind(struct db_stmt *st, int idx, const struct db_val *v)
{
	struct pg_stmt *ps = ps_of(st);
	struct pg_param *pp;

	if (idx < 1 || idx > ps->nparams) {
		log_error("sql bind %d: the statement has %d parameters: %s", idx, ps->nparams,
		          st->sql);
		return ST_ERROR;
	}
	pp = &ps->params[idx - 1];
	free(pp->val);
	memset(pp, 0, sizeof *pp);
	switch (v->kind) {
	case 'i':
		pp->val = xasprintf("%lld", (long long)v->i);
		pp->type = OID_INT8;
		break;
	case 'f':
		pp->val = xasprintf("%.17g", v->f);
		pp->type = OID_FLOAT8;
		break;
	case 't':
		pp->val = xstrdup(v->t);
		break;
	case 'b':
		pp->val = xmalloc(v->n ? v->n : 1);
		if (v->n)
			memcpy(pp->val, v->p, v->n);
		pp->len = (int)v->n;
		pp->format = 1;
		pp->type = OID_BYTEA;
		break;
	default:
		break;
	}
	return ST_OK;
}

static bool ensure_prepared(struct pg_db *p, struct pg_stmt *ps)
{
	unsigned types[ps->nparams > 0 ? ps->nparams : 1];
	char m[256];
	PGresult *r;
	bool ok;

	if (ps->prepared_gen == p->generation + 1)
		return true;
	for (int i = 0; i < ps->nparams; i++)
		types[i] = ps->params[i].type;
	for (;;) {
		bool guard = p->base.tx_depth > 0;
		const char *state;
		int bad;

		/* a failed PREPARE would spoil the transaction around it */
		if (guard)
			simple(p, "SAVEPOINT db_prepare", false);
		r = PQprepare(p->conn, ps->name, ps->sql, ps->nparams, types);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK;
		if (guard)
			simple(p, ok ? "RELEASE SAVEPOINT db_prepare"
			             : "ROLLBACK TO SAVEPOINT db_prepare", false);
		state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		/* a parameter seen only in "? IS NULL" has no type to infer: it
		 * is text, as SQLite would take it */
		if (!ok && state && (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0) &&
		    sscanf(PQresultErrorMessage(r), "%*[^$]$%d", &bad) == 1 &&
		    bad >= 1 && bad <= ps->nparams && types[bad - 1] == 0) {
			types[bad - 1] = OID_TEXT;
			PQclear(r);
			continue;
		}
		break;
	}
	if (!ok)
		log_error("sql prepare: %s in: %s", first_line(PQresultErrorMessage(r), m, sizeof m), ps->sql);
	PQclear(r);
	if (ok) {
		ps->prepared_gen = p->generation + 1;
		PQclear(ps->desc);
		ps->desc = NULL;
	}
	return ok;
}

static const char *sqlstate(const PGresult *r)
{
	const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);

	return s ? s : "";
}

/* A write inside a transaction, under a savepoint so that its failure
 * leaves the transaction usable: SAVEPOINT, the statement and RELEASE go in
 * one pipeline, one round trip. On failure the savepoint is rolled back to.
 * The statement's result. */
static PGresult *exec_guarded(struct pg_db *p, struct pg_stmt *ps, const char *const *vals,
                              const int *lens, const int *fmts)
{
	PGresult *r, *out = NULL;
	bool failed = false;

	if (!PQenterPipelineMode(p->conn) ||
	    !PQsendQueryParams(p->conn, "SAVEPOINT db_stmt", 0, NULL, NULL, NULL, NULL, 0) ||
	    !PQsendQueryPrepared(p->conn, ps->name, ps->nparams, vals, lens, fmts, 0) ||
	    !PQsendQueryParams(p->conn, "RELEASE SAVEPOINT db_stmt", 0, NULL, NULL, NULL, NULL, 0) ||
	    !PQpipelineSync(p->conn)) {
		log_error("postgresql: %s", PQerrorMessage(p->conn));
		failed = true;
	}
	/* three results, each followed by NULL, then the sync */
	for (int i = 0; !failed && i < 3; i++) {
		while ((r = PQgetResult(p->conn)) != NULL) {
			if (i == 1 && !out)
				out = r;
			else
				PQclear(r);
		}
	}
	while (!failed && (r = PQgetResult(p->conn)) != NULL) {
		bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;

		PQclear(r);
		if (sync)
			break;
	}
	PQexitPipelineMode(p->conn);
	if (!out)
		out = PQmakeEmptyPGresult(p->conn, PGRES_FATAL_ERROR);
	if (PQresultStatus(out) != PGRES_COMMAND_OK && PQresultStatus(out) != PGRES_TUPLES_OK)
		simple(p, "ROLLBACK TO SAVEPOINT db_stmt", false);
	return out;
}

/* Run the statement with its bindings: ST_OK (result in ps->res), or the
 * ST_* code of the failure (logged when ST_ERROR). */
static int execute(struct pg_stmt *ps)
{
	struct pg_db *p = pg_of(ps->base.db);
	const char *vals[ps->nparams > 0 ? ps->nparams : 1];
	int lens[ps->nparams > 0 ? ps->nparams : 1], fmts[ps->nparams > 0 ? ps->nparams : 1];
	bool guard = ps->write && p->base.tx_depth > 0 && !p->base.bulk;
	int tries = 0;

	result_clear(ps);
	for (int i = 0; i < ps->nparams; i++) {
		vals[i] = ps->params[i].val;
		lens[i] = ps->params[i].len;
		fmts[i] = ps->params[i].format;
	}
again:
	if (!conn_ok(p) || !ensure_prepared(p, ps))
		return ST_ERROR;
	if (guard)
		ps->res = exec_guarded(p, ps, vals, lens, fmts);
	else
		ps->res = PQexecPrepared(p->conn, ps->name, ps->nparams, vals, lens, fmts, 0);
	if (ps->res)
		p->holding++;
	switch (PQresultStatus(ps->res)) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		p->changes = atoi(PQcmdTuples(ps->res));
		if (ps->write && starts_with_word(ps->sql, "INSERT"))
			p->inserted = true;
		return ST_OK;
	default:
		break;
	}
	{
		const char *state = sqlstate(ps->res);
		char m[256];
		int rc = ST_ERROR;

		if (strcmp(state, "23505") == 0)
			rc = ST_EXISTS;
		else if (strncmp(state, "23", 2) == 0)
			rc = ST_CONFLICT;
		else if ((strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) &&
		         p->base.tx_depth == 0 && ++tries < RETRIES) {
			result_clear(ps);
			usleep(1000u << tries);
			goto again;
		} else if (strcmp(state, "26000") == 0 && tries++ == 0) {
			/* the prepared statement is gone (DISCARD ALL by a pooler) */
			ps->prepared_gen = 0;
			result_clear(ps);
			goto again;
		}
		/* without a savepoint the transaction cannot go on */
		if (p->base.tx_depth > 0 && !guard)
			p->base.tx_failed = true;
		/* a clash with a key is the caller's to handle, as with SQLite */
		if (rc == ST_ERROR)
			log_error("sql: %s in: %s", first_line(PQresultErrorMessage(ps->res), m, sizeof m), ps->sql);
		result_clear(ps);
		return rc;
	}
}

static int pg_row(struct db_stmt *st)
{
	struct pg_stmt *ps = ps_of(st);

	if (!ps->res && execute(ps) != ST_OK)
		return -1;
	free(ps->blob);
	ps->blob = NULL;
	if (++ps->cur < PQntuples(ps->res))
		return 1;
	result_clear(ps);
	return 0;
}

static int pg_run(struct db_stmt *st)
{
	struct pg_stmt *ps = ps_of(st);
	int rc = execute(ps);

	result_clear(ps);
	return rc;
}

static bool has_cell(struct pg_stmt *ps, int i)
{
	return ps->res && ps->cur >= 0 && ps->cur < PQntuples(ps->res) && i >= 0 &&
	       i < PQnfields(ps->res);
}

static const char *pg_col_text(struct db_stmt *st, int i)
{
	struct pg_stmt *ps = ps_of(st);
	const char *v;

	if (!has_cell(ps, i) || PQgetisnull(ps->res, ps->cur, i))
		return NULL;
	v = PQgetvalue(ps->res, ps->cur, i);
	/* SQLite has no booleans: a comparison reads as 1 or 0 */
	if (PQftype(ps->res, i) == OID_BOOL)
		return *v == 't' ? "1" : "0";
	return v;
}

static int64_t pg_col_int(struct db_stmt *st, int i)
{
	const char *v = pg_col_text(st, i);

	return v ? strtoll(v, NULL, 10) : 0;
}

static bool pg_col_null(struct db_stmt *st, int i)
{
	struct pg_stmt *ps = ps_of(st);

	return !has_cell(ps, i) || PQgetisnull(ps->res, ps->cur, i);
}

static const void *pg_col_blob(struct db_stmt *st, int i, size_t *len)
{
	struct pg_stmt *ps = ps_of(st);
	const char *v;

	*len = 0;
	if (!has_cell(ps, i) || PQgetisnull(ps->res, ps->cur, i))
		return NULL;
	v = PQgetvalue(ps->res, ps->cur, i);
	if (PQftype(ps->res, i) != OID_BYTEA) {
		*len = (size_t)PQgetlength(ps->res, ps->cur, i);
		return v;
	}
	free(ps->blob);
	ps->blob = PQunescapeBytea((const unsigned char *)v, len);
	return ps->blob;
}

/* The result's shape, before or after it ran. */
static const PGresult *shape(struct pg_stmt *ps)
{
	struct pg_db *p = pg_of(ps->base.db);

	if (ps->res)
		return ps->res;
	if (!ps->desc && conn_ok(p) && ensure_prepared(p, ps)) {
		ps->desc = PQdescribePrepared(p->conn, ps->name);
		if (PQresultStatus(ps->desc) != PGRES_COMMAND_OK) {
			PQclear(ps->desc);
			ps->desc = NULL;
		}
	}
	return ps->desc;
}

static int pg_col_count(struct db_stmt *st)
{
	const PGresult *r = shape(ps_of(st));

	return r ? PQnfields(r) : 0;
}

static const char *pg_col_name(struct db_stmt *st, int i)
{
	const PGresult *r = shape(ps_of(st));

	return r ? PQfname(r, i) : NULL;
}

static int64_t pg_last_id(struct db *db)
{
	struct pg_db *p = pg_of(db);
	PGresult *r;
	int64_t id = 0;

	/* lastval() fails (and would spoil a transaction) before the session's
	 * first INSERT */
	if (!p->inserted)
		return 0;
	r = PQexec(p->conn, "SELECT lastval()");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return id;
}

static int pg_changes(struct db *db)
{
	return pg_of(db)->changes;
}

static int pg_exec(struct db *db, const char *sql)
{
	struct pg_db *p = pg_of(db);

	if (!conn_ok(p))
		return ST_ERROR;
	return simple(p, sql, false);
}

static int pg_tx_begin(struct db *db)
{
	struct pg_db *p = pg_of(db);
	char sql[80];

	if (!conn_ok(p))
		return ST_ERROR;
	/* both in one round trip */
	snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%d)", WRITE_LOCK_KEY);
	if (simple(p, sql, false) != ST_OK) {
		if (PQtransactionStatus(p->conn) != PQTRANS_IDLE)
			simple(p, "ROLLBACK", true);
		return ST_ERROR;
	}
	return ST_OK;
}

static int pg_tx_commit(struct db *db)
{
	struct pg_db *p = pg_of(db);
	PGresult *r = PQexec(p->conn, "COMMIT");
	/* COMMIT of a failed transaction answers ROLLBACK */
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") == 0
	         ? ST_OK : ST_ERROR;

	if (rc != ST_OK)
		log_error("postgresql: the transaction did not commit: %s",
		          PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r) : PQcmdStatus(r));
	PQclear(r);
	if (rc != ST_OK && PQtransactionStatus(p->conn) != PQTRANS_IDLE)
		simple(p, "ROLLBACK", true);
	return rc;
}

static void pg_tx_rollback(struct db *db)
{
	simple(pg_of(db), "ROLLBACK", false);
}

/* Each statement reads the latest committed data; no snapshot to hold. */
static bool pg_read_begin(struct db *db)
{
	(void)db;
	return false;
}

static void pg_read_end(struct db *db)
{
	(void)db;
}

static void pg_reset_busy(struct db *db)
{
	/* most requests read every row they asked for */
	if (pg_of(db)->holding == 0)
		return;
	for (size_t i = 0; i < db->nslots; i++)
		if (db->slots[i].sql)
			result_clear(ps_of(db->slots[i].st));
}

static void pg_migrate_lock(struct db *db, bool take)
{
	char sql[80];

	snprintf(sql, sizeof sql, "SELECT pg_advisory_%s(%d)", take ? "lock" : "unlock",
	         MIGRATE_LOCK_KEY);
	if (conn_ok(pg_of(db)))
		simple(pg_of(db), sql, false);
}

static void pg_close(struct db *db)
{
	struct pg_db *p = pg_of(db);

	db_base_free(db);
	PQfinish(p->conn);
	free(p);
}

static const struct db_ops pg_ops = {
	.pg = true,
	.migrations = roster_migrations_pg,
	.migrations_count = &roster_migrations_pg_count,
	.close = pg_close,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.reset = pg_reset,
	.clear_bindings = pg_clear_bindings,
	.bind = pg_bind,
	.row = pg_row,
	.run = pg_run,
	.col_text = pg_col_text,
	.col_int = pg_col_int,
	.col_null = pg_col_null,
	.col_blob = pg_col_blob,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.last_id = pg_last_id,
	.changes = pg_changes,
	.exec = pg_exec,
	.tx_begin = pg_tx_begin,
	.tx_commit = pg_tx_commit,
	.tx_rollback = pg_tx_rollback,
	.read_begin = pg_read_begin,
	.read_end = pg_read_end,
	.reset_busy = pg_reset_busy,
	.migrate_lock = pg_migrate_lock,
};

struct db *db_pg_open(const char *conninfo)
{
	struct pg_db *p = xcalloc(1, sizeof *p);

	p->conn = PQconnectdb(conninfo);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		log_error("database: %s", PQerrorMessage(p->conn));
		PQfinish(p->conn);
		free(p);
		return NULL;
	}
	db_base_init(&p->base, &pg_ops);
	if (session_setup(p) != ST_OK) {
		pg_close(&p->base);
		return NULL;
	}
	return &p->base;
}
