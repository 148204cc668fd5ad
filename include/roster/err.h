/* Error codes with their HTTP status and message, from one X-macro list so a
 * code can never lack a message. Messages are gettext msgids: translate with
 * _(err_message(e)) where they are shown. xgettext collects them from this
 * list with the keyword X:4,4t (make pot, tests/i18n/check-po.sh), so a new
 * entry needs only its zh_CN translation. */
#ifndef ROSTER_ERR_H
#define ROSTER_ERR_H

/* X(enum suffix, wire code, HTTP status, message) */
#define ROSTER_ERRORS(X) \
	X(OK,                 "ok",                 200, "Done.") \
	X(BAD_REQUEST,        "bad_request",        400, "The request is not valid.") \
	X(BAD_JSON,           "bad_json",           400, "The request body is not valid JSON.") \
	X(BAD_UTF8,           "bad_utf8",           400, "The request contains text that is not valid UTF-8.") \
	X(VALIDATION,         "validation",         422, "Some fields need attention.") \
	X(UNAUTHORIZED,       "unauthorized",       401, "Please sign in.") \
	X(BAD_CREDENTIALS,    "bad_credentials",    401, "The account or password is wrong.") \
	X(SESSION_EXPIRED,    "session_expired",    401, "Your session has ended. Please sign in again.") \
	X(FORBIDDEN,          "forbidden",          403, "You are not allowed to do that.") \
	X(NOT_FOUND,          "not_found",          404, "Not found.") \
	X(METHOD_NOT_ALLOWED, "method_not_allowed", 405, "That method is not allowed here.") \
	X(CONFLICT,           "conflict",           409, "That cannot be done in the current state.") \
	X(EXISTS,             "exists",             409, "That already exists.") \
	X(GONE,               "gone",               410, "This link has expired or was already used.") \
	X(TOO_LARGE,          "too_large",          413, "The request is too large.") \
	X(UNSUPPORTED_TYPE,   "unsupported_type",   415, "That file type is not accepted.") \
	X(CODE_INVALID,       "code_invalid",       400, "The code is wrong or has expired.") \
	X(RATE_LIMITED,       "rate_limited",       429, "Too many attempts. Please wait and try again.") \
	X(INTERNAL,           "internal",           500, "The server had a problem. Please try again later.") \
	X(UNAVAILABLE,        "unavailable",        503, "The service is not available right now.") \
	X(HTTP_VERSION,       "http_version",       505, "This HTTP version is not supported; use HTTP/1.1.") \
	X(NETWORK,            "network",            0,   "Cannot reach the server.") \
	X(TIMEOUT,            "timeout",            0,   "The server did not answer in time.") \
	X(BAD_REPLY,          "bad_reply",          0,   "The server sent a reply that cannot be read.") \
	X(CANCELLED,          "cancelled",          0,   "Cancelled.")

enum roster_err {
#define X(name, code, status, msg) ERR_##name,
	ROSTER_ERRORS(X)
#undef X
	ERR__COUNT
};

const char *err_code(enum roster_err e);     /* "not_found" */
int err_http_status(enum roster_err e);      /* 404; 0 for client-side errors */
const char *err_message(enum roster_err e);  /* English msgid */
/* Wire code back to enum; ERR_BAD_REPLY for an unknown code. */
enum roster_err err_from_code(const char *code);

#endif
