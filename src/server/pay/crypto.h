/* The cryptography the real gateways ask for, on OpenSSL: SHA256withRSA
 * (PKCS #1 v1.5) signatures in standard base64, as both WeChat Pay API v3
 * and Alipay's RSA2 use them, and AES-256-GCM, in which WeChat Pay wraps
 * the resource of a notification. */
#ifndef ROSTERD_PAY_CRYPTO_H
#define ROSTERD_PAY_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/evp.h>

/* Standard base64 (with padding) of len bytes: malloc'd text. */
char *pay_b64_encode(const void *data, size_t len);
/* Decode standard base64 (padding required, no whitespace): malloc'd bytes
 * and *len, or NULL when s is not base64. */
unsigned char *pay_b64_decode(const char *s, size_t *len);

/* A private key from PEM text (PKCS #8 or PKCS #1), or NULL. */
EVP_PKEY *pay_key_private_pem(const char *pem);
/* A public key from PEM text: a SubjectPublicKeyInfo ("PUBLIC KEY"), or the
 * key of an X.509 certificate. NULL when it is neither. */
EVP_PKEY *pay_key_public_pem(const char *pem);
/* The same, read from a file; why (n bytes) says what went wrong. */
EVP_PKEY *pay_key_private_file(const char *path, char *why, size_t n);
EVP_PKEY *pay_key_public_file(const char *path, char *why, size_t n);

/* SHA256withRSA over len bytes: the signature in base64 (malloc'd), or
 * NULL. */
char *pay_rsa_sign(EVP_PKEY *key, const void *data, size_t len);
/* true when sig_b64 is a valid SHA256withRSA signature of the bytes. */
bool pay_rsa_verify(EVP_PKEY *key, const void *data, size_t len, const char *sig_b64);

/* AES-256-GCM with a 16-byte tag at the end of ct: the plaintext (malloc'd,
 * NUL-terminated, *out_len without the NUL), or NULL when the tag does not
 * match. */
unsigned char *pay_aes_gcm_open(const unsigned char key[32],
                                const void *nonce, size_t nonce_len,
                                const void *aad, size_t aad_len,
                                const unsigned char *ct, size_t ct_len, size_t *out_len);

/* n random characters of [0-9A-Za-z] (a nonce or a request id) and a NUL. */
void pay_random_text(char *out, size_t n);

/* Read a whole small file (a key, a PEM) into malloc'd NUL-terminated text,
 * or NULL with why. */
char *pay_file_read(const char *path, size_t max, char *why, size_t n);

#endif
