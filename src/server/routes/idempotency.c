/* Idempotency-Key (routes/idempotency.h). */
#include <string.h>
#include "roster/i18n.h"
#include "route.h"
#include "routes/idempotency.h"
#include "store/db.h"
#include "store/idempotency.h"
#include "store/store.h"

bool route_idem_key(const struct req *req, struct resp *resp, const char **key)
{
	const char *k = req_header(req, "Idempotency-Key");
	size_t n;
	bool ok;

	*key = NULL;
	if (!k)
		return true;
	n = strlen(k);
	ok = n > 0 && n <= IDEM_KEY_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = k[i] > 0x20 && k[i] < 0x7f;
	if (!ok) {
		resp_error(resp, ERR_BAD_REQUEST,
		           _("The Idempotency-Key header must be 1 to 128 visible ASCII characters."),
		           NULL);
		return false;
	}
	*key = k;
	return true;
}

bool route_idem_check(struct req *req, struct resp *resp, const char *key, const char *scope)
{
	int status = 0;
	char *response = NULL;

	if (!key)
		return false;
	switch (idem_lookup(req->db, req->who.account_id, key, scope, req->body,
	                    req->body ? req->body_len : 0, &status, &response)) {
	case IDEM_NEW:
		return false;
	case IDEM_REPLAY:
		db_rollback(req->db);
		resp_bytes(resp, status, "application/json", response, strlen(response), true);
		resp_header(resp, "Idempotent-Replayed", "true");
		return true;
	case IDEM_MISMATCH:
		db_rollback(req->db);
		resp_error(resp, ERR_VALIDATION,
		           _("This Idempotency-Key was used for a different request."), NULL);
		return true;
	default:
		db_rollback(req->db);
		resp_error(resp, ERR_INTERNAL, NULL, NULL);
		return true;
	}
}

int route_idem_save(struct req *req, const char *key, const char *scope, int status,
                    const char *response)
{
	return idem_save(req->db, req->who.account_id, key, scope, req->body,
	                 req->body ? req->body_len : 0, status, response);
}
