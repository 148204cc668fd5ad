/* Made-up members and orders in bulk (seed.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assoc_time.h"
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/seed.h"
#include "store/tallies.h"

/* xorshift64*: small, fast and the same everywhere */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static int pick(uint64_t *s, int n)
{
	return (int)((rnd(s) >> 33) % (uint64_t)n);
}

static const char *const surnames[][2] = {
	{ "王", "wang" }, { "李", "li" }, { "张", "zhang" }, { "刘", "liu" }, { "陈", "chen" },
	{ "杨", "yang" }, { "黄", "huang" }, { "赵", "zhao" }, { "吴", "wu" }, { "周", "zhou" },
	{ "徐", "xu" }, { "孙", "sun" }, { "马", "ma" }, { "朱", "zhu" }, { "胡", "hu" },
	{ "郭", "guo" }, { "何", "he" }, { "高", "gao" }, { "林", "lin" }, { "罗", "luo" },
	{ "郑", "zheng" }, { "梁", "liang" }, { "谢", "xie" }, { "宋", "song" }, { "唐", "tang" },
	{ "欧阳", "ouyang" }, { "司马", "sima" },
};
static const char *const given[][2] = {
	{ "伟", "wei" }, { "芳", "fang" }, { "娜", "na" }, { "敏", "min" }, { "静", "jing" },
	{ "丽", "li" }, { "强", "qiang" }, { "磊", "lei" }, { "军", "jun" }, { "洋", "yang" },
	{ "勇", "yong" }, { "艳", "yan" }, { "杰", "jie" }, { "娟", "juan" }, { "涛", "tao" },
	{ "明", "ming" }, { "超", "chao" }, { "秀英", "xiuying" }, { "霞", "xia" }, { "平", "ping" },
	{ "刚", "gang" }, { "桂英", "guiying" }, { "建华", "jianhua" }, { "志强", "zhiqiang" },
	{ "海燕", "haiyan" }, { "晓东", "xiaodong" }, { "子涵", "zihan" }, { "雨桐", "yutong" },
	{ "浩然", "haoran" }, { "思远", "siyuan" }, { "文博", "wenbo" }, { "嘉怡", "jiayi" },
};
static const char *const cities[] = {
	"北京", "上海", "广州", "深圳", "成都", "杭州", "南京", "武汉", "西安", "重庆", "天津", "苏州",
};
static const char *const unit_kinds[] = {
	"科技有限公司", "信息技术有限公司", "研究院", "设计院", "教育咨询有限公司",
	"智能装备股份有限公司", "软件有限公司", "工程技术研究中心",
};
static const char *const unit_words[] = {
	"华信", "中科", "远航", "启明", "星河", "博雅", "鼎新", "恒通", "瑞丰", "云帆",
	"天成", "海纳", "卓越", "致远", "睿思", "明德",
};
static const char *const employers[] = {
	"清华大学", "复旦大学", "中山大学", "四川大学", "浙江大学", "中国科学院", "华为技术有限公司",
	"腾讯科技", "国家电网", "第一人民医院", "实验中学", "市设计研究院",
};
static const char *const mobile_prefix[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
	"155", "158", "159", "170", "177", "180", "186", "187", "188", "189", "198", "199",
};

struct level { int64_t id; int64_t fee; int unit; };

/* What one made-up member is. */
struct person {
	int64_t account_id;
	int unit;
	char username[40], email[64], mobile[12], name[64];
	int status;               /* index into member_status */
	int64_t level_id, fee, org_id, created_at;
	int first_year;           /* first year paid for */
};

static const char *const member_status[] = {
	"active", "expired", "pending_branch", "pending_hq", "pending_payment", "rejected", "draft",
};
/* per thousand, same order */
static const int status_share[] = { 820, 50, 40, 30, 30, 15, 15 };

static const char *const app_status[] = {
	"approved", "approved", "pending_branch", "pending_hq", "approved", "rejected", "draft",
};

static int pick_status(uint64_t *s)
{
	int r = pick(s, 1000), i = 0;

	while (i < 6 && r >= status_share[i])
		r -= status_share[i++];
	return i;
}

/* The association's date a unix time falls on, as YYYYMMDD */
static void assoc_day(int64_t t, char out[16])
{
	char d[11];

	assoc_date(t, d);
	snprintf(out, 16, "%.4s%.2s%.2s", d, d + 5, d + 8);
}

static int64_t year_start(int year)
{
	return assoc_day_time(year, 1, 1, 0);
}

static void person_make(uint64_t *s, struct person *p, int64_t n, const struct level *lv,
                        size_t nlv, const int64_t *orgs, size_t norgs, int this_year)
{
	int si = pick(s, (int)(sizeof surnames / sizeof surnames[0]));
	int gi = pick(s, (int)(sizeof given / sizeof given[0]));
	int gj = pick(s, (int)(sizeof given / sizeof given[0]));
	int two = pick(s, 3) != 0;
	/* 8 digits: n * a number prime to 10^8 is a bijection, so mobiles never repeat */
	unsigned long digits = (unsigned long)((n * 73939133LL) % 100000000LL);
	size_t l;

	p->unit = pick(s, 10) == 0;
	do
		l = (size_t)pick(s, (int)nlv);
	while (lv[l].unit != p->unit);
	p->level_id = lv[l].id;
	p->fee = lv[l].fee;
	p->org_id = orgs[pick(s, (int)norgs)];
	p->status = pick_status(s);
	snprintf(p->mobile, sizeof p->mobile, "%s%08lu",
	         mobile_prefix[n % (int64_t)(sizeof mobile_prefix / sizeof mobile_prefix[0])],
	         digits);
	if (p->unit) {
		snprintf(p->name, sizeof p->name, "%s%s%s",
		         cities[pick(s, (int)(sizeof cities / sizeof cities[0]))],
		         unit_words[pick(s, (int)(sizeof unit_words / sizeof unit_words[0]))],
		         unit_kinds[pick(s, (int)(sizeof unit_kinds / sizeof unit_kinds[0]))]);
		snprintf(p->username, sizeof p->username, "unit%s%lld", surnames[si][1], (long long)n);
	} else {
		snprintf(p->name, sizeof p->name, "%s%s%s", surnames[si][0], given[gi][0],
		         two ? given[gj][0] : "");
		snprintf(p->username, sizeof p->username, "%s%s%s%lld", surnames[si][1],
		         given[gi][1], two ? given[gj][1] : "", (long long)n);
	}
	snprintf(p->email, sizeof p->email, "%s@%s", p->username,
	         pick(s, 2) ? "example.com" : "example.cn");
	/* joined over the last eight years */
	p->first_year = this_year - 7 + pick(s, 8);
	p->created_at = year_start(p->first_year) + pick(s, 360) * 86400LL + pick(s, 86400);
}

/* The approved profile of p, as JSON text (out is big enough). */
static void profile_make(uint64_t *s, const struct person *p, int64_t n, char *out, size_t len)
{
	const char *city = cities[pick(s, (int)(sizeof cities / sizeof cities[0]))];

	if (p->unit)
		snprintf(out, len,
		         "{\"unit_name\":\"%s\",\"uscc\":\"91%04d%012lld\",\"unit_type\":\"enterprise\","
		         "\"industry\":\"it\",\"size\":\"50_199\",\"address\":\"%s市高新区创业路%d号\","
		         "\"legal_rep\":\"%s\",\"contact_name\":\"%s\",\"contact_mobile\":\"%s\","
		         "\"contact_email\":\"%s\"}",
		         p->name, 1100 + pick(s, 5000), (long long)n, city, 1 + pick(s, 999),
		         surnames[pick(s, 20)][0], surnames[pick(s, 20)][0], p->mobile, p->email);
	else
		snprintf(out, len,
		         "{\"name\":\"%s\",\"gender\":\"%s\",\"birth_date\":\"%04d-%02d-%02d\","
		         "\"id_type\":\"id_card\",\"id_number\":\"11010%04d%02d%02d%04lld\","
		         "\"mobile\":\"%s\",\"email\":\"%s\",\"address\":\"%s市人民路%d号\","
		         "\"education\":\"master\",\"employer\":\"%s\"}",
		         p->name, pick(s, 2) ? "male" : "female", 1950 + (int)(n % 55),
		         1 + pick(s, 12), 1 + pick(s, 28), 1950 + (int)(n % 55), 1 + pick(s, 12),
		         1 + pick(s, 28), (long long)(n % 10000), p->mobile, p->email, city,
		         1 + pick(s, 999), employers[pick(s, (int)(sizeof employers / sizeof employers[0]))]);
}

static int load_catalogue(struct db *db, struct level **lv, size_t *nlv, int64_t **orgs,
                          size_t *norgs)
{
	struct db_stmt *st = db_stmt(db, "SELECT id, annual_fee,"
	                               " CASE WHEN member_type = 'unit' THEN 1 ELSE 0 END FROM levels"
	                               " WHERE active = 1 ORDER BY id");
	int row, have[2] = { 0, 0 };

	*lv = NULL;
	*orgs = NULL;
	*nlv = *norgs = 0;
	if (!st)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		*lv = xrealloc(*lv, (*nlv + 1) * sizeof **lv);
		(*lv)[*nlv].id = db_col_int(st, 0);
		(*lv)[*nlv].fee = db_col_int(st, 1);
		(*lv)[*nlv].unit = (int)db_col_int(st, 2);
		have[(*lv)[*nlv].unit] = 1;
		(*nlv)++;
	}
	if (row < 0)
		return ST_ERROR;
	st = db_stmt(db, "SELECT id FROM orgs WHERE active = 1 ORDER BY id");
	if (!st)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		*orgs = xrealloc(*orgs, (*norgs + 1) * sizeof **orgs);
		(*orgs)[(*norgs)++] = db_col_int(st, 0);
	}
	if (row < 0)
		return ST_ERROR;
	return have[0] && have[1] && *norgs ? ST_OK : ST_NOTFOUND;
}

/* Counters that keep the numbers seeded unique: member numbers and receipt
 * numbers per year, order numbers per day of the association. */
struct seq {
	int base_year, years;
	int *member_no, *receipt;
	int64_t first_day;        /* unix time of the first day counted */
	int days;
	int *order_no;
	uint64_t s;
	int this_year;
	int64_t this_start;       /* unix time this year began */
	int64_t now;
	const char *hash;
};

static int bind_text(struct db_stmt *st, int i, const char *v)
{
	return db_bind_text(st, i, v) == ST_OK ? ST_OK : ST_ERROR;
}

static int bind_int(struct db_stmt *st, int i, int64_t v, bool null)
{
	int rc = null ? db_bind_null(st, i) : db_bind_int(st, i, v);

	return rc == ST_OK ? ST_OK : ST_ERROR;
}

/* The account, member row and join application of p; valid through
 * last_paid (0: never paid). */
static int person_insert(struct db *db, struct seq *q, struct person *p, int64_t n,
                         int last_paid)
{
	const char *status = member_status[p->status];
	const char *type = p->unit ? "unit" : "individual";
	const char *reason = p->status == 5 ? "材料不全 / Documents missing" : NULL;
	bool submitted = p->status != 6, decided;
	char profile[1024], member_no[32] = "", until[16] = "";
	struct db_stmt *st;
	int64_t submitted_at, decided_at;
	int64_t login = q->now - pick(&q->s, 400) * 86400LL;
	bool never_login = !submitted || pick(&q->s, 3) == 0;
	int yi = p->first_year - q->base_year;

	/* nothing later than the seed runs: this year's accounts spread over
	 * its days so far, a join made in the last days not yet decided */
	if (p->created_at > q->now && q->now > q->this_start)
		p->created_at = q->this_start + (p->created_at - q->this_start) %
		                (q->now - q->this_start);
	submitted_at = p->created_at + 3600 < q->now ? p->created_at + 3600 : q->now;
	decided_at = p->created_at + 3 * 86400 < q->now ? p->created_at + 3 * 86400 : q->now;
	profile_make(&q->s, p, n, profile, sizeof profile);
	st = db_stmt(db, "INSERT INTO accounts (username, username_key, email, mobile,"
	                 " password_hash, role, member_type, status, created_at, updated_at,"
	                 " password_changed_at, last_login_at)"
	                 " VALUES (?1, lower(?1), ?2, ?3, ?4, 'member', ?5, 'active', ?6, ?6, ?6, ?7)");
	if (!st || db_bind(st, "tttttii", p->username, p->email, p->mobile, q->hash, type,
	                   p->created_at, login) != ST_OK ||
	    bind_int(st, 7, login, never_login) != ST_OK || db_run(st) != ST_OK)
		return ST_ERROR;
	p->account_id = db_last_id(db);
	if (last_paid) {
		snprintf(until, sizeof until, "%04d-12-31", last_paid);
		if (q->member_no[yi] >= 999999)
			return ST_CONFLICT;
		snprintf(member_no, sizeof member_no, "M%04d%06d", p->first_year, ++q->member_no[yi]);
	}
	st = db_stmt(db, "INSERT INTO members (account_id, member_type, org_id, level_id, status,"
	                 " status_reason, member_no, valid_until, joined_at, profile, name,"
	                 " created_at, updated_at)"
	                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULLIF(?7, ''), NULLIF(?8, ''),"
	                 " ?9, ?10, ?11, ?12, ?12)");
	if (!st || db_bind(st, "itiitttt", p->account_id, type, p->org_id, p->level_id, status,
	                   reason, member_no, until) != ST_OK ||
	    bind_int(st, 9, decided_at, !last_paid) != ST_OK ||
	    /* the approved profile exists once the join was approved */
	    bind_text(st, 10, last_paid || p->status == 4 ? profile : "{}") != ST_OK ||
	    bind_text(st, 11, p->name) != ST_OK ||
	    bind_int(st, 12, p->created_at, false) != ST_OK || db_run(st) != ST_OK)
		return ST_ERROR;
	decided = !strcmp(app_status[p->status], "approved") || p->status == 5;
	st = db_stmt(db, "INSERT INTO applications (account_id, kind, status, member_type, org_id,"
	                 " review_org_id, level_id, profile, status_reason, created_at, updated_at,"
	                 " submitted_at, decided_at)"
	                 " VALUES (?1, 'join', ?2, ?3, ?4, NULLIF(?5, 0), ?6, ?7, ?8, ?9, ?9, ?10, ?11)");
	if (!st || db_bind(st, "ittiiitti", p->account_id, app_status[p->status], type,
	                   p->org_id, p->org_id == 1 ? (int64_t)0 : p->org_id, p->level_id,
	                   profile, reason, p->created_at) != ST_OK ||
	    bind_int(st, 10, submitted_at, !submitted) != ST_OK ||
	    bind_int(st, 11, decided_at, !decided) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

/* One dues order of p for year: paid, unpaid (waiting) or closed. */
static int order_insert(struct db *db, struct seq *q, const struct person *p, int year,
                        const char *status)
{
	bool paid = !strcmp(status, "paid"), live = paid || !strcmp(status, "unpaid");
	int64_t created, paid_at = 0, closes;
	char day[16], no[32], receipt[32] = "";
	const char *method = NULL, *provider = NULL;
	struct db_stmt *st;
	int di, rc, r;

	if (!strcmp(status, "unpaid"))
		created = q->now - pick(&q->s, 5) * 86400LL - pick(&q->s, 86400);
	else    /* dues season: from November before the year to March of it */
		created = year_start(year) - 61 * 86400LL + pick(&q->s, 150) * 86400LL +
		          pick(&q->s, 86400);
	if (created < year_start(p->first_year - 1))
		created = year_start(p->first_year - 1);
	if (created > q->now)
		created = q->now - pick(&q->s, 86400);
	closes = created + 7 * 86400;
	if (paid) {
		int pyi;

		paid_at = created + 60 + pick(&q->s, 3600);
		pyi = assoc_year(paid_at) - q->base_year;
		if (pyi < 0 || pyi >= q->years || q->receipt[pyi] >= 999999)
			return ST_CONFLICT;
		snprintf(receipt, sizeof receipt, "R%04d%06d", assoc_year(paid_at), ++q->receipt[pyi]);
		r = pick(&q->s, 10);
		method = r < 8 ? "qr" : "bank_transfer";
		provider = r < 5 ? "wechat" : r < 8 ? "alipay" : NULL;
	}
	assoc_day(created, day);
	/* whole local days since the first (a changed clock shifts an hour) */
	di = (int)((created + assoc_utc_offset(created) - q->first_day -
	            assoc_utc_offset(q->first_day)) / 86400);
	if (di < 0 || di >= q->days)
		return ST_CONFLICT;
	st = db_stmt(db, "INSERT INTO orders (order_no, account_id, kind, status, amount, unit_fee,"
	                 " level_id, year_from, year_to, method, provider, receipt_no, created_at,"
	                 " updated_at, paid_at, closes_at)"
	                 " VALUES (?1, ?2, 'dues', ?3, ?4, ?4, ?5, ?6, ?6, ?7, ?8, NULLIF(?9, ''),"
	                 " ?10, ?11, ?12, ?13) ON CONFLICT (order_no) DO NOTHING");
	/* a number an earlier order holds already (a database seeded before):
	 * the next one. Not a failed INSERT, which on PostgreSQL would end the
	 * seed's transaction (it runs without a savepoint per statement). */
	do {
		if (q->order_no[di] >= 999999)
			return ST_CONFLICT;
		snprintf(no, sizeof no, "D%s%06d", day, ++q->order_no[di]);
		if (!st || db_bind(st, "titiidttti", no, p->account_id, status, p->fee > 0 ? p->fee : 1,
		                   p->level_id, year, method, provider, receipt, created) != ST_OK ||
		    bind_int(st, 11, paid ? paid_at : closes, false) != ST_OK ||
		    bind_int(st, 12, paid_at, !paid) != ST_OK ||
		    bind_int(st, 13, closes, false) != ST_OK)
			return ST_ERROR;
		rc = db_run(st);
		if (rc == ST_OK && db_changes(db) == 0)
			rc = ST_EXISTS;
	} while (rc == ST_EXISTS);
	if (rc != ST_OK)
		return rc;
	st = db_stmt(db, "INSERT INTO order_years (order_id, account_id, year, live)"
	                 " VALUES (?, ?, ?, ?)");
	if (!st || db_bind(st, "iidd", db_last_id(db), p->account_id, year, live ? 1 : 0) != ST_OK)
		return ST_ERROR;
	return db_run(st);
}

static int seq_load(struct db *db, struct seq *q)
{
	struct db_stmt *st;

	for (int y = 0; y < q->years; y++) {
		char lo[16], hi[16];
		int row;

		st = db_stmt(db, "SELECT last FROM member_no_seq WHERE year = ?");
		if (!st || db_bind(st, "d", q->base_year + y) != ST_OK || (row = db_row(st)) < 0)
			return ST_ERROR;
		if (row == 1)
			q->member_no[y] = (int)db_col_int(st, 0);
		db_reset(st);
		snprintf(lo, sizeof lo, "R%04d", q->base_year + y);
		snprintf(hi, sizeof hi, "R%04d", q->base_year + y + 1);
		st = db_stmt(db, "SELECT MAX(receipt_no) FROM orders WHERE receipt_no >= ? AND receipt_no < ?");
		if (!st || db_bind(st, "tt", lo, hi) != ST_OK || (row = db_row(st)) < 0)
			return ST_ERROR;
		if (row == 1 && db_col_ctext(st, 0))
			q->receipt[y] = atoi(db_col_ctext(st, 0) + 5);
		db_reset(st);
	}
	return ST_OK;
}

static int seq_save(struct db *db, const struct seq *q)
{
	struct db_stmt *st;

	for (int y = 0; y < q->years; y++) {
		if (!q->member_no[y])
			continue;
		st = db_stmt(db, "INSERT INTO member_no_seq (year, last) VALUES (?1, ?2)"
		                 " ON CONFLICT (year) DO UPDATE SET last = max(member_no_seq.last, ?2)");
		if (!st || db_bind(st, "dd", q->base_year + y, q->member_no[y]) != ST_OK ||
		    db_run(st) != ST_OK)
			return ST_ERROR;
	}
	return ST_OK;
}

/* The orders of one member, wanted of them: paid years first (the latest
 * years up to last_paid), for a member waiting to pay the order waiting,
 * the rest orders that closed unpaid. *paid counts the paid ones. */
static int person_orders(struct db *db, struct seq *q, const struct person *p, int last_paid,
                         int64_t wanted, int64_t *paid)
{
	int rc = ST_OK, first = last_paid ? last_paid - (int)wanted + 1 : 0;
	int64_t made = 0;

	if (first && first < p->first_year)
		first = p->first_year;
	for (int y = first; last_paid && y <= last_paid && rc == ST_OK; y++, made++)
		rc = order_insert(db, q, p, y, "paid");
	*paid += made;
	if (rc == ST_OK && p->status == 4 && made < wanted) {
		rc = order_insert(db, q, p, q->this_year, "unpaid");
		made++;
	}
	/* what is left: orders of the year after that closed unpaid */
	for (; rc == ST_OK && made < wanted; made++)
		rc = order_insert(db, q, p, last_paid ? last_paid + 1 : q->this_year, "closed");
	return rc;
}

/* Triggers that keep the search index in step (migration 090) would
 * rebuild a member's text three times per member seeded: they are set
 * aside for the seed (inside its transaction, so nobody sees them gone),
 * the texts of the new accounts are indexed once, and the triggers are
 * made again from their own SQL. */
struct aside {
	char **sql;
	size_t n;
};

static int triggers_aside(struct db *db, struct aside *a)
{
	struct db_stmt *st;
	char **names = NULL;
	size_t n = 0;
	int row, rc = ST_OK;

	memset(a, 0, sizeof *a);
	/* PostgreSQL's triggers stay on: it has no sqlite_master */
	if (db_is_pg(db))
		return ST_OK;
	st = db_stmt(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
	                 " AND name LIKE 'member!_search!_%' ESCAPE '!' ORDER BY name");
	if (!st)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		names = xrealloc(names, (n + 1) * sizeof *names);
		a->sql = xrealloc(a->sql, (n + 1) * sizeof *a->sql);
		names[n] = xasprintf("DROP TRIGGER \"%s\"", db_col_ctext(st, 0));
		a->sql[n] = db_col_text(st, 1);
		n++;
	}
	a->n = n;
	if (row < 0)
		rc = ST_ERROR;
	for (size_t i = 0; i < n; i++) {
		if (rc == ST_OK && db_exec(db, names[i]) != ST_OK)
			rc = ST_ERROR;
		free(names[i]);
	}
	free(names);
	return rc;
}

static int triggers_back(struct db *db, struct aside *a, int64_t after_id, int rc)
{
	struct db_stmt *st;

	if (rc == ST_OK && a->n) {
		st = db_stmt(db, "INSERT INTO member_search (rowid, hay)"
		                 " SELECT account_id, hay FROM member_search_text WHERE account_id > ?");
		if (!st || db_bind(st, "i", after_id) != ST_OK || db_run(st) != ST_OK)
			rc = ST_ERROR;
		st = rc == ST_OK ? db_stmt(db, "INSERT INTO member_search_wide (rowid, wide)"
		                 " SELECT account_id, wide FROM member_search_wide_text"
		                 " WHERE account_id > ?") : NULL;
		if (rc == ST_OK && (!st || db_bind(st, "i", after_id) != ST_OK ||
		                    db_run(st) != ST_OK))
			rc = ST_ERROR;
		/* the texts went in as many index segments as the inserts
		 * filled; merged into one, a search reads each trigram's list
		 * once instead of once a segment (a third less time for a
		 * long search on 200,000 members) */
		if (rc == ST_OK &&
		    (db_exec(db, "INSERT INTO member_search (member_search) VALUES ('optimize')") != ST_OK ||
		     db_exec(db, "INSERT INTO member_search_wide (member_search_wide)"
		                 " VALUES ('optimize')") != ST_OK))
			rc = ST_ERROR;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (rc == ST_OK && (!a->sql[i] || db_exec(db, a->sql[i]) != ST_OK))
			rc = ST_ERROR;
		free(a->sql[i]);
	}
	free(a->sql);
	memset(a, 0, sizeof *a);
	return rc;
}

int store_seed(struct db *db, const struct seed_opts *o, struct seed_result *out)
{
	struct aside aside = { 0 };
	struct level *lv = NULL;
	int64_t *orgs = NULL, carry = 0, base = 0;
	struct db_stmt *st;
	size_t nlv, norgs;
	struct seq q;
	char today[11];
	int rc;

	memset(out, 0, sizeof *out);
	memset(&q, 0, sizeof q);
	if (o->members <= 0 || o->orders < 0)
		return ST_CONFLICT;
	/* eight years of members; orders from the year before the first */
	store_today(today);
	q.this_year = atoi(today);
	q.this_start = year_start(q.this_year);
	q.base_year = q.this_year - 8;
	q.years = 11;
	q.first_day = year_start(q.base_year);
	q.days = 11 * 366;
	q.member_no = xcalloc((size_t)q.years, sizeof *q.member_no);
	q.receipt = xcalloc((size_t)q.years, sizeof *q.receipt);
	q.order_no = xcalloc((size_t)q.days, sizeof *q.order_no);
	q.s = o->seed ? o->seed : 0x9e3779b97f4a7c15ULL;
	q.now = store_now();
	q.hash = o->password_hash;
	/* the whole seed is one transaction: on SQLite let its pages stay in
	 * memory (256 MB) instead of spilling to the file half-way */
	if ((!db_is_pg(db) && db_exec(db, "PRAGMA cache_size = -262144") != ST_OK) ||
	    db_begin(db) != ST_OK) {
		rc = ST_ERROR;
		goto out;
	}
	db_bulk(db);
	rc = store_tallies_pause(db);
	if (rc == ST_OK)
		rc = load_catalogue(db, &lv, &nlv, &orgs, &norgs);
	if (rc == ST_OK)
		rc = seq_load(db, &q);
	if (rc == ST_OK) {
		st = db_stmt(db, "SELECT COALESCE(MAX(id), 0) FROM accounts");
		if (!st || db_row(st) != 1)
			rc = ST_ERROR;
		else
			base = db_col_int(st, 0);
		db_reset(st);
	}
	if (rc == ST_OK)
		rc = triggers_aside(db, &aside);
	for (int64_t i = 0; rc == ST_OK && i < o->members; i++) {
		struct person p;
		/* numbered after the accounts there are: a seeded database can
		 * be seeded again */
		int64_t n = base + i + 1, wanted;
		int last_paid = 0;

		memset(&p, 0, sizeof p);
		/* the i-th member's share of the orders, plus what the members
		 * before could not take */
		wanted = (i + 1) * o->orders / o->members - i * o->orders / o->members + carry;
		person_make(&q.s, &p, n, lv, nlv, orgs, norgs, q.this_year);
		/* the last member takes what the ones before could not: one who
		 * has paid, whatever the draw said */
		if (i + 1 == o->members && wanted && p.status != 0 && p.status != 1 && p.status != 4)
			p.status = 0;
		if (p.status == 0)
			last_paid = pick(&q.s, 10) == 0 ? q.this_year - 1 : q.this_year + pick(&q.s, 2);
		else if (p.status == 1)
			last_paid = q.this_year - 1 - pick(&q.s, 3);
		if (last_paid && last_paid < p.first_year)
			last_paid = p.first_year;
		/* drafts, pending and rejected applicants have no orders */
		if (!last_paid && p.status != 4) {
			carry = wanted;
			wanted = 0;
		} else {
			carry = 0;
		}
		rc = person_insert(db, &q, &p, n, last_paid);
		if (rc == ST_OK && wanted)
			rc = person_orders(db, &q, &p, last_paid, wanted, &out->paid);
		if (rc != ST_OK)
			break;
		if (!out->first_account)
			out->first_account = p.account_id;
		out->last_account = p.account_id;
		out->members++;
		out->orders += wanted;
	}
	if (rc == ST_OK && carry)
		rc = ST_CONFLICT;
	rc = triggers_back(db, &aside, base, rc);
	if (rc == ST_OK)
		rc = seq_save(db, &q);
	if (rc == ST_OK)
		rc = store_tallies_recount(db);
	if (rc == ST_OK)
		rc = db_commit(db);
	else
		db_rollback(db);
out:
	free(lv);
	free(orgs);
	free(q.member_no);
	free(q.receipt);
	free(q.order_no);
	return rc;
}
