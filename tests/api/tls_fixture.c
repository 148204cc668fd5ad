/* Test certificates made with the openssl command (see tls_fixture.h). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tls_fixture.h"

/* Run openssl with argv (NULL-terminated, argv[0] = "openssl") in dir, its
 * output appended to dir/openssl.log; 0 when it exits 0. */
static int run_openssl(const char *dir, const char *const *argv)
{
	char log[320];
	pid_t pid;
	int st;

	snprintf(log, sizeof log, "%s/openssl.log", dir);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		int nul = open("/dev/null", O_RDONLY);
		if (fd < 0 || nul < 0 || chdir(dir) != 0)
			_exit(126);
		dup2(nul, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execvp("openssl", (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static void print_log(const char *dir)
{
	char path[320], line[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/openssl.log", dir);
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "tls_fixture: openssl failed (is it installed?)\n");
		return;
	}
	fprintf(stderr, "---- %s\n", path);
	while (fgets(line, sizeof line, f))
		fputs(line, stderr);
	fclose(f);
}

int tls_fixture_make(struct tls_fixture *tf)
{
	/* P-256 keys: made in milliseconds, which RSA keys are not */
	static const char *const ca[] = {
		"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
		"-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
		"-subj", "/CN=Roster Test CA", NULL
	};
	static const char *const csr[] = {
		"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
		"-nodes", "-keyout", "server.key", "-out", "server.csr",
		"-subj", "/CN=127.0.0.1", NULL
	};
	static const char *const sign[] = {
		"openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
		"-set_serial", "2", "-days", "2", "-extfile", "server.ext", "-out", "server.pem", NULL
	};
	char ext[320];
	FILE *f;

	memset(tf, 0, sizeof *tf);
	snprintf(tf->dir, sizeof tf->dir, "%s/roster-tls-XXXXXX",
	         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tf->dir))
		return -1;
	snprintf(tf->ca, sizeof tf->ca, "%s/ca.pem", tf->dir);
	snprintf(tf->ca_key, sizeof tf->ca_key, "%s/ca.key", tf->dir);
	snprintf(tf->cert, sizeof tf->cert, "%s/server.pem", tf->dir);
	snprintf(tf->key, sizeof tf->key, "%s/server.key", tf->dir);
	snprintf(tf->set_cert, sizeof tf->set_cert, "server.tls_cert=%s", tf->cert);
	snprintf(tf->set_key, sizeof tf->set_key, "server.tls_key=%s", tf->key);

	/* clients check the address against the IP SAN, not the CN */
	snprintf(ext, sizeof ext, "%s/server.ext", tf->dir);
	f = fopen(ext, "w");
	if (!f)
		return -1;
	fputs("subjectAltName = IP:127.0.0.1\n"
	      "basicConstraints = CA:FALSE\n"
	      "keyUsage = digitalSignature, keyEncipherment\n"
	      "extendedKeyUsage = serverAuth\n", f);
	if (fclose(f) != 0)
		return -1;
	if (run_openssl(tf->dir, ca) != 0 || run_openssl(tf->dir, csr) != 0 ||
	    run_openssl(tf->dir, sign) != 0) {
		print_log(tf->dir);
		return -1;
	}
	return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tls_fixture_free(struct tls_fixture *tf)
{
	if (tf->dir[0])
		nftw(tf->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	tf->dir[0] = '\0';
}
