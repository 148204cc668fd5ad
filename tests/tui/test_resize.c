/* Resize at any moment: below 80x24 the screen asks for more room, and
 * what was typed survives; 80x24 and larger lay out to the new size. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tui.h"

static struct test_server ts;

static int group_setup(void **state)
{
	return ts_start(&ts, NULL);
}

static int group_teardown(void **state)
{
	ts_stop(&ts);
	return 0;
}

/* The last non-empty line of the screen (the status line). */
static int last_line(struct tui *t, char *out, size_t size)
{
	char *s = tui_screen(t), *line, *save = NULL;
	int n = 0;

	out[0] = '\0';
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		n++;
		snprintf(out, size, "%s", line);
	}
	free(s);
	return n;
}

static void test_resize_keeps_state(void **state)
{
	struct tui t;
	char line[512];
	int x, y;

	assert_int_equal(tui_start(&t, &ts, NULL), 0);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "resize-me");
	TUI_WAIT(&t, "resize-me");

	tui_resize(&t, 60, 20);
	TUI_WAIT(&t, "enlarge the terminal");
	TUI_GONE(&t, "resize-me");
	tui_resize(&t, 80, 23);
	TUI_WAIT(&t, "Now 80x23.");
	tui_resize(&t, 79, 24);
	TUI_WAIT(&t, "Now 79x24.");

	/* exactly 80x24: the form is back with its text and the status line
	 * on the last row */
	tui_resize(&t, 80, 24);
	TUI_WAIT(&t, "resize-me");
	TUI_GONE(&t, "enlarge the terminal");
	last_line(&t, line, sizeof(line));
	assert_non_null(strstr(line, "Esc back"));
	assert_true(tui_cursor(&t, &x, &y));
	assert_true(y < 24 && x < 80);

	/* larger: the status line moves to the new last row */
	tui_resize(&t, 132, 43);
	{
		long long end = tui_now_ms() + TUI_TIMEOUT_MS;
		int status_row;

		do {
			char *s = tui_screen(&t), *p = s;
			int row = 0;

			status_row = -1;
			for (; *p; p++)
				if (*p == '\n')
					row++;
				else if (status_row < 0 && !strncmp(p, "Tab next field", 14))
					status_row = row;
			free(s);
			if (status_row == 42)
				break;
			tui_settle_ms(20);
		} while (tui_now_ms() < end);
		assert_int_equal(status_row, 42);
	}
	TUI_WAIT(&t, "resize-me");
	/* typing still goes into the same field */
	tui_type(&t, "-more");
	TUI_WAIT(&t, "resize-me-more");
	tui_stop(&t);
}

static void test_start_small(void **state)
{
	struct tui t;
	struct tui_opts o = { .cols = 40, .rows = 12 };

	assert_int_equal(tui_start(&t, &ts, &o), 0);
	TUI_WAIT(&t, "enlarge");
	tui_resize(&t, 100, 30);
	TUI_WAIT(&t, "Register as a new member");
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resize_keeps_state),
		cmocka_unit_test(test_start_small),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
