/* The counts kept as rows change (migration 128: member_tally and
 * order_tally, by branch since 137, read by staff_queries.c; 133:
 * application_tally, read by applications.c). */
#ifndef ROSTERD_STORE_TALLIES_H
#define ROSTERD_STORE_TALLIES_H

struct db;

/* Count the tallies again from the tables when they were counted in
 * another time zone than the association's (or never): a year of payment
 * depends on it. Run at every start, after the migrations. ST_OK or
 * ST_ERROR. */
int store_tallies_check(struct db *db);
/* For one long write transaction (a seed, an import), begun: on PostgreSQL
 * the triggers stop counting until it ends (each count a row updated
 * thousands of times in one transaction would make every next update walk
 * all its versions); store_tallies_recount, just before the commit, counts
 * everything again. SQLite updates a row in place and keeps counting. */
int store_tallies_pause(struct db *db);
int store_tallies_recount(struct db *db);

#endif
