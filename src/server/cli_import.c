/* rosterd import FILE.csv: bring an association's existing members in.
 *
 * The first row names the columns (English names as `rosterd export
 * members` writes them, or the Chinese ones an office spreadsheet has; any
 * order; unknown columns are ignored). Every row is checked first; with
 * --dry-run that is all, and every bad row is reported with its line
 * number. The real run writes nothing unless every row is good, and then
 * writes them all in one transaction.
 *
 * A row is matched to an existing member by member number, e-mail, mobile
 * or username; a match is updated in place, so importing the same file
 * twice, or a file exported from another Roster database, creates no
 * duplicates. New accounts get no usable password: the member sets one
 * with "Forgot password" (an e-mail code) on first sign-in. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "roster/i18n.h"
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "assoc_time.h"
#include "cli.h"
#include "config.h"
#include "csv.h"
#include "log.h"
#include "mail.h"
#include "service/renewal.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/import.h"
#include "store/jobs.h"
#include "store/members.h"
#include "store/store.h"
#include "store/tallies.h"

enum col {
	C_MEMBER_NO, C_USERNAME, C_EMAIL, C_MOBILE, C_MEMBER_TYPE, C_NAME, C_ID_NUMBER,
	C_LEVEL, C_ORG, C_VALID_UNTIL, C_JOINED_ON, NCOL
};

/* Column names: the export's first, then what office spreadsheets call them. */
static const char *const col_names[NCOL][5] = {
	[C_MEMBER_NO]   = { "member_no", "会员编号", "会员号" },
	[C_USERNAME]    = { "username", "用户名" },
	[C_EMAIL]       = { "email", "邮箱", "电子邮箱", "电子邮件" },
	[C_MOBILE]      = { "mobile", "手机", "手机号", "手机号码" },
	[C_MEMBER_TYPE] = { "member_type", "会员类型" },
	[C_NAME]        = { "name", "姓名", "名称", "单位名称" },
	[C_ID_NUMBER]   = { "id_number", "证件号码", "身份证号", "统一社会信用代码" },
	[C_LEVEL]       = { "level", "会员等级", "等级" },
	[C_ORG]         = { "org", "分会", "分支机构", "所属机构" },
	[C_VALID_UNTIL] = { "valid_until", "有效期至", "缴费至", "会籍有效期" },
	[C_JOINED_ON]   = { "joined_on", "入会日期" },
};

struct row {
	int line;
	char *f[NCOL];             /* trimmed values ("" when absent) */
	char mobile[12];           /* normalised, "" when none */
	char username[33];
	int64_t account_id;        /* existing account, 0 = new */
	int64_t level_id, org_id;
	const char *member_type;   /* static */
	bool bad;
	char *why;                 /* "line N: column: reason\n" lines, or NULL */
};

struct import {
	struct db *db;
	struct level *levels;
	size_t nlevels;
	struct org *orgs;
	size_t norgs;
	int64_t hq_id;
	struct row *rows;
	size_t n;
	int bad;
	char today[11];
};

static void import_usage(FILE *f)
{
	fprintf(f,
		"usage: rosterd import FILE.csv [--dry-run] [--encoding NAME] [--notify]\n"
		"                               [--config FILE] [--db PATH]\n"
		"  columns: member_no, username, email, mobile, member_type, name, id_number,\n"
		"           level, org, valid_until, joined_on (email, name, level and\n"
		"           valid_until required)\n"
		"  --dry-run   check every row and report the bad ones; write nothing\n"
		"  --encoding  the file's encoding (default: UTF-8 when valid, else GB18030)\n"
		"  --notify    mail each new account how to set its password\n");
}

static char *trim(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* Note a problem of row r; they are printed in line order at the end. */
static void bad(struct import *im, struct row *r, const char *col, const char *why)
{
	char *line = xasprintf("%sline %d: %s: %s\n", r->why ? r->why : "", r->line, col, why);

	free(r->why);
	r->why = line;
	if (!r->bad)
		im->bad++;
	r->bad = true;
}

/* The header: map each known column to its field index (-1 absent). */
static int map_header(char **fields, size_t n, int idx[NCOL])
{
	for (int c = 0; c < NCOL; c++) {
		idx[c] = -1;
		for (size_t i = 0; i < n; i++) {
			char *h = trim(fields[i]);
			for (int k = 0; k < 5 && col_names[c][k]; k++)
				if (strcasecmp(h, col_names[c][k]) == 0)
					idx[c] = (int)i;
			free(h);
		}
	}
	if (idx[C_EMAIL] < 0 || idx[C_NAME] < 0 || idx[C_LEVEL] < 0 || idx[C_VALID_UNTIL] < 0) {
		fprintf(stderr, "rosterd: the header row must name the columns email, name, level "
		        "and valid_until (see rosterd(8))\n");
		return -1;
	}
	return 0;
}

static const struct level *find_level(const struct import *im, const char *s)
{
	for (size_t i = 0; i < im->nlevels; i++) {
		const struct level *l = &im->levels[i];
		if (l->active && (strcasecmp(l->code, s) == 0 || strcmp(l->name_zh, s) == 0 ||
		                  strcasecmp(l->name_en, s) == 0))
			return l;
	}
	return NULL;
}

static const struct org *find_org(const struct import *im, const char *s)
{
	for (size_t i = 0; i < im->norgs; i++) {
		const struct org *o = &im->orgs[i];
		if (strcasecmp(o->code, s) == 0 || strcmp(o->name_zh, s) == 0 ||
		    strcasecmp(o->name_en, s) == 0)
			return o;
	}
	return NULL;
}

/* Is member_no "M" + 4-digit year + 6 digits? */
static bool member_no_ok(const char *s)
{
	if (strlen(s) != 11 || s[0] != 'M')
		return false;
	for (int i = 1; i < 11; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A username from the member number or the e-mail's local part. */
static void default_username(struct row *r)
{
	const char *src = *r->f[C_MEMBER_NO] ? r->f[C_MEMBER_NO] : r->f[C_EMAIL];
	size_t n = 0;

	if (!((src[0] >= 'a' && src[0] <= 'z') || (src[0] >= 'A' && src[0] <= 'Z')))
		r->username[n++] = 'm';
	for (const char *p = src; *p && *p != '@' && n < 32; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')
			r->username[n++] = c;
	}
	while (n < 3)
		r->username[n++] = '0';
	r->username[n] = '\0';
}

/* Which existing account each key of the row names; all must agree. */
static void match_existing(struct import *im, struct row *r)
{
	static const struct { enum col c; const char *key; } keys[] = {
		{ C_MEMBER_NO, "member_no" }, { C_EMAIL, "email" }, { C_MOBILE, "mobile" },
		{ C_USERNAME, "username" },
	};
	int64_t found = 0, id;
	const char *role;

	for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
		const char *v = keys[k].c == C_MOBILE ? r->mobile : r->f[keys[k].c];
		int rc;

		if (!*v)
			continue;
		rc = store_import_find(im->db, keys[k].key, v, &id, &role);
		if (rc == ST_NOTFOUND)
			continue;
		if (rc != ST_OK) {
			bad(im, r, keys[k].key, "database error");
			return;
		}
		if (strcmp(role, "member") != 0) {
			bad(im, r, keys[k].key, "belongs to a staff account");
			return;
		}
		if (found && found != id) {
			bad(im, r, keys[k].key, "names another member than the other columns do");
			return;
		}
		found = id;
	}
	r->account_id = found;
	if (!found && !*r->f[C_USERNAME] &&
	    store_import_find(im->db, "username", r->username, &id, &role) == ST_OK)
		bad(im, r, "username", "the username made from the row is taken; give one");
}

/* A column value of a row as the duplicate check compares it: the
 * normalised mobile, the username a new member gets; "" = none. */
static const char *key_of(const struct row *r, enum col c)
{
	if (c == C_MOBILE)
		return r->mobile;
	if (c == C_USERNAME)
		return *r->f[C_USERNAME] || !r->account_id ? r->username : "";
	return r->f[c];
}

struct key_ref {
	const char *v;
	size_t i;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	int c = strcasecmp(x->v, y->v);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Rows repeating an earlier row's e-mail, mobile, member number or
 * username: sorted once per column, so a large file costs n log n. */
static void check_duplicates(struct import *im)
{
	static const enum col cols[] = { C_EMAIL, C_MOBILE, C_MEMBER_NO, C_USERNAME };
	struct key_ref *v = xcalloc(im->n ? im->n : 1, sizeof *v);
	bool *skip = xcalloc(im->n ? im->n : 1, sizeof *skip);
	char msg[96];

	for (size_t i = 0; i < im->n; i++)
		skip[i] = im->rows[i].bad;   /* reported already */
	for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
		size_t n = 0;
		for (size_t i = 0; i < im->n; i++)
			if (*key_of(&im->rows[i], cols[k]))
				v[n++] = (struct key_ref){ key_of(&im->rows[i], cols[k]), i };
		qsort(v, n, sizeof *v, key_cmp);
		for (size_t a = 0, b; a < n; a = b) {
			for (b = a + 1; b < n && strcasecmp(v[a].v, v[b].v) == 0; b++) {
				struct row *r = &im->rows[v[b].i];
				if (skip[v[b].i])
					continue;
				snprintf(msg, sizeof msg, "duplicate of line %d", im->rows[v[a].i].line);
				bad(im, r, col_names[cols[k]][0], msg);
				skip[v[b].i] = true;
			}
		}
	}
	free(v);
	free(skip);
}

static void check_row(struct import *im, size_t i)
{
	struct row *r = &im->rows[i];
	const struct level *l;
	const struct org *o;
	const char *why;

	if (!*r->f[C_EMAIL])
		bad(im, r, "email", "required");
	else if ((why = val_email(r->f[C_EMAIL])))
		bad(im, r, "email", why);
	if (!*r->f[C_NAME])
		bad(im, r, "name", "required");
	if (*r->f[C_MOBILE] && !val_mobile_normalise(r->f[C_MOBILE], r->mobile))
		bad(im, r, "mobile", "not a mobile number");
	if (*r->f[C_MEMBER_NO] && !member_no_ok(r->f[C_MEMBER_NO]))
		bad(im, r, "member_no", "not a member number (M + year + 6 digits)");
	if (*r->f[C_USERNAME]) {
		if ((why = val_username(r->f[C_USERNAME])))
			bad(im, r, "username", why);
		snprintf(r->username, sizeof r->username, "%s", r->f[C_USERNAME]);
	} else if (*r->f[C_EMAIL] || *r->f[C_MEMBER_NO]) {
		default_username(r);
	}
	if (!*r->f[C_VALID_UNTIL])
		bad(im, r, "valid_until", "required");
	else if (val_date(r->f[C_VALID_UNTIL]))
		bad(im, r, "valid_until", "not a date (YYYY-MM-DD)");
	if (*r->f[C_JOINED_ON] && val_date(r->f[C_JOINED_ON]))
		bad(im, r, "joined_on", "not a date (YYYY-MM-DD)");
	l = *r->f[C_LEVEL] ? find_level(im, r->f[C_LEVEL]) : NULL;
	if (!l) {
		bad(im, r, "level", *r->f[C_LEVEL] ? "unknown level" : "required");
	} else {
		r->level_id = l->id;
		r->member_type = strcmp(l->member_type, "unit") == 0 ? "unit" : "individual";
		if (*r->f[C_MEMBER_TYPE] && strcasecmp(r->f[C_MEMBER_TYPE], r->member_type) != 0 &&
		    strcmp(r->f[C_MEMBER_TYPE], strcmp(r->member_type, "unit") == 0 ? "单位会员"
		                                                                    : "个人会员") != 0)
			bad(im, r, "member_type", "does not match the level");
		if (*r->f[C_ID_NUMBER]) {
			why = strcmp(r->member_type, "unit") == 0 ? val_uscc(r->f[C_ID_NUMBER])
			                                          : val_id_card(r->f[C_ID_NUMBER]);
			if (why)
				bad(im, r, "id_number", strcmp(r->member_type, "unit") == 0
				                        ? "invalid credit code" : "invalid ID number");
		}
	}
	o = *r->f[C_ORG] ? find_org(im, r->f[C_ORG]) : NULL;
	if (*r->f[C_ORG] && !o)
		bad(im, r, "org", "unknown branch");
	r->org_id = o ? o->id : im->hq_id;
	if (!r->bad)
		match_existing(im, r);
}

/* The approved profile of a new member, as the join form would have it. */
static char *profile_of(const struct row *r)
{
	cJSON *p = cJSON_CreateObject();
	char *s;
	bool unit = strcmp(r->member_type, "unit") == 0;

	cJSON_AddStringToObject(p, unit ? "unit_name" : "name", r->f[C_NAME]);
	cJSON_AddStringToObject(p, unit ? "contact_email" : "email", r->f[C_EMAIL]);
	if (*r->mobile)
		cJSON_AddStringToObject(p, unit ? "contact_mobile" : "mobile", r->mobile);
	if (*r->f[C_ID_NUMBER]) {
		if (!unit)
			cJSON_AddStringToObject(p, "id_type", "id_card");
		cJSON_AddStringToObject(p, unit ? "uscc" : "id_number", r->f[C_ID_NUMBER]);
	}
	s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

static int64_t joined_at(const struct row *r, int64_t now)
{
	struct tm tm = { 0 };
	int64_t t;

	if (!*r->f[C_JOINED_ON] ||
	    sscanf(r->f[C_JOINED_ON], "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return now;
	t = assoc_day_time(tm.tm_year, tm.tm_mon, tm.tm_mday, 0);
	return t < 0 ? now : t;
}

/* Write one good row. *created: a new account was made. */
static int write_row(struct import *im, struct row *r, const char *file, bool *created)
{
	char grace_from[11], no[16];
	struct import_member m = { 0 };
	char *profile = profile_of(r);
	int64_t id = r->account_id, now = store_now();
	bool changed;
	int rc;

	*created = false;
	if (!id) {
		struct account_new a = {
			.username = r->username, .email = r->f[C_EMAIL],
			.mobile = *r->mobile ? r->mobile : NULL,
			/* never a valid Argon2 string: the member sets a password by e-mail code */
			.password_hash = "!imported", .role = "member", .member_type = r->member_type,
		};
		rc = store_account_insert(im->db, &a, &id);
		if (rc != ST_OK)
			goto out;
		*created = true;
	}
	renewal_date_add(im->today, -(g_cfg ? g_cfg->grace_days : 90), grace_from);
	m.account_id = id;
	m.member_type = r->member_type;
	m.org_id = r->org_id;
	/* no branch in the row: an existing member keeps theirs */
	if (r->account_id && !*r->f[C_ORG]) {
		struct member cur;
		if (store_member_get(im->db, id, &cur) == ST_OK) {
			if (cur.org_id)
				m.org_id = cur.org_id;
			member_free(&cur);
		}
	}
	m.level_id = r->level_id;
	m.status = strcmp(r->f[C_VALID_UNTIL], grace_from) >= 0 ? "active" : "expired";
	m.member_no = *r->f[C_MEMBER_NO] ? r->f[C_MEMBER_NO] : NULL;
	m.valid_until = r->f[C_VALID_UNTIL];
	m.joined_at = joined_at(r, now);
	m.profile = profile;
	m.name = r->f[C_NAME];
	if ((rc = store_import_member_put(im->db, &m, no, &changed)) != ST_OK)
		goto out;
	if (changed) {
		rc = store_history_add(im->db, id, "imported", NULL, r->f[C_VALID_UNTIL], 0, 0, file);
		if (rc == ST_OK)
			rc = store_audit(im->db, 0, "member.import", "member", id, file);
	}
	if (rc == ST_OK && m.member_no) {
		int year;
		long long seq;
		/* numbers given out later must not meet the imported ones */
		if (sscanf(m.member_no + 1, "%4d%6lld", &year, &seq) == 2)
			rc = store_import_seq_bump(im->db, year, seq);
	}
out:
	if (rc != ST_OK)
		printf("line %d: cannot be written (%s)\n", r->line,
		       rc == ST_EXISTS ? "a username, e-mail or mobile is taken" : "database error");
	free(profile);
	return rc;
}

static void notify(const struct row *r)
{
	char *body = xasprintf(_("Hello %s,\n\n"
	                         "your membership is now kept in Roster. Your username is %s.\n"
	                         "To sign in the first time, choose \"Forgot password\" and enter "
	                         "this e-mail address: a code will be sent to set your password.\n"),
	                       r->f[C_NAME], r->username);
	mail_send(r->f[C_EMAIL], _("Your membership account"), body);
	free(body);
}

static int load(struct import *im, const char *path, const char *encoding)
{
	struct csv_reader cr;
	int idx[NCOL], rc;
	size_t len, cap = 0;
	const char *why;
	char *text = csv_load_utf8(path, encoding, &len, &why);

	if (!text) {
		fprintf(stderr, "rosterd: %s: %s\n", path, why);
		return -1;
	}
	csv_reader_init(&cr, text, len);
	if (csv_next(&cr) != 1 || map_header(cr.fields, cr.n, idx) != 0) {
		if (cr.n == 0)
			fprintf(stderr, "rosterd: %s: no header row\n", path);
		csv_reader_free(&cr);
		free(text);
		return -1;
	}
	while ((rc = csv_next(&cr)) == 1) {
		struct row *r;
		if (im->n == cap)
			im->rows = xrealloc(im->rows, (cap = cap ? cap * 2 : 1024) * sizeof *im->rows);
		r = &im->rows[im->n++];
		memset(r, 0, sizeof *r);
		r->line = cr.line;
		for (int c = 0; c < NCOL; c++)
			r->f[c] = trim(idx[c] >= 0 && (size_t)idx[c] < cr.n ? cr.fields[idx[c]] : "");
	}
	if (rc < 0)
		fprintf(stderr, "rosterd: %s: line %d: a quoted field is not closed\n", path, cr.line);
	csv_reader_free(&cr);
	free(text);
	return rc < 0 ? -1 : 0;
}

static void import_free(struct import *im)
{
	for (size_t i = 0; i < im->n; i++) {
		for (int c = 0; c < NCOL; c++)
			free(im->rows[i].f[c]);
		free(im->rows[i].why);
	}
	free(im->rows);
	levels_free(im->levels, im->nlevels);
	orgs_free(im->orgs, im->norgs);
}

int cli_import(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_OPTIONS,
		{ "dry-run",  no_argument,       NULL, 'n' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "notify",   no_argument,       NULL, 'N' },
		{ "help",     no_argument,       NULL, 'h' },
		{ 0 }
	};
	static struct config cfg;
	struct import im = { 0 };
	const char *encoding = NULL, *file;
	bool dry = false, want_mail = false, *created = NULL;
	int opt, rc = 1, made = 0, updated = 0;
	struct timespec t0, t1;

	if (cli_config_begin(&cfg, argc, argv) != 0)
		return 1;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'n': dry = true; break;
		case 'e': encoding = optarg; break;
		case 'N': want_mail = true; break;
		case 'h': import_usage(stdout); return 0;
		case '?': import_usage(stderr); return 2;
		default:
			if (cli_config_option(&cfg, opt, optarg) != 0)
				return 2;
		}
	}
	if (optind != argc - 1) {
		import_usage(stderr);
		return 2;
	}
	file = argv[optind];
	if (cli_config_end(&cfg) != 0)
		return 2;
	log_set_level(1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	im.db = db_open(cfg.db_path);
	if (!im.db)
		return 1;
	if (store_migrate(im.db, NULL) != ST_OK ||
	    store_level_list(im.db, NULL, true, &im.levels, &im.nlevels) != ST_OK ||
	    store_org_list(im.db, true, &im.orgs, &im.norgs) != ST_OK)
		goto done;
	for (size_t i = 0; i < im.norgs; i++)
		if (strcmp(im.orgs[i].kind, "hq") == 0)
			im.hq_id = im.orgs[i].id;
	if (!im.hq_id) {
		fprintf(stderr, "rosterd: the catalogue has no headquarters: run rosterd init first\n");
		goto done;
	}
	store_today(im.today);
	if (load(&im, file, encoding) != 0)
		goto done;
	db_read_begin(im.db);
	for (size_t i = 0; i < im.n; i++)
		check_row(&im, i);
	check_duplicates(&im);
	db_read_end(im.db);
	for (size_t i = 0; i < im.n; i++)
		if (im.rows[i].why)
			fputs(im.rows[i].why, stdout);
	if (dry || im.bad) {
		size_t fresh = 0;
		for (size_t i = 0; i < im.n; i++)
			fresh += !im.rows[i].bad && !im.rows[i].account_id;
		printf("%zu rows: %zu good (%zu new, %zu existing), %d bad%s\n", im.n,
		       im.n - (size_t)im.bad, fresh, im.n - (size_t)im.bad - fresh, im.bad,
		       dry ? "" : "; nothing was imported");
		rc = im.bad ? 1 : 0;
		goto done;
	}
	created = xcalloc(im.n ? im.n : 1, sizeof *created);
	if (db_begin(im.db) != ST_OK)
		goto done;
	db_bulk(im.db);   /* any failure below rolls the whole import back */
	if (store_tallies_pause(im.db) != ST_OK) {
		db_rollback(im.db);
		printf("nothing was imported\n");
		goto done;
	}
	for (size_t i = 0; i < im.n; i++) {
		if (write_row(&im, &im.rows[i], file, &created[i]) != ST_OK) {
			db_rollback(im.db);
			printf("nothing was imported\n");
			goto done;
		}
		made += created[i];
		updated += !created[i];
	}
	if (store_tallies_recount(im.db) != ST_OK) {
		db_rollback(im.db);
		printf("nothing was imported\n");
		goto done;
	}
	if (db_commit(im.db) != ST_OK) {
		printf("nothing was imported\n");
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%zu rows imported: %d new members, %d existing ones checked or updated "
	       "(%.2f s)\n", im.n, made, updated,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (want_mail && made > 0 && mail_start() == 0) {
		for (size_t i = 0; i < im.n; i++)
			if (created[i])
				notify(&im.rows[i]);
		mail_stop();
	}
	rc = 0;
done:
	free(created);
	import_free(&im);
	db_close(im.db);
	config_free(&cfg);
	return rc;
}
