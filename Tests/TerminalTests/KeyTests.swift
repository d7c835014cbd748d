import Testing
import Terminal

@Suite("Key names")
struct KeyTests {
    static let allNames = ["Enter", "Esc", "Tab", "BackTab", "Backspace", "Delete", "Insert", "Home", "End",
                           "PgUp", "PgDown", "Up", "Down", "Left", "Right", "Space"]
        + (1...12).map { "F\($0)" }
        + "abcdefgklnopqrstuvwxyz".map { "C-\($0)" }
        + ["a", "Z", "/", "?", "+", "-", "=", ":", "[", "中"]

    @Test("every keymap name parses and prints back the same", arguments: allNames)
    func roundTrip(name: String) throws {
        let key = try #require(Key(name: name))
        #expect(key.name == name)
        #expect(Key(name: key.name) == key)
    }

    @Test("names map to the keys the terminal delivers")
    func meanings() {
        #expect(Key(name: "F2") == .function(2))
        #expect(Key(name: "F12") == .function(12))
        #expect(Key(name: "C-x") == .control("x"))
        #expect(Key(name: "C-X") == .control("x"))
        #expect(Key(name: "Space") == .text(" "))
        #expect(Key(name: "/") == .text("/"))
        #expect(Key(name: "PgDown") == .pageDown)
        #expect(Key(name: "Esc") == .escape)
        // The terminal sends the same byte for these control keys as for Tab, Enter, Backspace.
        #expect(Key(name: "C-i") == .tab)
        #expect(Key(name: "C-m") == .enter)
        #expect(Key(name: "C-h") == .backspace)
    }

    @Test("anything else is not a key name", arguments: [
        "", "F0", "F13", "F01", "F+1", "f1", "C-", "C-1", "C-ab", "ab", "Escape", "PageUp", " ", "\t", "\u{1B}",
        "Resize", "C-中", "\u{301}",
    ])
    func rejects(name: String) {
        #expect(Key(name: name) == nil)
    }

    @Test("labels for the function-key bar are short")
    func labels() {
        #expect(Key.function(2).label == "F2")
        #expect(Key.control("x").label == "^X")
        #expect(Key.enter.label == "Enter")
        #expect(Key.pageDown.label == "PgDn")
        #expect(Key.backTab.label == "S-Tab")
        #expect(Key.text("/").label == "/")
        for name in Self.allNames {
            let label = Key(name: name)?.label ?? ""
            #expect(!label.isEmpty && DisplayWidth.width(of: label) <= 6, "\(name) -> \(label)")
        }
    }

    @Test("keys that cannot be bound still have a readable name")
    func unbindable() {
        #expect(Key.resize.name == "Resize")
        #expect(Key.unknown(410).name == "Unknown(410)")
        #expect(Key.text("张三").name == "张三")
        #expect(Key(name: Key.text("张三").name) == nil)
    }
}
