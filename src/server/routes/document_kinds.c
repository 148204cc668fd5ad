/* The kinds of document this association issues for an order (我的票据),
 * so a client offers only those:
 *
 *	GET /document-kinds   {"items":[{"code","name_zh","name_en","fapiao"}],
 *	                       "default":"dues_receipt"}
 *
 * dues_receipt is the 社会团体会费统一收据 (the electronic financial receipt
 * a 社会团体 issues for dues from the provincial 财政票据 system; payer a
 * person or a unit with its unified social credit code); normal and special
 * are VAT fapiao (普票, 专票). Which are offered is documents.kinds in
 * rosterd.conf; documents.default_kind is asked for when a request names
 * none. */
#include <string.h>
#include "roster/json.h"
#include "config.h"
#include "routes/routes.h"
#include "server.h"

static const struct {
	const char *code, *zh, *en;
	bool fapiao;
} kinds[] = {
	{ "dues_receipt", "社会团体会费统一收据", "Membership dues receipt (financial receipt)", false },
	{ "normal", "增值税普通发票", "VAT invoice (normal)", true },
	{ "special", "增值税专用发票", "VAT invoice (special)", true },
};

static void route_document_kinds(struct req *req, struct resp *resp)
{
	cJSON *out = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(out, "items");
	(void)req;

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		cJSON *k;
		if (!config_list_has(g_cfg->doc_kinds, kinds[i].code))
			continue;
		k = cJSON_CreateObject();
		json_add_str(k, "code", kinds[i].code);
		json_add_str(k, "name_zh", kinds[i].zh);
		json_add_str(k, "name_en", kinds[i].en);
		json_add_bool(k, "fapiao", kinds[i].fapiao);
		cJSON_AddItemToArray(items, k);
	}
	json_add_str(out, "default", g_cfg->doc_default);
	resp_json(resp, 200, out);
}

const struct route routes_document_kinds[] = {
	{ "GET", "/document-kinds", route_document_kinds, ROLES_ANY_USER, 0 },
	{ 0 }
};
