/* Join a branch (加入分会): the branches this member belongs to or has
 * asked to join with each request's status, and a form to ask to join
 * another (branch, optional reason). The branch's staff review it. */
#ifndef ROSTER_CLIENT_BRANCH_JOIN_H
#define ROSTER_CLIENT_BRANCH_JOIN_H

#include "app.h"

/* arg: NULL. Resume value 1 when a request was sent. */
extern const struct screen_ops scr_branch_join_ops;

#endif
