/* Which part of a long search text the member search looks up in its
 * trigram index, on SQLite (search_window.c). */
#ifndef ROSTERD_SEARCH_WINDOW_H
#define ROSTERD_SEARCH_WINDOW_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* The trigrams in a row a window holds: 5 characters of the text. */
#define SEARCH_WINDOW_TRIGRAMS 3

/* For q (valid UTF-8; ASCII letters may be in any case): the byte length
 * of the part of q to look up, from byte *start, or 0 when q is to be
 * looked up whole (q is short, or how common its trigrams are is not
 * known). What the part finds must then be checked against q. */
size_t search_window(struct db *db, const char *q, size_t *start);

/* The first of the w trigrams in a row (of n, counts[i] the members
 * holding the i-th) that the fewest members hold between them; the
 * earliest of equals. n >= w >= 1. */
size_t search_window_pick(const uint32_t *counts, size_t n, size_t w);

#endif
