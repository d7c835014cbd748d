import Foundation

// Text from the database, a file or a command-line argument can hold control characters: an
// escape sequence printed raw would be obeyed by the clerk's terminal (clear the screen, retitle
// the window, fake a line). Everything the command line prints passes through here (issue,
// part 7: hostile input).

/// `text` with every control character except new line and tab shown as `?`.
func printable(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.map { isUnsafe($0) ? "?" : $0 }))
}

private func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t"
}

/// JSON text with DEL and the C1 controls (which JSONEncoder leaves raw) escaped as `\u00XX`:
/// the same JSON value, and nothing a terminal would obey.
func terminalSafeJSON(_ json: String) -> String {
    guard json.unicodeScalars.contains(where: { (0x7F...0x9F).contains($0.value) }) else { return json }
    var out = ""
    for scalar in json.unicodeScalars {
        if (0x7F...0x9F).contains(scalar.value) { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
    }
    return out
}

/// The command line's `print`: as Swift's, through `printable`. Declared in this module, it is
/// the one every command's `print(…)` calls.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(printable(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}
