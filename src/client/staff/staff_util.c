/* Helpers the staff screens share (staff.h): words for codes, times,
 * money, tolerant JSON reads, text building for detail views. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "i18n_setup.h"
#include "staff/staff.h"
#include "widgets/dialog.h"
#include "widgets/member1_util.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/money.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"

bool staff_is_branch(const struct app *app)
{
	const char *role = json_str_or(app_session(app)->account, "role", "");

	return !strcmp(role, "branch_staff");
}

struct words { const char *code, *words; };

static const char *lookup(const struct words *w, size_t n, const char *code)
{
	if (!code)
		return "";
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w[i].code, code))
			return _(w[i].words);
	return code;
}

const char *staff_kind_words(const char *kind)
{
	static const struct words w[] = {
		{ "join",           N_("Join") },
		{ "profile_change", N_("Profile change") },
		{ "level_change",   N_("Level change") },
		{ "branch_join",    N_("Branch join") },
	};
	return lookup(w, sizeof(w) / sizeof(w[0]), kind);
}

const char *staff_app_status_words(const char *status)
{
	static const struct words w[] = {
		{ "draft",          N_("Draft") },
		{ "pending_branch", N_("Branch review") },
		{ "pending_hq",     N_("HQ review") },
		{ "approved",       N_("Approved") },
		{ "rejected",       N_("Rejected") },
	};
	return lookup(w, sizeof(w) / sizeof(w[0]), status);
}

const char *staff_action_words(const char *action)
{
	static const struct words w[] = {
		{ "create",  N_("created") },
		{ "submit",  N_("submitted") },
		{ "approve", N_("approved") },
		{ "reject",  N_("rejected") },
		{ "edit",    N_("edited") },
		{ "apply",   N_("applied") },
	};
	return lookup(w, sizeof(w) / sizeof(w[0]), action);
}

const char *staff_member_status_words(const char *status)
{
	static const struct words w[] = {
		{ "draft",           N_("Not submitted") },
		{ "pending_branch",  N_("Awaiting branch review") },
		{ "pending_hq",      N_("Awaiting HQ review") },
		{ "pending_payment", N_("Awaiting payment") },
		{ "active",          N_("Active") },
		{ "grace",           N_("In grace period") },
		{ "expired",         N_("Expired") },
		{ "rejected",        N_("Rejected") },
	};
	return lookup(w, sizeof(w) / sizeof(w[0]), status);
}

const char *staff_order_status_words(const char *status)
{
	static const struct words w[] = {
		{ "unpaid",    N_("Unpaid") },
		{ "paid",      N_("Paid") },
		{ "cancelled", N_("Cancelled") },
		{ "closed",    N_("Closed") },
		{ "requested", N_("Requested") },
		{ "issued",    N_("Issued") },
		{ "pending",   N_("Waiting") },
		{ "succeeded", N_("Confirmed") },
	};
	return lookup(w, sizeof(w) / sizeof(w[0]), status);
}

char *staff_time(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	buf[0] = '\0';
	if (t <= 0 || !localtime_r(&tt, &tm))
		return buf;
	strftime(buf, 32, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

const char *staff_str(const cJSON *obj, const char *key, char buf[32])
{
	return staff_value_text(cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
	                                            : NULL, buf);
}

const char *staff_value_text(const cJSON *v, char buf[32])
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		snprintf(buf, 32, "%.0f", v->valuedouble);
		return buf;
	}
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? _("yes") : _("no");
	return "";
}

const char *staff_money(const cJSON *obj, const char *key, char buf[48])
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
	char m[MONEY_BUFSZ];

	buf[0] = '\0';
	if (!cJSON_IsNumber(v) || v->valuedouble < -1e15 || v->valuedouble > 1e15)
		return buf;
	snprintf(buf, 48, "%s", money_format((int64_t)v->valuedouble, m));
	return buf;
}

const char *staff_text_lang(const cJSON *obj, const char *zh_key, const char *en_key)
{
	bool en = !strcmp(i18n_language(), "en");
	const char *a = json_str_or(obj, en ? en_key : zh_key, NULL);

	if (!cJSON_IsObject(obj))
		return "";
	if (!a || !*a)
		a = json_str_or(obj, en ? zh_key : en_key, NULL);
	return a ? a : "";
}

const char *staff_name(const cJSON *v)
{
	const char *s;

	if (cJSON_IsString(v))
		return v->valuestring;
	if (!cJSON_IsObject(v))
		return "";
	s = staff_text_lang(v, "name_zh", "name_en");
	if (!*s)
		s = json_str_or(v, "name", json_str_or(v, "code", ""));
	return s ? s : "";
}

const char *staff_name_of(const cJSON *obj, const char *key)
{
	return staff_name(cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL);
}

/* ---------------------------------------------------------------- text */

void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_kv(struct sbuf *b, int cols, const char *label, const char *value)
{
	char *l = utf8_pad(label ? label : "", (size_t)cols);

	sb_add(b, "%s  %s\n", l, value && *value ? value : "-");
	free(l);
}

void sb_head(struct sbuf *b, const char *title)
{
	sb_add(b, "%s[ %s ]\n", b->len ? "\n" : "", title);
}

void sb_free(struct sbuf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

char *staff_row(size_t n, const char *const *texts, const int *widths)
{
	struct sbuf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		char *cell = utf8_pad(texts[i] ? texts[i] : "", (size_t)(widths[i] > 0 ? widths[i] : 1));

		sb_add(&b, "%s%s", i ? "  " : "", cell);
		free(cell);
	}
	if (!b.s)
		return xstrdup("");
	return b.s;
}

/* ---------------------------------------------------------------- tables */

void stable_fit(struct stable *t, int height)
{
	if (height < 1)
		height = 1;
	if (t->sel >= t->n)
		t->sel = t->n - 1;
	if (t->sel < 0)
		t->sel = 0;
	if (t->top > t->sel)
		t->top = t->sel;
	if (t->sel >= t->top + height)
		t->top = t->sel - height + 1;
	if (t->top < 0)
		t->top = 0;
}

enum stable_event stable_key(struct stable *t, unsigned key, int height)
{
	int page = height > 1 ? height - 1 : 1;

	switch (key) {
	case KF(KEY_UP):
		if (t->sel > 0)
			t->sel--;
		break;
	case KF(KEY_DOWN):
		if (t->sel + 1 < t->n)
			t->sel++;
		break;
	case KF(KEY_PPAGE):
		if (t->sel == 0)
			return STABLE_PREV_PAGE;
		t->sel -= page;
		break;
	case KF(KEY_NPAGE):
		if (t->sel >= t->n - 1)
			return STABLE_NEXT_PAGE;
		t->sel += page;
		break;
	case KF(KEY_HOME):
		t->sel = 0;
		break;
	case KF(KEY_END):
		t->sel = t->n - 1;
		break;
	default:
		return STABLE_IGNORED;
	}
	stable_fit(t, height);
	return STABLE_MOVED;
}

const char *staff_page_text(const cJSON *list, char buf[64])
{
	long long total = json_int_or(list, "total", 0), page = json_int_or(list, "page", 1),
	          per = json_int_or(list, "per_page", 20), pages;

	if (per < 1)
		per = 1;
	pages = total ? (total + per - 1) / per : 1;
	snprintf(buf, 64, _("Page %lld of %lld (%lld)"), page, pages, total);
	return buf;
}

/* ---------------------------------------------------------------- forms */

const cJSON *staff_form_field(const cJSON *form, const char *name)
{
	const cJSON *sec, *f;

	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(form, "sections")) {
		cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(sec, "fields")) {
			const char *n = json_str_or(f, "name", NULL);

			if (n && name && !strcmp(n, name))
				return f;
		}
	}
	return NULL;
}

const char *staff_field_label(const cJSON *form, const char *name)
{
	const cJSON *f = staff_form_field(form, name);
	const char *l = f ? staff_text_lang(f, "label_zh", "label_en") : "";

	return *l ? l : name;
}

const char *staff_field_value(const cJSON *form, const char *name, const char *value)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(staff_form_field(form, name), "options")) {
		if (!strcmp(json_str_or(o, "value", ""), value)) {
			const char *l = staff_text_lang(o, "label_zh", "label_en");

			return *l ? l : value;
		}
	}
	return value;
}

void staff_save_download(struct screen *s, const char *name, const struct api_reply *r,
                         char **saved)
{
	char *path = NULL, *why = NULL;

	if (download_save(app_config(s->app), name, r->body, r->len, &path, &why) != 0) {
		dialog_error(s->app, why, 0);
		free(why);
		return;
	}
	free(*saved);
	*saved = path;
}
