/* Small pieces several route groups share. */
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "pay/pay.h"
#include "routes/route_util.h"
#include "route.h"
#include "server.h"
#include "store/store.h"
#include "service/files.h"
#include "service/workflow.h"

bool route_in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

int64_t route_caller_scope(const struct req *req)
{
	return req->who.role == ROLE_BRANCH_STAFF ? req->who.org_id : 0;
}

void route_query_year(const struct req *req, cJSON *errs, int *year)
{
	const char *v = req_query(req, "year");
	char *end;
	long y;

	if (!v || !*v)
		return;
	y = strtol(v, &end, 10);
	if (*end || y < 2000 || y > 2200)
		json_add_str(errs, "year", _("Not a year."));
	else
		*year = (int)y;
}

const char *route_line_problem(const char *s, size_t max)
{
	if (utf8_chars(s) > max)
		return _("Too long.");
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return _("Contains characters that are not allowed.");
	return NULL;
}

char *route_base_url(const struct req *req)
{
	const char *host;

	if (g_cfg && g_cfg->base_url && *g_cfg->base_url)
		return xstrdup(g_cfg->base_url);
	host = req ? req_header(req, "Host") : NULL;
	/* a Host header is only trusted to be a host name (and port) */
	if (host && *host && strlen(host) < 256 && !strpbrk(host, "/\\ \"'<>@?#"))
		return xasprintf("http://%s", host);
	return xasprintf("http://%s:%d", g_cfg && g_cfg->listen ? g_cfg->listen : "127.0.0.1",
	                 g_cfg ? g_cfg->port : 8470);
}

bool route_my_order(struct req *req, struct resp *resp, struct order *o)
{
	int rc = pay_order_of(req->db, req->who.account_id, req_param_id(req, 0), o);

	if (rc != ST_OK) {
		resp_error(resp, rc == ST_NOTFOUND ? ERR_NOT_FOUND : ERR_INTERNAL, NULL, NULL);
		return false;
	}
	return true;
}

void route_send_attachment(struct resp *resp, const char *content_type, void *data,
                           size_t len, const char *filename)
{
	char *disp = xasprintf("attachment; filename=\"%s\"", filename);

	resp_bytes(resp, 200, content_type, data, len, true);
	resp_header(resp, "Content-Disposition", disp);
	free(disp);
}

void wf_send_error(struct resp *resp, struct wf_out *o)
{
	cJSON *f = o->fields;

	o->fields = NULL;
	if (o->err == ERR_VALIDATION && f) {
		resp_error(resp, ERR_VALIDATION, o->msg, f);
		return;
	}
	cJSON_Delete(f);
	resp_error(resp, o->err == ERR_OK ? ERR_INTERNAL : o->err, o->msg, NULL);
}

void file_send(struct resp *resp, const char *content_type, const char *name,
               void *data, size_t len, int owned)
{
	char *cd = file_disposition(name);

	resp_bytes(resp, 200, content_type, data, len, owned != 0);
	resp_header(resp, "Content-Disposition", cd);
	resp->no_gzip = true;
	free(cd);
}
