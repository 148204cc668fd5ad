/* Calendar dates: "YYYY-MM-DD" as forms send them. */
#include <stdbool.h>
#include <string.h>

#include "roster/i18n.h"
#include "roster/validate.h"

bool val_ymd_real(int year, int month, int day)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
		return false;
	int last = days[month - 1];
	if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		last = 29;
	return day <= last;
}

static bool is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

const char *val_date(const char *s)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !is_digits(s, 4) || !is_digits(s + 5, 2) || !is_digits(s + 8, 2))
		return N_("Enter a date as YYYY-MM-DD.");
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	if (!val_ymd_real(y, m, d))
		return N_("That date does not exist.");
	if (y < 1900 || y > 2200)
		return N_("Enter a date between 1900 and 2200.");
	return NULL;
}
