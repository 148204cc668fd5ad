/* Role names (caller.h). */
#include <string.h>
#include "caller.h"

static const struct {
	unsigned bit;
	const char *name;
} role_names[] = {
	{ ROLE_MEMBER, "member" },
	{ ROLE_BRANCH_STAFF, "branch_staff" },
	{ ROLE_HQ_STAFF, "hq_staff" },
	{ ROLE_ADMIN, "admin" },
};

const char *role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (role_names[i].bit == role)
			return role_names[i].name;
	return NULL;
}

unsigned role_from_name(const char *name)
{
	if (!name)
		return 0;
	for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcmp(role_names[i].name, name) == 0)
			return role_names[i].bit;
	return 0;
}
