/* The optional ?include= of the routes a member screen opens with: a
 * comma-separated list of names, each adding one piece under "included"
 * in the answer, equal to what its own route answers, so a screen gets
 * what it shows in one round trip on a slow link. Without ?include= the
 * answer is exactly as before.
 *
 *	name            piece (the same as)
 *	orgs            GET /orgs
 *	levels          GET /levels?member_type=<the caller's member type>
 *	form            GET /forms/<the caller's member type> (null: none)
 *	profile_change  GET /applications/{id} of the latest profile change, or null
 *	level_change    GET /applications/{id} of the latest level change, or null
 *	branch_joins    GET /applications?kind=branch_join&page=1&per_page=100
 *
 * Each route accepts a subset (roster-api(7) lists which). */
#ifndef ROSTERD_INCLUDED_H
#define ROSTERD_INCLUDED_H

#include <stdbool.h>
#include <cjson/cJSON.h>

struct req;
struct resp;

enum {
	INC_ORGS           = 1u << 0,
	INC_LEVELS         = 1u << 1,
	INC_FORM           = 1u << 2,
	INC_PROFILE_CHANGE = 1u << 3,
	INC_LEVEL_CHANGE   = 1u << 4,
	INC_BRANCH_JOINS   = 1u << 5,
};

/* Read ?include= into *want (INC_* bits; 0 when absent or empty). A name
 * that is unknown or not among allowed answers 422 with fields.include
 * and returns false; run it before the route changes anything. */
bool included_parse(struct req *req, struct resp *resp, unsigned allowed, unsigned *want);

/* Add "included": {name: piece, …} to obj for the bits of want (nothing
 * when want is 0); member_type picks the levels and the form. False on a
 * store error (obj is then left without "included"). */
bool included_add(struct req *req, cJSON *obj, unsigned want, const char *member_type);

#endif
