/* The account's own settings:
 *
 *	PUT /me/language   {"language": "zh" | "en" | null}
 *
 * The language is the one messages' e-mails and staff decisions reach the
 * account in, whoever takes them; it is also set from Accept-Language at
 * registration and at each login. GET /me shows it as "language". */
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "route.h"
#include "routes/routes.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/store.h"

static void route_me_language(struct req *req, struct resp *resp)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(req->json, "language");
	const char *lang = NULL;
	cJSON *out;
	int rc;

	if (!v || (!cJSON_IsNull(v) && (!cJSON_IsString(v) ||
	                                (strcmp(v->valuestring, "zh") != 0 &&
	                                 strcmp(v->valuestring, "en") != 0)))) {
		cJSON *errs = cJSON_CreateObject();
		json_add_str(errs, "language", _("Expected zh or en."));
		resp_error(resp, ERR_VALIDATION, NULL, errs);
		return;
	}
	if (cJSON_IsString(v))
		lang = v->valuestring;
	rc = db_begin(req->db);
	if (rc == ST_OK)
		rc = store_account_set_language(req->db, req->who.account_id, lang);
	if (rc == ST_OK)
		rc = store_audit(req->db, req->who.account_id, "account.language", "account",
		                 req->who.account_id, lang);
	if (rc != ST_OK || db_commit(req->db) != ST_OK) {
		db_rollback(req->db);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	out = cJSON_CreateObject();
	json_add_str(out, "language", lang);
	resp_json(resp, 200, out);
}

void me_extend_language(struct req *req, cJSON *me)
{
	char lang[3];

	if (store_account_language(req->db, req->who.account_id, lang) == ST_OK && lang[0])
		json_add_str(me, "language", lang);
	else
		cJSON_AddNullToObject(me, "language");
}

const struct route routes_account_settings[] = {
	{ "PUT", "/me/language", route_me_language, ROLES_ANY_USER, 0 },
	{ 0 }
};
