/* The association's calendar: every date, dues year and "today" the server
 * works out is that of association.timezone (an IANA zone, DST included),
 * which is made the process's time zone at start-up. */
#ifndef ROSTER_SERVER_ASSOC_TIME_H
#define ROSTER_SERVER_ASSOC_TIME_H

#include <stdint.h>

/* Make zone (NULL or empty: Asia/Shanghai) the process's time zone (TZ),
 * so localtime_r, mktime and SQLite's 'localtime' follow it. */
void assoc_time_init(const char *zone);
/* The zone made the process's (an IANA name). */
const char *assoc_zone(void);
/* The association's date of unix time t as "YYYY-MM-DD". */
void assoc_date(int64_t t, char out[11]);
/* The association's calendar year of unix time t. */
int assoc_year(int64_t t);
/* Unix time of the given hour (0 = midnight) of an association date (day
 * 32 is the first of the next month); -1 when the date is not one. */
int64_t assoc_day_time(int year, int month, int day, int hour);
/* Unix time "YYYY-MM-DD" (nothing after it) starts; -1 when not a date. */
int64_t assoc_date_start(const char *ymd);
/* Unix time the association date after the one t falls on starts (a day
 * is 23 or 25 hours long where the clocks change). */
int64_t assoc_next_day(int64_t t);
/* Seconds the association's zone is ahead of UTC at unix time t. */
long assoc_utc_offset(int64_t t);

#endif
