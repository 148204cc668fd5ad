/* The audit log (GET /audit), newest first: when, who, the action, the
 * object and what changed (before → after). "f" filters by actor, member,
 * object, action and dates (scr_staff_audit_filter_ops); Enter opens a row
 * with the whole before and after, the reason, the address and the rest
 * of what was recorded. The pages reach every row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "app.h"
#include "record_view.h"
#include "staff/staff.h"
#include "reply.h"
#include "text.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"

#define LABEL_COLS 12
#define ARROW "\xe2\x86\x92"   /* → */

enum { P_FILTER = 1 };

struct audit {
	struct staff_audit_filter f;
};

/* A JSON value as one line: strings as they are, the rest as JSON. */
static char *value_line(const cJSON *v)
{
	char *s;

	if (!v || cJSON_IsNull(v))
		return xstrdup("-");
	if (cJSON_IsString(v))
		return xstrdup(v->valuestring);
	s = cJSON_PrintUnformatted(v);
	return s ? s : xstrdup("");
}

static const cJSON *detail_of(const cJSON *e)
{
	return cJSON_GetObjectItemCaseSensitive(e, "detail");
}

static const cJSON *side(const cJSON *e, const char *which)
{
	const cJSON *d = detail_of(e), *o;

	o = cJSON_IsObject(d) ? cJSON_GetObjectItemCaseSensitive(d, which) : NULL;
	return o;
}

/* before and after hold an object each, or one of them is null */
static bool has_change(const cJSON *e)
{
	return side(e, "before") || side(e, "after");
}

/* Calls fn for each key of before or after (once), with both values. */
static void each_change(const cJSON *e, void (*fn)(const char *key, const cJSON *b,
                                                   const cJSON *a, void *ctx), void *ctx)
{
	const cJSON *b = side(e, "before"), *a = side(e, "after"), *k;

	if (!cJSON_IsObject(b) || !cJSON_IsObject(a)) {
		fn(NULL, b, a, ctx);
		return;
	}
	cJSON_ArrayForEach(k, b)
		fn(k->string, k, cJSON_GetObjectItemCaseSensitive(a, k->string), ctx);
	cJSON_ArrayForEach(k, a)
		if (!cJSON_GetObjectItemCaseSensitive(b, k->string))
			fn(k->string, NULL, k, ctx);
}

struct change_line {
	char *buf;
	size_t len;
	bool all;                /* the unchanged keys too */
};

static void add_change(const char *key, const cJSON *b, const cJSON *a, void *ctx)
{
	struct change_line *c = ctx;
	char *bs, *as, *t;

	if (!c->all && b && a && cJSON_Compare(b, a, true))
		return;
	bs = value_line(b);
	as = value_line(a);
	if (c->all)
		t = xasprintf("%s  %-*s %s %s %s\n", c->buf ? c->buf : "", LABEL_COLS,
		              key ? key : "", bs, ARROW, as);
	else
		t = xasprintf("%s%s%s%s%s %s %s", c->buf ? c->buf : "", c->buf ? ", " : "",
		              key ? key : "", key ? ": " : "", bs, ARROW, as);
	free(c->buf);
	c->buf = t;
	free(bs);
	free(as);
}

static const char *who_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "actor");

	return cJSON_IsObject(a) ? json_str_or(a, "username", "?") : _("system");
}

static const char *object_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	char id[32];

	json_text(e, "object_id", id);
	snprintf(buf, RV_CELLSZ, "%s%s%s", json_str_or(e, "object_type", ""), *id ? " #" : "", id);
	return buf;
}

static const char *change_cell(const cJSON *e, char buf[RV_CELLSZ])
{
	const cJSON *d = detail_of(e);
	struct change_line c = { 0 };

	buf[0] = '\0';
	if (has_change(e)) {
		each_change(e, add_change, &c);
		snprintf(buf, RV_CELLSZ, "%s", c.buf ? c.buf : "");
		free(c.buf);
	} else if (cJSON_IsString(d)) {
		snprintf(buf, RV_CELLSZ, "%s", d->valuestring);
	} else if (cJSON_IsObject(d) && d->child) {
		char *s = cJSON_PrintUnformatted(d);

		snprintf(buf, RV_CELLSZ, "%s", s ? s : "");
		free(s);
	}
	/* one line in the table */
	for (char *p = buf; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return buf;
}

static const char *label(const cJSON *e, char buf[RV_CELLSZ])
{
	char t[RV_CELLSZ];

	snprintf(buf, RV_CELLSZ, "#%lld %s %s", (long long)json_int_or(e, "id", 0),
	         rv_format(e, "at", RV_DATETIME, t), json_str_or(e, "action", ""));
	return buf;
}

static char *row_text(struct rv *rv, const cJSON *e)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "actor"), *d = detail_of(e), *k;
	struct sbuf b = { 0 };
	char t[RV_CELLSZ], n[32], *who;

	sb_head(&b, json_str_or(e, "action", ""));
	sb_kv(&b, LABEL_COLS, _("When"), rv_format(e, "at", RV_DATETIME, t));
	if (cJSON_IsObject(a)) {
		who = xasprintf("%s (%s, #%lld)", json_str_or(a, "username", ""),
		                json_str_or(a, "role", ""), (long long)json_int_or(a, "id", 0));
		sb_kv(&b, LABEL_COLS, _("Who"), who);
		free(who);
	} else {
		sb_kv(&b, LABEL_COLS, _("Who"), _("system"));
	}
	sb_kv(&b, LABEL_COLS, _("Object"), object_cell(e, t));
	sb_kv(&b, LABEL_COLS, _("Member"), json_text(e, "member_id", n));
	sb_kv(&b, LABEL_COLS, _("Address"), json_str_or(e, "address", ""));
	if (cJSON_IsObject(d) && json_str_or(d, "reason", NULL))
		sb_kv(&b, LABEL_COLS, _("Reason"), json_str_or(d, "reason", ""));
	if (has_change(e)) {
		struct change_line c = { .all = true };

		sb_head(&b, _("Before → after"));
		each_change(e, add_change, &c);
		sb_add(&b, "%s", c.buf ? c.buf : "");
		free(c.buf);
	}
	if (cJSON_IsString(d) && *d->valuestring) {
		sb_head(&b, _("Detail"));
		sb_add(&b, "  %s\n", d->valuestring);
	} else if (cJSON_IsObject(d)) {
		bool head = false;

		cJSON_ArrayForEach(k, d) {
			char *v;

			if (!strcmp(k->string, "before") || !strcmp(k->string, "after") ||
			    !strcmp(k->string, "reason"))
				continue;
			if (!head)
				sb_head(&b, _("Detail"));
			head = true;
			v = value_line(k);
			sb_kv(&b, LABEL_COLS, k->string, v);
			free(v);
		}
	}
	return b.s ? b.s : xstrdup("");
}

/* ---------------------------------------------------------------- filters */

static void add_param(char **q, const char *name, const char *value)
{
	char *enc, *t;

	if (!value || !*value)
		return;
	enc = curl_easy_escape(NULL, value, 0);
	t = xasprintf("%s&%s=%s", *q, name, enc ? enc : "");
	curl_free(enc);
	free(*q);
	*q = t;
}

static char *query(const struct rv *rv)
{
	const struct audit *a = rv->own;
	char *q = xstrdup("");

	add_param(&q, "actor", a->f.actor);
	add_param(&q, "member", a->f.member);
	add_param(&q, "object_type", a->f.object_type);
	add_param(&q, "object_id", a->f.object_id);
	add_param(&q, "action", a->f.action);
	add_param(&q, "from", a->f.from);
	add_param(&q, "to", a->f.to);
	return q;
}

static void heading_add(char *buf, size_t *len, const char *label, const char *value)
{
	int n;

	if (!value || !*value || *len >= RV_CELLSZ)
		return;
	n = snprintf(buf + *len, RV_CELLSZ - *len, "%s%s %s", *len ? "  " : "", label, value);
	if (n > 0)
		*len += (size_t)n < RV_CELLSZ - *len ? (size_t)n : RV_CELLSZ - *len;
}

static const char *heading(const struct rv *rv, char buf[RV_CELLSZ])
{
	const struct audit *a = rv->own;
	size_t len = 0;

	buf[0] = '\0';
	heading_add(buf, &len, _("who:"), a->f.actor);
	heading_add(buf, &len, _("member:"), a->f.member);
	heading_add(buf, &len, _("object:"), a->f.object_type);
	heading_add(buf, &len, "#", a->f.object_id);
	heading_add(buf, &len, _("action:"), a->f.action);
	heading_add(buf, &len, _("from"), a->f.from);
	heading_add(buf, &len, _("to"), a->f.to);
	if (!len)
		snprintf(buf, RV_CELLSZ, "%s", _("Every entry (f filters)"));
	return buf;
}

static int open_filter(struct rv *rv, const cJSON *e)
{
	struct audit *a = rv->own;

	rv_push(rv, &scr_staff_audit_filter_ops, &a->f, P_FILTER);
	return SCR_REDRAW;
}

static void audit_resume(struct rv *rv, int tag, int value)
{
	if (tag == P_FILTER && value == 1)
		rv_restart(rv);
}

static void audit_close(struct rv *rv)
{
	struct audit *a = rv->own;

	free(a->f.actor);
	free(a->f.member);
	free(a->f.object_type);
	free(a->f.object_id);
	free(a->f.action);
	free(a->f.from);
	free(a->f.to);
}

static const struct rv_col cols[] = {
	{ .head = N_("When"), .width = 16, .key = "at", .fmt = RV_DATETIME },
	{ .head = N_("Who"), .width = 10, .cell = who_cell },
	{ .head = N_("Action"), .width = 18, .key = "action" },
	{ .head = N_("Object"), .width = 12, .cell = object_cell },
	{ .head = N_("Before → after"), .cell = change_cell },
	{ 0 },
};

static const struct rv_action actions[] = {
	{ .key = 'f', .label = N_("filter"), .flags = RV_A_LIST, .run = open_filter },
	{ 0 },
};

static const struct rv_detail detail = { .text = row_text };

static const struct rv_decl audit = {
	.title = N_("Audit log"),
	.path = "/audit",
	.per_page = 50,
	.cols = cols,
	.actions = actions,
	.detail = &detail,
	.empty = N_("No audit entry matches."),
	.label = label,
	.heading = heading,
	.own_size = sizeof(struct audit),
	.resume = audit_resume,
	.close = audit_close,
	.query = query,
};

const struct screen_ops scr_staff_audit_ops = RV_SCREEN("staff_audit", audit);
