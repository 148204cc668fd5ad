/* Member information (会员信息): the approved profile drawn from the form
 * schema; E edits it, and the changed fields go to the association for
 * review (POST /member/profile-changes) instead of applying at once. */
#ifndef ROSTER_CLIENT_PROFILE_H
#define ROSTER_CLIENT_PROFILE_H

#include "app.h"

/* arg: NULL to show the profile, any non-NULL pointer to start editing
 * (after a rejected change). */
extern const struct screen_ops scr_profile_ops;

#endif
