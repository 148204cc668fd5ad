/* The audit log's filters: who acted (a username), the member concerned
 * (an account id), the object (type and id), the action (exact, or a
 * prefix ending in a dot: "account.") and the days from and to. "Apply"
 * closes with 1, "Clear" empties them and closes with 1, Esc keeps them. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "staff/staff.h"
#include "widgets/form.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

struct audit_filter {
	struct staff_audit_filter *f;
	struct form form;
};

static const struct {
	const char *name;
	const char *label;
	size_t max;
	const char *validator;
} fields[] = {
	{ "actor", N_("Who (username)"), 64, NULL },
	{ "member", N_("Member (account id)"), 18, NULL },
	{ "object_type", N_("Object type"), 40, NULL },
	{ "object_id", N_("Object id"), 18, NULL },
	{ "action", N_("Action"), 64, NULL },
	{ "from", N_("From (YYYY-MM-DD)"), 10, "date" },
	{ "to", N_("To (YYYY-MM-DD)"), 10, "date" },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static char **slot(struct staff_audit_filter *f, size_t i)
{
	char **slots[] = { &f->actor, &f->member, &f->object_type, &f->object_id, &f->action,
	                   &f->from, &f->to };

	return slots[i];
}

static int af_open(struct screen *s, void *arg)
{
	struct audit_filter *a = s->priv;

	a->f = arg;
	s->title = _("Filter the audit log");
	s->help = _("Tab next field  Enter continue  Esc back");
	form_init(&a->form);
	for (size_t i = 0; i < NFIELDS; i++) {
		form_add(&a->form, FT_TEXT, fields[i].name, _(fields[i].label), 0, fields[i].max,
		         fields[i].validator);
		if (*slot(a->f, i))
			form_set_value(&a->form, fields[i].name, *slot(a->f, i));
	}
	form_add(&a->form, FT_BUTTON, "apply", _("Apply"), 0, 0, NULL);
	form_add(&a->form, FT_BUTTON, "clear", _("Clear the filters"), 0, 0, NULL);
	return 0;
}

static void af_draw(struct screen *s)
{
	struct audit_filter *a = s->priv;

	form_screen_draw(s, &a->form,
	                 _("Empty fields do not filter. An action ending in a dot is a prefix: account."),
	                 NULL, false, 2);
}

static bool digits(const char *v)
{
	for (; *v; v++)
		if (!isdigit((unsigned char)*v))
			return false;
	return true;
}

static int apply(struct screen *s, bool clear)
{
	struct audit_filter *a = s->priv;
	char *v;

	if (!clear) {
		if (form_validate(&a->form))
			return SCR_REDRAW;
		for (size_t i = 0; i < NFIELDS; i++) {
			if (strcmp(fields[i].name, "member") && strcmp(fields[i].name, "object_id"))
				continue;
			v = form_value(&a->form, fields[i].name);
			if (!digits(v)) {
				form_set_error(&a->form, fields[i].name, _("A number, please."));
				form_focus(&a->form, fields[i].name);
				free(v);
				return SCR_REDRAW;
			}
			free(v);
		}
	}
	for (size_t i = 0; i < NFIELDS; i++) {
		char **p = slot(a->f, i);

		xfree(p);
		v = clear ? NULL : form_value(&a->form, fields[i].name);
		if (v && *v)
			*p = v;
		else
			free(v);
	}
	app_close(s, 1);
	return SCR_HANDLED;
}

static int af_key(struct screen *s, wint_t k)
{
	struct audit_filter *a = s->priv;

	switch (form_key(&a->form, k)) {
	case FORM_HANDLED:
		return SCR_REDRAW;
	case FORM_ACTION:
		return apply(s, !strcmp(a->form.action, "clear"));
	default:
		return SCR_IGNORED;
	}
}

static void af_close(struct screen *s)
{
	struct audit_filter *a = s->priv;

	form_free(&a->form);
}

const struct screen_ops scr_staff_audit_filter_ops = {
	.name = "staff_audit_filter", .priv_size = sizeof(struct audit_filter),
	.open = af_open, .draw = af_draw, .key = af_key, .close = af_close,
};
