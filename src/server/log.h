/* Log lines on stderr: "2026-11-29T08:00:00Z rosterd[pid]: LEVEL text".
 * Never log a password, token or code. */
#ifndef ROSTERD_LOG_H
#define ROSTERD_LOG_H

#include <stdint.h>

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One line per request; sql: the SQL statements it ran (db_statements). */
void log_request(const char *method, const char *path, int status,
                 uint64_t bytes, uint64_t usec, uint64_t sql, int64_t account_id);
/* 0 = errors only, 1 = + warnings, 2 = + info and requests (default). */
void log_set_level(int level);

#endif
