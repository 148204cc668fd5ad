/* Payment providers behind one interface: create a QR trade (a short
 * code_url the client draws), verify a callback the provider sends when the
 * payer has paid (or a refund ended), query, close and refund a trade. The
 * real gateways are pay/wechat*.c (WeChat Pay API v3, Native) and
 * pay/alipay*.c (Alipay open platform, RSA2), switched on in rosterd.conf.
 * Each QR code shown is one payment attempt with its own out_trade_no (the
 * payment's token). The built-in `sandbox` needs no internet:
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
	const char *out_trade_no;  /* the attempt's number at a gateway; the sandbox
	                              makes its own token */
};

/* What a verified notification says. */
enum pay_event_kind {
	PAY_EV_PAID = 0,           /* the trade was paid: settle (or refund due) */
	PAY_EV_IGNORE,             /* genuine, but nothing to act on (not paid) */
	PAY_EV_REFUND,             /* a refund ended (refund_* fields) */
};

/* A verified payment notification. */
struct pay_event {
	enum pay_event_kind kind;
	char event_id[72];         /* the provider's id of this notification */
	char order_no[32];
	char trade_no[72];         /* the provider's key of the trade (payments.token) */
	int64_t amount;            /* fen actually paid */
	int64_t paid_at;           /* unix seconds */
	char gateway_no[72];       /* the gateway's own number of the trade, or "" */
	char refund_no[72];        /* PAY_EV_REFUND: our out_refund_no / out_request_no */
	char refund_status[16];    /* "succeeded", "failed" or "processing" */
	int64_t refund_amount;     /* fen */
};

/* What the gateway says of a trade (query). */
enum pay_state {
	PAY_STATE_FAILED = -1,     /* no answer, or one that cannot be trusted */
	PAY_STATE_OPEN = 0,        /* not paid yet (also: an Alipay code nobody scanned) */
	PAY_STATE_PAID = 1,        /* paid (ev filled) */
	PAY_STATE_CLOSED = 2,      /* closed or revoked: will never be paid */
};

/* A refund to ask for. */
struct pay_refund {
	const char *token;         /* the paid attempt's out_trade_no */
	const char *gateway_no;    /* the gateway's number of that trade, or NULL */
	const char *refund_no;     /* ours, unique per refund: a retry sends it again */
	int64_t amount;            /* fen to give back */
	int64_t total;             /* fen the trade was paid */
	const char *reason;        /* shown to the payer, UTF-8 */
	const char *base_url;      /* this server's public URL, for the callback */
};

struct pay_refund_result {
	char status[16];           /* "succeeded", "processing" or "failed" */
	char gateway_refund_no[72];
	char why[160];             /* the gateway's reason when it refused */
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
	/* Ask the provider about a trade: an enum pay_state (ev filled when
	 * PAY_STATE_PAID). */
	int (*query)(struct db *db, const char *token, struct pay_event *ev);
	/* Close an unpaid trade at the gateway so its code cannot be paid any
	 * more. ERR_OK (closed, or never created there); ERR_CONFLICT when it
	 * was paid meanwhile; ERR_UNAVAILABLE when the gateway cannot be
	 * reached. */
	enum roster_err (*close)(const char *token);
	/* Ask for a refund. ERR_OK (out->status says how far it got);
	 * ERR_UNAVAILABLE: no answer, ask again with the same refund_no;
	 * ERR_CONFLICT: refused (out->why). */
	enum roster_err (*refund)(const struct pay_refund *r, struct pay_refund_result *out);
	/* How a refund asked for earlier stands: 1 known (out filled), 0 the
	 * gateway knows no such refund, -1 failed. */
	int (*refund_query)(const char *token, const char *refund_no,
	                    struct pay_refund_result *out);
	/* What the provider expects back when a callback was taken. */
	const char *ack_ctype;
	const char *ack_body;
};

/* The provider of that name, NULL when unknown or switched off. */
const struct pay_provider *pay_provider_find(const char *name);

extern const struct pay_provider pay_sandbox;
extern const struct pay_provider pay_wechat;
extern const struct pay_provider pay_alipay;

/* rosterd serve and reconcile: read the keys of every gateway switched on.
 * 0, or -1 with why (n bytes). */
int pay_gateways_check(char *why, size_t n);
/* The callback URL of a provider: its notify_url setting, or
 * base_url + "/pay/callback/" + name (malloc'd); NULL when neither is
 * known. */
char *pay_notify_url(const char *configured, const char *base_url, const char *name);

/* Sandbox only: build the callback the sandbox "gateway" sends when the
 * payer confirms trade token (body and signature malloc'd). The event id is
 * derived from the token, so confirming one trade twice yields one event.
 * ERR_OK or ERR_INTERNAL. */
enum roster_err sandbox_callback_build(const char *token, const char *order_no,
                                       int64_t amount, int64_t paid_at,
                                       char **body, char **signature);

#define SANDBOX_SIG_HEADER "X-Sandbox-Signature"

#endif
