/* A headless Chromium driven over the DevTools protocol, for tests of the
 * pages a phone opens (hand-off links, the sandbox payment page, the
 * certificate check). Chromium runs with --remote-debugging-pipe: commands
 * go down fd 3 and answers and events come back on fd 4, each a JSON text
 * ended by a NUL byte. One tab, emulating a phone:
 *
 *	struct cdp c;
 *	assert_int_equal(cdp_open(&c, 390, 844, "en-US,en"), 0);
 *	assert_int_equal(cdp_navigate(&c, url), 0);
 *	char *text = cdp_text(&c);            // what the page shows
 *	cdp_close(&c);
 *
 * The browser is $ROSTER_CHROMIUM, else chromium from PATH (Debian's
 * package; mk/deps.sh installs it for `make check`). A test fails, never
 * skips, when there is none. */
#ifndef ROSTER_TEST_CDP_H
#define ROSTER_TEST_CDP_H

#include <stdbool.h>
#include <sys/types.h>
#include <cjson/cJSON.h>

struct cdp {
	pid_t pid;
	int wfd, rfd;           /* to and from the browser */
	int next_id;
	char *session;          /* the tab's flattened session id */
	char dir[256];          /* profile and downloads, removed at close */
	char downloads[300];    /* where downloads land */
	char *buf;              /* bytes read and not yet split */
	size_t len, cap;
	cJSON *events;          /* events read while waiting for answers */
};

/* Start the browser, open one tab as a phone of width x height CSS pixels
 * whose browser asks for accept_language. 0, or -1 (why on stderr). */
int cdp_open(struct cdp *c, int width, int height, const char *accept_language);
void cdp_close(struct cdp *c);
/* From now on the phone's browser asks for accept_language. 0 or -1. */
int cdp_speak(struct cdp *c, const char *accept_language);

/* One command (params is taken; NULL = {}), to the tab when tab is true,
 * else to the browser. The "result" object (the caller frees it), or NULL
 * on an error answer or after 20 s. */
cJSON *cdp_call(struct cdp *c, const char *method, cJSON *params, bool tab);
/* Drop the events seen so far. */
void cdp_forget_events(struct cdp *c);
/* Wait up to timeout_ms for an event (one seen already counts); its params
 * (the caller frees them), or NULL. */
cJSON *cdp_wait_event(struct cdp *c, const char *method, int timeout_ms);

/* Go to url and wait for its load event. 0 or -1. */
int cdp_navigate(struct cdp *c, const char *url);
/* A JavaScript expression's value as a string (malloc'd), or NULL. */
char *cdp_eval(struct cdp *c, const char *expression);
/* document.body.innerText (malloc'd), or NULL. */
char *cdp_text(struct cdp *c);
/* Tap the middle of the first element matching selector, as a finger
 * would (touch events at its place on the screen), and when wait_load,
 * wait for the page that follows to load. 0, or -1 (no such element, or
 * nothing loaded). */
int cdp_tap(struct cdp *c, const char *selector, bool wait_load);
/* Put a file into <input type=file> matching selector, as choosing it in
 * the phone's picker does. 0 or -1. */
int cdp_choose_file(struct cdp *c, const char *selector, const char *path);
/* Let the tab download into c->downloads; then cdp_wait_download waits for
 * the download a tap started and gives its path (malloc'd), or NULL. */
int cdp_allow_downloads(struct cdp *c);
char *cdp_wait_download(struct cdp *c, int timeout_ms);

#endif
