/* Identity numbers with check characters: the 18-digit resident identity
 * number (GB 11643-1999) and the Unified Social Credit Code of an
 * organisation (GB 32100-2015). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "roster/i18n.h"
#include "roster/validate.h"

/* ISO 7064 MOD 11-2 as GB 11643 lays it out. */
static const int id_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char id_check[] = "10X98765432";

/* The credit code's 31 characters: digits and capitals without I O Z S V. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int dig(char c)
{
	return c - '0';
}

/* Today as YYYYMMDD in local time: a birth date after it is impossible. */
static long today_ymd(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (localtime_r(&now, &tm) == NULL)
		return 99991231;
	return (tm.tm_year + 1900L) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

const char *val_id_card(const char *s)
{
	if (s == NULL || strlen(s) != 18)
		return N_("Enter the 18-digit ID number.");
	for (int i = 0; i < 17; i++)
		if (s[i] < '0' || s[i] > '9')
			return N_("Enter the 18-digit ID number.");
	char last = s[17] == 'x' ? 'X' : s[17];
	if (!(last >= '0' && last <= '9') && last != 'X')
		return N_("Enter the 18-digit ID number.");

	int y = dig(s[6]) * 1000 + dig(s[7]) * 100 + dig(s[8]) * 10 + dig(s[9]);
	int m = dig(s[10]) * 10 + dig(s[11]);
	int d = dig(s[12]) * 10 + dig(s[13]);
	if (y < 1900 || !val_ymd_real(y, m, d) || y * 10000L + m * 100 + d > today_ymd())
		return N_("The birth date in the ID number is not valid.");

	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += dig(s[i]) * id_weights[i];
	if (id_check[sum % 11] != last)
		return N_("The ID number's check digit does not match. Please check the number.");
	return NULL;
}

bool val_id_card_holder(const char *s, char birth[11], const char **gender)
{
	if (val_id_card(s) != NULL)
		return false;
	snprintf(birth, 11, "%.4s-%.2s-%.2s", s + 6, s + 10, s + 12);
	*gender = dig(s[16]) % 2 ? "male" : "female";
	return true;
}

const char *val_id_card_matches(const char *id, const char *birth, const char *gender)
{
	char b[11];
	const char *g;

	if (!val_id_card_holder(id, b, &g))
		return NULL;
	if (birth && *birth && strcmp(birth, b) != 0)
		return N_("The date of birth does not match the ID number.");
	if (gender && *gender && strcmp(gender, g) != 0)
		return N_("The gender does not match the ID number.");
	return NULL;
}

const char *val_uscc(const char *s)
{
	int sum = 0, w = 1; /* w = 3^i mod 31 */

	if (s == NULL || strlen(s) != 18)
		return N_("Enter the 18-character Unified Social Credit Code.");
	for (int i = 0; i < 18; i++)
		if (s[i] == '\0' || strchr(uscc_alphabet, s[i]) == NULL)
			return N_("Use only digits and capital letters other than I, O, Z, S and V.");
	for (int i = 0; i < 17; i++) {
		sum += (int)(strchr(uscc_alphabet, s[i]) - uscc_alphabet) * w;
		w = w * 3 % 31;
	}
	if (uscc_alphabet[(31 - sum % 31) % 31] != s[17])
		return N_("The credit code's check character does not match. Please check the code.");
	return NULL;
}
