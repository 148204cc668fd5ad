/* The member certificate (会员证书) as the API shows it, to its member and
 * to anyone verifying it (roster-api(7)). */
#ifndef ROSTERD_VIEWS_CERTIFICATE_H
#define ROSTERD_VIEWS_CERTIFICATE_H

#include <cjson/cJSON.h>
#include "store/certificates.h"

struct db;

/* GET /certificate: {cert_no, member_no, name, member_type, level, org
 * (the member's organisation, or null), valid_until, issue_date,
 * issued_at, status (valid or expired on today), verify_url}. */
cJSON *view_certificate(struct db *db, const struct certificate *c, const char *verify_url,
                        const char *today);

/* GET /verify/{cert_no}: {cert_no, status} and, unless forged, what c
 * says (member_no, name, member_type, level, valid_until, issue_date);
 * when superseded, superseded_by {cert_no, issue_date} of current. */
cJSON *view_cert_verdict(struct db *db, const char *cert_no, enum cert_verdict v,
                         const struct certificate *c, const struct certificate *current);

#endif
