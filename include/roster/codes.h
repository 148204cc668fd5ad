/* The codes rosterd stores and sends for kinds and statuses, each with its
 * one wording, from one X-macro list per vocabulary, so the server checks a
 * client's ?status= or body against the same list the client shows in
 * words, and a code reads the same everywhere.
 *
 * X(enum name, wire code, English wording, zh_CN wording): the English
 * wording is the gettext msgid (N_() so xgettext collects it); the zh_CN
 * wording is what the catalogue must give for it (tests/unit/common/
 * test_codes.c checks that it does). The wire codes are those of the
 * CHECK constraints in src/server/store/migrations/ and of roster-api(7). */
#ifndef ROSTER_CODES_H
#define ROSTER_CODES_H

#include <stdbool.h>
#include <stddef.h>

#include "roster/i18n.h"

/* applications.kind */
#define ROSTER_APP_KINDS(X) \
	X(APP_KIND_JOIN,           "join",           N_("Joining"),        "入会申请") \
	X(APP_KIND_PROFILE_CHANGE, "profile_change", N_("Profile change"), "资料变更") \
	X(APP_KIND_LEVEL_CHANGE,   "level_change",   N_("Level change"),   "等级变更") \
	X(APP_KIND_BRANCH_JOIN,    "branch_join",    N_("Branch joining"), "加入分会")

/* applications.status */
#define ROSTER_APP_STATUSES(X) \
	X(APP_STATUS_DRAFT,          "draft",          N_("Draft"),               "草稿") \
	X(APP_STATUS_PENDING_BRANCH, "pending_branch", N_("Under branch review"), "待分会审核") \
	X(APP_STATUS_PENDING_HQ,     "pending_hq",     N_("Under HQ review"),     "待总会审核") \
	X(APP_STATUS_APPROVED,       "approved",       N_("Approved"),            "已批准") \
	X(APP_STATUS_REJECTED,       "rejected",       N_("Rejected"),            "已驳回")

/* What happened to an application (its history's "action"). */
#define ROSTER_APP_ACTIONS(X) \
	X(APP_ACTION_CREATE,  "create",  N_("Created"),     "创建") \
	X(APP_ACTION_EDIT,    "edit",    N_("Edited"),      "修改") \
	X(APP_ACTION_SUBMIT,  "submit",  N_("Submitted"),   "提交") \
	X(APP_ACTION_APPROVE, "approve", N_("Approved"),    "已批准") \
	X(APP_ACTION_REJECT,  "reject",  N_("Rejected"),    "已驳回") \
	X(APP_ACTION_APPLY,   "apply",   N_("Took effect"), "已生效")

/* A member's effective status: members.status, plus "none" (no member row
 * yet) and "grace" (active but past valid_until, computed, never stored). */
#define ROSTER_MEMBER_STATUSES(X) \
	X(MEMBER_STATUS_NONE,            "none",            N_("Not applied yet"),           "尚未申请") \
	X(MEMBER_STATUS_DRAFT,           "draft",           N_("Application not submitted"), "申请未提交") \
	X(MEMBER_STATUS_PENDING_BRANCH,  "pending_branch",  N_("Under branch review"),       "待分会审核") \
	X(MEMBER_STATUS_PENDING_HQ,      "pending_hq",      N_("Under HQ review"),           "待总会审核") \
	X(MEMBER_STATUS_PENDING_PAYMENT, "pending_payment", N_("Awaiting payment"),          "待缴费") \
	X(MEMBER_STATUS_ACTIVE,          "active",          N_("Full member"),               "正式会员") \
	X(MEMBER_STATUS_GRACE,           "grace",           N_("Expired, in grace period"),  "已到期（宽限期内）") \
	X(MEMBER_STATUS_EXPIRED,         "expired",         N_("Expired"),                   "已过期") \
	X(MEMBER_STATUS_REJECTED,        "rejected",        N_("Rejected"),                  "已驳回")

/* A branch a member belongs to or is joining (GET /branches/mine): a
 * member of it, the membership application still under way, or the
 * status of the branch join application. */
#define ROSTER_BRANCH_STATUSES(X) \
	X(BRANCH_STATUS_MEMBER,         "member",         N_("Member"),                           "会员") \
	X(BRANCH_STATUS_APPLYING,       "applying",       N_("Membership application under way"), "入会申请办理中") \
	X(BRANCH_STATUS_DRAFT,          "draft",          N_("Draft"),                            "草稿") \
	X(BRANCH_STATUS_PENDING_BRANCH, "pending_branch", N_("Under branch review"),              "待分会审核") \
	X(BRANCH_STATUS_PENDING_HQ,     "pending_hq",     N_("Under HQ review"),                  "待总会审核") \
	X(BRANCH_STATUS_REJECTED,       "rejected",       N_("Rejected"),                         "已驳回")

/* members.member_type (also accounts and applications) */
#define ROSTER_MEMBER_TYPES(X) \
	X(MEMBER_TYPE_INDIVIDUAL, "individual", N_("Individual member"),   "个人会员") \
	X(MEMBER_TYPE_UNIT,       "unit",       N_("Organisation member"), "单位会员")

/* accounts.role */
#define ROSTER_ACCOUNT_ROLES(X) \
	X(ACCOUNT_ROLE_MEMBER,       "member",       N_("member"),             "会员") \
	X(ACCOUNT_ROLE_BRANCH_STAFF, "branch_staff", N_("branch staff"),       "分会工作人员") \
	X(ACCOUNT_ROLE_HQ_STAFF,     "hq_staff",     N_("headquarters staff"), "总会工作人员") \
	X(ACCOUNT_ROLE_ADMIN,        "admin",        N_("administrator"),      "管理员")

/* A certificate's status (GET /certificate). */
#define ROSTER_CERT_STATUSES(X) \
	X(CERT_STATUS_VALID,   "valid",   N_("Valid"),   "有效") \
	X(CERT_STATUS_EXPIRED, "expired", N_("Expired"), "已过期")

/* orders.kind */
#define ROSTER_ORDER_KINDS(X) \
	X(ORDER_KIND_DUES,         "dues",         N_("Dues"),         "会费") \
	X(ORDER_KIND_LEVEL_CHANGE, "level_change", N_("Level change"), "等级变更")

/* orders.status */
#define ROSTER_ORDER_STATUSES(X) \
	X(ORDER_STATUS_UNPAID,    "unpaid",    N_("Unpaid"),    "待支付") \
	X(ORDER_STATUS_PAID,      "paid",      N_("Paid"),      "已支付") \
	X(ORDER_STATUS_CANCELLED, "cancelled", N_("Cancelled"), "已取消") \
	X(ORDER_STATUS_CLOSED,    "closed",    N_("Closed"),    "已关闭")

/* payments.method */
#define ROSTER_PAY_METHODS(X) \
	X(PAY_METHOD_QR,            "qr",            N_("QR code"),       "扫码支付") \
	X(PAY_METHOD_BANK_TRANSFER, "bank_transfer", N_("Bank transfer"), "银行转账")

/* payments.status */
#define ROSTER_PAYMENT_STATUSES(X) \
	X(PAYMENT_STATUS_PENDING,    "pending",    N_("Waiting"),    "待处理") \
	X(PAYMENT_STATUS_SUCCEEDED,  "succeeded",  N_("Confirmed"),  "已确认") \
	X(PAYMENT_STATUS_EXPIRED,    "expired",    N_("Expired"),    "已过期") \
	X(PAYMENT_STATUS_REJECTED,   "rejected",   N_("Rejected"),   "已驳回") \
	X(PAYMENT_STATUS_REFUND_DUE, "refund_due", N_("Refund due"), "待退款") \
	X(PAYMENT_STATUS_NOT_NEEDED, "not_needed", N_("Not needed"), "无需确认")

/* A bank transfer's status as the API shows it (a succeeded payment is
 * "confirmed"). */
#define ROSTER_TRANSFER_STATUSES(X) \
	X(TRANSFER_STATUS_PENDING,   "pending",   N_("Waiting"),   "待处理") \
	X(TRANSFER_STATUS_CONFIRMED, "confirmed", N_("Confirmed"), "已确认") \
	X(TRANSFER_STATUS_REJECTED,  "rejected",  N_("Rejected"),  "已驳回") \
	X(TRANSFER_STATUS_NOT_NEEDED, "not_needed", N_("Not needed"), "无需确认")

/* invoices.kind */
#define ROSTER_INVOICE_KINDS(X) \
	X(INVOICE_KIND_NORMAL,  "normal",  N_("Normal invoice"),      "普通发票") \
	X(INVOICE_KIND_SPECIAL, "special", N_("Special VAT invoice"), "增值税专用发票") \
	X(INVOICE_KIND_DUES_RECEIPT, "dues_receipt", N_("Dues receipt"), "社会团体会费统一收据")

/* invoices.status */
#define ROSTER_INVOICE_STATUSES(X) \
	X(INVOICE_STATUS_REQUESTED, "requested", N_("Requested"), "已申请") \
	X(INVOICE_STATUS_ISSUED,    "issued",    N_("Issued"),    "已开具") \
	X(INVOICE_STATUS_CANCELLED, "cancelled", N_("Cancelled"), "已取消") \
	X(INVOICE_STATUS_REJECTED,  "rejected",  N_("Declined"),  "未通过")

/* invoices.title_type */
#define ROSTER_INVOICE_TITLES(X) \
	X(INVOICE_TITLE_PERSONAL,     "personal",     N_("A person"),        "个人") \
	X(INVOICE_TITLE_ORGANISATION, "organisation", N_("An organisation"), "单位")

/* refunds.status */
#define ROSTER_REFUND_STATUSES(X) \
	X(REFUND_STATUS_PROCESSING, "processing", N_("Refund under way"), "退款处理中") \
	X(REFUND_STATUS_SUCCEEDED,  "succeeded",  N_("Refunded"),         "已退款") \
	X(REFUND_STATUS_FAILED,     "failed",     N_("Refund failed"),    "退款失败")

/* refunds.cause */
#define ROSTER_REFUND_CAUSES(X) \
	X(REFUND_CAUSE_PAID_TWICE,       "paid_twice",       N_("Paid twice"),        "重复支付") \
	X(REFUND_CAUSE_MEMBERSHIP_ENDED, "membership_ended", N_("Membership ended"),  "会籍终止") \
	X(REFUND_CAUSE_OTHER,            "other",            N_("Other"),             "其他")

/* L(list, type, PREFIX, entries): every vocabulary above. Each gets an
 * enum type (PREFIX__UNKNOWN is -1), type_of(code) -> that enum, and
 * type_words(code) -> the translated wording. */
#define ROSTER_CODE_LISTS(L) \
	L(CODES_APP_KIND,        app_kind,        APP_KIND,        ROSTER_APP_KINDS) \
	L(CODES_APP_STATUS,      app_status,      APP_STATUS,      ROSTER_APP_STATUSES) \
	L(CODES_APP_ACTION,      app_action,      APP_ACTION,      ROSTER_APP_ACTIONS) \
	L(CODES_MEMBER_STATUS,   member_status,   MEMBER_STATUS,   ROSTER_MEMBER_STATUSES) \
	L(CODES_BRANCH_STATUS,   branch_status,   BRANCH_STATUS,   ROSTER_BRANCH_STATUSES) \
	L(CODES_MEMBER_TYPE,     member_type,     MEMBER_TYPE,     ROSTER_MEMBER_TYPES) \
	L(CODES_ACCOUNT_ROLE,    account_role,    ACCOUNT_ROLE,    ROSTER_ACCOUNT_ROLES) \
	L(CODES_CERT_STATUS,     cert_status,     CERT_STATUS,     ROSTER_CERT_STATUSES) \
	L(CODES_ORDER_KIND,      order_kind,      ORDER_KIND,      ROSTER_ORDER_KINDS) \
	L(CODES_ORDER_STATUS,    order_status,    ORDER_STATUS,    ROSTER_ORDER_STATUSES) \
	L(CODES_PAY_METHOD,      pay_method,      PAY_METHOD,      ROSTER_PAY_METHODS) \
	L(CODES_PAYMENT_STATUS,  payment_status,  PAYMENT_STATUS,  ROSTER_PAYMENT_STATUSES) \
	L(CODES_TRANSFER_STATUS, transfer_status, TRANSFER_STATUS, ROSTER_TRANSFER_STATUSES) \
	L(CODES_INVOICE_KIND,    invoice_kind,    INVOICE_KIND,    ROSTER_INVOICE_KINDS) \
	L(CODES_INVOICE_STATUS,  invoice_status,  INVOICE_STATUS,  ROSTER_INVOICE_STATUSES) \
	L(CODES_INVOICE_TITLE,   invoice_title,   INVOICE_TITLE,   ROSTER_INVOICE_TITLES) \
	L(CODES_REFUND_STATUS,   refund_status,   REFUND_STATUS,   ROSTER_REFUND_STATUSES) \
	L(CODES_REFUND_CAUSE,    refund_cause,    REFUND_CAUSE,    ROSTER_REFUND_CAUSES)

enum code_list {
#define CODES_LIST_ENUM(list, type, prefix, entries) list,
	ROSTER_CODE_LISTS(CODES_LIST_ENUM)
#undef CODES_LIST_ENUM
	CODES__COUNT
};

#define CODES_ITEM_ENUM(name, code, en, zh) name,
#define CODES_TYPE_ENUM(list, type, prefix, entries) \
	enum type { prefix##__UNKNOWN = -1, entries(CODES_ITEM_ENUM) prefix##__COUNT };
ROSTER_CODE_LISTS(CODES_TYPE_ENUM)
#undef CODES_TYPE_ENUM
#undef CODES_ITEM_ENUM

/* The position of code in list (the list's enum value), or -1 when code
 * is NULL or not in the list. */
int code_index(enum code_list list, const char *code);
/* code is one of list's codes. */
bool code_valid(enum code_list list, const char *code);
/* The wire code at position i of list, or NULL when there is none. */
const char *code_name(enum code_list list, int i);
/* Entries in list. */
size_t code_count(enum code_list list);
/* The English wording (gettext msgid, untranslated) of code, or NULL when
 * code is not in list. rosterd translates it per request with _(). */
const char *code_msgid(enum code_list list, const char *code);
/* The wording of code in the process's language (gettext); a code not in
 * the list is shown as it is, and NULL as "". For the client. */
const char *code_words(enum code_list list, const char *code);
/* The wording of code in English or in Chinese (the list's own columns,
 * whatever the process's language), for files rosterd writes in a
 * language of their own; unknown codes and NULL as code_words. */
const char *code_words_in(enum code_list list, const char *code, bool chinese);

#define CODES_TYPE_FUNCS(list, type, prefix, entries) \
	static inline enum type type##_of(const char *code) \
	{ return (enum type)code_index(list, code); } \
	static inline const char *type##_words(const char *code) \
	{ return code_words(list, code); }
ROSTER_CODE_LISTS(CODES_TYPE_FUNCS)
#undef CODES_TYPE_FUNCS

#endif
