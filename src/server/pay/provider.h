/* Payment providers behind one interface: create a QR trade (a short
 * code_url the client draws), verify a callback the provider sends when the
 * payer has paid, query a trade. The built-in `sandbox` needs no internet:
 * its code_url opens a page served by rosterd (html/sandbox_pay.c) whose
 * confirmation is delivered as a signed callback through the same handler
 * a real gateway's callback reaches (pay/callback.c). */
#ifndef ROSTERD_PAY_PROVIDER_H
#define ROSTERD_PAY_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "roster/err.h"

struct db;

/* What a trade is for. */
struct pay_trade {
	const char *order_no;
	int64_t amount;            /* fen */
	const char *subject;       /* what the payer's app shows, UTF-8 */
	int64_t expires_at;        /* unix seconds */
	const char *base_url;      /* this server's public URL, no trailing '/' */
};

/* A verified payment notification. */
struct pay_event {
	char event_id[72];         /* the provider's id of this notification */
	char order_no[32];
	char trade_no[72];         /* the provider's key of the trade (payments.token) */
	int64_t amount;            /* fen actually paid */
	int64_t paid_at;           /* unix seconds */
};

/* The request a callback arrived as (headers are looked up through fn). */
struct pay_callback_in {
	const char *body;
	size_t len;
	const char *(*header)(void *ctx, const char *name);
	void *ctx;
};

struct pay_provider {
	const char *name;          /* "sandbox"; also the callback path's last part */
	/* New trade: *token (the provider's key of it) and *code_url, both
	 * malloc'd. ERR_OK, or ERR_UNAVAILABLE when the provider cannot be
	 * reached. */
	enum roster_err (*create)(const struct pay_trade *t, char **token, char **code_url);
	/* Check a callback's signature and freshness and read it into ev.
	 * ERR_OK; ERR_UNAUTHORIZED for a bad or missing signature;
	 * ERR_BAD_REQUEST for a malformed body; ERR_GONE for a timestamp outside
	 * the window (*why: a short English reason for the log). */
	enum roster_err (*verify)(const struct pay_callback_in *in, struct pay_event *ev,
	                          const char **why);
	/* Ask the provider about a trade: 1 paid (ev filled), 0 not paid, -1
	 * failed. */
	int (*query)(struct db *db, const char *token, struct pay_event *ev);
	/* What the provider expects back when a callback was taken. */
	const char *ack_ctype;
	const char *ack_body;
};

/* The provider of that name, NULL when unknown or switched off. */
const struct pay_provider *pay_provider_find(const char *name);

extern const struct pay_provider pay_sandbox;

/* Sandbox only: build the callback the sandbox "gateway" sends when the
 * payer confirms trade token (body and signature malloc'd). The event id is
 * derived from the token, so confirming one trade twice yields one event.
 * ERR_OK or ERR_INTERNAL. */
enum roster_err sandbox_callback_build(const char *token, const char *order_no,
                                       int64_t amount, int64_t paid_at,
                                       char **body, char **signature);

#define SANDBOX_SIG_HEADER "X-Sandbox-Signature"

#endif
