/* Outgoing mail: files in the outbox directory, or SMTP through libcurl
 * from a sender thread that works through the mail_outbox table (see
 * mail.h). */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include <sodium.h>
#include "roster/xalloc.h"
#include "log.h"
#include "mail.h"
#include "server.h"
#include "store/mail_outbox.h"
#include "store/store.h"

#define RETRY_FIRST 10         /* seconds before the first retry; then x3 */
#define RETRY_MAX   3600       /* the longest pause between tries */
#define GIVE_UP     86400      /* seconds after which a message is given up */
#define IDLE_CHECK  60         /* look at the table at least this often */

struct mail {
	char *to;
	char *text;            /* the whole message, CRLF line ends */
	size_t len;
};

static pthread_mutex_t sender_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sender_cond = PTHREAD_COND_INITIALIZER;
static bool sender_wake;
static bool sender_quit;
static bool sender_running;
static pthread_t sender_thread;
static atomic_uint outbox_seq;

/* ---------------------------------------------------------------- building */

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static bool is_ascii_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* RFC 2047 encoded-words of at most 45 input bytes each (60 characters of
 * base64), never splitting a UTF-8 character, joined by folding. */
static void buf_encoded_words(struct buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	if (is_ascii_printable(s)) {
		buf_str(b, s);
		return;
	}
	while (i < len) {
		size_t n = len - i > 45 ? 45 : len - i;
		char enc[80];

		while (i + n < len && n > 0 && ((unsigned char)s[i + n] & 0xC0) == 0x80)
			n--;
		sodium_bin2base64(enc, sizeof enc, (const unsigned char *)s + i, n,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (i > 0)
			buf_str(b, "\r\n ");
		buf_str(b, "=?UTF-8?B?");
		buf_str(b, enc);
		buf_str(b, "?=");
		i += n;
	}
}

/* Header and CR/LF injection: a header value must be one line. */
static bool one_line(const char *s)
{
	return !strpbrk(s, "\r\n");
}

/* The message. base64_body: for SMTP (no 8BITMIME needed); the outbox keeps
 * the body readable as 8bit UTF-8. */
static char *mail_build(const char *to, const char *subject, const char *body,
                        bool base64_body, size_t *len)
{
	struct buf b = { 0 };
	char date[64], id[40];
	unsigned char rnd[12];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(id, sizeof id, rnd, sizeof rnd);

	buf_str(&b, "From: ");
	if (g_cfg->mail_from_name && *g_cfg->mail_from_name) {
		buf_encoded_words(&b, g_cfg->mail_from_name);
		buf_str(&b, " ");
	}
	buf_str(&b, "<");
	buf_str(&b, g_cfg->mail_from);
	buf_str(&b, ">\r\nTo: <");
	buf_str(&b, to);
	buf_str(&b, ">\r\nSubject: ");
	buf_encoded_words(&b, subject);
	buf_str(&b, "\r\nDate: ");
	buf_str(&b, date);
	buf_str(&b, "\r\nMessage-ID: <");
	buf_str(&b, id);
	buf_str(&b, "@roster>\r\nMIME-Version: 1.0\r\n"
	            "Content-Type: text/plain; charset=UTF-8\r\n");
	if (base64_body) {
		size_t blen = strlen(body);
		size_t elen = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
		char *enc = xmalloc(elen);

		sodium_bin2base64(enc, elen, (const unsigned char *)body, blen,
		                  sodium_base64_VARIANT_ORIGINAL);
		buf_str(&b, "Content-Transfer-Encoding: base64\r\n\r\n");
		for (size_t i = 0, n = strlen(enc); i < n; i += 76) {
			buf_add(&b, enc + i, n - i > 76 ? 76 : n - i);
			buf_str(&b, "\r\n");
		}
		free(enc);
	} else {
		buf_str(&b, "Content-Transfer-Encoding: 8bit\r\n\r\n");
		for (const char *p = body; *p; p++) {
			if (*p == '\n' && (p == body || p[-1] != '\r'))
				buf_str(&b, "\r\n");
			else
				buf_add(&b, p, 1);
		}
		if (b.len < 2 || memcmp(b.p + b.len - 2, "\r\n", 2) != 0)
			buf_str(&b, "\r\n");
	}
	*len = b.len;
	return b.p;
}

/* ---------------------------------------------------------------- outbox */

static int mkdir_p(const char *path)
{
	char *p = xstrdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0700) != 0 && errno != EEXIST) {
				free(p);
				return -1;
			}
			*s = '/';
		}
	}
	int rc = (mkdir(p, 0700) != 0 && errno != EEXIST) ? -1 : 0;
	free(p);
	return rc;
}

static int outbox_write(const char *to, const char *text, size_t len)
{
	char safe[256], stamp[32], *path, *tmp;
	struct timespec ts;
	struct tm tm;
	size_t j = 0;
	FILE *f;

	for (const char *p = to; *p && j < sizeof safe - 1; p++)
		safe[j++] = (isalnum((unsigned char)*p) || strchr("@._+-", *p))
		            ? (char)tolower((unsigned char)*p) : '_';
	safe[j] = '\0';
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	if (mkdir_p(g_cfg->outbox_dir) != 0) {
		log_error("mail: cannot create %s: %s", g_cfg->outbox_dir, strerror(errno));
		return -1;
	}
	/* time, then a sequence number: the newest sorts last by name */
	path = xasprintf("%s/%s.%09ld-%06u-%s.eml", g_cfg->outbox_dir, stamp, ts.tv_nsec,
	                 atomic_fetch_add(&outbox_seq, 1) % 1000000u, safe);
	tmp = xasprintf("%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		log_error("mail: cannot write %s: %s", tmp, strerror(errno));
		if (f)
			unlink(tmp);
		free(path);
		free(tmp);
		return -1;
	}
	/* rename: a reader never sees half a message */
	if (rename(tmp, path) != 0) {
		log_error("mail: cannot rename %s: %s", tmp, strerror(errno));
		unlink(tmp);
		free(path);
		free(tmp);
		return -1;
	}
	log_info("mail to %s written to %s", to, path);
	free(path);
	free(tmp);
	return 0;
}

/* ---------------------------------------------------------------- SMTP */

struct reader {
	const char *p;
	size_t left;
};

static size_t smtp_read(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct reader *r = userp;
	size_t n = size * nmemb;

	if (n > r->left)
		n = r->left;
	memcpy(ptr, r->p, n);
	r->p += n;
	r->left -= n;
	return n;
}

static int smtp_send(const struct mail *m)
{
	CURL *c = curl_easy_init();
	struct curl_slist *rcpt = NULL;
	struct reader rd = { m->text, m->len };
	char from[320], to[320];
	bool creds;
	CURLcode rc;

	if (!c)
		return -1;
	snprintf(from, sizeof from, "<%s>", g_cfg->mail_from);
	snprintf(to, sizeof to, "<%s>", m->to);
	rcpt = curl_slist_append(rcpt, to);
	curl_easy_setopt(c, CURLOPT_URL, g_cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &rd);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)g_cfg->smtp_timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* smtps:// is TLS from the start. With credentials, TLS is required:
	 * a STARTTLS stripped on the way must not make us send the password
	 * in clear. Without them, STARTTLS when the server offers it. */
	creds = (g_cfg->smtp_user && *g_cfg->smtp_user) || (g_cfg->smtp_pass && *g_cfg->smtp_pass);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(creds ? CURLUSESSL_ALL : CURLUSESSL_TRY));
	if (g_cfg->smtp_user)
		curl_easy_setopt(c, CURLOPT_USERNAME, g_cfg->smtp_user);
	if (g_cfg->smtp_pass)
		curl_easy_setopt(c, CURLOPT_PASSWORD, g_cfg->smtp_pass);
	rc = curl_easy_perform(c);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	if (rc == CURLE_USE_SSL_FAILED) {
		log_error("mail to %s via SMTP failed: the server offers no TLS (STARTTLS), and"
		          " with mail.smtp_user or mail.smtp_pass set the password is only sent"
		          " over TLS; nothing was sent", m->to);
		return -1;
	}
	if (rc != CURLE_OK) {
		log_error("mail to %s via SMTP failed: %s", m->to, curl_easy_strerror(rc));
		return -1;
	}
	log_info("mail to %s sent via SMTP", m->to);
	return 0;
}

/* The pause before try n + 1 after n failed ones. */
static int64_t retry_pause(int n)
{
	int64_t pause = RETRY_FIRST;

	while (--n > 0 && pause < RETRY_MAX)
		pause *= 3;
	return pause < RETRY_MAX ? pause : RETRY_MAX;
}

/* Send every message that is due; false when the database failed. */
static bool deliver_due(struct db *db)
{
	for (;;) {
		struct mail_row row;
		int64_t now = store_now();
		int rc;

		pthread_mutex_lock(&sender_lock);
		bool quit = sender_quit;
		pthread_mutex_unlock(&sender_lock);
		if (quit)
			return true;
		/* claimed for longer than a try can take: a server that stops
		 * mid-try leaves it to the next one */
		rc = store_mail_claim(db, now, now + g_cfg->smtp_timeout + 60, &row);
		if (rc == ST_NOTFOUND)
			return true;
		if (rc != ST_OK)
			return false;
		struct mail m = { row.recipient, row.message, strlen(row.message) };
		if (smtp_send(&m) == 0) {
			rc = store_mail_sent(db, row.id);
		} else if (store_now() - row.created_at >= GIVE_UP) {
			log_error("mail to %s given up after %d tries over a day; it stays in the "
			          "mail_outbox table (status 'failed')", row.recipient, row.attempts);
			rc = store_mail_fail(db, row.id);
		} else {
			int64_t pause = retry_pause(row.attempts);
			log_warn("mail to %s: try %d failed, next in %lld s", row.recipient,
			         row.attempts, (long long)pause);
			rc = store_mail_retry(db, row.id, store_now() + pause);
		}
		mail_row_free(&row);
		if (rc != ST_OK)
			return false;
	}
}

static void *sender_main(void *arg)
{
	/* this thread's own connection, closed when it ends */
	struct db *db = db_thread();

	(void)arg;
	if (!db)
		log_error("mail: the sender cannot open the database; mail waits in mail_outbox");
	pthread_mutex_lock(&sender_lock);
	while (!sender_quit) {
		struct timespec until;
		int64_t now, next = 0, wait = IDLE_CHECK;
		bool ok = true;

		sender_wake = false;
		pthread_mutex_unlock(&sender_lock);
		if (db) {
			ok = deliver_due(db);
			db_request_done(db);
			now = store_now();
			if (ok && store_mail_next_due(db, &next) == ST_OK && next - now < wait)
				wait = next - now;
			db_request_done(db);
		}
		if (!ok)
			log_error("mail: the mail_outbox table cannot be read; trying again in %d s",
			          IDLE_CHECK);
		pthread_mutex_lock(&sender_lock);
		if (wait < 1)
			wait = 1;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)wait;
		while (!sender_wake && !sender_quit)
			if (pthread_cond_timedwait(&sender_cond, &sender_lock, &until) == ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&sender_lock);
	return NULL;
}

/* ---------------------------------------------------------------- API */

int mail_send(const char *to, const char *subject, const char *body_utf8)
{
	struct mail m = { 0 };
	bool smtp = g_cfg->smtp_url && *g_cfg->smtp_url;
	struct db *db;
	int rc = 0;

	if (!to || !*to || !one_line(to) || !one_line(subject) || strchr(to, '>') || strchr(to, '<')) {
		log_error("mail: refused a bad address or subject");
		return -1;
	}
	m.text = mail_build(to, subject, body_utf8, smtp, &m.len);
	if (!smtp) {
		rc = outbox_write(to, m.text, m.len);
		free(m.text);
		return rc;
	}
	/* stored before the request answers; sent by the sender thread */
	db = db_thread();
	if (!db || store_mail_insert(db, to, m.text, store_now()) != ST_OK) {
		log_error("mail to %s could not be queued: it is lost", to);
		rc = -1;
	} else {
		log_info("mail to %s queued for SMTP", to);
		pthread_mutex_lock(&sender_lock);
		sender_wake = true;
		pthread_cond_signal(&sender_cond);
		pthread_mutex_unlock(&sender_lock);
	}
	sodium_memzero(m.text, m.len);
	free(m.text);
	return rc;
}

int mail_start(void)
{
	if (!g_cfg->smtp_url || !*g_cfg->smtp_url)
		return 0;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	pthread_mutex_lock(&sender_lock);
	sender_quit = false;
	if (pthread_create(&sender_thread, NULL, sender_main, NULL) != 0) {
		pthread_mutex_unlock(&sender_lock);
		log_error("mail: cannot start the sender thread");
		return -1;
	}
	sender_running = true;
	pthread_mutex_unlock(&sender_lock);
	return 0;
}

void mail_stop(void)
{
	pthread_mutex_lock(&sender_lock);
	if (!sender_running) {
		pthread_mutex_unlock(&sender_lock);
		return;
	}
	sender_quit = true;
	pthread_cond_signal(&sender_cond);
	pthread_mutex_unlock(&sender_lock);
	/* the message being sent finishes (within smtp_timeout); the rest
	 * waits in the table for the next start */
	pthread_join(sender_thread, NULL);
	pthread_mutex_lock(&sender_lock);
	sender_running = false;
	pthread_mutex_unlock(&sender_lock);
}
