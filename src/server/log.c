/* Log lines on stderr. Lines go into one buffer under a mutex (so threads
 * never interleave and the order is kept) and reach stderr at most ~100 ms
 * later: at once for warnings and errors or when the last flush is that old,
 * else from a flusher thread. One write(2) per request line cost a syscall on
 * the hot path. Whatever is buffered is written at exit.
 *
 * Under systemd, when stderr is the journal (JOURNAL_STREAM names it), a
 * line is "<N>level message" with the syslog priority N and no time or
 * pid, which the journal adds itself. */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include "log.h"

#define LOG_BUF (64 * 1024)
#define LOG_LINE 2048
#define FLUSH_NS (100 * 1000000LL)

static int log_level = 2;
static long log_pid;
static bool log_journal;           /* stderr is the systemd journal */

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t log_cv = PTHREAD_COND_INITIALIZER;
static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static char log_buf[LOG_BUF];
static size_t log_len;
static long long log_flushed_ns;   /* CLOCK_MONOTONIC of the last flush */
static bool log_flusher;           /* the flusher thread runs */

void log_set_level(int level)
{
	log_level = level;
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Caller holds log_mu. */
static void log_flush_locked(void)
{
	size_t off = 0;

	while (off < log_len) {
		ssize_t w = write(STDERR_FILENO, log_buf + off, log_len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	log_len = 0;
	log_flushed_ns = mono_ns();
}

static void *log_flusher_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&log_mu);
	for (;;) {
		while (log_len == 0)
			pthread_cond_wait(&log_cv, &log_mu);
		long long due = log_flushed_ns + FLUSH_NS, now = mono_ns();
		if (now < due) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			long long ns = ts.tv_nsec + (due - now);
			ts.tv_sec += (time_t)(ns / 1000000000LL);
			ts.tv_nsec = (long)(ns % 1000000000LL);
			pthread_cond_timedwait(&log_cv, &log_mu, &ts);
			continue;
		}
		log_flush_locked();
	}
	return NULL;
}

static void log_at_exit(void)
{
	pthread_mutex_lock(&log_mu);
	log_flush_locked();
	pthread_mutex_unlock(&log_mu);
}

static void log_child_after_fork(void)
{
	log_pid = (long)getpid();
}

/* JOURNAL_STREAM is "device:inode" of the journal's stream. */
static bool stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!js || sscanf(js, "%llu:%llu", &dev, &ino) != 2 || fstat(STDERR_FILENO, &st) != 0)
		return false;
	return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

static void log_init(void)
{
	pthread_t t;
	pthread_attr_t attr;

	log_pid = (long)getpid();
	log_journal = stderr_is_journal();
	pthread_atfork(NULL, NULL, log_child_after_fork);
	atexit(log_at_exit);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	log_flusher = pthread_create(&t, &attr, log_flusher_main, NULL) == 0;
	pthread_attr_destroy(&attr);
}

static void log_line(const char *level, int prio, bool urgent, const char *fmt, va_list ap)
{
	char buf[LOG_LINE];
	struct timespec ts;
	struct tm tm;
	size_t n;
	int r;

	pthread_once(&log_once, log_init);
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (log_journal) {
		n = 0;
		r = snprintf(buf, sizeof buf, "<%d>%s ", prio, level);
	} else {
		n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
		r = snprintf(buf + n, sizeof buf - n, " rosterd[%ld]: %s ", log_pid, level);
	}
	if (r > 0)
		n += (size_t)r;
	if (n < sizeof buf) {
		r = vsnprintf(buf + n, sizeof buf - n, fmt, ap);
		if (r > 0)
			n += (size_t)r;
	}
	if (n >= sizeof buf - 1)
		n = sizeof buf - 2;
	buf[n++] = '\n';

	pthread_mutex_lock(&log_mu);
	if (log_len + n > sizeof log_buf)
		log_flush_locked();
	memcpy(log_buf + log_len, buf, n);
	log_len += n;
	if (urgent || !log_flusher || mono_ns() - log_flushed_ns >= FLUSH_NS)
		log_flush_locked();
	else
		pthread_cond_signal(&log_cv);
	pthread_mutex_unlock(&log_mu);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	log_line("info", 6, false, fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	log_line("warn", 4, true, fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("error", 3, true, fmt, ap);
	va_end(ap);
}

/* Segments after which a path carries a secret: a phone hand-off link
 * (/h/<token>) and a sandbox payment code (/pay/sb/<token>). A route that
 * matched logs its pattern instead (ROUTE_LOG_PATTERN); this covers every
 * other path, such as a mistyped link (/h/<token>/x, //h/<token>). */
static const char *const secret_after[] = { "h", "sb", NULL };

static bool secret_follows(const char *seg, size_t len)
{
	for (size_t i = 0; secret_after[i]; i++)
		if (strlen(secret_after[i]) == len && strncasecmp(seg, secret_after[i], len) == 0)
			return true;
	return false;
}

/* The path is printed with control characters and quotes escaped, so a
 * hostile path cannot forge log lines, and with a secret segment shown as
 * {token}. */
void log_request(const char *method, const char *path, int status,
                 uint64_t bytes, uint64_t usec, uint64_t sql, int64_t account_id)
{
	char safe[512];
	size_t j = 0;
	const char *seg = path;       /* start of the current segment */
	bool redact = false;          /* the current segment is a secret */

	if (log_level < 2)
		return;
	for (const unsigned char *p = (const unsigned char *)path; *p && j < sizeof safe - 8; p++) {
		if (*p == '/') {
			redact = secret_follows(seg, (size_t)((const char *)p - seg));
			seg = (const char *)p + 1;
			safe[j++] = '/';
			if (redact && p[1] && p[1] != '/')
				j += (size_t)snprintf(safe + j, sizeof safe - j, "{token}");
		} else if (redact) {
			continue;
		} else if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\') {
			j += (size_t)snprintf(safe + j, sizeof safe - j, "\\x%02x", *p);
		} else {
			safe[j++] = (char)*p;
		}
	}
	safe[j] = '\0';
	log_info("%s \"%s\" %d %llu %lluus sql=%llu acct=%lld", method, safe, status,
	         (unsigned long long)bytes, (unsigned long long)usec, (unsigned long long)sql,
	         (long long)account_id);
}
