/* certificates table and issuing them from the member's standing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "roster/xalloc.h"
#include "log.h"
#include "service/sign.h"
#include "store/certificates.h"
#include "store/db.h"
#include "store/rows.h"
#include "store/members.h"

#define CERT_COLS "id, cert_no, account_id, member_no, name, member_type, level_id," \
                  " valid_until, issued_at, issue_date"

void certificate_free(struct certificate *c)
{
	if (!c)
		return;
	free(c->member_no);
	free(c->name);
	memset(c, 0, sizeof *c);
}

static void cert_read(struct db_stmt *st, void *row)
{
	struct certificate *c = row;

	c->id = db_col_int(st, 0);
	db_col_copy(st, 1, c->cert_no, sizeof c->cert_no);
	c->account_id = db_col_int(st, 2);
	c->member_no = db_col_text(st, 3);
	c->name = db_col_text(st, 4);
	db_col_copy(st, 5, c->member_type, sizeof c->member_type);
	c->level_id = db_col_int(st, 6);
	db_col_copy(st, 7, c->valid_until, sizeof c->valid_until);
	c->issued_at = db_col_int(st, 8);
	db_col_copy(st, 9, c->issue_date, sizeof c->issue_date);
}

int store_cert_latest(struct db *db, int64_t account_id, struct certificate *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " CERT_COLS " FROM certificates"
	                               " WHERE account_id = ? ORDER BY id DESC LIMIT 1");

	if (!st || db_bind(st, "i", account_id) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, cert_read);
}

int store_cert_by_no(struct db *db, const char *cert_no, struct certificate *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " CERT_COLS " FROM certificates WHERE cert_no = ?");

	if (!st || db_bind(st, "t", cert_no) != ST_OK)
		return ST_ERROR;
	return db_fetch_one(st, out, sizeof *out, cert_read);
}

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* C + year + 6-digit sequence of that year, in issue order (the caller
 * holds the write transaction). */
static int cert_no_next(struct db *db, int year, char out[32])
{
	return db_next_yearly_no(db, "SELECT MAX(cert_no) FROM certificates"
	                             " WHERE cert_no >= ? AND cert_no < ?", 'C', year, out);
}

/* The name to print: the member's display name, else the profile's "name"
 * (person) or "unit_name" (unit); NULL when there is none. Malloc'd. */
static char *member_display_name(const struct member *m)
{
	cJSON *p;
	const cJSON *v;
	char *name = NULL;

	if (m->name && *m->name)
		return xstrdup(m->name);
	p = m->profile ? cJSON_Parse(m->profile) : NULL;
	v = cJSON_GetObjectItemCaseSensitive(p, "name");
	if (!cJSON_IsString(v) || !*v->valuestring)
		v = cJSON_GetObjectItemCaseSensitive(p, "unit_name");
	if (cJSON_IsString(v) && *v->valuestring)
		name = xstrdup(v->valuestring);
	cJSON_Delete(p);
	return name;
}

/* Is a new certificate due for the member (m and *name filled when it
 * is)? 1 yes, 0 no, -1 error. A member without number, validity or level
 * has not paid yet: none is due. */
static int issue_due(struct db *db, int64_t account_id, bool force, struct member *m,
                     char **name)
{
	struct certificate last = { 0 };
	int rc, due;

	*name = NULL;
	rc = store_member_get(db, account_id, m);
	if (rc != ST_OK)
		return rc == ST_NOTFOUND ? 0 : -1;
	if (!m->member_no || !m->valid_until || !m->level_id)
		return 0;
	*name = member_display_name(m);
	if (!*name)
		*name = xstrdup(m->member_no);
	rc = store_cert_latest(db, account_id, &last);
	if (rc == ST_ERROR)
		return -1;
	due = force || rc == ST_NOTFOUND || !same(last.member_no, m->member_no) ||
	      !same(last.name, *name) || last.level_id != m->level_id ||
	      !same(last.valid_until, m->valid_until) || !same(last.member_type, m->member_type);
	certificate_free(&last);
	return due;
}

int cert_renew(struct db *db, int64_t account_id, bool force, bool *issued)
{
	struct member m = { 0 };
	char today[11], no[32];
	char *name = NULL;
	struct db_stmt *st;
	int rc, due;

	if (issued)
		*issued = false;
	/* the usual answer is "nothing to do": find that out without taking
	 * the write lock */
	if (!force && !db_in_tx(db)) {
		due = issue_due(db, account_id, false, &m, &name);
		member_free(&m);
		free(name);
		if (due <= 0)
			return due < 0 ? ST_ERROR : ST_OK;
	}
	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	due = issue_due(db, account_id, force, &m, &name);
	rc = due < 0 ? ST_ERROR : ST_OK;
	if (due <= 0)
		goto done;
	store_today(today);
	if ((rc = cert_no_next(db, atoi(today), no)) != ST_OK)
		goto done;
	st = db_stmt(db, "INSERT INTO certificates (cert_no, account_id, member_no, name,"
	                 " member_type, level_id, valid_until, issued_at, issue_date)"
	                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	rc = ST_ERROR;
	if (!st || db_bind(st, "titttitit", no, account_id, m.member_no, name, m.member_type,
	                   m.level_id, m.valid_until, store_now(), today) != ST_OK)
		goto done;
	if ((rc = db_run(st)) != ST_OK)
		goto done;
	if (issued)
		*issued = true;
	log_info("certificate %s issued to account %lld", no, (long long)account_id);
done:
	member_free(&m);
	free(name);
	if (rc != ST_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db);
}

/* Does the newer certificate now say something that makes old untrue? */
static bool cert_superseded_by(const struct certificate *old, const struct certificate *now)
{
	return now->id > old->id &&
	       (!same(old->member_no, now->member_no) || !same(old->name, now->name) ||
	        old->level_id != now->level_id || !same(old->member_type, now->member_type) ||
	        strcmp(old->valid_until, now->valid_until) > 0);
}

int cert_verify(struct db *db, const char *cert_no, const char *sig, const char *today,
                struct certificate *out, enum cert_verdict *verdict,
                struct certificate *current)
{
	int rc;

	memset(out, 0, sizeof *out);
	memset(current, 0, sizeof *current);
	*verdict = CERT_FORGED;
	/* the signature first: an unsigned guess learns nothing from the table */
	if (!cert_no || strlen(cert_no) > 20 || !sign_cert_url_ok(cert_no, sig))
		return ST_OK;
	rc = store_cert_by_no(db, cert_no, out);
	if (rc == ST_NOTFOUND)
		return ST_OK;
	if (rc != ST_OK)
		return ST_ERROR;
	rc = store_cert_latest(db, out->account_id, current);
	if (rc != ST_OK) {
		certificate_free(out);
		return ST_ERROR;
	}
	if (cert_superseded_by(out, current)) {
		*verdict = CERT_SUPERSEDED;
		return ST_OK;
	}
	certificate_free(current);
	*verdict = strcmp(out->valid_until, today) >= 0 ? CERT_VALID : CERT_EXPIRED;
	return ST_OK;
}

char *cert_verify_url(const char *base_url, const char *cert_no)
{
	char sig[SIGN_B64_LEN + 1];

	if (sign_cert_url(cert_no, sig) != 0)
		return NULL;
	return xasprintf("%s/v/%s?s=%s", base_url, cert_no, sig);
}
