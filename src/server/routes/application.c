/* The member's join application: GET/PUT /application, POST
 * /application/submit, GET /application/form.pdf. */
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/xalloc.h"
#include "offload.h"
#include "views/application.h"
#include "routes/route_util.h"
#include "service/files.h"
#include "included.h"
#include "routes/routes.h"
#include "store/applications.h"
#include "store/store.h"
#include "service/workflow.h"

/* Answer the caller's join application in full. */
static void send_join(struct req *req, struct resp *resp, int status)
{
	struct application a;
	int rc = wf_join_get(req->db, &req->who, &a);

	if (rc != ST_OK) {
		resp_error(resp, rc == ST_CONFLICT ? ERR_FORBIDDEN : ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_json(resp, status, view_application(req->db, &a, VIEW_APP_DETAIL));
	application_free(&a);
}

/* GET /application[?include=orgs,levels,form]: the catalogue pieces the
 * wizard draws are for the application's member type (included.h). */
static void route_application_get(struct req *req, struct resp *resp)
{
	struct application a;
	unsigned want;
	cJSON *o;
	int rc;

	if (!included_parse(req, resp, INC_ORGS | INC_LEVELS | INC_FORM, &want))
		return;
	if (!want) {
		send_join(req, resp, 200);
		return;
	}
	rc = wf_join_get(req->db, &req->who, &a);
	if (rc != ST_OK) {
		resp_error(resp, rc == ST_CONFLICT ? ERR_FORBIDDEN : ERR_INTERNAL, NULL, NULL);
		return;
	}
	o = view_application(req->db, &a, VIEW_APP_DETAIL);
	if (!included_add(req, o, want, a.member_type)) {
		cJSON_Delete(o);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
	} else {
		resp_json(resp, 200, o);
	}
	application_free(&a);
}

static void route_application_put(struct req *req, struct resp *resp)
{
	struct wf_out o = { 0 };

	wf_join_save(req->db, &req->who, req->json, &o);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	send_join(req, resp, 200);
}

static void route_application_submit(struct req *req, struct resp *resp)
{
	struct application a;
	struct wf_out o = { 0 };
	int rc = wf_join_get(req->db, &req->who, &a);

	if (rc != ST_OK) {
		resp_error(resp, rc == ST_CONFLICT ? ERR_FORBIDDEN : ERR_INTERNAL, NULL, NULL);
		return;
	}
	wf_submit(req->db, &req->who, a.id, &o);
	application_free(&a);
	if (o.err != ERR_OK) {
		wf_send_error(resp, &o);
		return;
	}
	send_join(req, resp, 200);
}

/* The form is drawn on the offload pool, with the pool's own connection. */
struct form_pdf_job {
	struct application a;
	unsigned char *pdf;
	size_t len;
};

static void form_pdf_job_free(void *ctx)
{
	struct form_pdf_job *j = ctx;

	application_free(&j->a);
	free(j->pdf);
	free(j);
}

static void form_pdf_render(struct db *db, void *ctx)
{
	struct form_pdf_job *j = ctx;

	j->pdf = db ? wf_form_pdf(db, &j->a, &j->len) : NULL;
}

static void form_pdf_send(struct req *req, struct resp *resp, void *ctx)
{
	struct form_pdf_job *j = ctx;

	(void)req;
	if (!j->pdf) {
		resp_error(resp, ERR_UNAVAILABLE, _("The application form could not be made."), NULL);
		return;
	}
	file_send(resp, "application/pdf", "入会申请表.pdf", j->pdf, j->len, 1);
	j->pdf = NULL;
}

static void route_application_pdf(struct req *req, struct resp *resp)
{
	struct form_pdf_job *j = xcalloc(1, sizeof *j);
	int rc = wf_join_get(req->db, &req->who, &j->a);

	if (rc != ST_OK) {
		free(j);
		resp_error(resp, rc == ST_CONFLICT ? ERR_FORBIDDEN : ERR_INTERNAL, NULL, NULL);
		return;
	}
	resp_offload(resp, form_pdf_render, form_pdf_send, j, form_pdf_job_free);
}

const struct route routes_application[] = {
	{ "GET", "/application", route_application_get, ROLE_MEMBER, 0 },
	{ "PUT", "/application", route_application_put, ROLE_MEMBER, 0 },
	{ "POST", "/application/submit", route_application_submit, ROLE_MEMBER, 0 },
	{ "GET", "/application/form.pdf", route_application_pdf, ROLE_MEMBER, 0 },
	{ 0 }
};
