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

    static func title(_ info: FrameInfo, into screen: inout Screen) {
        let l = info.language
        let row = Rect(x: 0, y: 0, width: screen.width, height: 1)
        screen.line("", in: row, style: Palette.title)
        let left = " \(info.hospital)  | " + l.pick("操作员 ", "Operator ") + info.operatorName + l.pick("（\(info.role)）", " (\(info.role))")
        let sync = info.synced ? l.pick("[已同步]", "[in sync]") : l.pick("[未同步!]", "[NOT in sync]")
        let right = "\(info.now.date) \(weekday(info.now.date, l)) \(info.now.readable.suffix(5))  \(sync) "
        let rightWidth = DisplayWidth.width(of: right)
        screen.put(DisplayWidth.truncate(left, toWidth: max(0, screen.width - rightWidth - 1)), x: 0, y: 0, style: Palette.title)
        screen.put(right, x: max(0, screen.width - rightWidth), y: 0, style: Palette.title)
    }

    static func message(_ message: DeskMessage?, into screen: inout Screen) {
        let row = Rect(x: 0, y: screen.height - 2, width: screen.width, height: 1)
        guard let message else { screen.line("", in: row); return }
        let style: Style
        switch message.kind {
        case .info: style = .plain
        case .success: style = Palette.success
        case .error: style = Palette.error
        }
        // Messages may hold several lines (setup problems); the line shows the first.
        let first = message.text.split(separator: "\n").first.map(String.init) ?? ""
        screen.line(" " + first, in: row, style: style)
    }

    /// `F1帮助 F2查找 …` from the bindings of F1–F12 in force on `scope`.
    static func functionKeys(_ keymap: Keymap, scope: KeyScope, language: Language, roles: Set<Role> = [.admin], into screen: inout Screen) {
        let y = screen.height - 1
        screen.line("", in: Rect(x: 0, y: y, width: screen.width, height: 1), style: Palette.bar)
        var x = 0
        let bound = keymap.effective(in: scope)
        var items: [(Key, DeskAction)] = []
        for n in 1...12 { if let b = bound.first(where: { $0.key == .function(n) }) { items.append((b.key, b.action)) } }
        if scope == .confirm || scope == .help {
            for b in bound where !items.contains(where: { $0.0 == b.key }) && (b.key == .enter || b.key == .escape) { items.append((b.key, b.action)) }
        }
        func label(_ action: DeskAction) -> String {
            action == .switchScreen ? ScreenCycle.label(of: ScreenCycle.next(after: scope, roles: roles), language) : action.label(language)
        }
        func width(_ item: (Key, DeskAction)) -> Int { DisplayWidth.width(of: item.0.label) + DisplayWidth.width(of: label(item.1)) + 1 }
        // When the bar is too narrow, keys drop from the middle: help and quit always stay.
        while items.count > 2 && items.map(width).reduce(0, +) > screen.width,
              let drop = items.lastIndex(where: { $0.1 != .quit && $0.1 != .help }) {
            items.remove(at: drop)
        }
        for item in items {
            guard x + width(item) <= screen.width else { break }
            x += screen.put(item.0.label, x: x, y: y, style: Palette.barKey)
            x += screen.put(label(item.1), x: x, y: y, style: Palette.bar)
            x += screen.put(" ", x: x, y: y, style: Palette.bar)
        }
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
