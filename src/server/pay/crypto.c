/* SHA256withRSA and AES-256-GCM for the gateways (see crypto.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "roster/xalloc.h"
#include "pay/crypto.h"

char *pay_b64_encode(const void *data, size_t len)
{
	size_t n = 4 * ((len + 2) / 3) + 1;
	char *out = xmalloc(n);

	EVP_EncodeBlock((unsigned char *)out, data, (int)len);
	return out;
}

unsigned char *pay_b64_decode(const char *s, size_t *len)
{
	size_t n = strlen(s), pad = 0;
	unsigned char *out;
	int r;

	if (n == 0 || n % 4 != 0 || n > (1u << 24))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '+' || c == '/';
		if (c == '=' && i >= n - 2) {
			pad++;
			continue;
		}
		if (!ok || pad)
			return NULL;
	}
	out = xmalloc(n / 4 * 3 + 1);
	r = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
	if (r < 0) {
		free(out);
		return NULL;
	}
	*len = (size_t)r - pad;
	return out;
}

EVP_PKEY *pay_key_private_pem(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k;

	if (!b)
		return NULL;
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	return k;
}

EVP_PKEY *pay_key_public_pem(const char *pem)
{
	BIO *b;
	EVP_PKEY *k = NULL;
	X509 *cert;

	if (strstr(pem, "-----BEGIN CERTIFICATE-----")) {
		if (!(b = BIO_new_mem_buf(pem, -1)))
			return NULL;
		cert = PEM_read_bio_X509(b, NULL, NULL, NULL);
		BIO_free(b);
		if (cert) {
			k = X509_get_pubkey(cert);
			X509_free(cert);
		}
		return k;
	}
	if (!(b = BIO_new_mem_buf(pem, -1)))
		return NULL;
	k = PEM_read_bio_PUBKEY(b, NULL, NULL, NULL);
	BIO_free(b);
	return k;
}

char *pay_file_read(const char *path, size_t max, char *why, size_t n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t len;

	if (!f) {
		snprintf(why, n, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(max + 1);
	len = fread(buf, 1, max + 1, f);
	fclose(f);
	if (len > max) {
		snprintf(why, n, "%s: larger than %zu bytes", path, max);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

static EVP_PKEY *key_file(const char *path, bool private, char *why, size_t n)
{
	char *pem = pay_file_read(path, 64 * 1024, why, n);
	EVP_PKEY *k;

	if (!pem)
		return NULL;
	k = private ? pay_key_private_pem(pem) : pay_key_public_pem(pem);
	sodium_memzero(pem, strlen(pem));
	free(pem);
	if (!k)
		snprintf(why, n, "%s: not a PEM %s", path,
		         private ? "private key" : "public key or certificate");
	return k;
}

EVP_PKEY *pay_key_private_file(const char *path, char *why, size_t n)
{
	return key_file(path, true, why, n);
}

EVP_PKEY *pay_key_public_file(const char *path, char *why, size_t n)
{
	return key_file(path, false, why, n);
}

char *pay_rsa_sign(EVP_PKEY *key, const void *data, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char *sig = NULL;
	size_t siglen = 0;
	char *out = NULL;

	if (!ctx || !key)
		goto done;
	if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key) != 1 ||
	    EVP_DigestSign(ctx, NULL, &siglen, data, len) != 1)
		goto done;
	sig = xmalloc(siglen);
	if (EVP_DigestSign(ctx, sig, &siglen, data, len) != 1)
		goto done;
	out = pay_b64_encode(sig, siglen);
done:
	free(sig);
	EVP_MD_CTX_free(ctx);
	return out;
}

bool pay_rsa_verify(EVP_PKEY *key, const void *data, size_t len, const char *sig_b64)
{
	EVP_MD_CTX *ctx;
	unsigned char *sig;
	size_t siglen;
	bool ok = false;

	if (!key || !sig_b64 || !(sig = pay_b64_decode(sig_b64, &siglen)))
		return false;
	ctx = EVP_MD_CTX_new();
	if (ctx && EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, key) == 1)
		ok = EVP_DigestVerify(ctx, sig, siglen, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	free(sig);
	return ok;
}

unsigned char *pay_aes_gcm_open(const unsigned char key[32],
                                const void *nonce, size_t nonce_len,
                                const void *aad, size_t aad_len,
                                const unsigned char *ct, size_t ct_len, size_t *out_len)
{
	EVP_CIPHER_CTX *ctx;
	unsigned char *out = NULL;
	int n = 0, fin = 0;
	size_t body;

	if (ct_len < 16 || nonce_len == 0 || nonce_len > 64)
		return NULL;
	body = ct_len - 16;
	if (!(ctx = EVP_CIPHER_CTX_new()))
		return NULL;
	out = xmalloc(body + 1);
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)nonce_len, NULL) != 1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, nonce) != 1 ||
	    (aad_len && EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1) ||
	    EVP_DecryptUpdate(ctx, out, &n, ct, (int)body) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)(ct + body)) != 1 ||
	    EVP_DecryptFinal_ex(ctx, out + n, &fin) != 1) {
		free(out);
		out = NULL;
	} else {
		*out_len = (size_t)(n + fin);
		out[*out_len] = '\0';
	}
	EVP_CIPHER_CTX_free(ctx);
	return out;
}

void pay_random_text(char *out, size_t n)
{
	static const char set[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	for (size_t i = 0; i < n; i++)
		out[i] = set[randombytes_uniform(sizeof set - 1)];
	out[n] = '\0';
}
