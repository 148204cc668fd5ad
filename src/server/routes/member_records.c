/* What HQ staff and admins do to a member's record (GET /members/{id} in
 * members.c shows it, with account_status and last_login_at):
 *
 *	PUT  /members/{id}                  {profile:{field:value}, reason}
 *	POST /members/{id}/disable          {reason?}
 *	POST /members/{id}/enable
 *	POST /members/{id}/password-reset   a reset code mailed to the member
 *	POST /members/{id}/offline-payment  {years, method:"cash"|"transfer",
 *	                                     amount, reference?, paid_on?}
 *	POST /members/{id}/end              {reason}
 *
 * Every step is audited with before and after (and the reason); the member
 * is told in their language. An offline payment makes a dues order and
 * settles it through pay_settle(), the one path that turns money into
 * membership, so the member gets the receipt number, the voucher and the
 * certificate exactly as with any other payment. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "assoc_time.h"
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/validate.h"
#include "roster/xalloc.h"
#include "mail.h"
#include "pay/pay.h"
#include "route.h"
#include "routes/route_util.h"
#include "routes/routes.h"
#include "server.h"
#include "service/catalogue.h"
#include "service/notify.h"
#include "service/staff_admin.h"
#include "service/workflow.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/codes.h"
#include "store/members.h"
#include "store/messages.h"
#include "store/orders.h"
#include "store/store.h"
#include "views/order.h"

#define REASON_MAX 500
/* the purpose POST /auth/password/reset takes codes of (routes/auth.c) */
#define CODE_PURPOSE_RESET "reset"

/* The member account of the route's {id} with its members row: false (404
 * sent) when there is none or, with need_record, when it never submitted
 * its join (a draft is not a record staff may act on). */
static bool record_get(struct req *req, struct resp *resp, struct account *a, struct member *m,
                       bool need_record)
{
	int64_t id = req_param_id(req, 0);

	memset(a, 0, sizeof *a);
	memset(m, 0, sizeof *m);
	if (id <= 0 || store_account_get(req->db, id, a) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return false;
	}
	if (strcmp(a->role, "member") != 0 ||
	    (need_record && (store_member_get(req->db, id, m) != ST_OK ||
	                     strcmp(m->status, "draft") == 0))) {
		account_free(a);
		member_free(m);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return false;
	}
	return true;
}

/* A required reason of at most REASON_MAX characters; NULL (422 sent)
 * when missing. */
static const char *reason_of(struct req *req, struct resp *resp, bool required)
{
	const char *reason = NULL;
	cJSON *errs = cJSON_CreateObject();

	json_get_str(req->json, "reason", required, &reason, errs);
	if (reason && !*reason && required)
		json_add_str(errs, "reason", _("Give a reason."));
	else if (reason && utf8_chars(reason) > REASON_MAX)
		json_add_str(errs, "reason", _("This text is too long."));
	if (resp_fields_error(resp, errs))
		return NULL;
	return reason ? reason : "";
}

/* Tell the member (message and e-mail) in both languages. */
static int tell(struct db *db, int64_t account_id, const char *t_zh, const char *t_en,
                const char *b_zh, const char *b_en)
{
	int rc = store_message_add(db, account_id, "account", t_zh, t_en, b_zh, b_en,
	                           "member", account_id);

	return rc == ST_OK ? notify_mail(db, account_id, t_zh, t_en, b_zh, b_en) : rc;
}

/* ---------------------------------------------------------------- edit */

static void route_record_edit(struct req *req, struct resp *resp)
{
	const cJSON *changes = cJSON_GetObjectItemCaseSensitive(req->json, "profile"), *f;
	cJSON *errs, *schema = NULL, *profile = NULL, *before = NULL, *after = NULL, *d;
	bool unit;
	const char *reason, *mobile = NULL, *email = NULL;
	char *text = NULL, *detail = NULL, norm[12];
	struct account a;
	struct member m;
	int rc = ST_ERROR;

	if (!record_get(req, resp, &a, &m, true))
		return;
	if (!(reason = reason_of(req, resp, true)))
		goto out;
	errs = cJSON_CreateObject();
	if (!cJSON_IsObject(changes) || !changes->child)
		json_add_str(errs, "profile", _("Give the fields to change."));
	schema = catalogue_form(req->db, m.member_type);
	if (!schema) {
		cJSON_Delete(errs);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		goto out;
	}
	if (cJSON_IsObject(changes))
		catalogue_field_check(schema, changes, FIELD_CHECK_FILLED, errs);
	if (resp_fields_error(resp, errs))
		goto out;
	unit = strcmp(m.member_type, "unit") == 0;
	profile = cJSON_Parse(m.profile ? m.profile : "{}");
	if (!cJSON_IsObject(profile)) {
		cJSON_Delete(profile);
		profile = cJSON_CreateObject();
	}
	before = cJSON_CreateObject();
	after = cJSON_CreateObject();
	cJSON_ArrayForEach(f, changes) {
		const char *old = json_str_or(profile, f->string, NULL);

		json_add_str(before, f->string, old);
		json_add_str(after, f->string, f->valuestring[0] ? f->valuestring : NULL);
		cJSON_DeleteItemFromObjectCaseSensitive(profile, f->string);
		if (f->valuestring[0])
			cJSON_AddStringToObject(profile, f->string, f->valuestring);
	}
	mobile = json_str_or(changes, unit ? "contact_mobile" : "mobile", NULL);
	email = json_str_or(changes, unit ? "contact_email" : "email", NULL);
	if (mobile && *mobile && val_mobile_normalise(mobile, norm))
		mobile = norm;
	else
		mobile = NULL;
	if (email && !*email)
		email = NULL;
	text = json_print(profile);
	d = cJSON_CreateObject();
	cJSON_AddItemToObject(d, "before", before);
	cJSON_AddItemToObject(d, "after", after);
	before = after = NULL;
	json_add_str(d, "reason", reason);
	detail = json_print(d);
	cJSON_Delete(d);
	if (db_begin(req->db) != ST_OK)
		goto fail;
	rc = store_member_set_profile(req->db, a.id, text, wf_profile_name(profile));
	/* the sign-in identifiers follow the record */
	if (rc == ST_OK && (mobile || email))
		rc = store_account_set_identifiers(req->db, a.id, email, mobile);
	if (rc == ST_EXISTS) {
		db_rollback(req->db);
		resp_error(resp, ERR_EXISTS, _("Another account already signs in with this mobile "
		                               "number or e-mail address."), NULL);
		goto out;
	}
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "member.edit", "member", a.id, detail);
	if (rc == ST_OK)
		rc = tell(req->db, a.id, "会员资料已由工作人员更新", "Your record was updated",
		          "工作人员更新了您的会员资料，可在“会员资料”中查看。",
		          "Staff updated your member record; see your profile.");
	if (rc != ST_OK || db_commit(req->db) != ST_OK)
		goto fail;
	resp_json(resp, 200, cJSON_Parse(text));
	goto out;
fail:
	db_rollback(req->db);
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
out:
	cJSON_Delete(schema);
	cJSON_Delete(profile);
	cJSON_Delete(before);
	cJSON_Delete(after);
	free(text);
	free(detail);
	account_free(&a);
	member_free(&m);
}

/* ---------------------------------------------------------------- account */

static void status_answer(struct req *req, struct resp *resp, int64_t id,
                          const struct admin_out *o)
{
	struct account a;
	cJSON *out;

	if (o->err != ERR_OK) {
		resp_error(resp, o->err, o->msg, NULL);
		return;
	}
	if (store_account_get(req->db, id, &a) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	out = cJSON_CreateObject();
	json_add_int(out, "id", a.id);
	json_add_str(out, "account_status", a.status);
	resp_json(resp, 200, out);
	account_free(&a);
}

static void set_status(struct req *req, struct resp *resp, bool enable)
{
	struct admin_out o = { 0 };
	const char *reason;
	struct account a;
	struct member m;

	if (!record_get(req, resp, &a, &m, false))
		return;
	reason = reason_of(req, resp, false);
	if (reason)
		admin_set_status(req->db, req->who.account_id, a.id, ADMIN_MEMBER, enable,
		                 *reason ? reason : NULL, &o);
	if (reason)
		status_answer(req, resp, a.id, &o);
	account_free(&a);
	member_free(&m);
}

static void route_record_disable(struct req *req, struct resp *resp)
{
	set_status(req, resp, false);
}

static void route_record_enable(struct req *req, struct resp *resp)
{
	set_status(req, resp, true);
}

/* A reset code, as POST /auth/email-code makes one, mailed to the member in
 * their language; the member sets a new password with it (POST
 * /auth/password/reset). The code is never stored in clear. */
static void route_record_password_reset(struct req *req, struct resp *resp)
{
	unsigned char salt[CODE_SALT_LEN], hash[CODE_HASH_LEN];
	char code[8], *body;
	struct account a;
	struct member m;
	bool en;
	int rc;

	if (!record_get(req, resp, &a, &m, false))
		return;
	if (strcmp(a.status, "active") != 0) {
		resp_error(resp, ERR_CONFLICT, _("The account is disabled."), NULL);
		goto out;
	}
	snprintf(code, sizeof code, "%06u", (unsigned)randombytes_uniform(1000000));
	randombytes_buf(salt, sizeof salt);
	crypto_generichash(hash, CODE_HASH_LEN, (const unsigned char *)code, strlen(code),
	                   salt, CODE_SALT_LEN);
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_code_insert(req->db, a.id, CODE_PURPOSE_RESET, hash, salt,
		                       store_now() + g_cfg->code_ttl, NULL);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "member.password_reset", "account",
		                 a.id, NULL);
	if (rc != ST_OK || db_commit(req->db) != ST_OK) {
		db_rollback(req->db);
		sodium_memzero(code, sizeof code);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		goto out;
	}
	en = notify_member_english(req->db, a.id);
	if (en)
		body = xasprintf("Hello %s,\n\nthe association's staff started a password reset "
		                 "for your account. Your code is: %s\n\nIt is valid for %d minutes "
		                 "and can be used once: choose \"Forgot password\" when signing in "
		                 "and enter it there.\n", a.username, code, g_cfg->code_ttl / 60);
	else
		body = xasprintf("%s，您好：\n\n协会工作人员为您的账户发起了密码重置。验证码：%s\n\n"
		                 "%d 分钟内有效，仅可使用一次：登录时选择“忘记密码”并输入该验证码。\n",
		                 a.username, code, g_cfg->code_ttl / 60);
	mail_send(a.email, en ? "Reset your password" : "重置密码", body);
	sodium_memzero(body, strlen(body));
	free(body);
	sodium_memzero(code, sizeof code);
	resp_json(resp, 202, cJSON_CreateObject());
out:
	account_free(&a);
	member_free(&m);
}

/* ---------------------------------------------------------------- money */

/* Unix seconds of noon of a YYYY-MM-DD day of the association's calendar;
 * -1 when junk. */
static int64_t day_noon(const char *s)
{
	int y, mo, d;
	char tail;

	if (sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3 || y < 2000 || mo < 1 ||
	    mo > 12 || d < 1 || d > 31)
		return -1;
	return assoc_day_time(y, mo, d, 12);
}

static void route_record_offline_payment(struct req *req, struct resp *resp)
{
	static const char *const methods[] = { "cash", "transfer", NULL };
	cJSON *errs = cJSON_CreateObject(), *out;
	const char *method = NULL, *reference = NULL, *paid_on = NULL, *status, *why;
	int64_t years = 0, amount = 0, paid_at = store_now(), order_id = 0;
	struct order_new on = { 0 };
	struct order o;
	struct level l = { 0 };
	struct account a;
	struct member m;
	char today[11], *detail;
	int last_paid = 0, first, rc;

	if (!record_get(req, resp, &a, &m, true)) {
		cJSON_Delete(errs);
		return;
	}
	json_get_int(req->json, "years", true, &years, errs);
	json_get_str(req->json, "method", true, &method, errs);
	json_get_int(req->json, "amount", true, &amount, errs);
	json_get_str(req->json, "reference", false, &reference, errs);
	json_get_str(req->json, "paid_on", false, &paid_on, errs);
	if (years && (years < 1 || years > 1 + (g_cfg ? g_cfg->dues_years_ahead : 3)))
		json_add_str(errs, "years", _("Choose fewer years."));
	if (method && !route_in_list(methods, method))
		json_add_str(errs, "method", _("Expected cash or transfer."));
	if (reference && (why = route_line_problem(reference, 100)))
		json_add_str(errs, "reference", why);
	if (paid_on && *paid_on && (paid_at = day_noon(paid_on)) < 0)
		json_add_str(errs, "paid_on", _("Expected a date (YYYY-MM-DD)."));
	if (resp_fields_error(resp, errs))
		goto out;
	store_today(today);
	status = member_effective_status(&m, today, g_cfg ? g_cfg->grace_days : 90);
	if (strcmp(status, "pending_payment") && strcmp(status, "active") &&
	    strcmp(status, "grace") && strcmp(status, "expired")) {
		resp_error(resp, ERR_CONFLICT, _("Dues can be paid once the application has been "
		                                 "approved."), NULL);
		goto out;
	}
	if (!m.level_id || store_level_get(req->db, m.level_id, &l) != ST_OK ||
	    l.annual_fee <= 0) {
		resp_error(resp, ERR_CONFLICT, _("The member's level has no annual fee."), NULL);
		goto out;
	}
	if (amount != l.annual_fee * years) {
		char msg[160];

		errs = cJSON_CreateObject();
		snprintf(msg, sizeof msg, _("%lld years of this level are %lld.%02lld yuan."),
		         (long long)years, (long long)(l.annual_fee * years / 100),
		         (long long)(l.annual_fee * years % 100));
		json_add_str(errs, "amount", msg);
		resp_error(resp, ERR_VALIDATION, NULL, errs);
		goto out;
	}
	/* the next unpaid years, from this year or the year after the last paid */
	if (store_order_last_paid_year(req->db, a.id, &last_paid) != ST_OK)
		goto fail_nodb;
	first = atoi(today);
	if (m.valid_until && atoi(m.valid_until) >= first)
		first = atoi(m.valid_until) + 1;
	if (last_paid >= first)
		first = last_paid + 1;
	on.account_id = a.id;
	on.kind = "dues";
	on.amount = amount;
	on.unit_fee = l.annual_fee;
	on.level_id = l.id;
	on.year_from = first;
	on.year_to = first + (int)years - 1;
	on.closes_at = store_now() + 86400;
	if (db_begin(req->db) != ST_OK)
		goto fail_nodb;
	rc = store_order_insert(req->db, &on, &order_id);
	if (rc == ST_EXISTS) {
		db_rollback(req->db);
		resp_error(resp, ERR_CONFLICT, _("An unpaid order already covers that year: "
		                                 "cancel it first."), NULL);
		goto out;
	}
	if (rc != ST_OK || store_order_get(req->db, order_id, &o) != ST_OK)
		goto fail;
	rc = pay_settle(req->db, &o, "offline", method, paid_at, req->who.account_id);
	if (rc != ST_OK)
		goto fail;
	out = cJSON_CreateObject();
	json_add_str(out, "method", method);
	json_add_str(out, "reference", reference && *reference ? reference : NULL);
	json_add_int(out, "amount", amount);
	json_add_int(out, "year_from", on.year_from);
	json_add_int(out, "year_to", on.year_to);
	detail = json_print(out);
	cJSON_Delete(out);
	rc = store_audit(req->db, req->who.account_id, "member.offline_payment", "order",
	                 order_id, detail);
	free(detail);
	if (rc != ST_OK || db_commit(req->db) != ST_OK)
		goto fail;
	if (store_order_get(req->db, order_id, &o) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		goto out;
	}
	resp_json(resp, 201, view_order(req->db, &o));
	goto out;
fail:
	db_rollback(req->db);
fail_nodb:
	resp_error(resp, ERR_INTERNAL, NULL, NULL);
out:
	level_free(&l);
	account_free(&a);
	member_free(&m);
}

/* ---------------------------------------------------------------- end */

static void route_record_end(struct req *req, struct resp *resp)
{
	const char *reason;
	struct account a;
	struct member m;
	char *detail = NULL, *b_zh = NULL, *b_en = NULL;
	cJSON *d;
	int rc;

	if (!record_get(req, resp, &a, &m, true))
		return;
	if (!(reason = reason_of(req, resp, true)))
		goto out;
	if (strcmp(m.status, "active") != 0 && strcmp(m.status, "pending_payment") != 0) {
		resp_error(resp, ERR_CONFLICT, _("This membership is not running."), NULL);
		goto out;
	}
	d = cJSON_CreateObject();
	json_add_str(cJSON_AddObjectToObject(d, "before"), "status", m.status);
	json_add_str(cJSON_AddObjectToObject(d, "after"), "status", "expired");
	json_add_str(d, "reason", reason);
	detail = json_print(d);
	cJSON_Delete(d);
	b_zh = xasprintf("您的会员资格已由协会终止。\n原因：%s", reason);
	b_en = xasprintf("The association has ended your membership.\nReason: %s", reason);
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_member_set_status(req->db, a.id, m.status, "expired", reason);
	if (rc == ST_CONFLICT) {
		db_rollback(req->db);
		resp_error(resp, ERR_CONFLICT, NULL, NULL);
		goto out;
	}
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "member.end", "member", a.id, detail);
	if (rc == ST_OK)
		rc = tell(req->db, a.id, "会员资格已终止", "Membership ended", b_zh, b_en);
	if (rc != ST_OK || db_commit(req->db) != ST_OK) {
		db_rollback(req->db);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		goto out;
	}
	d = cJSON_CreateObject();
	json_add_int(d, "id", a.id);
	json_add_str(d, "status", "expired");
	json_add_str(d, "status_reason", reason);
	resp_json(resp, 200, d);
out:
	free(detail);
	free(b_zh);
	free(b_en);
	account_free(&a);
	member_free(&m);
}

const struct route routes_member_records[] = {
	{ "PUT",  "/members/{id}",                 route_record_edit,            ROLES_HQ, 0 },
	{ "POST", "/members/{id}/disable",         route_record_disable,         ROLES_HQ, 0 },
	{ "POST", "/members/{id}/enable",          route_record_enable,          ROLES_HQ, 0 },
	{ "POST", "/members/{id}/password-reset",  route_record_password_reset,  ROLES_HQ, 0 },
	{ "POST", "/members/{id}/offline-payment", route_record_offline_payment, ROLES_HQ, 0 },
	{ "POST", "/members/{id}/end",             route_record_end,             ROLES_HQ, 0 },
	{ 0 }
};
