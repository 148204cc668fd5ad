/* certificates: the member certificate (会员证书). A new row is issued on
 * first activation, on every payment and whenever what it shows (number,
 * name, level, validity) changes; each row keeps what was printed so a
 * verification says what the paper says. */
#ifndef ROSTERD_STORE_CERTIFICATES_H
#define ROSTERD_STORE_CERTIFICATES_H

#include <stdbool.h>
#include <stdint.h>

struct db;

struct certificate {
	int64_t id;
	char cert_no[32];      /* C2026000001 */
	int64_t account_id;
	char *member_no;
	char *name;            /* the member's or unit's name */
	char member_type[16];
	int64_t level_id;
	char valid_until[11];  /* YYYY-MM-DD */
	int64_t issued_at;
	char issue_date[11];   /* YYYY-MM-DD, the association's date */
};

void certificate_free(struct certificate *c);

/* The member's latest certificate; ST_NOTFOUND when none was issued. */
int store_cert_latest(struct db *db, int64_t account_id, struct certificate *out);
int store_cert_by_no(struct db *db, const char *cert_no, struct certificate *out);

/* Issue a certificate from the member's current standing when the member
 * has a number and a validity and the latest certificate (if any) shows
 * something else (force: issue anyway, e.g. on each payment). *issued (may
 * be NULL) tells whether a new one was made. ST_OK (also when there was
 * nothing to issue, or no member) or ST_ERROR. Runs in its own transaction
 * unless one is open; when nothing is due it writes nothing. */
int cert_renew(struct db *db, int64_t account_id, bool force, bool *issued);

/* What a verification URL proves. */
enum cert_verdict {
	CERT_VALID,            /* signed by us, and today is within its validity */
	CERT_EXPIRED,          /* signed by us, but its validity has ended */
	CERT_FORGED,           /* bad signature or no such certificate */
	CERT_SUPERSEDED,       /* signed by us, but a newer certificate of the
	                        * member says otherwise (level, name, number,
	                        * type, or a shorter validity) */
};

/* Check cert_no and the URL's signature sig (base64url) against today
 * ("YYYY-MM-DD"). out is filled unless the verdict is CERT_FORGED; current
 * (the member's latest certificate) only when it is CERT_SUPERSEDED. A
 * renewal that only extends the validity supersedes nothing: the older
 * paper stays true until its own end. Returns ST_OK or ST_ERROR. */
int cert_verify(struct db *db, const char *cert_no, const char *sig, const char *today,
                struct certificate *out, enum cert_verdict *verdict,
                struct certificate *current);
/* base_url + "/v/" + cert_no + "?s=" + signature (malloc'd), short enough
 * for a small QR code; NULL when the key is not available. */
char *cert_verify_url(const char *base_url, const char *cert_no);

#endif
