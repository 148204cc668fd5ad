/* The staff console's read-only queries (staff_queries.h).
 *
 * One subquery, MEMBERS_Y, describes "a member as staff see it": every
 * member account with its members row (when it has one), the effective
 * status computed the way member_effective_status() does (grace and
 * expired from valid_until and the grace period) and the caller's branch
 * scope. The text staff search in is the member_search table (migration
 * 090): an FTS5 trigram index kept in step by triggers; a search of one or
 * two non-ASCII characters is found through member_search_wide (129). The list, the
 * count, the export and the statistics all read it, so they can never
 * disagree about who is in scope or what status someone has.
 *
 * Parameters every use binds first: ?1 today, ?2 the last day an expired
 * membership still counts as grace (today - grace_days), ?3 the scope
 * (0 = everything). Profiles are JSON text; a row whose text is not valid
 * JSON reads as {} so one bad row cannot fail the whole query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/search_window.h"
#include "store/staff_queries.h"
#include "store/rows.h"
#include "caller.h"

const char *const staff_member_statuses[] = {
	"draft", "pending_branch", "pending_hq", "pending_payment",
	"active", "grace", "expired", "rejected", NULL
};

const char *const staff_app_kinds[4] = {
	"join", "profile_change", "level_change", "branch_join"
};

bool staff_member_status_known(const char *s)
{
	for (size_t i = 0; s && staff_member_statuses[i]; i++)
		if (!strcmp(s, staff_member_statuses[i]))
			return true;
	return false;
}

/* A branch's members: joined through it (once the join was submitted: a
 * draft's branch is only the applicant's intention) or added to it. */
#define IN_SCOPE(acc, scope) \
	"(" scope " = 0 OR EXISTS (SELECT 1 FROM members ms WHERE ms.account_id = " acc \
	" AND ms.org_id = " scope " AND ms.status <> 'draft') OR EXISTS (SELECT 1 FROM" \
	" member_branches mb WHERE mb.account_id = " acc " AND mb.org_id = " scope "))"

/* Has the member ever submitted their join application? Until then what
 * the draft holds (name, profile, branch, level) is the member's alone. */
#define SUBMITTED "COALESCE(m.status, 'draft') <> 'draft'"

/* A field of the member's profile, else of their join application's (as
 * MEMBERS_Y has them: '{}' before submission or when not JSON). Only a
 * profile that names the field is parsed: on PostgreSQL json_valid and
 * json_extract each open a subtransaction, which took most of the time of
 * an export when every row paid for them. (rosterd writes the profiles;
 * their keys are never escaped.) */
#define PJ_IN(prof, raw, field) \
	"CASE WHEN x." raw " LIKE '%\"" field "\"%' THEN json_extract(x." prof ", '$." field "') END"
#define PJ(field) \
	"COALESCE(" PJ_IN("mp", "mraw", field) ", " PJ_IN("jp", "jraw", field) ", '')"

#define MEMBERS_Y \
	"(SELECT x.*," \
	" CASE WHEN x.mstatus IS NULL THEN 'draft'" \
	"  WHEN x.mstatus = 'active' AND x.valid_until IS NOT NULL AND x.valid_until < ?1" \
	"   THEN CASE WHEN x.valid_until < ?2 THEN 'expired' ELSE 'grace' END" \
	"  ELSE x.mstatus END AS eff," \
	" NULLIF(" PJ("uscc") ", '') AS uscc" \
	" FROM (SELECT a.id AS account_id, a.username, a.email, a.mobile," \
	"  a.member_type AS atype, a.status AS astatus, a.created_at, a.last_login_at," \
	"  m.member_type AS mtype, m.member_no, m.status AS mstatus, m.status_reason," \
	"  m.valid_until, m.joined_at," \
	"  CASE WHEN " SUBMITTED " THEN m.name END AS name," \
	"  CASE WHEN " SUBMITTED " THEN m.level_id END AS level_id," \
	"  CASE WHEN " SUBMITTED " THEN m.org_id END AS org_id," \
	"  CASE WHEN " SUBMITTED " AND json_valid(m.profile) THEN m.profile ELSE '{}' END AS mp," \
	"  CASE WHEN " SUBMITTED " AND json_valid(j.profile) THEN j.profile ELSE '{}' END AS jp," \
	"  m.profile AS mraw, j.profile AS jraw" \
	"  FROM accounts a" \
	"  LEFT JOIN members m ON m.account_id = a.id" \
	"  LEFT JOIN applications j ON j.account_id = a.id AND j.kind = 'join'" \
	"  WHERE a.role = 'member' AND " IN_SCOPE("a.id", "?3") ") x)"

/* The few columns the filters, the order, the counts, the statistics and
 * a broadcast's recipients need, without the profiles: what a page is
 * chosen from. Same ?1..?3. */
#define MEMBERS_LEAN \
	"(SELECT a.id AS account_id, m.member_no," \
	" CASE WHEN m.status IS NULL THEN 'draft'" \
	"  WHEN m.status = 'active' AND m.valid_until IS NOT NULL AND m.valid_until < ?1" \
	"   THEN CASE WHEN m.valid_until < ?2 THEN 'expired' ELSE 'grace' END" \
	"  ELSE m.status END AS eff," \
	" CASE WHEN " SUBMITTED " THEN m.level_id END AS level_id," \
	" CASE WHEN " SUBMITTED " THEN m.org_id END AS org_id, m.valid_until" \
	" FROM accounts a LEFT JOIN members m ON m.account_id = a.id" \
	" WHERE a.role = 'member' AND " IN_SCOPE("a.id", "?3") ")"

/* ?4 status, ?5 level, ?6 branch, ?7 LIKE pattern, ?8 one account */
#define MEMBERS_FILTER_BASE \
	" WHERE (?4 IS NULL OR y.eff = ?4) AND (?5 = 0 OR y.level_id = ?5)" \
	" AND " IN_SCOPE("y.account_id", "?6") " AND (?8 = 0 OR y.account_id = ?8)"
/* The search text matches ?7 (NULL: no search). Every LIKE on member_search
 * has its ESCAPE: besides making '%' and '_' text, it keeps FTS5 from
 * answering the LIKE from its trigram index, which SQLite 3.40 does wrongly
 * (no rows) for a pattern of one or two non-ASCII characters. A text of 3 characters
 * or more is looked up in the trigram index (?11: the FTS5 phrase) and
 * the rows found checked with LIKE, which is what decides (LIKE folds
 * ASCII case only, the index all of Unicode's); a shorter one cannot use
 * trigrams and reads the stored texts. */
#define MEMBERS_FILTER MEMBERS_FILTER_BASE \
	" AND (?7 IS NULL OR y.account_id IN (SELECT rowid FROM member_search" \
	"  WHERE hay LIKE ?7 ESCAPE '!'))"
/* The members a search finds (member_search holds a row for each member
 * account, and for no other account), by how it is looked up: */
/* by LIKE alone */
#define FOUND_LIKE "SELECT rowid AS account_id FROM member_search WHERE hay LIKE ?7 ESCAPE '!'"
/* in the trigram index, 3 characters or more */
#define FOUND_FTS \
	"SELECT rowid AS account_id FROM member_search" \
	" WHERE member_search MATCH ?11 AND hay LIKE ?7 ESCAPE '!'"
/* One or two characters, none of them ASCII (a surname, a two-character
 * name): found in member_search_wide (migration 129), by its FTS5 trigram
 * index (?11: the phrase) or pg_trgm's (?11: a LIKE pattern), then checked
 * with LIKE in the text itself. */
#define FOUND_WIDE \
	"SELECT s.rowid AS account_id FROM member_search s WHERE s.rowid IN" \
	" (SELECT rowid FROM member_search_wide WHERE member_search_wide MATCH ?11)" \
	" AND s.hay LIKE ?7 ESCAPE '!'"
#define FOUND_WIDE_PG \
	"SELECT s.account_id FROM member_search s WHERE s.account_id IN" \
	" (SELECT w.account_id FROM member_search_wide w WHERE w.wide LIKE ?11)" \
	" AND s.hay LIKE ?7 ESCAPE '!'"
/* The same two on SQLite when the search text is written only in
 * characters whose case the indexes fold exactly as LIKE does (fold_exact):
 * then what the index finds holds the text as LIKE reads it, and the
 * stored text need not be read again, which was most of a search's work.
 * The one exception is a text holding U+212A (KELVIN SIGN) or U+017F
 * (LATIN SMALL LETTER LONG S): the indexes fold them to 'k' and 's', LIKE
 * does not. Such a text is rare and member_search_wide finds it (it holds
 * every non-ASCII character, three times); those rows alone are checked
 * with LIKE. */
#define ODD_ROWS \
	"SELECT rowid FROM member_search_wide" \
	" WHERE member_search_wide MATCH '\"\u212A\u212A\u212A\" OR \"\u017F\u017F\u017F\"'"
#define FOUND_FTS_EXACT \
	"SELECT rowid AS account_id FROM member_search WHERE member_search MATCH ?11" \
	" AND (rowid NOT IN (" ODD_ROWS ") OR hay LIKE ?7 ESCAPE '!')"
/* member_search_wide holds one row for each row of member_search (the
 * same triggers write both): what it finds are member accounts. */
#define FOUND_WIDE_EXACT \
	"SELECT rowid AS account_id FROM member_search_wide WHERE member_search_wide MATCH ?11"
/* And on PostgreSQL, where the text is in caseless characters alone: ~~
 * is LIKE, which db_pg.c leaves as it is (a LIKE there becomes ILIKE,
 * which lower-cases every text it reads, 30 µs a row). */
#define FOUND_WIDE_PG_EXACT \
	"SELECT w.account_id FROM member_search_wide w WHERE w.wide ~~ ?11"
/* Each way a search is looked up, in the order of enum search_by from
 * BY_LIKE on: m(f(found)) for each, so that one list serves the filters,
 * the counts and the pages. */
#define AS_IS(found) found
#define EACH_FOUND(m, f) \
	m(f(FOUND_LIKE)), m(f(FOUND_FTS)), m(f(FOUND_WIDE)), m(f(FOUND_WIDE_PG)), \
	m(f(FOUND_FTS_EXACT)), m(f(FOUND_WIDE_EXACT)), m(f(FOUND_WIDE_PG_EXACT))
/* A filter with a search. The IN stands by itself, so that PostgreSQL
 * joins from the rows its trigram index finds (inside "?7 IS NULL OR" it
 * would check every member against them). */
#define FILTER_IN(found) MEMBERS_FILTER_BASE " AND y.account_id IN (" found ")"
/* The filters by how the search text is looked up (enum search_by). */
#define BY_SEARCH(m) { m(MEMBERS_FILTER), EACH_FOUND(m, FILTER_IN) }

/* member_row_read's columns, the profile's text given (what the register
 * shows of one member), or NULL where it is not shown (lists and the
 * export: on PostgreSQL json_valid, which reading it takes, opens a
 * subtransaction for each row) */
#define MEMBER_COLS_WITH(profile) \
	"y.account_id, y.username, y.email, y.mobile, COALESCE(y.mtype, y.atype)," \
	" y.name, y.member_no, COALESCE(y.mstatus, 'draft'), y.eff, y.status_reason," \
	" y.valid_until, y.joined_at, y.created_at, l.id, l.code, l.name_zh, l.name_en," \
	" o.id, o.code, o.name_zh, o.name_en, y.uscc, " profile ", y.astatus, y.last_login_at," \
	" l.member_type, l.annual_fee, o.kind"
#define MEMBER_COLS MEMBER_COLS_WITH("y.mp")
#define LIST_COLS MEMBER_COLS_WITH("NULL")

/* today - days as YYYY-MM-DD (dates are whole days: no time zone enters) */
static void date_minus(const char *today, int days, char out[11])
{
	struct tm tm;
	time_t t;
	int y, m, d;

	if (sscanf(today, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(out, 11, "%s", "0000-00-00");
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d - days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Bind ?1..?3 (today, grace cut-off, scope). */
static int bind_base(struct db_stmt *st, const struct member_query *q)
{
	char cutoff[11];

	date_minus(q->today, q->grace_days, cutoff);
	return db_bind(st, "tti", q->today, cutoff, q->scope_org);
}

/* "%q%" with the LIKE wildcards of q escaped by '!'; NULL for no text. */
static char *like_pattern(const char *q)
{
	char *out, *p;

	if (!q || !*q)
		return NULL;
	out = xmalloc(strlen(q) * 2 + 3);
	p = out;
	*p++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '!')
			*p++ = '!';
		*p++ = *q;
	}
	*p++ = '%';
	*p = '\0';
	return out;
}

/* Bind ?4..?8 after the base. */
static int bind_filter(struct db_stmt *st, const struct member_query *q, const char *pat,
                       int64_t one)
{
	if (bind_base(st, q) != ST_OK)
		return ST_ERROR;
	if (db_bind_text(st, 4, q->status) != ST_OK ||
	    db_bind_int(st, 5, q->level_id) != ST_OK ||
	    db_bind_int(st, 6, q->org_id) != ST_OK ||
	    db_bind_text(st, 7, pat) != ST_OK ||
	    db_bind_int(st, 8, one) != ST_OK)
		return ST_ERROR;
	return ST_OK;
}

static void member_row_read(struct db_stmt *st, struct member_row *r)
{
	memset(r, 0, sizeof(*r));
	r->account_id = db_col_int(st, 0);
	r->username = db_col_ctext(st, 1);
	r->email = db_col_ctext(st, 2);
	r->mobile = db_col_ctext(st, 3);
	r->member_type = db_col_ctext(st, 4);
	r->name = db_col_ctext(st, 5);
	r->member_no = db_col_ctext(st, 6);
	r->status = db_col_ctext(st, 7);
	r->effective_status = db_col_ctext(st, 8);
	r->status_reason = db_col_ctext(st, 9);
	r->valid_until = db_col_ctext(st, 10);
	r->joined_at = db_col_int(st, 11);
	r->created_at = db_col_int(st, 12);
	r->level_id = db_col_int(st, 13);
	r->level_code = db_col_ctext(st, 14);
	r->level_zh = db_col_ctext(st, 15);
	r->level_en = db_col_ctext(st, 16);
	r->org_id = db_col_int(st, 17);
	r->org_code = db_col_ctext(st, 18);
	r->org_zh = db_col_ctext(st, 19);
	r->org_en = db_col_ctext(st, 20);
	r->uscc = db_col_ctext(st, 21);
	r->profile = db_col_ctext(st, 22);
	r->account_status = db_col_ctext(st, 23);
	r->last_login_at = db_col_int(st, 24);
	r->level_member_type = db_col_ctext(st, 25);
	r->level_annual_fee = db_col_int(st, 26);
	r->org_kind = db_col_ctext(st, 27);
}

/* How a search text is looked up: what picks the filter's SQL. */
enum search_by {
	BY_NONE,        /* no search */
	BY_LIKE,        /* LIKE on every stored text (a short search with
	                 * ASCII in it; on PostgreSQL pg_trgm serves a longer
	                 * one through the same LIKE) */
	BY_TRIGRAMS,    /* SQLite: 3 characters or more, the FTS5 index */
	BY_WIDE,        /* 1 or 2 characters, none ASCII: member_search_wide */
	BY_WIDE_PG,     /* the same on PostgreSQL */
	BY_TRIGRAMS_EXACT, /* BY_TRIGRAMS, a text fold_exact() passes */
	BY_WIDE_EXACT,  /* BY_WIDE, a text fold_exact() passes */
	BY_WIDE_PG_EXACT, /* BY_WIDE_PG, a text fold_exact() passes */
	BY_WAYS         /* how many: each table by search_by has as many rows */
};

struct search {
	enum search_by by;
	char *pat;      /* ?7: the LIKE pattern; NULL: no search */
	char *key;      /* ?11: the index's phrase or pattern; NULL for BY_NONE
	                 * and BY_LIKE */
	size_t chars;   /* the search text's characters */
};

/* q's characters written into out (as many bytes as q has, times 3) the
 * way member_search_wide holds them: each three times. */
static char *tripled(char *out, const char *q)
{
	while (*q) {
		size_t len = 1;

		while (((unsigned char)q[len] & 0xC0) == 0x80)
			len++;
		for (int k = 0; k < 3; k++) {
			memcpy(out, q, len);
			out += len;
		}
		q += len;
	}
	return out;
}

/* c (not ASCII) has no case and no other character folds to it: CJK
 * ideographs and punctuation, kana, Hangul, fullwidth digits and signs.
 * Checked against SQLite's own folding, character by character, up to
 * U+2FFFF. */
static bool caseless(uint32_t c)
{
	static const struct { uint32_t lo, hi; } ranges[] = {
		{ 0x2E80, 0xA4CF }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
		{ 0xFF01, 0xFF20 }, { 0xFF3B, 0xFF40 }, { 0xFF5B, 0xFFEF },
		{ 0x20000, 0x2FFFF },
	};

	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		if (c >= ranges[i].lo && c <= ranges[i].hi)
			return true;
	return false;
}

/* Every character of q is ASCII or caseless: FTS5 folds such a text as
 * LIKE does, ASCII letters to lower case and nothing else, but for the two
 * of ODD_ROWS. */
static bool fold_exact(const char *q)
{
	size_t len = strlen(q);

	while (len) {
		uint32_t c;
		int n = utf8_decode(q, len, &c);

		if (n < 0 || (c >= 0x80 && !caseless(c)))
			return false;   /* not UTF-8, or a letter with case: LIKE decides */
		q += n;
		len -= (size_t)n;
	}
	return true;
}

/* One FTS5 phrase: the trigrams of q's first len bytes in a row. */
static char *phrase_of(const char *q, size_t len)
{
	char *key = xmalloc(len * 2 + 3), *p = key;

	*p++ = '"';
	for (size_t i = 0; i < len; i++) {
		if (q[i] == '"')
			*p++ = '"';
		*p++ = q[i];
	}
	*p++ = '"';
	*p = '\0';
	return key;
}

/* The first n columns of the one row a bound statement gives (a count). */
static int row_ints(struct db_stmt *st, int64_t *out, int n)
{
	if (db_row(st) != 1) {
		db_reset(st);
		return ST_ERROR;
	}
	for (int i = 0; i < n; i++)
		out[i] = db_col_int(st, i);
	db_reset(st);
	return ST_OK;
}

/* The part of a search text that search_window chose (key: its phrase)
 * is in so many texts that checking each against the whole text would
 * take longer than looking the whole text up: about 2 µs a text to
 * check, against 1 to 4 ms for a long text whole. Only as many are
 * counted as make "many". */
#define WINDOW_MANY 1000
static bool window_finds_many(struct db *db, const char *key)
{
	struct db_stmt *st = db_stmt(db, "SELECT COUNT(*) FROM (SELECT 1 FROM member_search"
	                                 " WHERE member_search MATCH ?1 LIMIT ?2)");
	int64_t n = 0;

	/* an error: the whole text, as before there were windows */
	if (!st || db_bind(st, "td", key, WINDOW_MANY + 1) != ST_OK || row_ints(st, &n, 1) != ST_OK)
		return true;
	return n > WINDOW_MANY;
}

static void search_of(struct db *db, const char *q, struct search *s)
{
	size_t chars = 0, start = 0, part;
	bool ascii = false;
	char *p;

	memset(s, 0, sizeof *s);
	s->pat = like_pattern(q);
	if (!s->pat)
		return;
	s->by = BY_LIKE;
	for (const char *c = q; *c; c++) {
		chars += ((unsigned char)*c & 0xC0) != 0x80;
		ascii |= (unsigned char)*c < 0x80;
	}
	s->chars = chars;
	if (chars >= 3 && !db_is_pg(db)) {
		/* Looked up whole, what the index finds holds q (and does as
		 * LIKE reads it, when fold_exact); looked up by the part of a
		 * long q its fewest members hold (search_window.c), LIKE
		 * decides. */
		bool exact = fold_exact(q);

		part = exact ? search_window(db, q, &start) : 0;
		if (part) {
			s->key = phrase_of(q + start, part);
			if (window_finds_many(db, s->key)) {
				free(s->key);
				part = 0;
			}
		}
		if (!part)
			s->key = phrase_of(q, strlen(q));
		s->by = exact && !part ? BY_TRIGRAMS_EXACT : BY_TRIGRAMS;
	} else if (chars < 3 && !ascii) {
		/* neither '"' nor a LIKE wildcard can be in it: all non-ASCII */
		bool pg = db_is_pg(db);

		s->by = pg ? BY_WIDE_PG : BY_WIDE;
		p = s->key = xmalloc(strlen(q) * 3 + 3);
		*p++ = pg ? '%' : '"';
		p = tripled(p, q);
		*p++ = pg ? '%' : '"';
		*p = '\0';
		if (fold_exact(q))
			s->by = pg ? BY_WIDE_PG_EXACT : BY_WIDE_EXACT;
	}
}

static void search_free(struct search *s)
{
	free(s->pat);
	free(s->key);
}

/* The page is chosen from the lean rows; only its rows are read whole. */
#define MEMBERS_ORDER " ORDER BY y.member_no IS NULL, y.member_no, y.account_id"
#define MEMBERS_LIST_OF(cols, filter) \
	"SELECT " cols " FROM " MEMBERS_Y " y" \
	" LEFT JOIN levels l ON l.id = y.level_id" \
	" LEFT JOIN orgs o ON o.id = y.org_id" \
	" WHERE y.account_id IN (SELECT y.account_id FROM " MEMBERS_LEAN " y" filter \
	MEMBERS_ORDER " LIMIT ?9 OFFSET ?10)" MEMBERS_ORDER
#define MEMBERS_LIST(filter) MEMBERS_LIST_OF(LIST_COLS, filter)
/* One member whole (?8), profile and all; ?8 named alone first, so that
 * SQLite reads that member rather than every member for the filter's
 * "?8 = 0 OR" (24 ms for 200,000 members) */
#define MEMBERS_ONE \
	"SELECT " MEMBER_COLS " FROM " MEMBERS_Y " y" \
	" LEFT JOIN levels l ON l.id = y.level_id" \
	" LEFT JOIN orgs o ON o.id = y.org_id" \
	" WHERE y.account_id = ?8 AND y.account_id IN (SELECT y.account_id FROM " \
	MEMBERS_LEAN " y" MEMBERS_FILTER " AND y.account_id = ?8) LIMIT ?9 OFFSET ?10"
#define MEMBERS_LIST_FOUND(found) \
	"SELECT " LIST_COLS " FROM " MEMBERS_Y " y" \
	" LEFT JOIN levels l ON l.id = y.level_id" \
	" LEFT JOIN orgs o ON o.id = y.org_id" \
	" WHERE y.account_id IN (SELECT f.account_id FROM (" found ") f" \
	"  LEFT JOIN members m ON m.account_id = f.account_id" \
	"  ORDER BY m.member_no IS NULL, m.member_no, f.account_id LIMIT ?9 OFFSET ?10)" \
	MEMBERS_ORDER
/* Whole lists (the export) read every row whole anyway: in one pass. */
#define MEMBERS_ALL(filter) \
	"SELECT " LIST_COLS " FROM " MEMBERS_Y " y" \
	" LEFT JOIN levels l ON l.id = y.level_id" \
	" LEFT JOIN orgs o ON o.id = y.org_id" \
	filter MEMBERS_ORDER " LIMIT ?9 OFFSET ?10"
#define PAGE_MAX_ROWS 1000   /* more than a page: the export */
/* The streamed export reads the same order in batches, each starting
 * after the row the one before ended on, with no OFFSET: the numbered
 * members by member number (unique, so no tie for the account id to
 * break) walking its index from ?10, then those without one by account
 * id after ?10. ?9: the batch size. The search text is checked member by
 * member as the walk reaches them (key: the search row's name for the
 * account id on the backend), never by collecting every match first,
 * which each batch would do again. */
#define MEMBERS_FILTER_ROW(key) MEMBERS_FILTER_BASE \
	" AND (?7 IS NULL OR EXISTS (SELECT 1 FROM member_search s" \
	"  WHERE s." key " = y.account_id AND s.hay LIKE ?7 ESCAPE '!'))"
#define MEMBERS_BATCH(key, after) \
	"SELECT " MEMBER_COLS_WITH("NULL") " FROM " MEMBERS_Y " y" \
	" LEFT JOIN levels l ON l.id = y.level_id" \
	" LEFT JOIN orgs o ON o.id = y.org_id" \
	MEMBERS_FILTER_ROW(key) after " LIMIT ?9"
#define BATCH_FIRST " AND y.member_no >= ?10 ORDER BY y.member_no"
#define BATCH_NUMBERED " AND y.member_no > ?10 ORDER BY y.member_no"
#define BATCH_UNNUMBERED " AND y.member_no IS NULL AND y.account_id > ?10 ORDER BY y.account_id"

/* A search and no other filter: what the search finds is what matches,
 * counted and ordered without reading the accounts. */
static bool search_alone(const struct member_query *q, const struct search *s, int64_t one)
{
	return s->by != BY_NONE && !q->status && !q->level_id && !q->org_id && !q->scope_org &&
	       !one;
}

/* How many members match (s: q's lookup). */
#define COUNT_OF(filter) "SELECT COUNT(*) FROM " MEMBERS_LEAN " y" filter
#define COUNT_FOUND(found) "SELECT COUNT(*) FROM (" found ") f"
static int members_count(struct db *db, const struct member_query *q, const struct search *s,
                         int64_t one, int64_t *total)
{
	static const char *const sql[] = BY_SEARCH(COUNT_OF);
	static const char *const found[] = {
		NULL, EACH_FOUND(COUNT_FOUND, AS_IS)
	};
	_Static_assert(sizeof sql / sizeof *sql == BY_WAYS && sizeof found / sizeof *found == BY_WAYS,
	               "one statement for each way a search is looked up");
	bool alone = search_alone(q, s, one);
	struct db_stmt *st = db_stmt(db, alone ? found[s->by] : sql[s->by]);

	if (!st || (alone ? db_bind_text(st, 7, s->pat) : bind_filter(st, q, s->pat, one)) != ST_OK ||
	    (s->key && db_bind_text(st, 11, s->key) != ST_OK))
		return ST_ERROR;
	return row_ints(st, total, 1);
}

/* ---------------------------------------------------------------- the tallies
 *
 * The register without a search (what staff open first and page
 * through), HQ's or one branch's, and HQ's statistics read the counts kept
 * in member_tally and order_tally (migration 128) instead of every member
 * and every paid order. A branch's members are those it holds as their
 * branch (the tally's org_id) and those a branch join added to it
 * (member_branches), counted apart: few members join a second branch. A
 * search counts the rows it finds: the search text is not in the tallies.
 *
 * ?1 today and ?2 the grace cut-off as everywhere; a tally row's status
 * reads as grace or expired the way MEMBERS_LEAN's does. */
#define TALLY_EFF \
	"CASE WHEN t.status = 'active' AND t.valid_until <> '' AND t.valid_until < ?1" \
	" THEN CASE WHEN t.valid_until < ?2 THEN 'expired' ELSE 'grace' END ELSE t.status END"

/* The one branch q's list keeps to (its scope, its branch filter or
 * both, the same), 0 for all; -1 when they differ (nothing is in both). */
static int64_t tally_branch(const struct member_query *q)
{
	if (q->scope_org && q->org_id && q->scope_org != q->org_id)
		return -1;
	return q->scope_org ? q->scope_org : q->org_id;
}

static bool tally_serves(const struct member_query *q, int64_t one)
{
	return tally_branch(q) >= 0 && (!q->q || !*q->q) && !one;
}

/* The member's status as the register reads it (?1 today, ?2 the grace
 * cut-off) is ?4, and their level ?5, when given (m: their members row). */
#define ARM_FILTER \
	" AND (?4 IS NULL OR CASE WHEN m.status IS NULL THEN 'draft'" \
	"  WHEN m.status = 'active' AND m.valid_until IS NOT NULL AND m.valid_until < ?1" \
	"   THEN CASE WHEN m.valid_until < ?2 THEN 'expired' ELSE 'grace' END" \
	"  ELSE m.status END = ?4)" \
	" AND (?5 = 0 OR (m.status <> 'draft' AND m.level_id = ?5))"

/* The tally's rows of a branch (branch: its parameter; 0: every member):
 * those it holds as their branch, and one row of count 1 for each member
 * a branch join added to it whose own branch is another (or whose join is
 * still a draft), keyed as the tally keys them (member_tally_key). */
#define TALLY_OF(branch) \
	"(SELECT status, level_id, org_id, valid_until, numbered, n FROM member_tally" \
	" WHERE " branch " = 0 OR org_id = " branch \
	" UNION ALL SELECT k.status, k.level_id, k.org_id, k.valid_until, k.numbered, 1" \
	" FROM member_branches mb JOIN member_tally_key k ON k.account_id = mb.account_id" \
	" WHERE mb.org_id = " branch " AND k.role = 'member' AND k.org_id <> " branch ")"

/* Members matching q's status and level, in q's branch: all, and those
 * with a member number. */
static int tally_count(struct db *db, const struct member_query *q, int64_t *total,
                       int64_t *numbered)
{
	char cutoff[11];
	int64_t n[2];
	struct db_stmt *st = db_stmt(db,
		"SELECT COALESCE(SUM(t.n), 0),"
		" COALESCE(SUM(CASE WHEN t.numbered = 1 THEN t.n ELSE 0 END), 0)"
		" FROM " TALLY_OF("?5") " t"
		" WHERE (?3 IS NULL OR " TALLY_EFF " = ?3) AND (?4 = 0 OR t.level_id = ?4)");

	date_minus(q->today, q->grace_days, cutoff);
	if (!st || db_bind(st, "tttii", q->today, cutoff, q->status, q->level_id,
	                   tally_branch(q)) != ST_OK ||
	    row_ints(st, n, 2) != ST_OK)
		return ST_ERROR;
	*total = n[0];
	*numbered = n[1];
	return ST_OK;
}

/* A page of the register in its order without reading it all: the
 * numbered members along members_numbered (?6 rows after ?7), leaving out
 * the few accounts that are not members by their ids (migration 135), so
 * that only the index is read for HQ's; then the rest, without a number,
 * along the accounts (?8 rows after ?9); ?4 status, ?5 level and ?10 the
 * branch (0: all) checked as each is reached. Which part a page takes from
 * is worked out from the tally's count of numbered members, and each part
 * is walked from the end nearer the page (ASC or DESC; part_slice): the
 * last page of 200,000 reads 20 rows, not 200,000. */
#define ARM_BRANCH(acc) \
	" AND (?10 = 0 OR (m.org_id = ?10 AND m.status <> 'draft') OR EXISTS (SELECT 1" \
	"  FROM member_branches mb WHERE mb.account_id = " acc " AND mb.org_id = ?10))"
#define MEMBERS_TALLY_PAGE(numbered, rest) \
	"SELECT " LIST_COLS " FROM " MEMBERS_Y " y" \
	" LEFT JOIN levels l ON l.id = y.level_id" \
	" LEFT JOIN orgs o ON o.id = y.org_id" \
	" WHERE y.account_id IN (SELECT p1.account_id FROM (SELECT m.account_id" \
	"  FROM members m WHERE m.member_no IS NOT NULL AND m.account_id NOT IN" \
	"   (SELECT s.id FROM accounts s WHERE s.role <> 'member')" ARM_FILTER \
	ARM_BRANCH("m.account_id") \
	"  ORDER BY m.member_no " numbered " LIMIT ?6 OFFSET ?7) p1" \
	" UNION ALL SELECT p2.account_id FROM (SELECT a.id AS account_id" \
	"  FROM accounts a LEFT JOIN members m ON m.account_id = a.id" \
	"  WHERE a.role = 'member' AND m.member_no IS NULL" ARM_FILTER ARM_BRANCH("a.id") \
	"  ORDER BY a.id " rest " LIMIT ?8 OFFSET ?9) p2)" MEMBERS_ORDER

/* The rows [from, from + want) of a part of n rows in its order, as a
 * LIMIT (take) and OFFSET (skip) from its start, or from its end with the
 * order reversed (back) when the end is nearer; a row skipped from the
 * end costing back_cost rows skipped from the start. */
struct part_slice {
	int64_t take, skip;
	bool back;
};

static struct part_slice part_slice(int64_t n, int64_t from, int64_t want, int64_t back_cost)
{
	struct part_slice p = { 0, 0, false };

	if (from < 0 || want <= 0 || from >= n)
		return p;
	p.take = want < n - from ? want : n - from;
	p.back = (n - from - p.take) * back_cost < from;
	p.skip = p.back ? n - from - p.take : from;
	return p;
}

/* PostgreSQL reads the members without a number backwards by looking
 * each account up in members (a nested loop), forwards by merging the two
 * in order: a row skipped backwards cost about four skipped forwards (at
 * 200,000 members, 79 against 20 ms for 500 rows). SQLite looks each up
 * either way. */
#define REST_BACK_COST_PG 4

/* PostgreSQL plans MEMBERS_TALLY_PAGE anew for every page, as its plan
 * for any values looks dearer to it than one for the page's: 1 to 2 ms of
 * the 2.5 a first page takes in the database, the reading 0.6. Planned
 * once, the register's first pages, of all members or of a level, read
 * as fast; a status (122 against 282 ms for "grace") and deep pages (363
 * against 533 ms at row 100,000) read faster with a plan for their
 * values, and keep it. */
#define GENERIC_PLAN_ROWS 1000
static bool tally_page_generic(const struct member_query *q, int offset)
{
	return !q->status && offset < GENERIC_PLAN_ROWS;
}

static int members_tally_run(struct db *db, const struct member_query *q, int limit,
                             int offset, member_row_fn fn, void *arg, int64_t *total)
{
	/* [numbered backwards][rest backwards] */
	static const char *const sql[2][2] = {
		{ MEMBERS_TALLY_PAGE("ASC", "ASC"), MEMBERS_TALLY_PAGE("ASC", "DESC") },
		{ MEMBERS_TALLY_PAGE("DESC", "ASC"), MEMBERS_TALLY_PAGE("DESC", "DESC") },
	};
	bool generic = tally_page_generic(q, offset);
	char cutoff[11];
	int64_t all, numbered;
	struct part_slice p1, p2;
	struct db_stmt *st;
	int row;

	if (tally_count(db, q, &all, &numbered) != ST_OK)
		return ST_ERROR;
	if (total)
		*total = all;
	p1 = part_slice(numbered, offset, limit, 1);
	p2 = part_slice(all - numbered, offset > numbered ? offset - numbered : 0,
	                limit - p1.take, db_is_pg(db) ? REST_BACK_COST_PG : 1);
	date_minus(q->today, q->grace_days, cutoff);
	if (generic && db_plan(db, DB_PLAN_GENERIC) != ST_OK)
		return ST_ERROR;
	st = db_stmt(db, sql[p1.back][p2.back]);
	if (!st || db_bind(st, "ttitiiiii", q->today, cutoff, (int64_t)0, q->status,
	                   q->level_id, p1.take, p1.skip, p2.take, p2.skip) != ST_OK ||
	    db_bind_int(st, 10, tally_branch(q)) != ST_OK)
		row = -1;
	else
		while ((row = db_row(st)) == 1) {
			struct member_row r;

			member_row_read(st, &r);
			fn(&r, arg);
		}
	if (generic && db_plan(db, DB_PLAN_CHOSEN) != ST_OK)
		return ST_ERROR;
	return row < 0 ? ST_ERROR : ST_OK;
}

/* PostgreSQL plans a search's statements anew for every search text, as
 * its plan for any text looks dearer to it than one for the text given:
 * 1.4 to 2.2 ms at 200,000 members, where finding a rare username then
 * takes 1.4. Its plan for any text reads the text's trigrams in the index
 * all the same, and reads a search with or without filters as fast (EXPLAIN
 * ANALYZE, one rare and three common texts): a search page and its count
 * are planned once. Not a text of one or two characters with ASCII in it
 * (BY_LIKE), which has no trigram: planned for any text, it would walk
 * the whole trigram index where a plan for it reads the table ("li": 494
 * against 1,270 ms). */
static bool search_generic(const struct search *s)
{
	return s->by != BY_NONE && (s->by != BY_LIKE || s->chars >= 3);
}

static int members_run(struct db *db, const struct member_query *q, int64_t one, int limit,
                       int offset, member_row_fn fn, void *arg, int64_t *total)
{
	static const char *const page_sql[] = BY_SEARCH(MEMBERS_LIST);
	static const char *const found_sql[] = {
		NULL, EACH_FOUND(MEMBERS_LIST_FOUND, AS_IS)
	};
	static const char *const all_sql[] = BY_SEARCH(MEMBERS_ALL);
	_Static_assert(sizeof page_sql / sizeof *page_sql == BY_WAYS &&
	               sizeof found_sql / sizeof *found_sql == BY_WAYS &&
	               sizeof all_sql / sizeof *all_sql == BY_WAYS,
	               "one statement for each way a search is looked up");
	const char *sql;
	struct db_stmt *st;
	struct search s;
	int rc = ST_ERROR, row;
	int64_t found = 0;
	bool generic;

	if (tally_serves(q, one) && limit >= 0 && limit <= PAGE_MAX_ROWS && offset >= 0)
		return members_tally_run(db, q, limit, offset, fn, arg, total);
	search_of(db, q->q, &s);
	if (one)
		sql = MEMBERS_ONE;     /* never with a search (staff_member_get) */
	else if (limit > PAGE_MAX_ROWS || limit < 0)
		sql = all_sql[s.by];
	else
		sql = (search_alone(q, &s, one) ? found_sql : page_sql)[s.by];
	generic = search_generic(&s);
	if (generic && db_plan(db, DB_PLAN_GENERIC) != ST_OK) {
		search_free(&s);
		return ST_ERROR;
	}
	st = db_stmt(db, sql);
	if (!st || bind_filter(st, q, s.pat, one) != ST_OK ||
	    db_bind_int(st, 9, limit) != ST_OK ||
	    db_bind_int(st, 10, offset) != ST_OK ||
	    (s.key && db_bind_text(st, 11, s.key) != ST_OK))
		goto out;
	while ((row = db_row(st)) == 1) {
		struct member_row r;

		member_row_read(st, &r);
		fn(&r, arg);
		found++;
	}
	if (row < 0)
		goto out;
	/* A page that holds the last row, and does not start past it, says
	 * how many there are: counted only when it cannot (a search that
	 * finds a few members is looked up once, not twice). */
	if (total && (limit < 0 || found < limit) && (offset == 0 || found > 0))
		*total = offset + found;
	else if (total && members_count(db, q, &s, one, total) != ST_OK)
		goto out;
	rc = one && !found ? ST_NOTFOUND : ST_OK;
out:
	if (generic && db_plan(db, DB_PLAN_CHOSEN) != ST_OK)
		rc = ST_ERROR;
	search_free(&s);
	return rc;
}

int staff_members_search(struct db *db, const struct member_query *q, int limit,
                         int offset, member_row_fn fn, void *arg, int64_t *total)
{
	return members_run(db, q, 0, limit, offset, fn, arg, total);
}

int staff_members_count(struct db *db, const struct member_query *q, int64_t *total)
{
	struct search s;
	int64_t numbered;
	int rc;

	if (tally_serves(q, 0))
		return tally_count(db, q, total, &numbered);
	search_of(db, q->q, &s);
	rc = members_count(db, q, &s, 0, total);
	search_free(&s);
	return rc;
}

/* The statement of a batch at (never MEMBER_KEY_END), by backend: the
 * FTS5 table's key is its rowid, PostgreSQL's table's its account_id. */
static struct db_stmt *batch_stmt(struct db *db, enum member_key_at at)
{
	static const char *const sql[2][3] = {
		{ MEMBERS_BATCH("rowid", BATCH_FIRST), MEMBERS_BATCH("rowid", BATCH_NUMBERED),
		  MEMBERS_BATCH("rowid", BATCH_UNNUMBERED) },
		{ MEMBERS_BATCH("account_id", BATCH_FIRST),
		  MEMBERS_BATCH("account_id", BATCH_NUMBERED),
		  MEMBERS_BATCH("account_id", BATCH_UNNUMBERED) },
	};

	return db_stmt(db, sql[db_is_pg(db)][at]);
}

/* A few members matched when the caller counted (key->matched): read as
 * the register's list reads a page of them, through the search's index
 * or the tallies, in the same order and one statement, where the walk
 * below would read every member to find them (a search for one username
 * among 200,000 members: 0.6 s on SQLite, 1.7 s on PostgreSQL). Should
 * the page come back full, more match by now than were counted: the walk
 * goes on after its last row. */
struct few_read {
	member_row_fn fn;
	void *arg;
	struct member_key *key;
	int rows;
};

static void few_row(const struct member_row *r, void *arg)
{
	struct few_read *f = arg;

	f->fn(r, f->arg);
	f->rows++;
	f->key->account_id = r->account_id;
	free(f->key->member_no);
	f->key->member_no = r->member_no ? xstrdup(r->member_no) : NULL;
}

static int members_few(struct db *db, const struct member_query *q, struct member_key *key,
                       int page, member_row_fn fn, void *arg)
{
	struct few_read f = { fn, arg, key, 0 };

	if (members_run(db, q, 0, page, 0, few_row, &f, NULL) != ST_OK)
		return ST_ERROR;
	if (f.rows < page) {
		key->at = MEMBER_KEY_END;
		key->account_id = 0;
	} else {
		key->at = key->member_no ? MEMBER_KEY_NUMBERED : MEMBER_KEY_UNNUMBERED;
	}
	return ST_OK;
}

int staff_members_batch(struct db *db, const struct member_query *q, struct member_key *key,
                        int limit, member_row_fn fn, void *arg)
{
	char *pat = NULL;
	struct db_stmt *st = NULL;
	int rc = ST_ERROR, row, rows = 0;
	int few = limit < PAGE_MAX_ROWS ? limit : PAGE_MAX_ROWS;
	bool numbered = key->at != MEMBER_KEY_UNNUMBERED;

	if (key->at == MEMBER_KEY_END)
		return ST_OK;
	if (key->at == MEMBER_KEY_START && key->counted && key->matched < few)
		return members_few(db, q, key, few, fn, arg);
	/* Each batch must walk the order's index from the key and stop at
	 * limit. PostgreSQL would rather sort every match left, in each
	 * batch: after a few runs it plans the statement once for any values,
	 * and it underestimates how many rows a filter such as the status
	 * lets through. So for the batch it plans for the values each time
	 * and sorts only when nothing else can give the order. */
	if (db_is_pg(db) &&
	    db_exec(db, "SET plan_cache_mode = force_custom_plan; SET enable_sort = off") != ST_OK)
		return ST_ERROR;
	pat = like_pattern(q->q);
	st = batch_stmt(db, key->at);
	if (!st || bind_filter(st, q, pat, 0) != ST_OK || db_bind_int(st, 9, limit) != ST_OK ||
	    (numbered ? db_bind_text(st, 10, key->at == MEMBER_KEY_START ? "" : key->member_no)
	              : db_bind_int(st, 10, key->account_id)) != ST_OK)
		goto out;
	while ((row = db_row(st)) == 1) {
		struct member_row r;

		member_row_read(st, &r);
		fn(&r, arg);
		rows++;
		key->account_id = r.account_id;
		if (numbered) {
			free(key->member_no);
			key->member_no = xstrdup(r.member_no ? r.member_no : "");
		}
	}
	if (row < 0)
		goto out;
	if (numbered)
		key->at = rows < limit ? MEMBER_KEY_UNNUMBERED : MEMBER_KEY_NUMBERED;
	else if (rows < limit)
		key->at = MEMBER_KEY_END;
	if (rows < limit)
		key->account_id = 0;
	rc = ST_OK;
out:
	/* read to its end or failed: nothing stays open between batches */
	db_reset(st);
	if (db_is_pg(db) && db_exec(db, "RESET plan_cache_mode; RESET enable_sort") != ST_OK)
		rc = ST_ERROR;
	free(pat);
	return rc;
}

int staff_broadcast_targets(struct db *db, const struct member_query *q,
                            const char *expiring_before, int64_t after_id, int limit,
                            void (*fn)(int64_t account_id, void *arg), void *arg,
                            int64_t *total)
{
	/* ?9 expiring before, ?10 after this account, ?11 limit; drafts are
	 * never reached (they have told nobody anything yet). Read from the
	 * lean rows: the profiles are not needed to choose (0.2-0.4 s among
	 * 200,000 members with them). */
#define TARGETS_WHERE MEMBERS_FILTER " AND y.eff <> 'draft'" \
	" AND (?9 IS NULL OR (y.valid_until IS NOT NULL AND y.valid_until < ?9))"
	struct db_stmt *st;
	int row;

	if (total) {
		st = db_stmt(db, "SELECT COUNT(*) FROM " MEMBERS_LEAN " y" TARGETS_WHERE);
		if (!st || bind_filter(st, q, NULL, 0) != ST_OK ||
		    db_bind_text(st, 9, expiring_before) != ST_OK || row_ints(st, total, 1) != ST_OK)
			return ST_ERROR;
	}
	if (limit <= 0)
		return ST_OK;
	st = db_stmt(db, "SELECT y.account_id FROM " MEMBERS_LEAN " y" TARGETS_WHERE
	             " AND y.account_id > ?10 ORDER BY y.account_id LIMIT ?11");
	if (!st || bind_filter(st, q, NULL, 0) != ST_OK ||
	    db_bind_text(st, 9, expiring_before) != ST_OK ||
	    db_bind_int(st, 10, after_id) != ST_OK ||
	    db_bind_int(st, 11, limit) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1)
		fn(db_col_int(st, 0), arg);
#undef TARGETS_WHERE
	return row < 0 ? ST_ERROR : ST_OK;
}

int staff_member_get(struct db *db, int64_t account_id, const struct member_query *q,
                     member_row_fn fn, void *arg)
{
	struct member_query one = *q;

	if (account_id <= 0)
		return ST_NOTFOUND;
	one.q = NULL;
	one.status = NULL;
	one.level_id = 0;
	one.org_id = 0;
	return members_run(db, &one, account_id, 1, 0, fn, arg, NULL);
}

int staff_member_branches(struct db *db, int64_t account_id,
                          void (*fn)(const struct member_branch_row *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT o.id, o.code, o.name_zh, o.name_en, b.joined_at"
		" FROM member_branches b JOIN orgs o ON o.id = b.org_id"
		" WHERE b.account_id = ? ORDER BY b.joined_at, o.id");
	int row;

	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		struct member_branch_row r = {
			.org_id = db_col_int(st, 0),
			.code = db_col_ctext(st, 1),
			.name_zh = db_col_ctext(st, 2),
			.name_en = db_col_ctext(st, 3),
			.joined_at = db_col_int(st, 4),
		};
		fn(&r, arg);
	}
	return row < 0 ? ST_ERROR : ST_OK;
}

int staff_member_orders(struct db *db, int64_t account_id, int limit,
                        void (*fn)(const struct member_order_row *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT o.id, o.order_no, o.kind, o.status, o.method, o.receipt_no, o.amount,"
		" o.year_from, o.year_to, o.created_at, o.paid_at, i.status"
		" FROM orders o LEFT JOIN invoices i ON i.order_id = o.id"
		" WHERE o.account_id = ? ORDER BY o.created_at DESC, o.id DESC LIMIT ?");
	int row;

	if (!st || db_bind(st, "id", account_id, limit) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		struct member_order_row r = {
			.id = db_col_int(st, 0),
			.order_no = db_col_ctext(st, 1),
			.kind = db_col_ctext(st, 2),
			.status = db_col_ctext(st, 3),
			.method = db_col_ctext(st, 4),
			.receipt_no = db_col_ctext(st, 5),
			.amount = db_col_int(st, 6),
			.year_from = (int)db_col_int(st, 7),
			.year_to = (int)db_col_int(st, 8),
			.created_at = db_col_int(st, 9),
			.paid_at = db_col_int(st, 10),
			.invoice_status = db_col_ctext(st, 11),
		};
		fn(&r, arg);
	}
	return row < 0 ? ST_ERROR : ST_OK;
}

int staff_member_applications(struct db *db, int64_t account_id, int limit,
                              void (*fn)(const struct member_app_row *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT a.id, a.kind, a.status, a.status_reason, a.org_id, o.name_zh, o.name_en,"
		" a.created_at, a.submitted_at, a.decided_at"
		" FROM applications a LEFT JOIN orgs o ON o.id = a.org_id"
		" WHERE a.account_id = ? AND a.submitted_at IS NOT NULL"
		" ORDER BY a.created_at DESC, a.id DESC LIMIT ?");
	int row;

	if (!st || db_bind(st, "id", account_id, limit) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		struct member_app_row r = {
			.id = db_col_int(st, 0),
			.kind = db_col_ctext(st, 1),
			.status = db_col_ctext(st, 2),
			.status_reason = db_col_ctext(st, 3),
			.org_id = db_col_int(st, 4),
			.org_zh = db_col_ctext(st, 5),
			.org_en = db_col_ctext(st, 6),
			.created_at = db_col_int(st, 7),
			.submitted_at = db_col_int(st, 8),
			.decided_at = db_col_int(st, 9),
		};
		fn(&r, arg);
	}
	return row < 0 ? ST_ERROR : ST_OK;
}

int staff_member_certificate(struct db *db, int64_t account_id,
                             void (*fn)(const struct member_cert_row *, void *), void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT c.cert_no, c.member_no, c.name, c.valid_until, c.issue_date,"
		" l.name_zh, l.name_en, c.issued_at"
		" FROM certificates c LEFT JOIN levels l ON l.id = c.level_id"
		" WHERE c.account_id = ? ORDER BY c.id DESC LIMIT 1");
	int row;

	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	row = db_row(st);
	if (row < 0)
		return ST_ERROR;
	if (row == 0)
		return ST_NOTFOUND;
	{
		struct member_cert_row r = {
			.cert_no = db_col_ctext(st, 0),
			.member_no = db_col_ctext(st, 1),
			.name = db_col_ctext(st, 2),
			.valid_until = db_col_ctext(st, 3),
			.issue_date = db_col_ctext(st, 4),
			.level_zh = db_col_ctext(st, 5),
			.level_en = db_col_ctext(st, 6),
			.issued_at = db_col_int(st, 7),
		};
		fn(&r, arg);
	}
	db_reset(st);
	return ST_OK;
}

/* ---------------------------------------------------------------- statistics */

static int stats_run(struct db_stmt *st, bool with_type, stat_row_fn fn, void *arg)
{
	int row;

	while ((row = db_row(st)) == 1) {
		struct stat_row r;
		int c = 0;

		memset(&r, 0, sizeof(r));
		r.id = db_col_int(st, c++);
		r.key = db_col_ctext(st, c++);
		r.name_zh = db_col_ctext(st, c++);
		r.name_en = db_col_ctext(st, c++);
		if (with_type)
			r.member_type = db_col_ctext(st, c++);
		r.count = db_col_int(st, c++);
		r.active = db_col_int(st, c++);
		fn(&r, arg);
	}
	return row < 0 ? ST_ERROR : ST_OK;
}

/* Members counted per value of one column from the tally of the scope
 * (?3; TALLY_OF), then joined to the levels or branches: one grouped query
 * of a few dozen rows, never a count per member. */
#define TALLY_ACTIVE_SUM \
	"COALESCE(SUM(CASE WHEN " TALLY_EFF " IN ('active', 'grace') THEN t.n ELSE 0 END), 0)"
#define TALLY_GROUPED(col) \
	"(SELECT t." col " AS k, SUM(t.n) AS n, " TALLY_ACTIVE_SUM " AS act" \
	" FROM " TALLY_OF("?3") " t GROUP BY t." col ")"

int staff_stats_by_status(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT 0, y.eff, NULL, NULL, SUM(y.n), SUM(y.act) FROM"
		" (SELECT " TALLY_EFF " AS eff, t.n,"
		"  CASE WHEN " TALLY_EFF " IN ('active', 'grace') THEN t.n ELSE 0 END AS act"
		"  FROM " TALLY_OF("?3") " t) y"
		" GROUP BY y.eff HAVING SUM(y.n) > 0 ORDER BY y.eff");

	if (!st || bind_base(st, q) != ST_OK)
		return ST_ERROR;
	return stats_run(st, false, fn, arg);
}

int staff_stats_by_level(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg)
{
#define BY_LEVEL(grouped) \
	"SELECT l.id, l.code, l.name_zh, l.name_en, l.member_type," \
	" COALESCE(g.n, 0), COALESCE(g.act, 0)" \
	" FROM levels l LEFT JOIN " grouped " g ON g.k = l.id" \
	" WHERE l.active = 1 OR COALESCE(g.n, 0) > 0" \
	" ORDER BY l.member_type, l.rank, l.id"
	struct db_stmt *st = db_stmt(db, BY_LEVEL(TALLY_GROUPED("level_id")));
#undef BY_LEVEL

	if (!st || bind_base(st, q) != ST_OK)
		return ST_ERROR;
	return stats_run(st, true, fn, arg);
}

int staff_stats_by_branch(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg)
{
#define BY_BRANCH(grouped) \
	"SELECT o.id, o.code, o.name_zh, o.name_en, COALESCE(g.n, 0), COALESCE(g.act, 0)" \
	" FROM orgs o LEFT JOIN " grouped " g ON g.k = o.id" \
	" WHERE (o.active = 1 AND (?3 = 0 OR o.id = ?3)) OR COALESCE(g.n, 0) > 0" \
	" ORDER BY o.kind = 'branch', o.rank, o.id"
	struct db_stmt *st = db_stmt(db, BY_BRANCH(TALLY_GROUPED("org_id")));
#undef BY_BRANCH

	if (!st || bind_base(st, q) != ST_OK)
		return ST_ERROR;
	return stats_run(st, false, fn, arg);
}

/* ?1 the branch, 0 for HQ; the orders of the members a branch join added
 * are read by their account (DB_INDEXED) */
#define DUES_BEFORE \
	"SELECT y.yr, SUM(y.n)," \
	" SUM(CASE WHEN y.kind = 'dues' THEN y.amount ELSE 0 END)," \
	" SUM(CASE WHEN y.kind = 'level_change' THEN y.amount ELSE 0 END)," \
	" SUM(CASE WHEN y.kind = 'level_change' THEN y.n ELSE 0 END)" \
	" FROM (SELECT t.year AS yr, t.kind, t.n, t.amount FROM order_tally t" \
	"  WHERE ?1 = 0 OR t.org_id = ?1" \
	"  UNION ALL SELECT strftime('%Y', o.paid_at, 'unixepoch', 'localtime'), o.kind, 1," \
	"  o.amount FROM member_branches mb CROSS JOIN orders o"
#define DUES_AFTER \
	"  WHERE o.account_id = mb.account_id AND mb.org_id = ?1" \
	"  AND o.status = 'paid' AND o.paid_at IS NOT NULL" \
	"  AND NOT EXISTS (SELECT 1 FROM order_tally_org k" \
	"   WHERE k.account_id = mb.account_id AND k.org_id = ?1)) y" \
	" GROUP BY y.yr HAVING SUM(y.n) > 0 ORDER BY y.yr DESC"

int staff_stats_dues(struct db *db, const struct member_query *q, stat_row_fn fn, void *arg)
{
	/* the year of payment in the association's calendar (the process's
	 * time zone, see assoc_time.h), as order_tally counts it by branch
	 * (migration 137): HQ's every branch, a branch's its own, with the
	 * orders of the members a branch join added to it read live (their
	 * own branch is another, or their join still a draft). SQLite is kept
	 * to the branch's joins first and then each one's orders: left to
	 * choose, it walked every paid order, for each join or once. */
	struct db_stmt *st = db_stmt(db, DB_INDEXED(db, DUES_BEFORE, "orders_account",
	                                            DUES_AFTER));
	int row;

	if (!st || db_bind(st, "i", q->scope_org) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		struct stat_row r;

		memset(&r, 0, sizeof(r));
		r.key = db_col_ctext(st, 0);
		r.count = db_col_int(st, 1);
		r.amount = db_col_int(st, 2);
		r.amount_other = db_col_int(st, 3);
		r.active = db_col_int(st, 4);
		fn(&r, arg);
	}
	return row < 0 ? ST_ERROR : ST_OK;
}

/* ---------------------------------------------------------------- review counts */

int staff_review_counts(struct db *db, int64_t scope_org, unsigned role,
                        int64_t separate_actor, struct review_counts *out)
{
	bool branch_staff = role == ROLE_BRANCH_STAFF;
	struct db_stmt *st;
	int row;

	memset(out, 0, sizeof(*out));
	/* ?1 the officer's branch (0: not a branch officer), ?2 1 when the
	 * caller may act at the branch stage of any branch (admin), ?3 1 when
	 * at the HQ stage, ?4 the account whose branch approvals exclude an
	 * application from its HQ stage (0: none). The waiting applications
	 * as application_tally counts them (migration 133), less those the
	 * account approved at the branch stage, found by its approvals
	 * (migration 138): the console's home asks every few seconds. */
	st = db_stmt(db,
		"SELECT w.status, w.kind, SUM(w.n) FROM"
		" (SELECT t.status, t.kind, t.n FROM application_tally t"
		"  WHERE (t.status = 'pending_branch' AND (?2 = 1 OR (?1 <> 0 AND t.review_org_id = ?1)))"
		"  OR (t.status = 'pending_hq' AND ?3 = 1)"
		"  UNION ALL SELECT a.status, a.kind, -1 FROM applications a"
		"  WHERE a.status = 'pending_hq' AND ?3 = 1 AND a.id IN (SELECT e.application_id"
		"   FROM application_events e WHERE e.actor_account_id = ?4 AND e.action = 'approve'"
		"   AND e.from_status = 'pending_branch')) w"
		" GROUP BY w.status, w.kind");
	if (!st || db_bind(st, "iiii", branch_staff ? scope_org : (int64_t)0,
	                   (int64_t)(role == ROLE_ADMIN),
	                   (int64_t)(role == ROLE_ADMIN || role == ROLE_HQ_STAFF),
	                   separate_actor) != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1) {
		const char *status = db_col_ctext(st, 0), *kind = db_col_ctext(st, 1);
		int stage = status && !strcmp(status, "pending_hq") ? 1 : 0;

		for (int k = 0; k < 4; k++)
			if (kind && !strcmp(kind, staff_app_kinds[k]))
				out->apps[stage][k] += db_col_int(st, 2);
	}
	if (row < 0)
		return ST_ERROR;
	if (!branch_staff)
		scope_org = 0;

	st = db_stmt(db,
		"SELECT COUNT(*) FROM payments p"
		" WHERE p.method = 'bank_transfer' AND p.status = 'pending'"
		" AND " IN_SCOPE("p.account_id", "?1"));
	if (!st || db_bind(st, "i", scope_org) != ST_OK ||
	    row_ints(st, &out->bank_transfers, 1) != ST_OK)
		return ST_ERROR;

	st = db_stmt(db,
		"SELECT COUNT(*) FROM invoices i JOIN orders o ON o.id = i.order_id"
		" WHERE i.status = 'requested' AND o.status = 'paid'"
		" AND " IN_SCOPE("i.account_id", "?1"));
	if (!st || db_bind(st, "i", scope_org) != ST_OK ||
	    row_ints(st, &out->invoices, 1) != ST_OK)
		return ST_ERROR;
	return ST_OK;
}

int staff_app_last_decision(struct db *db, int64_t application_id, const char *from_status,
                            struct app_decision *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT e.actor_account_id, COALESCE(a.username, ''), e.action, e.from_status, e.at"
		" FROM application_events e LEFT JOIN accounts a ON a.id = e.actor_account_id"
		" WHERE e.application_id = ?1 AND e.action IN ('approve', 'reject')"
		" AND (?2 IS NULL OR e.from_status = ?2) ORDER BY e.id DESC LIMIT 1");
	int row;

	memset(out, 0, sizeof(*out));
	if (!st || db_bind(st, "it", application_id, from_status) != ST_OK)
		return ST_ERROR;
	row = db_row(st);
	if (row == 1) {
		out->actor_id = db_col_int(st, 0);
		db_col_copy(st, 1, out->actor, sizeof(out->actor));
		db_col_copy(st, 2, out->action, sizeof(out->action));
		db_col_copy(st, 3, out->from_status, sizeof(out->from_status));
		out->at = db_col_int(st, 4);
	}
	db_reset(st);
	return row < 0 ? ST_ERROR : ST_OK;
}

int staff_identity_twins(struct db *db, int64_t account_id, const char *id_number,
                         const char *uscc,
                         void (*fn)(int64_t account_id, const char *member_no,
                                    const char *name, const char *field, void *arg),
                         void *arg)
{
	/* the numbers as member_identities keeps them (migration 139); an
	 * account whose id_number matches says so, else its uscc does
	 * ('id_number' < 'uscc') */
	struct db_stmt *st = db_stmt(db,
		"SELECT m.account_id, m.member_no, m.name, MIN(i.field)"
		" FROM member_identities i JOIN members m ON m.account_id = i.account_id"
		" WHERE ((i.field = 'id_number' AND i.value = upper(?2) AND ?2 <> '')"
		"  OR (i.field = 'uscc' AND i.value = upper(?3) AND ?3 <> ''))"
		" AND m.account_id <> ?1 AND m.status IN ('pending_payment', 'active', 'expired')"
		" GROUP BY m.account_id, m.member_no, m.name ORDER BY m.account_id LIMIT 20");
	int row;

	if (!st || db_bind(st, "itt", account_id, id_number ? id_number : "",
	                   uscc ? uscc : "") != ST_OK)
		return ST_ERROR;
	while ((row = db_row(st)) == 1)
		fn(db_col_int(st, 0), db_col_ctext(st, 1), db_col_ctext(st, 2),
		   db_col_ctext(st, 3), arg);
	return row < 0 ? ST_ERROR : ST_OK;
}

/* ---------------------------------------------------------------- transfers */

#define TRANSFER_FROM \
	" FROM payments p JOIN orders o ON o.id = p.order_id" \
	" JOIN accounts a ON a.id = p.account_id" \
	" LEFT JOIN members m ON m.account_id = p.account_id" \
	" LEFT JOIN accounts r ON r.id = p.reviewed_by" \
	" WHERE p.method = 'bank_transfer' AND p.status <> 'pending'" \
	" AND (?1 IS NULL OR p.status = ?1) AND " IN_SCOPE("p.account_id", "?2") \
	" AND (?3 IS NULL OR o.order_no LIKE ?3 ESCAPE '!' OR p.payer_name LIKE ?3 ESCAPE '!'" \
	"  OR p.reference LIKE ?3 ESCAPE '!' OR a.username LIKE ?3 ESCAPE '!'" \
	"  OR m.name LIKE ?3 ESCAPE '!' OR m.member_no LIKE ?3 ESCAPE '!')"

int staff_transfer_history(struct db *db, const char *q, const char *status, int64_t scope_org,
                           int limit, int offset,
                           void (*fn)(const struct transfer_row *, void *), void *arg,
                           int64_t *total)
{
	char *pat = like_pattern(q);
	struct db_stmt *st;
	int rc = ST_ERROR, row;

	st = db_stmt(db, "SELECT COUNT(*)" TRANSFER_FROM);
	if (!st || db_bind(st, "tit", status, scope_org, pat) != ST_OK ||
	    row_ints(st, total, 1) != ST_OK)
		goto out;
	st = db_stmt(db, "SELECT p.id, p.order_id, p.account_id, p.amount, o.order_no, p.status,"
	             " p.payer_name, p.bank, p.account_tail, p.transfer_date, p.reference,"
	             " p.reason, a.username, m.name, m.member_no, r.username,"
	             " COALESCE(p.reviewed_at, p.updated_at), p.created_at,"
	             " COALESCE(length(p.scan), 0), p.scan_type"
	             TRANSFER_FROM " ORDER BY COALESCE(p.reviewed_at, p.updated_at) DESC, p.id DESC"
	             " LIMIT ?4 OFFSET ?5");
	if (!st || db_bind(st, "titdd", status, scope_org, pat, limit, offset) != ST_OK)
		goto out;
	while ((row = db_row(st)) == 1) {
		struct transfer_row r = {
			.id = db_col_int(st, 0),
			.order_id = db_col_int(st, 1),
			.account_id = db_col_int(st, 2),
			.amount = db_col_int(st, 3),
			.order_no = db_col_ctext(st, 4),
			.status = db_col_ctext(st, 5),
			.payer_name = db_col_ctext(st, 6),
			.bank = db_col_ctext(st, 7),
			.account_tail = db_col_ctext(st, 8),
			.transfer_date = db_col_ctext(st, 9),
			.reference = db_col_ctext(st, 10),
			.reason = db_col_ctext(st, 11),
			.username = db_col_ctext(st, 12),
			.member_name = db_col_ctext(st, 13),
			.member_no = db_col_ctext(st, 14),
			.reviewer = db_col_ctext(st, 15),
			.reviewed_at = db_col_int(st, 16),
			.created_at = db_col_int(st, 17),
			.scan_size = db_col_int(st, 18),
			.scan_type = db_col_ctext(st, 19),
		};
		fn(&r, arg);
	}
	rc = row < 0 ? ST_ERROR : ST_OK;
out:
	free(pat);
	return rc;
}
