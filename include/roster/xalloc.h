/* Allocation wrappers that abort on out-of-memory; size 0 is treated as 1. */
#ifndef ROSTER_XALLOC_H
#define ROSTER_XALLOC_H

#include <stddef.h>
#include <stdlib.h> /* free() for xfree */

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Free *pp and set it to NULL. */
#define xfree(pp) do { free(*(pp)); *(pp) = NULL; } while (0)

#endif
