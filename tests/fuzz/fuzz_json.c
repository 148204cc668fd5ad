/* libFuzzer target: json_parse and the typed getters on arbitrary bytes.
 * Whatever comes in, parsing must not crash, must refuse invalid UTF-8, and
 * a parsed document must print to text that parses to an equal document. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "roster/json.h"
#include "roster/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum roster_err err = ERR_OK;
	cJSON *doc = json_parse((const char *)data, size, &err);
	if (!doc) {
		assert(err == ERR_BAD_JSON || err == ERR_BAD_UTF8);
		return 0;
	}
	assert(utf8_valid((const char *)data, size));
	assert(cJSON_IsObject(doc) || cJSON_IsArray(doc));

	cJSON *errs = cJSON_CreateObject();
	const char *s;
	int64_t i;
	bool b;
	json_get_str(doc, "name", true, &s, errs);
	json_get_int(doc, "n", false, &i, errs);
	json_get_bool(doc, "ok", false, &b, errs);
	(void)json_str_or(doc, "x", "d");
	(void)json_int_or(doc, "y", 0);

	char *text = json_print(doc);
	enum roster_err err2 = ERR_OK;
	cJSON *again = json_parse(text, strlen(text), &err2);
	assert(again);
	assert(cJSON_Compare(doc, again, 1));
	cJSON_Delete(again);
	free(text);
	cJSON_Delete(errs);
	cJSON_Delete(doc);
	return 0;
}
