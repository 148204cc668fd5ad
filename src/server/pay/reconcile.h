/* Reconciliation with the payment gateways (rosterd reconcile, and the
 * daily scheduled run when a gateway is on). */
#ifndef ROSTERD_PAY_RECONCILE_H
#define ROSTERD_PAY_RECONCILE_H

#include <stdio.h>

struct db;

struct reconcile_totals {
	int checked;           /* attempts asked about */
	int settled;           /* paid at the gateway, missed here: applied now */
	int closed;            /* expired here, still open there: closed now */
	int differences;       /* disagreements left for staff (listed) */
	int unanswered;        /* the gateway gave no usable answer */
	int refunds;           /* processing refunds asked about */
};

/* Ask every gateway switched on about each attempt made or paid on day
 * ("YYYY-MM-DD", the association's calendar; NULL = yesterday) and every
 * attempt still open; apply what a lost callback missed, close what
 * should be closed, ask about refunds still processing; write one line per
 * finding to out (may be NULL) and fill *t. 0, or -1 when day is not a
 * date. */
int reconcile_run(struct db *db, const char *day, FILE *out, struct reconcile_totals *t);

#endif
