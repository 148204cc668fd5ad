/* Which keys this terminal sends, and the status line's key names for it
 * (term_keys.h). Read from terminfo, not from the keys define_key() adds,
 * so a sequence roster understands is not taken for one the keyboard has. */
#include <ctype.h>
#include <string.h>

#include <curses.h>
#include <term.h>

#include "term_keys.h"

static bool has_pages = true, has_btab = true, has_fkeys = true;

static bool term_has(const char *cap)
{
	char *s = tigetstr(cap);

	return s && s != (char *)-1 && *s;
}

void term_keys_init(void)
{
	has_pages = term_has("knp") && term_has("kpp");
	has_btab = term_has("kcbt");
	/* a vt100's PF keys are on a keypad few emulators have: F-keys count
	 * only on a terminal that has the page keys too */
	has_fkeys = has_pages && term_has("kf2");
}

bool term_has_pages(void)
{
	return has_pages;
}

struct key_twin {
	const char *name;   /* as the help strings write it */
	const char *twin;   /* what every terminal can send */
	const bool *have;
};

static const struct key_twin twins[] = {
	{ "Shift-Tab", "^P", &has_btab },
	{ "PgDn", "^F", &has_pages },
	{ "PgUp", "^B", &has_pages },
	{ "F2", "^S", &has_fkeys },
};

const char *term_key(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(twins) / sizeof(twins[0]); i++)
		if (!strcmp(name, twins[i].name))
			return *twins[i].have ? name : twins[i].twin;
	return name;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-';
}

void term_keys_help(const char *help, char *out, size_t size)
{
	size_t o = 0;
	const char *p = help;

	if (!size)
		return;
	while (*p && o + 1 < size) {
		const char *put = NULL;
		size_t skip = 0, i;

		if (p == help || !word_char(p[-1]))
			for (i = 0; i < sizeof(twins) / sizeof(twins[0]) && !put; i++) {
				size_t n = strlen(twins[i].name);

				if (!*twins[i].have && !strncmp(p, twins[i].name, n) && !word_char(p[n])) {
					put = twins[i].twin;
					skip = n;
				}
			}
		if (put) {
			size_t n = strlen(put);

			if (o + n >= size)
				break;
			memcpy(out + o, put, n);
			o += n;
			p += skip;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}
