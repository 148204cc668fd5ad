/* Attachments of the join application: POST /application/attachments
 * (multipart, field "file"), GET and DELETE /application/attachments/{id}.
 * Staff who may see the application download its attachments through the
 * same GET. */
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "routes/route_util.h"
#include "service/files.h"
#include "routes/routes.h"
#include "store/applications.h"
#include "store/attachments.h"
#include "store/store.h"
#include "service/workflow.h"

static cJSON *attachment_json(const struct attachment *a)
{
	cJSON *o = cJSON_CreateObject();

	json_add_int(o, "id", a->id);
	json_add_int(o, "application_id", a->application_id);
	json_add_str(o, "name", a->name);
	json_add_str(o, "content_type", a->content_type);
	json_add_int(o, "size", a->size);
	json_add_str(o, "sha256", a->sha256);
	json_add_int(o, "created_at", a->created_at);
	return o;
}

static void route_attachment_add(struct req *req, struct resp *resp)
{
	const struct upload *u = req_upload(req, "file");
	struct application a;
	struct attachment att;
	struct wf_out o = { 0 };
	int rc;

	if (!u) {
		cJSON *f = cJSON_CreateObject();
		json_add_str(f, "file", _("Choose a file to upload."));
		resp_error(resp, ERR_VALIDATION, NULL, f);
		return;
	}
	rc = wf_join_get(req->db, &req->who, &a);
	if (rc != ST_OK) {
		resp_error(resp, rc == ST_CONFLICT ? ERR_FORBIDDEN : ERR_INTERNAL, NULL, NULL);
		return;
	}
	wf_attach(req->db, req->who.account_id, a.id, u->filename, u->data, u->len, &o);
	application_free(&a);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	if (store_attachment_get(req->db, o.id, 0, &att) != ST_OK) {
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, 201, attachment_json(&att));
	attachment_free(&att);
}

static void route_attachment_get(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	struct attachment att;
	struct application a;
	bool ok;

	if (id < 0 || store_attachment_get(req->db, id, 1, &att) != ST_OK) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	ok = store_application_get(req->db, att.application_id, &a) == ST_OK;
	if (!ok || !wf_visible(&req->who, &a)) {
		if (ok)
			application_free(&a);
		attachment_free(&att);
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	application_free(&a);
	file_send(resp, att.content_type, att.name, att.data, (size_t)att.size, 1);
	att.data = NULL;   /* the response owns it now */
	/* uploads never change, so a client may keep them */
	resp_header(resp, "Cache-Control", "private, max-age=86400");
	attachment_free(&att);
}

static void route_attachment_delete(struct req *req, struct resp *resp)
{
	int64_t id = req_param_id(req, 0);
	struct wf_out o = { 0 };
	cJSON *j;

	if (id < 0) {
		resp_error(resp, ERR_NOT_FOUND, NULL, NULL);
		return;
	}
	wf_detach(req->db, req->who.account_id, id, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	j = cJSON_CreateObject();
	json_add_int(j, "id", id);
	json_add_bool(j, "deleted", true);
	resp_json(resp, 200, j);
}

const struct route routes_attachments[] = {
	{ "POST", "/application/attachments", route_attachment_add, ROLE_MEMBER, ROUTE_UPLOAD },
	{ "GET", "/application/attachments/{id}", route_attachment_get, ROLES_ANY_USER, 0 },
	{ "DELETE", "/application/attachments/{id}", route_attachment_delete, ROLE_MEMBER, 0 },
	{ 0 }
};
