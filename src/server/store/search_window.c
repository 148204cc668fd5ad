/* Which part of a long search text the member search looks up (SQLite).
 *
 * FTS5 finds a phrase of trigrams by walking the list of members holding
 * each of them, so a search takes as long as its most common trigrams
 * make it. A pinyin username of 14 letters holds "ang" (85,000 of 200,000
 * members) and "ing" (44,000): looking it up whole took 1.7 ms, where the
 * five letters "iexiu" of it, held by a few members, take 0.2 ms. A search
 * of more than five characters is therefore looked up by the five (three
 * trigrams in a row) whose trigrams the fewest members hold between them,
 * and the members found are checked against the whole text with LIKE
 * (staff_queries.c).
 *
 * How many members hold each trigram is read from the index's own
 * vocabulary (fts5vocab: 0.4 s for 200,000 members) by the first search
 * of the process, and again by the first search an hour later, by one
 * worker while the others go on with what was read before. A count gone
 * stale only chooses a window less well: what it finds is still checked
 * against the whole text. A trigram the counts do not hold counts 0. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "roster/utf8.h"
#include "roster/xalloc.h"
#include "store/db.h"
#include "store/search_window.h"

#define REREAD_SECONDS 3600
#define TRIGRAM_MAX 12   /* three characters of up to four bytes */

struct trigram {
	char text[TRIGRAM_MAX + 1];
	uint32_t members;
};

struct counts {
	struct trigram *t;
	size_t n;
	time_t read_at;   /* CLOCK_MONOTONIC seconds */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct counts *current;   /* under lock */
static bool reading;             /* a worker is reading them anew */

static time_t monotonic_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int trigram_cmp(const void *a, const void *b)
{
	return strcmp(((const struct trigram *)a)->text, ((const struct trigram *)b)->text);
}

static void counts_free(struct counts *c)
{
	if (c) {
		free(c->t);
		free(c);
	}
}

/* The index's vocabulary, or NULL. */
static struct counts *counts_read(struct db *db)
{
	struct counts *c;
	struct db_stmt *st;
	size_t cap = 0;
	int row;

	if (db_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.member_search_vocab"
	                " USING fts5vocab(main, member_search, row)") != ST_OK)
		return NULL;
	st = db_stmt(db, "SELECT term, doc FROM temp.member_search_vocab");
	if (!st)
		return NULL;
	c = xcalloc(1, sizeof *c);
	while ((row = db_row(st)) == 1) {
		const char *text = db_col_ctext(st, 0);
		int64_t members = db_col_int(st, 1);

		if (!text || strlen(text) > TRIGRAM_MAX)
			continue;
		if (c->n == cap) {
			cap = cap ? cap * 2 : 4096;
			c->t = xrealloc(c->t, cap * sizeof *c->t);
		}
		strcpy(c->t[c->n].text, text);
		c->t[c->n].members = members > UINT32_MAX ? UINT32_MAX : (uint32_t)members;
		c->n++;
	}
	db_reset(st);
	if (row < 0) {
		counts_free(c);
		return NULL;
	}
	qsort(c->t, c->n, sizeof *c->t, trigram_cmp);
	c->read_at = monotonic_now();
	return c;
}

/* The counts are there and fresh, or this worker reads them (and the
 * others go on with the old ones, or without). */
static void counts_refresh(struct db *db)
{
	struct counts *fresh, *old = NULL;
	bool mine;

	pthread_mutex_lock(&lock);
	mine = !reading && (!current || monotonic_now() - current->read_at >= REREAD_SECONDS);
	if (mine)
		reading = true;
	pthread_mutex_unlock(&lock);
	if (!mine)
		return;
	fresh = counts_read(db);
	pthread_mutex_lock(&lock);
	reading = false;
	if (fresh) {
		old = current;
		current = fresh;
	}
	pthread_mutex_unlock(&lock);
	counts_free(old);
}

size_t search_window_pick(const uint32_t *counts, size_t n, size_t w)
{
	uint64_t sum = 0, best;
	size_t at = 0;

	for (size_t i = 0; i < w; i++)
		sum += counts[i];
	best = sum;
	for (size_t i = w; i < n; i++) {
		sum += counts[i];
		sum -= counts[i - w];
		if (sum < best) {
			best = sum;
			at = i - w + 1;
		}
	}
	return at;
}

size_t search_window(struct db *db, const char *q, size_t *start)
{
	size_t chars = utf8_chars(q), size = strlen(q), n, at, len;
	size_t *offs;   /* byte offset of each character, and of the end */
	uint32_t *counts, cp;
	bool known;

	if (chars <= SEARCH_WINDOW_TRIGRAMS + 2)
		return 0;
	counts_refresh(db);
	offs = xcalloc(chars + 1, sizeof *offs);
	for (size_t i = 1; i <= chars; i++) {
		int used = utf8_decode(q + offs[i - 1], size - offs[i - 1], &cp);

		offs[i] = offs[i - 1] + (used > 0 ? (size_t)used : 1);   /* as utf8_chars counts */
	}
	n = chars - 2;
	counts = xcalloc(n, sizeof *counts);
	pthread_mutex_lock(&lock);
	known = current != NULL;
	for (size_t i = 0; known && i < n; i++) {
		struct trigram key, *hit;
		size_t bytes = offs[i + 3] - offs[i];

		if (bytes > TRIGRAM_MAX)
			continue;
		/* as the index holds it: ASCII letters in lower case */
		for (size_t b = 0; b < bytes; b++) {
			char ch = q[offs[i] + b];

			key.text[b] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
		}
		key.text[bytes] = '\0';
		hit = bsearch(&key, current->t, current->n, sizeof *current->t, trigram_cmp);
		counts[i] = hit ? hit->members : 0;
	}
	pthread_mutex_unlock(&lock);
	len = 0;
	if (known) {
		at = search_window_pick(counts, n, SEARCH_WINDOW_TRIGRAMS);
		*start = offs[at];
		len = offs[at + SEARCH_WINDOW_TRIGRAMS + 2] - offs[at];
	}
	free(counts);
	free(offs);
	return len;
}
