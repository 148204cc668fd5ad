/* Log lines on stderr, one write(2) per line so threads never interleave. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "log.h"

static int log_level = 2;

void log_set_level(int level)
{
	log_level = level;
}

static void log_line(const char *level, const char *fmt, va_list ap)
{
	char buf[2048];
	struct timespec ts;
	struct tm tm;
	size_t n;
	int r;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	r = snprintf(buf + n, sizeof buf - n, " rosterd[%ld]: %s ", (long)getpid(), level);
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
	/* one write per line: lines from several threads never mix */
	ssize_t w = write(STDERR_FILENO, buf, n);
	(void)w;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	log_line("info", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	log_line("warn", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line("error", fmt, ap);
	va_end(ap);
}

/* The path is printed with control characters and quotes escaped, so a
 * hostile path cannot forge log lines. */
void log_request(const char *method, const char *path, int status,
                 uint64_t bytes, uint64_t usec, int64_t account_id)
{
	char safe[512];
	size_t j = 0;

	if (log_level < 2)
		return;
	for (const unsigned char *p = (const unsigned char *)path; *p && j < sizeof safe - 5; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\')
			j += (size_t)snprintf(safe + j, sizeof safe - j, "\\x%02x", *p);
		else
			safe[j++] = (char)*p;
	}
	safe[j] = '\0';
	log_info("%s \"%s\" %d %llu %lluus acct=%lld", method, safe, status,
	         (unsigned long long)bytes, (unsigned long long)usec, (long long)account_id);
}
