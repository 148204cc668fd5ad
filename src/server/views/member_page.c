/* The members beside a page of a list (views/member_page.h). */
#include <stdbool.h>
#include <stdlib.h>
#include "store/accounts.h"
#include "store/catalogue.h"
#include "store/members.h"
#include "store/store.h"
#include "views/catalogue.h"
#include "views/member.h"
#include "views/member_page.h"

int view_member_refs(struct db *db, const int64_t *account_ids, size_t n, cJSON **out)
{
	struct account *accs = NULL;
	struct member *ms = NULL;
	struct level *levels = NULL;
	struct org *orgs = NULL;
	size_t naccs = 0, nms = 0, nlevels = 0, norgs = 0;
	int rc = ST_OK;

	if (n == 0)
		return ST_OK;
	if (store_accounts_by_ids(db, account_ids, n, &accs, &naccs) != ST_OK)
		rc = ST_ERROR;
	if (store_members_by_accounts(db, account_ids, n, &ms, &nms) != ST_OK)
		rc = ST_ERROR;
	if (store_level_list(db, NULL, true, &levels, &nlevels) != ST_OK)
		rc = ST_ERROR;
	if (store_org_list(db, true, &orgs, &norgs) != ST_OK)
		rc = ST_ERROR;
	for (size_t i = 0; i < n; i++) {
		const struct account *acc = NULL;
		const struct member *m = NULL;
		cJSON *level = NULL, *org = NULL;

		for (size_t k = 0; k < naccs && !acc; k++)
			if (accs[k].id == account_ids[i])
				acc = &accs[k];
		for (size_t k = 0; k < nms && !m; k++)
			if (ms[k].account_id == account_ids[i])
				m = &ms[k];
		for (size_t k = 0; m && m->level_id > 0 && k < nlevels && !level; k++)
			if (levels[k].id == m->level_id)
				level = view_level(&levels[k]);
		for (size_t k = 0; m && m->org_id > 0 && k < norgs && !org; k++)
			if (orgs[k].id == m->org_id)
				org = view_org(&orgs[k]);
		out[i] = view_member_ref_of(account_ids[i], acc, m, level, org);
	}
	for (size_t k = 0; k < naccs; k++)
		account_free(&accs[k]);
	for (size_t k = 0; k < nms; k++)
		member_free(&ms[k]);
	free(accs);
	free(ms);
	levels_free(levels, nlevels);
	orgs_free(orgs, norgs);
	return rc;
}
