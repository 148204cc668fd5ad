/* The record view: one screen for every list of records, member and staff.
 * A list screen declares itself as data (struct rv_decl): the API path, the
 * columns (how to get each cell from an item), the filters (key, label,
 * values, query parameter), the actions (key, label, when offered, what
 * they do) and the detail view. The record view owns the rest: fetching a
 * page at a time, dropping replies about an older page or filter,
 * paging through the server's pages (widgets/table.h), the filter line,
 * marks and select-all, confirmations that name the rows they act on, the
 * position line, notes and errors, and signing out when the session ended.
 *
 *	static const struct rv_decl orders = { .title = N_("My orders"), … };
 *	const struct screen_ops scr_orders_ops = RV_SCREEN("orders", orders);
 *
 * Keys of every record view: the table's (Up/Down, PgUp/PgDn or
 * Ctrl-B/Ctrl-F, Home/End, Enter; Space marks and "*" marks every record
 * under the filter, "-" drops the marks, where the view marks), each
 * filter's key, each action's key, the refresh key (decl.refresh_key, "r"
 * when not set), Esc (back from the detail, else close). */
#ifndef ROSTER_CLIENT_RECORD_VIEW_H
#define ROSTER_CLIENT_RECORD_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>
#include <cjson/cJSON.h>

#include "app.h"
#include "widgets/edit.h"
#include "widgets/table.h"
#include "widgets/textview.h"

#define RV_CELLSZ 160
#define RV_MAXFILTERS 6

struct rv;

/* A column: item[key] shown as fmt says, through words() when set (a code
 * in words), or what cell() makes of the item (it may return a constant, a
 * borrowed string of item, or buf). */
enum rv_fmt {
	RV_TEXT,         /* a string, or a number as it is */
	RV_DATE,         /* unix seconds (or an ISO text) as "2026-11-29" */
	RV_DATETIME,     /* … as "2026-11-29 16:05" */
	RV_MONEY,        /* fen as "¥1,234.50" */
	RV_NAME,         /* a catalogue object's name in the language shown */
};

struct rv_col {
	const char *head;                    /* N_() */
	int width;                           /* columns; 0 takes the rest */
	const char *key;
	enum rv_fmt fmt;
	const char *(*words)(const char *code);
	const char *(*cell)(const cJSON *item, char buf[RV_CELLSZ]);
};

struct rv_choice {
	const char *value;                   /* "" = any */
	const char *words;                   /* N_() */
};

enum rv_filter_kind {
	RV_F_CHOICES,    /* cycles through choices[] */
	RV_F_SOURCE,     /* cycles through "any" and the items of GET source */
	RV_F_YEAR,       /* any, this year, then back a year at a time */
	RV_F_SEARCH,     /* a line of text ("/", Enter) */
};

struct rv_filter {
	wint_t key;                          /* either case works; shown as given */
	const char *label;                   /* N_() */
	const char *param;                   /* query parameter */
	enum rv_filter_kind kind;
	const struct rv_choice *choices;     /* ends with a NULL words */
	const char *(*words)(const char *value); /* the choice's words instead */
	const char *source;                  /* RV_F_SOURCE: "/orgs" */
	bool (*fixed)(const struct rv *);    /* not offered: the server decides */
	const char *fixed_words;             /* N_(): shown when fixed */
	const char *help;                    /* N_(): word in the key help; NULL:
	                                        "search" (a line), else the label */
};

enum {
	RV_A_LIST   = 1u << 0,  /* offered on the list */
	RV_A_DETAIL = 1u << 1,  /* offered on the detail */
	RV_A_MARKS  = 1u << 2,  /* acts on the marked rows, else the highlighted */
	RV_A_NOHELP = 1u << 3,  /* not in the key help */
};

struct rv_action {
	wint_t key;                          /* either case works; shown as given */
	const char *label;                   /* N_(): "approve" in "a approve" */
	unsigned flags;
	/* offered for this record (role, status); NULL: always. item is the
	 * highlighted row (list) or the record shown (detail); may be NULL. */
	bool (*can)(const struct rv *, const cJSON *item);
	/* Either the screen does it: */
	int (*run)(struct rv *, const cJSON *item);  /* SCR_* */
	/* or the record view sends method path (one "%lld": the id) for each
	 * row, after a confirmation that names them: */
	const char *method, *path;
	const char *confirm_title;           /* N_() */
	const char *confirm_one;             /* N_("Approve %s?") */
	const char *confirm_many;            /* N_("Approve these %d?") */
	const char *yes, *no;                /* N_() the buttons (no: "Cancel") */
	const char *done_one;                /* N_() the note after one */
	const char *done_many;               /* N_("Done: %d. Not done: %d.") */
};

struct rv_detail {
	const char *path;                    /* "/orders/%lld"; NULL: the row's item */
	bool split;                          /* under the list, for the highlighted row */
	/* the record as text (malloc'd), shown scrolling; or draw() paints it */
	char *(*text)(struct rv *, const cJSON *rec);
	void (*draw)(struct rv *, const cJSON *rec, int y, int x, int h, int w);
	/* a line of key hints under the record when nothing else is said */
	const char *(*hint)(const struct rv *, const cJSON *rec);
	/* the record was opened (messages mark it read) */
	void (*opened)(struct rv *, const cJSON *rec);
};

struct rv_decl {
	const char *title;                   /* N_() */
	const char *path;                    /* "/orders" */
	int per_page;
	const struct rv_col *cols;           /* ends with a NULL head */
	const struct rv_filter *filters;     /* ends with a 0 key */
	const struct rv_action *actions;     /* ends with a 0 key */
	const struct rv_detail *detail;      /* NULL: Enter is an action ('\r') */
	bool markable;
	const char *empty;                   /* N_() for no records */
	wint_t refresh_key;                  /* 0: 'r' */
	/* names a record in confirmations ("#12 王一, Join") */
	const char *(*label)(const cJSON *item, char buf[RV_CELLSZ]);
	/* a line above the filters ("Unread: 3"), or NULL */
	const char *(*heading)(const struct rv *, char buf[RV_CELLSZ]);
	size_t own_size;                     /* the screen's own state: rv->own */
	int (*open)(struct rv *, void *arg);
	void (*close)(struct rv *);
	void (*loaded)(struct rv *, const cJSON *reply);   /* a page arrived */
	/* replies to rv_request() and children of rv_push(), by the screen's tag */
	void (*reply)(struct rv *, int tag, const struct api_reply *);
	void (*resume)(struct rv *, int tag, int value);
	/* filters the screen keeps itself, as "&actor=x&from=…" (malloc'd,
	 * URL-encoded), appended to the filters above; NULL: none */
	char *(*query)(const struct rv *);
};

struct rv {
	const struct rv_decl *decl;
	struct screen *s;
	void *own;
	struct table t;
	int fsel[RV_MAXFILTERS];             /* choice per filter (0 = the first) */
	int year;                            /* RV_F_YEAR: 0 = any */
	cJSON *fsrc[RV_MAXFILTERS];          /* RV_F_SOURCE items */
	bool fwant[RV_MAXFILTERS];           /* step once they came */
	struct edit search;
	bool searching;
	unsigned gen;                        /* of the latest list fetch */
	unsigned one_gen;                    /* of the latest detail fetch */
	unsigned fgen;                       /* of the filter */
	/* the detail */
	bool showing;
	bool one_loading;
	long long one_id;
	cJSON *one;
	struct textview tv;
	/* the line under the table */
	char *note, *error;
	bool join_failed;                    /* error: a page to join failed */
	bool busy;                           /* an action of the screen runs */
	/* an action on several rows */
	const struct rv_action *act;
	long long *queued;
	int nqueued, next, ok, failed;
	bool acting;                         /* confirmed: the requests run */
	char *first_error;
	bool select_all;                     /* "*": gathering every id */
	char help[384];
};

int  rv_open(struct screen *, void *arg);
void rv_draw(struct screen *);
int  rv_key(struct screen *, wint_t);
void rv_reply(struct screen *, const struct api_reply *);
void rv_resume(struct screen *, int tag, int value);
void rv_close(struct screen *);

#define RV_SCREEN(nm, decl) {                                             \
	.name = nm, .priv_size = sizeof(struct rv), .data = &(decl),     \
	.open = rv_open, .draw = rv_draw, .key = rv_key, .reply = rv_reply, \
	.resume = rv_resume, .close = rv_close }

/* ----- for the screens' own code */
/* Fetch the page shown (and the record open) again after an action; the
 * cursor stays. */
void rv_refresh(struct rv *rv);
/* The screen's own filters changed (decl.query): page 1, top row. */
void rv_restart(struct rv *rv);
/* Open the detail of record id (a screen opened on one record). */
void rv_show(struct rv *rv, long long id);
/* The filters as "&status=paid&year=2026" (URL-encoded); caller frees. */
char *rv_query(const struct rv *rv);
/* The highlighted item (list) or the record shown (detail); NULL if none. */
const cJSON *rv_current(const struct rv *rv);
/* Requests and children whose answer comes to decl.reply / decl.resume
 * with tag (0..9999). */
int rv_request(struct rv *rv, int tag, const char *method, const char *path, cJSON *body);
struct screen *rv_push(struct rv *rv, const struct screen_ops *ops, void *arg, int tag);
/* The tag to hand to helpers that push screens themselves (pay_order). */
int rv_tag(int tag);
/* Tell what happened in a dialog; the list is fetched again when it
 * closes. */
void rv_done(struct rv *rv, const char *title, const char *text);
/* The line under the table: a note (replaces an error) or an error. */
void rv_note(struct rv *rv, const char *text);
void rv_error(struct rv *rv, const char *text);
/* obj[key] as fmt shows it, into buf (or borrowed from obj). */
const char *rv_format(const cJSON *obj, const char *key, enum rv_fmt fmt, char buf[RV_CELLSZ]);
/* Save a downloaded reply as name in the download folder (pdf: only a
 * PDF); the note says where, or the error why not. */
void rv_save(struct rv *rv, const char *name, const struct api_reply *r, bool pdf);
/* The text a failed reply should show (the server's words first). */
const char *rv_reply_text(const struct api_reply *r);

#endif
