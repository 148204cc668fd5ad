/* applications and application_events tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/applications.h"
#include "store/db.h"
#include "store/rows.h"

#define APP_COLS "a.id, a.account_id, a.kind, a.status, a.member_type, a.org_id," \
                 " a.review_org_id, a.level_id, a.from_level_id, a.profile, a.before_values," \
                 " a.reason, a.status_reason, a.order_id, a.created_at, a.updated_at," \
                 " a.submitted_at, a.decided_at"

void application_free(struct application *a)
{
	if (!a)
		return;
	free(a->kind);
	free(a->status);
	free(a->member_type);
	free(a->profile);
	free(a->before_values);
	free(a->reason);
	free(a->status_reason);
	free(a->username);
	free(a->applicant_name);
	memset(a, 0, sizeof *a);
}

void applications_free(struct application *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		application_free(&v[i]);
	free(v);
}

static void app_read(struct db_stmt *st, void *row)
{
	struct application *a = row;

	memset(a, 0, sizeof *a);
	a->id = db_col_int(st, 0);
	a->account_id = db_col_int(st, 1);
	a->kind = db_col_text(st, 2);
	a->status = db_col_text(st, 3);
	a->member_type = db_col_text(st, 4);
	a->org_id = db_col_int(st, 5);
	a->review_org_id = db_col_int(st, 6);
	a->level_id = db_col_int(st, 7);
	a->from_level_id = db_col_int(st, 8);
	a->profile = db_col_text(st, 9);
	a->before_values = db_col_text(st, 10);
	a->reason = db_col_text(st, 11);
	a->status_reason = db_col_text(st, 12);
	a->order_id = db_col_int(st, 13);
	a->created_at = db_col_int(st, 14);
	a->updated_at = db_col_int(st, 15);
	a->submitted_at = db_col_int(st, 16);
	a->decided_at = db_col_int(st, 17);
}

int store_application_get(struct db *db, int64_t id, struct application *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " APP_COLS " FROM applications a WHERE a.id = ?");

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	memset(out, 0, sizeof *out);   /* callers free it whether or not a row came */
	return db_fetch_one(st, out, sizeof *out, app_read);
}

int store_application_join(struct db *db, int64_t account_id, struct application *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " APP_COLS " FROM applications a"
	                               " WHERE a.account_id = ? AND a.kind = 'join'");

	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	memset(out, 0, sizeof *out);
	return db_fetch_one(st, out, sizeof *out, app_read);
}

int store_application_insert(struct db *db, const struct application *in, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO applications (account_id, kind, status, member_type, org_id,"
		" review_org_id, level_id, from_level_id, profile, before_values, reason,"
		" created_at, updated_at)"
		" VALUES (?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0),"
		" ?, ?, ?, ?, ?)");
	int64_t now = store_now();
	int rc;

	if (!st || db_bind(st, "ittt" "iiii" "ttt" "ii", in->account_id, in->kind,
	                   in->status ? in->status : "draft", in->member_type,
	                   in->org_id, in->review_org_id, in->level_id, in->from_level_id,
	                   in->profile ? in->profile : "{}", in->before_values, in->reason,
	                   now, now) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
	return rc;
}

int store_application_save(struct db *db, int64_t id, const struct application *in)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE applications SET org_id = NULLIF(?, 0), review_org_id = NULLIF(?, 0),"
		" level_id = NULLIF(?, 0), profile = ?, before_values = ?, reason = ?, updated_at = ?"
		" WHERE id = ? AND status IN ('draft', 'rejected')");
	int rc;

	if (!st || db_bind(st, "iiitttii", in->org_id, in->review_org_id, in->level_id,
	                   in->profile ? in->profile : "{}", in->before_values, in->reason,
	                   store_now(), id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_CONFLICT;
}

int store_application_move(struct db *db, int64_t id, const char *from, const char *to,
                           const char *reason)
{
	/* the status test in the WHERE clause is what makes two concurrent
	 * reviewers safe: only one UPDATE finds the row still in `from` */
	struct db_stmt *st = db_stmt(db,
		"UPDATE applications SET status = ?1, status_reason = ?2, updated_at = ?3,"
		" submitted_at = CASE WHEN ?4 IN ('draft', 'rejected') AND ?1 LIKE 'pending%'"
		"                     THEN ?3 ELSE submitted_at END,"
		" decided_at = CASE WHEN ?1 IN ('approved', 'rejected') THEN ?3 ELSE decided_at END"
		" WHERE id = ?5 AND status = ?4");
	int rc;

	if (!st || db_bind(st, "ttiti", to, reason, store_now(), from, id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_CONFLICT;
}

int store_application_set_order(struct db *db, int64_t id, int64_t order_id)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE applications SET order_id = NULLIF(?, 0), updated_at = ? WHERE id = ?");

	if (!st || db_bind(st, "iii", order_id, store_now(), id) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_application_open_count(struct db *db, int64_t account_id, const char *kind,
                                 int64_t org_id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT COUNT(*) FROM applications WHERE account_id = ? AND kind = ?"
		" AND status IN ('draft', 'pending_branch', 'pending_hq', 'rejected')"
		" AND (? = 0 OR org_id = ?)");
	int n;

	if (!st || db_bind(st, "itii", account_id, kind, org_id, org_id) != ST_OK ||
	    db_row(st) != 1)
		return -1;
	n = (int)db_col_int(st, 0);
	db_reset(st);
	return n;
}

/* The list is chosen in two steps: the page's ids along an index (an
 * account's applications along applications_account, a queue along the
 * status index), reading the accounts and members only when a search
 * needs them; then the page's rows whole. A NULL or 0 parameter switches
 * its condition off, so each SQL text stays a fixed literal:
 *   ?1 account (the one condition that picks the text), ?2 review
 *   organisation, ?3 organisation, ?4 kind, ?5..?9 the stored statuses
 *   wanted (NULL for a place not used), ?10 the search pattern,
 *   ?11 limit, ?12 offset. */
#define SEARCHED_FROM \
	" FROM applications a JOIN accounts c ON c.id = a.account_id" \
	" LEFT JOIN members m ON m.account_id = a.account_id"
#define PLAIN_FROM " FROM applications a"
#define OF_ACCOUNT " WHERE a.account_id = ?1"
#define OF_ANY " WHERE ?1 = 0"
#define FILTERS_ON(status) \
	" AND " status " IN (?5, ?6, ?7, ?8, ?9)" \
	" AND (?2 = 0 OR a.review_org_id = ?2)" \
	" AND (?3 = 0 OR a.org_id = ?3)" \
	" AND (?4 IS NULL OR a.kind = ?4)"
#define FILTERS FILTERS_ON("a.status")
/* The review history, newest decision first, is read down its own index
 * (applications_decided, migration 132), each row's status checked as it
 * is reached: "|| ''" keeps the planner off the status index, which would
 * have it sort every decided application first. */
#define FILTERS_IN_ORDER FILTERS_ON("a.status || ''")
/* the name is the profile's (its name, else its unit_name: search_name,
 * kept by migration 141's triggers), else the member's */
#define SEARCH \
	" AND (c.username LIKE ?10 ESCAPE '!' OR m.member_no LIKE ?10 ESCAPE '!'" \
	"      OR COALESCE(a.search_name, m.name, '') LIKE ?10 ESCAPE '!')"
/* The same condition where many applications are searched (a queue or its
 * history, not one account's): the accounts whose username, member number
 * or member's name hold the text are found first, each table read once in
 * order, and each application checked against them and its kept name in
 * the queue's index alone (migration 142). Joining every application to
 * its account and member instead read 200,000 rows of each at random: a
 * search of every application took 1.5 to 1.9 s. */
#define SEARCH_IN \
	" AND (a.account_id IN (SELECT s.id FROM accounts s WHERE s.username LIKE ?10 ESCAPE '!')" \
	"      OR a.account_id IN (SELECT s.account_id FROM members s" \
	"       WHERE s.member_no LIKE ?10 ESCAPE '!')" \
	"      OR a.search_name LIKE ?10 ESCAPE '!'" \
	"      OR (a.search_name IS NULL AND a.account_id IN (SELECT s.account_id FROM members s" \
	"       WHERE s.name LIKE ?10 ESCAPE '!')))"
#define NO_SEARCH " AND ?10 IS NULL"
#define OLDEST " ORDER BY COALESCE(a.submitted_at, a.created_at), a.id"
#define NEWEST " ORDER BY COALESCE(a.decided_at, a.updated_at) DESC, a.id DESC"
/* with, for the separation of the two stages (wf_may_decide), who
 * approved the branch stage when that was its last decision, and a level
 * change's fee-difference order (od, joined in LIST_SQL) */
#define LIST_COLS APP_COLS ", c.username," \
	" COALESCE(a.search_name, m.name)," \
	" (SELECT CASE WHEN e.action = 'approve' THEN e.actor_account_id ELSE 0 END" \
	"  FROM application_events e WHERE e.application_id = a.id" \
	"  AND e.from_status = 'pending_branch' AND e.action IN ('approve', 'reject')" \
	"  ORDER BY e.id DESC LIMIT 1)," \
	" od.id, od.order_no, od.status, od.amount, od.unit_fee, od.year_from, od.year_to," \
	" od.paid_at"
#define COUNT_SQL(from, of, search) "SELECT COUNT(*)" from of FILTERS search
/* Without an account or a search the total is the kept count's
 * (application_tally, migration 133), whose columns the filters name as
 * the applications' own. */
#define TALLY_SQL "SELECT COALESCE(SUM(a.n), 0) FROM application_tally a" OF_ANY FILTERS NO_SEARCH
/* a page: its ids chosen by ids (FROM and WHERE) in order, then its rows
 * whole */
#define PAGE_SQL(ids, order, limit) \
	"SELECT " LIST_COLS SEARCHED_FROM " LEFT JOIN orders od ON od.id = a.order_id" \
	" WHERE a.id IN (SELECT a.id" ids order limit ")" order
#define LIST_SQL(from, of, filters, search, order) \
	PAGE_SQL(from of filters search, order, " LIMIT ?11 OFFSET ?12")
/* How a list is searched: not; application by application, joined to
 * its account and member (SEARCH: one account's list, or a waiting queue,
 * a few thousand applications at most); or by the accounts found first
 * (SEARCH_IN: a history or every application on SQLite, where reading each
 * one's account and member cost more than reading those tables once).
 * PostgreSQL takes as long either way (1.3 to 2 s for every one of 200,000
 * applications): its time goes to the ILIKE on every username, which
 * lower-cases each. */
enum search_way { SEARCH_NONE, SEARCH_JOINED, SEARCH_FOUND_FIRST, SEARCH_WAYS };
/* [one account][enum search_way]; one account's list is never searched
 * SEARCH_FOUND_FIRST (search_way_of) */
static const char *const count_sql[2][SEARCH_WAYS] = {
	{ TALLY_SQL, COUNT_SQL(SEARCHED_FROM, OF_ANY, SEARCH), COUNT_SQL(PLAIN_FROM, OF_ANY, SEARCH_IN) },
	{ COUNT_SQL(PLAIN_FROM, OF_ACCOUNT, NO_SEARCH), COUNT_SQL(SEARCHED_FROM, OF_ACCOUNT, SEARCH) },
};
#define BY_SEARCH(of, order, plain_filters, found_first) \
	{ LIST_SQL(PLAIN_FROM, of, plain_filters, NO_SEARCH, order), \
	  LIST_SQL(SEARCHED_FROM, of, FILTERS, SEARCH, order), found_first }
#define FOUND_FIRST(order) LIST_SQL(PLAIN_FROM, OF_ANY, FILTERS, SEARCH_IN, order)
/* [one account][oldest first][enum search_way]; an account's own list
 * keeps to its account's index, a search to the status index */
static const char *const list_sql[2][2][SEARCH_WAYS] = {
	{ BY_SEARCH(OF_ANY, NEWEST, FILTERS_IN_ORDER, FOUND_FIRST(NEWEST)),
	  BY_SEARCH(OF_ANY, OLDEST, FILTERS, FOUND_FIRST(OLDEST)) },
	{ BY_SEARCH(OF_ACCOUNT, NEWEST, FILTERS, NULL), BY_SEARCH(OF_ACCOUNT, OLDEST, FILTERS, NULL) },
};
#undef FOUND_FIRST
#undef BY_SEARCH
/* The waiting queue (one or both pending stages, oldest first, without an
 * account or a search) is read in its order along applications_waiting
 * (migration 134), the partial index of the waiting applications, whose
 * condition written out is what lets a query use it: ?1 review
 * organisation, ?2 organisation, ?3 kind, ?4 the one stage wanted (NULL:
 * both), ?5 limit, ?6 offset.
 *   - SQLite, which keeps no statistics here, is told to use it: left to
 *     itself it sorts every waiting application for each page.
 *   - PostgreSQL plans the page's ids for the values given
 *     (waiting_list): planned once for any values it cannot tell which
 *     filters are off, guesses that a few rows pass them, and sorts them
 *     all. Planned with the rows' joins for each request, the statement
 *     took 1 to 2.3 ms to plan and 0.7 to read at 200,000 members; the
 *     ids alone take 0.2 to plan. So it reads the ids first, then their
 *     rows by a statement planned once for any ids (ROWS_OF_IDS_PG; left
 *     to choose, it plans that one anew each time too). */
#define WAITING_WHERE \
	" WHERE a.status IN ('pending_branch', 'pending_hq')" \
	" AND (?4 IS NULL OR a.status = ?4) AND (?1 = 0 OR a.review_org_id = ?1)" \
	" AND (?2 = 0 OR a.org_id = ?2) AND (?3 IS NULL OR a.kind = ?3)"
static const char *const waiting_sql =
	PAGE_SQL(" FROM applications a INDEXED BY applications_waiting" WAITING_WHERE, OLDEST,
	         " LIMIT ?5 OFFSET ?6");
#define WAITING_IDS_PG "SELECT a.id" PLAIN_FROM WAITING_WHERE OLDEST " LIMIT ?5 OFFSET ?6"
/* The rows of the ids in ?1, written as a PostgreSQL array ("{3,5,8}") */
#define ROWS_OF_IDS_PG \
	"SELECT " LIST_COLS SEARCHED_FROM " LEFT JOIN orders od ON od.id = a.order_id" \
	" WHERE a.id = ANY(CAST(?1 AS BIGINT[]))" OLDEST

/* f lists one or both pending stages */
static bool of_waiting(const struct application_filter *f)
{
	return f->status &&
	       (!strcmp(f->status, "pending") || !strcmp(f->status, "pending_branch") ||
	        !strcmp(f->status, "pending_hq"));
}

/* The list f asks for is the waiting queue's. */
static bool waiting(const struct application_filter *f)
{
	return !f->account_id && !f->q && f->oldest_first && of_waiting(f);
}

/* How f's list is searched (enum search_way's comment). */
static enum search_way search_way_of(struct db *db, const struct application_filter *f)
{
	if (!f->q)
		return SEARCH_NONE;
	if (f->account_id || db_is_pg(db) || of_waiting(f))
		return SEARCH_JOINED;
	return SEARCH_FOUND_FIRST;
}

/* Bind ?1..?10: the stored statuses the filter's status stands for, less
 * the draft when drafts are left out. */
static int list_bind(struct db_stmt *st, const struct application_filter *f)
{
	static const char *const all[] = {
		"draft", "pending_branch", "pending_hq", "approved", "rejected"
	};
	int at = 5;

	if (db_bind(st, "iiit", f->account_id, f->review_org_id, f->org_id, f->kind) != ST_OK)
		return ST_ERROR;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		const char *s = all[i];
		bool wanted = !f->status || !strcmp(f->status, s) ||
		              (!strcmp(f->status, "pending") && !strncmp(s, "pending_", 8)) ||
		              (!strcmp(f->status, "decided") &&
		               (!strcmp(s, "approved") || !strcmp(s, "rejected")));

		if (wanted && !(f->exclude_drafts && !strcmp(s, "draft")) &&
		    db_bind_text(st, at++, s) != ST_OK)
			return ST_ERROR;
	}
	for (; at <= 9; at++)
		if (db_bind_null(st, at) != ST_OK)
			return ST_ERROR;
	return db_bind_text(st, 10, f->q);
}

/* The list's columns from col on: the application's order, as far as
 * view_application shows it. */
static void order_read(struct db_stmt *st, int col, struct application *a)
{
	struct order *o = &a->order;

	if (db_col_null(st, col))
		return;
	o->id = db_col_int(st, col);
	db_col_copy(st, col + 1, o->order_no, sizeof(o->order_no));
	db_col_copy(st, col + 2, o->status, sizeof(o->status));
	o->amount = db_col_int(st, col + 3);
	o->unit_fee = db_col_int(st, col + 4);
	o->year_from = (int)db_col_int(st, col + 5);
	o->year_to = (int)db_col_int(st, col + 6);
	o->paid_at = db_col_int(st, col + 7);
}

/* The rows of st, a list's statement bound, into *out (*n of them). */
static int list_read(struct db_stmt *st, struct application **out, size_t *n)
{
	size_t cap = 0;
	int rc;

	while ((rc = db_row(st)) == 1) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		app_read(st, &(*out)[*n]);
		(*out)[*n].username = db_col_text(st, 18);
		(*out)[*n].applicant_name = db_col_text(st, 19);
		(*out)[*n].branch_approver = db_col_int(st, 20);
		(*out)[*n].listed = true;
		order_read(st, 21, &(*out)[*n]);
		(*n)++;
	}
	if (rc < 0) {
		applications_free(*out, *n);
		*out = NULL;
		*n = 0;
		return ST_ERROR;
	}
	return ST_OK;
}

/* Bind the waiting queue's filters and page (?1..?6) to st. */
static int waiting_bind(struct db_stmt *st, const struct application_filter *f, int offset,
                        int per_page)
{
	if (db_bind(st, "iitt", f->review_org_id, f->org_id, f->kind,
	            strcmp(f->status, "pending") ? f->status : NULL) != ST_OK ||
	    db_bind_int(st, 5, per_page) != ST_OK || db_bind_int(st, 6, offset) != ST_OK)
		return ST_ERROR;
	return ST_OK;
}

/* PostgreSQL: the page's ids, as an array's text in *ids ("{}" for none;
 * caller frees). */
static int waiting_ids_pg(struct db *db, const struct application_filter *f, int offset,
                          int per_page, char **ids)
{
	/* at most per_page ids of at most 20 digits, each with its comma */
	size_t cap = (size_t)(per_page > 0 ? per_page : 0) * 21 + 3, len = 1;
	char *text = xmalloc(cap);
	struct db_stmt *st = db_stmt(db, WAITING_IDS_PG);
	int row = -1;

	text[0] = '{';
	if (st && waiting_bind(st, f, offset, per_page) == ST_OK)
		while ((row = db_row(st)) == 1 && len + 22 <= cap)
			len += (size_t)snprintf(text + len, cap - len, "%s%lld", len > 1 ? "," : "",
			                        (long long)db_col_int(st, 0));
	if (row != 0) {
		db_reset(st);
		free(text);
		return ST_ERROR;
	}
	snprintf(text + len, cap - len, "}");
	*ids = text;
	return ST_OK;
}

static int waiting_list(struct db *db, const struct application_filter *f, int offset,
                        int per_page, struct application **out, size_t *n)
{
	struct db_stmt *st;
	char *ids = NULL;
	int rc;

	if (!db_is_pg(db)) {
		st = db_stmt(db, waiting_sql);
		if (!st || waiting_bind(st, f, offset, per_page) != ST_OK)
			return ST_ERROR;
		return list_read(st, out, n);
	}
	/* the ids planned for the filters given, their rows once for any */
	if (db_plan(db, DB_PLAN_CUSTOM) != ST_OK)
		return ST_ERROR;
	rc = waiting_ids_pg(db, f, offset, per_page, &ids);
	if (rc == ST_OK && strcmp(ids, "{}") != 0) {
		st = db_plan(db, DB_PLAN_GENERIC) == ST_OK ? db_stmt(db, ROWS_OF_IDS_PG) : NULL;
		rc = st && db_bind_text(st, 1, ids) == ST_OK ? list_read(st, out, n) : ST_ERROR;
	}
	free(ids);
	if (db_plan(db, DB_PLAN_CHOSEN) != ST_OK && rc == ST_OK) {
		applications_free(*out, *n);
		*out = NULL;
		*n = 0;
		rc = ST_ERROR;
	}
	return rc;
}

int store_application_list(struct db *db, const struct application_filter *f,
                           int offset, int per_page,
                           struct application **out, size_t *n, int64_t *total)
{
	struct db_stmt *st;
	bool one = f->account_id != 0;
	enum search_way searched = search_way_of(db, f);

	*out = NULL;
	*n = 0;
	*total = 0;
	st = db_stmt(db, count_sql[one][searched]);
	if (!st || list_bind(st, f) != ST_OK || db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	if (waiting(f))
		return waiting_list(db, f, offset, per_page, out, n);
	st = db_stmt(db, list_sql[one][f->oldest_first][searched]);
	if (!st || list_bind(st, f) != ST_OK)
		return ST_ERROR;
	if (db_bind_int(st, 11, per_page) != ST_OK ||
	    db_bind_int(st, 12, offset) != ST_OK)
		return ST_ERROR;
	return list_read(st, out, n);
}

void application_events_free(struct application_event *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].actor_username);
		free(v[i].actor_role);
		free(v[i].action);
		free(v[i].from_status);
		free(v[i].to_status);
		free(v[i].reason);
	}
	free(v);
}

int store_application_event_add(struct db *db, int64_t application_id, int64_t actor,
                                const char *action, const char *from_status,
                                const char *to_status, const char *reason)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO application_events (application_id, actor_account_id, action,"
		" from_status, to_status, reason, at) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?)");

	if (!st || db_bind(st, "iitttti", application_id, actor, action, from_status,
	                   to_status, reason, store_now()) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

int store_application_events(struct db *db, int64_t application_id,
                             struct application_event **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT e.id, e.actor_account_id, c.username, c.role, e.action, e.from_status,"
		" e.to_status, e.reason, e.at FROM application_events e"
		" LEFT JOIN accounts c ON c.id = e.actor_account_id"
		" WHERE e.application_id = ? ORDER BY e.id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(st, "i", application_id) != ST_OK)
		return ST_ERROR;
	while ((rc = db_row(st)) == 1) {
		struct application_event *e;

		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		e = &(*out)[(*n)++];
		e->id = db_col_int(st, 0);
		e->actor_account_id = db_col_int(st, 1);
		e->actor_username = db_col_text(st, 2);
		e->actor_role = db_col_text(st, 3);
		e->action = db_col_text(st, 4);
		e->from_status = db_col_text(st, 5);
		e->to_status = db_col_text(st, 6);
		e->reason = db_col_text(st, 7);
		e->at = db_col_int(st, 8);
	}
	if (rc < 0) {
		application_events_free(*out, *n);
		*out = NULL;
		*n = 0;
		return ST_ERROR;
	}
	return ST_OK;
}
