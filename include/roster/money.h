/* Money is integer fen (1/100 yuan) in int64_t everywhere. */
#ifndef ROSTER_MONEY_H
#define ROSTER_MONEY_H

#include <stddef.h>
#include <stdint.h>

#define MONEY_BUFSZ 40
#define MONEY_MAX   INT64_C(100000000000000) /* 1e12 yuan: far beyond any fee */

/* Parse "1234", "1234.5", "1,234.50", "¥1,234.50" into fen. Refuses
 * negatives, more than two decimals, misplaced commas, junk and values above
 * MONEY_MAX. Returns 0 on success, -1 otherwise (*fen untouched). */
int money_parse(const char *s, int64_t *fen);
/* "¥1,234.50" ("-¥1.00" for negatives); returns buf. */
char *money_format(int64_t fen, char buf[MONEY_BUFSZ]);
/* "1234.50" with no symbol or separators; returns buf. */
char *money_plain(int64_t fen, char buf[MONEY_BUFSZ]);
/* Amount in Chinese capitals as on receipts: 100 fen -> "壹元整",
 * 10000 -> "壹佰元整", 123456 -> "壹仟贰佰叁拾肆元伍角陆分",
 * 0 -> "零元整". Negative or above MONEY_MAX: NULL. Caller frees. */
char *money_chinese(int64_t fen);

#endif
