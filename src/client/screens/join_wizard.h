/* Inside the join wizard: its steps as a table of step ops, and the state
 * they share. join_wizard.c is the frame (loading, the step table, saving
 * the draft, leaving) and calls a step only through its ops; each step is
 * one file ending in its ops: join_form_step.c (the organisation and level,
 * and each section of the server's form schema), join_docs.c (the
 * application form PDF and the uploads), join_review.c (the summary and
 * submit). Other screens use join.h. */
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

/* What a step is, as data: the frame draws the step's heading, the draft
 * note and the spinners, and hands the body rectangle, the keys it does not
 * take itself (Esc, F2, PgUp/PgDn), the replies to the step's own requests
 * and the children it pushed, to these. Any but draw and key may be NULL. */
struct join_step_ops {
	const char *name;          /* "choose", "section", "documents", "review" */
	const char *help;          /* key help, N_() (translated when shown) */
	const char *kiosk_help;    /* the same at a kiosk, when it differs; or NULL */
	unsigned tags;             /* 1u << JT_x: the requests whose replies are its */
	unsigned children;         /* 1u << JC_x: the children whose answers are its */
	void (*open)(struct screen *s);                 /* the step is shown */
	void (*draw)(struct screen *s, int y, int x, int h, int w);
	int  (*key)(struct screen *s, wint_t k);        /* enum scr_result */
	bool (*validate)(struct screen *s);             /* may Next leave it? */
	void (*reply)(struct screen *s, const struct api_reply *r);
	void (*resume)(struct screen *s, int tag, int value);
	bool (*tick)(struct screen *s);                 /* true: repaint */
};

/* One entry of the wizard's step table. */
struct join_step {
	const struct join_step_ops *ops;
	const char *title;         /* shown in the heading (borrowed) */
	struct form *form;         /* a form step's fields (borrowed), else NULL */
};

extern const struct join_step_ops join_form_step_ops;
extern const struct join_step_ops join_docs_step_ops;
extern const struct join_step_ops join_review_step_ops;

struct join {
	char *member_type;   /* "individual" or "unit" */
	/* what the server said */
	cJSON *app;          /* GET|PUT /application */
	cJSON *orgs;         /* items of included.orgs (GET /orgs) */
	cJSON *levels;       /* items of included.levels (GET /levels) */
	cJSON *schema;       /* included.form (GET /forms/{member_type}) */
	int loading;         /* first load still out */
	bool built;          /* the steps exist */
	/* the step table: choose, one per section, documents, review */
	struct join_step *steps;
	int nsteps;
	int step;            /* the one shown */
	struct form choose;
	struct join_section *sec;
	size_t nsec;
	bool editable;       /* draft or rejected: may change and submit */
	bool dirty;          /* changed since the last save */
	bool saving, submitting;
	bool going;          /* ^G pressed: the next digit is the step to show */
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

/* join_wizard.c: what the frame offers the steps */
/* The index of the step whose ops are ops (the first), or -1. */
int join_step_of(const struct join *j, const struct join_step_ops *ops);
void join_note(struct join *j, bool bad, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* PUT the draft now; then is a JA_* to run once it is saved. */
void join_save(struct screen *s, enum join_after then);
void join_goto(struct screen *s, int step);
/* Next: the step validates, the draft is saved if changed, on to the next. */
void join_next(struct screen *s);
/* Put the server's per-field reasons on every form step's fields and show
 * the first step that has one. Returns how many found a field. */
int join_place_errors(struct screen *s, const cJSON *fields);
/* The attachments array of the application (may be NULL). */
const cJSON *join_attachments(const struct join *j);

/* join_form_step.c */
/* Build the choose form and one form per schema section, filled from the
 * application, and the step table. */
void join_build_steps(struct join *j);
/* The first step that still needs something (the review when none). */
int join_resume_step(struct join *j);
/* org_id, level_id and the profile of every section, as the PUT body. */
cJSON *join_body(const struct join *j);
/* The chosen org's and level's display names (borrowed, may be NULL). */
const char *join_org_name(const struct join *j);
const char *join_level_name(const struct join *j, long long *fee);

#endif
