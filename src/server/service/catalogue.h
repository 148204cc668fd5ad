/* The catalogue: the association, its branches, levels and fees, terms, form
 * schemas, bank account and rejection reasons. Shipped as JSON files under
 * <data_dir>/catalogue/ (described in rosterd-catalogue(5)), checked and
 * loaded into the database by `rosterd init`, read through store/catalogue.h.
 *
 * Settings keys the load writes (store_setting_get):
 *   association.name_zh, association.name_en, association.short_name_zh,
 *   association.short_name_en, association.website,
 *   association.member_no_prefix,
 *   bank.account_name, bank.bank, bank.account_no, bank.note_zh, bank.note_en
 * (optional ones are absent when the files leave them out). */
#ifndef ROSTERD_CATALOGUE_H
#define ROSTERD_CATALOGUE_H

#include <stdbool.h>
#include <cjson/cJSON.h>

struct db;

/* Read and check every catalogue file under data_dir/catalogue. Returns 0,
 * or -1 with *err (malloc'd; one problem a line, "catalogue/FILE: where:
 * what") and nothing loaded. */
int catalogue_check(const char *data_dir, char **err);

/* Check, then load into db in one transaction: rows are updated by code,
 * never duplicated, so running it again changes only what the files
 * changed; organisations, levels and reasons no longer in the files become
 * inactive. Returns 0 or -1 with *err as above. */
int catalogue_load(struct db *db, const char *data_dir, char **err);

/* The demo branch officers (bj_staff for BJ, sh_staff for SH, password
 * Branch-Demo-2026); accounts that exist already are left alone. Returns 0,
 * or -1 (logged). Needs a loaded catalogue. */
int catalogue_seed_demo(struct db *db);

/* Check a member's profile (a flat object: field name -> string) against a
 * form schema: only strings, known fields, the select options, max_len in
 * characters, the field type's own check and the named validator (from
 * roster/validate.h), and a resident ID number against the birth date and
 * gender. FIELD_CHECK_ALL: a required field that is absent or blank is an
 * error and every value is checked (submit); FIELD_CHECK_FILLED: every value
 * given is checked, none is required (staff editing a record);
 * FIELD_CHECK_DRAFT (暂存): only what no form can hold is an error (unknown
 * fields, non-text, control characters, over max_len, an option not
 * offered): a draft keeps what was typed.
 * Each problem is added to field_errors as "field": "why" (translated).
 * Returns the number of fields with a problem; 0 = fine. */
enum field_check { FIELD_CHECK_DRAFT, FIELD_CHECK_FILLED, FIELD_CHECK_ALL };
int catalogue_field_check(const cJSON *schema, const cJSON *profile,
                          enum field_check how, cJSON *field_errors);

/* Problems of a form schema for member_type, one a line ("where: what"),
 * malloc'd; NULL when it is sound. The load runs it on every form file. */
char *catalogue_schema_problems(const cJSON *schema, const char *member_type);

/* The form schema of member_type ("individual" or "unit") as stored, parsed;
 * the caller deletes it. NULL when there is none. */
cJSON *catalogue_form(struct db *db, const char *member_type);

#endif
