/* The gateways' cryptography: SHA256withRSA against the published
 * wechatpay-go signer vector (its test key and the signature of "source"),
 * AES-256-GCM against vectors made here with OpenSSL, and the text Alipay
 * signs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "pay/alipay_int.h"
#include "pay/crypto.h"
#include "pay/wechat_int.h"

/* wechatpay-go core/auth/signers/sha256withrsa_signer_test.go */
static const char vector_key[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZUJN33V+dSfvd\n"
	"fL0Mu+39XrZNXFFMQSy1V15FpncHeV47SmV0TzTqZc7hHB0ddqAdDi8Z5k3TKqb7\n"
	"6sOwYr5TcAfuR6PIPaleyE0/0KrljBum2Isa2Nyq7Dgc3ElBQ6YN4l/a+DpvKaz1\n"
	"FSKmKrhLNskqokWVSlu4g8OlKlbPXQ9ibII14MZRQrrkTmHYHzfi7GXXM0thAKuR\n"
	"0HNvyhTHBh4/lrYM3GaMvmWwkwvsMavnOex6+eioZHBOb1/EIZ/LzC6zuHArPpyW\n"
	"3daGaZ1rtQB1vVzTyERAVVFsXXgBHvfFud3w3ShsJYk8JvMwK2RpJ5/gV0QSARcm\n"
	"LDRUAlPzAgMBAAECggEBAMc7rDeUaXiWv6bMGbZ3BTXpg1FhdddnWUnYE8HfX/km\n"
	"OFI7XtBHXcgYFpcjYz4D5787pcsk7ezPidAj58zqenuclmjKnUmT3pfbI5eCA2v4\n"
	"C9HnbYDrmUPK1ZcADtka4D6ScDccpNYNa1g2TFHzkIrEa6H+q7S3O2fqxY/DRVtN\n"
	"0JIXalBb8daaqL5QVzSmM2BMVnHy+YITJWIkP2a3pKs9C0W65JGDsnG0wVrHinHF\n"
	"+cnhFZIbaPEI//DAFMc9NkrWOKVRTEgcCUxCFaHOZVNxDWZD7A2ZfJB2rK6eg//y\n"
	"gEiFDR2h6mTaDowMB4YF2n2dsIO4/dCG8vPHI20jn4ECgYEA/ZGu6lEMlO0XZnam\n"
	"AZGtiNgLcCfM/C2ZERZE7QTRPZH1WdK92Al9ndldsswFw4baJrJLCmghjF/iG4zi\n"
	"hhBvLnOLksnZUfjdumxoHDWXo2QBWbI5QsWIE7AuTiWgWj1I7X4fCXSQf6i+M/y2\n"
	"6TogQ7d0ANpZFyOkTNMn/tiJvLECgYEA22XqlamG/yfAGWery5KNH2DGlTIyd6xJ\n"
	"WtJ9j3jU99lZ0bCQ5xhiBbU9ImxCi3zgTsoqLWgA/p00HhNFNoUcTl9ofc0G3zwT\n"
	"D1y0ZzcnVKxGJdZ6ohW52V0hJStAigtjYAsUgjm7//FH7PiQDBDP1Wa6xSRkDQU/\n"
	"aSbQxvEE8+MCgYEA3bb8krW7opyM0XL9RHH0oqsFlVO30Oit5lrqebS0oHl3Zsr2\n"
	"ZGgoBlWBsEzk3UqUhTFwm/DhJLTSJ/TQPRkxnhQ5/mewNhS9C7yua7wQkzVmWN+V\n"
	"YeUGTvDGDF6qDz12/vJAgSwDDRym8x4NcXD5tTw7mmNRcwIfL22SkysThIECgYAV\n"
	"BgccoEoXWS/HP2/u6fQr9ZIR6eV8Ij5FPbZacTG3LlS1Cz5XZra95UgebFFUHHtC\n"
	"EY1JHJY7z8SWvTH8r3Su7eWNaIAoFBGffzqqSVazfm6aYZsOvRY6BfqPHT3p/H1h\n"
	"Tq6AbBffxrcltgvXnCTORjHPglU0CjSxVs7awW3AEQKBgB5WtaC8VLROM7rkfVIq\n"
	"+RXqE5vtJfa3e3N7W3RqxKp4zHFAPfr82FK5CX2bppEaxY7SEZVvVInKDc5gKdG/\n"
	"jWNRBmvvftZhY59PILHO2X5vO4FXh7suEjy6VIh0gsnK36mmRboYIBGsNuDHjXLe\n"
	"BDa+8mDLkWu5nHEhOxy2JJZl\n"
	"-----END PRIVATE KEY-----\n";
static const char vector_signature[] =
	"BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoVz+pp4hAm6"
	"pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvpUHlCqIMzoZUguLli/K8V29QiOh"
	"uH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJbknXG23bSlObuTCN7Ndj1aJGH6/L+hdwf"
	"LpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg==";

static void test_sign_matches_wechatpay_go(void **state)
{
	EVP_PKEY *k = pay_key_private_pem(vector_key);
	char *sig;
	(void)state;

	assert_non_null(k);
	sig = pay_rsa_sign(k, "source", 6);
	assert_non_null(sig);
	assert_string_equal(sig, vector_signature);
	/* the key's own public half verifies it; one changed byte does not */
	assert_true(pay_rsa_verify(k, "source", 6, vector_signature));
	assert_false(pay_rsa_verify(k, "sourcE", 6, vector_signature));
	sig[10] = sig[10] == 'A' ? 'B' : 'A';
	assert_false(pay_rsa_verify(k, "source", 6, sig));
	assert_false(pay_rsa_verify(k, "source", 6, "WECHATPAY/SIGNTEST/abc"));
	assert_false(pay_rsa_verify(k, "source", 6, "not base64!"));
	free(sig);
	EVP_PKEY_free(k);
}

/* AES-256-GCM sealed here with OpenSSL's EVP interface directly. */
static unsigned char *seal(const unsigned char key[32], const char *nonce, const char *aad,
                           const char *plain, size_t *len)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	size_t n = strlen(plain);
	unsigned char *out = malloc(n + 16);
	int l = 0, f = 0;

	assert_int_equal(EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, (int)strlen(nonce), NULL), 1);
	assert_int_equal(EVP_EncryptInit_ex(c, NULL, NULL, key, (const unsigned char *)nonce), 1);
	assert_int_equal(EVP_EncryptUpdate(c, NULL, &l, (const unsigned char *)aad, (int)strlen(aad)), 1);
	assert_int_equal(EVP_EncryptUpdate(c, out, &l, (const unsigned char *)plain, (int)n), 1);
	assert_int_equal(EVP_EncryptFinal_ex(c, out + l, &f), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, out + n), 1);
	EVP_CIPHER_CTX_free(c);
	*len = n + 16;
	return out;
}

static void test_aes_gcm_vectors(void **state)
{
	unsigned char key[32];
	const char *plain = "{\"mchid\":\"1900000001\",\"trade_state\":\"SUCCESS\",\"note\":\"会费\"}";
	size_t len, out_len;
	unsigned char *ct, *pt;
	(void)state;

	for (int round = 0; round < 8; round++) {
		assert_int_equal(RAND_bytes(key, sizeof key), 1);
		ct = seal(key, "0123456789ab", "transaction", plain, &len);
		/* through base64, as the notification carries it */
		char *b64 = pay_b64_encode(ct, len);
		size_t raw_len;
		unsigned char *raw = pay_b64_decode(b64, &raw_len);
		assert_non_null(raw);
		assert_int_equal(raw_len, len);
		pt = pay_aes_gcm_open(key, "0123456789ab", 12, "transaction", 11, raw, raw_len,
		                      &out_len);
		assert_non_null(pt);
		assert_int_equal(out_len, strlen(plain));
		assert_string_equal((char *)pt, plain);
		free(pt);
		/* other associated data, nonce or key, or a flipped bit: refused */
		assert_null(pay_aes_gcm_open(key, "0123456789ab", 12, "refund", 6, raw, raw_len,
		                             &out_len));
		assert_null(pay_aes_gcm_open(key, "0123456789ac", 12, "transaction", 11, raw,
		                             raw_len, &out_len));
		raw[round] ^= 1;
		assert_null(pay_aes_gcm_open(key, "0123456789ab", 12, "transaction", 11, raw,
		                             raw_len, &out_len));
		raw[round] ^= 1;
		key[0] ^= 0x80;
		assert_null(pay_aes_gcm_open(key, "0123456789ab", 12, "transaction", 11, raw,
		                             raw_len, &out_len));
		free(raw);
		free(b64);
		free(ct);
	}
}

static void test_base64(void **state)
{
	size_t n;
	unsigned char *d;
	(void)state;

	d = pay_b64_decode("c291cmNl", &n);
	assert_int_equal(n, 6);
	assert_memory_equal(d, "source", 6);
	free(d);
	d = pay_b64_decode("c291cg==", &n);
	assert_int_equal(n, 4);
	free(d);
	assert_null(pay_b64_decode("c291c", &n));
	assert_null(pay_b64_decode("c2=1cg==", &n));
	assert_null(pay_b64_decode("", &n));
}

static void test_alipay_sign_content(void **state)
{
	struct ali_params p = { 0 };
	char *s;
	(void)state;

	ali_params_add(&p, "total_amount", "88.00");
	ali_params_add(&p, "sign", "xxx");
	ali_params_add(&p, "app_id", "2021000000000000");
	ali_params_add(&p, "empty", "");
	ali_params_add(&p, "sign_type", "RSA2");
	ali_params_add(&p, "biz_content", "{\"a\":\"b c\"}");
	s = ali_sign_content(&p, false);
	assert_string_equal(s, "app_id=2021000000000000&biz_content={\"a\":\"b c\"}"
	                       "&sign_type=RSA2&total_amount=88.00");
	free(s);
	s = ali_sign_content(&p, true);
	assert_string_equal(s, "app_id=2021000000000000&biz_content={\"a\":\"b c\"}"
	                       "&total_amount=88.00");
	free(s);
	ali_params_free(&p);

	assert_true(ali_params_parse_form(&p, "a=1&subject=%E4%BC%9A%E8%B4%B9+2026&b=", 38));
	assert_string_equal(ali_params_get(&p, "subject"), "会费 2026");
	assert_string_equal(ali_params_get(&p, "b"), "");
	ali_params_free(&p);
	assert_false(ali_params_parse_form(&p, "a=%00", 5));
	ali_params_free(&p);
	assert_false(ali_params_parse_form(&p, "a=%G1", 5));
	ali_params_free(&p);
}

static void test_amounts_and_times(void **state)
{
	char buf[32];
	(void)state;

	assert_int_equal(ali_yuan_parse("88.00"), 8800);
	assert_int_equal(ali_yuan_parse("0.01"), 1);
	assert_int_equal(ali_yuan_parse("12.5"), 1250);
	assert_int_equal(ali_yuan_parse("300"), 30000);
	assert_int_equal(ali_yuan_parse("1.234"), -1);
	assert_int_equal(ali_yuan_parse("-1.00"), -1);
	assert_int_equal(ali_yuan_parse(""), -1);
	ali_yuan_format(30005, buf);
	assert_string_equal(buf, "300.05");
	/* 2026-01-01 08:00:00 China time is midnight UTC */
	assert_int_equal(ali_time_parse("2026-01-01 08:00:00"), 1767225600);
	assert_int_equal(wx_time_parse("2026-01-01T08:00:00+08:00"), 1767225600);
	assert_int_equal(wx_time_parse("2026-01-01T00:00:00Z"), 1767225600);
	assert_int_equal(wx_time_parse("2026-01-01T08:00:00.123+08:00"), 1767225600);
	assert_int_equal(wx_time_parse("2026-01-01 08:00:00"), -1);
	wx_time_format(1767225600, buf);
	assert_string_equal(buf, "2026-01-01T08:00:00+08:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_matches_wechatpay_go),
		cmocka_unit_test(test_aes_gcm_vectors),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_alipay_sign_content),
		cmocka_unit_test(test_amounts_and_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
