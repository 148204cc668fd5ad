/* Validators by the name form schemas use, so a schema can say
 * "validator":"id_card" and both sides run the same check. */
#include <stdbool.h>
#include <string.h>

#include "roster/i18n.h"
#include "roster/validate.h"

static const struct {
	const char *name;
	const char *(*check)(const char *value);
} validators[] = {
	{ "email",    val_email },
	{ "mobile",   val_mobile },
	{ "id_card",  val_id_card },
	{ "uscc",     val_uscc },
	{ "postcode", val_postcode },
	{ "date",     val_date },
	{ "username", val_username },
	{ "password", val_password },
};

#define N_VALIDATORS (sizeof validators / sizeof validators[0])

bool val_known(const char *name)
{
	if (name == NULL)
		return false;
	for (size_t i = 0; i < N_VALIDATORS; i++)
		if (strcmp(validators[i].name, name) == 0)
			return true;
	return false;
}

const char *val_by_name(const char *name, const char *value)
{
	if (name != NULL)
		for (size_t i = 0; i < N_VALIDATORS; i++)
			if (strcmp(validators[i].name, name) == 0)
				return validators[i].check(value ? value : "");
	return N_("Unknown validator.");
}
