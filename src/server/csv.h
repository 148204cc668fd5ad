/* CSV (RFC 4180) for rosterd import and export: fields separated by
 * commas, quoted with '"' when they hold a comma, quote or line end,
 * records ended by CRLF (LF accepted when reading). */
#ifndef ROSTERD_CSV_H
#define ROSTERD_CSV_H

#include <stddef.h>
#include <stdio.h>

struct csv_reader {
	const char *p, *end;      /* the text still to read (borrowed) */
	int line;                 /* line where the record just read starts (1-based) */
	int next_line;
	char **fields;            /* the record just read (owned by the reader) */
	size_t n, cap;
};

/* Read text (UTF-8, without a BOM) record by record. */
void csv_reader_init(struct csv_reader *r, const char *text, size_t len);
/* The next record into r->fields / r->n: 1, 0 at the end, -1 when a quoted
 * field is not closed. Blank lines are skipped. */
int csv_next(struct csv_reader *r);
void csv_reader_free(struct csv_reader *r);

/* Write one field (NULL = empty) and, with last, the record's end. */
void csv_put(FILE *f, const char *s, int last);

/* The file's bytes as UTF-8 (malloc'd, NUL-terminated, BOM removed): taken
 * as UTF-8 when it is valid UTF-8 (or encoding is "utf-8"), else converted
 * from GB18030 (or from encoding, an iconv name). NULL with *why set. */
char *csv_load_utf8(const char *path, const char *encoding, size_t *len, const char **why);

#endif
