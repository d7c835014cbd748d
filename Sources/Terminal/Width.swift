// Terminal column widths of text, measured per grapheme cluster; never String.count.

/// Where padding goes when text is narrower than its column.
public enum TextAlignment: Sendable, Hashable {
    case left, right, center
}

/// Widths of characters and strings in terminal columns (CJK and emoji take two).
public enum DisplayWidth {
    /// The ellipsis used by `truncate` unless told otherwise.
    public static let defaultEllipsis = "…"

    /// Columns one grapheme cluster takes: 2 for wide/fullwidth and emoji, 0 for marks,
    /// zero-width and control characters, 1 for everything else.
    public static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if isControl(first) { return 0 }
        if first.value < 0x7F && scalars.count == 1 { return 1 }
        var widest = 0
        var emojiPresentation = false
        for scalar in scalars {
            if scalar.value == 0xFE0F { emojiPresentation = true }
            widest = max(widest, width(of: scalar))
        }
        // A text-style symbol followed by VS16 (❤️, ☎️, 1️⃣) is drawn as a two-column emoji.
        if widest == 1 && emojiPresentation && first.properties.isEmoji { return 2 }
        // A pair of regional indicators is a flag, drawn two columns wide.
        if widest == 1 && scalars.count >= 2 && (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
        return widest
    }

    /// Columns a single code point takes, outside of any cluster.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value >= 0x20 && value < 0x7F { return 1 }
        if isControl(scalar) { return 0 }
        if value < 0x300 { return 1 }  // Latin-1 and Latin Extended, soft hyphen included
        if WideTable.contains(value, in: WideTable.ranges) { return 2 }
        if WideTable.contains(value, in: WideTable.combiningJamo) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return 0  // combining accents, variation selectors (VS1–VS256)
        case .format:
            // ZWJ, ZWNJ, zero-width space, bidi controls, BOM: invisible, unless glibc draws them.
            return WideTable.contains(value, in: WideTable.visibleFormat) ? 1 : 0
        default:
            return 1
        }
    }

    /// Columns a string takes when drawn on one line (control characters count 0).
    public static func width(of text: String) -> Int {
        // Most labels are plain ASCII; skip grapheme breaking for them.
        var asciiColumns = 0
        var allPrintableASCII = true
        for byte in text.utf8 {
            if byte >= 0x20 && byte < 0x7F {
                asciiColumns += 1
            } else {
                allPrintableASCII = false
                break
            }
        }
        if allPrintableASCII { return asciiColumns }
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    /// Whether a code point is a control character that must never reach the terminal raw:
    /// C0 (including \n, \t, ESC), DEL, C1, and the Unicode line/paragraph separators.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }

    /// Whether a grapheme cluster starts with a control character (a CR LF pair is one cluster).
    public static func isControl(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        return isControl(first)
    }

    /// The longest prefix of `text` that fits in `limit` columns, ending in `ellipsis` when
    /// anything was cut. Never splits a wide character; the result is at most `limit` wide.
    /// When even the ellipsis does not fit, the text is cut without one.
    public static func truncate(_ text: String, toWidth limit: Int, ellipsis: String = defaultEllipsis) -> String {
        guard limit > 0 else { return "" }
        if width(of: text) <= limit { return text }
        let ellipsisWidth = width(of: ellipsis)
        if ellipsisWidth > limit { return prefix(text, fitting: limit) }
        return prefix(text, fitting: limit - ellipsisWidth) + ellipsis
    }

    /// `text` with spaces added to make it `targetWidth` columns wide. Text that is already as
    /// wide or wider comes back unchanged; use `fit` to also cut it.
    public static func pad(_ text: String, toWidth targetWidth: Int, alignment: TextAlignment = .left) -> String {
        let missing = targetWidth - width(of: text)
        guard missing > 0 else { return text }
        switch alignment {
        case .left:
            return text + String(repeating: " ", count: missing)
        case .right:
            return String(repeating: " ", count: missing) + text
        case .center:
            let before = missing / 2
            return String(repeating: " ", count: before) + text + String(repeating: " ", count: missing - before)
        }
    }

    /// Exactly `targetWidth` columns: truncated with an ellipsis when too wide, padded when
    /// too narrow. The usual thing for a table cell.
    public static func fit(_ text: String, toWidth targetWidth: Int, alignment: TextAlignment = .left,
                           ellipsis: String = defaultEllipsis) -> String {
        let cut = truncate(text, toWidth: targetWidth, ellipsis: ellipsis)
        // A wide character dropped at the edge can leave the cut one column short.
        return pad(cut, toWidth: targetWidth, alignment: alignment)
    }

    /// The longest prefix of whole grapheme clusters at most `limit` columns wide.
    public static func prefix(_ text: String, fitting limit: Int) -> String {
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let columns = width(of: text[index])
            if used + columns > limit { break }
            used += columns
            end = text.index(after: index)
        }
        return String(text[..<end])
    }
}
