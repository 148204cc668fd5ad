/* The scheduled jobs (see schedule.h). Each works in small transactions,
 * one member or order at a time, and picks only what is still due, so a
 * run that stops half-way is finished by the next one and a second run
 * does nothing. Mails go out after the commit that records them. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "log.h"
#include "server.h"
#include "pay/reconcile.h"
#include "service/renewal.h"
#include "service/schedule_jobs.h"
#include "service/sweeper.h"
#include "store/catalogue.h"
#include "store/jobs.h"
#include "store/members.h"
#include "store/sessions.h"
#include "store/store.h"

#define BATCH 100
#define RUNS_KEEP (90 * 86400)   /* seconds the run log is kept */

static int grace_days(void)
{
	return g_cfg ? g_cfg->grace_days : 90;
}

static int job_orders(struct db *db, int64_t now, const char *today, cJSON *out)
{
	int closed, rc;

	(void)today;
	rc = sweeper_run(db, now, &closed);
	json_add_int(out, "orders_closed", closed);
	return rc;
}

/* One member's change of standing in its own transaction, then its mail. */
typedef int (*member_step)(struct db *, int64_t, const char *, struct renewal_mail *);

static int member_step_run(struct db *db, int64_t account_id, member_step step)
{
	struct renewal_mail mail = { 0 };
	struct member m = { 0 };
	int rc;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	rc = store_member_get(db, account_id, &m);
	if (rc == ST_OK)
		rc = step(db, account_id, m.valid_until, &mail);
	member_free(&m);
	if (rc != ST_OK) {
		db_rollback(db);
		renewal_mail_drop(&mail);
		return rc;
	}
	if (db_commit(db) != ST_OK) {
		renewal_mail_drop(&mail);
		return ST_ERROR;
	}
	renewal_mail_send_free(&mail);
	return ST_OK;
}

/* Members past valid_until + grace_days become expired. */
static int job_expire(struct db *db, int64_t now, const char *today, cJSON *out)
{
	int64_t ids[BATCH];
	char before[11];
	int n, done = 0, rc = ST_OK;

	(void)now;
	renewal_date_add(today, -grace_days(), before);
	do {
		n = store_members_past_grace(db, before, ids, BATCH);
		if (n < 0)
			return ST_ERROR;
		for (int i = 0; i < n; i++) {
			if (member_step_run(db, ids[i], renewal_expire) == ST_OK)
				done++;
			else
				rc = ST_ERROR;
		}
	} while (n == BATCH && rc == ST_OK);
	json_add_int(out, "expired", done);
	if (done)
		log_info("%d membership(s) expired", done);
	return rc;
}

/* Members whose valid_until has passed enter grace (told once per date). */
static int job_grace(struct db *db, int64_t now, const char *today, cJSON *out)
{
	int64_t ids[BATCH];
	int n, done = 0, rc = ST_OK;

	(void)now;
	do {
		n = store_members_entering_grace(db, today, ids, BATCH);
		if (n < 0)
			return ST_ERROR;
		for (int i = 0; i < n; i++) {
			if (member_step_run(db, ids[i], renewal_grace_begins) == ST_OK)
				done++;
			else
				rc = ST_ERROR;
		}
	} while (n == BATCH && rc == ST_OK);
	json_add_int(out, "grace_started", done);
	return rc;
}

struct due {
	int64_t account_id;
	char valid_until[11];
	int offset;              /* the reminder to send */
};

struct due_list {
	struct due *v;
	size_t n, cap;
	const char *today;
};

/* The latest reminder due for this member that has not been sent (nor a
 * later one): after a pause only that one goes out. */
static void due_collect(const struct renewal_row *r, void *arg)
{
	struct due_list *l = arg;
	long left = renewal_days_between(l->today, r->valid_until);
	int k = INT_MAX;

	for (int i = 0; i < g_cfg->reminder_count; i++)
		if (g_cfg->reminder_offsets[i] >= left)
			k = g_cfg->reminder_offsets[i];   /* sorted: the last is the latest */
	if (k == INT_MAX || r->last_offset <= k)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].account_id = r->account_id;
	snprintf(l->v[l->n].valid_until, sizeof l->v[l->n].valid_until, "%s", r->valid_until);
	l->v[l->n].offset = k;
	l->n++;
}

static int job_reminders(struct db *db, int64_t now, const char *today, cJSON *out)
{
	struct due_list l = { .today = today };
	char from[11], to[11];
	int sent = 0, rc;

	if (!g_cfg || g_cfg->reminder_count == 0) {
		json_add_int(out, "reminders", 0);
		return ST_OK;
	}
	renewal_date_add(today, -grace_days(), from);
	renewal_date_add(today, g_cfg->reminder_offsets[0] > 0 ? g_cfg->reminder_offsets[0] : 0, to);
	rc = store_renewal_candidates(db, from, to, due_collect, &l);
	for (size_t i = 0; rc == ST_OK && i < l.n; i++) {
		struct renewal_mail mail = { 0 };
		int r;

		if (db_begin(db) != ST_OK) {
			rc = ST_ERROR;
			break;
		}
		r = store_reminder_sent(db, l.v[i].account_id, l.v[i].valid_until, l.v[i].offset, now);
		if (r == ST_OK)
			r = renewal_remind(db, l.v[i].account_id, l.v[i].valid_until, today, 0, &mail);
		if (r != ST_OK || db_commit(db) != ST_OK) {
			if (r == ST_OK)
				r = ST_ERROR;
			else
				db_rollback(db);
			renewal_mail_drop(&mail);
			if (r != ST_EXISTS)   /* ST_EXISTS: another run sent it */
				rc = ST_ERROR;
			continue;
		}
		renewal_mail_send_free(&mail);
		sent++;
	}
	free(l.v);
	json_add_int(out, "reminders", sent);
	return rc;
}

static int job_purge(struct db *db, int64_t now, const char *today, cJSON *out)
{
	int keep = g_cfg ? g_cfg->handoff_keep_days : 7, codes = 0, handoffs = 0, runs = 0;
	int rc = ST_OK;

	(void)today;
	if (store_session_purge(db, now, g_cfg ? g_cfg->session_idle : 1800) != ST_OK ||
	    store_purge_codes(db, now, &codes) != ST_OK ||
	    store_purge_handoffs(db, now - (int64_t)keep * 86400, &handoffs) != ST_OK ||
	    store_purge_job_runs(db, (int64_t)time(NULL) - RUNS_KEEP, &runs) != ST_OK)
		rc = ST_ERROR;
	json_add_int(out, "codes_purged", codes);
	json_add_int(out, "handoffs_purged", handoffs);
	json_add_int(out, "runs_purged", runs);
	return rc;
}

/* With a payment gateway on: once a day, yesterday's payment attempts are
 * asked of the gateways (pay/reconcile.c, as rosterd reconcile does); what
 * a lost callback missed is settled. The day is marked done only when every
 * gateway answered, so a gateway that was down is asked again next run. */
static int job_reconcile(struct db *db, int64_t now, const char *today, cJSON *out)
{
	struct reconcile_totals t;
	char day[11], *last = NULL;
	bool done;

	(void)now;
	if (!g_cfg || (!g_cfg->wx_mchid && !g_cfg->ali_app_id))
		return ST_OK;
	renewal_date_add(today, -1, day);
	done = store_setting_get(db, "reconcile.last_day", &last) == ST_OK && last &&
	       strcmp(last, day) == 0;
	free(last);
	if (done)
		return ST_OK;
	if (reconcile_run(db, day, NULL, &t) != 0)
		return ST_ERROR;
	json_add_int(out, "reconcile_checked", t.checked);
	json_add_int(out, "reconcile_settled", t.settled);
	json_add_int(out, "reconcile_differences", t.differences);
	json_add_int(out, "reconcile_unanswered", t.unanswered);
	if (t.unanswered == 0 && store_setting_set(db, "reconcile.last_day", day) != ST_OK)
		return ST_ERROR;
	return ST_OK;
}

/* Expiry before grace and reminders: a member whose grace passed while no
 * instance ran is told only that the membership expired. */
const struct sched_job sched_jobs[] = {
	{ "orders", job_orders },
	{ "expire", job_expire },
	{ "grace", job_grace },
	{ "reminders", job_reminders },
	{ "purge", job_purge },
	{ "reconcile", job_reconcile },
	{ 0 }
};
