/* Contact details and account names: e-mail, mainland mobile number, postal
 * code, user name. */
#include <stdbool.h>
#include <string.h>

#include "roster/i18n.h"
#include "roster/validate.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Local part: the RFC 5322 dot-atom without quoting, which is what people
 * actually have. */
static bool email_local_ok(const char *s, size_t n)
{
	static const char specials[] = "!#$%&'*+/=?^_`{|}~-";

	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '.' && s[i + 1] == '.')
			return false;
		if (!is_alpha(c) && !is_digit(c) && c != '.' && strchr(specials, c) == NULL)
			return false;
	}
	return true;
}

/* Host name labels of letters, digits and inner hyphens, at least two of
 * them, and a top-level label that is not all digits. */
static bool email_domain_ok(const char *s, size_t n)
{
	size_t labels = 0, start = 0;

	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '-')
				return false;
			continue;
		}
		size_t len = i - start;
		if (len == 0 || len > 63 || s[start] == '-' || s[i - 1] == '-')
			return false;
		labels++;
		if (i == n) {
			bool alpha = false;
			for (size_t k = start; k < n; k++)
				alpha |= is_alpha(s[k]);
			if (len < 2 || !alpha)
				return false;
		}
		start = i + 1;
	}
	return labels >= 2;
}

const char *val_email(const char *s)
{
	const char *msg = N_("Enter an e-mail address such as name@example.com.");

	if (s == NULL)
		return msg;
	size_t n = strlen(s);
	const char *at = strchr(s, '@');
	if (n > 254 || at == NULL || strchr(at + 1, '@') != NULL)
		return msg;
	if (!email_local_ok(s, (size_t)(at - s)) ||
	    !email_domain_ok(at + 1, n - (size_t)(at - s) - 1))
		return msg;
	return NULL;
}

bool val_mobile_normalise(const char *s, char out[12])
{
	char d[16];
	size_t n = 0;
	bool plus = false;

	if (s == NULL)
		return false;
	if (*s == '+') {
		plus = true;
		s++;
	}
	/* digits, with single spaces or hyphens between groups */
	for (const char *p = s; *p; p++) {
		if (is_digit(*p)) {
			if (n == sizeof d)
				return false;
			d[n++] = *p;
		} else if ((*p == ' ' || *p == '-') && p > s && is_digit(p[-1]) && is_digit(p[1])) {
			continue;
		} else {
			return false;
		}
	}
	const char *num = d;
	if (n == 13 && d[0] == '8' && d[1] == '6') {
		num += 2;
		n -= 2;
	} else if (plus) {
		return false; /* only the +86 country code is a mainland number */
	}
	if (n != 11 || num[0] != '1' || num[1] < '3' || num[1] > '9')
		return false;
	memcpy(out, num, 11);
	out[11] = '\0';
	return true;
}

const char *val_mobile(const char *s)
{
	char buf[12];

	if (!val_mobile_normalise(s, buf))
		return N_("Enter an 11-digit mainland mobile number.");
	return NULL;
}

const char *val_postcode(const char *s)
{
	if (s == NULL || strlen(s) != 6)
		return N_("Enter a 6-digit postal code.");
	for (int i = 0; i < 6; i++)
		if (!is_digit(s[i]))
			return N_("Enter a 6-digit postal code.");
	return NULL;
}

const char *val_username(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	for (size_t i = 0; i < n; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
			return N_("Use only letters, digits, '_', '.' and '-'.");
	if (n < 3 || n > 32)
		return N_("Use 3 to 32 characters.");
	if (!is_alpha(s[0]))
		return N_("Start with a letter.");
	return NULL;
}
