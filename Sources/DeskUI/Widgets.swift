import BookingCore
import Terminal

/// The palette of the screens. Colour always comes with a symbol or a word, so the monochrome
/// terminal (NO_COLOR) loses nothing.
enum Palette {
    static let title = Style(foreground: .white, background: .blue, bold: true)
    static let bar = Style(reverse: true)
    static let barKey = Style(bold: true)
    static let heading = Style(bold: true, underline: true)
    static let cursor = Style(reverse: true)
    static let dimmed = Style(dim: true)
    static let free = Style(foreground: .green)
    static let few = Style(foreground: .yellow, bold: true)
    static let full = Style(foreground: .red)
    static let reserved = Style(foreground: .cyan)
    static let error = Style(foreground: .red, bold: true)
    static let success = Style(foreground: .green, bold: true)
    static let flag = Style(foreground: .magenta, bold: true)
    static let field = Style(underline: true)
}

extension Screen {
    /// Writes `text` clipped to `rect`'s first row, padded with spaces to its width.
    mutating func line(_ text: String, in rect: Rect, row: Int = 0, style: Style = .plain) {
        guard row >= 0, row < rect.height, rect.width > 0 else { return }
        let padded = DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: rect.width), toWidth: rect.width)
        put(padded, x: rect.x, y: rect.y + row, style: style, maxWidth: rect.width)
    }

    /// A framed box with a title, cleared inside; returns the inner rectangle.
    @discardableResult
    mutating func box(_ rect: Rect, title: String, style: Style = .plain) -> Rect {
        guard rect.width >= 4, rect.height >= 3 else { return .zero }
        fill(rect: rect, char: " ")
        // Unicode lines in the grid; the backend shows them as the terminal can (LineDrawing).
        let horizontal = String(repeating: "─", count: rect.width - 2)
        put("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        put("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put("│", x: rect.x, y: y, style: style)
            put("│", x: rect.maxX - 1, y: y, style: style)
        }
        put(" " + DisplayWidth.truncate(title, toWidth: rect.width - 6) + " ", x: rect.x + 2, y: rect.y, style: style.bolded())
        return rect.inset(horizontal: 2, vertical: 1)
    }
}

/// What a one-line field shows of `text` in `width` columns: all of it if it fits, else its end
/// (where the typing is), leaving a column for the cursor; whole characters only.
func fieldTail(_ text: String, width: Int) -> String {
    let room = max(0, width - 1)
    guard DisplayWidth.width(of: text) > room else { return text }
    var kept: [Character] = []
    var used = 0
    for ch in text.reversed() {
        let w = DisplayWidth.width(of: ch)
        if used + w > room { break }
        kept.append(ch)
        used += w
    }
    return String(kept.reversed())
}

/// Which rows of a long list fit a window of `height` rows so that `cursor` stays visible.
func visibleRange(count: Int, cursor: Int, height: Int) -> Range<Int> {
    guard count > height, height > 0 else { return 0..<min(count, max(0, height)) }
    let start = min(max(0, cursor - height / 2), count - height)
    return start..<(start + height)
}

/// A one-line text field's content as edited at the desk.
struct TextField: Equatable {
    var text = ""
    let limit: Int

    init(_ text: String = "", limit: Int) {
        self.text = String(text.prefix(limit))
        self.limit = limit
    }

    /// Appends typed or pasted text, dropping control characters; returns false when the text
    /// was too long and had to be cut.
    mutating func insert(_ input: String) -> Bool {
        let clean = input.filter { !DisplayWidth.isControl($0) }
        let room = max(0, limit - text.count)
        text += clean.prefix(room)
        return clean.count <= room
    }

    mutating func deleteBackward() {
        if !text.isEmpty { text.removeLast() }
    }
}

/// One cell of a table row: its text and, if it has one, its own style (a flag, a warning).
struct TableCell: ExpressibleByStringLiteral {
    var text: String
    var style: Style?

    init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }

    init(stringLiteral text: String) { self.init(text) }
}

/// One column of a table as the table declares it: the width it wants, the narrowest it may
/// become, and whether and when it gives way. The layout rule: when a row is too narrow, the
/// columns with the lowest `givesWay` shrink to their minimum first, then drop in that order;
/// a column without `givesWay` (the one that carries the decision) never drops.
struct TableColumn {
    var width: Int
    var minimum: Int
    /// 1 gives way first; nil never drops (it may still shrink to `minimum`).
    var givesWay: Int?
    /// Takes whatever room is left over (at most one column per table).
    var grows: Bool

    init(_ width: Int, minimum: Int? = nil, givesWay: Int? = nil, grows: Bool = false) {
        self.width = width
        self.minimum = minimum ?? width
        self.givesWay = givesWay
        self.grows = grows
    }

    /// A column of record numbers (` 1171`): at least `width`, wide enough for the largest number
    /// shown, and never cut — a cut number names another record; it drops whole instead.
    static func number(_ width: Int, largest: Int64, givesWay: Int) -> TableColumn {
        TableColumn(max(width, String(largest).count + 2), givesWay: givesWay)
    }

    /// Each column's width in `total` columns (0 for a column that dropped). Columns that give
    /// way at the same step shrink together, so a group (the checklist items) stays even; the
    /// growing column takes back whatever is left.
    static func layout(_ columns: [TableColumn], in total: Int) -> [Int] {
        var widths = columns.map(\.width)
        func sum() -> Int { widths.reduce(0, +) }
        let steps = Set(columns.compactMap(\.givesWay)).sorted().map(Optional.some) + [nil]
        for step in steps where sum() > total {
            for i in columns.indices where columns[i].givesWay == step { widths[i] = columns[i].minimum }
        }
        let order = columns.indices.filter { columns[$0].givesWay != nil }.sorted { (columns[$0].givesWay!, $0) < (columns[$1].givesWay!, $1) }
        for i in order where sum() > total {
            widths[i] = 0
        }
        if sum() < total, let grow = columns.firstIndex(where: \.grows), widths[grow] > 0 {
            widths[grow] += total - sum()
        }
        return widths
    }
}

/// `1–8/17` for a list that shows only some of its rows (rows 1 to 8 of 17); nil when every
/// row shows. Short, so it fits a pane's title at 80 columns.
func rowsShown(_ range: Range<Int>, of count: Int, _ l: Language) -> String? {
    guard range.count < count else { return nil }
    return "\(range.lowerBound + 1)–\(range.upperBound)/\(count)"
}
