/* 消息中心: GET /messages (unread first, paginated; ?unread=1 for unread
 * only), POST /messages/{id}/read, POST /messages/read-all. */
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "routes/routes.h"
#include "store/messages.h"
#include "store/store.h"

static cJSON *message_json(const struct message *m)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", m->id);
	json_add_str(o, "kind", m->kind);
	json_add_str(o, "title_zh", m->title_zh);
	json_add_str(o, "title_en", m->title_en);
	json_add_str(o, "body_zh", m->body_zh);
	json_add_str(o, "body_en", m->body_en);
	json_add_str(o, "ref_type", m->ref_type);
	if (m->ref_id)
		json_add_int(o, "ref_id", m->ref_id);
	else
		cJSON_AddNullToObject(o, "ref_id");
	json_add_int(o, "created_at", m->created_at);
	json_add_bool(o, "read", m->read_at != 0);
	if (m->read_at)
		json_add_int(o, "read_at", m->read_at);
	else
		cJSON_AddNullToObject(o, "read_at");
	return o;
}

static void route_messages_list(struct req *req, struct resp *resp)
{
	const char *u = req_query(req, "unread");
	bool unread_only = u && (strcmp(u, "1") == 0 || strcmp(u, "true") == 0);
	struct message *v;
	size_t n;
	int64_t total, unread;
	int page, per_page;
	cJSON *items, *o;

	req_page(req, &page, &per_page);
	if (store_message_list(req->db, req->who.account_id, unread_only,
	                       (page - 1) * per_page, per_page, &v, &n, &total) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	items = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(items, message_json(&v[i]));
	messages_free(v, n);
	unread = store_message_unread(req->db, req->who.account_id);
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", items);
	json_add_int(o, "total", total);
	json_add_int(o, "page", page);
	json_add_int(o, "per_page", per_page);
	json_add_int(o, "unread", unread > 0 ? unread : 0);
	resp_json(resp, 200, o);
}

static void route_messages_read(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0), unread;
	struct message m;
	cJSON *o;
	int rc = id < 0 ? ST_NOTFOUND : store_message_read(req->db, req->who.account_id, id);

	if (rc != ST_OK) {
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return;
	}
	if (store_message_get(req->db, req->who.account_id, id, &m) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	o = message_json(&m);
	message_free(&m);
	unread = store_message_unread(req->db, req->who.account_id);
	json_add_int(o, "unread", unread > 0 ? unread : 0);
	resp_json(resp, 200, o);
}

static void route_messages_read_all(struct req *req, struct resp *resp)
{
	int count;
	cJSON *o;

	if (store_message_read_all(req->db, req->who.account_id, &count) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	o = cJSON_CreateObject();
	json_add_int(o, "marked", count);
	json_add_int(o, "unread", 0);
	resp_json(resp, 200, o);
}

const struct route routes_messages[] = {
	{ "GET", "/messages", route_messages_list, ROLES_ANY_USER, 0 },
	{ "POST", "/messages/{id}/read", route_messages_read, ROLES_ANY_USER, 0 },
	{ "POST", "/messages/read-all", route_messages_read_all, ROLES_ANY_USER, 0 },
	{ 0 }
};
