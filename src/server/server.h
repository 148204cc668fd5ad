/* rosterd's global configuration: defaults, then rosterd.conf (INI), then
 * command-line flags (see config.h and rosterd.conf(5)). Set once at start
 * before any thread runs; read-only afterwards, so every thread may read it
 * without locks.
 *
 * Other parts of the server add their own fields here (and their keys in
 * config.c's table and rosterd.conf(5)). */
#ifndef ROSTERD_SERVER_H
#define ROSTERD_SERVER_H

#include <stddef.h>
#include <stdint.h>

#define REMINDER_MAX 8  /* schedule.reminder_days entries */

struct config {
	char *config_path;     /* file read, or NULL */

	/* [server] */
	char *listen;          /* address to bind, default 127.0.0.1 */
	int port;              /* 0 = any free port (printed on stdout) */
	int threads;           /* worker pool size; 0 = number of cores */
	int conn_timeout;      /* seconds an idle connection may stay open */
	int per_ip_limit;      /* open connections per client address */
	int max_connections;   /* open connections in all */
	int offload_threads;   /* threads for slow steps (hashing, PDFs); 0 = half the cores */
	int offload_queue;     /* slow steps that may wait for one; more answer 503 */
	int stop_grace;        /* seconds requests in progress may take to finish at a stop */
	int poll_recheck;      /* seconds between looks of a long poll nothing woke */
	char *data_dir;        /* shipped data (catalogue defaults …) */
	char *base_url;        /* public URL for links in mails and QR codes, no trailing '/' */
	char *key_dir;         /* signing keys */
	char *files_dir;       /* uploaded files, if stored on disk */
	char *language;        /* language of messages and mails, e.g. "zh_CN" */
	char *timezone;        /* [association] timezone: IANA name every date and
	                        * time is shown and decided in, "Asia/Shanghai" */
	char *trusted_proxy;   /* address whose X-Forwarded-For is believed, or NULL */
	char *tls_cert;        /* PEM certificate (chain) file: serve HTTPS; NULL = plain HTTP */
	char *tls_key;         /* PEM private key file; set together with tls_cert */
	char *tls_cert_pem;    /* contents of the two files, read by serve before starting */
	char *tls_key_pem;

	/* [database] */
	char *db_path;
	int busy_timeout_ms;
	int mmap_mb;              /* SQLite: how much of the file is read through mmap */

	/* [limits] */
	size_t json_max;       /* bytes of a JSON request body */
	size_t upload_max;     /* bytes of a multipart/form request body */
	int login_fail_account;     /* failed logins per account per window */
	int login_fail_address;     /* failed logins per address per window */
	int login_window;           /* seconds */
	int register_per_address;   /* registrations per address per hour */
	int code_per_email;         /* e-mail codes per address (e-mail) per hour */
	int code_per_address;       /* e-mail codes per client address per hour */
	int reset_fail_address;     /* wrong reset codes per client address per window */

	/* [session] */
	int session_idle;      /* seconds without a request before a session ends */
	int session_absolute;  /* seconds after login a session ends regardless */
	unsigned long long pwhash_opslimit; /* Argon2id limits, >= INTERACTIVE */
	size_t pwhash_memlimit;

	/* [mail] */
	char *outbox_dir;      /* used when smtp_url is not set */
	char *smtp_url;        /* smtp://host:port or smtps://…; NULL = outbox */
	char *smtp_user;
	char *smtp_pass;
	char *mail_from;       /* address, e.g. roster@example.org */
	char *mail_from_name;  /* display name */
	int smtp_timeout;      /* seconds per message */
	int code_ttl;          /* seconds an e-mail code stays valid */
	int code_attempts;     /* wrong tries before a code is dead */

	/* [members] and others: added by their owners below this line. */
	int grace_days;        /* days after valid_until a membership is in grace */
	int separate_stages;   /* 1: who decided the branch stage may not decide the HQ stage */
	size_t attachment_max; /* bytes of one uploaded attachment (stamped form …) */

	/* [orders] and [pay] (orders, payments) */
	int dues_years_ahead;  /* years after this one a member may pay dues for */
	int order_close_days;  /* days an unpaid order stays open */
	int pay_qr_ttl;        /* seconds a payment QR code stays payable */
	int pay_callback_window; /* seconds a provider callback's timestamp may be off */
	int pay_sandbox;       /* 1: offer the built-in sandbox provider */

	/* [wechat] WeChat Pay API v3, Native; on when mchid is set (pay/wechat.c) */
	char *wx_mchid;        /* merchant id (商户号) */
	char *wx_appid;        /* the AppID bound to the merchant */
	char *wx_serial;       /* serial number of the merchant API certificate */
	char *wx_key;          /* path: the merchant API private key (apiclient_key.pem) */
	char *wx_apiv3_key;    /* path: a file holding the 32-byte APIv3 key */
	char *wx_public_key;   /* path: WeChat Pay public key, or a platform certificate */
	char *wx_public_key_id; /* PUB_KEY_ID_… (or the platform certificate's serial) */
	char *wx_api_base;     /* https://api.mch.weixin.qq.com */
	char *wx_notify_url;   /* default base_url + /pay/callback/wechat */

	/* [alipay] Alipay open platform, RSA2; on when app_id is set (pay/alipay.c) */
	char *ali_app_id;
	char *ali_seller_id;   /* the merchant's PID (2088…) notifications must name */
	char *ali_key;         /* path: the application's private key (PEM) */
	char *ali_public_key;  /* path: Alipay's public key (PEM) */
	char *ali_gateway;     /* https://openapi.alipay.com/gateway.do */
	char *ali_notify_url;  /* default base_url + /pay/callback/alipay */

	/* [documents] the kinds of document members may ask for (我的票据) */
	char *doc_kinds;       /* comma-separated: dues_receipt, normal, special */
	char *doc_default;     /* the kind asked for when none is named */
	/* [schedule] (service/schedule.c) */
	int schedule_interval; /* seconds between runs of the jobs; 0 = no timer */
	char *reminder_days;   /* "30,7,1,-14": days before valid_until to remind */
	int reminder_offsets[REMINDER_MAX]; /* parsed, earliest reminder first */
	int reminder_count;
	int handoff_keep_days; /* days a used or expired hand-off link is kept */

	/* [testing] */
	char *test_clock_file; /* fake "now" for tests (needs ROSTERD_TESTING=1) */
};

/* The configuration in effect. */
extern const struct config *g_cfg;

#endif
