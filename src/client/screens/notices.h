/* Notices (公告动态): every notice, pinned first then newest, a page at a
 * time; Enter reads one. */
#ifndef ROSTER_CLIENT_NOTICES_H
#define ROSTER_CLIENT_NOTICES_H

#include "app.h"

/* arg: NULL for the list, or const long long *notice_id to open one notice
 * at once (Esc then shows the list). */
extern const struct screen_ops scr_notices_ops;

#endif
