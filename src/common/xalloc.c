/* Allocation wrappers: out of memory is not a condition either program can
 * recover from in a useful way, so say so and abort. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "roster/xalloc.h"

static void xalloc_die(size_t n)
{
	fprintf(stderr, "roster: out of memory (%zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	if (n == 0)
		n = 1;
	void *p = malloc(n);
	if (p == NULL)
		xalloc_die(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (nmemb > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	void *p = calloc(nmemb, size);
	if (p == NULL)
		xalloc_die(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	if (n == 0)
		n = 1;
	void *q = realloc(p, n);
	if (q == NULL)
		xalloc_die(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		xalloc_die(strlen(fmt));
	return s;
}
