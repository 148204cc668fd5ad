/* GET /healthz: the process answers and its database can be read. */
#include "roster/json.h"
#include "routes/routes.h"
#include "store/store.h"

static void route_health_get(struct req *req, struct resp *resp)
{
	int v = store_schema_version(req->db);
	cJSON *o = cJSON_CreateObject();

	json_add_str(o, "status", v > 0 ? "ok" : "degraded");
	json_add_str(o, "version", ROSTER_VERSION);
	json_add_int(o, "schema", v);
	resp_json(resp, v > 0 ? 200 : 503, o);
	resp->no_etag = true;
	resp_header(resp, "Cache-Control", "no-store");
}

const struct route routes_health[] = {
	{ "GET", "/healthz", route_health_get, 0, ROUTE_RAW },
	{ 0 }
};
