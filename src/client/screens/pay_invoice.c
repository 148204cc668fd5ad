/* Invoice details asked for while paying (pay_invoice.h). */
#include <string.h>

#include "screens/pay_invoice.h"
#include "roster/i18n.h"
#include "roster/xalloc.h"

void pay_invoice_form(struct form *fm, const cJSON *account)
{
	struct form_field *f;
	const cJSON *email = cJSON_GetObjectItemCaseSensitive(account, "email");

	f = form_add(fm, FT_SELECT, "title_type", _("Invoice title for"), FF_REQUIRED, 0, NULL);
	form_add_option(f, "personal", _("A person"));
	form_add_option(f, "organisation", _("An organisation"));
	form_add(fm, FT_TEXT, "title", _("Invoice title"), FF_REQUIRED, 100, NULL);
	form_add(fm, FT_TEXT, "tax_no", _("Tax number"), 0, 20, NULL);
	f = form_add(fm, FT_SELECT, "kind", _("Invoice kind"), FF_REQUIRED, 0, NULL);
	form_add_option(f, "normal", _("Normal invoice"));
	form_add_option(f, "special", _("Special VAT invoice"));
	form_add(fm, FT_TEXT, "email", _("E-mail for the invoice"), FF_REQUIRED, 100, "email");
	form_add(fm, FT_HEADING, "", _("Special VAT invoice only"), 0, 0, NULL);
	form_add(fm, FT_TEXT, "address", _("Registered address"), 0, 200, NULL);
	form_add(fm, FT_TEXT, "phone", _("Registered phone"), 0, 40, NULL);
	form_add(fm, FT_TEXT, "bank", _("Bank"), 0, 100, NULL);
	form_add(fm, FT_TEXT, "account", _("Bank account"), 0, 40, NULL);
	/* given at registration: not asked again */
	if (cJSON_IsString(email) && *email->valuestring)
		form_set_value(fm, "email", email->valuestring);
}

static bool is_empty(const struct form *fm, const char *name)
{
	char *v = form_value(fm, name);
	bool empty = !*v;

	free(v);
	return empty;
}

static bool value_is(const struct form *fm, const char *name, const char *want)
{
	char *v = form_value(fm, name);
	bool same = !strcmp(v, want);

	free(v);
	return same;
}

bool pay_invoice_check(struct form *fm)
{
	static const char *const special[] = { "address", "phone", "bank", "account" };
	bool org = value_is(fm, "title_type", "organisation");
	bool ok = form_validate(fm) == 0;
	size_t i;

	if (org && is_empty(fm, "tax_no")) {
		form_set_error(fm, "tax_no", _("An organisation's invoice needs its tax number."));
		ok = false;
	}
	if (value_is(fm, "kind", "special")) {
		if (!org) {
			form_set_error(fm, "kind", _("Special VAT invoices are for organisations only."));
			ok = false;
		}
		for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
			if (is_empty(fm, special[i])) {
				form_set_error(fm, special[i], _("A special VAT invoice needs this."));
				ok = false;
			}
	}
	if (!ok) {
		/* focus the first field that complains */
		for (i = 0; i < fm->n; i++)
			if (fm->f[i].error) {
				fm->focus = i;
				break;
			}
	}
	return ok;
}

cJSON *pay_invoice_json(const struct form *fm)
{
	cJSON *o = form_to_json(fm, true);

	if (!value_is(fm, "kind", "special")) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "address");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "phone");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "bank");
		cJSON_DeleteItemFromObjectCaseSensitive(o, "account");
	}
	if (!value_is(fm, "title_type", "organisation"))
		cJSON_DeleteItemFromObjectCaseSensitive(o, "tax_no");
	return o;
}
