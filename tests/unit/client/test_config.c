/* Settings: defaults, the config file, ROSTER_SERVER and the command line
 * in that order; bad lines and values are refused with exit status 2. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"

static char path[64];

static void write_config(const char *text)
{
	FILE *f;

	strcpy(path, "/tmp/roster-config-XXXXXX");
	assert_true(mkstemp(path) >= 0);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static enum config_action load(struct config *cfg, int argc, const char **argv)
{
	return config_load(cfg, argc, (char **)argv);
}

static void test_defaults(void **state)
{
	struct config cfg;
	const char *argv[] = { "roster", "--config", "/nonexistent/roster.conf", NULL };

	unsetenv("ROSTER_SERVER");
	assert_int_equal(load(&cfg, 3, argv), CFG_RUN);
	assert_string_equal(cfg.server, ROSTER_DEFAULT_SERVER);
	assert_false(cfg.kiosk);
	assert_int_equal(cfg.kiosk_idle, 120);
	/* a kiosk saves no documents unless told */
	assert_false(cfg.kiosk_save_local);
	assert_null(cfg.lang);
	config_free(&cfg);
}

static void test_file_env_flags_order(void **state)
{
	struct config cfg;
	const char *argv1[] = { "roster", "-c", path, NULL };
	const char *argv2[] = { "roster", "-c", path, "--server", "https://flag.example/", NULL };

	write_config("# comment\n server = http://file.example:1 \nkiosk = yes\n"
	             "kiosk_idle = 30\nlang = zh_CN\ncafile = /etc/ca.pem\nkiosk_save_local = yes\n\n");
	unsetenv("ROSTER_SERVER");
	assert_int_equal(load(&cfg, 3, argv1), CFG_RUN);
	assert_string_equal(cfg.server, "http://file.example:1");
	assert_true(cfg.kiosk);
	assert_int_equal(cfg.kiosk_idle, 30);
	assert_true(cfg.kiosk_save_local);
	assert_string_equal(cfg.lang, "zh_CN");
	assert_string_equal(cfg.cafile, "/etc/ca.pem");
	config_free(&cfg);

	setenv("ROSTER_SERVER", "http://env.example:2", 1);
	assert_int_equal(load(&cfg, 3, argv1), CFG_RUN);
	assert_string_equal(cfg.server, "http://env.example:2");
	config_free(&cfg);

	/* the flag wins, and a trailing slash is dropped */
	assert_int_equal(load(&cfg, 5, argv2), CFG_RUN);
	assert_string_equal(cfg.server, "https://flag.example");
	config_free(&cfg);
	unsetenv("ROSTER_SERVER");
	unlink(path);
}

static void test_bad_input(void **state)
{
	struct config cfg;
	const char *bad_lang[] = { "roster", "-c", "/nonexistent", "--lang", "fr", NULL };
	const char *bad_idle[] = { "roster", "-c", "/nonexistent", "--kiosk-idle", "0", NULL };
	const char *bad_url[] = { "roster", "-c", "/nonexistent", "--server", "ftp://x", NULL };
	const char *extra[] = { "roster", "-c", "/nonexistent", "stray", NULL };
	const char *file[] = { "roster", "-c", path, NULL };
	const char *help[] = { "roster", "--help", NULL };

	assert_int_equal(load(&cfg, 5, bad_lang), CFG_ERROR);
	config_free(&cfg);
	assert_int_equal(load(&cfg, 5, bad_idle), CFG_ERROR);
	config_free(&cfg);
	assert_int_equal(load(&cfg, 5, bad_url), CFG_ERROR);
	config_free(&cfg);
	assert_int_equal(load(&cfg, 4, extra), CFG_ERROR);
	config_free(&cfg);
	write_config("colour = maybe\n");
	assert_int_equal(load(&cfg, 3, file), CFG_ERROR);
	config_free(&cfg);
	unlink(path);
	write_config("just words\n");
	assert_int_equal(load(&cfg, 3, file), CFG_ERROR);
	config_free(&cfg);
	unlink(path);
	assert_int_equal(load(&cfg, 2, help), CFG_HELP);
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_file_env_flags_order),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
