/* SMTP sink for tests (see smtp_sink.h): one thread, one client at a time,
 * enough of RFC 5321 for libcurl (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
 * and AUTH PLAIN (RFC 4954) when asked to offer it. It never offers
 * STARTTLS. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "smtp_sink.h"

struct msg {
	char *rcpt;
	char *data;
	struct msg *next;
};

struct smtp_sink {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	atomic_bool quit;
	struct msg *msgs, *last;
	int count;
	unsigned flags;         /* SMTP_SINK_* */
	char *wire;             /* every line a client sent, CRLF-terminated */
	size_t wire_len;
};

static void say(int c, const char *line)
{
	ssize_t w = send(c, line, strlen(line), MSG_NOSIGNAL);
	(void)w;
}

static void wire_add(struct smtp_sink *s, const char *line)
{
	size_t n = strlen(line);

	pthread_mutex_lock(&s->lock);
	s->wire = realloc(s->wire, s->wire_len + n + 3);
	memcpy(s->wire + s->wire_len, line, n);
	memcpy(s->wire + s->wire_len + n, "\r\n", 3);
	s->wire_len += n + 2;
	pthread_mutex_unlock(&s->lock);
}

/* Read one CRLF line into buf (without CRLF); false at EOF/quit. Every
 * line is kept in the transcript. */
static bool get_line(struct smtp_sink *s, int c, char *buf, size_t len)
{
	size_t n = 0;

	for (;;) {
		struct pollfd p = { c, POLLIN, 0 };
		char ch;
		int r = poll(&p, 1, 100);
		if (r == 0) {
			if (s->quit)
				return false;
			continue;
		}
		if (r < 0 || recv(c, &ch, 1, 0) != 1)
			return false;
		if (ch == '\n') {
			if (n && buf[n - 1] == '\r')
				n--;
			buf[n] = '\0';
			wire_add(s, buf);
			return true;
		}
		if (n < len - 1)
			buf[n++] = ch;
	}
}

static char *address_of(const char *arg)
{
	const char *lt = strchr(arg, '<'), *gt = lt ? strchr(lt, '>') : NULL;

	if (!lt || !gt)
		return strdup(arg);
	return strndup(lt + 1, (size_t)(gt - lt - 1));
}

static void session(struct smtp_sink *s, int c)
{
	char line[4096];
	char *rcpt = NULL;

	say(c, "220 sink.test ESMTP ready\r\n");
	while (get_line(s, c, line, sizeof line)) {
		if (!strncasecmp(line, "EHLO", 4)) {
			say(c, "250-sink.test\r\n250-8BITMIME\r\n");
			if (s->flags & SMTP_SINK_AUTH)
				say(c, "250-AUTH PLAIN\r\n");
			say(c, "250 SIZE 10485760\r\n");
		} else if ((s->flags & SMTP_SINK_AUTH) && !strncasecmp(line, "AUTH PLAIN", 10)) {
			/* the credentials come with the command or after a 334 */
			if (!line[10]) {
				say(c, "334 \r\n");
				if (!get_line(s, c, line, sizeof line))
					break;
			}
			say(c, "235 2.7.0 accepted\r\n");
		} else if (!strncasecmp(line, "HELO", 4)) {
			say(c, "250 sink.test\r\n");
		} else if (!strncasecmp(line, "MAIL FROM:", 10)) {
			say(c, "250 OK\r\n");
		} else if (!strncasecmp(line, "RCPT TO:", 8)) {
			free(rcpt);
			rcpt = address_of(line + 8);
			say(c, "250 OK\r\n");
		} else if (!strncasecmp(line, "DATA", 4)) {
			size_t cap = 4096, len = 0;
			char *data = malloc(cap);
			say(c, "354 go ahead\r\n");
			while (get_line(s, c, line, sizeof line)) {
				const char *l = line;
				if (strcmp(line, ".") == 0)
					break;
				if (line[0] == '.')
					l++;   /* dot-unstuffing */
				size_t ll = strlen(l);
				if (len + ll + 3 > cap) {
					cap = (len + ll + 3) * 2;
					data = realloc(data, cap);
				}
				memcpy(data + len, l, ll);
				len += ll;
				memcpy(data + len, "\r\n", 2);
				len += 2;
			}
			data[len] = '\0';
			struct msg *m = calloc(1, sizeof *m);
			m->rcpt = rcpt ? strdup(rcpt) : strdup("");
			m->data = data;
			pthread_mutex_lock(&s->lock);
			if (s->last)
				s->last->next = m;
			else
				s->msgs = m;
			s->last = m;
			s->count++;
			pthread_cond_broadcast(&s->cond);
			pthread_mutex_unlock(&s->lock);
			say(c, "250 OK queued\r\n");
		} else if (!strncasecmp(line, "QUIT", 4)) {
			say(c, "221 bye\r\n");
			break;
		} else if (!strncasecmp(line, "RSET", 4) || !strncasecmp(line, "NOOP", 4)) {
			say(c, "250 OK\r\n");
		} else {
			say(c, "502 not implemented\r\n");
		}
	}
	free(rcpt);
}

static void *sink_main(void *arg)
{
	struct smtp_sink *s = arg;

	while (!s->quit) {
		struct pollfd p = { s->fd, POLLIN, 0 };
		if (poll(&p, 1, 100) <= 0)
			continue;
		int c = accept(s->fd, NULL, NULL);
		if (c < 0)
			continue;
		session(s, c);
		close(c);
	}
	return NULL;
}

struct smtp_sink *smtp_sink_start(int *port)
{
	return smtp_sink_start_ex(port, 0);
}

struct smtp_sink *smtp_sink_start_ex(int *port, unsigned flags)
{
	struct smtp_sink *s = calloc(1, sizeof *s);
	struct sockaddr_in sa = { 0 };
	socklen_t sl = sizeof sa;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(s->fd, 16) != 0 || getsockname(s->fd, (struct sockaddr *)&sa, &sl) != 0) {
		if (s->fd >= 0)
			close(s->fd);
		free(s);
		return NULL;
	}
	*port = ntohs(sa.sin_port);
	s->flags = flags;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	if (pthread_create(&s->thread, NULL, sink_main, s) != 0) {
		close(s->fd);
		free(s);
		return NULL;
	}
	return s;
}

char *smtp_sink_wait(struct smtp_sink *s, const char *rcpt, int n, int timeout_ms)
{
	struct timespec until;
	char *out = NULL;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	for (;;) {
		int seen = 0;
		for (struct msg *m = s->msgs; m; m = m->next)
			if (strcasecmp(m->rcpt, rcpt) == 0 && ++seen == n) {
				out = strdup(m->data);
				break;
			}
		if (out || pthread_cond_timedwait(&s->cond, &s->lock, &until) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&s->lock);
	return out;
}

int smtp_sink_count(struct smtp_sink *s)
{
	int n;

	pthread_mutex_lock(&s->lock);
	n = s->count;
	pthread_mutex_unlock(&s->lock);
	return n;
}

char *smtp_sink_transcript(struct smtp_sink *s)
{
	char *out;

	pthread_mutex_lock(&s->lock);
	out = strndup(s->wire ? s->wire : "", s->wire_len);
	pthread_mutex_unlock(&s->lock);
	return out;
}

void smtp_sink_stop(struct smtp_sink *s)
{
	if (!s)
		return;
	s->quit = true;
	pthread_join(s->thread, NULL);
	close(s->fd);
	for (struct msg *m = s->msgs, *n; m; m = n) {
		n = m->next;
		free(m->rcpt);
		free(m->data);
		free(m);
	}
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s->wire);
	free(s);
}
