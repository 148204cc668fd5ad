/* The stand-in payment gateways (tests/api/gateway/fake_gateway.c) for the
 * API tests of WeChat Pay and Alipay: RSA keys made with the openssl tool
 * at run time, the gateway process on a loopback port, the rosterd.conf
 * settings that point rosterd at it, and its /control/ calls, through
 * which a test plays the payer and the gateway's back office. */
#ifndef ROSTER_TEST_GATEWAY_FIXTURE_H
#define ROSTER_TEST_GATEWAY_FIXTURE_H

#include <sys/types.h>
#include <cjson/cJSON.h>

struct gw_fixture {
	char kind[8];          /* "wechat" | "alipay" */
	char dir[256];         /* keys */
	pid_t pid;
	int port;
	char base[64];         /* http://127.0.0.1:PORT */
	const char *args[40];  /* --set … for rosterd serve, NULL-terminated */
	char buf[12][400];     /* the args' text */
};

#define GW_MCHID "1900000109"
#define GW_APPID "wxd678efh567hg6787"
#define GW_ALI_APP "2021004100000001"
#define GW_ALI_SELLER "2088102146225135"
#define GW_PUB_KEY_ID "PUB_KEY_ID_0114232024112100000000000000000000"

/* Make the keys and start the gateway (kind "wechat" or "alipay"); fills
 * args. 0 or -1. */
int gwf_start(struct gw_fixture *g, const char *kind);
void gwf_stop(struct gw_fixture *g);
/* method /control/… (with its query): the JSON answer (caller deletes),
 * or NULL; *status the HTTP status. */
cJSON *gwf_control(const struct gw_fixture *g, const char *method, const char *path,
                   long *status);
/* /control/pay?no=TRADE&EXTRA (EXTRA may be NULL): rosterd's HTTP status
 * for the notification (0 when none was delivered); its body into
 * body_out (may be NULL, n bytes). */
long gwf_pay(const struct gw_fixture *g, const char *trade, const char *extra,
             char *body_out, size_t n);
/* /control/resend: rosterd's status for the last notification, again. */
long gwf_resend(const struct gw_fixture *g);
/* A number from /control/trade?no=TRADE ("closed", "refund_calls",
 * "refunded"), or -1 when the gateway knows no such trade. */
long long gwf_trade_num(const struct gw_fixture *g, const char *trade, const char *key);
/* The same for a string ("state"), into out. */
void gwf_trade_str(const struct gw_fixture *g, const char *trade, const char *key,
                   char *out, size_t n);

#endif
