/* My applications (我的申请): every application of this member — joining,
 * information changes, level changes, branch memberships — filtered by kind
 * and status; Enter shows one with the reviewer's reason and its history,
 * and leads on to what can be done next (edit and resubmit, pay). */
#ifndef ROSTER_CLIENT_APPLICATIONS_H
#define ROSTER_CLIENT_APPLICATIONS_H

#include "app.h"

/* arg: NULL. */
extern const struct screen_ops scr_applications_ops;

#endif
