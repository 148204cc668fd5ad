/* The SSH front door: OpenSSH's sshd on a loopback port, with a throwaway
 * host key and the shipped snippet (dist/sshd-roster.conf, its Match block
 * pointed at this user and this server), lands whoever signs in through
 * `ssh` in roster: the member signs in inside roster and sees the member
 * centre; a command asked for on the ssh line is never run (no shell), and
 * leaving roster ends the connection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "tui.h"

#define PASS "Door-Password-2026"

static struct test_server ts;
static char dir[256];
static char port[16];
static char key[300];
static pid_t sshd_pid = -1;

static int run(const char *const *argv)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), p = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		p = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return p;
}

static bool port_open(int p)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)p),
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

/* The shipped snippet with its placeholders filled for this test: the
 * roster under test (with its translations), this server, this user. */
static int write_config(const char *user, const char *roster, const char *localedir)
{
	char path[400], line[1024];
	const char *data = getenv("ROSTER_DATADIR");
	FILE *in, *out;

	snprintf(path, sizeof path, "%s/../dist/sshd-roster.conf", data ? data : "data");
	in = fopen(path, "r");
	snprintf(path, sizeof path, "%s/sshd_config", dir);
	out = fopen(path, "w");
	if (!in || !out) {
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		return -1;
	}
	fprintf(out, "Port %s\nListenAddress 127.0.0.1\nHostKey %s/host_key\nPidFile %s/sshd.pid\n"
	        "AuthorizedKeysFile %s/authorized_keys\nStrictModes no\nUsePAM no\n"
	        "PubkeyAuthentication yes\nPermitRootLogin prohibit-password\nAllowUsers %s\n"
	        "LogLevel ERROR\n", port, dir, dir, dir, user);
	while (fgets(line, sizeof line, in)) {
		char *at;
		if (strncmp(line, "Match User join", 15) == 0) {
			fprintf(out, "Match User %s\n", user);
			continue;
		}
		if ((at = strstr(line, "ForceCommand ")) != NULL) {
			/* the shipped command, with this roster and this server */
			const char *srv = strstr(line, "--server");
			fprintf(out, "\tForceCommand env ROSTER_LOCALEDIR=%s %s --ssh --server %s\n",
			        localedir ? localedir : "", roster, ts.base);
			assert_non_null(srv);
			assert_non_null(strstr(line, "@BINDIR@/roster --ssh"));
			continue;
		}
		fputs(line, out);
	}
	fclose(in);
	fclose(out);
	return 0;
}

static int group_setup(void **state)
{
	const char *roster = getenv("ROSTER");
	struct passwd *pw = getpwuid(getuid());
	char host_key[300], pub[320], auth[300], cfg[300];

	(void)state;
	if (!roster || !pw || ts_start(&ts, NULL) != 0)
		return -1;
	if (fx_register_with(&ts, "wangfang", "wangfang@example.com", "13712345678", PASS) != 0)
		return -1;
	snprintf(dir, sizeof dir, "%s/roster-ssh-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(port, sizeof port, "%d", free_port());
	snprintf(host_key, sizeof host_key, "%s/host_key", dir);
	snprintf(key, sizeof key, "%s/client_key", dir);
	const char *kg1[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", host_key, NULL };
	const char *kg2[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key, NULL };
	if (run(kg1) != 0 || run(kg2) != 0)
		return -1;
	snprintf(pub, sizeof pub, "%s.pub", key);
	snprintf(auth, sizeof auth, "%s/authorized_keys", dir);
	if (rename(pub, auth) != 0 || write_config(pw->pw_name, roster, getenv("ROSTER_LOCALEDIR")) != 0)
		return -1;
	mkdir("/run/sshd", 0755);  /* privilege separation directory */
	snprintf(cfg, sizeof cfg, "%s/sshd_config", dir);
	const char *test[] = { "/usr/sbin/sshd", "-t", "-f", cfg, NULL };
	if (run(test) != 0)
		return -1;
	sshd_pid = fork();
	if (sshd_pid == 0) {
		execl("/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-e", "-f", cfg, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !port_open(atoi(port)); i++)
		usleep(50000);
	return port_open(atoi(port)) ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[400];

	(void)state;
	if (sshd_pid > 0) {
		kill(sshd_pid, SIGTERM);
		waitpid(sshd_pid, NULL, 0);
	}
	ts_stop(&ts);
	if (dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return 0;
}

static void ssh_in(struct tui *t, const char *remote_command)
{
	struct passwd *pw = getpwuid(getuid());
	char target[128];

	snprintf(target, sizeof target, "%s@127.0.0.1", pw->pw_name);
	const char *argv[] = { "ssh", "-tt", "-p", port, "-i", key, "-F", "/dev/null",
	                       "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
	                       "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", target,
	                       remote_command, NULL };
	struct tui_opts o = { .command = argv };
	assert_int_equal(tui_start(t, &ts, &o), 0);
}

static void test_lands_in_roster_and_signs_in(void **state)
{
	struct tui t;

	(void)state;
	ssh_in(&t, NULL);
	TUI_WAIT(&t, "Register as a new member");
	tui_keys(&t, "l", NULL);
	TUI_WAIT(&t, "Username, e-mail or mobile");
	tui_type(&t, "wangfang");
	tui_keys(&t, "Tab", NULL);
	tui_type(&t, PASS);
	tui_keys(&t, "Enter", NULL);
	TUI_WAIT(&t, "Member centre");
	TUI_WAIT(&t, "wangfang@example.com");
	tui_stop(&t);
}

/* A command on the ssh line is not run: roster starts instead, and when
 * it ends the connection ends with it (no shell behind it). */
static void test_no_shell(void **state)
{
	struct tui t;

	(void)state;
	ssh_in(&t, "echo SHELL-REACHED; exec /bin/sh");
	TUI_WAIT(&t, "Register as a new member");
	char *screen = tui_screen(&t);
	assert_null(strstr(screen, "SHELL-REACHED"));
	free(screen);
	tui_keys(&t, "q", NULL);
	int status = -1;
	for (int i = 0; i < 400 && (status = tui_exit_status(&t)) < 0; i++)
		tui_settle_ms(50);
	screen = tui_screen(&t);
	if (status < 0)
		fprintf(stderr, "still running; the screen:\n%s\n", screen);
	assert_true(status >= 0);
	assert_null(strstr(screen, "SHELL-REACHED"));
	assert_null(strstr(screen, "$ "));
	assert_null(strstr(screen, "# "));
	free(screen);
	tui_stop(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lands_in_roster_and_signs_in),
		cmocka_unit_test(test_no_shell),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
