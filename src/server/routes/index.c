/* The table of route tables and the GET /me extenders. Add a line per group. */
#include <stddef.h>
#include "routes/routes.h"

const struct route *const route_tables[] = {
	routes_health,
	routes_openapi,
	routes_auth,
	routes_me,
	routes_catalogue,
	routes_members_export,     /* before /members/{id} */
	routes_members,
	routes_stats,
	routes_renewals,
	routes_catalogue_admin,
	routes_order_discounts,
	routes_application,
	routes_attachments,
	routes_applications,
	routes_profile,
	routes_review,
	routes_messages,
	routes_notices,
	routes_handoff,
	routes_handoff_pages,
	routes_dues,
	routes_orders,
	routes_transfer_history,   /* before /review/bank-transfers/{id} */
	routes_bank_transfers,
	routes_refunds,
	routes_invoices,
	routes_certificate,
	routes_verify,
	routes_pay_callback,
	routes_sandbox_pay,
	routes_verify_page,
	routes_staff_accounts,
	routes_audit,
	routes_member_records,
	routes_broadcasts,
	routes_account_settings,
	routes_attempts,
	routes_payment_refunds,
	routes_bank_transfers_bulk,
	routes_document_kinds,
	NULL
};

const me_extend_fn me_extenders[] = {
	me_extend_member,
	orders_me_extend,
	me_extend_language,
	NULL
};
