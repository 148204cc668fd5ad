/* Ed25519 key pairs (libsodium) kept in the key directory: the
 * association's certificate key, which signs certificate verification URLs,
 * and the sandbox payment provider's key, which signs its callbacks.
 *
 * Files: <key_dir>/<name>.key (64-byte secret key, mode 0600) and
 * <name>.pub (32-byte public key). `rosterd init` creates them
 * (sign_keys_create); a server that finds them missing creates them on first
 * use and logs it. Keys are loaded once and shared by every thread. */
#ifndef ROSTERD_SIGN_H
#define ROSTERD_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <sodium.h>

enum sign_key {
	SIGN_CERT,      /* "cert": certificate verification URLs */
	SIGN_SANDBOX,   /* "sandbox": the sandbox provider's callbacks */
};

#define SIGN_B64_LEN 86   /* base64url (no padding) of a 64-byte signature */

/* Create the key pairs missing in dir (0700, made when absent). Existing keys
 * are kept. 0, or -1 (logged). */
int sign_keys_create(const char *dir);

/* Detached signature of msg. 0, or -1 when the key is not available. */
int sign_detached(enum sign_key k, const void *msg, size_t len,
                  unsigned char sig[crypto_sign_BYTES]);
bool sign_verify(enum sign_key k, const void *msg, size_t len,
                 const unsigned char sig[crypto_sign_BYTES]);

/* The same with the signature as base64url text (no padding). out holds
 * SIGN_B64_LEN + 1 bytes. */
int sign_b64(enum sign_key k, const void *msg, size_t len, char out[SIGN_B64_LEN + 1]);
bool sign_verify_b64(enum sign_key k, const void *msg, size_t len, const char *sig);

/* The signature a certificate's verification URL carries (over
 * "roster-cert:" + cert_no). */
int sign_cert_url(const char *cert_no, char out[SIGN_B64_LEN + 1]);
bool sign_cert_url_ok(const char *cert_no, const char *sig);

#endif
