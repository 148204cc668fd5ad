/* Inside the Alipay provider: what alipay.c (calls) and alipay_notify.c
 * (notifications) share. */
#ifndef ROSTERD_PAY_ALIPAY_INT_H
#define ROSTERD_PAY_ALIPAY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "roster/err.h"

/* A parameter list, as form fields. */
struct ali_param {
	char *key;
	char *value;
};

struct ali_params {
	struct ali_param *v;
	size_t n;
};

void ali_params_add(struct ali_params *p, const char *key, const char *value);
void ali_params_free(struct ali_params *p);
const char *ali_params_get(const struct ali_params *p, const char *key);
/* The text Alipay signs: every parameter with a non-empty value except
 * sign (and, for a notification, sign_type), sorted by key, as
 * k=v&k=v with the values as they are (not URL-encoded). Malloc'd. */
char *ali_sign_content(const struct ali_params *p, bool drop_sign_type);
/* Parse an application/x-www-form-urlencoded body; false when malformed. */
bool ali_params_parse_form(struct ali_params *p, const char *body, size_t len);

/* "12.34" -> 1234 fen; -1 when not a plain amount with at most 2 decimals. */
int64_t ali_yuan_parse(const char *s);
/* 1234 -> "12.34" (out 24 bytes). */
void ali_yuan_format(int64_t fen, char out[24]);
/* "2026-12-06 10:34:56" China time -> unix seconds, -1 when not. */
int64_t ali_time_parse(const char *s);

/* The provider's verify (alipay_notify.c). */
struct pay_callback_in;
struct pay_event;
enum roster_err ali_verify(const struct pay_callback_in *in, struct pay_event *ev,
                           const char **why);

#endif
