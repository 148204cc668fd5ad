/* Codes and their wordings (roster/codes.h). */
#include <string.h>

#include "roster/codes.h"

struct code_entry {
	const char *code, *msgid, *zh;
};

#define CODES_ENTRY(name, code, en, zh) { code, en, zh },
#define CODES_TABLE(list, type, prefix, entries) \
	static const struct code_entry type##_entries[] = { entries(CODES_ENTRY) };
ROSTER_CODE_LISTS(CODES_TABLE)
#undef CODES_TABLE
#undef CODES_ENTRY

static const struct {
	const struct code_entry *e;
	size_t n;
} lists[CODES__COUNT] = {
#define CODES_REF(list, type, prefix, entries) \
	[list] = { type##_entries, sizeof(type##_entries) / sizeof(type##_entries[0]) },
	ROSTER_CODE_LISTS(CODES_REF)
#undef CODES_REF
};

int code_index(enum code_list list, const char *code)
{
	if ((unsigned)list >= CODES__COUNT || !code)
		return -1;
	for (size_t i = 0; i < lists[list].n; i++)
		if (strcmp(lists[list].e[i].code, code) == 0)
			return (int)i;
	return -1;
}

bool code_valid(enum code_list list, const char *code)
{
	return code_index(list, code) >= 0;
}

const char *code_name(enum code_list list, int i)
{
	if ((unsigned)list >= CODES__COUNT || i < 0 || (size_t)i >= lists[list].n)
		return NULL;
	return lists[list].e[i].code;
}

size_t code_count(enum code_list list)
{
	return (unsigned)list < CODES__COUNT ? lists[list].n : 0;
}

const char *code_msgid(enum code_list list, const char *code)
{
	int i = code_index(list, code);

	return i < 0 ? NULL : lists[list].e[i].msgid;
}

const char *code_words(enum code_list list, const char *code)
{
	const char *m = code_msgid(list, code);

	if (!code)
		return "";
	return m ? gettext(m) : code;
}

const char *code_words_in(enum code_list list, const char *code, bool chinese)
{
	int i = code_index(list, code);

	if (i < 0)
		return code ? code : "";
	return chinese ? lists[list].e[i].zh : lists[list].e[i].msgid;
}
