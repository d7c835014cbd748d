// Key events, and their names as written in keymap files ("F2", "C-x", "PgUp", "/").
// Names parse and print both ways so help screens, keymaps and tests share one vocabulary.

/// One key press (or a run of typed/pasted text) as the application sees it.
public enum Key: Sendable, Hashable {
    /// Printable input: one typed character, or several pasted/IME-committed ones at once.
    case text(String)
    /// F1–F12.
    case function(Int)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case insert, delete
    case enter, escape, backspace, tab, backTab
    /// Control plus a letter, `a`…`z` in lower case; C-i, C-m, C-j and C-h arrive as tab,
    /// enter and backspace instead, because the terminal sends the same bytes for them.
    case control(Character)
    /// The terminal changed size; read the backend's size and redraw.
    case resize
    /// A key code the terminal reported that SlotDesk has no name for.
    case unknown(Int)

    /// Named keys in the spelling keymap files use, each with its function-key-bar label.
    private static let namedKeys: [(key: Key, name: String, label: String)] = [
        (.enter, "Enter", "Enter"), (.escape, "Esc", "Esc"), (.tab, "Tab", "Tab"),
        (.backTab, "BackTab", "S-Tab"), (.backspace, "Backspace", "Bksp"),
        (.delete, "Delete", "Del"), (.insert, "Insert", "Ins"),
        (.home, "Home", "Home"), (.end, "End", "End"),
        (.pageUp, "PgUp", "PgUp"), (.pageDown, "PgDown", "PgDn"),
        (.up, "Up", "Up"), (.down, "Down", "Down"), (.left, "Left", "Left"), (.right, "Right", "Right"),
        (.text(" "), "Space", "Space"), (.resize, "Resize", "Resize"),
    ]

    /// Control letters that the terminal delivers as another key.
    private static let controlAliases: [Character: Key] = ["i": .tab, "m": .enter, "j": .enter, "h": .backspace]

    /// Parses a keymap name: "F1"…"F12", "Enter", "Esc", "Tab", "BackTab", "Backspace",
    /// "Delete", "Insert", "Home", "End", "PgUp", "PgDown", "Up", "Down", "Left", "Right",
    /// "Space", "C-x", or one printable character such as "a", "/", "?", "+". Nil otherwise.
    public init?(name: String) {
        if let named = Key.namedKeys.first(where: { $0.name == name }), named.key != .resize {
            self = named.key
            return
        }
        if name.hasPrefix("F"), let number = Int(name.dropFirst()), (1...12).contains(number),
           !name.dropFirst().hasPrefix("0"), !name.dropFirst().hasPrefix("+") {
            self = .function(number)
            return
        }
        if name.hasPrefix("C-"), name.count == 3, let letter = name.last, letter.isASCII, letter.isLetter {
            let lower = Character(letter.lowercased())
            self = Key.controlAliases[lower] ?? .control(lower)
            return
        }
        if name.count == 1, let character = name.first, Key.isPrintable(character), character != " " {
            self = .text(name)
            return
        }
        return nil
    }

    /// The canonical keymap name, which `Key(name:)` parses back to this key. Keys that cannot
    /// be bound (resize, unknown codes, multi-character text) get a descriptive name instead.
    public var name: String {
        if let named = Key.namedKeys.first(where: { $0.key == self }) { return named.name }
        switch self {
        case .function(let number): return "F\(number)"
        case .control(let letter): return "C-\(letter)"
        case .text(let text): return text
        case .unknown(let code): return "Unknown(\(code))"
        default: return "?"
        }
    }

    /// A short label for the function-key bar: "F2", "^X", "Enter", "PgDn".
    public var label: String {
        if let named = Key.namedKeys.first(where: { $0.key == self }) { return named.label }
        switch self {
        case .function(let number): return "F\(number)"
        case .control(let letter): return "^" + letter.uppercased()
        case .text(let text): return text
        default: return "?"
        }
    }

    /// Whether a grapheme can be shown and typed as text: not a control, not zero width.
    static func isPrintable(_ character: Character) -> Bool {
        !DisplayWidth.isControl(character) && DisplayWidth.width(of: character) > 0
    }
}

extension Key: CustomStringConvertible {
    public var description: String {
        switch self {
        case .text(let text) where text != " ": return "text(\(text.debugDescription))"
        default: return name
        }
    }
}
