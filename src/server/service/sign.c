/* Ed25519 key pairs in the key directory, loaded once per process. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "roster/xalloc.h"
#include "log.h"
#include "server.h"
#include "service/sign.h"

struct keypair {
	const char *name;
	bool loaded;
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
};

static struct keypair keys[] = {
	[SIGN_CERT] = { .name = "cert" },
	[SIGN_SANDBOX] = { .name = "sandbox" },
};

static pthread_mutex_t keys_lock = PTHREAD_MUTEX_INITIALIZER;

static int read_exact(const char *path, unsigned char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd < 0)
		return -1;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	/* a longer file is not one of ours */
	unsigned char extra;
	if (got == n && read(fd, &extra, 1) == 1)
		got = 0;
	close(fd);
	return got == n ? 0 : -1;
}

/* Write a new file (never replacing one): 0, 1 when it existed, -1. */
static int write_new(const char *path, const unsigned char *buf, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t done = 0;

	if (fd < 0)
		return errno == EEXIST ? 1 : -1;
	while (done < n) {
		ssize_t w = write(fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || done != n) {
		close(fd);
		unlink(path);
		return -1;
	}
	close(fd);
	return 0;
}

/* Load the pair from dir, creating it first when absent. */
static int pair_load(const char *dir, struct keypair *kp, bool create)
{
	char *skp = xasprintf("%s/%s.key", dir, kp->name);
	char *pkp = xasprintf("%s/%s.pub", dir, kp->name);
	int rc = -1;

	if (read_exact(skp, kp->sk, sizeof kp->sk) != 0) {
		unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
		int w;

		if (!create || access(skp, F_OK) == 0) {
			log_error("signing key %s cannot be read", skp);
			goto done;
		}
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			log_error("key directory %s: %s", dir, strerror(errno));
			goto done;
		}
		crypto_sign_keypair(pk, sk);
		w = write_new(skp, sk, sizeof sk, 0600);
		sodium_memzero(sk, sizeof sk);
		if (w < 0) {
			log_error("signing key %s: %s", skp, strerror(errno));
			goto done;
		}
		if (w == 0) {
			unlink(pkp);
			if (write_new(pkp, pk, sizeof pk, 0644) < 0)
				log_warn("public key %s could not be written", pkp);
			log_info("created signing key %s", skp);
		}
		/* w == 1: another process made it meanwhile; read theirs */
		if (read_exact(skp, kp->sk, sizeof kp->sk) != 0) {
			log_error("signing key %s cannot be read", skp);
			goto done;
		}
	}
	/* the public key is the second half of libsodium's secret key */
	crypto_sign_ed25519_sk_to_pk(kp->pk, kp->sk);
	kp->loaded = true;
	rc = 0;
done:
	free(skp);
	free(pkp);
	return rc;
}

int sign_keys_create(const char *dir)
{
	int rc = 0;

	if (sodium_init() < 0)
		return -1;
	pthread_mutex_lock(&keys_lock);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (pair_load(dir, &keys[i], true) != 0)
			rc = -1;
	pthread_mutex_unlock(&keys_lock);
	return rc;
}

static struct keypair *key_get(enum sign_key k)
{
	struct keypair *kp = &keys[k];

	pthread_mutex_lock(&keys_lock);
	if (!kp->loaded && (!g_cfg || !g_cfg->key_dir ||
	                    pair_load(g_cfg->key_dir, kp, true) != 0))
		kp = NULL;
	pthread_mutex_unlock(&keys_lock);
	return kp;
}

int sign_detached(enum sign_key k, const void *msg, size_t len,
                  unsigned char sig[crypto_sign_BYTES])
{
	struct keypair *kp = key_get(k);

	if (!kp)
		return -1;
	crypto_sign_detached(sig, NULL, msg, len, kp->sk);
	return 0;
}

bool sign_verify(enum sign_key k, const void *msg, size_t len,
                 const unsigned char sig[crypto_sign_BYTES])
{
	struct keypair *kp = key_get(k);

	return kp && crypto_sign_verify_detached(sig, msg, len, kp->pk) == 0;
}

int sign_b64(enum sign_key k, const void *msg, size_t len, char out[SIGN_B64_LEN + 1])
{
	unsigned char sig[crypto_sign_BYTES];

	if (sign_detached(k, msg, len, sig) != 0)
		return -1;
	sodium_bin2base64(out, SIGN_B64_LEN + 1, sig, sizeof sig,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

bool sign_verify_b64(enum sign_key k, const void *msg, size_t len, const char *sig)
{
	unsigned char bin[crypto_sign_BYTES];
	size_t binlen = 0;

	if (!sig || strlen(sig) != SIGN_B64_LEN)
		return false;
	if (sodium_base642bin(bin, sizeof bin, sig, SIGN_B64_LEN, NULL, &binlen, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    binlen != sizeof bin)
		return false;
	return sign_verify(k, msg, len, bin);
}

#define CERT_PREFIX "roster-cert:"

int sign_cert_url(const char *cert_no, char out[SIGN_B64_LEN + 1])
{
	char *msg = xasprintf(CERT_PREFIX "%s", cert_no);
	int rc = sign_b64(SIGN_CERT, msg, strlen(msg), out);

	free(msg);
	return rc;
}

bool sign_cert_url_ok(const char *cert_no, const char *sig)
{
	char *msg = xasprintf(CERT_PREFIX "%s", cert_no);
	bool ok = sign_verify_b64(SIGN_CERT, msg, strlen(msg), sig);

	free(msg);
	return ok;
}
