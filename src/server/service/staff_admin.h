/* Running the office's accounts: what an admin does to staff accounts and
 * what staff do to a member's account (disable, enable, a new password, a
 * new role or branch), shared by the API routes and `rosterd user`. Each
 * step is one transaction with an audit row holding before and after
 * ({"before":{…},"after":{…}}); disabling an account or setting its
 * password ends its sessions at once. */
#ifndef ROSTERD_STAFF_ADMIN_H
#define ROSTERD_STAFF_ADMIN_H

#include <stdbool.h>
#include <stdint.h>
#include "roster/err.h"

struct db;

/* What a step produced: ERR_OK, or the error with a translated message
 * (msg may be NULL for the error's own text). */
struct admin_out {
	enum roster_err err;
	const char *msg;
};

/* Which accounts a step may touch. */
enum admin_target {
	ADMIN_STAFF,    /* staff accounts only (members answer not found) */
	ADMIN_MEMBER,   /* member accounts only */
};

/* Disable (enable = false) or enable account id. Refuses to disable the
 * actor's own account or the last active admin (ERR_CONFLICT). */
void admin_set_status(struct db *db, int64_t actor, int64_t id, enum admin_target t,
                      bool enable, const char *reason, struct admin_out *o);
/* Role ("branch_staff" needs a branch: org_id of an organisation of kind
 * branch) and branch of a staff account. Refuses to change the actor's own
 * role or to take away the last active admin. */
void admin_set_role(struct db *db, int64_t actor, int64_t id, const char *role,
                    int64_t org_id, struct admin_out *o);
/* A new password (checked like every password) for account id. */
void admin_set_password(struct db *db, int64_t actor, int64_t id, enum admin_target t,
                        const char *password, struct admin_out *o);

/* Is org_id an active organisation of kind branch? */
bool admin_is_branch(struct db *db, int64_t org_id);

#endif
