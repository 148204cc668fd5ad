/* PDF documents rendered in memory with cairo + pango: the membership
 * application form, the payment voucher and the member certificate.
 *
 * The functions take plain data (no database) and return a malloc'd buffer
 * holding the whole PDF, its size in *len; NULL when rendering failed (then
 * *len is 0). The caller frees the buffer with free(). String fields are
 * borrowed for the call only; NULL prints as an empty value. They are safe to
 * call from several threads at once (rendering is serialised inside).
 *
 * The documents are Chinese paper forms meant to be printed, stamped and
 * filed, so their wording is Chinese whatever the server's locale; names of
 * things (levels, branches, form labels) come from the catalogue's *_zh
 * fields. */
#ifndef ROSTER_SERVER_PDF_H
#define ROSTER_SERVER_PDF_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

/* The header of an application form. */
struct pdf_form_meta {
	const char *assoc_name;     /* 中国示例协会 */
	const char *member_type;    /* "individual" / "unit" (or a label) */
	const char *org_name;       /* HQ or branch applied to */
	const char *level_name;     /* level applied for, e.g. 普通会员 */
	const char *application_no; /* optional */
	const char *date;           /* optional: printed as 填表日期 */
};

/* 缴费凭证 (payment voucher) for one paid order: Roster's own proof that
 * the money arrived, not a financial receipt (财政票据) or a fapiao. */
struct pdf_voucher {
	const char *assoc_name;
	const char *voucher_no;     /* the order's receipt_no */
	const char *order_no;
	const char *payer;          /* person or unit that paid */
	const char *member_no;
	const char *kind;           /* "dues" or "level_change" */
	const char *level_name;     /* dues: the level paid for (optional) */
	int year_from, year_to;     /* dues: calendar years paid, inclusive */
	const char *level_from;     /* level_change: old and new level (optional) */
	const char *level_to;
	int64_t amount;             /* fen */
	const char *method;         /* "qr", "bank_transfer", "wechat",
	                             * "alipay", "sandbox" or a label */
	const char *paid_date;      /* YYYY-MM-DD */
	const char *payee;          /* 收款单位; NULL: assoc_name */
	const char *issue_date;     /* optional; NULL: paid_date */
	const char *note;           /* a fee reduction or exemption and why, or NULL */
};

/* 会员证书 (landscape). */
struct pdf_certificate {
	const char *assoc_name;
	const char *cert_no;
	const char *member_no;
	const char *name;           /* member's or unit's name */
	const char *member_type;    /* "individual" / "unit" (or a label) */
	const char *level_name;
	const char *org_name;       /* optional: the branch the member joined */
	const char *valid_until;    /* YYYY-MM-DD */
	const char *issue_date;     /* YYYY-MM-DD */
	const char *verify_url;     /* drawn as a QR code; NULL: no code */
};

/* schema: a form schema as the catalogue serves it ({"sections":[{"title_zh",
 * "fields":[{"name","label_zh","type","options"}]}]}); profile: a flat object
 * of field name -> string value (absent fields print empty, to be filled by
 * hand). Select values print as their option's label_zh. */
unsigned char *pdf_application_form(const cJSON *schema, const cJSON *profile,
                                    const struct pdf_form_meta *meta,
                                    size_t *len);
unsigned char *pdf_voucher(const struct pdf_voucher *r, size_t *len);
unsigned char *pdf_certificate(const struct pdf_certificate *c, size_t *len);

/* Release fontconfig's caches at process exit (optional; keeps leak checkers
 * quiet). No PDF function may run during or after it. */
void pdf_shutdown(void);

#endif
