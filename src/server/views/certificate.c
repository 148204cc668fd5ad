/* Certificates (views/certificate.h). */
#include <string.h>
#include "roster/json.h"
#include "store/members.h"
#include "store/store.h"
#include "views/catalogue.h"
#include "views/certificate.h"

static const char *const verdict_names[] = {
	[CERT_VALID] = "valid", [CERT_EXPIRED] = "expired", [CERT_FORGED] = "forged",
	[CERT_SUPERSEDED] = "superseded",
};

cJSON *view_certificate(struct db *db, const struct certificate *c, const char *verify_url,
                        const char *today)
{
	cJSON *o = cJSON_CreateObject();
	struct member m = { 0 };

	json_add_str(o, "cert_no", c->cert_no);
	json_add_str(o, "member_no", c->member_no);
	json_add_str(o, "name", c->name);
	json_add_str(o, "member_type", c->member_type);
	cJSON_AddItemToObject(o, "level", view_level_ref(db, c->level_id));
	if (store_member_get(db, c->account_id, &m) == ST_OK)
		cJSON_AddItemToObject(o, "org", view_org_ref(db, m.org_id));
	else
		cJSON_AddNullToObject(o, "org");
	member_free(&m);
	json_add_str(o, "valid_until", c->valid_until);
	json_add_str(o, "issue_date", c->issue_date);
	json_add_int(o, "issued_at", c->issued_at);
	json_add_str(o, "status", strcmp(c->valid_until, today) >= 0 ? "valid" : "expired");
	json_add_str(o, "verify_url", verify_url);
	return o;
}

cJSON *view_cert_verdict(struct db *db, const char *cert_no, enum cert_verdict v,
                         const struct certificate *c, const struct certificate *current)
{
	cJSON *o = cJSON_CreateObject();

	json_add_str(o, "cert_no", cert_no);
	json_add_str(o, "status", verdict_names[v]);
	if (v != CERT_FORGED) {
		json_add_str(o, "member_no", c->member_no);
		json_add_str(o, "name", c->name);
		json_add_str(o, "member_type", c->member_type);
		cJSON_AddItemToObject(o, "level", view_level_ref(db, c->level_id));
		json_add_str(o, "valid_until", c->valid_until);
		json_add_str(o, "issue_date", c->issue_date);
	}
	if (v == CERT_SUPERSEDED) {
		cJSON *by = cJSON_AddObjectToObject(o, "superseded_by");
		json_add_str(by, "cert_no", current->cert_no);
		json_add_str(by, "issue_date", current->issue_date);
	}
	return o;
}
