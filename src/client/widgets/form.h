/* A form: labelled fields in a column, drawn and driven by keys, built by
 * code (form_add) or from a server schema (form_from_schema; "textarea"
 * fields are multi-line). Fields are
 * checked with the shared validators (validate.h) as the user leaves them,
 * and server errors ({"fields":{"name":"why"}}) land next to their fields.
 * Form state needs no terminal (tests/unit/client/test_form.c).
 *
 * Keys: Tab/Down next field, Shift-Tab/Up previous, Enter next field (on the
 * last input it presses the first button), Left/Right/Space change a select
 * field, Space toggles a check box, Enter on a button presses it. In a
 * multi-line field (widgets/textarea.h) Enter is a line break, Up/Down move
 * by line and leave the field from its first or last line, and a paste
 * keeps all its lines. */
#ifndef ROSTER_CLIENT_FORM_H
#define ROSTER_CLIENT_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "widgets/edit.h"
#include "widgets/textarea.h"

enum field_type {
	FT_TEXT,      /* one line of text */
	FT_AREA,      /* several lines (the multi-line editor) */
	FT_PASSWORD,  /* masked; wiped by form_wipe_secrets() */
	FT_SELECT,    /* one of options */
	FT_CHECK,     /* a check box: JSON true/false */
	FT_BUTTON,    /* pressing it ends form_key() with FORM_ACTION */
	FT_HEADING,   /* a section title; never focused */
};

#define FF_REQUIRED 1u

struct form_option {
	char *value;  /* what goes into the JSON */
	char *label;  /* what is shown */
};

struct form_field {
	char *name;          /* JSON key (button: its action name) */
	char *label;         /* shown, already translated */
	enum field_type type;
	unsigned flags;      /* FF_* */
	char *validator;     /* name for val_by_name(), or NULL */
	char *same_as;       /* must equal this field (password twice) */
	union {
		struct edit edit;     /* the text of FT_TEXT, FT_PASSWORD, FT_AREA */
		struct textarea area; /* FT_AREA: area.e is edit (its first member) */
	};
	struct form_option *opts;
	size_t nopts;
	int sel;             /* FT_SELECT: chosen option, -1 none */
	bool checked;        /* FT_CHECK */
	char *error;         /* shown under the field; NULL when fine */
};

struct form {
	struct form_field *f;
	size_t n, cap;
	size_t focus;        /* index into f */
	int scroll;          /* first line of the form on screen */
	const char *action;  /* name of the button pressed (borrowed) */
};

enum form_event {
	FORM_IGNORED,        /* not the form's key */
	FORM_HANDLED,        /* consumed; repaint */
	FORM_ACTION,         /* a button was pressed: see form->action */
};

void form_init(struct form *fm);
void form_free(struct form *fm);   /* wipes every field */

/* Returns the new field; valid until the next form_add. */
struct form_field *form_add(struct form *fm, enum field_type type,
                            const char *name, const char *label,
                            unsigned flags, size_t max, const char *validator);
void form_add_option(struct form_field *f, const char *value, const char *label);
/* Build fields from a schema: {"sections":[{"title":…,"fields":[…]}]} or
 * {"fields":[…]}; a field is {"name","label","type","required",
 * "max_length","options":[…],"validator"}. Labels may be strings or
 * {"zh_CN":…,"en":…}; lang picks one. Returns fields added, -1 when the
 * schema has none. */
int form_from_schema(struct form *fm, const cJSON *schema, const char *lang);

struct form_field *form_field(struct form *fm, const char *name);
/* Text of a field (select: option value; check: "1"/""); caller frees. */
char *form_value(const struct form *fm, const char *name);
void form_set_value(struct form *fm, const char *name, const char *value);
void form_set_error(struct form *fm, const char *name, const char *msg);
void form_clear_errors(struct form *fm);
bool form_focus(struct form *fm, const char *name);

/* Check one field (required, length, validator, same_as); sets its error
 * and returns true when it is fine. */
bool form_validate_field(struct form *fm, size_t i);
/* Check all fields; focus the first bad one; returns how many are bad. */
int form_validate(struct form *fm);
/* Put the server's per-field reasons on the fields; returns how many found
 * a field (the rest belong in a dialog). */
int form_set_server_errors(struct form *fm, const cJSON *fields);
/* Values as a JSON object; skip_empty leaves out empty text fields. */
cJSON *form_to_json(const struct form *fm, bool skip_empty);
/* Fill fields from a JSON object (a saved draft). */
void form_fill(struct form *fm, const cJSON *obj);
/* Wipe password fields (after they were sent). */
void form_wipe_secrets(struct form *fm);
void form_wipe_all(struct form *fm);

enum form_event form_key(struct form *fm, unsigned key);

/* Paint in the rectangle; places cy, cx at the cursor (or -1). */
void form_draw(struct form *fm, int y, int x, int h, int w, int *cy, int *cx);

/* The body of a screen that is one form: the intro line, the note (if
 * any; green when note_ok, else red) on row note_row, the form from two
 * rows below it, and the cursor where the form puts it. */
struct screen;
void form_screen_draw(struct screen *s, struct form *fm, const char *intro,
                      const char *note, bool note_ok, int note_row);

#endif
