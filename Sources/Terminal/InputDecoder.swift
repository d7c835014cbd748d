// Turning what wget_wch returns into Keys. Kept apart from the ncurses calls so the decoding,
// including paste coalescing, is tested without a terminal.

/// One result of wget_wch: a character, or a KEY_* code (arrows, function keys, resize).
enum RawInput: Equatable {
    case character(UInt32)
    case keyCode(Int32)
}

/// KEY_* codes of the running ncurses, passed in so this file needs no C module.
struct KeyCodes {
    var table: [Int32: Key]
    var firstFunction: Int32  // KEY_F(1); KEY_F(n) = KEY_F(0) + n in every ncurses
}

enum InputDecoder {
    /// The longest run of text one `.text` key carries; a larger paste arrives as several keys.
    static let maximumTextRun = 65_536

    /// The key for one raw input.
    static func key(for raw: RawInput, codes: KeyCodes) -> Key {
        switch raw {
        case .keyCode(let code):
            if let key = codes.table[code] { return key }
            let function = code - codes.firstFunction + 1
            if (1...12).contains(function) { return .function(Int(function)) }
            return .unknown(Int(code))
        case .character(let value):
            return key(forCharacter: value)
        }
    }

    /// The key for a plain character: Enter, Esc, Backspace, Tab, C-a…C-z, or printable text.
    static func key(forCharacter value: UInt32) -> Key {
        switch value {
        case 13, 10: return .enter  // nonl() gives CR; LF also arrives from some pastes and C-j
        case 27: return .escape     // Alt+x arrives as Esc then x: two keys, by design
        case 127, 8: return .backspace
        case 9: return .tab
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + value))))
        default:
            if let scalar = printableScalar(value) { return .text(String(Character(scalar))) }
            return .unknown(Int(value))
        }
    }

    /// The scalar for `value` when it may go into text (anything but a control), else nil.
    static func printableScalar(_ value: UInt32) -> Unicode.Scalar? {
        guard let scalar = Unicode.Scalar(value), !DisplayWidth.isControl(scalar) else { return nil }
        return scalar
    }

    /// After a printable character, gathers the printable characters that are already waiting
    /// into one `.text`, so a pasted 10,000-character name is one key, not 10,000 redraws.
    /// `next` returns waiting input without blocking; the first input that is not text is
    /// returned as `leftover` so the caller can deliver it next, never swallowed.
    static func coalesce(_ first: String, next: () -> RawInput?) -> (key: Key, leftover: RawInput?) {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: first.unicodeScalars)
        var count = scalars.count
        while count < maximumTextRun, let raw = next() {
            guard case .character(let value) = raw, let scalar = printableScalar(value) else {
                return (.text(String(scalars)), raw)
            }
            scalars.append(scalar)
            count += 1
        }
        return (.text(String(scalars)), nil)
    }
}
