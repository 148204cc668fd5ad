/* Sign out, after a confirmation. */
#include "app.h"
#include "screens/screens.h"
#include "widgets/dialog.h"
#include "roster/i18n.h"

void scr_logout_confirm(struct screen *from)
{
	struct dialog_arg a = {
		.kind = DLG_CONFIRM,
		.title = _("Sign out"),
		.text = _("Do you want to sign out?"),
		.yes = _("Sign out"),
		.no = _("Stay"),
		.on_yes = app_sign_out,
	};

	app_push(from->app, &scr_dialog_ops, &a, 0);
}
