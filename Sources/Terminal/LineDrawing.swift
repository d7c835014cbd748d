// Lines, bars and blocks as the terminal can draw them. Screens always draw the Unicode
// glyphs into the grid; the backend shows them through ncurses' wide-character line drawing
// (WACS_*) in a UTF-8 locale, and as plain ASCII where the terminal has no line drawing or the
// operator's locale is not UTF-8 (TERM=vt100 with LANG=C). Legends are drawn with the same
// glyphs, so they always say what the screen shows.

/// How the terminal draws lines and blocks.
public enum LineDrawing: Sendable, Equatable {
    /// Box corners and blocks as Unicode (ncurses' WACS line drawing).
    case unicode
    /// `+-|` corners and ASCII marks for blocks and bars.
    case ascii

    /// Unicode only when the operator's own locale is UTF-8 and the terminal has line drawing
    /// (terminfo `acsc`); anything else gets the ASCII that every terminal shows.
    public static func choose(localeIsUTF8: Bool, terminalHasLineDrawing: Bool) -> LineDrawing {
        localeIsUTF8 && terminalHasLineDrawing ? .unicode : .ascii
    }

    /// The ASCII stand-in for each line, bar and block glyph the screens use. Within one
    /// screen no two glyphs share a stand-in: the quota board's levels `_ , - ~ = * %` and
    /// bar `# + :`, the theatre bar's `# % : .`, the heat map's `: + % #`.
    static let asciiFallback: [String: String] = [
        "─": "-", "━": "-", "│": "|", "┃": "|",
        "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+", "┬": "+", "┴": "+", "┼": "+",
        "█": "#", "▓": "%", "▒": "+", "░": ":",
        "▁": "_", "▂": ",", "▃": "-", "▄": "~", "▅": "=", "▆": "*", "▇": "%",
        "·": ".", "✓": "v", "✗": "x", "…": "~",
    ]

    /// What `symbol` becomes on a terminal drawing this way.
    public func shown(_ symbol: String) -> String {
        self == .ascii ? Self.asciiFallback[symbol] ?? symbol : symbol
    }

    /// The grid as this terminal shows it: every line and block glyph replaced by its ASCII
    /// stand-in under `.ascii`, unchanged under `.unicode`.
    public func shown(_ screen: Screen) -> Screen {
        guard self == .ascii else { return screen }
        var copy = screen
        copy.mapSymbols { Self.asciiFallback[$0] }
        return copy
    }

    /// Whether `symbol` is one of the box-drawing glyphs ncurses has a WACS_* character for.
    static let boxGlyphs: Set<String> = ["─", "│", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼"]
}

extension Screen {
    /// Replaces every one-column symbol for which `replacement` gives a value.
    mutating func mapSymbols(_ replacement: (String) -> String?) {
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x: x, y: y]
                if cell.width == 1, let new = replacement(cell.symbol) { setSymbol(new, x: x, y: y) }
            }
        }
    }
}
