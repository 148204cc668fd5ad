/* Error codes: every table here is generated from ROSTER_ERRORS (err.h), so a
 * code cannot lack its wire name, HTTP status or message.
 *
 * The messages are gettext msgids. xgettext reads them straight from the
 * X-macro list in err.h (keyword X:4,4t; see the Makefile's pot target and
 * tests/i18n/check-po.sh), so they are not repeated here. */
#include <stddef.h>
#include <string.h>

#include "roster/err.h"

struct err_info {
	const char *code;    /* wire code, "not_found" */
	int status;          /* HTTP status; 0 for client-side errors */
	const char *message; /* English msgid */
};

static const struct err_info err_table[ERR__COUNT] = {
#define X(name, code, status, msg) [ERR_##name] = { code, status, msg },
	ROSTER_ERRORS(X)
#undef X
};

/* An enum value outside the list is a programming error; answer as for an
 * internal error rather than read past the table. */
static const struct err_info *err_info(enum roster_err e)
{
	if ((unsigned)e >= ERR__COUNT)
		e = ERR_INTERNAL;
	return &err_table[e];
}

const char *err_code(enum roster_err e)
{
	return err_info(e)->code;
}

int err_http_status(enum roster_err e)
{
	return err_info(e)->status;
}

const char *err_message(enum roster_err e)
{
	return err_info(e)->message;
}

enum roster_err err_from_code(const char *code)
{
	if (code == NULL)
		return ERR_BAD_REPLY;
	for (size_t i = 0; i < ERR__COUNT; i++)
		if (strcmp(err_table[i].code, code) == 0)
			return (enum roster_err)i;
	return ERR_BAD_REPLY;
}
