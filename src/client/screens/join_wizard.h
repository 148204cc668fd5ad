/* Inside the join wizard: the state its files share (join_wizard.c drives
 * the steps, join_choose.c the organisation and level, join_docs.c the
 * application form PDF and uploads, join_review.c the summary and submit).
 * Other screens use join.h. */
#ifndef ROSTER_CLIENT_JOIN_WIZARD_H
#define ROSTER_CLIENT_JOIN_WIZARD_H

#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "app.h"
#include "widgets/form.h"
#include "widgets/textview.h"

/* Request tags of the wizard (one screen owns them all). */
enum join_tag {
	JT_APP = 1,      /* GET /application (?include=orgs,levels,form on open) */
	JT_SAVE,         /* PUT /application */
	JT_SUBMIT,       /* POST /application/submit */
	JT_PDF,          /* GET /application/form.pdf */
	JT_UPLOAD,       /* POST /application/attachments */
	JT_DELETE,       /* DELETE /application/attachments/{id} */
};

/* Children pushed by the wizard (resume tags). */
enum join_child { JC_PICK = 1, JC_PHONE, JC_LEAVE, JC_DELETE };

struct join_section {
	char *title;         /* from the schema, in the language shown */
	struct form form;    /* the section's fields plus the step buttons */
};

struct join {
	char *member_type;   /* "individual" or "unit" */
	/* what the server said */
	cJSON *app;          /* GET|PUT /application */
	cJSON *orgs;         /* items of included.orgs (GET /orgs) */
	cJSON *levels;       /* items of included.levels (GET /levels) */
	cJSON *schema;       /* included.form (GET /forms/{member_type}) */
	int loading;         /* first load still out */
	bool built;          /* the steps exist */
	/* steps: 0 choose, 1..nsec sections, nsec+1 documents, nsec+2 review */
	int step;
	struct form choose;
	struct join_section *sec;
	size_t nsec;
	bool editable;       /* draft or rejected: may change and submit */
	bool dirty;          /* changed since the last save */
	bool saving, submitting;
	int after_save;      /* what to do once the save lands (JA_*) */
	/* documents */
	char *pick;          /* the file the picker chose */
	int upload_id;       /* request id of the upload in flight, 0 none */
	char *upload_name;   /* its name, for the progress line */
	bool downloading;
	int att_sel;         /* the attachment X would delete */
	/* review */
	struct textview review;
	/* one line of news under the step: saved, downloaded, failed */
	char *note;
	bool note_bad;
};

/* What a save is followed by. */
enum join_after { JA_NONE, JA_PDF, JA_LEAVE };

/* join_wizard.c */
int join_steps(const struct join *j);
int join_docs_step(const struct join *j);
int join_review_step(const struct join *j);
void join_note(struct join *j, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* PUT the draft now; then is a JA_* to run once it is saved. */
void join_save(struct screen *s, enum join_after then);
void join_goto(struct screen *s, int step);
/* Put the server's per-field reasons on every step's fields and show the
 * first step that has one. Returns how many found a field. */
int join_place_errors(struct screen *s, const cJSON *fields);
/* The attachments array of the application (may be NULL). */
const cJSON *join_attachments(const struct join *j);

/* join_sections.c */
/* Text by the language shown: obj[key_zh] / obj[key_en] / obj[key]. */
const char *join_lang_text(const cJSON *obj, const char *key);
/* The schema's field object for a name (hints, limits), or NULL. */
const cJSON *join_schema_field(const struct join *j, const char *name);
/* One form per schema section, filled from the application's profile. */
void join_build_sections(struct join *j);
/* The first step that still needs something (the review when none). */
int join_resume_step(struct join *j);

/* join_choose.c */
void join_choose_build(struct join *j);
/* org_id and level_id into body */
void join_choose_to_json(const struct join *j, cJSON *body);
/* The chosen org's and level's display names (borrowed, may be NULL). */
const char *join_org_name(const struct join *j);
const char *join_level_name(const struct join *j, long long *fee);

/* join_docs.c */
void join_docs_draw(struct screen *s, int y, int x, int h, int w);
int join_docs_key(struct screen *s, wint_t k);
void join_docs_resume(struct screen *s, int tag, int value);
void join_docs_reply(struct screen *s, const struct api_reply *r);
bool join_docs_tick(struct screen *s);

/* join_review.c */
void join_review_build(struct join *j);
void join_review_draw(struct screen *s, int y, int x, int h, int w);
int join_review_key(struct screen *s, wint_t k);
void join_review_reply(struct screen *s, const struct api_reply *r);

#endif
