/* The status line's key names for the terminal at hand: on a vt100 (no
 * PgUp, PgDn or Shift-Tab in its description) each becomes the Ctrl key
 * that does the same; on xterm they stay. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <curses.h>
#include <term.h>

#include "term_keys.h"

static void use_term(const char *name)
{
	int err = 0;

	assert_int_equal(setupterm(name, 1, &err), OK);
	term_keys_init();
	/* the flags are read: the description is not needed any more */
	del_curterm(cur_term);
}

static void test_vt100_names_ctrl_keys(void **state)
{
	char out[256];

	use_term("vt100");
	assert_false(term_has_pages());
	term_keys_help("Tab next field  PgDn next step  PgUp back  F2 save  Esc leave", out,
	               sizeof(out));
	assert_string_equal(out, "Tab next field  ^F next step  ^B back  ^S save  Esc leave");
	term_keys_help("Up/Down PgUp/PgDn read  Shift-Tab back", out, sizeof(out));
	assert_string_equal(out, "Up/Down ^B/^F read  ^P back");
	/* only whole key names: F20 and "PgDnX" are not F2 and PgDn */
	term_keys_help("F20 PgDnX", out, sizeof(out));
	assert_string_equal(out, "F20 PgDnX");
	/* Chinese around the names */
	term_keys_help("PgUp：上一步  F2 暂存", out, sizeof(out));
	assert_string_equal(out, "^B：上一步  ^S 暂存");
	assert_string_equal(term_key("PgDn"), "^F");
	/* a short buffer is cut, still terminated */
	term_keys_help("PgDn next", out, 4);
	assert_string_equal(out, "^F ");
}

static void test_xterm_keeps_names(void **state)
{
	char out[256];

	use_term("xterm-256color");
	assert_true(term_has_pages());
	term_keys_help("Tab next field  PgDn next step  PgUp back  F2 save", out, sizeof(out));
	assert_string_equal(out, "Tab next field  PgDn next step  PgUp back  F2 save");
	assert_string_equal(term_key("Shift-Tab"), "Shift-Tab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vt100_names_ctrl_keys),
		cmocka_unit_test(test_xterm_keeps_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
