/* Settling and ending orders: every change of an order's status goes
 * through here, inside one transaction with all its effects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "roster/money.h"
#include "roster/xalloc.h"
#include "assoc_time.h"
#include "log.h"
#include "pay/pay.h"
#include "server.h"
#include "service/notify.h"
#include "service/renewal.h"
#include "store/audit.h"
#include "store/catalogue.h"
#include "store/certificates.h"
#include "store/invoices.h"
#include "store/members.h"
#include "store/messages.h"
#include "store/orders.h"
#include "store/payments.h"
#include "store/store.h"

int pay_this_year(void)
{
	return assoc_year(store_now());
}

/* Tell the member the order is paid: a message, and when staff decided it
 * (a bank transfer confirmed, dues recorded offline, an exemption) an
 * e-mail too; a payment the member made by QR code is no decision and
 * sends none. */
static int settle_tell(struct db *db, const struct order *o, const char *method,
                       const char *title_zh, const char *title_en, const char *zh,
                       const char *en)
{
	int rc = store_message_add(db, o->account_id, "payment", title_zh, title_en, zh, en,
	                           "order", o->id);

	if (rc == ST_OK && (strcmp(method, "bank_transfer") == 0 || strcmp(method, "offline") == 0 ||
	                    strcmp(method, "exempt") == 0))
		rc = notify_mail(db, o->account_id, title_zh, title_en, zh, en);
	return rc;
}

static int settle_dues(struct db *db, const struct order *o, const char *method)
{
	struct member m = { 0 };
	char fen[MONEY_BUFSZ];
	char *zh, *en;
	int rc;

	if ((rc = renewal_settle_dues(db, o)) != ST_OK)
		return rc;
	if ((rc = store_member_get(db, o->account_id, &m)) != ST_OK)
		return rc;
	money_format(o->amount, fen);
	zh = xasprintf("订单 %s 已支付 %s（%d–%d 年会费），会籍有效期至 %s。",
	               o->order_no, fen, o->year_from, o->year_to, m.valid_until);
	en = xasprintf("Order %s is paid (%s, dues for %d–%d). Your membership is valid until %s.",
	               o->order_no, fen, o->year_from, o->year_to, m.valid_until);
	rc = settle_tell(db, o, method, "缴费成功", "Payment received", zh, en);
	free(zh);
	free(en);
	member_free(&m);
	return rc;
}

static int settle_level_change(struct db *db, const struct order *o, const char *method)
{
	struct level l = { 0 };
	char fen[MONEY_BUFSZ];
	char *zh, *en;
	int rc;

	if ((rc = store_member_set_level(db, o->account_id, o->level_id)) != ST_OK)
		return rc;
	if ((rc = store_level_get(db, o->level_id, &l)) != ST_OK)
		return rc;
	money_format(o->amount, fen);
	zh = xasprintf("订单 %s 已支付 %s，您的会员等级已变更为%s。", o->order_no, fen, l.name_zh);
	en = xasprintf("Order %s is paid (%s). Your level is now %s.", o->order_no, fen, l.name_en);
	rc = settle_tell(db, o, method, "等级变更已生效", "Level change applied", zh, en);
	free(zh);
	free(en);
	level_free(&l);
	return rc;
}

/* The order was paid (by a QR payment) while a bank transfer the member
 * reported waited for staff: the transfer is closed as not needed, and the
 * member is told so as it is; nothing was wrong with the transfer, so it is
 * never called rejected. */
static int settle_close_transfer(struct db *db, const struct order *o, int64_t actor)
{
	struct payment bt;
	char *zh, *en;
	int rc = store_payment_pending_bank(db, o->id, &bt);

	if (rc != ST_OK)
		return rc == ST_NOTFOUND ? ST_OK : rc;
	if ((rc = store_payment_not_needed(db, bt.id)) != ST_OK)
		goto done;
	zh = xasprintf("订单 %s 已通过扫码支付，您于 %s 登记的银行转账（%s，%s）无需再确认，"
	               "已关闭。如果这笔转账已经汇出，请联系本会办理退款。",
	               o->order_no, bt.transfer_date, bt.payer_name, bt.bank);
	en = xasprintf("Order %s was paid by QR code, so the bank transfer you reported for %s"
	               " (%s, %s) is no longer needed and has been closed. If you did send"
	               " that transfer, contact the association to have it refunded.",
	               o->order_no, bt.transfer_date, bt.payer_name, bt.bank);
	rc = store_message_add(db, o->account_id, "payment", "银行转账无需确认",
	                       "Bank transfer not needed", zh, en, "order", o->id);
	free(zh);
	free(en);
	if (rc == ST_OK)
		rc = store_audit(db, actor, "bank_transfer.not_needed", "payment", bt.id, NULL);
done:
	payment_free(&bt);
	return rc;
}

int pay_settle(struct db *db, const struct order *o, const char *method,
               const char *provider, int64_t paid_at, int64_t actor)
{
	char *detail;
	int rc;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	if ((rc = store_order_mark_paid(db, o->id, method, provider, paid_at)) != ST_OK)
		goto fail;
	rc = strcmp(o->kind, "dues") == 0 ? settle_dues(db, o, method)
	                                  : settle_level_change(db, o, method);
	if (rc != ST_OK)
		goto fail;
	/* other QR codes of the order can no longer be paid, and a transfer
	 * still waiting is not needed */
	if ((rc = store_payment_expire_qr(db, o->id, store_now())) != ST_OK ||
	    (rc = settle_close_transfer(db, o, actor)) != ST_OK)
		goto fail;
	if ((rc = store_invoice_reopen_for_order(db, o->id)) != ST_OK)
		goto fail;
	if ((rc = cert_renew(db, o->account_id, true, NULL)) != ST_OK)
		goto fail;
	detail = xasprintf("{\"method\":\"%s\",\"provider\":\"%s\",\"amount\":%lld}", method,
	                   provider ? provider : "", (long long)o->amount);
	rc = store_audit(db, actor, "order.paid", "order", o->id, detail);
	free(detail);
	if (rc != ST_OK)
		goto fail;
	if (db_commit(db) != ST_OK)
		return ST_ERROR;
	log_info("order %s paid by %s%s%s", o->order_no, method, provider ? "/" : "",
	         provider ? provider : "");
	return ST_OK;
fail:
	db_rollback(db);
	return rc == ST_OK ? ST_ERROR : rc;
}

int pay_order_end(struct db *db, const struct order *o, const char *status, int64_t actor)
{
	int rc;

	if (db_begin(db) != ST_OK)
		return ST_ERROR;
	if ((rc = store_order_end(db, o->id, status)) != ST_OK)
		goto fail;
	if ((rc = store_invoice_cancel_for_order(db, o->id)) != ST_OK ||
	    (rc = store_payment_expire_qr(db, o->id, store_now())) != ST_OK)
		goto fail;
	if (strcmp(status, "closed") == 0) {
		int days = g_cfg ? g_cfg->order_close_days : 7;
		char *zh = xasprintf("订单 %s 超过 %d 天未支付，已自动关闭。如仍需缴费，请重新下单。",
		                     o->order_no, days);
		char *en = xasprintf("Order %s was not paid within %d days and has been closed."
		                     " Place a new order to pay.", o->order_no, days);
		rc = store_message_add(db, o->account_id, "order", "订单已关闭", "Order closed",
		                       zh, en, "order", o->id);
		free(zh);
		free(en);
		if (rc != ST_OK)
			goto fail;
	}
	rc = store_audit(db, actor, strcmp(status, "closed") == 0 ? "order.close" : "order.cancel",
	                 "order", o->id, NULL);
	if (rc != ST_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return rc == ST_OK ? ST_ERROR : rc;
}
