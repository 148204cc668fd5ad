/* A progress bar for uploads and downloads, and a spinner for waits. */
#ifndef ROSTER_CLIENT_PROGRESS_H
#define ROSTER_CLIENT_PROGRESS_H

#include <stdint.h>

/* "[#####     ]  42%" in w columns; total 0 draws an empty bar. */
void progress_draw(int y, int x, int w, int64_t done, int64_t total);
/* The spinner frame for a moment in time (changes every 125 ms). */
const char *spinner_frame(int64_t now_ms);
/* A spinner and a label at (y, x), at most w columns. */
void spinner_draw(int y, int x, int w, int64_t now_ms, const char *label);

#endif
