/* Who acts: the roles and the caller of a request or a command. The
 * service floor (service/) decides what a caller may do; it knows nothing
 * of HTTP, so this is all it needs of the request. */
#ifndef ROSTERD_CALLER_H
#define ROSTERD_CALLER_H

#include <stdint.h>

/* Role bits; a route's `roles` is the set allowed (0 = public). */
enum {
	ROLE_MEMBER       = 1u << 0,
	ROLE_BRANCH_STAFF = 1u << 1,
	ROLE_HQ_STAFF     = 1u << 2,
	ROLE_ADMIN        = 1u << 3,
};
#define ROLES_STAFF    (ROLE_BRANCH_STAFF | ROLE_HQ_STAFF | ROLE_ADMIN)
#define ROLES_HQ       (ROLE_HQ_STAFF | ROLE_ADMIN)
#define ROLES_ANY_USER (ROLE_MEMBER | ROLES_STAFF)

/* "member", "branch_staff", "hq_staff", "admin"; NULL for 0 or a mix. */
const char *role_name(unsigned role);
/* The bit for a name; 0 when unknown. */
unsigned role_from_name(const char *name);

/* Who is asking. account_id 0 = anonymous (a public route called without a
 * valid token). */
struct caller {
	int64_t account_id;
	unsigned role;         /* one ROLE_* bit, 0 when anonymous */
	int64_t org_id;        /* branch of a branch_staff; 0 otherwise */
	int64_t session_id;
};

#endif
