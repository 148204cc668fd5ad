/* Spinner for waits (progress.h): drawn by the status line or a screen
 * while a request is out; it needs the screen's tick to turn. */
#include <curses.h>

#include "ui.h"
#include "widgets/progress.h"

const char *spinner_frame(int64_t now_ms)
{
	static const char *const ascii[] = { "|", "/", "-", "\\" };
	static const char *const braille[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
	int64_t t = now_ms / 125;

	if (t < 0)
		t = -t;
	if (ui_is_utf8())
		return braille[t % 10];
	return ascii[t % 4];
}

void spinner_draw(int y, int x, int w, int64_t now_ms, const char *label)
{
	int used;

	if (w < 2)
		return;
	used = ui_print(y, x, w, spinner_frame(now_ms), ui_attr(UI_HEADING));
	ui_print(y, x + used + 1, w - used - 1, label, ui_attr(UI_NORMAL));
}
