// How a cell looks. Colour is an extra, never the only signal: renderers pair it with a symbol
// or an attribute, because NO_COLOR and monochrome terminals drop colours but keep attributes.

/// One of the sixteen ANSI terminal colours.
public enum TerminalColor: Int, Sendable, Hashable, CaseIterable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite

    /// The colour number among the eight basic ones (0–7), ignoring brightness.
    public var baseIndex: Int { rawValue % 8 }

    /// Whether this is one of the bright variants (numbers 8–15 on 16-colour terminals).
    public var isBright: Bool { rawValue >= 8 }
}

/// Foreground, background and text attributes of a cell; nil colours mean the terminal default.
public struct Style: Sendable, Hashable {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(foreground: TerminalColor? = nil, background: TerminalColor? = nil,
                bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// The terminal's default look.
    public static let plain = Style()

    /// The same style with colours removed and attributes kept: what a monochrome terminal or
    /// NO_COLOR shows, so a highlighted row stays highlighted by its reverse/bold.
    public var withoutColors: Style {
        var copy = self
        copy.foreground = nil
        copy.background = nil
        return copy
    }

    /// A copy with bold switched on.
    public func bolded() -> Style { var copy = self; copy.bold = true; return copy }

    /// A copy with reverse video switched on.
    public func reversed() -> Style { var copy = self; copy.reverse = true; return copy }

    /// A copy with underline switched on.
    public func underlined() -> Style { var copy = self; copy.underline = true; return copy }

    /// A copy with dim switched on.
    public func dimmed() -> Style { var copy = self; copy.dim = true; return copy }
}
