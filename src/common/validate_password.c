/* Password policy: 8 to 128 characters and not one of the common passwords
 * shipped in data/common-passwords.txt (embedded into the binaries). No
 * composition rules: length and a block list protect better than rules that
 * push people to "Password1!". */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "roster/embed.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/validate.h"
#include "roster/xalloc.h"

#define PW_MIN_CHARS 8
#define PW_MAX_CHARS 128

struct pw_word {
	const char *s; /* borrowed from the embedded blob, not NUL-terminated */
	size_t len;
};

/* Built once, read by any thread afterwards. */
static struct pw_word *pw_words;
static size_t pw_count;
static size_t pw_maxlen;
static pthread_once_t pw_once = PTHREAD_ONCE_INIT;

static int pw_cmp(const void *a, const void *b)
{
	const struct pw_word *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* One word a line; blank lines and lines starting with '#' are skipped, a
 * trailing CR is ignored. The file is lower-case already. */
static void pw_load(void)
{
	const struct roster_blob *b = roster_blob_find(roster_embedded, roster_embedded_count,
	                                               "common-passwords.txt");
	if (b == NULL)
		return;

	size_t cap = 1;
	for (size_t i = 0; i < b->len; i++)
		cap += b->data[i] == '\n';
	pw_words = xcalloc(cap, sizeof *pw_words);

	const char *p = (const char *)b->data, *end = p + b->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t len = (size_t)(eol - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > 0 && p[0] != '#' && pw_count < cap) {
			pw_words[pw_count].s = p;
			pw_words[pw_count].len = len;
			if (len > pw_maxlen)
				pw_maxlen = len;
			pw_count++;
		}
		p = eol + 1;
	}
	qsort(pw_words, pw_count, sizeof *pw_words, pw_cmp);
}

/* Case-insensitive for ASCII letters, the only ones the list has. */
static bool pw_is_common(const char *s)
{
	pthread_once(&pw_once, pw_load);

	size_t len = strlen(s);
	if (pw_count == 0 || len == 0 || len > pw_maxlen)
		return false;
	char *low = xmalloc(len);
	for (size_t i = 0; i < len; i++)
		low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	struct pw_word key = { low, len };
	bool found = bsearch(&key, pw_words, pw_count, sizeof *pw_words, pw_cmp) != NULL;
	free(low);
	return found;
}

const char *val_password(const char *s)
{
	if (s == NULL)
		s = "";
	size_t len = strlen(s);
	if (!utf8_valid(s, len))
		return N_("The password contains invalid characters.");
	size_t chars = utf8_chars(s);
	if (chars < PW_MIN_CHARS)
		return N_("Use at least 8 characters.");
	if (chars > PW_MAX_CHARS)
		return N_("Use at most 128 characters.");
	if (pw_is_common(s))
		return N_("This password is too common. Choose another one.");
	return NULL;
}

/* For tests and tools: how many common passwords were loaded. */
size_t val_password_list_size(void)
{
	pthread_once(&pw_once, pw_load);
	return pw_count;
}
