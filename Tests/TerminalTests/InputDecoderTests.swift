import Testing
@testable import Terminal

@Suite("Decoding terminal input")
struct InputDecoderTests {
    static let codes = KeyCodes(table: [0o403: .up, 0o632: .resize, 0o541: .backTab], firstFunction: 0o411)  // KEY_F(1)

    @Test("plain characters become Enter, Esc, Backspace, Tab, control keys or text")
    func characters() {
        #expect(InputDecoder.key(forCharacter: 13) == .enter)
        #expect(InputDecoder.key(forCharacter: 10) == .enter)
        #expect(InputDecoder.key(forCharacter: 27) == .escape)
        #expect(InputDecoder.key(forCharacter: 127) == .backspace)
        #expect(InputDecoder.key(forCharacter: 8) == .backspace)
        #expect(InputDecoder.key(forCharacter: 9) == .tab)
        #expect(InputDecoder.key(forCharacter: 1) == .control("a"))
        #expect(InputDecoder.key(forCharacter: 3) == .control("c"))
        #expect(InputDecoder.key(forCharacter: 26) == .control("z"))
        #expect(InputDecoder.key(forCharacter: 0x5F20) == .text("张"))
        #expect(InputDecoder.key(forCharacter: 0x41) == .text("A"))
        #expect(InputDecoder.key(forCharacter: 0) == .unknown(0))
        #expect(InputDecoder.key(forCharacter: 0x9B) == .unknown(0x9B))    // C1 CSI never becomes text
        #expect(InputDecoder.key(forCharacter: 0xD800) == .unknown(0xD800)) // a lone surrogate
    }

    @Test("key codes become arrows, function keys and resize")
    func keyCodes() {
        #expect(InputDecoder.key(for: .keyCode(0o403), codes: Self.codes) == .up)
        #expect(InputDecoder.key(for: .keyCode(0o632), codes: Self.codes) == .resize)
        #expect(InputDecoder.key(for: .keyCode(0o411), codes: Self.codes) == .function(1))
        #expect(InputDecoder.key(for: .keyCode(0o414), codes: Self.codes) == .function(4))
        #expect(InputDecoder.key(for: .keyCode(0o424), codes: Self.codes) == .function(12))
        #expect(InputDecoder.key(for: .keyCode(0o425), codes: Self.codes) == .unknown(0o425))
        #expect(InputDecoder.key(for: .character(13), codes: Self.codes) == .enter)
    }

    @Test("a paste is gathered into one text key, and the key after it is kept, not swallowed")
    func coalescePaste() {
        var waiting: [RawInput] = "李四 Li Si".unicodeScalars.dropFirst().map { .character($0.value) }
            + [.character(13), .character(0x41)]
        let (key, leftover) = InputDecoder.coalesce("李") { waiting.isEmpty ? nil : waiting.removeFirst() }
        #expect(key == .text("李四 Li Si"))
        #expect(leftover == .character(13))
        #expect(waiting == [.character(0x41)])
    }

    @Test("a 10,000-character paste becomes one key quickly")
    func bigPaste() {
        var remaining = 9_999
        let clock = ContinuousClock()
        var result: (key: Key, leftover: RawInput?) = (.text(""), nil)
        let elapsed = clock.measure {
            result = InputDecoder.coalesce("张") {
                guard remaining > 0 else { return nil }
                remaining -= 1
                return .character(0x4E09)
            }
        }
        guard case .text(let text) = result.key else {
            Issue.record("expected text, got \(result.key)")
            return
        }
        #expect(text.count == 10_000)
        #expect(result.leftover == nil)
        #expect(elapsed < .seconds(1))
    }

    @Test("arrow keys and function keys inside a paste stop the text run")
    func keyCodeStopsRun() {
        var waiting: [RawInput] = [.character(0x62), .keyCode(0o403), .character(0x63)]
        let (key, leftover) = InputDecoder.coalesce("a") { waiting.isEmpty ? nil : waiting.removeFirst() }
        #expect(key == .text("ab"))
        #expect(leftover == .keyCode(0o403))
    }
}
