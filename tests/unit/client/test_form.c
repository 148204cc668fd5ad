/* Form state without a terminal: building from a schema, checks as a field
 * is left, server errors on fields, JSON out and in, secrets wiped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curses.h>

#include "app.h"
#include "widgets/form.h"

static void type(struct form *fm, const char *s)
{
	struct form_field *f = &fm->f[fm->focus];

	edit_insert_utf8(&f->edit, s);
}

static const char *schema_json =
	"{\"sections\":[{\"title\":{\"zh_CN\":\"基本信息\",\"en\":\"Basics\"},\"fields\":["
	"{\"name\":\"name\",\"label\":{\"zh_CN\":\"姓名\",\"en\":\"Name\"},\"type\":\"text\","
	" \"required\":true,\"max_length\":4},"
	"{\"name\":\"gender\",\"label\":\"Gender\",\"type\":\"select\",\"required\":true,"
	" \"options\":[{\"value\":\"m\",\"label\":{\"en\":\"Male\",\"zh_CN\":\"男\"}},"
	"              {\"value\":\"f\",\"label\":{\"en\":\"Female\",\"zh_CN\":\"女\"}}]},"
	"{\"name\":\"birth\",\"label\":\"Birth date\",\"type\":\"date\"},"
	"{\"name\":\"email\",\"label\":\"E-mail\",\"type\":\"text\",\"validator\":\"email\"}"
	"]}]}";

static void test_schema(void **state)
{
	struct form fm;
	cJSON *schema = cJSON_Parse(schema_json);
	struct form_field *f;

	form_init(&fm);
	assert_int_equal(form_from_schema(&fm, schema, "zh_CN"), 5);
	assert_int_equal(fm.f[0].type, FT_HEADING);
	assert_string_equal(fm.f[0].label, "基本信息");
	/* the heading is never focused */
	assert_int_equal(fm.focus, 1);
	f = form_field(&fm, "name");
	assert_non_null(f);
	assert_string_equal(f->label, "姓名");
	assert_true(f->flags & FF_REQUIRED);
	assert_int_equal(f->edit.max, 4);
	f = form_field(&fm, "gender");
	assert_int_equal(f->type, FT_SELECT);
	assert_int_equal(f->nopts, 2);
	assert_string_equal(f->opts[1].label, "女");
	assert_int_equal(f->sel, -1); /* no choice is made for the member */
	f = form_field(&fm, "birth");
	assert_string_equal(f->validator, "date");
	form_free(&fm);
	cJSON_Delete(schema);
}

/* The form the server really serves (data/catalogue/forms): labels in the
 * asked language and the length limits of max_len. */
static void test_shipped_schema(void **state)
{
	const char *dir = getenv("ROSTER_DATADIR");
	char path[4096];
	struct form fm;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/catalogue/forms/individual.json", dir);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char *buf = calloc(1, 1 << 20);
	size_t n = fread(buf, 1, (1 << 20) - 1, fp);
	fclose(fp);
	assert_true(n > 0);
	cJSON *schema = cJSON_Parse(buf);
	free(buf);
	assert_non_null(schema);

	/* every field with a max_len in the file gets that limit */
	form_init(&fm);
	assert_true(form_from_schema(&fm, schema, "zh_CN") > 0);
	int limited = 0;
	const cJSON *sec, *fld;
	cJSON_ArrayForEach(sec, cJSON_GetObjectItem(schema, "sections")) {
		cJSON_ArrayForEach(fld, cJSON_GetObjectItem(sec, "fields")) {
			const cJSON *ml = cJSON_GetObjectItem(fld, "max_len");
			const char *name = cJSON_GetObjectItem(fld, "name")->valuestring;
			struct form_field *f = form_field(&fm, name);
			assert_non_null(f);
			assert_string_equal(f->label, cJSON_GetObjectItem(fld, "label_zh")->valuestring);
			if (cJSON_IsNumber(ml) && f->type != FT_SELECT) {
				assert_int_equal(f->edit.max, ml->valueint);
				limited++;
			}
		}
	}
	assert_true(limited > 3);
	form_free(&fm);
	cJSON_Delete(schema);
}

static void test_check_on_leaving(void **state)
{
	struct form fm;
	cJSON *schema = cJSON_Parse(schema_json);

	form_init(&fm);
	form_from_schema(&fm, schema, "en");
	/* leaving an empty required field marks it */
	assert_int_equal(form_key(&fm, '\t'), FORM_HANDLED);
	assert_non_null(form_field(&fm, "name")->error);
	/* the select starts unchosen; Right picks the first option, then the next */
	assert_int_equal(form_field(&fm, "gender")->sel, -1);
	assert_int_equal(form_key(&fm, KF(KEY_RIGHT)), FORM_HANDLED);
	assert_int_equal(form_field(&fm, "gender")->sel, 0);
	assert_int_equal(form_key(&fm, KF(KEY_RIGHT)), FORM_HANDLED);
	assert_int_equal(form_field(&fm, "gender")->sel, 1);
	form_key(&fm, '\t');
	type(&fm, "2023-02-30");
	form_key(&fm, '\t');
	assert_non_null(form_field(&fm, "birth")->error);
	type(&fm, "not-an-address");
	form_key(&fm, KF(KEY_UP)); /* leaving upwards checks too */
	assert_non_null(form_field(&fm, "email")->error);
	/* typing clears the mark until the field is left again */
	form_key(&fm, KEY_CTRL('u'));
	type(&fm, "1990-05-17");
	form_key(&fm, 'x');
	assert_null(form_field(&fm, "birth")->error);
	form_free(&fm);
	cJSON_Delete(schema);
}

static void test_validate_json_roundtrip(void **state)
{
	struct form fm;
	cJSON *schema = cJSON_Parse(schema_json), *out, *in;
	char *name;

	form_init(&fm);
	form_from_schema(&fm, schema, "en");
	/* nothing chosen for the member: the required choice is missing too */
	assert_int_equal(form_validate(&fm), 2);
	assert_string_equal(fm.f[fm.focus].name, "name");
	type(&fm, "张三丰");
	assert_int_equal(form_validate(&fm), 1);
	form_field(&fm, "gender")->sel = 0;
	assert_int_equal(form_validate(&fm), 0);
	out = form_to_json(&fm, true);
	assert_string_equal(cJSON_GetObjectItem(out, "name")->valuestring, "张三丰");
	assert_string_equal(cJSON_GetObjectItem(out, "gender")->valuestring, "m");
	assert_null(cJSON_GetObjectItem(out, "birth")); /* empty: left out */
	cJSON_Delete(out);

	in = cJSON_Parse("{\"name\":\"李四\",\"gender\":\"f\",\"email\":\"li@example.com\"}");
	form_fill(&fm, in);
	name = form_value(&fm, "name");
	assert_string_equal(name, "李四");
	free(name);
	assert_int_equal(form_field(&fm, "gender")->sel, 1);
	cJSON_Delete(in);
	form_free(&fm);
	cJSON_Delete(schema);
}

static void test_server_errors_and_secrets(void **state)
{
	struct form fm;
	struct form_field *f;
	cJSON *fields;
	char *pw;

	form_init(&fm);
	form_add(&fm, FT_TEXT, "username", "Username", FF_REQUIRED, 32, "username");
	form_add(&fm, FT_PASSWORD, "password", "Password", FF_REQUIRED, 128, NULL);
	f = form_add(&fm, FT_PASSWORD, "password2", "Again", FF_REQUIRED, 128, NULL);
	f->same_as = strdup("password");
	form_add(&fm, FT_BUTTON, "submit", "Go", 0, 0, NULL);
	type(&fm, "alice");
	form_key(&fm, '\t');
	type(&fm, "secret-one");
	form_key(&fm, '\t');
	type(&fm, "secret-two");
	/* Enter on the last input presses the first button */
	assert_int_equal(form_key(&fm, '\r'), FORM_ACTION);
	assert_string_equal(fm.action, "submit");
	assert_non_null(form_field(&fm, "password2")->error);

	fields = cJSON_Parse("{\"username\":\"taken\",\"nosuch\":\"x\"}");
	assert_int_equal(form_set_server_errors(&fm, fields), 1);
	assert_string_equal(form_field(&fm, "username")->error, "taken");
	assert_string_equal(fm.f[fm.focus].name, "username");
	cJSON_Delete(fields);

	form_wipe_secrets(&fm);
	pw = form_value(&fm, "password");
	assert_string_equal(pw, "");
	free(pw);
	pw = form_value(&fm, "username");
	assert_string_equal(pw, "alice");
	free(pw);
	form_free(&fm);
}

/* A "textarea" field of the schema is multi-line: Enter and a pasted line
 * break are text, Up/Down move inside it and leave it from its first or
 * last line, and the value keeps the line breaks both ways. */
static void test_multi_line_field(void **state)
{
	cJSON *schema = cJSON_Parse(
		"{\"fields\":[{\"name\":\"name\",\"label\":\"Name\",\"type\":\"text\"},"
		"{\"name\":\"resume\",\"label\":\"About you\",\"type\":\"textarea\",\"max_len\":1000},"
		"{\"name\":\"city\",\"label\":\"City\"}]}");
	struct form fm;
	char *v;

	(void)state;
	form_init(&fm);
	assert_int_equal(form_from_schema(&fm, schema, "en"), 3);
	assert_int_equal(form_field(&fm, "resume")->type, FT_AREA);
	assert_true(form_focus(&fm, "resume"));
	assert_int_equal(form_key(&fm, 0x4e00), FORM_HANDLED);      /* 一 */
	assert_int_equal(form_key(&fm, '\r'), FORM_HANDLED);        /* a line break, not the next field */
	assert_int_equal(form_key(&fm, 0x4e8c), FORM_HANDLED);      /* 二 */
	assert_int_equal(form_key(&fm, KEY_PASTE_NL), FORM_HANDLED);
	assert_int_equal(form_key(&fm, 0x4e09), FORM_HANDLED);      /* 三 */
	assert_string_equal(fm.f[fm.focus].name, "resume");
	v = form_value(&fm, "resume");
	assert_string_equal(v, "一\n二\n三");
	free(v);
	/* Up twice stays inside; the third Up leaves for the field above */
	assert_int_equal(form_key(&fm, KF(KEY_UP)), FORM_HANDLED);
	assert_int_equal(form_key(&fm, KF(KEY_UP)), FORM_HANDLED);
	assert_string_equal(fm.f[fm.focus].name, "resume");
	assert_int_equal(form_key(&fm, KF(KEY_UP)), FORM_HANDLED);
	assert_string_equal(fm.f[fm.focus].name, "name");
	/* a one-line field takes no pasted line break */
	assert_int_equal(form_key(&fm, KEY_PASTE_NL), FORM_IGNORED);
	/* a saved draft comes back with its lines */
	form_set_value(&fm, "resume", "第一段\n第二段");
	v = form_value(&fm, "resume");
	assert_string_equal(v, "第一段\n第二段");
	free(v);
	form_free(&fm);
	cJSON_Delete(schema);
}

/* A choice starts unchosen, even a required one with options, and is
 * refused so on checking; a field at its limit refuses more and says so. */
static void test_unchosen_and_limit(void **state)
{
	struct form fm;
	struct form_field *f;
	char *v;
	int i;

	form_init(&fm);
	f = form_add(&fm, FT_SELECT, "kind", "Kind", FF_REQUIRED, 0, NULL);
	form_add_option(f, "a", "A");
	form_add_option(f, "b", "B");
	form_add(&fm, FT_TEXT, "addr", "Address", 0, 5, NULL);
	v = form_value(&fm, "kind");
	assert_string_equal(v, "");
	free(v);
	assert_int_equal(form_validate(&fm), 1);
	assert_string_equal(form_field(&fm, "kind")->error, "Please choose one.");
	assert_int_equal(form_key(&fm, KF(KEY_RIGHT)), FORM_HANDLED);
	v = form_value(&fm, "kind");
	assert_string_equal(v, "a");
	free(v);

	assert_int_equal(form_key(&fm, '\t'), FORM_HANDLED);
	for (i = 0; i < 5; i++)
		assert_int_equal(form_key(&fm, 'x'), FORM_HANDLED);
	assert_null(form_field(&fm, "addr")->error);
	assert_int_equal(form_key(&fm, 'y'), FORM_HANDLED);
	assert_non_null(form_field(&fm, "addr")->error);
	assert_non_null(strstr(form_field(&fm, "addr")->error, "At most 5 characters"));
	v = form_value(&fm, "addr");
	assert_string_equal(v, "xxxxx");
	free(v);
	/* deleting is fixing: the note goes */
	assert_int_equal(form_key(&fm, 127), FORM_HANDLED);
	assert_null(form_field(&fm, "addr")->error);
	form_free(&fm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_shipped_schema),
		cmocka_unit_test(test_check_on_leaving),
		cmocka_unit_test(test_validate_json_roundtrip),
		cmocka_unit_test(test_server_errors_and_secrets),
		cmocka_unit_test(test_multi_line_field),
		cmocka_unit_test(test_unchosen_and_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
