// The parts of ncursesw that Swift cannot reach directly: macros and globals, wrapped as functions.
#ifndef SLOTDESK_NCURSES_SHIM_H
#define SLOTDESK_NCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *sd_stdscr(void) { return stdscr; }
static inline int sd_lines(void) { return LINES; }
static inline int sd_cols(void) { return COLS; }
static inline int sd_key_f(int n) { return KEY_F(n); }
static inline int sd_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int sd_a_bold(void) { return (int)A_BOLD; }
static inline int sd_a_reverse(void) { return (int)A_REVERSE; }
static inline int sd_a_underline(void) { return (int)A_UNDERLINE; }
static inline int sd_a_dim(void) { return (int)A_DIM; }
static inline int sd_a_normal(void) { return (int)A_NORMAL; }

#endif
