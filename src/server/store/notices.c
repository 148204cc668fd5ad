/* notices table. */
#include <stdlib.h>
#include <string.h>
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/notices.h"

#define NOTICE_COLS "id, title, body, title_en, body_en, pinned, author_id, created_at," \
                    " updated_at, org_id"

void notice_free(struct notice *n)
{
	if (!n)
		return;
	free(n->title);
	free(n->body);
	free(n->title_en);
	free(n->body_en);
	memset(n, 0, sizeof *n);
}

void notices_free(struct notice *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		notice_free(&v[i]);
	free(v);
}

static void notice_read(struct db_stmt *st, void *row)
{
	struct notice *n = row;

	n->id = db_col_int(st, 0);
	n->title = db_col_text(st, 1);
	n->body = db_col_text(st, 2);
	n->title_en = db_col_text(st, 3);
	n->body_en = db_col_text(st, 4);
	n->pinned = db_col_int(st, 5) != 0;
	n->author_id = db_col_int(st, 6);
	n->created_at = db_col_int(st, 7);
	n->updated_at = db_col_int(st, 8);
	n->org_id = db_col_int(st, 9);
}

int store_notice_list(struct db *db, int offset, int per_page,
                      struct notice **out, size_t *n, int64_t *total)
{
	struct db_stmt *st;
	void *v;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_stmt(db, "SELECT COUNT(*) FROM notices");
	if (!st || db_row(st) != 1)
		return ST_ERROR;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_stmt(db, "SELECT " NOTICE_COLS " FROM notices"
	                 " ORDER BY pinned DESC, created_at DESC, id DESC LIMIT ? OFFSET ?");
	if (!st || db_bind(st, "dd", per_page, offset) != ST_OK)
		return ST_ERROR;
	rc = db_fetch_all(st, sizeof **out, notice_read, &v, n);
	if (rc != ST_OK) {
		notices_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return ST_OK;
}

int store_notice_get(struct db *db, int64_t id, struct notice *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " NOTICE_COLS " FROM notices WHERE id = ?");

	memset(out, 0, sizeof *out);
	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, notice_read);
}

/* Insert with an explicit creation time (the demo seed spreads them out). */
static int notice_insert_at(struct db *db, const struct notice *in, int64_t author_id,
                            int64_t at, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO notices (title, body, title_en, body_en, pinned, author_id,"
		" created_at, updated_at, org_id) VALUES (?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?,"
		" NULLIF(?, 0))");
	int rc;

	if (!st || db_bind(st, "ttttdiiii", in->title, in->body, in->title_en, in->body_en,
	                   in->pinned ? 1 : 0, author_id, at, at, in->org_id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc == ST_OK && id)
		*id = db_last_id(db);
	return rc;
}

int store_notice_insert(struct db *db, const struct notice *in, int64_t author_id,
                        int64_t *id)
{
	return notice_insert_at(db, in, author_id, store_now(), id);
}

int store_notice_update(struct db *db, int64_t id, const struct notice *in)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE notices SET title = ?, body = ?, title_en = ?, body_en = ?, pinned = ?,"
		" updated_at = ? WHERE id = ?");
	int rc;

	if (!st || db_bind(st, "ttttdii", in->title, in->body, in->title_en, in->body_en,
	                   in->pinned ? 1 : 0, store_now(), id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_NOTFOUND;
}

int store_notice_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM notices WHERE id = ?");
	int rc;

	if (!st || db_bind(st, "i", id) != ST_OK)
		return ST_ERROR;
	rc = db_run(st);
	if (rc != ST_OK)
		return rc;
	return db_changes(db) > 0 ? ST_OK : ST_NOTFOUND;
}

/* The demo notices, oldest first. */
static const struct notice demo_notices[] = {
	{
		.title = "关于开展2026年度会费缴纳工作的通知",
		.body = "各位会员：\n\n2026年度会费缴纳工作现已开始。请于3月31日前登录会员系统，"
		        "在“会员缴费”中选择年度并完成支付，支持扫码支付和银行转账。"
		        "缴费成功后可在“我的票据”中申请发票。\n\n会员服务部",
		.title_en = "2026 membership dues are open",
		.body_en = "Dear members,\n\nDues for 2026 can now be paid. Please sign in before "
		           "31 March, choose the year under \"Pay dues\" and pay by QR code or "
		           "bank transfer. Invoices can be requested under \"My invoices\" once "
		           "the payment is through.\n\nMember Services",
		.pinned = true,
	},
	{
		.title = "2026年学术年会征文通知",
		.body = "2026年学术年会将于10月在北京召开，现面向全体会员征集论文。"
		        "截稿日期为8月31日，详情请见协会网站。",
		.title_en = "Call for papers: 2026 annual conference",
		.body_en = "The 2026 annual conference takes place in Beijing in October. Members "
		           "are invited to submit papers by 31 August; details are on the "
		           "association's website.",
	},
	{
		.title = "会员系统上线试运行",
		.body = "新版会员系统已上线试运行，会员可在线提交入会申请、上传盖章申请表、"
		        "查看审核进度和缴纳会费。使用中如有问题，请联系会员服务部（010-6600 1000）。",
		.title_en = "The new member system is live",
		.body_en = "The new member system is now in trial use: apply online, upload the "
		           "stamped application form, follow the review and pay dues. For help, "
		           "call Member Services on 010-6600 1000.",
	},
};

int store_notice_seed(struct db *db, bool demo)
{
	struct db_stmt *st;
	int64_t count, now = store_now();
	size_t n = sizeof demo_notices / sizeof demo_notices[0];
	int rc = ST_OK;

	if (!demo)
		return ST_OK;
	st = db_stmt(db, "SELECT COUNT(*) FROM notices");
	if (!st || db_row(st) != 1)
		return ST_ERROR;
	count = db_col_int(st, 0);
	db_reset(st);
	if (count > 0)
		return ST_OK;
	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	/* a day apart, so "newest first" shows them in a sensible order */
	for (size_t i = 0; i < n && rc == ST_OK; i++)
		rc = notice_insert_at(db, &demo_notices[i], 0,
		                      now - (int64_t)(n - 1 - i) * 86400, NULL);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}
