/* Times, dates, money and sizes as the screens show them. Times are shown
 * in the association's time zone, which the server names in the account
 * object ("timezone", rosterd.conf association.timezone); until it is known
 * (before signing in), Asia/Shanghai, never the machine's own zone. */
#ifndef ROSTER_CLIENT_FORMAT_H
#define ROSTER_CLIENT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#define TIME_TEXT_SZ 32

/* The zone every time is shown in from now on (a tzdata name such as
 * "Asia/Shanghai"); NULL or a name that is not a plain zone name keeps the
 * one in use. The process's local time becomes that zone, so every
 * localtime_r of the client (lists, dates, "today") follows it. */
#define FORMAT_DEFAULT_ZONE "Asia/Shanghai"
void format_set_zone(const char *tz);

/* obj[key] as local "YYYY-MM-DD HH:MM" (a number of unix seconds) or the
 * text itself cut to that length with the ISO "T" made a space; "" when
 * missing. with_time false gives the date only. Returns buf. */
const char *time_text(const cJSON *obj, const char *key, bool with_time,
                      char buf[TIME_TEXT_SZ]);
/* "2026-11-29 16:05" in local time; "" for 0 or less. Returns buf. */
char *unix_time_text(int64_t unix_seconds, char buf[TIME_TEXT_SZ]);

/* Days from today (local time) to a YYYY-MM-DD date; false when the text is
 * not a date. */
bool days_until(const char *ymd, long *days);

/* The next value of a year filter (0 = any) as a key steps it: any, this
 * year, then back a year at a time, and after YEAR_STEP_BACK years any
 * again. */
#define YEAR_STEP_BACK 5
int year_step(int year);

/* Money in fen from obj[key] as "¥1,234.50", or "" when missing. */
const char *money_text(const cJSON *obj, const char *key, char buf[48]);

/* How a level change's fee difference was reached, from its order
 * ({amount, unit_fee, years}): "¥1,000.00 = ¥500.00 a year × 2 years
 * (2026–2027)"; NULL when the order does not say. Caller frees. */
char *fee_difference_text(const cJSON *order);

/* An identity number as a screen shows it to anyone looking on: the first
 * 3 and the last 4 characters, the rest as '*' ("110***********002X");
 * shorter values are all stars. Only the member editing it sees it whole.
 * Caller frees. */
char *id_number_masked(const char *s);
/* Whether a form schema's field (JSON) or a form's validator name holds an
 * identity number (the "id_card" validator). */
bool id_number_field(const char *validator);

/* A file size for people: "512 B", "1.5 KB", "2.0 MB", into buf. */
void size_text(long long n, char *buf, size_t len);

#endif
