import BookingCore
import Terminal

/// What the frame around every screen shows.
struct FrameInfo {
    var hospital: String
    var operatorName: String
    var role: String
    var now: LocalDateTime
    var synced: Bool
    var language: Language
    /// A mark that must always show, e.g. that this is a training database.
    var mark: String? = nil
}

/// A message on the message line, coloured by what it says.
public struct DeskMessage: Equatable, Sendable {
    public enum Kind: Sendable { case info, success, error }
    public let text: String
    public let kind: Kind

    public init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }
}

/// The frame: title bar, message line and function-key bar, drawn from the keymap so the bar
/// shows the real bindings.
enum Frame {
    static let minimumWidth = 80
    static let minimumHeight = 24

    static func weekday(_ date: LocalDate, _ lang: Language) -> String {
        let zh = ["一", "二", "三", "四", "五", "六", "日"], en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return lang == .zh ? "周" + zh[date.weekday - 1] : en[date.weekday - 1]
    }

    /// The title bar: hospital, who is signed in, the date and time, the sync state. The layout
    /// rule: the username and role always show (at 80 columns too); what gives way first is the
    /// display name, then the word "Operator", then the weekday, and the hospital's name is cut
    /// to what is left. A mark (training database) keeps its place after the operator.
    static func title(_ info: FrameInfo, into screen: inout Screen) {
        let row = Rect(x: 0, y: 0, width: screen.width, height: 1)
        screen.line("", in: row, style: Palette.title)
        let (left, right) = titleParts(info, width: screen.width)
        screen.put(left, x: 0, y: 0, style: Palette.title)
        screen.put(right, x: max(0, screen.width - DisplayWidth.width(of: right)), y: 0, style: Palette.title)
    }

    /// The title's left and right parts fitted to `width` columns (see `title`).
    static func titleParts(_ info: FrameInfo, width: Int) -> (left: String, right: String) {
        let l = info.language
        // "赵强 referral1": the display name may go, the username (the last word) stays.
        let words = info.operatorName.split(separator: " ").map(String.init)
        let username = words.last ?? info.operatorName
        let displayName = words.count > 1 ? words.dropLast().joined(separator: " ") : nil
        let role = info.role.isEmpty ? "" : l.pick("（\(info.role)）", " (\(info.role))")
        let mark = info.mark.map { " " + $0 } ?? ""
        let sync = info.synced ? l.pick("[已同步]", "[in sync]") : l.pick("[未同步!]", "[NOT in sync]")
        let clock = String(info.now.readable.suffix(5))
        let hospital = " " + info.hospital
        var attempts: [(who: String, right: String)] = []
        for withWeekday in [true, false] {
            let right = "\(info.now.date)" + (withWeekday ? " \(weekday(info.now.date, l))" : "") + " \(clock)  \(sync) "
            // Nobody signed in (no role): "not signed in" alone, without the word "Operator".
            for withWord in info.role.isEmpty ? [false] : [true, false] {
                for withName in [true, false] where withName || displayName != nil {
                    let name = (withName ? displayName.map { $0 + " " } ?? "" : "") + username
                    attempts.append((" | " + (withWord ? l.pick("操作员 ", "Operator ") : "") + name + role + mark, right))
                }
            }
        }
        // The first arrangement that leaves the hospital at least 12 columns: enough for a
        // training database's mark at the start of its name (" 【培训】示范…", " [TRAINING]…").
        let minimumHospital = min(DisplayWidth.width(of: hospital), 12)
        let chosen = attempts.first { DisplayWidth.width(of: $0.who) + DisplayWidth.width(of: $0.right) + minimumHospital + 2 <= width }
            ?? attempts[attempts.count - 1]
        // One space between the hospital and the operator, one before the clock.
        let room = max(0, width - DisplayWidth.width(of: chosen.right) - DisplayWidth.width(of: chosen.who) - 2)
        let left = DisplayWidth.truncate(hospital, toWidth: room) + " " + chosen.who
        return (DisplayWidth.truncate(left, toWidth: max(0, width - DisplayWidth.width(of: chosen.right))), chosen.right)
    }

    /// The message line, at the bottom above the key bar. A message wider than the screen wraps
    /// upwards over the rows above it (at most `maximumMessageRows`), so no cell of a refusal is
    /// lost; setup problems with several lines show each line.
    static func message(_ message: DeskMessage?, into screen: inout Screen) {
        let bottom = screen.height - 2
        guard let message else { screen.line("", in: Rect(x: 0, y: bottom, width: screen.width, height: 1)); return }
        let style: Style
        switch message.kind {
        case .info: style = .plain
        case .success: style = Palette.success
        case .error: style = Palette.error
        }
        let rows = messageRows(message.text, width: screen.width)
        for (i, text) in rows.enumerated() {
            screen.line(text, in: Rect(x: 0, y: bottom - (rows.count - 1) + i, width: screen.width, height: 1), style: style)
        }
    }

    static let maximumMessageRows = 4

    /// The rows a message takes at `width` columns: each line wrapped at whole characters (at
    /// a space when one is near), indented by one column; the last row ends in … when even
    /// `maximumMessageRows` are not enough.
    static func messageRows(_ text: String, width: Int) -> [String] {
        let room = max(1, width - 1)
        var rows: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            rows += wrap(String(line), width: room).map { " " + $0 }
        }
        if rows.count > maximumMessageRows {
            rows = Array(rows.prefix(maximumMessageRows))
            rows[rows.count - 1] = DisplayWidth.truncate(rows[rows.count - 1] + "…", toWidth: width)
        }
        return rows.isEmpty ? [""] : rows
    }

    /// `text` cut into rows of at most `width` columns, never across a wide character; a break
    /// goes after the last space of a row when that space is in its second half.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, DisplayWidth.width(of: text) > width else { return [text] }
        var rows: [String] = []
        var current: [Character] = []
        var used = 0
        for ch in text {
            let w = DisplayWidth.width(of: ch)
            if used + w > width {
                if let space = current.lastIndex(of: " "), space > current.count / 2 {
                    rows.append(String(current[..<space]))
                    current = Array(current[(space + 1)...])
                } else {
                    rows.append(String(current))
                    current = []
                }
                used = DisplayWidth.width(of: String(current))
            }
            current.append(ch)
            used += w
        }
        if !current.isEmpty { rows.append(String(current)) }
        return rows
    }

    /// `F1帮助 F2查找 …` from the bindings of F1–F12 in force on `scope`. The layout rule: every
    /// bound key shows at 80 columns. When the full labels do not fit, short labels; then the
    /// keys as bare numbers (`1帮助 2查找`, as Midnight Commander's bar); only a keymap binding
    /// more than the widest screen holds loses keys, from the middle, never help or quit.
    static func functionKeys(_ keymap: Keymap, scope: KeyScope, language: Language, roles: Set<Role> = [.admin], into screen: inout Screen) {
        let y = screen.height - 1
        screen.line("", in: Rect(x: 0, y: y, width: screen.width, height: 1), style: Palette.bar)
        var x = 0
        for (key, label) in barItems(keymap, scope: scope, language: language, roles: roles, width: screen.width) {
            if x > 0 { x += screen.put(" ", x: x, y: y, style: Palette.bar) }
            x += screen.put(key, x: x, y: y, style: Palette.barKey)
            x += screen.put(label, x: x, y: y, style: Palette.bar)
        }
    }

    /// The keys the bar shows for `scope`, as (key, label) pairs fitted to `width` (see `functionKeys`).
    static func barItems(_ keymap: Keymap, scope: KeyScope, language: Language, roles: Set<Role> = [.admin], width: Int) -> [(String, String)] {
        let bound = keymap.effective(in: scope)
        var items: [(key: Key, action: DeskAction)] = []
        for n in 1...12 { if let b = bound.first(where: { $0.key == .function(n) }) { items.append((b.key, b.action)) } }
        if scope == .confirm || scope == .help {
            for b in bound where !items.contains(where: { $0.key == b.key }) && [.enter, .escape, .pageUp, .pageDown].contains(b.key) {
                items.append((b.key, b.action))
            }
        }
        func label(_ action: DeskAction, short: Bool) -> String {
            if action == .switchScreen {
                let next = ScreenCycle.next(after: scope, roles: roles)
                return short ? ScreenCycle.shortLabel(of: next, language) : ScreenCycle.label(of: next, language)
            }
            return short ? action.shortLabel(language) : action.label(language)
        }
        func keyText(_ key: Key, bare: Bool) -> String {
            if bare, case let .function(n) = key { return "\(n)" }
            return key.label
        }
        func shown(short: Bool, bare: Bool) -> [(String, String)] { items.map { (keyText($0.key, bare: bare), label($0.action, short: short)) } }
        func total(_ row: [(String, String)]) -> Int {
            row.map { DisplayWidth.width(of: $0.0) + DisplayWidth.width(of: $0.1) }.reduce(0, +) + max(0, row.count - 1)
        }
        for (short, bare) in [(false, false), (true, false), (true, true)] {
            let row = shown(short: short, bare: bare)
            if total(row) <= width { return row }
        }
        // A keymap binding more than fits: keys drop from the middle; help and quit stay.
        while items.count > 2 && total(shown(short: true, bare: true)) > width,
              let drop = items.lastIndex(where: { $0.action != .quit && $0.action != .help }) {
            items.remove(at: drop)
        }
        return shown(short: true, bare: true)
    }

    /// Whether a screen of this size is drawn at all (80×24 or more).
    static func fits(_ width: Int, _ height: Int) -> Bool { width >= minimumWidth && height >= minimumHeight }

    /// Starts a frame: clears the grid, and below 80×24 draws the notice instead and returns
    /// false, so the screen draws nothing more. Every screen begins its render with it.
    static func begin(_ screen: inout Screen, language: Language) -> Bool {
        screen.clear()
        guard fits(screen.width, screen.height) else {
            tooSmall(&screen, language: language)
            return false
        }
        return true
    }

    /// Shown instead of the screen when the terminal is below 80×24; the state is kept, and the
    /// screen returns when the window grows.
    static func tooSmall(_ screen: inout Screen, language: Language) {
        screen.clear()
        let lines = [language.pick("窗口太小", "Window too small"),
                     "\(screen.width)×\(screen.height) < \(minimumWidth)×\(minimumHeight)",
                     language.pick("请放大窗口", "Please enlarge it")]
        for (i, text) in lines.enumerated() {
            let shown = DisplayWidth.truncate(text, toWidth: screen.width)
            let x = max(0, (screen.width - DisplayWidth.width(of: shown)) / 2)
            screen.put(shown, x: x, y: max(0, screen.height / 2 - 1) + i)
        }
    }
}
