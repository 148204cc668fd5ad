/* Payment attempts at the gateways: closing the open ones, and asking about
 * one (see refund.h). Neither runs inside a transaction: the gateway is
 * asked first, and what it says is then applied in a short one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "pay/pay.h"
#include "pay/refund.h"
#include "store/attempts.h"
#include "store/store.h"

struct open_list {
	struct attempt *v;
	size_t n;
};

static void collect(const struct attempt *a, void *arg)
{
	struct open_list *l = arg;

	l->v = realloc(l->v, (l->n + 1) * sizeof *l->v);
	if (l->v)
		l->v[l->n++] = *a;
}

void pay_attempts_close(struct db *db, int64_t order_id)
{
	struct open_list l = { 0 };

	if (store_attempt_list_open(db, order_id, collect, &l) != ST_OK) {
		free(l.v);
		return;
	}
	for (size_t i = 0; i < l.n; i++) {
		const struct pay_provider *p = pay_provider_find(l.v[i].provider);
		enum roster_err e;
		int state;
		const char *outcome;

		if (!p)
			continue;
		e = p->close(l.v[i].token);
		if (e == ERR_OK) {
			store_attempt_closed(db, l.v[i].id);
		} else if (e == ERR_CONFLICT) {
			/* paid at the last moment: the money is taken as its
			 * callback would take it (it pays, or waits for a refund) */
			log_warn("%s attempt %lld was paid before it could be closed", p->name,
			         (long long)l.v[i].id);
			if (pay_query_apply(db, l.v[i].token, &state, &outcome) == ERR_OK)
				store_attempt_closed(db, l.v[i].id);
		} else {
			log_warn("%s attempt %lld: cannot close it now; reconciliation will ask",
			         p->name, (long long)l.v[i].id);
		}
	}
	free(l.v);
}

enum roster_err pay_query_apply(struct db *db, const char *token, int *state,
                                const char **outcome)
{
	const struct pay_provider *p;
	struct attempt a;
	struct pay_event ev;

	*outcome = NULL;
	*state = PAY_STATE_FAILED;
	if (store_attempt_by_token(db, token, &a) != ST_OK)
		return ERR_NOT_FOUND;
	if (!(p = pay_provider_find(a.provider)))
		return ERR_UNAVAILABLE;
	*state = p->query(db, token, &ev);
	store_attempt_checked(db, a.id);
	if (*state == PAY_STATE_FAILED)
		return ERR_UNAVAILABLE;
	if (*state != PAY_STATE_PAID)
		return ERR_OK;
	if (!ev.event_id[0])
		snprintf(ev.event_id, sizeof ev.event_id, "query:%.60s", token);
	return pay_event_apply(db, p, &ev, outcome);
}
