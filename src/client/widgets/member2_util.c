/* Helpers shared by the record screens (member2_util.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n_setup.h"
#include "ui.h"
#include "widgets/list.h"
#include "widgets/member1_util.h"
#include "widgets/member2_util.h"
#include "roster/i18n.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

const char *m2_time(const cJSON *obj, const char *key, bool with_time, char buf[M2_TIMESZ])
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	struct tm tm;
	time_t t;

	buf[0] = '\0';
	if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble < 1e11) {
		t = (time_t)v->valuedouble;
		if (localtime_r(&t, &tm))
			strftime(buf, M2_TIMESZ, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm);
	} else if (cJSON_IsString(v)) {
		/* "2026-11-29T10:00:00+08:00" -> "2026-11-29 10:00" */
		size_t n = strlen(v->valuestring), keep = with_time ? 16 : 10;
		char *p;

		snprintf(buf, M2_TIMESZ, "%.*s", (int)(n < keep ? n : keep), v->valuestring);
		if ((p = strchr(buf, 'T')) != NULL)
			*p = ' ';
	}
	return buf;
}

bool m2_is(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

const char *m2_text(const cJSON *obj, const char *base)
{
	bool en = !strcmp(i18n_language(), "en");
	char own[64], other[64];
	const char *s;

	/* own language, then the plain key (the server's default language),
	 * then the other language */
	snprintf(own, sizeof(own), "%s_%s", base, en ? "en" : "zh");
	snprintf(other, sizeof(other), "%s_%s", base, en ? "zh" : "en");
	s = json_s(obj, own);
	if (!s || !*s)
		s = json_s(obj, base);
	if (!s || !*s)
		s = json_s(obj, other);
	return s && *s ? s : NULL;
}

struct code_words {
	const char *code, *words;
};

static const char *words_of(const struct code_words *map, size_t n, const char *code)
{
	size_t i;

	if (!code)
		return "";
	for (i = 0; i < n; i++)
		if (!strcmp(map[i].code, code))
			return _(map[i].words);
	return code;
}

#define WORDS(map, code) words_of(map, sizeof(map) / sizeof(map[0]), code)

const char *m2_app_kind_words(const char *kind)
{
	static const struct code_words map[] = {
		{ "join",           N_("Joining") },
		{ "profile_change", N_("Information change") },
		{ "level_change",   N_("Level change") },
		{ "branch_join",    N_("Branch joining") },
	};

	return WORDS(map, kind);
}

const char *m2_app_status_words(const char *status)
{
	static const struct code_words map[] = {
		{ "draft",          N_("Draft") },
		{ "pending_branch", N_("Branch review") },
		{ "pending_hq",     N_("HQ review") },
		{ "approved",       N_("Approved") },
		{ "rejected",       N_("Rejected") },
	};

	return WORDS(map, status);
}

const char *m2_invoice_status_words(const char *status)
{
	static const struct code_words map[] = {
		{ "requested", N_("Requested") },
		{ "issued",    N_("Issued") },
		{ "cancelled", N_("Cancelled") },
	};

	return WORDS(map, status);
}

const char *m2_invoice_title_type_words(const char *t)
{
	static const struct code_words map[] = {
		{ "personal",     N_("A person") },
		{ "organisation", N_("An organisation") },
	};

	return WORDS(map, t);
}

const char *m2_invoice_kind_words(const char *kind)
{
	static const struct code_words map[] = {
		{ "normal",  N_("Normal invoice") },
		{ "special", N_("Special VAT invoice") },
	};

	return WORDS(map, kind);
}

char *m2_row(const char *const *cells, const int *widths, size_t n)
{
	char *out = xstrdup(""), *t, *cell;
	size_t i;

	for (i = 0; i < n; i++) {
		const char *c = cells[i] ? cells[i] : "";

		cell = widths[i] > 0 ? utf8_pad(c, (size_t)widths[i]) : xstrdup(c);
		t = xasprintf("%s%s%s", out, i ? "  " : "", cell);
		free(cell);
		free(out);
		out = t;
	}
	return out;
}

int m2_print_wrapped(int y, int x, int w, int max_rows, const char *text, attr_t attr)
{
	size_t starts[8], lens[8];
	int n, i;
	char *line;

	if (!text || w <= 0 || max_rows <= 0)
		return 0;
	if (max_rows > 8)
		max_rows = 8;
	n = ui_wrap(text, w, starts, lens, max_rows);
	if (n > max_rows)
		n = max_rows;
	for (i = 0; i < n; i++) {
		line = xstrndup(text + starts[i], lens[i]);
		ui_print(y + i, x, w, line, attr);
		free(line);
	}
	return n;
}

void m2_add(char **text, const char *line)
{
	char *t = xasprintf("%s%s\n", *text ? *text : "", line ? line : "");

	free(*text);
	*text = t;
}

void m2_line(char **text, int lw, const char *label, const char *value)
{
	char *pad = utf8_pad(label ? label : "", (size_t)lw), *line;

	line = xasprintf("%s  %s", pad, value && *value ? value : "-");
	m2_add(text, line);
	free(line);
	free(pad);
}

char *m2_reply_error(const struct api_reply *r)
{
	if (r->server_message && *r->server_message)
		return xstrdup(r->server_message);
	return xstrdup(r->message ? r->message : _(err_message(ERR_BAD_REPLY)));
}

bool m2_session_gone(struct screen *s, const struct api_reply *r)
{
	if (r->err != ERR_SESSION_EXPIRED && r->err != ERR_UNAUTHORIZED)
		return false;
	app_reply_error(s, r);
	return true;
}

void m2_list_paging(struct list *l, const cJSON *reply, long page, long per_page)
{
	long long total = json_ll(reply, "total", -1);

	l->page = json_ll(reply, "page", page);
	l->per_page = json_ll(reply, "per_page", per_page);
	if (l->per_page <= 0)
		l->per_page = per_page;
	l->total = total >= 0 ? total : (long)l->n;
}

void m2_list_restart(struct list *l, long *page)
{
	list_clear(l);
	l->per_page = 0;
	*page = 1;
}

static int this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	return localtime_r(&now, &tm) ? tm.tm_year + 1900 : 2026;
}

int m2_year_step(int year)
{
	return !year ? this_year() : year > this_year() - M2_YEARS_BACK ? year - 1 : 0;
}

void m2_save_download(struct screen *s, const char *name, const struct api_reply *r,
                      char **note, char **error)
{
	char *path = NULL, *why = NULL;

	if (download_save(app_config(s->app), name, r->body, r->len, &path, &why) == 0) {
		free(*note);
		*note = xasprintf(_("Saved to %s"), path);
		free(path);
	} else {
		free(*error);
		*error = why;
	}
}
