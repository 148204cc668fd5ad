/* The table of payment providers, and the checks of the real gateways'
 * keys at start. */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include "roster/xalloc.h"
#include "pay/crypto.h"
#include "pay/gateway_http.h"
#include "pay/provider.h"
#include "pay/wechat_int.h"
#include "server.h"

static const struct pay_provider *const providers[] = {
	&pay_sandbox,
	&pay_wechat,
	&pay_alipay,
	NULL
};

static bool switched_on(const struct pay_provider *p)
{
	if (!g_cfg)
		return p == &pay_sandbox;
	if (p == &pay_sandbox)
		return g_cfg->pay_sandbox;
	if (p == &pay_wechat)
		return g_cfg->wx_mchid != NULL;
	if (p == &pay_alipay)
		return g_cfg->ali_app_id != NULL;
	return false;
}

const struct pay_provider *pay_provider_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; providers[i]; i++)
		if (strcmp(providers[i]->name, name) == 0)
			return switched_on(providers[i]) ? providers[i] : NULL;
	return NULL;
}

int pay_gateways_check(char *why, size_t n)
{
	if (g_cfg->wx_mchid) {
		struct wx_keys k;
		if (wx_keys_load(&k, why, n) != 0)
			return -1;
		wx_keys_free(&k);
	}
	if (g_cfg->ali_app_id) {
		EVP_PKEY *a = pay_key_private_file(g_cfg->ali_key, why, n), *b = NULL;
		if (a)
			b = pay_key_public_file(g_cfg->ali_public_key, why, n);
		EVP_PKEY_free(a);
		EVP_PKEY_free(b);
		if (!a || !b)
			return -1;
	}
	if (g_cfg->wx_mchid || g_cfg->ali_app_id)
		gw_http_init();
	return 0;
}

char *pay_notify_url(const char *configured, const char *base_url, const char *name)
{
	if (configured && *configured)
		return xstrdup(configured);
	if (!base_url || !*base_url)
		return NULL;
	return xasprintf("%s/pay/callback/%s", base_url, name);
}
