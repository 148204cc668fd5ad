/* rosterd.conf: an INI file whose keys map onto struct config through one
 * table, so a key can never be parsed without being documented here. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/stat.h>
#include "roster/xalloc.h"
#include "config.h"
#include "store/store.h"
#include "roster/paths.h"

enum ktype { K_STR, K_INT, K_SIZE, K_ULL };

struct key {
	const char *section;
	const char *name;
	enum ktype type;
	size_t off;
	long long min, max;   /* for numbers */
};

#define O(f) offsetof(struct config, f)
static const struct key keys[] = {
	{ "server", "listen",             K_STR,  O(listen), 0, 0 },
	{ "server", "port",               K_INT,  O(port), 0, 65535 },
	{ "server", "threads",            K_INT,  O(threads), 0, 1024 },
	{ "server", "connection_timeout", K_INT,  O(conn_timeout), 1, 86400 },
	{ "server", "per_ip_limit",       K_INT,  O(per_ip_limit), 0, 1000000 },
	{ "server", "max_connections",    K_INT,  O(max_connections), 1, 1000000 },
	{ "server", "offload_threads",    K_INT,  O(offload_threads), 0, 256 },
	{ "server", "offload_queue",      K_INT,  O(offload_queue), 0, 100000 },
	{ "server", "stop_grace",         K_INT,  O(stop_grace), 0, 3600 },
	{ "server", "poll_recheck",       K_INT,  O(poll_recheck), 1, 30 },
	{ "server", "data_dir",           K_STR,  O(data_dir), 0, 0 },
	{ "server", "base_url",           K_STR,  O(base_url), 0, 0 },
	{ "server", "key_dir",            K_STR,  O(key_dir), 0, 0 },
	{ "server", "files_dir",          K_STR,  O(files_dir), 0, 0 },
	{ "server", "language",           K_STR,  O(language), 0, 0 },
	{ "association", "timezone",      K_STR,  O(timezone), 0, 0 },
	{ "server", "trusted_proxy",      K_STR,  O(trusted_proxy), 0, 0 },
	{ "server", "tls_cert",           K_STR,  O(tls_cert), 0, 0 },
	{ "server", "tls_key",            K_STR,  O(tls_key), 0, 0 },
	{ "database", "path",             K_STR,  O(db_path), 0, 0 },
	{ "database", "busy_timeout_ms",  K_INT,  O(busy_timeout_ms), 0, 600000 },
	{ "database", "mmap_mb",          K_INT,  O(mmap_mb), 0, 2047 },
	{ "limits", "json_max",           K_SIZE, O(json_max), 1024, 1LL << 30 },
	{ "limits", "upload_max",         K_SIZE, O(upload_max), 1024, 1LL << 32 },
	{ "limits", "login_fail_account", K_INT,  O(login_fail_account), 1, 1000000 },
	{ "limits", "login_fail_address", K_INT,  O(login_fail_address), 1, 1000000 },
	{ "limits", "login_window",       K_INT,  O(login_window), 1, 86400 * 7 },
	{ "limits", "register_per_address", K_INT, O(register_per_address), 1, 1000000 },
	{ "limits", "code_per_email",     K_INT,  O(code_per_email), 1, 1000000 },
	{ "limits", "code_per_address",   K_INT,  O(code_per_address), 1, 1000000 },
	{ "limits", "reset_fail_address", K_INT,  O(reset_fail_address), 1, 1000000 },
	{ "session", "idle_timeout",      K_INT,  O(session_idle), 1, 86400 * 30 },
	{ "session", "absolute_timeout",  K_INT,  O(session_absolute), 1, 86400 * 365 },
	{ "session", "pwhash_opslimit",   K_ULL,  O(pwhash_opslimit), 0, 0 },
	{ "session", "pwhash_memlimit",   K_SIZE, O(pwhash_memlimit), 0, 1LL << 32 },
	{ "mail", "outbox_dir",           K_STR,  O(outbox_dir), 0, 0 },
	{ "mail", "smtp_url",             K_STR,  O(smtp_url), 0, 0 },
	{ "mail", "smtp_user",            K_STR,  O(smtp_user), 0, 0 },
	{ "mail", "smtp_pass",            K_STR,  O(smtp_pass), 0, 0 },
	{ "mail", "from",                 K_STR,  O(mail_from), 0, 0 },
	{ "mail", "from_name",            K_STR,  O(mail_from_name), 0, 0 },
	{ "mail", "smtp_timeout",         K_INT,  O(smtp_timeout), 1, 3600 },
	{ "mail", "code_ttl",             K_INT,  O(code_ttl), 60, 86400 },
	{ "mail", "code_attempts",        K_INT,  O(code_attempts), 1, 100 },
	{ "members", "grace_days",        K_INT,  O(grace_days), 0, 3650 },
	{ "members", "separate_stages",   K_INT,  O(separate_stages), 0, 1 },
	{ "members", "attachment_max",    K_SIZE, O(attachment_max), 1024, 1LL << 32 },
	{ "orders", "dues_years_ahead",   K_INT,  O(dues_years_ahead), 0, 20 },
	{ "orders", "order_close_days",   K_INT,  O(order_close_days), 1, 365 },
	{ "pay", "qr_ttl",                K_INT,  O(pay_qr_ttl), 60, 86400 },
	{ "pay", "callback_window",       K_INT,  O(pay_callback_window), 10, 86400 },
	{ "pay", "sandbox",               K_INT,  O(pay_sandbox), 0, 1 },
	{ "wechat", "mchid",              K_STR,  O(wx_mchid), 0, 0 },
	{ "wechat", "appid",              K_STR,  O(wx_appid), 0, 0 },
	{ "wechat", "merchant_serial",    K_STR,  O(wx_serial), 0, 0 },
	{ "wechat", "merchant_key",       K_STR,  O(wx_key), 0, 0 },
	{ "wechat", "apiv3_key_file",     K_STR,  O(wx_apiv3_key), 0, 0 },
	{ "wechat", "public_key",         K_STR,  O(wx_public_key), 0, 0 },
	{ "wechat", "public_key_id",      K_STR,  O(wx_public_key_id), 0, 0 },
	{ "wechat", "api_base",           K_STR,  O(wx_api_base), 0, 0 },
	{ "wechat", "notify_url",         K_STR,  O(wx_notify_url), 0, 0 },
	{ "alipay", "app_id",             K_STR,  O(ali_app_id), 0, 0 },
	{ "alipay", "seller_id",          K_STR,  O(ali_seller_id), 0, 0 },
	{ "alipay", "app_private_key",    K_STR,  O(ali_key), 0, 0 },
	{ "alipay", "alipay_public_key",  K_STR,  O(ali_public_key), 0, 0 },
	{ "alipay", "gateway",            K_STR,  O(ali_gateway), 0, 0 },
	{ "alipay", "notify_url",         K_STR,  O(ali_notify_url), 0, 0 },
	{ "documents", "kinds",           K_STR,  O(doc_kinds), 0, 0 },
	{ "documents", "default_kind",    K_STR,  O(doc_default), 0, 0 },
	{ "schedule", "interval",         K_INT,  O(schedule_interval), 0, 86400 },
	{ "schedule", "reminder_days",    K_STR,  O(reminder_days), 0, 0 },
	{ "schedule", "handoff_keep_days", K_INT, O(handoff_keep_days), 0, 3650 },
	{ "testing", "clock_file",        K_STR,  O(test_clock_file), 0, 0 },
};
#undef O

static char **str_at(struct config *cfg, const struct key *k)
{
	return (char **)((char *)cfg + k->off);
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->listen = xstrdup("127.0.0.1");
	cfg->port = 8470;
	cfg->threads = 0;
	cfg->conn_timeout = 60;
	cfg->per_ip_limit = 256;
	cfg->max_connections = 1024;
	cfg->offload_threads = 0;
	cfg->offload_queue = 64;
	cfg->stop_grace = 10;
	cfg->poll_recheck = 1;
	cfg->data_dir = xstrdup(paths_data_dir());
	cfg->language = xstrdup("zh_CN");
	cfg->timezone = xstrdup("Asia/Shanghai");
	cfg->db_path = xstrdup("roster.db");
	cfg->busy_timeout_ms = 5000;
	cfg->mmap_mb = 1024;
	cfg->json_max = 1 << 20;
	cfg->upload_max = 10 << 20;
	cfg->login_fail_account = 5;
	cfg->login_fail_address = 50;
	cfg->login_window = 15 * 60;
	cfg->register_per_address = 100;
	cfg->code_per_email = 5;
	cfg->code_per_address = 30;
	cfg->reset_fail_address = 30;
	cfg->session_idle = 30 * 60;
	cfg->session_absolute = 12 * 3600;
	cfg->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	cfg->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	cfg->mail_from = xstrdup("roster@localhost");
	cfg->mail_from_name = xstrdup("Roster");
	cfg->smtp_timeout = 30;
	cfg->code_ttl = 600;
	cfg->code_attempts = 5;
	cfg->grace_days = 90;
	cfg->separate_stages = 1;
	cfg->attachment_max = 5 << 20;
	cfg->dues_years_ahead = 3;
	cfg->order_close_days = 7;
	cfg->pay_qr_ttl = 1800;
	cfg->pay_callback_window = 300;
	/* off: with it on a member can mark dues paid without money moving;
	 * demos and tests switch it on (--set pay.sandbox=1) */
	cfg->pay_sandbox = 0;
	cfg->schedule_interval = 300;
	cfg->reminder_days = xstrdup("30,7,1,-14");
	cfg->handoff_keep_days = 7;
	cfg->wx_api_base = xstrdup("https://api.mch.weixin.qq.com");
	cfg->ali_gateway = xstrdup("https://openapi.alipay.com/gateway.do");
	cfg->doc_kinds = xstrdup("dues_receipt,normal,special");
	cfg->doc_default = xstrdup("dues_receipt");
}

/* Is kind one of the comma-separated list? */
bool config_list_has(const char *list, const char *kind)
{
	size_t n = strlen(kind);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && *p == ' ')
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		if (len == n && strncmp(p, kind, n) == 0)
			return true;
		p = end ? end + 1 : p + len;
	}
	return false;
}

static int documents_check(const struct config *cfg, char *err, size_t errlen)
{
	static const char *const known[] = { "dues_receipt", "normal", "special" };
	int offered = 0;

	for (size_t i = 0; i < 3; i++)
		offered += config_list_has(cfg->doc_kinds, known[i]);
	for (const char *p = cfg->doc_kinds; p && *p; p++)
		if (*p == ',')
			offered--;
	if (!cfg->doc_kinds || offered != 1) {
		snprintf(err, errlen, "documents.kinds: a comma-separated list of dues_receipt,"
		         " normal and special, each at most once");
		return -1;
	}
	if (!cfg->doc_default || !config_list_has(cfg->doc_kinds, cfg->doc_default)) {
		snprintf(err, errlen, "documents.default_kind must be one of documents.kinds");
		return -1;
	}
	return 0;
}

/* association.timezone names a zone of the system's time zone database
 * (an IANA name such as Asia/Shanghai), which the clients are told and
 * show every time in. */
static int timezone_check(const struct config *cfg, char *err, size_t errlen)
{
	const char *tz = cfg->timezone, *dir = getenv("TZDIR");
	char path[512];
	struct stat st;
	bool ok = tz && *tz && tz[0] != '/' && !strstr(tz, "..");

	for (const char *p = tz; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || strchr("/_+-", *p);
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", ok ? tz : "");
	if (!ok || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "association.timezone: \"%s\" is not a time zone of the system's"
		         " database (an IANA name such as Asia/Shanghai)", tz ? tz : "");
		return -1;
	}
	return 0;
}

/* A gateway switched on has every key it needs (the files themselves are
 * read when rosterd serve starts). */
static int gateway_keys_check(const struct config *cfg, char *err, size_t errlen)
{
	const struct { const char *name; const char *v; } wx[] = {
		{ "wechat.appid", cfg->wx_appid }, { "wechat.merchant_serial", cfg->wx_serial },
		{ "wechat.merchant_key", cfg->wx_key }, { "wechat.apiv3_key_file", cfg->wx_apiv3_key },
		{ "wechat.public_key", cfg->wx_public_key },
		{ "wechat.public_key_id", cfg->wx_public_key_id },
	}, ali[] = {
		{ "alipay.seller_id", cfg->ali_seller_id }, { "alipay.app_private_key", cfg->ali_key },
		{ "alipay.alipay_public_key", cfg->ali_public_key },
	};

	for (size_t i = 0; cfg->wx_mchid && i < sizeof wx / sizeof wx[0]; i++)
		if (!wx[i].v) {
			snprintf(err, errlen, "wechat.mchid is set: %s is needed too", wx[i].name);
			return -1;
		}
	for (size_t i = 0; cfg->ali_app_id && i < sizeof ali / sizeof ali[0]; i++)
		if (!ali[i].v) {
			snprintf(err, errlen, "alipay.app_id is set: %s is needed too", ali[i].name);
			return -1;
		}
	return 0;
}

/* "10M", "512k", "1048576" */
static int parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': v <<= 10; end++; break;
	case 'M': v <<= 20; end++; break;
	case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (toupper((unsigned char)*end) == 'B' || toupper((unsigned char)*end) == 'I')
		end++;
	if (*end)
		return -1;
	*out = v;
	return 0;
}

static int set_key(struct config *cfg, const struct key *k, const char *value,
                   char *err, size_t errlen)
{
	unsigned long long u;
	long long v;
	char *end;

	switch (k->type) {
	case K_STR:
		free(*str_at(cfg, k));
		*str_at(cfg, k) = *value ? xstrdup(value) : NULL;
		return 0;
	case K_INT:
		errno = 0;
		v = strtoll(value, &end, 10);
		if (errno || end == value || *end || v < k->min || v > k->max) {
			snprintf(err, errlen, "%s.%s: expected a whole number from %lld to %lld",
			         k->section, k->name, k->min, k->max);
			return -1;
		}
		*(int *)((char *)cfg + k->off) = (int)v;
		return 0;
	case K_SIZE:
		if (parse_size(value, &u) != 0 || (long long)u < k->min || (long long)u > k->max) {
			snprintf(err, errlen, "%s.%s: expected a size in bytes (suffix K, M or G allowed)",
			         k->section, k->name);
			return -1;
		}
		*(size_t *)((char *)cfg + k->off) = (size_t)u;
		return 0;
	case K_ULL:
		if (parse_size(value, &u) != 0) {
			snprintf(err, errlen, "%s.%s: expected a whole number", k->section, k->name);
			return -1;
		}
		*(unsigned long long *)((char *)cfg + k->off) = u;
		return 0;
	}
	return -1;
}

static const struct key *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

int config_set(struct config *cfg, const char *name, const char *value,
               char *err, size_t errlen)
{
	char section[64];
	const char *dot = strchr(name, '.');
	const struct key *k;

	if (!dot || (size_t)(dot - name) >= sizeof section) {
		snprintf(err, errlen, "%s: expected section.key", name);
		return -1;
	}
	memcpy(section, name, (size_t)(dot - name));
	section[dot - name] = '\0';
	k = find_key(section, dot + 1);
	if (!k) {
		snprintf(err, errlen, "%s: unknown setting", name);
		return -1;
	}
	return set_key(cfg, k, value, err, errlen);
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_load_file(struct config *cfg, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[1024], section[64] = "";
	char why[256];
	int lineno = 0, rc = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *s = trim(line), *eq, *name, *value;
		const struct key *k;

		lineno++;
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close[1] || (size_t)(close - s - 1) >= sizeof section) {
				snprintf(err, errlen, "%s:%d: bad section header", path, lineno);
				rc = -1;
				break;
			}
			*close = '\0';
			snprintf(section, sizeof section, "%s", trim(s + 1));
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		name = trim(s);
		value = trim(eq + 1);
		/* optional quotes keep leading/trailing spaces or '#' */
		size_t vl = strlen(value);
		if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
			value[vl - 1] = '\0';
			value++;
		}
		k = find_key(section, name);
		if (!k) {
			snprintf(err, errlen, "%s:%d: unknown key %s.%s", path, lineno, section, name);
			rc = -1;
			break;
		}
		if (set_key(cfg, k, value, why, sizeof why) != 0) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, why);
			rc = -1;
			break;
		}
	}
	fclose(f);
	if (rc == 0) {
		free(cfg->config_path);
		cfg->config_path = xstrdup(path);
	}
	return rc;
}

/* Directory part of path ("." when it has none). */
/* The directory of the database file, where keys and the outbox go unless
 * set; a PostgreSQL URL has none, so they go in the working directory. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || db_path_is_pg(path))
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* "30,7,1,-14" into distinct offsets sorted from the earliest reminder
 * (most days before) to the latest. 0, or -1 when malformed. */
static int reminder_days_parse(const char *s, int out[REMINDER_MAX], int *n)
{
	*n = 0;
	if (!s)
		return 0;
	while (*s) {
		char *end;
		long v;
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		errno = 0;
		v = strtol(s, &end, 10);
		if (errno || end == s || v < -3650 || v > 3650 || *n >= REMINDER_MAX)
			return -1;
		s = end;
		while (*s == ' ')
			s++;
		if (*s && *s != ',')
			return -1;
		int i = *n;
		bool dup = false;
		for (int j = 0; j < *n; j++)
			dup = dup || out[j] == (int)v;
		if (dup)
			continue;
		/* insertion sort, larger offsets (earlier reminders) first */
		while (i > 0 && out[i - 1] < (int)v) {
			out[i] = out[i - 1];
			i--;
		}
		out[i] = (int)v;
		(*n)++;
	}
	return 0;
}

int config_finish(struct config *cfg, char *err, size_t errlen)
{
	char *dir = dir_of(cfg->db_path);

	if (!cfg->key_dir)
		cfg->key_dir = xasprintf("%s/keys", dir);
	if (!cfg->files_dir)
		cfg->files_dir = xasprintf("%s/files", dir);
	if (!cfg->outbox_dir && !cfg->smtp_url)
		cfg->outbox_dir = xasprintf("%s/outbox", dir);
	free(dir);
	if (cfg->base_url) {
		size_t n = strlen(cfg->base_url);
		while (n > 0 && cfg->base_url[n - 1] == '/')
			cfg->base_url[--n] = '\0';
	}
	if (cfg->pwhash_opslimit < crypto_pwhash_OPSLIMIT_INTERACTIVE)
		cfg->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	if (cfg->pwhash_memlimit < crypto_pwhash_MEMLIMIT_INTERACTIVE)
		cfg->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (cfg->session_absolute < cfg->session_idle) {
		snprintf(err, errlen, "session.absolute_timeout must not be shorter than session.idle_timeout");
		return -1;
	}
	if (cfg->upload_max < cfg->json_max)
		cfg->upload_max = cfg->json_max;
	if (gateway_keys_check(cfg, err, errlen) != 0 || documents_check(cfg, err, errlen) != 0 ||
	    timezone_check(cfg, err, errlen) != 0)
		return -1;
	if (!cfg->tls_cert != !cfg->tls_key) {
		snprintf(err, errlen, "server.tls_cert and server.tls_key go together: "
		         "set both to serve HTTPS, or neither");
		return -1;
	}
	if (reminder_days_parse(cfg->reminder_days, cfg->reminder_offsets,
	                        &cfg->reminder_count) != 0) {
		snprintf(err, errlen, "schedule.reminder_days: expected up to %d whole numbers of "
		         "days before valid_until (negative: after), separated by commas",
		         REMINDER_MAX);
		return -1;
	}
	/* a fake clock on a real server would expire every membership at once:
	 * the key alone is refused, the environment must say this is a test */
	if (cfg->test_clock_file) {
		const char *t = getenv("ROSTERD_TESTING");
		if (!t || strcmp(t, "1") != 0) {
			snprintf(err, errlen, "testing.clock_file is for tests only and needs "
			         "ROSTERD_TESTING=1 in the environment as well");
			return -1;
		}
	}
	return 0;
}

void config_free(struct config *cfg)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].type == K_STR)
			xfree(str_at(cfg, &keys[i]));
	free(cfg->config_path);
	cfg->config_path = NULL;
	xfree(&cfg->tls_cert_pem);
	if (cfg->tls_key_pem)
		sodium_memzero(cfg->tls_key_pem, strlen(cfg->tls_key_pem));
	xfree(&cfg->tls_key_pem);
}

void config_dump(const struct config *cfg)
{
	const char *last = "";

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const struct key *k = &keys[i];
		const char *p = (const char *)cfg + k->off;

		if (strcmp(last, k->section) != 0) {
			printf("%s[%s]\n", *last ? "\n" : "", k->section);
			last = k->section;
		}
		switch (k->type) {
		case K_STR: {
			const char *s = *(char *const *)p;
			if (s && strcmp(k->name, "smtp_pass") == 0)
				s = "********";
			printf("%s = %s\n", k->name, s ? s : "");
			break;
		}
		case K_INT:  printf("%s = %d\n", k->name, *(const int *)p); break;
		case K_SIZE: printf("%s = %zu\n", k->name, *(const size_t *)p); break;
		case K_ULL:  printf("%s = %llu\n", k->name, *(const unsigned long long *)p); break;
		}
	}
}

bool config_key_at(size_t i, const char **section, const char **name)
{
	if (i >= sizeof keys / sizeof keys[0])
		return false;
	*section = keys[i].section;
	*name = keys[i].name;
	return true;
}
