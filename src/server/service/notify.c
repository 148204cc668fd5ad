/* Member notifications and the thread that sends them (notify.h). */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "roster/json.h"
#include "roster/xalloc.h"
#include "log.h"
#include "mail.h"
#include "server.h"
#include "service/notify.h"
#include "store/accounts.h"
#include "store/broadcasts.h"
#include "store/member_mail.h"
#include "store/messages.h"
#include "store/staff_queries.h"
#include "store/store.h"

#define IDLE_WAIT_MS   2000   /* the sender looks at the queue at least this often */
#define BATCH          100    /* members of a broadcast per transaction */

int notify_mail(struct db *db, int64_t account_id, const char *subject_zh,
                const char *subject_en, const char *body_zh, const char *body_en)
{
	int rc = store_member_mail_add(db, account_id, subject_zh, subject_en, body_zh, body_en);

	if (rc == ST_OK)
		notify_wake();
	return rc;
}

static bool server_english(void)
{
	return g_cfg && g_cfg->language && strncasecmp(g_cfg->language, "en", 2) == 0;
}

bool notify_member_english(struct db *db, int64_t account_id)
{
	char lang[3];

	if (store_account_language(db, account_id, lang) == ST_OK && lang[0])
		return strcmp(lang, "en") == 0;
	return server_english();
}

const char *notify_header_language(const char *al)
{
	const char *best = NULL;
	double best_q = 0;

	for (const char *p = al; p && *p;) {
		const char *tag, *lang = NULL;
		size_t n;
		double q = 1.0;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		tag = p;
		n = strcspn(p, ";, \t");
		p += n;
		if (n >= 2 && (n == 2 || tag[2] == '-' || tag[2] == '_')) {
			if (!strncasecmp(tag, "en", 2))
				lang = "en";
			else if (!strncasecmp(tag, "zh", 2))
				lang = "zh";
		}
		while (*p && *p != ',') {
			if (*p == ';' && (p[1] == 'q' || p[1] == 'Q') && p[2] == '=') {
				char *end;
				q = strtod(p + 3, &end);
				if (end == p + 3 || q < 0 || q > 1)
					q = 0;
				p = end;
				continue;
			}
			p++;
		}
		if (lang && q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return best;
}

int notify_note_language(struct db *db, int64_t account_id, const char *al)
{
	const char *lang = notify_header_language(al);
	int rc;

	if (!lang)
		return ST_OK;
	rc = store_account_set_language(db, account_id, lang);
	return rc == ST_NOTFOUND ? ST_OK : rc;
}

/* ---------------------------------------------------------------- sender */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static bool quit, woken, running;
static pthread_t thread;

void notify_wake(void)
{
	pthread_mutex_lock(&lock);
	woken = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

/* Hand every waiting mail to mail.c, each in its member's language. */
static void send_waiting(struct db *db)
{
	for (;;) {
		struct member_mail m;
		bool en;
		char *body;
		int rc;

		memset(&m, 0, sizeof m);
		rc = store_member_mail_next(db, &m);
		if (rc != ST_OK) {
			if (rc == ST_ERROR)
				log_warn("notify: reading the mail queue failed");
			return;
		}
		if (store_member_mail_claim(db, m.id) != ST_OK) {
			member_mail_free(&m);
			continue;   /* another instance took it */
		}
		if (m.account_status && strcmp(m.account_status, "active") != 0) {
			member_mail_free(&m);
			continue;   /* a disabled account is not written to */
		}
		en = m.language ? strcmp(m.language, "en") == 0 : server_english();
		if (en)
			body = xasprintf("Hello %s,\n\n%s\n\nSign in to see this in your messages.\n",
			                 m.username, m.body_en);
		else
			body = xasprintf("%s，您好：\n\n%s\n\n登录会员系统可在消息中心查看。\n",
			                 m.username, m.body_zh);
		if (mail_send(m.email, en ? m.subject_en : m.subject_zh, body) != 0)
			log_warn("notify: mail %lld to account %lld not accepted",
			         (long long)m.id, (long long)m.account_id);
		free(body);
		member_mail_free(&m);
	}
}

struct ids {
	int64_t v[BATCH];
	int n;
};

static void collect(int64_t id, void *arg)
{
	struct ids *ids = arg;

	if (ids->n < BATCH)
		ids->v[ids->n++] = id;
}

/* One batch of the oldest broadcast still to send; true when there may be
 * more to do now. */
static bool broadcast_step(struct db *db)
{
	struct broadcast b;
	struct member_query q;
	struct ids ids = { .n = 0 };
	cJSON *f = NULL;
	char today[11];
	int rc = ST_OK;
	bool more = false;

	memset(&b, 0, sizeof b);
	if (store_broadcast_next(db, &b) != ST_OK)
		return false;
	f = cJSON_Parse(b.filter ? b.filter : "{}");
	memset(&q, 0, sizeof q);
	store_today(today);
	q.today = today;
	q.grace_days = g_cfg ? g_cfg->grace_days : 90;
	q.scope_org = b.scope_org;
	q.status = json_str_or(f, "status", NULL);
	q.level_id = json_int_or(f, "level", 0);
	q.org_id = json_int_or(f, "org", 0);
	if (staff_broadcast_targets(db, &q, json_str_or(f, "expiring_before", NULL),
	                            b.last_account, BATCH, collect, &ids, NULL) != ST_OK ||
	    db_begin(db) != ST_OK) {
		log_warn("notify: broadcast %lld: reading its members failed", (long long)b.id);
		goto out;
	}
	for (int i = 0; i < ids.n && rc == ST_OK; i++) {
		rc = store_message_add(db, ids.v[i], "notice", b.title_zh, b.title_en,
		                       b.body_zh, b.body_en, "broadcast", b.id);
		if (rc == ST_OK && b.email)
			rc = store_member_mail_add(db, ids.v[i], b.title_zh, b.title_en,
			                           b.body_zh, b.body_en);
	}
	if (rc == ST_OK)
		rc = store_broadcast_advance(db, b.id, b.last_account,
		                             ids.n ? ids.v[ids.n - 1] : b.last_account, ids.n,
		                             ids.n < BATCH);
	if (rc == ST_OK && db_commit(db) == ST_OK) {
		more = true;
		if (ids.n < BATCH)
			log_info("broadcast %lld sent to %lld members", (long long)b.id,
			         (long long)(b.sent + ids.n));
	} else {
		db_rollback(db);
		if (rc != ST_CONFLICT)
			log_warn("notify: broadcast %lld: a batch failed", (long long)b.id);
	}
out:
	cJSON_Delete(f);
	broadcast_free(&b);
	return more;
}

static void *sender(void *arg)
{
	struct db *db = db_open(g_cfg->db_path);

	(void)arg;
	if (!db) {
		log_error("notify: cannot open the database");
		return NULL;
	}
	for (;;) {
		struct timespec until;
		bool stop;

		while (broadcast_step(db)) {
			send_waiting(db);
			pthread_mutex_lock(&lock);
			stop = quit;
			pthread_mutex_unlock(&lock);
			if (stop)
				break;
		}
		send_waiting(db);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += IDLE_WAIT_MS / 1000;
		pthread_mutex_lock(&lock);
		while (!quit && !woken)
			if (pthread_cond_timedwait(&cond, &lock, &until) != 0)
				break;
		woken = false;
		stop = quit;
		pthread_mutex_unlock(&lock);
		if (stop)
			break;
	}
	/* hand over what is queued before mail.c stops */
	send_waiting(db);
	db_close(db);
	return NULL;
}

int notify_start(void)
{
	quit = false;
	if (pthread_create(&thread, NULL, sender, NULL) != 0) {
		log_error("notify: cannot start the sender thread");
		return -1;
	}
	running = true;
	return 0;
}

void notify_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	quit = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = false;
}
