/* rosterd.conf parsing, --set overrides, and every key documented. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "config.h"

static const char *datadir(void)
{
	const char *d = getenv("ROSTER_DATADIR");
	return d && *d ? d : "data";
}

static char *file_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, r;
	char tmp[4096];

	if (!f)
		return NULL;
	while ((r = fread(tmp, 1, sizeof tmp, f)) > 0) {
		buf = realloc(buf, n + r + 1);
		memcpy(buf + n, tmp, r);
		n += r;
		buf[n] = '\0';
	}
	fclose(f);
	return buf;
}

static char *write_temp(const char *text)
{
	char *path = strdup("/tmp/roster-conf-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void test_example_file_loads(void **state)
{
	struct config cfg;
	char err[512], path[512];
	(void)state;

	config_defaults(&cfg);
	/* the sandbox lets dues be marked paid without money: off unless asked */
	assert_int_equal(cfg.pay_sandbox, 0);
	snprintf(path, sizeof path, "%s/rosterd.conf.example", datadir());
	if (config_load_file(&cfg, path, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(config_finish(&cfg, err, sizeof err), 0);
	assert_int_equal(cfg.port, 8470);
	assert_int_equal(cfg.json_max, 1 << 20);
	assert_int_equal(cfg.upload_max, 10 << 20);
	assert_int_equal(cfg.session_idle, 1800);
	assert_string_equal(cfg.language, "zh_CN");
	assert_int_equal(cfg.pay_sandbox, 0);
	/* derived next to the database */
	assert_string_equal(cfg.outbox_dir, "./outbox");
	assert_string_equal(cfg.key_dir, "./keys");
	config_free(&cfg);
}

static void test_values_and_overrides(void **state)
{
	struct config cfg;
	char err[512];
	(void)state;

	char *path = write_temp("# comment\n; another\n\n[server]\nport = 9000\nbase_url = https://m.example.org//\n"
	                        "[limits]\njson_max = 64K\nupload_max=2M\n[mail]\nfrom_name = \" Roster Office \"\n"
	                        "[database]\npath = /var/lib/roster/r.db\n");
	config_defaults(&cfg);
	assert_int_equal(config_load_file(&cfg, path, err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, "server.port", "0", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, "session.idle_timeout", "2", err, sizeof err), 0);
	assert_int_equal(config_finish(&cfg, err, sizeof err), 0);
	assert_int_equal(cfg.port, 0);
	assert_int_equal(cfg.json_max, 64 * 1024);
	assert_int_equal(cfg.upload_max, 2 << 20);
	assert_int_equal(cfg.session_idle, 2);
	assert_string_equal(cfg.mail_from_name, " Roster Office ");
	assert_string_equal(cfg.base_url, "https://m.example.org");
	assert_string_equal(cfg.outbox_dir, "/var/lib/roster/outbox");
	config_free(&cfg);
	unlink(path);
	free(path);
}

static void test_bad_input_refused(void **state)
{
	struct config cfg;
	char err[512];
	static const char *bad[] = {
		"[server]\nport = 70000\n",
		"[server]\nport = eighty\n",
		"[server]\nnope = 1\n",
		"[nowhere]\nport = 1\n",
		"[server\nport = 1\n",
		"[server]\njust words\n",
		"[limits]\njson_max = 12Q\n",
		"[limits]\njson_max = -5\n",
	};
	(void)state;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *path = write_temp(bad[i]);
		config_defaults(&cfg);
		err[0] = '\0';
		assert_int_equal(config_load_file(&cfg, path, err, sizeof err), -1);
		/* the message names the file and line */
		assert_non_null(strstr(err, path));
		config_free(&cfg);
		unlink(path);
		free(path);
	}
	config_defaults(&cfg);
	assert_int_equal(config_set(&cfg, "port", "1", err, sizeof err), -1);
	assert_int_equal(config_set(&cfg, "server.nope", "1", err, sizeof err), -1);
	assert_int_equal(config_load_file(&cfg, "/nonexistent/rosterd.conf", err, sizeof err), -1);
	/* an absolute timeout shorter than the idle one makes no sense */
	assert_int_equal(config_set(&cfg, "session.absolute_timeout", "10", err, sizeof err), 0);
	assert_int_equal(config_finish(&cfg, err, sizeof err), -1);
	config_free(&cfg);
}

/* Each key of the table is in rosterd.conf(5) under its section and in the
 * example file. */
static void test_every_key_documented(void **state)
{
	char path[512];
	const char *section, *name;
	int missing = 0;
	(void)state;

	snprintf(path, sizeof path, "%s/../man/rosterd.conf.5", datadir());
	char *man = file_read(path);
	snprintf(path, sizeof path, "%s/rosterd.conf.example", datadir());
	char *example = file_read(path);
	assert_non_null(man);
	assert_non_null(example);
	for (size_t i = 0; config_key_at(i, &section, &name); i++) {
		char sec[64], key[128], ex[128];
		snprintf(sec, sizeof sec, ".SH \"[%s]\"", section);
		const char *s = strstr(man, sec);
		const char *next = s ? strstr(s + 1, ".SH ") : NULL;
		snprintf(key, sizeof key, "\n.B %s\n", name);
		const char *k = s ? strstr(s, key) : NULL;
		if (!k || (next && k > next)) {
			fprintf(stderr, "rosterd.conf(5) lacks %s.%s\n", section, name);
			missing++;
		}
		snprintf(ex, sizeof ex, "%s = ", name);
		if (!strstr(example, ex)) {
			fprintf(stderr, "rosterd.conf.example lacks %s.%s\n", section, name);
			missing++;
		}
	}
	free(man);
	free(example);
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_file_loads),
		cmocka_unit_test(test_values_and_overrides),
		cmocka_unit_test(test_bad_input_refused),
		cmocka_unit_test(test_every_key_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
