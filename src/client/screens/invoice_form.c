/* The invoice form (invoices.h): the same fields the payment screen asks
 * for (pay_invoice.h), sent as POST /orders/{id}/invoice for a paid order
 * (补开) or PUT /invoices/{id} while the invoice is only requested. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "app.h"
#include "ui.h"
#include "screens/invoices.h"
#include "screens/pay_invoice.h"
#include "widgets/form.h"
#include "widgets/progress.h"
#include "reply.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

enum { T_SEND = 1 };

struct invoice_form {
	long long order_id;
	long long invoice_id;  /* 0 = a new request for order_id */
	struct form form;
	bool sending;
	char *error;           /* what the server refused that no field shows */
};

static int invf_open(struct screen *s, void *arg)
{
	struct invoice_form *f = s->priv;
	const struct invoice_form_arg *a = arg;
	struct form_field *email;

	if (!a || (a->order_id <= 0 && a->invoice_id <= 0))
		return -1;
	f->order_id = a->order_id;
	f->invoice_id = a->invoice_id;
	s->title = f->invoice_id > 0 ? _("Edit the invoice") : _("Ask for an invoice");
	s->help = _("Tab/Up/Down move  Left/Right choose  F2 send  Esc back");
	form_init(&f->form);
	pay_invoice_form(&f->form, app_session(s->app)->account);
	form_add(&f->form, FT_BUTTON, "send",
	         f->invoice_id > 0 ? _("Save the changes") : _("Send the request"), 0, 0, NULL);
	form_add(&f->form, FT_BUTTON, "back", _("Back"), 0, 0, NULL);
	/* the server wants an address to send the invoice to */
	if ((email = form_field(&f->form, "email")) != NULL)
		email->flags |= FF_REQUIRED;
	if (cJSON_IsObject(a->invoice))
		form_fill(&f->form, a->invoice);
	return 0;
}

static void invf_send(struct screen *s)
{
	struct invoice_form *f = s->priv;
	char path[64];

	xfree(&f->error);
	form_clear_errors(&f->form);
	if (!pay_invoice_check(&f->form))
		return;
	if (f->invoice_id > 0)
		snprintf(path, sizeof(path), "/invoices/%lld", f->invoice_id);
	else
		snprintf(path, sizeof(path), "/orders/%lld/invoice", f->order_id);
	f->sending = true;
	app_request(s, T_SEND, f->invoice_id > 0 ? "PUT" : "POST", path, pay_invoice_json(&f->form));
}

/* The server's field names, mapped back onto the form's. */
static int invf_server_errors(struct invoice_form *f, const cJSON *fields)
{
	const cJSON *e;
	int found = 0;

	cJSON_ArrayForEach(e, fields) {
		const char *name = e->string;

		if (!name || !cJSON_IsString(e))
			continue;
		if (!strncmp(name, "invoice.", 8))
			name += 8;
		if (form_field(&f->form, name)) {
			form_set_error(&f->form, name, e->valuestring);
			found++;
		}
	}
	return found;
}

static void invf_reply(struct screen *s, const struct api_reply *r)
{
	struct invoice_form *f = s->priv;

	f->sending = false;
	if (reply_session_gone(s, r))
		return;
	if (r->err == ERR_OK) {
		app_close(s, 1);
		return;
	}
	if (r->err == ERR_VALIDATION && invf_server_errors(f, r->fields) > 0) {
		size_t i;

		for (i = 0; i < f->form.n; i++)
			if (f->form.f[i].error) {
				f->form.focus = i;
				break;
			}
		return;
	}
	f->error = reply_error_text(r);
}

static void invf_draw(struct screen *s)
{
	struct invoice_form *f = s->priv;
	int y, x, h, w, cy = -1, cx = -1;

	app_body(s->app, &y, &x, &h, &w);
	ui_print(y, x + 2, w - 4, _("Fields marked * are required."), ui_attr(UI_DIM));
	if (f->sending)
		spinner_draw(y + 1, x + 2, w - 4, app_now_ms(), _("Sending…"));
	else if (f->error)
		ui_print(y + 1, x + 2, w - 4, f->error, ui_attr(UI_ERROR));
	form_draw(&f->form, y + 2, x + 2, h - 2, w - 4, &cy, &cx);
	if (cy >= 0)
		app_cursor(s->app, cy, cx);
}

static int invf_key(struct screen *s, wint_t k)
{
	struct invoice_form *f = s->priv;

	if (k == KEY_ESC)
		return SCR_CLOSE;
	if (f->sending)
		return SCR_HANDLED;
	if (k == KF(KEY_F(2)) || k == KEY_CTRL('s')) {
		invf_send(s);
		return SCR_REDRAW;
	}
	switch (form_key(&f->form, (unsigned)k)) {
	case FORM_IGNORED:
		return SCR_IGNORED;
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		if (f->form.action && !strcmp(f->form.action, "back"))
			return SCR_CLOSE;
		invf_send(s);
		return SCR_REDRAW;
	}
	return SCR_IGNORED;
}

static void invf_close(struct screen *s)
{
	struct invoice_form *f = s->priv;

	form_free(&f->form);
	free(f->error);
}

const struct screen_ops scr_invoice_form_ops = {
	.name = "invoice_form",
	.priv_size = sizeof(struct invoice_form),
	.open = invf_open,
	.draw = invf_draw,
	.key = invf_key,
	.reply = invf_reply,
	.close = invf_close,
};
