// Which KEY_* code is which Key, and the escape sequences ncurses should know beyond terminfo.

import CNCursesW

/// Key codes and extra key sequences for an ncurses session.
enum NCursesKeys {
    /// The running ncurses' KEY_* codes for the keys SlotDesk names.
    static func codes() -> KeyCodes {
        let table: [Int32: Key] = [
            sd_key_up(): .up, sd_key_down(): .down, sd_key_left(): .left, sd_key_right(): .right,
            sd_key_home(): .home, sd_key_find(): .home, sd_key_end(): .end, sd_key_select(): .end,
            sd_key_ll(): .end, sd_key_ppage(): .pageUp, sd_key_npage(): .pageDown,
            sd_key_ic(): .insert, sd_key_dc(): .delete, sd_key_backspace(): .backspace,
            sd_key_enter(): .enter, sd_key_btab(): .backTab, sd_key_resize(): .resize,
        ]
        return KeyCodes(table: table, firstFunction: sd_key_f(1))
    }

    /// Sequences that common emulators send although their TERM's terminfo does not list them:
    /// PuTTY's default Home/End (ESC [1~, ESC [4~) and F1–F4 (ESC [11~ … ESC [14~) under
    /// TERM=xterm, rxvt's ESC [7~/ESC [8~, and the xterm forms under a screen/tmux TERM.
    /// Without these a Home key arrives as Esc followed by the text "[1~".
    static func defineCommonSequences() {
        let escape = "\u{1B}"
        let sequences: [(String, Int32)] = [
            ("[1~", sd_key_home()), ("[7~", sd_key_home()), ("[H", sd_key_home()), ("OH", sd_key_home()),
            ("[4~", sd_key_end()), ("[8~", sd_key_end()), ("[F", sd_key_end()), ("OF", sd_key_end()),
            ("[11~", sd_key_f(1)), ("[12~", sd_key_f(2)), ("[13~", sd_key_f(3)), ("[14~", sd_key_f(4)),
            ("OP", sd_key_f(1)), ("OQ", sd_key_f(2)), ("OR", sd_key_f(3)), ("OS", sd_key_f(4)),
        ]
        for (tail, code) in sequences {
            let sequence = escape + tail
            // Only fill gaps: what the terminfo entry says wins.
            if key_defined(sequence) == 0 { _ = define_key(sequence, code) }
        }
    }
}
