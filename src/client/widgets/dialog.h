/* Message and confirm dialogs: screens drawn over the screen below. When the
 * dialog closes, the screen that was on top gets resume(tag, value): value 1
 * for OK / Yes, 0 for No or Esc. */
#ifndef ROSTER_CLIENT_DIALOG_H
#define ROSTER_CLIENT_DIALOG_H

#include "app.h"

enum dialog_kind { DLG_INFO, DLG_ERROR, DLG_CONFIRM };

struct dialog_arg {
	enum dialog_kind kind;
	const char *title;    /* copied */
	const char *text;     /* copied; may hold several lines */
	const char *yes;      /* confirm: label of the yes button, or NULL */
	const char *no;       /* confirm: label of the no button, or NULL */
	void (*on_yes)(struct app *); /* run on OK / Yes before resume, or NULL */
};

extern const struct screen_ops scr_dialog_ops;

struct screen *dialog_message(struct app *app, const char *title, const char *text, int tag);
struct screen *dialog_error(struct app *app, const char *text, int tag);
struct screen *dialog_confirm(struct app *app, const char *title, const char *text,
                              const char *yes, const char *no, int tag);

/* Paint a centred framed box of the given size over the body and return its
 * inner rectangle (for dialogs with their own content). */
void dialog_frame(struct app *app, const char *title, int want_h, int want_w,
                  int *y, int *x, int *h, int *w);

#endif
