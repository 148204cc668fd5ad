/* rosterd init --demo-members: demo members at every stage of the member
 * journey, so that each member and staff screen has something to show.
 * They are made through the same workflow, order and payment code as the
 * API uses (no rows written by hand), as the member and the demo staff
 * would have acted. README and rosterd(8) list the logins; all share the
 * password DEMO_MEMBER_PASSWORD.
 *
 *	demo           active: dues paid for this year and the next, a dues
 *	               receipt requested, a level change approved and its fee
 *	               difference paid, an unpaid order for the year after
 *	demo_draft     a join application begun (draft)
 *	demo_branch    applied through 北京分会, awaiting the branch's review
 *	demo_rejected  applied through 北京分会, rejected by the branch
 *	demo_unpaid    approved by HQ, dues not paid yet (待缴费)
 *	demo_grace     paid for last year, membership lapsed ten days ago: in
 *	               its grace period */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "assoc_time.h"
#include "caller.h"
#include "cli.h"
#include "log.h"
#include "pay/pay.h"
#include "service/auth.h"
#include "service/workflow.h"
#include "store/accounts.h"
#include "store/applications.h"
#include "store/catalogue.h"
#include "store/invoices.h"
#include "store/members.h"
#include "store/orders.h"
#include "store/store.h"
#include "roster/json.h"

#define DEMO_MEMBER_PASSWORD "Member-Demo-2026"

enum stage { DRAFT, BRANCH, REJECTED, UNPAID, ACTIVE, GRACE };

static const struct {
	const char *username, *name, *mobile, *id_number, *gender, *birth;
	enum stage stage;
} demo_members[] = {
	{ "demo",          "张明", "13800138000", "11010519491231002X", "female", "1949-12-31", ACTIVE },
	{ "demo_draft",    "李华", "13800138001", NULL, NULL, NULL, DRAFT },
	{ "demo_branch",   "王芳", "13800138002", "110105199003070025", "female", "1990-03-07", BRANCH },
	{ "demo_rejected", "赵强", "13800138003", "110105198511200039", "male", "1985-11-20", REJECTED },
	{ "demo_unpaid",   "陈静", "13800138004", "110105199207150027", "female", "1992-07-15", UNPAID },
	{ "demo_grace",    "刘洋", "13800138005", "110105197806010035", "male", "1978-06-01", GRACE },
};

/* The smallest file the attachment check takes as a PDF: the signed form. */
static const char demo_pdf[] =
	"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
	"2 0 obj <</Type/Pages/Kids[]/Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";

static int64_t org_id(struct db *db, const char *code)
{
	struct org o;
	int64_t id;

	if (store_org_by_code(db, code, &o) != ST_OK)
		return 0;
	id = o.id;
	org_free(&o);
	return id;
}

static int64_t level_id(struct db *db, const char *code, int64_t *fee)
{
	struct level l;
	int64_t id;

	if (store_level_by_code(db, code, &l) != ST_OK)
		return 0;
	id = l.id;
	if (fee)
		*fee = l.annual_fee;
	level_free(&l);
	return id;
}

static int staff_caller(struct db *db, const char *username, unsigned role,
                        struct caller *who)
{
	struct account a;

	if (store_account_by_username(db, username, &a) != ST_OK)
		return -1;
	*who = (struct caller){ .account_id = a.id, .role = role, .org_id = a.org_id };
	account_free(&a);
	return 0;
}

static int wf_ok(const char *user, const char *step, struct wf_out *o)
{
	if (o->err == ERR_OK) {
		cJSON_Delete(o->fields);
		o->fields = NULL;
		return 0;
	}
	char *f = o->fields ? cJSON_PrintUnformatted(o->fields) : NULL;
	log_error("demo member %s: %s refused (%d) %s %s", user, step, (int)o->err,
	          o->msg ? o->msg : "", f ? f : "");
	free(f);
	cJSON_Delete(o->fields);
	o->fields = NULL;
	return -1;
}

static cJSON *profile_of(size_t i)
{
	cJSON *p = cJSON_CreateObject();
	char email[80];

	snprintf(email, sizeof email, "%s@example.org", demo_members[i].username);
	cJSON_AddStringToObject(p, "name", demo_members[i].name);
	if (!demo_members[i].id_number)
		return p;   /* a draft just begun */
	cJSON_AddStringToObject(p, "gender", demo_members[i].gender);
	cJSON_AddStringToObject(p, "birth_date", demo_members[i].birth);
	cJSON_AddStringToObject(p, "id_type", "id_card");
	cJSON_AddStringToObject(p, "id_number", demo_members[i].id_number);
	cJSON_AddStringToObject(p, "mobile", demo_members[i].mobile);
	cJSON_AddStringToObject(p, "email", email);
	cJSON_AddStringToObject(p, "address", "北京市海淀区中关村大街1号");
	cJSON_AddStringToObject(p, "education", "master");
	cJSON_AddStringToObject(p, "employer", "示例研究院");
	return p;
}

/* The join application: saved, and for every stage past the draft, with
 * its signed form attached and submitted. *app gets its id. */
static int apply(struct db *db, size_t i, const struct caller *me, int64_t org,
                 int64_t level, int64_t *app)
{
	const char *user = demo_members[i].username;
	cJSON *body = cJSON_CreateObject();
	struct wf_out o = { 0 };

	if (demo_members[i].stage != DRAFT) {
		json_add_int(body, "org_id", org);
		json_add_int(body, "level_id", level);
	}
	cJSON_AddItemToObject(body, "profile", profile_of(i));
	wf_join_save(db, me, body, &o);
	cJSON_Delete(body);
	if (wf_ok(user, "saving the application", &o) != 0)
		return -1;
	*app = o.id;
	if (demo_members[i].stage == DRAFT)
		return 0;
	o = (struct wf_out){ 0 };
	wf_attach(db, me->account_id, *app, "申请表.pdf", demo_pdf, sizeof demo_pdf - 1, &o);
	if (wf_ok(user, "attaching the form", &o) != 0)
		return -1;
	o = (struct wf_out){ 0 };
	wf_submit(db, me, *app, &o);
	return wf_ok(user, "submitting", &o);
}

static int decide(struct db *db, const char *user, const struct caller *staff, int64_t app,
                  bool approve, const char *reason)
{
	struct wf_out o = { 0 };

	wf_decide(db, staff, app, approve, reason, NULL, &o);
	return wf_ok(user, approve ? "approving" : "rejecting", &o);
}

/* Pay order id as the sandbox provider would (one transaction). */
static int settle(struct db *db, int64_t id)
{
	struct order o;
	int rc;

	if (db_begin(db) != ST_OK)
		return -1;
	rc = store_order_get(db, id, &o);
	if (rc == ST_OK)
		rc = pay_settle(db, &o, "qr", "sandbox", store_now(), 0);
	if (rc != ST_OK) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == ST_OK ? 0 : -1;
}

/* A dues order for years from..to at the member's level; paid when pay. */
static int dues(struct db *db, int64_t account, int64_t level, int64_t fee, int from, int to,
                bool pay, int64_t *id)
{
	struct order_new on = {
		.account_id = account,
		.kind = "dues",
		.amount = fee * (to - from + 1),
		.unit_fee = fee,
		.level_id = level,
		.year_from = from,
		.year_to = to,
		.closes_at = store_now() + (int64_t)(g_cfg ? g_cfg->order_close_days : 7) * 86400,
	};

	if (store_order_insert(db, &on, id) != ST_OK)
		return -1;
	return pay ? settle(db, *id) : 0;
}

/* demo: the full member: a dues receipt requested for the paid order, a
 * level change approved by HQ with its fee difference paid, and an unpaid
 * order for a later year. */
static int make_active_extras(struct db *db, size_t i, const struct caller *me,
                              const struct caller *hq, int64_t paid, int year)
{
	const char *user = demo_members[i].username;
	struct invoice_fields f = {
		.title_type = (char *)"personal",
		.title = (char *)demo_members[i].name,
		.kind = (char *)"dues_receipt",
		.email = (char *)"demo@example.org",
	};
	int64_t fee = 0, senior = level_id(db, "senior", &fee), inv, unpaid;
	struct order po;
	struct application a;
	struct wf_out o = { 0 };
	cJSON *body;
	int rc;

	if (!senior || store_order_get(db, paid, &po) != ST_OK)
		return -1;
	if (store_invoice_insert(db, paid, me->account_id, po.amount, &f, &inv) != ST_OK)
		return -1;
	body = cJSON_CreateObject();
	json_add_int(body, "level_id", senior);
	json_add_str(body, "reason", "参与专业委员会工作，申请升为高级会员。");
	wf_create(db, me, "level_change", body, &o);
	cJSON_Delete(body);
	if (wf_ok(user, "asking for a level change", &o) != 0)
		return -1;
	if (decide(db, user, hq, o.id, true, NULL) != 0)
		return -1;
	if (store_application_get(db, o.id, &a) != ST_OK)
		return -1;
	rc = a.order_id ? settle(db, a.order_id) : 0;
	application_free(&a);
	if (rc != 0)
		return -1;
	return dues(db, me->account_id, senior, fee, year + 2, year + 2, false, &unpaid);
}

static int seed_one(struct db *db, size_t i, const struct caller *bj, const struct caller *hq)
{
	const char *user = demo_members[i].username;
	enum stage st = demo_members[i].stage;
	char email[80];
	const char *field = NULL, *why = NULL;
	int64_t fee = 0, level = level_id(db, "regular", &fee), app, paid;
	int64_t branch = org_id(db, "BJ"), head = org_id(db, "HQ");
	int year = pay_this_year();
	struct caller me = { .role = ROLE_MEMBER };
	struct account acc;
	int rc;

	snprintf(email, sizeof email, "%s@example.org", user);
	if (store_account_by_username(db, user, &acc) == ST_OK) {
		me.account_id = acc.id;
		account_free(&acc);
	} else {
		rc = auth_account_create(db, 0, "member", 0, user, email, demo_members[i].mobile,
		                         "individual", DEMO_MEMBER_PASSWORD, &me.account_id,
		                         &field, &why);
		if (rc != ST_OK) {
			log_error("demo member %s: %s %s", user, field ? field : "", why ? why : "");
			return -1;
		}
	}
	if (!level || !branch || !head)
		return -1;
	{
		struct member m;

		if (store_member_get(db, me.account_id, &m) == ST_OK) {
			bool begun = strcmp(m.status, "draft") != 0 || m.name;

			member_free(&m);
			if (begun)
				return 0;   /* seeded before: init runs again */
		}
	}
	if (apply(db, i, &me, st == BRANCH || st == REJECTED ? branch : head, level, &app) != 0)
		return -1;
	switch (st) {
	case DRAFT:
	case BRANCH:
		return 0;
	case REJECTED:
		return decide(db, user, bj, app, false,
		              "申请表未盖章，请上传盖章后的扫描件。");
	default:
		break;
	}
	if (decide(db, user, hq, app, true, NULL) != 0)
		return -1;
	if (st == UNPAID)
		return 0;
	if (st == GRACE) {
		/* paid for last year; whatever today is, the membership ended ten
		 * days ago, inside [members] grace_days */
		char until[11];

		if (dues(db, me.account_id, level, fee, year - 1, year - 1, true, &paid) != 0)
			return -1;
		assoc_date(store_now() - 10 * 86400, until);
		return store_member_set_valid_until(db, me.account_id, until) == ST_OK ? 0 : -1;
	}
	if (dues(db, me.account_id, level, fee, year, year + 1, true, &paid) != 0)
		return -1;
	return make_active_extras(db, i, &me, hq, paid, year);
}

int cli_demo_members(struct db *db)
{
	struct caller bj, hq;

	if (staff_caller(db, "bj_staff", ROLE_BRANCH_STAFF, &bj) != 0 ||
	    staff_caller(db, "hq", ROLE_HQ_STAFF, &hq) != 0) {
		log_error("demo members need the demo staff (rosterd init --demo)");
		return -1;
	}
	for (size_t i = 0; i < sizeof demo_members / sizeof demo_members[0]; i++)
		if (seed_one(db, i, &bj, &hq) != 0)
			return -1;
	return 0;
}
