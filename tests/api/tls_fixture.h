/* A throwaway certificate authority and a server certificate for
 * 127.0.0.1 (IP subject alternative name), made with the openssl command
 * in a temporary directory, for tests of rosterd serving HTTPS.
 *
 *	struct tls_fixture tf;
 *	assert_int_equal(tls_fixture_make(&tf), 0);
 *	const char *args[] = { "--set", tf.set_cert, "--set", tf.set_key, NULL };
 *	ts_start(&ts, args);
 *	snprintf(ts.cafile, sizeof ts.cafile, "%s", tf.ca);
 *	…
 *	tls_fixture_free(&tf);
 */
#ifndef ROSTER_TEST_TLS_FIXTURE_H
#define ROSTER_TEST_TLS_FIXTURE_H

struct tls_fixture {
	char dir[256];        /* temporary directory holding the files */
	char ca[300];         /* CA certificate (PEM): what clients trust */
	char ca_key[300];     /* CA private key: does not match cert */
	char cert[300];       /* server certificate for 127.0.0.1, signed by the CA */
	char key[300];        /* its private key */
	char set_cert[320];   /* "server.tls_cert=<cert>" for --set */
	char set_key[320];    /* "server.tls_key=<key>" */
};

/* Make the directory and the files; 0, or -1 after printing openssl's
 * output. */
int tls_fixture_make(struct tls_fixture *tf);
/* Remove the directory and everything in it. */
void tls_fixture_free(struct tls_fixture *tf);

#endif
