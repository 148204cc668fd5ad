/* The join wizard (会员申请): choose the organisation (HQ or a branch) and
 * the level, fill the application form the server's schema describes in
 * sections (暂存 saves the draft on every step; the draft comes back on the
 * next sign-in), download the pre-filled form, upload the signed and
 * stamped form from a file or by phone, review and submit, then the done
 * page leading to the member centre. arg: NULL. */
#ifndef ROSTER_CLIENT_JOIN_H
#define ROSTER_CLIENT_JOIN_H

#include "app.h"

extern const struct screen_ops scr_join_ops;
/* "Submitted" (arg: the new status text, or NULL); Enter goes home. */
extern const struct screen_ops scr_join_done_ops;

#endif
