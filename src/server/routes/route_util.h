/* Small pieces several route groups share: the staff caller's scope, the
 * ?year= filter, single-line text checks and sending a download. */
#ifndef ROSTERD_ROUTE_UTIL_H
#define ROSTERD_ROUTE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct req;
struct resp;
struct wf_out;

/* True when s is one of the NULL-terminated list. */
bool route_in_list(const char *const *list, const char *s);

/* The caller's scope: a branch officer's branch, 0 for HQ and admin. */
int64_t route_caller_scope(const struct req *req);

/* ?year= (2000..2200) into *year; *year untouched when absent or empty,
 * "Not a year." added to errs under "year" when junk. */
void route_query_year(const struct req *req, cJSON *errs, int *year);

/* Why a single line of text is refused (too long for max characters, or
 * holds control characters), translated; NULL when it is fine. */
const char *route_line_problem(const char *s, size_t max);

/* 200 with data (taken over) as a download called filename. */
void route_send_attachment(struct resp *resp, const char *content_type, void *data,
                           size_t len, const char *filename);

/* This server's public URL for links in QR codes and mail: [server]
 * base_url, else http://<Host header> (req NULL: the listening address).
 * Malloc'd, no trailing '/'. */
char *route_base_url(const struct req *req);

struct order;
/* The caller's order of the route's first {id} (pay_order_of): false, with
 * 404 sent, when there is none or it is another account's. */
bool route_my_order(struct req *req, struct resp *resp, struct order *o);

/* Answer o's error (takes o->fields). */
void wf_send_error(struct resp *resp, struct wf_out *o);

/* 200 with data as a download called name (copied unless owned, then
 * taken), never compressed. */
void file_send(struct resp *resp, const char *content_type, const char *name,
               void *data, size_t len, int owned);

#endif
