/* API test harness (see harness.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <curl/curl.h>
#include "harness.h"

static const char *env_or_die(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v) {
		fprintf(stderr, "harness: %s is not set (run through tests/run.sh or make check)\n", name);
		exit(1);
	}
	return v;
}

static void print_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return;
	fprintf(stderr, "---- %s\n", path);
	while (fgets(line, sizeof line, f))
		fputs(line, stderr);
	fclose(f);
}

/* Error lines of a server log, so a failing test shows why the server
 * answered 500. */
static void print_errors(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (strstr(line, "]: error "))
			fprintf(stderr, "server: %s", line);
	fclose(f);
}

/* fork + exec argv with stdin from stdin_text (or /dev/null) and stdout and
 * stderr appended to logpath; returns the pid. */
static pid_t spawn(char *const *argv, const char *logpath, int stdout_fd, const char *stdin_text)
{
	int in[2] = { -1, -1 };
	pid_t pid;

	if (stdin_text && pipe(in) != 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int log = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (log >= 0) {
			dup2(stdout_fd >= 0 ? stdout_fd : log, 1);
			dup2(log, 2);
		}
		if (stdin_text) {
			dup2(in[0], 0);
			close(in[1]);
		} else {
			int nul = open("/dev/null", O_RDONLY);
			dup2(nul, 0);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (stdin_text) {
		close(in[0]);
		ssize_t w = write(in[1], stdin_text, strlen(stdin_text));
		(void)w;
		close(in[1]);
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

const char *ts_config(const struct test_server *ts, char *out, size_t len)
{
	out[0] = '\0';
	if (ts->pgdb[0] && ts->dir[0])
		snprintf(out, len, "%s/rosterd.conf", ts->dir);
	return out;
}

int ts_rosterd(const struct test_server *ts, const char *const *args, const char *stdin_text)
{
	const char *argv[64];
	char log[320], conf[300];
	int n = 0;

	argv[n++] = env_or_die("ROSTERD");
	for (; args && *args && n < 58; args++)
		argv[n++] = *args;
	if (*ts_config(ts, conf, sizeof conf)) {
		argv[n++] = "--config";
		argv[n++] = conf;
	}
	argv[n++] = "--db";
	argv[n++] = ts->db;
	argv[n] = NULL;
	snprintf(log, sizeof log, "%s/commands.log", ts->dir);
	pid_t pid = spawn((char *const *)argv, log, -1, stdin_text ? stdin_text : "");
	return pid < 0 ? -1 : wait_status(pid);
}

bool ts_db_is_pg(const struct test_server *ts)
{
	return strncmp(ts->db, "postgresql://", 13) == 0 || strncmp(ts->db, "postgres://", 11) == 0;
}

/* Run one SQL command with psql on the cluster's base database (the URL in
 * ROSTER_TEST_PG); its output goes to logpath. The exit status. */
static int pg_admin(const char *sql, const char *logpath)
{
	const char *argv[] = { "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
	                       getenv("ROSTER_TEST_PG"), "-c", sql, NULL };
	pid_t pid = spawn((char *const *)argv, logpath, -1, NULL);

	return pid < 0 ? -1 : wait_status(pid);
}

/* base with its database name replaced by name: out, or -1 when it does
 * not fit or base is no URL. */
static int pg_url(const char *base, const char *name, char *out, size_t outlen)
{
	const char *auth = strstr(base, "://"), *rest;
	int n;

	if (!auth)
		return -1;
	auth += 3;
	rest = auth + strcspn(auth, "/?");
	n = snprintf(out, outlen, "%.*s/%s%s", (int)(rest - base), base, name,
	             rest + strcspn(rest, "?"));
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* A fresh, empty database of this server's own on the test cluster: sets
 * ts->pgdb and ts->db (its URL). */
static int pg_create(struct test_server *ts, const char *logpath)
{
	static unsigned counter;
	char sql[128];

	snprintf(ts->pgdb, sizeof ts->pgdb, "t_%ld_%u", (long)getpid(), ++counter);
	if (pg_url(getenv("ROSTER_TEST_PG"), ts->pgdb, ts->db, sizeof ts->db) != 0) {
		fprintf(stderr, "harness: ROSTER_TEST_PG is not a usable URL: %s\n", getenv("ROSTER_TEST_PG"));
		ts->pgdb[0] = '\0';
		return -1;
	}
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", ts->pgdb);
	if (pg_admin(sql, logpath) == 0)
		return 0;
	/* one left behind by an earlier test process that had this pid */
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", ts->pgdb);
	pg_admin(sql, logpath);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", ts->pgdb);
	if (pg_admin(sql, logpath) == 0)
		return 0;
	fprintf(stderr, "harness: cannot create the database %s on %s\n", ts->pgdb, getenv("ROSTER_TEST_PG"));
	print_file(logpath);
	ts->pgdb[0] = '\0';
	return -1;
}

/* Drop the database pg_create made (best effort: whatever still holds a
 * connection to it is cut off). */
static void pg_drop(struct test_server *ts, const char *logpath)
{
	char sql[128];

	if (!ts->pgdb[0])
		return;
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", ts->pgdb);
	if (pg_admin(sql, logpath) != 0) {
		fprintf(stderr, "harness: could not drop the database %s\n", ts->pgdb);
		print_file(logpath);
	}
	ts->pgdb[0] = '\0';
}

/* Do the extra serve arguments set pay.sandbox themselves? */
static bool sets_sandbox(const char *const *args)
{
	static const char key[] = "pay.sandbox=";

	for (; args && *args; args++) {
		const char *a = *args;
		if (strcmp(a, "--set") == 0 && args[1] && strncmp(args[1], key, strlen(key)) == 0)
			return true;
		if (strncmp(a, "--set=", 6) == 0 && strncmp(a + 6, key, strlen(key)) == 0)
			return true;
	}
	return false;
}

/* A cleared test_server with a new temporary directory: 0 or -1. */
static int ts_fresh(struct test_server *ts)
{
	memset(ts, 0, sizeof *ts);
	ts->pid = -1;
	snprintf(ts->dir, sizeof ts->dir, "%s/roster-test-XXXXXX",
	         getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(ts->dir) ? 0 : -1;
}

int ts_init(struct test_server *ts)
{
	const char *rosterd = env_or_die("ROSTERD");
	const char *datadir = env_or_die("ROSTER_DATADIR");
	char log[320], conf[300] = "";
	FILE *f;

	if (ts_fresh(ts) != 0)
		return -1;
	snprintf(ts->outbox, sizeof ts->outbox, "%s/outbox", ts->dir);
	snprintf(log, sizeof log, "%s/server.log", ts->dir);
	if (getenv("ROSTER_TEST_PG") && *getenv("ROSTER_TEST_PG")) {
		if (pg_create(ts, log) != 0)
			goto fail;
		f = fopen(ts_config(ts, conf, sizeof conf), "w");
		if (!f)
			goto fail;
		fprintf(f, "[server]\nkey_dir = %s/keys\n[mail]\noutbox_dir = %s\n", ts->dir, ts->outbox);
		fclose(f);
	} else {
		snprintf(ts->db, sizeof ts->db, "%s/roster.db", ts->dir);
	}

	/* rosterd init --demo */
	const char *init[] = { rosterd, "init", "--demo", "--db", ts->db, "--data-dir", datadir,
	                       conf[0] ? "--config" : NULL, conf, NULL };
	pid_t ip = spawn((char *const *)init, log, -1, NULL);
	if (ip < 0 || wait_status(ip) != 0) {
		fprintf(stderr, "harness: rosterd init failed\n");
		print_file(log);
		goto fail;
	}
	return 0;
fail:
	if (!getenv("ROSTER_TEST_KEEP")) {
		pg_drop(ts, log);
		nftw(ts->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	ts->dir[0] = '\0';
	return -1;
}

/* `rosterd serve` on ts->db (made already); key_dir: another server's
 * keys to use, or NULL. */
static int ts_serve(struct test_server *ts, const char *const *extra_args, const char *key_dir)
{
	const char *rosterd = env_or_die("ROSTERD");
	const char *datadir = env_or_die("ROSTER_DATADIR");
	const char *argv[64];
	char log[320], line[256], conf[300], keys[320];
	int out[2], n = 0;
	size_t got = 0;
	time_t deadline;

	snprintf(log, sizeof log, "%s/server.log", ts->dir);

	argv[n++] = rosterd;
	argv[n++] = "serve";
	argv[n++] = "--port";
	argv[n++] = "0";
	argv[n++] = "--db";
	argv[n++] = ts->db;
	argv[n++] = "--outbox";
	argv[n++] = ts->outbox;
	argv[n++] = "--data-dir";
	argv[n++] = datadir;
	if (*ts_config(ts, conf, sizeof conf)) {
		argv[n++] = "--config";
		argv[n++] = conf;
	}
	if (key_dir) {
		snprintf(keys, sizeof keys, "server.key_dir=%s", key_dir);
		argv[n++] = "--set";
		argv[n++] = keys;
	}
	/* tests pay through the sandbox, which a real server leaves off */
	if (!sets_sandbox(extra_args)) {
		argv[n++] = "--set";
		argv[n++] = "pay.sandbox=1";
	}
	for (; extra_args && *extra_args && n < 62; extra_args++)
		argv[n++] = *extra_args;
	argv[n] = NULL;
	if (pipe(out) != 0)
		return -1;
	ts->pid = spawn((char *const *)argv, log, out[1], NULL);
	close(out[1]);
	if (ts->pid < 0) {
		close(out[0]);
		return -1;
	}
	/* wait for "rosterd: listening on http://127.0.0.1:PORT" */
	deadline = time(NULL) + 30;
	while (time(NULL) < deadline && got < sizeof line - 1) {
		struct pollfd p = { out[0], POLLIN, 0 };
		if (poll(&p, 1, 200) <= 0)
			continue;
		ssize_t r = read(out[0], line + got, sizeof line - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		line[got] = '\0';
		if (strchr(line, '\n'))
			break;
	}
	close(out[0]);
	line[got] = '\0';
	const char *prefix = "rosterd: listening on ";
	const char *url = line + strlen(prefix);
	const char *host = strncmp(url, "https://", 8) == 0 ? url + 8 : url + 7;
	if (strncmp(line, prefix, strlen(prefix)) != 0 ||
	    (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) ||
	    strncmp(host, "127.0.0.1:", 10) != 0) {
		fprintf(stderr, "harness: rosterd serve did not start (got \"%s\")\n", line);
		print_file(log);
		ts_stop(ts);
		return -1;
	}
	ts->port = atoi(host + 10);
	snprintf(ts->base, sizeof ts->base, "%.*s127.0.0.1:%d", (int)(host - url), url, ts->port);
	return 0;
}

int ts_start(struct test_server *ts, const char *const *extra_args)
{
	if (ts_init(ts) != 0)
		return -1;
	return ts_serve(ts, extra_args, NULL);
}

int ts_start_beside(struct test_server *ts, const struct test_server *first,
                    const char *const *extra_args)
{
	char keys[300];

	if (ts_fresh(ts) != 0)
		return -1;
	/* first's database, mail and keys; pgdb stays empty: first drops it */
	snprintf(ts->db, sizeof ts->db, "%s", first->db);
	snprintf(ts->outbox, sizeof ts->outbox, "%s", first->outbox);
	snprintf(keys, sizeof keys, "%s/keys", first->dir);
	return ts_serve(ts, extra_args, keys);
}

struct test_server ts_group;

int ts_group_setup(void **state)
{
	(void)state;
	return ts_start(&ts_group, NULL);
}

int ts_group_teardown(void **state)
{
	(void)state;
	return ts_stop(&ts_group) == 0 ? 0 : -1;
}

int ts_stop(struct test_server *ts)
{
	int rc = 0;

	if (ts->pid > 0) {
		int st;
		kill(ts->pid, SIGTERM);
		/* poll for the exit: a clean stop is quick */
		for (int i = 0; i < 1000; i++) {
			pid_t w = waitpid(ts->pid, &st, WNOHANG);
			if (w == ts->pid) {
				rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
				break;
			}
			if (i == 999) {
				kill(ts->pid, SIGKILL);
				waitpid(ts->pid, &st, 0);
				rc = -1;
				fprintf(stderr, "harness: rosterd did not stop on SIGTERM\n");
			}
			struct timespec t = { 0, 10 * 1000 * 1000 };
			nanosleep(&t, NULL);
		}
		ts->pid = -1;
	}
	if (ts->dir[0]) {
		char log[320];
		snprintf(log, sizeof log, "%s/server.log", ts->dir);
		if (rc != 0)
			print_file(log);
		else
			print_errors(log);
	}
	if (ts->pgdb[0] && !getenv("ROSTER_TEST_KEEP")) {
		char log[320];
		if (ts->dir[0])
			snprintf(log, sizeof log, "%s/commands.log", ts->dir);
		else
			snprintf(log, sizeof log, "/dev/null");
		pg_drop(ts, log);
	}
	if (ts->dir[0] && !getenv("ROSTER_TEST_KEEP"))
		nftw(ts->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	ts->dir[0] = '\0';
	return rc;
}

/* ---------------------------------------------------------------- HTTP */

struct grow {
	char *p;
	size_t len;
};

static size_t grow_write(char *data, size_t size, size_t nmemb, void *userp)
{
	struct grow *g = userp;
	size_t n = size * nmemb;
	char *np = realloc(g->p, g->len + n + 1);

	if (!np)
		return 0;
	g->p = np;
	memcpy(g->p + g->len, data, n);
	g->len += n;
	g->p[g->len] = '\0';
	return n;
}

static int perform(const struct test_server *ts, CURL *c, struct http_reply *out)
{
	struct grow body = { 0 }, hdr = { 0 };
	CURLcode rc;

	if (ts->cafile[0])
		curl_easy_setopt(c, CURLOPT_CAINFO, ts->cafile);

	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, grow_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, grow_write);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hdr);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc = curl_easy_perform(c);
	memset(out, 0, sizeof *out);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = body.p ? body.p : calloc(1, 1);
	out->len = body.len;
	out->headers = hdr.p ? hdr.p : calloc(1, 1);
	if (out->len && (out->body[0] == '{' || out->body[0] == '['))
		out->json = cJSON_ParseWithLength(out->body, out->len);
	if (rc != CURLE_OK) {
		fprintf(stderr, "harness: %s\n", curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

static char *url_of(const struct test_server *ts, const char *path)
{
	size_t n = strlen(ts->base) + strlen(path) + 1;
	char *u = malloc(n);

	snprintf(u, n, "%s%s", ts->base, path);
	return u;
}

int http_req_ex(const struct test_server *ts, const char *method, const char *path,
                const char *token, const char *const *headers,
                const void *body, size_t body_len, unsigned flags,
                struct http_reply *out)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char auth[512];
	char *url = url_of(ts, path);
	int rc;

	curl_easy_setopt(c, CURLOPT_URL, url);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (token) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	if (body) {
		if (!(flags & HTTP_NO_JSON_CT))
			h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	}
	/* no "Expect: 100-continue" pause on larger bodies */
	h = curl_slist_append(h, "Expect:");
	for (; headers && *headers; headers++)
		h = curl_slist_append(h, *headers);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	if (flags & HTTP_GZIP)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	rc = perform(ts, c, out);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(url);
	return rc;
}

int http_req(const struct test_server *ts, const char *method, const char *path,
             const char *token, const char *json_body, struct http_reply *out)
{
	return http_req_ex(ts, method, path, token, NULL, json_body,
	                   json_body ? strlen(json_body) : 0, 0, out);
}

int http_upload(const struct test_server *ts, const char *path, const char *token,
                const char *field, const char *filename, const char *content_type,
                const void *data, size_t len, const char *const *fields,
                struct http_reply *out)
{
	CURL *c = curl_easy_init();
	curl_mime *mime = curl_mime_init(c);
	curl_mimepart *part;
	struct curl_slist *h = NULL;
	char auth[512];
	char *url = url_of(ts, path);
	int rc;

	if (field) {
		part = curl_mime_addpart(mime);
		curl_mime_name(part, field);
		curl_mime_filename(part, filename);
		if (content_type)
			curl_mime_type(part, content_type);
		curl_mime_data(part, data, len);
	}
	for (; fields && fields[0] && fields[1]; fields += 2) {
		part = curl_mime_addpart(mime);
		curl_mime_name(part, fields[0]);
		curl_mime_data(part, fields[1], CURL_ZERO_TERMINATED);
	}
	if (token) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	rc = perform(ts, c, out);
	curl_slist_free_all(h);
	curl_mime_free(mime);
	curl_easy_cleanup(c);
	free(url);
	return rc;
}

void http_reply_free(struct http_reply *r)
{
	cJSON_Delete(r->json);
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof *r);
}

char *http_reply_header(const struct http_reply *r, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = r->headers; p && *p; ) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		if (len > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			size_t vl = (size_t)(p + len - v);
			while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
				vl--;
			char *out = malloc(vl + 1);
			memcpy(out, v, vl);
			out[vl] = '\0';
			return out;
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	return NULL;
}

const char *http_error_code(const struct http_reply *r)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(r->json, "error");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");

	return cJSON_IsString(c) ? c->valuestring : "";
}

/* ---------------------------------------------------------------- accounts */

char *ts_login(const struct test_server *ts, const char *login, const char *password)
{
	cJSON *o = cJSON_CreateObject();
	struct http_reply r;
	char *body, *token = NULL;

	cJSON_AddStringToObject(o, "login", login);
	cJSON_AddStringToObject(o, "password", password);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (http_req(ts, "POST", "/api/v1/auth/login", NULL, body, &r) == 0 && r.status == 200) {
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(r.json, "token");
		if (cJSON_IsString(t))
			token = strdup(t->valuestring);
	}
	http_reply_free(&r);
	free(body);
	return token;
}

/* ---------------------------------------------------------------- outbox */

/* The file name suffix the server gives mail to `to` (see mail.c). */
static void outbox_suffix(const char *to, char *out, size_t len)
{
	size_t j = 0;

	out[j++] = '-';
	for (const char *p = to; *p && j < len - 5; p++)
		out[j++] = (isalnum((unsigned char)*p) || strchr("@._+-", *p))
		           ? (char)tolower((unsigned char)*p) : '_';
	memcpy(out + j, ".eml", 5);
}

static int outbox_scan(const struct test_server *ts, const char *to, char *newest, size_t len)
{
	char suffix[300];
	DIR *d = opendir(ts->outbox);
	struct dirent *e;
	int count = 0;
	size_t sl;

	newest[0] = '\0';
	if (!d)
		return 0;
	outbox_suffix(to, suffix, sizeof suffix);
	sl = strlen(suffix);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0)
			continue;
		count++;
		if (strcmp(e->d_name, newest) > 0)
			snprintf(newest, len, "%s", e->d_name);
	}
	closedir(d);
	return count;
}

int ts_outbox_count(const struct test_server *ts, const char *to)
{
	char newest[512];

	return outbox_scan(ts, to, newest, sizeof newest);
}

char *ts_outbox_latest(const struct test_server *ts, const char *to)
{
	char newest[512], path[900];
	struct grow g = { 0 };
	char buf[4096];
	size_t n;
	FILE *f;

	if (outbox_scan(ts, to, newest, sizeof newest) == 0)
		return NULL;
	snprintf(path, sizeof path, "%s/%s", ts->outbox, newest);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		grow_write(buf, 1, n, &g);
	fclose(f);
	return g.p ? g.p : calloc(1, 1);
}

void ts_find_code(const char *text, char out[7])
{
	const char *p = text ? strstr(text, "\r\n\r\n") : NULL;

	out[0] = '\0';
	if (!p)
		p = text ? strstr(text, "\n\n") : NULL;
	if (!p)
		return;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > text && isdigit((unsigned char)p[-1])))
			continue;
		size_t n = 0;
		while (isdigit((unsigned char)p[n]))
			n++;
		if (n == 6) {
			memcpy(out, p, 6);
			out[6] = '\0';
			return;
		}
	}
}

int ts_raw(const struct test_server *ts, const void *request, size_t len, int timeout_s,
           char **out, size_t *outlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)ts->port) };
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	int fd = socket(AF_INET, SOCK_STREAM, 0), rc = -1;
	struct timespec t0, t1;

	*out = NULL;
	*outlen = 0;
	if (fd < 0 || !buf)
		goto out;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		goto out;
	for (size_t sent = 0; sent < len;) {
		ssize_t w = send(fd, (const char *)request + sent, len - sent, MSG_NOSIGNAL);
		if (w <= 0)
			break;   /* the server may close before taking it all */
		sent += (size_t)w;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long left = (long)timeout_s * 1000 - ((t1.tv_sec - t0.tv_sec) * 1000 +
		                                      (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
			rc = 0;
			break;
		}
		if (n + 1024 > cap) {
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				goto out;
			buf = nb;
			cap *= 2;
		}
		ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
		if (r <= 0) {
			rc = 1;   /* closed (a reset after the answer counts too) */
			break;
		}
		n += (size_t)r;
	}
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	buf = NULL;
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return rc;
}
