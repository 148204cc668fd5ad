/* The member register as a CSV file for staff, streamed.
 *
 *	GET /members/export.csv?q=&status=&level=&org=&lang=
 *
 * The same members as GET /members with the same filters and branch scope,
 * in its order (member number, then those without one by account), UTF-8
 * with a byte order mark, CRLF line ends, RFC 4180 quoting.
 *
 * A national association has a few hundred thousand members, so the file
 * is never held whole: the body is made while the client reads it
 * (resp_stream), EXPORT_BATCH members at a time, each batch one query that
 * starts after the last member of the one before. Memory stays that of one
 * batch whatever the number of members. Filters that match few members
 * (one username) have them read in one query through the search's index,
 * as the list's page is, not by walking the register. Each batch reads
 * the database as it is then: a member changed during a long download is
 * written as the batch reading them found them, and never twice.
 *
 * Exporting reads personal data, so it is audited: the "member.export" row
 * is written before the first byte goes out, with the filters and the
 * number of members they matched then (one COUNT). A download that fails
 * midway, or that the client leaves, is logged with the rows sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/codes.h"
#include "roster/xalloc.h"
#include "http.h"
#include "log.h"
#include "route.h"
#include "server.h"
#include "routes/members_query.h"
#include "routes/routes.h"
#include "store/audit.h"
#include "store/staff_queries.h"
#include "store/store.h"

#define EXPORT_BATCH 2000  /* members read by one query */

/* One export on its way: the filters (owned copies), where the last batch
 * ended and the CSV of the current batch. */
struct export {
	struct member_query q;     /* q.q, q.status, q.today point into the fields below */
	char today[11];
	char *text, *status;
	struct member_key after;
	int64_t account_id;        /* who exports, for the log */
	bool zh;
	bool failed;
	int64_t rows;              /* members written so far */
	char *buf;                 /* CSV not yet sent: buf[off..len) */
	size_t len, off, cap;
};

static void csv_put(struct export *e, const char *s, size_t n)
{
	if (e->len + n > e->cap) {
		size_t cap = e->cap ? e->cap : 16384;

		while (cap < e->len + n)
			cap *= 2;
		e->buf = xrealloc(e->buf, cap);
		e->cap = cap;
	}
	memcpy(e->buf + e->len, s, n);
	e->len += n;
}

/* One RFC 4180 field. A cell a spreadsheet would run as a formula (= + - @
 * at its start) is prefixed with an apostrophe, so an export opened in a
 * spreadsheet cannot be made to execute what a member typed. */
static void csv_field(struct export *e, const char *s, bool last)
{
	bool quote;

	if (!s)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		csv_put(e, "\"", 1);
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
		csv_put(e, "'", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			csv_put(e, "\"\"", 2);
		else
			csv_put(e, p, 1);
	}
	if (quote)
		csv_put(e, "\"", 1);
	csv_put(e, last ? "\r\n" : ",", last ? 2 : 1);
}

static void csv_row(const struct member_row *r, void *arg)
{
	struct export *e = arg;

	csv_field(e, r->member_no, false);
	csv_field(e, r->name, false);
	csv_field(e, code_words_in(CODES_MEMBER_TYPE, r->member_type, e->zh), false);
	csv_field(e, e->zh ? r->level_zh : r->level_en, false);
	csv_field(e, e->zh ? r->org_zh : r->org_en, false);
	csv_field(e, code_words_in(CODES_MEMBER_STATUS, r->effective_status, e->zh), false);
	csv_field(e, r->valid_until, false);
	csv_field(e, r->mobile, false);
	csv_field(e, r->email, false);
	csv_field(e, r->uscc, false);
	csv_field(e, r->username, true);
	e->rows++;
}

static void csv_head(struct export *e)
{
	static const char *const head_zh[] = {
		"会员编号", "姓名/单位名称", "会员类型", "会员等级", "所属机构", "状态",
		"有效期至", "手机", "电子邮箱", "统一社会信用代码", "用户名",
	};
	static const char *const head_en[] = {
		"Member no.", "Name", "Member type", "Level", "Organisation", "Status",
		"Valid until", "Mobile", "E-mail", "Credit code", "Username",
	};
	size_t n = sizeof(head_zh) / sizeof(head_zh[0]);

	/* the byte order mark makes spreadsheets read the file as UTF-8 */
	csv_put(e, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < n; i++)
		csv_field(e, e->zh ? head_zh[i] : head_en[i], i + 1 == n);
}

/* Chinese unless the client asks for English (?lang=en, or an
 * Accept-Language that starts with en). */
static bool csv_chinese(const struct req *req)
{
	const char *lang = req_query(req, "lang"), *al;

	if (lang && *lang)
		return strncmp(lang, "en", 2) != 0;
	al = req_header(req, "Accept-Language");
	if (al && !strncmp(al, "en", 2))
		return false;
	return !(g_cfg && g_cfg->language && !strncmp(g_cfg->language, "en", 2));
}

/* The next batch into e->buf; false when the database failed. Runs on the
 * worker thread serving the download, with that thread's connection,
 * between the requests it serves: the batch's statement is read to its
 * end and the connection left as a request leaves it. */
static bool export_batch(struct export *e)
{
	struct db *db = db_thread();
	int rc;

	e->len = e->off = 0;
	if (!db || db_in_tx(db))
		return false;
	rc = staff_members_batch(db, &e->q, &e->after, EXPORT_BATCH, csv_row, e);
	db_request_done(db);
	return rc == ST_OK;
}

static long export_fill(void *cls, char *buf, size_t max)
{
	struct export *e = cls;
	size_t n;

	while (e->off == e->len) {
		if (e->after.at == MEMBER_KEY_END)
			return 0;
		if (!export_batch(e)) {
			e->failed = true;
			log_error("member export by account %lld failed after %lld rows: "
			          "the download was cut short",
			          (long long)e->account_id, (long long)e->rows);
			return -1;
		}
	}
	n = e->len - e->off < max ? e->len - e->off : max;
	memcpy(buf, e->buf + e->off, n);
	e->off += n;
	return (long)n;
}

static void export_drop(struct export *e)
{
	free(e->text);
	free(e->status);
	free(e->after.member_no);
	free(e->buf);
	free(e);
}

/* The download ended: sent whole, failed (logged already), or left. */
static void export_free(void *cls)
{
	struct export *e = cls;

	if (!e->failed && e->rows && (e->after.at != MEMBER_KEY_END || e->off < e->len))
		log_info("member export by account %lld: the client left after %lld rows",
		         (long long)e->account_id, (long long)e->rows);
	export_drop(e);
}

static void route_members_export(struct req *req, struct resp *resp)
{
	struct export *e = xcalloc(1, sizeof *e);
	int64_t total = 0;
	char *detail;
	int rc;

	if (!route_members_query(req, resp, &e->q, e->today)) {
		free(e);
		return;
	}
	/* the download outlives the request's strings */
	e->text = e->q.q ? xstrdup(e->q.q) : NULL;
	e->status = e->q.status ? xstrdup(e->q.status) : NULL;
	e->q.q = e->text;
	e->q.status = e->status;
	e->q.today = e->today;
	e->account_id = req->who.account_id;
	e->zh = csv_chinese(req);
	if (staff_members_count(req->db, &e->q, &total) != ST_OK) {
		export_drop(e);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	e->after.counted = true;
	e->after.matched = total;
	detail = xasprintf("{\"rows\":%lld,\"status\":\"%s\",\"level\":%lld,\"org\":%lld,\"q\":%s}",
	                   (long long)total, e->status ? e->status : "",
	                   (long long)e->q.level_id, (long long)e->q.org_id,
	                   e->text && *e->text ? "true" : "false");
	rc = store_audit(req->db, req->who.account_id, "member.export", NULL, 0, detail);
	free(detail);
	if (rc != ST_OK) {
		export_drop(e);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	csv_head(e);
	resp_stream(resp, 200, "text/csv; charset=utf-8", export_fill, export_free, e);
	resp_header(resp, "Content-Disposition",
	            "attachment; filename=\"members-export.csv\"");
}

const struct route routes_members_export[] = {
	{ "GET", "/members/export.csv", route_members_export, ROLES_STAFF, 0 },
	{ 0 }
};
