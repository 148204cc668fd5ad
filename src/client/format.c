/* Times, dates, money and sizes for showing (format.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "roster/xalloc.h"
#include "roster/money.h"
#include "roster/i18n.h"

void format_set_zone(const char *tz)
{
	static char current[64];

	if (!tz || !*tz || strlen(tz) >= sizeof current || tz[0] == '/' || tz[0] == ':' ||
	    strstr(tz, ".."))
		return;
	for (const char *p = tz; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return;
	if (strcmp(current, tz) == 0)
		return;
	snprintf(current, sizeof current, "%s", tz);
	setenv("TZ", current, 1);
	tzset();
}

const char *time_text(const cJSON *obj, const char *key, bool with_time,
                      char buf[TIME_TEXT_SZ])
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	struct tm tm;
	time_t t;

	buf[0] = '\0';
	if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble < 1e11) {
		t = (time_t)v->valuedouble;
		if (localtime_r(&t, &tm))
			strftime(buf, TIME_TEXT_SZ, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm);
	} else if (cJSON_IsString(v)) {
		/* "2026-11-29T10:00:00+08:00" -> "2026-11-29 10:00" */
		size_t n = strlen(v->valuestring), keep = with_time ? 16 : 10;
		char *p;

		snprintf(buf, TIME_TEXT_SZ, "%.*s", (int)(n < keep ? n : keep), v->valuestring);
		if ((p = strchr(buf, 'T')) != NULL)
			*p = ' ';
	}
	return buf;
}

char *unix_time_text(int64_t t, char buf[TIME_TEXT_SZ])
{
	time_t tt = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (t <= 0 || !localtime_r(&tt, &tm))
		return buf;
	strftime(buf, TIME_TEXT_SZ, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

bool days_until(const char *ymd, long *days)
{
	struct tm t, now;
	time_t today = time(NULL), then;
	int y, m, d;
	char extra;

	if (!ymd || sscanf(ymd, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
		return false;
	if (!localtime_r(&today, &now))
		return false;
	memset(&t, 0, sizeof(t));
	t.tm_year = y - 1900;
	t.tm_mon = m - 1;
	t.tm_mday = d;
	t.tm_hour = 12;
	t.tm_isdst = -1;
	then = mktime(&t);
	now.tm_hour = 12;
	now.tm_min = now.tm_sec = 0;
	now.tm_isdst = -1;
	today = mktime(&now);
	if (then == (time_t)-1 || today == (time_t)-1)
		return false;
	*days = (long)((then - today) / 86400);
	return true;
}

static int this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	return localtime_r(&now, &tm) ? tm.tm_year + 1900 : 2026;
}

int year_step(int year)
{
	return !year ? this_year() : year > this_year() - YEAR_STEP_BACK ? year - 1 : 0;
}

const char *money_text(const cJSON *obj, const char *key, char buf[48])
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	char m[MONEY_BUFSZ];

	buf[0] = '\0';
	if (!cJSON_IsNumber(v) || v->valuedouble < -1e15 || v->valuedouble > 1e15)
		return buf;
	snprintf(buf, 48, "%s", money_format((int64_t)v->valuedouble, m));
	return buf;
}

char *fee_difference_text(const cJSON *order)
{
	const cJSON *years = cJSON_GetObjectItemCaseSensitive(order, "years");
	const cJSON *unit = cJSON_GetObjectItemCaseSensitive(order, "unit_fee");
	const cJSON *amount = cJSON_GetObjectItemCaseSensitive(order, "amount");
	int n = cJSON_GetArraySize(years);
	char total[MONEY_BUFSZ], fee[MONEY_BUFSZ];
	int first, last;

	if (!cJSON_IsArray(years) || n < 1 || !cJSON_IsNumber(unit) || !cJSON_IsNumber(amount))
		return NULL;
	first = (int)cJSON_GetArrayItem(years, 0)->valuedouble;
	last = (int)cJSON_GetArrayItem(years, n - 1)->valuedouble;
	money_format((int64_t)amount->valuedouble, total);
	money_format((int64_t)unit->valuedouble, fee);
	if (n == 1)
		return xasprintf(_("%s = %s a year × 1 year (%d)"), total, fee, first);
	return xasprintf(_("%s = %s a year × %d years (%d–%d)"), total, fee, n, first, last);
}

void size_text(long long n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%lld B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KB", (double)n / 1024);
	else
		snprintf(buf, len, "%.1f MB", (double)n / (1024 * 1024));
}

char *id_number_masked(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;
	char *out = xmalloc(n + 1);
	bool ascii = true;

	for (i = 0; i < n; i++)
		ascii = ascii && (unsigned char)s[i] < 0x80;
	/* an identity number is ASCII; anything else is hidden whole */
	for (i = 0; i < n; i++)
		out[i] = ascii && n >= 8 && (i < 3 || i >= n - 4) ? s[i] : '*';
	out[n] = '\0';
	return out;
}

bool id_number_field(const char *validator)
{
	return validator && strcmp(validator, "id_card") == 0;
}
