/* Locale and gettext set-up.
 *
 * A fresh Debian has no zh_CN locale generated, only C.UTF-8, so asking for
 * Chinese cannot rely on LANG=zh_CN.UTF-8 working. glibc ignores LANGUAGE
 * while LC_MESSAGES is the "C" locale, but since 2.35 C.UTF-8 is a real
 * locale for that purpose: so with LC_MESSAGES=C.UTF-8 and LANGUAGE=zh_CN
 * the zh_CN catalogue is used. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n_setup.h"
#include "roster/paths.h"
#include "roster/i18n.h"

extern int _nl_msg_cat_cntr; /* glibc: bump to drop cached translations */

static const char *cur_lang = "en";

static bool codeset_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

bool i18n_utf8(void)
{
	return codeset_is_utf8();
}

/* The language the environment asks for, gettext's order of precedence. */
static const char *env_language(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return v;
	}
	return "";
}

void i18n_init_locale(void)
{
	const char *dir = getenv("ROSTER_LOCALEDIR");

	if (!setlocale(LC_ALL, "") || !codeset_is_utf8()) {
		/* keep what worked of the environment for the other categories,
		 * but characters must be UTF-8 to show Chinese at all */
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "C.utf8");
	}
	bindtextdomain(ROSTER_TEXTDOMAIN, dir && *dir ? dir : paths_locale_dir());
	bind_textdomain_codeset(ROSTER_TEXTDOMAIN, "UTF-8");
	textdomain(ROSTER_TEXTDOMAIN);
}

/* Make LANGUAGE count: LC_MESSAGES must not be the plain C locale. */
static void messages_locale_not_c(void)
{
	const char *cur = setlocale(LC_MESSAGES, NULL);

	if (!cur || !strcmp(cur, "C") || !strcmp(cur, "POSIX")) {
		if (!setlocale(LC_MESSAGES, "C.UTF-8"))
			setlocale(LC_MESSAGES, "C.utf8");
	}
}

void i18n_set_language(const char *lang)
{
	const char *want = lang;

	if (!want) {
		const char *env = env_language();

		want = !strncmp(env, "zh", 2) ? "zh_CN" : "en";
		/* LANG=zh_CN.UTF-8 without that locale generated: setlocale
		 * failed and messages would stay English, so say it again in a
		 * way gettext hears */
		if (!strcmp(want, "zh_CN")) {
			const char *cur = setlocale(LC_MESSAGES, NULL);

			if (cur && strncmp(cur, "zh", 2) != 0)
				setenv("LANGUAGE", "zh_CN", 1);
		}
	} else {
		setenv("LANGUAGE", want, 1);
	}
	cur_lang = !strcmp(want, "zh_CN") ? "zh_CN" : "en";
	if (!strcmp(cur_lang, "zh_CN"))
		messages_locale_not_c();
	++_nl_msg_cat_cntr;
}

const char *i18n_language(void)
{
	return cur_lang;
}
