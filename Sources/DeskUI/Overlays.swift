import BookingCore
import Terminal

/// Boxes drawn over any screen: the question before a change, and the help for the keys.
enum Overlay {
    /// The confirmation box, with its reason field when one is asked; returns the text cursor.
    static func confirmation(_ c: Confirmation, into screen: inout Screen, keymap: Keymap, language l: Language) -> (x: Int, y: Int)? {
        let width = min(70, screen.width - 4)
        let height = c.lines.count + (c.reason == nil ? 4 : 6)
        let inner = screen.box(Rect(x: (screen.width - width) / 2, y: max(1, (screen.height - height) / 2), width: width, height: height), title: c.title)
        for (i, line) in c.lines.enumerated() {
            screen.put(DisplayWidth.truncate(line, toWidth: inner.width), x: inner.x, y: inner.y + i)
        }
        var cursor: (x: Int, y: Int)?
        if let reason = c.reason {
            let y = inner.y + c.lines.count + 1
            let x = inner.x + screen.put(c.reasonLabel ?? l.pick("原因：", "Reason: "), x: inner.x, y: y)
            let w = inner.maxX - x
            let text = fieldTail(reason.text, width: w)
            screen.put(DisplayWidth.pad(text, toWidth: w), x: x, y: y, style: Palette.field)
            cursor = (x + DisplayWidth.width(of: text), y)
        }
        // While a reason is typed, printable keys (y, n) type into it: the hint names only keys that answer.
        func hint(_ action: DeskAction, _ fallback: String) -> String {
            let keys = keymap.keys(for: action, in: .confirm).filter { key in if c.reason == nil { return true }; if case .text = key { return false }; return true }.prefix(3).map(\.label)
            return keys.isEmpty ? fallback : keys.joined(separator: "/")
        }
        let yes = hint(.confirm, "Enter"), no = hint(.back, "Esc")
        screen.put(l.pick("\(yes) 确认    \(no) 放弃", "\(yes) confirm    \(no) don't"), x: inner.x, y: inner.maxY - 1, style: .plain.bolded())
        return cursor
    }

    /// The keys in force on `scope`, each with what it does, from row `offset` on: a list longer
    /// than the box scrolls with PgUp/PgDn, and the last row says which rows show.
    static func help(for scope: KeyScope, into screen: inout Screen, keymap: Keymap, language l: Language, offset: Int = 0) {
        let rows = helpRows(for: scope, keymap: keymap, language: l, screenWidth: screen.width)
        let height = min(screen.height - 2, rows.count + 4)
        let width = min(screen.width - 4, 76)
        let inner = screen.box(Rect(x: (screen.width - width) / 2, y: 1, width: width, height: height), title: l.pick("按键说明", "Keys"))
        let page = max(1, inner.height - 1)
        let first = clampedHelpOffset(offset, rows: rows.count, page: page)
        let shown = first..<min(rows.count, first + page)
        for (row, i) in shown.enumerated() {
            screen.put(DisplayWidth.pad(rows[i].key, toWidth: 10), x: inner.x, y: inner.y + row, style: Palette.barKey)
            screen.put(DisplayWidth.truncate(rows[i].text, toWidth: inner.width - 10), x: inner.x + 10, y: inner.y + row)
        }
        // What closes the help comes first, so a narrow box never cuts it off.
        var hint = l.pick("Esc 关闭", "Esc closes")
        if let range = rowsShown(shown, of: rows.count, l) {
            let up = keymap.hint(for: .previousPage, in: .help, fallback: "PgUp"), down = keymap.hint(for: .nextPage, in: .help, fallback: "PgDn")
            hint += "  \(range)  \(up)/\(down)"
        }
        if scope == .desk { hint += l.pick("  其他可打印字符直接输入查找框", "  Other printable keys type into the search box") }
        screen.put(DisplayWidth.truncate(hint, toWidth: inner.width), x: inner.x, y: inner.maxY - 1, style: Palette.dimmed)
    }

    /// One row per binding, the key and what its action does; an explanation wider than the box
    /// goes on to the rows below it (without the key), so nothing of it is cut.
    static func helpRows(for scope: KeyScope, keymap: Keymap, language l: Language, screenWidth: Int) -> [(key: String, text: String)] {
        let textWidth = max(10, min(screenWidth - 4, 76) - 4 - 10)
        var rows: [(key: String, text: String)] = []
        for b in keymap.effective(in: scope) {
            let lines = Frame.wrap(b.action.label(l) + " — " + b.action.explanation(l), width: textWidth)
            for (i, line) in lines.enumerated() { rows.append((i == 0 ? b.key.name : "", i == 0 ? line : "  " + line)) }
        }
        return rows
    }

    /// The first row shown: within the list, so the last page is full.
    static func clampedHelpOffset(_ offset: Int, rows: Int, page: Int) -> Int {
        min(max(0, offset), max(0, rows - page))
    }

    /// How many rows one page of help holds on a screen of `height` rows.
    static func helpPage(screenHeight height: Int, rows: Int) -> Int {
        max(1, min(height - 2, rows + 4) - 3)
    }
}
