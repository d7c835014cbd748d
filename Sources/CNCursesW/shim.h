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

/* Results and key codes: macros, so Swift sees them only through these functions. */
static inline int sd_err(void) { return ERR; }
static inline int sd_ok(void) { return OK; }
static inline int sd_key_code_yes(void) { return KEY_CODE_YES; }
static inline int sd_key_up(void) { return KEY_UP; }
static inline int sd_key_down(void) { return KEY_DOWN; }
static inline int sd_key_left(void) { return KEY_LEFT; }
static inline int sd_key_right(void) { return KEY_RIGHT; }
static inline int sd_key_home(void) { return KEY_HOME; }
static inline int sd_key_end(void) { return KEY_END; }
static inline int sd_key_ppage(void) { return KEY_PPAGE; }
static inline int sd_key_npage(void) { return KEY_NPAGE; }
static inline int sd_key_ic(void) { return KEY_IC; }
static inline int sd_key_dc(void) { return KEY_DC; }
static inline int sd_key_backspace(void) { return KEY_BACKSPACE; }
static inline int sd_key_enter(void) { return KEY_ENTER; }
static inline int sd_key_btab(void) { return KEY_BTAB; }
static inline int sd_key_resize(void) { return KEY_RESIZE; }
/* Some terminals send these for Home/End (the VT220 "Find"/"Select" keys, "lower left"). */
static inline int sd_key_find(void) { return KEY_FIND; }
static inline int sd_key_select(void) { return KEY_SELECT; }
static inline int sd_key_ll(void) { return KEY_LL; }

/* Attributes as attr_t, the type setcchar takes. */
static inline attr_t sd_attr_normal(void) { return A_NORMAL; }
static inline attr_t sd_attr_bold(void) { return A_BOLD; }
static inline attr_t sd_attr_dim(void) { return A_DIM; }
static inline attr_t sd_attr_reverse(void) { return A_REVERSE; }
static inline attr_t sd_attr_underline(void) { return A_UNDERLINE; }

/* Globals ncurses sets after start_color(). */
static inline int sd_colors(void) { return COLORS; }
static inline int sd_color_pairs(void) { return COLOR_PAIRS; }
static inline int sd_cchar_max(void) { return CCHARW_MAX; }

/* newterm instead of initscr: initscr exits the process on an unknown TERM, newterm returns NULL. */
static inline SCREEN *sd_newterm(const char *term) { return newterm(term, stdout, stdin); }

/* Locale: LC_ALL and CODESET are macros/enums; the codeset decides whether wide characters work. */
static inline const char *sd_setlocale_all(const char *name) { return setlocale(LC_ALL, name); }
static inline const char *sd_codeset(void) { return nl_langinfo(CODESET); }

/* The C library's column count for one character, which is what ncurses and the terminal use.
   glibc declares wcwidth only under _XOPEN_SOURCE, which Swift's Glibc module does not set. */
static inline int sd_wcwidth(wchar_t c) {
    extern int wcwidth(wchar_t);
    return wcwidth(c);
}

/* Line drawing: the wide-character line-drawing table (WACS_*), filled by newterm, and whether
   the terminal describes any line drawing (terminfo acsc; vt100-like entries without it get
   ncurses' ASCII defaults). tigetstr returns (char *)-1 for a name that is not a string. */
static inline const cchar_t *sd_wacs(char c) { return NCURSES_WACS(c); }
static inline int sd_has_line_drawing(void) {
    const char *acsc = tigetstr("acsc");
    return acsc != NULL && acsc != (const char *)-1 && acsc[0] != 0;
}

#endif
