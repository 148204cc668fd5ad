/* Helpers shared by workflow.c, workflow_kinds.c, workflow_review.c and
 * workflow_files.c only (the rest of the server uses workflow.h). */
#ifndef ROSTERD_WORKFLOW_INT_H
#define ROSTERD_WORKFLOW_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "service/workflow.h"

struct db;
struct application;
struct member;

/* Set o to an error (msg: translated text or NULL). */
void wf_fail(struct wf_out *o, enum roster_err err, const char *msg);
/* Set o to a validation error with fields (taken). */
void wf_invalid(struct wf_out *o, cJSON *fields);

/* The caller's own application id into *a (freed by the caller on every
 * path); false with o set to not found (or internal) otherwise. */
bool wf_own_application(struct db *db, int64_t id, int64_t account_id,
                        struct application *a, struct wf_out *o);
/* True while the applicant may still change a (a draft, or rejected);
 * otherwise false with o set to a conflict saying so. */
bool wf_editable(const struct application *a, struct wf_out *o);

/* The application's kind in words: "入会申请" / "membership application". */
const char *wf_kind_zh(const char *kind);
const char *wf_kind_en(const char *kind);

/* Tell the applicant about their application (texts are copied). */
int wf_notify(struct db *db, const struct application *a, const char *title_zh,
              const char *title_en, const char *body_zh, const char *body_en);

/* Record a history row and an audit row for a step. */
int wf_record(struct db *db, const struct application *a, int64_t actor, const char *action,
              const char *from, const char *to, const char *reason);

/* 0 when org_id is an active organisation (of kind "branch" when
 * branch_only), with *is_branch set; otherwise puts why into fields[key]
 * and returns -1. ST_ERROR-like failures return -2. */
int wf_check_org(struct db *db, int64_t org_id, bool branch_only, bool *is_branch,
                 cJSON *fields, const char *key);
/* 0 when level_id is an active level of member_type, else -1 with
 * fields[key]; -2 on a database error. */
int wf_check_level(struct db *db, int64_t level_id, const char *member_type,
                   cJSON *fields, const char *key);

/* A copy of profile keeping only non-empty values (strings are kept as
 * they are; other types are kept so the field check reports them). */
cJSON *wf_profile_clean(const cJSON *profile);

/* Read a JSON id key: absent -> 1 (*out untouched), null -> 0 with *out = 0,
 * a positive integer -> 0 with *out set; anything else -> -1 with
 * fields[key]. */
int wf_get_id(const cJSON *body, const char *key, int64_t *out, cJSON *fields);
/* Optional text of at most max characters: absent -> 1, null or "" -> 0
 * with *out NULL; -1 with fields[key] when too long or not a string. */
int wf_get_text(const cJSON *body, const char *key, size_t max, const char **out,
                cJSON *fields);

#endif
