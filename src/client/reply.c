/* Reading the server's replies (reply.h). */
#include <stdio.h>

#include "reply.h"
#include "roster/err.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

const char *json_s(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

long long json_ll(const cJSON *obj, const char *key, long long dflt)
{
	const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;

	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long long)v->valuedouble)
		return dflt;
	return (long long)v->valuedouble;
}

const char *json_text(const cJSON *obj, const char *key, char buf[32])
{
	return json_value_text(cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key)
	                                           : NULL, buf);
}

const char *json_value_text(const cJSON *v, char buf[32])
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		snprintf(buf, 32, "%.0f", v->valuedouble);
		return buf;
	}
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? _("yes") : _("no");
	return "";
}

char *reply_error_text(const struct api_reply *r)
{
	if (r->server_message && *r->server_message)
		return xstrdup(r->server_message);
	return xstrdup(r->message ? r->message : _(err_message(ERR_BAD_REPLY)));
}

bool reply_session_gone(struct screen *s, const struct api_reply *r)
{
	if (r->err != ERR_SESSION_EXPIRED && r->err != ERR_UNAUTHORIZED)
		return false;
	app_reply_error(s, r);
	return true;
}
