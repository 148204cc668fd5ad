/* libFuzzer target: money_parse accepts only what it can print back.
 * Any accepted amount is within range, and both printed forms parse to the
 * same fen; money_chinese never fails on an accepted amount. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "roster/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	int64_t fen = -1;
	if (money_parse(s, &fen) == 0) {
		assert(fen >= 0 && fen <= MONEY_MAX);
		char buf[MONEY_BUFSZ];
		int64_t back = -1;
		assert(money_parse(money_format(fen, buf), &back) == 0 && back == fen);
		back = -1;
		assert(money_parse(money_plain(fen, buf), &back) == 0 && back == fen);
		char *cn = money_chinese(fen);
		assert(cn && *cn);
		free(cn);
	}
	free(s);
	return 0;
}
