/* Validators shared by the client (checks as you type) and the server (checks
 * before it trusts anything). Each returns NULL when the value is valid, or an
 * English msgid saying why not: show it with _(). */
#ifndef ROSTER_VALIDATE_H
#define ROSTER_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

const char *val_email(const char *s);
/* Mainland mobile: 1[3-9] + 9 digits, optional +86 / 86 prefix; single
 * spaces or hyphens between digit groups are allowed ("+86 138-0013-8000"). */
const char *val_mobile(const char *s);
/* 18-digit resident identity number (GB 11643): check digit and a real
 * birth date not in the future. */
const char *val_id_card(const char *s);
/* What a valid resident identity number says of its holder: the birth date
 * as YYYY-MM-DD (out holds 11 bytes) and the gender, "male" (odd 17th digit)
 * or "female". False when s is not a valid number (val_id_card). */
bool val_id_card_holder(const char *s, char birth[11], const char **gender);
/* Whether birth date (YYYY-MM-DD) and gender ("male"/"female") agree with
 * the resident identity number id; NULL when they do or when id is not a
 * valid number (its own check says why), else an English msgid. A NULL or
 * empty birth date or gender is not compared. */
const char *val_id_card_matches(const char *id, const char *birth, const char *gender);
/* Unified Social Credit Code (GB 32100-2015). */
const char *val_uscc(const char *s);
/* Six-digit postal code. */
const char *val_postcode(const char *s);
/* YYYY-MM-DD, a real calendar date between 1900-01-01 and 2200-12-31. */
const char *val_date(const char *s);
/* 3..32 characters: letters, digits, '_', '.', '-'; starts with a letter. */
const char *val_username(const char *s);
/* 8..128 characters (not bytes), not in the shipped list of common
 * passwords (compared ignoring ASCII case). */
const char *val_password(const char *s);
/* Entries in that list (loaded on first use); for tests and tools. */
size_t val_password_list_size(void);
/* Normalise a mobile number to its 11 digits (drops +86); returns false when
 * it is not valid. out must hold 12 bytes. */
bool val_mobile_normalise(const char *s, char out[12]);

/* True when year-month-day is a day of the proleptic Gregorian calendar
 * (any year from 1 to 9999). */
bool val_ymd_real(int year, int month, int day);

/* Validators by the name a form schema gives ("email", "mobile", "id_card",
 * "uscc", "postcode", "date", "username", "password"). An unknown name
 * returns "Unknown validator." so a bad schema is noticed. */
const char *val_by_name(const char *name, const char *value);
bool val_known(const char *name);

#endif
