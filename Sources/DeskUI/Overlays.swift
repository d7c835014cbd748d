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
            let x = inner.x + screen.put(l.pick("原因：", "Reason: "), x: inner.x, y: y)
            let w = inner.maxX - x
            let text = fieldTail(reason.text, width: w)
            screen.put(DisplayWidth.pad(text, toWidth: w), x: x, y: y, style: Palette.field)
            cursor = (x + DisplayWidth.width(of: text), y)
        }
        let yes = keymap.hint(for: .confirm, in: .confirm, fallback: "Enter")
        let no = keymap.hint(for: .back, in: .confirm, fallback: "Esc")
        screen.put(l.pick("\(yes) 确认    \(no) 放弃", "\(yes) confirm    \(no) don't"), x: inner.x, y: inner.maxY - 1, style: .plain.bolded())
        return cursor
    }

    /// The keys in force on `scope`, each with what it does, then `notes` (keys that are not
    /// bindings, such as those that edit a text field). In two columns when one does not fit.
    static func help(for scope: KeyScope, into screen: inout Screen, keymap: Keymap, language l: Language,
                     notes: [(key: String, text: String)] = []) {
        let entries = keymap.effective(in: scope).map { (key: $0.key.name, text: $0.action.label(l) + " — " + $0.action.explanation(l)) } + notes
        let height = min(screen.height - 2, entries.count + 4)
        let width = min(screen.width - 4, 76)
        let inner = screen.box(Rect(x: (screen.width - width) / 2, y: 1, width: width, height: height), title: l.pick("按键说明", "Keys"))
        // One column while it fits above the hint; else two, filled evenly.
        let room = max(1, inner.height - 1)
        let columns = entries.count > room ? 2 : 1
        let rows = columns == 1 ? room : min(room - 1, (entries.count + 1) / 2)
        let columnWidth = inner.width / columns
        for (i, entry) in entries.prefix(rows * columns).enumerated() {
            let x = inner.x + (i / rows) * columnWidth, y = inner.y + i % rows
            screen.put(DisplayWidth.pad(entry.key, toWidth: 10), x: x, y: y, style: Palette.barKey)
            screen.put(DisplayWidth.truncate(entry.text, toWidth: columnWidth - 10 - (columns - 1)), x: x + 10, y: y)
        }
        let hint = scope == .desk ? l.pick("其他可打印字符直接输入查找框。Esc 关闭", "Other printable keys type into the search box. Esc closes")
                                  : l.pick("Esc 关闭", "Esc closes")
        screen.put(hint, x: inner.x, y: inner.maxY - 1, style: Palette.dimmed)
    }
}
