/* The members staff see beside a page of a list (view_member_ref each),
 * read with a fixed number of statements whatever the page's length: the
 * accounts, member records, levels and organisations one statement each. */
#ifndef ROSTERD_VIEWS_MEMBER_PAGE_H
#define ROSTERD_VIEWS_MEMBER_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct db;

/* view_member_ref of each of account_ids[0..n) into out[0..n) (the
 * caller's). ST_OK, or ST_ERROR when a statement failed (logged; out is
 * filled all the same with what could be read). */
int view_member_refs(struct db *db, const int64_t *account_ids, size_t n, cJSON **out);

#endif
