/* Membership over time (see renewal.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "roster/i18n.h"
#include "roster/xalloc.h"
#include "log.h"
#include "mail.h"
#include "server.h"
#include "service/renewal.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/catalogue_edit.h"
#include "store/jobs.h"
#include "store/members.h"
#include "store/messages.h"
#include "store/orders.h"
#include "store/store.h"

static int64_t date_secs(const char *date)
{
	struct tm tm = { 0 };

	if (!date || sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	return (int64_t)timegm(&tm);
}

void renewal_date_add(const char *date, int days, char out[11])
{
	time_t t = (time_t)(date_secs(date) + (int64_t)days * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

long renewal_days_between(const char *a, const char *b)
{
	return (long)((date_secs(b) - date_secs(a)) / 86400);
}

void renewal_mail_drop(struct renewal_mail *m)
{
	xfree(&m->to);
	xfree(&m->subject);
	xfree(&m->body);
}

void renewal_mail_send_free(struct renewal_mail *m)
{
	if (m->to && m->subject && m->body)
		mail_send(m->to, m->subject, m->body);
	xfree(&m->to);
	xfree(&m->subject);
	xfree(&m->body);
}

/* The member's e-mail address and greeting name into mail (left empty when
 * the account has gone). */
static void mail_for(struct db *db, int64_t account_id, struct renewal_mail *mail,
                     const char *subject, char *body)
{
	struct account a;

	if (store_account_get(db, account_id, &a) != ST_OK) {
		free(body);
		return;
	}
	mail->to = xstrdup(a.email);
	mail->subject = xstrdup(subject);
	mail->body = xasprintf(_("Hello %s,\n\n%s\n"), a.username, body);
	free(body);
	account_free(&a);
}

int renewal_remind(struct db *db, int64_t account_id, const char *valid_until,
                   const char *today, int64_t actor, struct renewal_mail *mail)
{
	long left = renewal_days_between(today, valid_until);
	int grace = g_cfg ? g_cfg->grace_days : 90;
	char grace_end[11], *zh, *en, *body;
	int rc;

	renewal_date_add(valid_until, grace, grace_end);
	if (left > 0) {
		zh = xasprintf("您的会籍将于 %s 到期（还有 %ld 天）。请在“我的订单”中续缴会费。",
		               valid_until, left);
		en = xasprintf("Your membership ends on %s, in %ld days. Renew under My orders.",
		               valid_until, left);
		body = xasprintf(_("Your membership ends on %s, in %ld days.\n"
		                   "Sign in to Roster and pay the dues under My orders to renew it."),
		                 valid_until, left);
	} else if (left == 0) {
		zh = xasprintf("您的会籍于今天（%s）到期。请在“我的订单”中续缴会费。", valid_until);
		en = xasprintf("Your membership ends today (%s). Renew under My orders.", valid_until);
		body = xasprintf(_("Your membership ends today (%s).\n"
		                   "Sign in to Roster and pay the dues under My orders to renew it."),
		                 valid_until);
	} else {
		zh = xasprintf("您的会籍已于 %s 到期，宽限期至 %s。宽限期内续费，会籍保持连续。",
		               valid_until, grace_end);
		en = xasprintf("Your membership ended on %s. You are in the grace period until %s:"
		               " renew before then to keep your membership continuous.",
		               valid_until, grace_end);
		body = xasprintf(_("Your membership ended on %s. You are in the grace period until %s.\n"
		                   "Renew before then under My orders to keep your membership continuous."),
		                 valid_until, grace_end);
	}
	rc = store_message_add(db, account_id, "renewal", "会籍续费提醒", "Renewal reminder",
	                       zh, en, "member", account_id);
	free(zh);
	free(en);
	if (rc == ST_OK)
		rc = store_history_add(db, account_id, "reminded", valid_until, NULL, 0, actor,
		                       actor ? "staff" : "scheduled");
	if (rc == ST_OK && actor)
		rc = store_audit(db, actor, "member.remind", "member", account_id, valid_until);
	if (rc != ST_OK) {
		free(body);
		return rc;
	}
	mail_for(db, account_id, mail, _("Your membership is due for renewal"), body);
	return ST_OK;
}

int renewal_grace_begins(struct db *db, int64_t account_id, const char *valid_until,
                         struct renewal_mail *mail)
{
	char from[11], to[11], *zh, *en;
	int rc;

	renewal_date_add(valid_until, 1, from);
	renewal_date_add(valid_until, g_cfg ? g_cfg->grace_days : 90, to);
	zh = xasprintf("您的会籍已于 %s 到期，现处于宽限期（至 %s）。宽限期内仍可续费。",
	               valid_until, to);
	en = xasprintf("Your membership ended on %s. You are in the grace period until %s and"
	               " can still renew.", valid_until, to);
	rc = store_message_add(db, account_id, "renewal", "会籍已到期", "Membership ended",
	                       zh, en, "member", account_id);
	free(zh);
	free(en);
	if (rc == ST_OK)
		rc = store_history_add(db, account_id, "grace", from, to, 0, 0, NULL);
	if (rc != ST_OK)
		return rc;
	mail_for(db, account_id, mail, _("Your membership has ended"),
	         xasprintf(_("Your membership ended on %s. You are in the grace period until %s "
	                     "and can still renew under My orders."), valid_until, to));
	return ST_OK;
}

int renewal_expire(struct db *db, int64_t account_id, const char *valid_until,
                   struct renewal_mail *mail)
{
	char from[11], *zh, *en;
	int rc;

	if ((rc = store_member_set_status(db, account_id, "active", "expired", NULL)) != ST_OK)
		return rc;
	renewal_date_add(valid_until, (g_cfg ? g_cfg->grace_days : 90) + 1, from);
	zh = xasprintf("您的会籍（有效期至 %s）宽限期已过，会籍已失效。重新缴费即可恢复会籍。",
	               valid_until);
	en = xasprintf("Your membership (valid until %s) has expired: the grace period is over."
	               " Pay the dues to become a member again.", valid_until);
	rc = store_message_add(db, account_id, "renewal", "会籍已失效", "Membership expired",
	                       zh, en, "member", account_id);
	free(zh);
	free(en);
	if (rc == ST_OK)
		rc = store_history_add(db, account_id, "expired", from, NULL, 0, 0, NULL);
	if (rc == ST_OK)
		rc = store_audit(db, 0, "member.expire", "member", account_id, valid_until);
	if (rc != ST_OK)
		return rc;
	mail_for(db, account_id, mail, _("Your membership has expired"),
	         xasprintf(_("Your membership, valid until %s, has expired: the grace period is "
	                     "over. Pay the dues under My orders to become a member again."),
	                   valid_until));
	return ST_OK;
}

/* The association's setting dues.validity: true when a payment runs from
 * the day it is made (or the end of the membership it extends) rather than
 * by calendar year. */
static bool validity_from_payment(struct db *db)
{
	char *v = NULL;
	bool yes = store_setting_get(db, "dues.validity", &v) == ST_OK && v &&
	           strcmp(v, "from_payment") == 0;

	free(v);
	return yes;
}

/* The period a payment of dues for year_from..year_to (on a lifetime level
 * or not) gives member m today: start and end dates. */
static void period_of(struct db *db, const struct member *m, bool lifetime, int year_from,
                      int year_to, const char *today, char start[11], char end[11])
{
	char next[11] = "";
	const char *eff = member_effective_status(m, today, g_cfg ? g_cfg->grace_days : 90);
	bool continues = m->valid_until &&
	                 (strcmp(eff, "active") == 0 || strcmp(eff, "grace") == 0);

	snprintf(start, 11, "%04d-01-01", year_from);
	snprintf(end, 11, "%04d-12-31", year_to);
	if (m->valid_until)
		renewal_date_add(m->valid_until, 1, next);
	/* a membership starts on the day of the first payment, and one renewed
	 * after it expired starts again on the day of payment, whatever years
	 * the dues are for: the months without membership stay visible as a
	 * gap */
	if (!continues && strcmp(today, start) > 0)
		snprintf(start, 11, "%s", today);
	if (validity_from_payment(db)) {
		/* as many years as the order pays, from the end of the membership it
		 * extends or from today */
		int y = 0, mo = 1, d = 1;
		snprintf(start, 11, "%s", continues ? next : today);
		sscanf(start, "%4d-%2d-%2d", &y, &mo, &d);
		snprintf(end, 11, "%04d-%02d-%02d", y + (year_to - year_from + 1), mo, d);
		renewal_date_add(end, -1, end);
	} else if (continues && strcmp(next, start) > 0 && strcmp(next, end) <= 0) {
		/* paid ahead while still valid: the new period follows on */
		snprintf(start, 11, "%s", next);
	}
	if (lifetime)
		snprintf(end, 11, "9999-12-31");
}

int renewal_valid_until_after(struct db *db, int64_t account_id, int64_t level_id,
                              int year_from, int year_to, char out[11])
{
	struct member m = { 0 };
	char today[11], start[11];
	int lifetime = store_level_is_lifetime(db, level_id), rc;

	if (lifetime < 0)
		return ST_ERROR;
	if ((rc = store_member_get(db, account_id, &m)) != ST_OK)
		return rc;
	store_today(today);
	period_of(db, &m, lifetime, year_from, year_to, today, start, out);
	/* a calendar-year payment never shortens a membership */
	if (m.valid_until && strcmp(m.valid_until, out) > 0)
		snprintf(out, 11, "%s", m.valid_until);
	member_free(&m);
	return ST_OK;
}

int renewal_settle_dues(struct db *db, const struct order *o)
{
	struct member m = { 0 };
	char today[11], start[11], end[11], next[11], gap_end[11], cal_end[11];
	int lifetime, rc;

	if ((rc = store_member_get(db, o->account_id, &m)) != ST_OK)
		return rc;
	if ((lifetime = store_level_is_lifetime(db, o->level_id)) < 0) {
		rc = ST_ERROR;
		goto out;
	}
	store_today(today);
	period_of(db, &m, lifetime, o->year_from, o->year_to, today, start, end);
	snprintf(cal_end, sizeof cal_end, "%04d-12-31", o->year_to);
	if (m.valid_until) {
		renewal_date_add(m.valid_until, 1, next);
		if (strcmp(next, start) < 0) {
			renewal_date_add(start, -1, gap_end);
			rc = store_history_add(db, o->account_id, "gap", next, gap_end, o->id, 0, NULL);
		}
	}
	if (rc == ST_OK)
		rc = store_history_add(db, o->account_id, "paid", start, end, o->id, 0,
		                       lifetime ? "lifetime" : o->order_no);
	if (rc == ST_OK)
		rc = store_member_activate_through(db, o->account_id, o->year_to);
	if (rc == ST_OK && strcmp(end, cal_end) != 0)
		rc = store_member_valid_until(db, o->account_id, end);
out:
	member_free(&m);
	return rc;
}
