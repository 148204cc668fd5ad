/* The table of payment providers. */
#include <string.h>
#include "pay/provider.h"
#include "server.h"

static const struct pay_provider *const providers[] = {
	&pay_sandbox,
	NULL
};

const struct pay_provider *pay_provider_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; providers[i]; i++) {
		if (strcmp(providers[i]->name, name) != 0)
			continue;
		if (providers[i] == &pay_sandbox && g_cfg && !g_cfg->pay_sandbox)
			return NULL;
		return providers[i];
	}
	return NULL;
}
