// The real terminal, through ncursesw. This type is the only holder of the terminal handle
// (STYLE: no global mutable state except the terminal handle, isolated in one type).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW

typealias Window = UnsafeMutablePointer<WINDOW>

/// The ncursesw TerminalBackend: full screen, raw keys, colours unless NO_COLOR.
public final class NCursesTerminal: TerminalBackend {
    private var screenHandle: OpaquePointer?
    private var running = false
    private var cursorVisible: Bool?
    private var currentTimeout: Int32?
    private var pending: [RawInput] = []
    private var palette = ColorPalette()
    private var keyCodes = KeyCodes(table: [:], firstFunction: 0)
    /// Decided at start() from the operator's locale and the terminal's description.
    public private(set) var lineDrawing: LineDrawing = .ascii

    public init() {}

    deinit {
        stop()
        if let screenHandle { delscreen(screenHandle) }
    }

    /// True when stdin and stdout are terminals and TERM is set (and not "dumb"), so the app
    /// can refuse politely instead of letting ncurses fail.
    public static func isAvailable() -> Bool {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else { return false }
        guard let term = environment("TERM"), !term.isEmpty, term != "dumb" else { return false }
        return true
    }

    /// True once SIGTERM, SIGHUP or SIGINT arrived; the app should stop() and exit.
    public var terminationRequested: Bool { TerminationSignal.isRequested }

    /// False under NO_COLOR, on a monochrome terminal, and before start().
    public var colorsEnabled: Bool { palette.enabled }

    /// True between start() and stop().
    public var isRunning: Bool { running }

    public var size: (width: Int, height: Int) {
        guard running, let window = sd_stdscr() else { return (0, 0) }
        return (Int(max(0, getmaxx(window))), Int(max(0, getmaxy(window))))
    }

    /// Takes over the terminal: UTF-8 locale, raw keys, no echo, keypad decoding, colours.
    public func start() throws {
        if running { return }
        if let screenHandle {
            // Resuming after stop(): ncurses restores its modes on the next refresh.
            set_term(screenHandle)
            running = true
            CrashRestore.arm()
            if let window = sd_stdscr() { wrefresh(window) }
            return
        }
        guard NCursesTerminal.isAvailable() else { throw TerminalError.notATerminal }
        let localeIsUTF8 = NCursesTerminal.chooseUTF8Locale()
        CrashRestore.saveModes()
        guard let handle = sd_newterm(nil) else {
            throw TerminalError.unknownTerminal(NCursesTerminal.environment("TERM") ?? "")
        }
        screenHandle = handle
        lineDrawing = .choose(localeIsUTF8: localeIsUTF8, terminalHasLineDrawing: sd_has_line_drawing() != 0)
        running = true
        TerminationSignal.install()
        // raw (not cbreak): C-c, C-s, C-q, C-z reach the app as keys instead of killing or
        // freezing a receptionist's session; SIGTERM/SIGHUP still end it through the flag.
        raw()
        noecho()
        nonl()
        guard let window = sd_stdscr() else { return }
        keypad(window, true)
        intrflush(window, false)
        // Esc must feel instant, but Alt+key and arrow sequences still need a moment to arrive.
        set_escdelay(25)
        keyCodes = NCursesKeys.codes()
        NCursesKeys.defineCommonSequences()
        palette.start(noColor: NCursesTerminal.environment("NO_COLOR").map { !$0.isEmpty } ?? false)
        CrashRestore.arm()
    }

    /// Gives the terminal back (endwin). Safe to call more than once, and before start().
    public func stop() {
        guard running else { return }
        running = false
        CrashRestore.disarm()
        if cursorVisible == false { curs_set(1) }
        cursorVisible = nil
        endwin()
    }

    // MARK: - Drawing

    public func present(_ grid: Screen, cursor: (x: Int, y: Int)?) {
        guard running, let window = sd_stdscr() else { return }
        let screen = lineDrawing.shown(grid)
        let (termWidth, termHeight) = size
        let columns = min(screen.width, termWidth)
        let rows = min(screen.height, termHeight)
        // ncurses compares with what is already on the terminal, so erasing and redrawing every
        // cell sends only the differences; it also clears what a larger old screen left behind.
        werase(window)
        for y in 0..<rows {
            var x = 0
            while x < columns {
                let cell = screen[x: x, y: y]
                if cell.isContinuation { x += 1; continue }
                let cellWidth = max(1, cell.width)
                let lastCell = y == termHeight - 1 && x + cellWidth >= termWidth
                if cellWidth == 2 && x + 1 >= columns {
                    // The terminal is narrower than the grid: half a glyph would wrap.
                    draw(" ", style: cell.style, x: x, y: y, insert: lastCell, window: window)
                } else {
                    drawCell(cell, width: cellWidth, x: x, y: y, lastCell: lastCell, window: window)
                }
                x += cellWidth
            }
        }
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < termWidth, cursor.y < termHeight {
            setCursorVisible(true)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            setCursorVisible(false)
        }
        wrefresh(window)
    }

    /// Draws one grid cell, falling back when the C library measures the glyph differently
    /// from DisplayWidth (an emoji made wide by VS16, a code point newer than libc), because
    /// then ncurses and the terminal would shift everything after it on the row.
    private func drawCell(_ cell: Cell, width cellWidth: Int, x: Int, y: Int, lastCell: Bool, window: Window) {
        if lineDrawing == .unicode, let code = Self.wacsCode[cell.symbol], drawLine(code, style: cell.style, x: x, y: y, insert: lastCell, window: window) {
            return
        }
        let scalars = Array(cell.symbol.unicodeScalars)
        guard let first = scalars.first else { return }
        let libcWidth = Int(sd_wcwidth(wchar_t(bitPattern: first.value)))
        if libcWidth == cellWidth {
            // The base character plus the combining marks right after it, as one cchar_t (which
            // holds at most CCHARW_MAX). An emoji ZWJ sequence is cut to its first emoji: ncurses
            // cannot hold a second spacing character in one cell.
            var characters: [wchar_t] = [wchar_t(bitPattern: first.value)]
            for scalar in scalars.dropFirst() {
                let character = wchar_t(bitPattern: scalar.value)
                guard characters.count < Int(sd_cchar_max()) - 1, sd_wcwidth(character) == 0 else { break }
                characters.append(character)
            }
            while characters.count > 1, characters.last == 0x200D { characters.removeLast() }
            draw(characters, style: cell.style, x: x, y: y, insert: lastCell, window: window)
        } else if cellWidth == 2 && libcWidth == 1 {
            draw([wchar_t(bitPattern: first.value)], style: cell.style, x: x, y: y, insert: false, window: window)
            draw(" ", style: cell.style, x: x + 1, y: y, insert: lastCell, window: window)
        } else {
            draw(cellWidth == 2 ? "? " : "?", style: cell.style, x: x, y: y, insert: lastCell, window: window)
        }
    }

    /// The WACS_* table index of each box-drawing glyph (the VT100 alternate character set's letters).
    private static let wacsCode: [String: CChar] = [
        "┌": 0x6C, "┐": 0x6B, "└": 0x6D, "┘": 0x6A, "─": 0x71, "│": 0x78,
        "├": 0x74, "┤": 0x75, "┬": 0x77, "┴": 0x76, "┼": 0x6E,
    ]

    /// Draws a box-drawing glyph as ncurses' wide-character line drawing gives it for this
    /// terminal (a Unicode line, or the alternate character set); false when the table is empty.
    private func drawLine(_ code: CChar, style: Style, x: Int, y: Int, insert: Bool, window: Window) -> Bool {
        guard let wacs = sd_wacs(code) else { return false }
        var characters = [wchar_t](repeating: 0, count: Int(sd_cchar_max()) + 1)
        var lineAttributes: attr_t = 0
        var linePair: Int16 = 0
        guard getcchar(wacs, &characters, &lineAttributes, &linePair, nil) != sd_err(), characters[0] != 0 else { return false }
        var complex = cchar_t()
        let (attributes, pair) = palette.attributesAndPair(for: style)
        guard setcchar(&complex, characters, attributes | lineAttributes, pair, nil) == sd_ok() else { return false }
        if insert { mvwins_wch(window, Int32(y), Int32(x), &complex) } else { mvwadd_wch(window, Int32(y), Int32(x), &complex) }
        return true
    }

    private func draw(_ text: String, style: Style, x: Int, y: Int, insert: Bool, window: Window) {
        var column = x
        for scalar in text.unicodeScalars {
            draw([wchar_t(bitPattern: scalar.value)], style: style, x: column, y: y,
                 insert: insert && column == x + text.unicodeScalars.count - 1, window: window)
            column += 1
        }
    }

    /// Puts one complex character at (x, y). The bottom-right cell is written with insert
    /// instead of add, because adding there moves the cursor past the end and may scroll.
    private func draw(_ characters: [wchar_t], style: Style, x: Int, y: Int, insert: Bool, window: Window) {
        var complex = cchar_t()
        let (attributes, pair) = palette.attributesAndPair(for: style)
        var terminated = characters
        terminated.append(0)
        guard setcchar(&complex, terminated, attributes, pair, nil) == sd_ok() else { return }
        if insert {
            mvwins_wch(window, Int32(y), Int32(x), &complex)
        } else {
            mvwadd_wch(window, Int32(y), Int32(x), &complex)
        }
    }

    private func setCursorVisible(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        cursorVisible = visible
        curs_set(visible ? 1 : 0)  // ERR on terminals without cursor control; nothing to do then
    }

    // MARK: - Keys

    public func nextKey(timeoutMilliseconds: Int) -> Key? {
        guard running else { return nil }
        let raw: RawInput
        if !pending.isEmpty {
            raw = pending.removeFirst()
        } else if let read = readRaw(timeoutMilliseconds: timeoutMilliseconds) {
            raw = read
        } else {
            return nil
        }
        let key = InputDecoder.key(for: raw, codes: keyCodes)
        guard case .text(let first) = key else { return key }
        let (text, leftover) = InputDecoder.coalesce(first) { readRaw(timeoutMilliseconds: 0) }
        if let leftover { pending.append(leftover) }
        return text
    }

    /// One wget_wch call; nil on timeout (or a signal interrupting the wait).
    private func readRaw(timeoutMilliseconds: Int) -> RawInput? {
        guard let window = sd_stdscr() else { return nil }
        let timeout = Int32(clamping: timeoutMilliseconds < 0 ? -1 : timeoutMilliseconds)
        if currentTimeout != timeout {
            wtimeout(window, timeout)
            currentTimeout = timeout
        }
        var character: wint_t = 0
        let status = wget_wch(window, &character)
        if status == sd_key_code_yes() { return .keyCode(Int32(bitPattern: UInt32(character))) }
        if status == sd_ok() { return .character(UInt32(character)) }
        return nil
    }

    // MARK: - Environment

    /// Wide characters print as blanks unless the codeset is UTF-8; this machine (and many
    /// servers) has only C, C.UTF-8 and POSIX, so fall back to C.UTF-8.
    /// Returns whether the operator's own locale was UTF-8 (it decides the line drawing).
    private static func chooseUTF8Locale() -> Bool {
        _ = sd_setlocale_all("")
        if codesetIsUTF8() { return true }
        _ = sd_setlocale_all("C.UTF-8")
        return false
    }

    private static func codesetIsUTF8() -> Bool {
        guard let codeset = sd_codeset() else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}
