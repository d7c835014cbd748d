// One cell of the grid. A wide character owns two cells: its own, holding the grapheme, and a
// continuation cell to its right holding nothing, so that columns stay columns.

/// What one terminal cell shows: a grapheme cluster and its style, or the right half of a wide character.
public struct Cell: Sendable, Hashable {
    /// The grapheme drawn here; empty for the continuation half of a wide character.
    public internal(set) var symbol: String
    public internal(set) var style: Style

    init(symbol: String, style: Style) {
        self.symbol = symbol
        self.style = style
    }

    /// An empty cell: a space in the default style.
    public static let blank = Cell(symbol: " ", style: .plain)

    /// A space in `style`.
    static func space(_ style: Style) -> Cell { Cell(symbol: " ", style: style) }

    /// The right half of a wide character.
    static func continuation(_ style: Style) -> Cell { Cell(symbol: "", style: style) }

    /// True for the right half of a wide character, which the terminal draws as part of its left half.
    public var isContinuation: Bool { symbol.isEmpty }

    /// Columns this cell's symbol covers: 2 for a wide character, 0 for a continuation, else 1.
    public var width: Int { isContinuation ? 0 : DisplayWidth.width(of: symbol) }
}
