/* A member's documents as PDF files: the certificate (会员证书) and the
 * payment voucher (缴费凭证) of a paid order, Roster's own proof that the
 * money arrived (the financial receipt and fapiao are issued by staff, see
 * routes/invoices.c). The routes that serve them
 * (routes/certificate.c, routes/orders.c) and the phone hand-off links
 * (routes/handoff.c) make them here, so both give the same paper. */
#ifndef ROSTERD_DOCUMENTS_H
#define ROSTERD_DOCUMENTS_H

#include <stddef.h>
#include <stdint.h>
#include "roster/err.h"

struct db;
struct certificate;
struct order;

/* A rendered document. */
struct doc_pdf {
	unsigned char *data;   /* malloc'd PDF */
	size_t len;
	char *filename;        /* malloc'd, ASCII: "certificate-C2026000001.pdf" */
};
void doc_pdf_free(struct doc_pdf *d);

/* The member's current certificate, issued afresh first when what it shows
 * (level, name, validity) has changed since the last one. ERR_OK with out
 * filled (certificate_free it), ERR_NOT_FOUND when none was issued yet (it
 * comes with the first payment), ERR_INTERNAL. */
enum roster_err doc_certificate_current(struct db *db, int64_t account_id,
                                        struct certificate *out);

/* Certificate c as a PDF with a QR code of its verification URL under
 * base_url. ERR_OK, ERR_INTERNAL. */
enum roster_err doc_certificate_pdf(struct db *db, const struct certificate *c,
                                    const char *base_url, struct doc_pdf *out);

/* The payment voucher of order o: ERR_CONFLICT when it is not paid, ERR_INTERNAL
 * when rendering failed. The caller checks that o is the member's own. */
enum roster_err doc_voucher_pdf(struct db *db, const struct order *o, struct doc_pdf *out);

#endif
