/* Message centre (消息中心): what the association told this member, unread
 * first; Enter reads one (and marks it read), A marks all read. */
#ifndef ROSTER_CLIENT_MESSAGES_H
#define ROSTER_CLIENT_MESSAGES_H

#include "app.h"

/* arg: NULL. Resume value: none. */
extern const struct screen_ops scr_messages_ops;

#endif
