/// Text staff type in their own words: reasons, notes, a referring doctor's name. Trimmed,
/// bounded, and free of control characters — an escape sequence in a reason would reach every
/// terminal that lists it and every audit record that quotes it. Lengths count Unicode scalars,
/// as the schema's `length()` CHECKs do (a letter with a combining accent is two).
public enum FreeText {
    /// One line of 1…`limit` characters.
    public static func line(_ text: String, field: String, limit: Int) throws(BookingError) -> String {
        let trimmed = text.trimmingWhitespace()
        guard (1...limit).contains(trimmed.unicodeScalars.count) else { throw BookingError.invalidInput(field: field, problem: .characters(1...limit)) }
        guard !trimmed.unicodeScalars.contains(where: isControl) else {
            throw BookingError.invalidInput(field: field, problem: .oneLine)
        }
        return trimmed
    }

    /// 1…`limit` characters over several lines: line feeds (and CRLF) are kept, other control
    /// characters are refused.
    public static func lines(_ text: String, field: String, limit: Int) throws(BookingError) -> String {
        let trimmed = text.trimmingWhitespace().replacingOccurrences(of: "\r\n", with: "\n")
        guard (1...limit).contains(trimmed.unicodeScalars.count) else { throw BookingError.invalidInput(field: field, problem: .characters(1...limit)) }
        guard !trimmed.unicodeScalars.contains(where: { $0 != "\n" && isControl($0) }) else {
            throw BookingError.invalidInput(field: field, problem: .controlCharactersBesidesLineBreaks)
        }
        return trimmed
    }

    /// An optional reason: nil or blank gives nil, anything else must be a proper line.
    public static func optionalLine(_ text: String?, field: String, limit: Int) throws(BookingError) -> String? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        return try line(text, field: field, limit: limit)
    }

    /// C0 and C1 controls and DEL, the line and paragraph separators, and the bidirectional
    /// embeddings, overrides and isolates, which make a list show text in another order than
    /// it was typed.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
            || ("\u{202A}"..."\u{202E}").contains(scalar) || ("\u{2066}"..."\u{2069}").contains(scalar)
    }
}
