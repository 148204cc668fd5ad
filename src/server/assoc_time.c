/* The association's calendar, in the configured time zone. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "assoc_time.h"

static bool zone_set;

void assoc_time_init(const char *zone)
{
	setenv("TZ", zone && *zone ? zone : "Asia/Shanghai", 1);
	tzset();
	zone_set = true;
}

/* A program that never loaded the configuration (a unit test) still gets
 * the default zone, not the machine's. */
static void zone_ensure(void)
{
	if (!zone_set)
		assoc_time_init(NULL);
}

static void local_tm(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	zone_ensure();
	if (!localtime_r(&tt, tm))
		memset(tm, 0, sizeof *tm);
}

void assoc_date(int64_t t, char out[11])
{
	struct tm tm;

	local_tm(t, &tm);
	if (strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		out[0] = '\0';
}

int assoc_year(int64_t t)
{
	struct tm tm;

	local_tm(t, &tm);
	return tm.tm_year + 1900;
}

int64_t assoc_day_time(int year, int month, int day, int hour)
{
	struct tm tm = { 0 };
	time_t t;

	if (month < 1 || month > 12 || day < 1 || day > 32 || hour < 0 || hour > 23)
		return -1;
	zone_ensure();
	tm.tm_year = year - 1900;
	tm.tm_mon = month - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_isdst = -1;   /* whatever the zone has on that day */
	t = mktime(&tm);
	return t == (time_t)-1 ? -1 : (int64_t)t;
}

int64_t assoc_date_start(const char *ymd)
{
	int y, m, d, used = 0;

	if (!ymd || sscanf(ymd, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || ymd[used])
		return -1;
	if (d > 31)
		return -1;
	return assoc_day_time(y, m, d, 0);
}

int64_t assoc_next_day(int64_t t)
{
	struct tm tm;

	local_tm(t, &tm);
	return assoc_day_time(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday + 1, 0);
}

long assoc_utc_offset(int64_t t)
{
	struct tm tm;

	local_tm(t, &tm);
	return tm.tm_gmtoff;
}

const char *assoc_zone(void)
{
	const char *tz;

	zone_ensure();
	tz = getenv("TZ");
	return tz ? tz : "";
}
