/* Reconciliation (see reconcile.h): the gateway's word against ours, one
 * attempt at a time, each applied in its own short transaction through the
 * same path a callback takes (pay_event_apply), so a run may overlap
 * callbacks and be run again safely. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "assoc_time.h"
#include "log.h"
#include "pay/pay.h"
#include "pay/reconcile.h"
#include "pay/refund.h"
#include "server.h"
#include "store/attempts.h"
#include "store/orders.h"
#include "store/refunds.h"
#include "store/store.h"

struct list {
	struct attempt *v;
	size_t n;
};

static void collect(const struct attempt *a, void *arg)
{
	struct list *l = arg;
	struct attempt *v = realloc(l->v, (l->n + 1) * sizeof *l->v);

	if (!v)
		return;
	l->v = v;
	l->v[l->n++] = *a;
}

struct refund_ids {
	int64_t *v;
	size_t n;
};

static void collect_refund(const struct refund *r, void *arg)
{
	struct refund_ids *l = arg;
	int64_t *v = realloc(l->v, (l->n + 1) * sizeof *l->v);

	if (!v)
		return;
	l->v = v;
	l->v[l->n++] = r->id;
}

static const char *state_word(int state)
{
	switch (state) {
	case PAY_STATE_PAID: return "paid";
	case PAY_STATE_OPEN: return "open";
	case PAY_STATE_CLOSED: return "closed";
	default: return "no-answer";
	}
}

static void check_attempt(struct db *db, const struct pay_provider *p, const struct attempt *a,
                          FILE *out, struct reconcile_totals *t)
{
	struct attempt now;
	struct order o;
	const char *outcome = NULL, *what = NULL;
	enum roster_err e;
	int state;
	bool here_paid = strcmp(a->status, "succeeded") == 0 || strcmp(a->status, "refund_due") == 0;

	t->checked++;
	e = pay_query_apply(db, a->token, &state, &outcome);
	if (store_attempt_get(db, a->id, &now) != ST_OK || store_order_get(db, a->order_id, &o) != ST_OK)
		return;
	if (e == ERR_UNAVAILABLE && state == PAY_STATE_FAILED) {
		t->unanswered++;
		what = "no answer from the gateway; ask again later";
	} else if (e == ERR_CONFLICT) {
		t->differences++;
		what = "DIFFERENCE: the gateway reports another amount";
	} else if (state == PAY_STATE_PAID && !here_paid && outcome &&
	           strcmp(outcome, "duplicate") != 0) {
		t->settled++;
		what = strcmp(outcome, "paid") == 0 ? "settled now (its callback was lost)"
		                                    : "recorded now as a refund due (order paid otherwise)";
	} else if (state != PAY_STATE_PAID && here_paid) {
		t->differences++;
		what = "DIFFERENCE: settled here, not paid at the gateway";
	} else if (state == PAY_STATE_OPEN && !now.closed_at &&
	           (strcmp(now.status, "expired") == 0 || strcmp(o.status, "unpaid") != 0)) {
		/* a code that can no longer pay this order: close it there too */
		if (p->close(a->token) == ERR_OK && store_attempt_closed(db, a->id) == ST_OK) {
			t->closed++;
			what = "closed at the gateway";
		}
	}
	if (what && out)
		fprintf(out, "%s %s order %s here=%s gateway=%s: %s\n", p->name, a->token, o.order_no,
		        now.status, state_word(state), what);
}

int reconcile_run(struct db *db, const char *day, FILE *out, struct reconcile_totals *t)
{
	static const char *const names[] = { "wechat", "alipay", NULL };
	char yesterday[11];
	int64_t from;

	memset(t, 0, sizeof *t);
	if (!day) {
		/* the association's yesterday: the day before today's date */
		char today[11];

		assoc_date(store_now(), today);
		assoc_date(assoc_date_start(today) - 12 * 3600, yesterday);
		day = yesterday;
	}
	if ((from = assoc_date_start(day)) < 0)
		return -1;
	for (size_t i = 0; names[i]; i++) {
		const struct pay_provider *p = pay_provider_find(names[i]);
		struct list l = { 0 };

		if (!p)
			continue;
		if (store_attempt_list_day(db, p->name, from, assoc_next_day(from), collect, &l) != ST_OK) {
			free(l.v);
			return -1;
		}
		for (size_t k = 0; k < l.n; k++)
			check_attempt(db, p, &l.v[k], out, t);
		free(l.v);
	}
	{
		struct refund_ids r = { 0 };
		store_refunds_of(db, 0, collect_refund, &r);
		for (size_t k = 0; k < r.n; k++) {
			struct refund rf = { 0 };
			t->refunds++;
			if (pay_refund_check(db, r.v[k], g_cfg ? g_cfg->base_url : NULL) != ERR_OK)
				t->unanswered++;
			if (out && store_refund_get(db, r.v[k], &rf) == ST_OK) {
				fprintf(out, "refund %s (%s): %s\n", rf.refund_no, rf.provider, rf.status);
				refund_free(&rf);
			}
		}
		free(r.v);
	}
	if (out)
		fprintf(out, "reconcile %s: %d attempts checked, %d settled, %d closed, %d differences,"
		        " %d unanswered, %d refunds asked about\n", day, t->checked, t->settled,
		        t->closed, t->differences, t->unanswered, t->refunds);
	log_info("reconcile %s: %d checked, %d settled, %d closed, %d differences, %d unanswered",
	         day, t->checked, t->settled, t->closed, t->differences, t->unanswered);
	return 0;
}
