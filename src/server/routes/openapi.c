/* GET /api/v1/openapi.json: the OpenAPI document, merged once from the
 * parts in <data_dir>/openapi/NN-part.json (one per route group, so each group
 * documents its own routes) and then served from memory. Each part is an
 * object whose "paths", "components.schemas" and "tags" are merged into the
 * first part (00-base.json), which holds "openapi" and "info". */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "log.h"
#include "routes/routes.h"
#include "server.h"

static char *doc_text;            /* NULL when the parts could not be read */
static pthread_once_t doc_once = PTHREAD_ONCE_INIT;

static char *file_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 > cap) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void merge_members(cJSON *into, const cJSON *from)
{
	const cJSON *it;

	if (!from)
		return;
	cJSON_ArrayForEach(it, from) {
		cJSON_DeleteItemFromObjectCaseSensitive(into, it->string);
		cJSON_AddItemToObject(into, it->string, cJSON_Duplicate(it, 1));
	}
}

static cJSON *obj_child(cJSON *parent, const char *key)
{
	cJSON *o = cJSON_GetObjectItemCaseSensitive(parent, key);

	if (!cJSON_IsObject(o)) {
		cJSON_DeleteItemFromObjectCaseSensitive(parent, key);
		o = cJSON_AddObjectToObject(parent, key);
	}
	return o;
}

cJSON *openapi_build(const char *data_dir)
{
	char *dir = xasprintf("%s/openapi", data_dir);
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	cJSON *doc = NULL;

	if (!d) {
		log_error("openapi: cannot read %s", dir);
		free(dir);
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 6 || strcmp(e->d_name + l - 5, ".json") != 0 || e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof *names);
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		size_t len = 0;
		char *text = file_read(path, &len);
		enum roster_err err;
		cJSON *part = text ? json_parse(text, len, &err) : NULL;

		free(text);
		if (!cJSON_IsObject(part)) {
			log_error("openapi: %s is not a JSON object", path);
			cJSON_Delete(part);
			cJSON_Delete(doc);
			doc = NULL;
			free(path);
			for (size_t j = i; j < n; j++)
				free(names[j]);
			goto out;
		}
		free(path);
		if (!doc) {
			doc = part;
		} else {
			cJSON *comp = obj_child(doc, "components");
			cJSON *pc = cJSON_GetObjectItemCaseSensitive(part, "components");
			merge_members(obj_child(doc, "paths"), cJSON_GetObjectItemCaseSensitive(part, "paths"));
			merge_members(obj_child(comp, "schemas"), cJSON_GetObjectItemCaseSensitive(pc, "schemas"));
			merge_members(obj_child(comp, "responses"), cJSON_GetObjectItemCaseSensitive(pc, "responses"));
			cJSON *tags = cJSON_GetObjectItemCaseSensitive(part, "tags");
			if (cJSON_IsArray(tags)) {
				cJSON *dt = cJSON_GetObjectItemCaseSensitive(doc, "tags");
				if (!cJSON_IsArray(dt))
					dt = cJSON_AddArrayToObject(doc, "tags");
				const cJSON *t;
				cJSON_ArrayForEach(t, tags)
					cJSON_AddItemToArray(dt, cJSON_Duplicate(t, 1));
			}
			cJSON_Delete(part);
		}
		free(names[i]);
	}
out:
	free(names);
	free(dir);
	return doc;
}

static void doc_load(void)
{
	cJSON *doc = openapi_build(g_cfg->data_dir);
	cJSON *servers;

	if (!doc)
		return;
	/* tell clients where this server is */
	cJSON_DeleteItemFromObjectCaseSensitive(doc, "servers");
	servers = cJSON_AddArrayToObject(doc, "servers");
	cJSON *s = cJSON_CreateObject();
	char *url = xasprintf("%s/api/v1", g_cfg->base_url ? g_cfg->base_url : "");
	json_add_str(s, "url", url);
	free(url);
	cJSON_AddItemToArray(servers, s);
	doc_text = json_print(doc);
	cJSON_Delete(doc);
}

static void route_openapi_get(struct req *req, struct resp *resp)
{
	(void)req;
	pthread_once(&doc_once, doc_load);
	if (!doc_text) {
		resp_error(resp, ERR_UNAVAILABLE, NULL, NULL);
		return;
	}
	resp_bytes(resp, 200, "application/json; charset=utf-8", doc_text, strlen(doc_text), false);
}

const struct route routes_openapi[] = {
	{ "GET", "/openapi.json", route_openapi_get, 0, 0 },
	{ 0 }
};
