/* Amounts in Chinese capitals (大写金额) as receipts and invoices print them,
 * following the rules for filling in bills (《支付结算办法》附件):
 *   - 壹拾 is written out, never a bare 拾;
 *   - a run of zeros between non-zero digits is one 零 (1001 -> 壹仟零壹);
 *   - zeros at the end of a four-digit section say nothing, and the next
 *     section starts without 零 when its thousands digit is not zero
 *     (107000 -> 壹拾万柒仟);
 *   - 元整 when there are no jiao or fen; nothing after 角 when fen is 0;
 *   - 元零X分 when jiao is 0 but fen is not; no 零 before a non-zero jiao;
 *   - below one yuan only jiao and fen are written (0.5 -> 伍角).
 * Above 9999亿 the 亿 section itself counts in 万: 壹万亿. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "roster/money.h"
#include "roster/xalloc.h"

static const char *const cn_digit[10] = {
	"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"
};
static const char *const cn_unit[4] = { "", "拾", "佰", "仟" };

struct cn_buf {
	char s[256]; /* 13 digits with units and markers fit easily */
	size_t len;
};

static void put(struct cn_buf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n < sizeof b->s) {
		memcpy(b->s + b->len, s, n);
		b->len += n;
		b->s[b->len] = '\0';
	}
}

/* True when any of the digits d[from..to-1] is not zero. */
static bool any_digit(const int *d, int from, int to)
{
	for (int k = from; k < to; k++)
		if (d[k] != 0)
			return true;
	return false;
}

/* Whole yuan, 0 < yuan <= MONEY_MAX / 100 (13 digits). Digit i (from the
 * right) is in section i / 4; sections 1 and 3 end in 万, section 2 in 亿.
 * 亿 is written whenever anything at or above it is non-zero, so 10^12 is
 * 壹万亿. A section marker swallows a pending 零; a skipped all-zero
 * section keeps it (100000001 -> 壹亿零壹). */
static void put_yuan(struct cn_buf *b, uint64_t yuan)
{
	int d[20], n = 0;
	bool zero_pending = false, started = false;

	for (uint64_t v = yuan; v > 0; v /= 10)
		d[n++] = (int)(v % 10);

	for (int i = n - 1; i >= 0; i--) {
		if (d[i] == 0) {
			if (started)
				zero_pending = true;
		} else {
			if (zero_pending)
				put(b, "零");
			zero_pending = false;
			put(b, cn_digit[d[i]]);
			put(b, cn_unit[i % 4]);
			started = true;
		}
		if (i == 0 || i % 4 != 0)
			continue;
		bool marker = i == 8 ? any_digit(d, 8, n)
		                     : any_digit(d, i, i + 4 < n ? i + 4 : n);
		if (marker) {
			put(b, i == 8 ? "亿" : "万");
			zero_pending = false;
		}
	}
}

char *money_chinese(int64_t fen)
{
	struct cn_buf b = { .len = 0 };

	if (fen < 0 || fen > MONEY_MAX)
		return NULL;
	b.s[0] = '\0';

	uint64_t yuan = (uint64_t)fen / 100;
	int jiao = (int)(fen / 10 % 10), fen_d = (int)(fen % 10);

	if (yuan == 0 && jiao == 0 && fen_d == 0)
		return xstrdup("零元整");
	if (yuan > 0) {
		put_yuan(&b, yuan);
		put(&b, "元");
	}
	if (jiao == 0 && fen_d == 0) {
		put(&b, "整");
		return xstrdup(b.s);
	}
	if (jiao > 0) {
		put(&b, cn_digit[jiao]);
		put(&b, "角");
	} else if (yuan > 0) {
		put(&b, "零"); /* 壹佰元零壹分 */
	}
	if (fen_d > 0) {
		put(&b, cn_digit[fen_d]);
		put(&b, "分");
	}
	return xstrdup(b.s);
}
