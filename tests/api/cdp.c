/* Headless Chromium over the DevTools protocol pipe (see cdp.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cdp.h"

#define CALL_TIMEOUT_MS 20000

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The browser: $ROSTER_CHROMIUM, else the first of the usual names on PATH. */
static char *find_browser(void)
{
	static const char *const names[] = { "chromium", "chromium-browser", "google-chrome" };
	const char *env = getenv("ROSTER_CHROMIUM");
	const char *path = getenv("PATH");

	if (env && *env)
		return access(env, X_OK) == 0 ? strdup(env) : NULL;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *p = path ? path : "/usr/bin:/bin";
		while (*p) {
			size_t n = strcspn(p, ":");
			char *f;
			if (asprintf(&f, "%.*s/%s", (int)n, p, names[i]) < 0)
				return NULL;
			if (access(f, X_OK) == 0)
				return f;
			free(f);
			p += n;
			if (*p == ':')
				p++;
		}
	}
	return NULL;
}

static int send_msg(struct cdp *c, cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);
	size_t n = text ? strlen(text) + 1 : 0, off = 0;   /* the NUL ends it */
	int rc = 0;

	while (text && off < n) {
		ssize_t w = write(c->wfd, text + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = -1;
			break;
		}
		off += (size_t)w;
	}
	free(text);
	return text ? rc : -1;
}

/* The next whole message, waiting until deadline (ms); NULL on timeout,
 * end of file or a message that is not JSON. */
static cJSON *read_msg(struct cdp *c, long long deadline)
{
	for (;;) {
		char *nul = c->len ? memchr(c->buf, '\0', c->len) : NULL;
		if (nul) {
			size_t n = (size_t)(nul - c->buf) + 1;
			cJSON *m = cJSON_Parse(c->buf);
			memmove(c->buf, c->buf + n, c->len - n);
			c->len -= n;
			if (m)
				return m;
			continue;
		}
		long long left = deadline - now_ms();
		if (left <= 0)
			return NULL;
		struct pollfd p = { .fd = c->rfd, .events = POLLIN };
		int pr = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
		if (pr < 0 && errno != EINTR)
			return NULL;
		if (pr <= 0)
			continue;
		if (c->cap - c->len < 65536) {
			size_t cap = c->cap ? c->cap * 2 : 1 << 17;
			char *b = realloc(c->buf, cap);
			if (!b)
				return NULL;
			c->buf = b;
			c->cap = cap;
		}
		ssize_t r = read(c->rfd, c->buf + c->len, c->cap - c->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return NULL;
		c->len += (size_t)r;
	}
}

cJSON *cdp_call(struct cdp *c, const char *method, cJSON *params, bool tab)
{
	cJSON *msg = cJSON_CreateObject(), *result = NULL;
	int id = ++c->next_id;
	long long deadline = now_ms() + CALL_TIMEOUT_MS;

	cJSON_AddNumberToObject(msg, "id", id);
	cJSON_AddStringToObject(msg, "method", method);
	cJSON_AddItemToObject(msg, "params", params ? params : cJSON_CreateObject());
	if (tab && c->session)
		cJSON_AddStringToObject(msg, "sessionId", c->session);
	if (send_msg(c, msg) != 0) {
		cJSON_Delete(msg);
		fprintf(stderr, "cdp: %s: the browser is gone\n", method);
		return NULL;
	}
	cJSON_Delete(msg);
	for (;;) {
		cJSON *m = read_msg(c, deadline);
		if (!m) {
			fprintf(stderr, "cdp: %s: no answer\n", method);
			return NULL;
		}
		cJSON *mid = cJSON_GetObjectItemCaseSensitive(m, "id");
		if (!cJSON_IsNumber(mid)) {
			cJSON_AddItemToArray(c->events, m);   /* an event: keep it */
			continue;
		}
		if ((int)mid->valuedouble != id) {
			cJSON_Delete(m);
			continue;
		}
		result = cJSON_DetachItemFromObjectCaseSensitive(m, "result");
		if (!result) {
			char *err = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(m, "error"));
			fprintf(stderr, "cdp: %s: %s\n", method, err ? err : "error");
			free(err);
		}
		cJSON_Delete(m);
		return result;
	}
}

void cdp_forget_events(struct cdp *c)
{
	cJSON_Delete(c->events);
	c->events = cJSON_CreateArray();
}

static cJSON *take_event(struct cdp *c, const char *method)
{
	int i = 0;
	cJSON *e;

	cJSON_ArrayForEach(e, c->events) {
		const char *m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "method"));
		if (m && strcmp(m, method) == 0) {
			cJSON *ev = cJSON_DetachItemFromArray(c->events, i);
			cJSON *params = cJSON_DetachItemFromObjectCaseSensitive(ev, "params");
			cJSON_Delete(ev);
			return params ? params : cJSON_CreateObject();
		}
		i++;
	}
	return NULL;
}

cJSON *cdp_wait_event(struct cdp *c, const char *method, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	cJSON *params = take_event(c, method);

	while (!params) {
		cJSON *m = read_msg(c, deadline);
		if (!m)
			return NULL;
		cJSON_AddItemToArray(c->events, m);
		params = take_event(c, method);
	}
	return params;
}

static bool call_ok(struct cdp *c, const char *method, cJSON *params, bool tab)
{
	cJSON *r = cdp_call(c, method, params, tab);

	cJSON_Delete(r);
	return r != NULL;
}

static void rm_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d) {
		unlink(path);
		return;
	}
	while ((e = readdir(d))) {
		char *sub;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (asprintf(&sub, "%s/%s", path, e->d_name) < 0)
			continue;
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(sub);
		else
			unlink(sub);
		free(sub);
	}
	closedir(d);
	rmdir(path);
}

int cdp_open(struct cdp *c, int width, int height, const char *accept_language)
{
	int to_browser[2], from_browser[2];
	char *browser = find_browser(), *profile = NULL, *size = NULL;
	cJSON *p, *r;

	memset(c, 0, sizeof *c);
	c->pid = -1;
	c->wfd = c->rfd = -1;
	c->events = cJSON_CreateArray();
	if (!browser) {
		fprintf(stderr, "cdp: no chromium (install Debian's chromium, or set ROSTER_CHROMIUM)\n");
		return -1;
	}
	snprintf(c->dir, sizeof c->dir, "/tmp/roster-cdp-XXXXXX");
	if (!mkdtemp(c->dir) || pipe2(to_browser, O_CLOEXEC) != 0 ||
	    pipe2(from_browser, O_CLOEXEC) != 0) {
		free(browser);
		return -1;
	}
	snprintf(c->downloads, sizeof c->downloads, "%s/downloads", c->dir);
	mkdir(c->downloads, 0700);
	if (asprintf(&profile, "--user-data-dir=%s/profile", c->dir) < 0 ||
	    asprintf(&size, "--window-size=%d,%d", width, height) < 0) {
		free(browser);
		return -1;
	}
	c->pid = fork();
	if (c->pid == 0) {
		/* fd 3: commands in, fd 4: answers out */
		int in = dup(to_browser[0]), out = dup(from_browser[1]);
		if (in < 0 || out < 0 || dup2(in, 3) < 0 || dup2(out, 4) < 0)
			_exit(127);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0 && !getenv("ROSTER_CDP_VERBOSE")) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execl(browser, browser, "--headless=new", "--remote-debugging-pipe",
		      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		      "--no-first-run", "--no-default-browser-check", "--disable-extensions",
		      "--disable-background-networking", "--disable-sync", "--mute-audio",
		      "--password-store=basic", "--use-mock-keychain", profile, size,
		      "about:blank", (char *)NULL);
		_exit(127);
	}
	close(to_browser[0]);
	close(from_browser[1]);
	free(profile);
	free(size);
	free(browser);
	c->wfd = to_browser[1];
	c->rfd = from_browser[0];
	if (c->pid < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);

	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "url", "about:blank");
	r = cdp_call(c, "Target.createTarget", p, false);
	const char *target = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "targetId"));
	if (!target) {
		cJSON_Delete(r);
		return -1;
	}
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "targetId", target);
	cJSON_AddBoolToObject(p, "flatten", true);
	cJSON_Delete(r);
	r = cdp_call(c, "Target.attachToTarget", p, false);
	const char *sid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "sessionId"));
	c->session = sid ? strdup(sid) : NULL;
	cJSON_Delete(r);
	if (!c->session)
		return -1;

	p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "width", width);
	cJSON_AddNumberToObject(p, "height", height);
	cJSON_AddNumberToObject(p, "deviceScaleFactor", 3);
	cJSON_AddBoolToObject(p, "mobile", true);
	if (!call_ok(c, "Emulation.setDeviceMetricsOverride", p, true))
		return -1;
	if (cdp_speak(c, accept_language) != 0 || !call_ok(c, "Page.enable", NULL, true))
		return -1;
	return 0;
}

int cdp_speak(struct cdp *c, const char *accept_language)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "userAgent",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
		"Chrome/126.0 Mobile Safari/537.36");
	cJSON_AddStringToObject(p, "acceptLanguage", accept_language);
	return call_ok(c, "Emulation.setUserAgentOverride", p, true) ? 0 : -1;
}

void cdp_close(struct cdp *c)
{
	if (c->wfd >= 0) {
		call_ok(c, "Browser.close", NULL, false);
		close(c->wfd);
	}
	if (c->rfd >= 0)
		close(c->rfd);
	if (c->pid > 0) {
		int status;
		for (int i = 0; i < 50 && waitpid(c->pid, &status, WNOHANG) == 0; i++)
			usleep(100000);
		if (waitpid(c->pid, &status, WNOHANG) == 0) {
			kill(c->pid, SIGKILL);
			waitpid(c->pid, &status, 0);
		}
	}
	if (c->dir[0])
		rm_tree(c->dir);
	free(c->session);
	free(c->buf);
	cJSON_Delete(c->events);
	memset(c, 0, sizeof *c);
	c->wfd = c->rfd = -1;
}

int cdp_navigate(struct cdp *c, const char *url)
{
	cJSON *p = cJSON_CreateObject(), *r, *ev;

	cdp_forget_events(c);
	cJSON_AddStringToObject(p, "url", url);
	r = cdp_call(c, "Page.navigate", p, true);
	if (!r)
		return -1;
	bool failed = cJSON_GetObjectItemCaseSensitive(r, "errorText") != NULL;
	cJSON_Delete(r);
	if (failed)
		return -1;
	ev = cdp_wait_event(c, "Page.loadEventFired", CALL_TIMEOUT_MS);
	cJSON_Delete(ev);
	return ev ? 0 : -1;
}

char *cdp_eval(struct cdp *c, const char *expression)
{
	cJSON *p = cJSON_CreateObject(), *r;
	char *out = NULL;

	cJSON_AddStringToObject(p, "expression", expression);
	cJSON_AddBoolToObject(p, "returnByValue", true);
	r = cdp_call(c, "Runtime.evaluate", p, true);
	cJSON *res = cJSON_GetObjectItemCaseSensitive(r, "result");
	cJSON *v = cJSON_GetObjectItemCaseSensitive(res, "value");
	if (cJSON_IsString(v))
		out = strdup(v->valuestring);
	else if (cJSON_IsNumber(v) || cJSON_IsBool(v))
		out = cJSON_PrintUnformatted(v);
	cJSON_Delete(r);
	return out;
}

char *cdp_text(struct cdp *c)
{
	return cdp_eval(c, "document.body ? document.body.innerText : ''");
}

int cdp_tap(struct cdp *c, const char *selector, bool wait_load)
{
	cJSON *sel = cJSON_CreateString(selector);
	char *sel_js = cJSON_PrintUnformatted(sel), *js = NULL, *where;
	double x, y;
	static const char *const types[] = { "mousePressed", "mouseReleased" };

	cJSON_Delete(sel);
	if (asprintf(&js, "(function(){var e=document.querySelector(%s);if(!e)return '';"
	             "e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
	             "return (r.left+r.width/2)+' '+(r.top+r.height/2);})()", sel_js) < 0)
		js = NULL;
	free(sel_js);
	where = js ? cdp_eval(c, js) : NULL;
	free(js);
	if (!where || sscanf(where, "%lf %lf", &x, &y) != 2) {
		fprintf(stderr, "cdp: nothing on the page matches %s\n", selector);
		free(where);
		return -1;
	}
	free(where);
	cdp_forget_events(c);
	for (int i = 0; i < 2; i++) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "type", types[i]);
		cJSON_AddNumberToObject(p, "x", x);
		cJSON_AddNumberToObject(p, "y", y);
		cJSON_AddStringToObject(p, "button", "left");
		cJSON_AddNumberToObject(p, "buttons", i == 0 ? 1 : 0);
		cJSON_AddNumberToObject(p, "clickCount", 1);
		cJSON_AddStringToObject(p, "pointerType", "touch");
		if (!call_ok(c, "Input.dispatchMouseEvent", p, true))
			return -1;
	}
	if (wait_load) {
		cJSON *ev = cdp_wait_event(c, "Page.loadEventFired", CALL_TIMEOUT_MS);
		cJSON_Delete(ev);
		return ev ? 0 : -1;
	}
	return 0;
}

int cdp_choose_file(struct cdp *c, const char *selector, const char *path)
{
	cJSON *p = cJSON_CreateObject(), *r;
	double root, node;

	cJSON_AddNumberToObject(p, "depth", 0);
	r = cdp_call(c, "DOM.getDocument", p, true);
	root = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
	       cJSON_GetObjectItemCaseSensitive(r, "root"), "nodeId"));
	cJSON_Delete(r);
	if (!(root > 0))
		return -1;
	p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "nodeId", root);
	cJSON_AddStringToObject(p, "selector", selector);
	r = cdp_call(c, "DOM.querySelector", p, true);
	node = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "nodeId"));
	cJSON_Delete(r);
	if (!(node > 0)) {
		fprintf(stderr, "cdp: nothing on the page matches %s\n", selector);
		return -1;
	}
	p = cJSON_CreateObject();
	cJSON *files = cJSON_AddArrayToObject(p, "files");
	cJSON_AddItemToArray(files, cJSON_CreateString(path));
	cJSON_AddNumberToObject(p, "nodeId", node);
	return call_ok(c, "DOM.setFileInputFiles", p, true) ? 0 : -1;
}

int cdp_allow_downloads(struct cdp *c)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "behavior", "allow");
	cJSON_AddStringToObject(p, "downloadPath", c->downloads);
	cJSON_AddBoolToObject(p, "eventsEnabled", true);
	return call_ok(c, "Browser.setDownloadBehavior", p, false) ? 0 : -1;
}

char *cdp_wait_download(struct cdp *c, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	cJSON *begin = cdp_wait_event(c, "Browser.downloadWillBegin", timeout_ms);
	const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(begin,
	                                        "suggestedFilename"));
	char *path = NULL;

	if (!begin)
		return NULL;
	for (;;) {
		long long left = deadline - now_ms();
		cJSON *ev = cdp_wait_event(c, "Browser.downloadProgress", left > 0 ? (int)left : 0);
		const char *state = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ev, "state"));
		bool done = state && strcmp(state, "completed") == 0;
		bool bad = !ev || (state && strcmp(state, "canceled") == 0);
		cJSON_Delete(ev);
		if (bad)
			break;
		if (done) {
			if (name && asprintf(&path, "%s/%s", c->downloads, name) < 0)
				path = NULL;
			break;
		}
	}
	cJSON_Delete(begin);
	return path;
}
