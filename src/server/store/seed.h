/* Seeding a database with many made-up members and orders, to measure
 * rosterd at a large association's size (`rosterd seed`, make bench).
 *
 * The members look like real ones: Chinese names, mobiles, e-mail
 * addresses, individual and unit members of every level and branch of the
 * catalogue, every status (mostly active, with valid_until spread so that
 * some are in grace or expired), a join application each, and dues orders
 * for consecutive years (mostly paid). Everything is written in one
 * transaction with prepared statements; the same seed number gives the
 * same data. */
#ifndef ROSTERD_STORE_SEED_H
#define ROSTERD_STORE_SEED_H

#include <stdint.h>

struct db;

struct seed_opts {
	int64_t members;            /* member accounts to add */
	int64_t orders;             /* orders to add over them */
	uint64_t seed;              /* pseudo-random sequence; same seed, same data */
	const char *password_hash;  /* every seeded account's password hash */
};

struct seed_result {
	int64_t members, orders, paid;
	int64_t first_account, last_account;   /* account ids added */
};

/* Needs the catalogue (levels, orgs) loaded by `rosterd init`. ST_OK, or
 * ST_NOTFOUND when the catalogue is empty, ST_CONFLICT when the members
 * and years asked for cannot carry that many orders, ST_ERROR. */
int store_seed(struct db *db, const struct seed_opts *o, struct seed_result *out);

#endif
