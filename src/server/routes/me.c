/* GET /me: the caller's account, plus what other parts add (me_extenders). */
#include "service/auth.h"
#include "routes/routes.h"
#include "store/accounts.h"
#include "store/store.h"

static void route_me_get(struct req *req, struct resp *resp)
{
	struct account a;
	cJSON *me;

	/* the lookups below only read: one snapshot takes the WAL read lock
	 * once instead of once per statement */
	db_read_begin(req->db);
	if (store_account_get(req->db, req->who.account_id, &a) != ST_OK) {
		db_read_end(req->db);
		resp_error(resp, ERR_UNAUTHORIZED, NULL, NULL);
		return;
	}
	me = auth_account_json(&a);
	account_free(&a);
	for (const me_extend_fn *f = me_extenders; *f; f++)
		(*f)(req, me);
	db_read_end(req->db);
	resp_json(resp, 200, me);
}

const struct route routes_me[] = {
	{ "GET", "/me", route_me_get, ROLES_ANY_USER, 0 },
	{ 0 }
};
