/* Look-up in the tables tools/embed generates. */
#include <string.h>

#include "roster/embed.h"

const struct roster_blob *roster_blob_find(const struct roster_blob *set,
                                           size_t count, const char *name)
{
	if (set == NULL || name == NULL)
		return NULL;
	for (size_t i = 0; i < count; i++)
		if (set[i].name != NULL && strcmp(set[i].name, name) == 0)
			return &set[i];
	return NULL;
}
