/* Files of an application: adding one (checked by content and size) and
 * removing one while the application is editable (see workflow.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "roster/i18n.h"
#include "roster/json.h"
#include "roster/xalloc.h"
#include "service/files.h"
#include "server.h"
#include "store/applications.h"
#include "store/attachments.h"
#include "store/audit.h"
#include "store/store.h"
#include "service/workflow_int.h"

void wf_attach(struct db *db, int64_t account_id, int64_t application_id,
               const char *filename, const void *data, size_t len, struct wf_out *o)
{
	struct application a;
	const char *ctype;
	char sha[65], *name = NULL, *detail = NULL;
	int64_t id;
	int n, rc;

	memset(&a, 0, sizeof a);
	if (len == 0) {
		cJSON *f = cJSON_CreateObject();
		json_add_str(f, "file", _("The file is empty."));
		wf_invalid(o, f);
		return;
	}
	if (len > g_cfg->attachment_max) {
		wf_fail(o, ERR_TOO_LARGE, _("The file is too large."));
		return;
	}
	/* the bytes decide, never the name or the type the client claims */
	ctype = file_sniff(data, len);
	if (!ctype) {
		wf_fail(o, ERR_UNSUPPORTED_TYPE, _("Only PDF, PNG or JPEG files are accepted."));
		return;
	}
	file_sha256_hex(data, len, sha);
	name = file_display_name(filename, ctype);
	if (db_begin(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto out;
	}
	if (!wf_own_application(db, application_id, account_id, &a, o) || !wf_editable(&a, o))
		goto fail;
	n = store_attachment_count(db, a.id);
	if (n < 0 || n >= WF_ATTACHMENTS_MAX) {
		wf_fail(o, n < 0 ? ERR_INTERNAL : ERR_CONFLICT,
		        n < 0 ? NULL : _("The application has as many attachments as it can hold."));
		goto fail;
	}
	rc = store_attachment_insert(db, a.id, account_id, name, ctype, data, len, sha, &id);
	if (rc == ST_OK) {
		detail = xasprintf("{\"application_id\":%lld,\"sha256\":\"%s\",\"size\":%zu}",
		                   (long long)a.id, sha, len);
		rc = store_audit(db, account_id, "attachment.add", "attachment", id, detail);
	}
	if (rc != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (db_commit(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto out;
	}
	o->id = id;
	goto out;
fail:
	db_rollback(db);
out:
	free(detail);
	free(name);
	application_free(&a);
}

void wf_detach(struct db *db, int64_t account_id, int64_t attachment_id, struct wf_out *o)
{
	struct attachment att;
	struct application a;
	bool ok;
	int rc;

	memset(&a, 0, sizeof a);
	if (db_begin(db) != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		return;
	}
	rc = store_attachment_get(db, attachment_id, 0, &att);
	if (rc != ST_OK) {
		wf_fail(o, rc == ST_ERROR ? ERR_INTERNAL : ERR_NOT_FOUND, NULL);
		goto fail;
	}
	ok = wf_own_application(db, att.application_id, account_id, &a, o);
	attachment_free(&att);
	if (!ok || !wf_editable(&a, o))
		goto fail;
	rc = store_attachment_delete(db, attachment_id);
	if (rc == ST_OK)
		rc = store_audit(db, account_id, "attachment.delete", "attachment", attachment_id, NULL);
	if (rc != ST_OK) {
		wf_fail(o, ERR_INTERNAL, NULL);
		goto fail;
	}
	if (db_commit(db) != ST_OK)
		wf_fail(o, ERR_INTERNAL, NULL);
	o->id = attachment_id;
	application_free(&a);
	return;
fail:
	db_rollback(db);
	application_free(&a);
}
