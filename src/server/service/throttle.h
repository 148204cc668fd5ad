/* Rate limits kept in the database (table throttle), so several rosterd
 * instances on one database share them. A key names what is counted, e.g.
 * "login:acct:42" or "login:addr:192.0.2.1"; each key counts events in a
 * fixed window that starts at its first event. */
#ifndef ROSTERD_THROTTLE_H
#define ROSTERD_THROTTLE_H

struct db;

/* Seconds until key may be used again when it has reached limit events in
 * its window; 0 when it is free. */
int throttle_wait(struct db *db, const char *key, int limit);
/* Count one event for key (a new window of `window` seconds starts when the
 * old one is over). */
void throttle_hit(struct db *db, const char *key, int window);
/* throttle_wait, and when free, throttle_hit: for limits on every attempt. */
int throttle_take(struct db *db, const char *key, int limit, int window);
void throttle_clear(struct db *db, const char *key);

#endif
