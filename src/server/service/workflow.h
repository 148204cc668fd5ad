/* The application workflow shared by the member and staff routes: the join
 * draft, the other kinds of application, submission, and the review steps
 * (approve / reject) with their effects on the member.
 *
 * Every step that changes something is one transaction that re-reads the
 * application inside it and moves its status with a guarded UPDATE, so two
 * people acting at once leave one result and the loser gets ERR_CONFLICT.
 * Each step records a history row (application_events), an audit row and a
 * message to the member.
 *
 *	draft/rejected --submit--> pending_branch  (review_org_id set: a branch reviews first)
 *	                       \-> pending_hq
 *	pending_branch --approve--> pending_hq (join) | approved (profile_change, branch_join)
 *	pending_hq     --approve--> approved
 *	pending_*      --reject---> rejected --edit + submit--> …
 *
 * Who acts: at pending_branch the officers of review_org_id (and admin); at
 * pending_hq HQ staff and admin. A branch officer never sees applications
 * of other branches (ERR_NOT_FOUND); acting at a stage that is not yours is
 * ERR_FORBIDDEN. */
#ifndef ROSTERD_WORKFLOW_H
#define ROSTERD_WORKFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "roster/err.h"

struct db;
struct caller;
struct application;

/* What a step produced, for the route to answer. */
struct wf_out {
	enum roster_err err;   /* ERR_OK when it was done */
	const char *msg;       /* translated message for the error, or NULL */
	cJSON *fields;         /* ERR_VALIDATION: {"field":"why"} (owned) */
	int64_t id;            /* the application made or acted on */
};

/* The caller's join application, created (with the member row) on first
 * use. ST_OK, ST_CONFLICT (not a member account) or ST_ERROR. */
int wf_join_get(struct db *db, const struct caller *who, struct application *out);

/* PUT /application: {"org_id","level_id","profile"}; an absent key keeps
 * its value, null clears it; the profile (when given) replaces the saved
 * one and only its filled fields are checked. */
void wf_join_save(struct db *db, const struct caller *who, const cJSON *body,
                  struct wf_out *o);

/* What submitting the join application still needs, as {"field":"why"}
 * (org_id, level_id, attachments and profile fields); an empty object when
 * nothing. */
cJSON *wf_join_missing(struct db *db, const struct application *a);

/* Submit (or resubmit after a rejection) one of the caller's applications. */
void wf_submit(struct db *db, const struct caller *who, int64_t id, struct wf_out *o);

/* POST /member/profile-changes, /level-changes, /branch-joins: make an
 * application of kind and submit it at once. */
void wf_create(struct db *db, const struct caller *who, const char *kind,
               const cJSON *body, struct wf_out *o);

/* PUT /applications/{id}: edit while draft or rejected. */
void wf_edit(struct db *db, const struct caller *who, int64_t id, const cJSON *body,
             struct wf_out *o);

/* POST /review/applications/{id}/approve|reject. To reject, a reason or a
 * reason_code (a template of the catalogue, scope application: the member
 * reads it in their own language, reason then being a note added to it);
 * an approval's reason is an optional note. A decision someone else took
 * first is ERR_CONFLICT with o->fields {decided_by, decision, decided_at}. */
void wf_decide(struct db *db, const struct caller *who, int64_t id, bool approve,
               const char *reason, const char *reason_code, struct wf_out *o);
/* wf_may_act plus the separation of the stages ([members] separate_stages:
 * whoever approved the branch stage does not decide the HQ stage). false
 * with *why (translated) when the caller may not decide now. */
bool wf_may_decide(struct db *db, const struct caller *who, const struct application *a,
                   const char **why);

/* May this caller see the application? Members: their own only; branch
 * officers: their branch's (review_org_id) and never drafts; HQ staff and
 * admin: all but drafts. */
bool wf_visible(const struct caller *who, const struct application *a);
/* May this caller act on it at its current stage (it is visible)? */
bool wf_may_act(const struct caller *who, const struct application *a);

/* Attachments an application may hold. */
#define WF_ATTACHMENTS_MAX 10

/* Add an uploaded file to an editable application of account_id: refused
 * when empty, larger than [members] attachment_max (ERR_TOO_LARGE), not a
 * PDF, PNG or JPEG by its bytes (ERR_UNSUPPORTED_TYPE), or when the
 * application is not editable (ERR_CONFLICT). o->id gets the attachment's
 * id. Joins the caller's transaction when one is open. */
void wf_attach(struct db *db, int64_t account_id, int64_t application_id,
               const char *filename, const void *data, size_t len, struct wf_out *o);
/* Remove an attachment of account_id's editable application. */
void wf_detach(struct db *db, int64_t account_id, int64_t attachment_id, struct wf_out *o);

/* The application form PDF filled with a (join) application's data;
 * malloc'd, NULL on failure. */
unsigned char *wf_form_pdf(struct db *db, const struct application *a, size_t *len);

/* Has the member got past the join review (pending_payment, active,
 * expired)? */
struct member;
bool wf_member_approved(const struct member *m);

/* The person's or unit's name in a profile object, or NULL. */
const char *wf_profile_name(const cJSON *profile);

#endif
