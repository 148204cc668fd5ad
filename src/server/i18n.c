/* Per-request language: gettext's language (LANGUAGE) is set once for the
 * process from the configuration; a request that asks for English is
 * answered with the untranslated msgids, which are the English text. */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "roster/i18n.h"
#include "i18n.h"

static atomic_bool default_english;
static _Thread_local int thread_lang; /* 0 default, 1 English, 2 catalogue */

void i18n_default_english(bool english)
{
	atomic_store(&default_english, english);
}

bool i18n_thread_english(void)
{
	if (thread_lang == 0)
		return atomic_load(&default_english);
	return thread_lang == 1;
}

void i18n_thread_set(const char *lang)
{
	if (lang && strcmp(lang, "en") == 0)
		thread_lang = 1;
	else if (lang && strcmp(lang, "zh") == 0)
		thread_lang = 2;
	else
		thread_lang = 0;
}

const char *i18n_thread_lang(void)
{
	return i18n_thread_english() ? "en" : "zh";
}

const char *i18n_tr(const char *msgid)
{
	if (msgid == NULL || *msgid == '\0' || i18n_thread_english())
		return msgid;
	return gettext(msgid);
}

/* "zh-CN,zh;q=0.9,en;q=0.8": the zh or en tag with the highest q wins; the
 * first one wins a tie. Tags of other languages are passed over. */
void i18n_thread_from_header(const char *al)
{
	int best = 0;
	double best_q = -1;

	for (const char *p = al; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		const char *tag = p;
		size_t tag_len = strcspn(p, ";, \t");
		p += tag_len;
		double q = 1.0;
		while (*p && *p != ',') {
			if (*p == ';') {
				p++;
				while (*p == ' ')
					p++;
				if ((p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
					char *end;
					q = strtod(p + 2, &end);
					if (end == p + 2 || q < 0 || q > 1)
						q = 0;
					p = end;
					continue;
				}
			}
			p++;
		}
		int lang = 0;
		if (tag_len >= 2 && strncasecmp(tag, "en", 2) == 0 &&
		    (tag_len == 2 || tag[2] == '-' || tag[2] == '_'))
			lang = 1;
		else if (tag_len >= 2 && strncasecmp(tag, "zh", 2) == 0 &&
		         (tag_len == 2 || tag[2] == '-' || tag[2] == '_'))
			lang = 2;
		if (lang && q > 0 && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	thread_lang = best;
}
