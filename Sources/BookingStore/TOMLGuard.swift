import BookingCore

/// Refuses the TOML that the bundled toml++ parser cannot survive, before it sees it.
///
/// toml++ (inside TOMLKit) asserts, rather than reports, in two places: a table header that
/// does not start with a key (`[ @x]`, `[[😀]]`, `[` then the end of the line), and an array
/// holding a `}` or a Unicode line separator (U+2028, U+2029, U+0085) where a value should be.
/// A debug build aborts there, and a release build assumes it cannot happen (undefined
/// behaviour). Found by the fuzz test of setup files (Tests/SlotdeskTests/FuzzTests.swift).
/// This scan follows strings, comments and brackets just far enough to see those, and reports
/// them with their line instead.
enum TOMLGuard {
    static func unsafeHeader(in text: String) -> SetupProblem? {
        enum Quote { case none, basic, literal, multiBasic, multiLiteral }
        var quote = Quote.none
        var open: [Unicode.Scalar] = []
        // Lines split on the scalar LF: as Characters, CRLF is one grapheme and would hide the
        // line after it from the header check.
        for (index, line) in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let chars = Array(line)
            if quote == .basic || quote == .literal { quote = .none }
            if quote == .none && open.isEmpty, let problem = headerProblem(chars) {
                return SetupProblem(line: index + 1, field: "syntax", reason: problem)
            }
            var i = 0
            func at(_ offset: Int) -> Unicode.Scalar? { i + offset < chars.count ? chars[i + offset] : nil }
            func triple(_ q: Unicode.Scalar) -> Bool { at(0) == q && at(1) == q && at(2) == q }
            while i < chars.count {
                let c = chars[i]
                switch quote {
                case .multiBasic:
                    if c == "\\" { i += 2; continue }
                    if triple("\"") { quote = .none; i += 3; continue }
                case .multiLiteral:
                    if triple("'") { quote = .none; i += 3; continue }
                case .basic:
                    if c == "\\" { i += 2; continue }
                    if c == "\"" { quote = .none }
                case .literal:
                    if c == "'" { quote = .none }
                case .none:
                    if c == "#" { i = chars.count; continue }
                    if triple("\"") { quote = .multiBasic; i += 3; continue }
                    if triple("'") { quote = .multiLiteral; i += 3; continue }
                    switch c {
                    case "\"": quote = .basic
                    case "'": quote = .literal
                    case "[", "{": open.append(c)
                    case "]": if !open.isEmpty { open.removeLast() }
                    case "}":
                        if open.last == "[" { return SetupProblem(line: index + 1, field: "syntax", reason: .braceInArray) }
                        if !open.isEmpty { open.removeLast() }
                    case "\u{2028}", "\u{2029}", "\u{85}":
                        return SetupProblem(line: index + 1, field: "syntax", reason: .lineSeparator(c.escaped(asASCII: true)))
                    default: break
                    }
                }
                i += 1
            }
        }
        return nil
    }

    /// For a line at statement level: a `[` or `[[` header must go on with a key.
    static func headerProblem(_ chars: [Unicode.Scalar]) -> SetupProblem.Reason? {
        var i = 0
        while i < chars.count && (chars[i] == " " || chars[i] == "\t") { i += 1 }
        guard i < chars.count, chars[i] == "[" else { return nil }
        i += 1
        if i < chars.count && chars[i] == "[" { i += 1 }
        while i < chars.count && (chars[i] == " " || chars[i] == "\t") { i += 1 }
        guard i < chars.count else { return .headerWithoutName }
        let c = chars[i]
        let startsKey = c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-") || c == "\"" || c == "'" || c == "]"
        return startsKey ? nil : .headerStartsWith(c.escaped(asASCII: true))
    }
}
