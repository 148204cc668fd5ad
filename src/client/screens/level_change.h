/* Level change (等级变更): choose the new level, complete the unit's
 * information (unit members) and the reason, submit; then the review's
 * status, editing and resubmitting after a rejection, and paying the fee
 * difference once it is approved. */
#ifndef ROSTER_CLIENT_LEVEL_CHANGE_H
#define ROSTER_CLIENT_LEVEL_CHANGE_H

#include "app.h"

/* arg: NULL. Resume value 1 when something was submitted or paid. */
extern const struct screen_ops scr_level_change_ops;

#endif
