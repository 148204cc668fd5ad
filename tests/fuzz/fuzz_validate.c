/* libFuzzer target: every validator answers (valid or a reason) on any
 * text, and a normalised valid mobile number is valid again. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "roster/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = {
	"email", "mobile", "id_card", "uscc", "postcode", "date", "username", "password",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *why = val_by_name(names[i], s);
		assert(why == NULL || *why);
	}
	char digits[12];
	if (val_mobile_normalise(s, digits))
		assert(val_mobile(digits) == NULL);
	free(s);
	return 0;
}
