/* The member register's filters (?q=&status=&level=&org=), read the same
 * way by the list (members.c) and the CSV export (members_export.c). */
#ifndef ROSTERD_ROUTES_MEMBERS_QUERY_H
#define ROSTERD_ROUTES_MEMBERS_QUERY_H

#include <stdbool.h>

struct member_query;
struct req;
struct resp;

/* Read the filters into q; false (response sent) when one is bad or
 * reaches outside the caller's branch. q borrows the request's strings;
 * today must outlive q. */
bool route_members_query(struct req *req, struct resp *resp, struct member_query *q,
                         char today[11]);

#endif
