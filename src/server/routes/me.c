/* GET /me: the caller's account, plus what other parts add (me_extenders). */
#include "auth.h"
#include "routes/routes.h"
#include "store/accounts.h"
#include "store/store.h"

static void route_me_get(struct req *req, struct resp *resp)
{
	struct account a;
	cJSON *me;

	if (store_account_get(req->db, req->who.account_id, &a) != ST_OK) {
		resp_error(resp, ERR_UNAUTHORIZED, NULL, NULL);
		return;
	}
	me = auth_account_json(&a);
	account_free(&a);
	for (const me_extend_fn *f = me_extenders; *f; f++)
		(*f)(req, me);
	resp_json(resp, 200, me);
}

const struct route routes_me[] = {
	{ "GET", "/me", route_me_get, ROLES_ANY_USER, 0 },
	{ 0 }
};
