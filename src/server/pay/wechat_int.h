/* Inside the WeChat Pay provider: its keys and the pieces wechat.c (calls
 * to the gateway) and wechat_notify.c (callbacks) share. */
#ifndef ROSTERD_PAY_WECHAT_INT_H
#define ROSTERD_PAY_WECHAT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <openssl/evp.h>
#include <cjson/cJSON.h>
#include "roster/err.h"

/* The keys, read from the files rosterd.conf names. */
struct wx_keys {
	EVP_PKEY *merchant;        /* signs our requests */
	EVP_PKEY *wechat;          /* WeChat Pay's public key: verifies its answers */
	unsigned char apiv3[32];   /* opens the resource of a notification */
};

/* 0, or -1 with why. */
int wx_keys_load(struct wx_keys *k, char *why, size_t n);
void wx_keys_free(struct wx_keys *k);

/* A signature WeChat Pay made (an answer's or a callback's headers) over
 * "timestamp\nnonce\nbody\n", by the key Wechatpay-Serial names. Probes
 * (WECHATPAY/SIGNTEST/…) never verify. */
bool wx_signature_ok(const struct wx_keys *k, const char *serial, const char *timestamp,
                     const char *nonce, const char *signature, const char *body, size_t len);

/* RFC 3339 ("2026-12-06T10:34:56+08:00") to unix seconds, -1 when not. */
int64_t wx_time_parse(const char *s);
/* Unix seconds to RFC 3339 in China time (26 bytes). */
void wx_time_format(int64_t t, char out[32]);

/* A transaction (as a query answers or a notification's resource holds)
 * into ev: PAY_EV_PAID for trade_state SUCCESS, PAY_EV_IGNORE otherwise.
 * false (why) when it names another merchant or app, or lacks a field. */
struct pay_event;
bool wx_transaction_read(const cJSON *tx, struct pay_event *ev, const char **why);

/* A refund (an answer, or a refund notification's resource) into out. */
struct pay_refund_result;
void wx_refund_read(const cJSON *o, struct pay_refund_result *out);

/* The provider's verify (wechat_notify.c). */
struct pay_callback_in;
enum roster_err wx_verify(const struct pay_callback_in *in, struct pay_event *ev,
                          const char **why);

#endif
