/* The catalogue tables (migration 010): organisations (HQ and branches),
 * levels with fees, the terms, form schemas, settings and reason templates.
 * Written by `rosterd init` (catalogue.c), read by everyone. */
#ifndef ROSTERD_STORE_CATALOGUE_H
#define ROSTERD_STORE_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

struct org {
	int64_t id;
	char *code;            /* "HQ", "BJ", … */
	char *kind;            /* "hq" or "branch" */
	char *name_zh, *name_en;
	char *address, *contact, *phone, *email;   /* may be NULL */
	int rank;              /* display order */
	bool active;
};

struct level {
	int64_t id;
	char *member_type;     /* "individual" or "unit" */
	char *code;            /* "student", "council", … */
	char *name_zh, *name_en;
	int64_t annual_fee;    /* fen per year */
	int rank;              /* higher = senior */
	bool active;
};

struct terms {
	char *version;
	char *title_zh, *title_en;
	char *body_zh, *body_en;   /* paragraphs split by "\n\n" */
	int64_t updated_at;
};

struct reason_template {
	int64_t id;
	char *code;
	char *scope;           /* "application", "bank_transfer", "invoice", "any" */
	char *text_zh, *text_en;
	int rank;
	bool active;
};

void org_free(struct org *o);
void orgs_free(struct org *v, size_t n);
void level_free(struct level *l);
void levels_free(struct level *v, size_t n);
void terms_free(struct terms *t);
void reasons_free(struct reason_template *v, size_t n);

/* Insert or update by code (id and active are ignored: the row becomes
 * active). *id (may be NULL) gets the row's id. */
int store_org_upsert(struct db *db, const struct org *o, int64_t *id);
int store_org_get(struct db *db, int64_t id, struct org *out);
int store_org_by_code(struct db *db, const char *code, struct org *out);
/* HQ first, then branches by rank; active ones only unless all. */
int store_org_list(struct db *db, bool all, struct org **out, size_t *n);
/* Mark every organisation inactive (a load then re-activates what it keeps). */
int store_org_deactivate_all(struct db *db);

int store_level_upsert(struct db *db, const struct level *l, int64_t *id);
int store_level_get(struct db *db, int64_t id, struct level *out);
int store_level_by_code(struct db *db, const char *code, struct level *out);
/* By member type (NULL: both) then rank; active ones only unless all. */
int store_level_list(struct db *db, const char *member_type, bool all,
                     struct level **out, size_t *n);
int store_level_deactivate_all(struct db *db);

int store_terms_set(struct db *db, const struct terms *t);
int store_terms_get(struct db *db, struct terms *out);

/* The schema (JSON text) of a member type's application form. */
int store_form_set(struct db *db, const char *member_type, const char *schema);
int store_form_get(struct db *db, const char *member_type, char **schema);

int store_setting_set(struct db *db, const char *key, const char *value);
/* *value malloc'd; ST_NOTFOUND when the key is not set. */
int store_setting_get(struct db *db, const char *key, char **value);

int store_reason_upsert(struct db *db, const struct reason_template *r);
/* Active templates of scope plus those of scope "any" (scope NULL: all
 * active ones), by rank. */
int store_reason_list(struct db *db, const char *scope,
                      struct reason_template **out, size_t *n);
int store_reason_deactivate_all(struct db *db);

#endif
