// The in-memory cell grid (ratatui's Buffer): widgets draw here, the backend copies it to the
// terminal, tests read it back as lines of text. Every coordinate is checked, so drawing off the
// edge or onto a zero-size screen clips instead of crashing.

/// A grid of cells that screens render into, independent of any terminal.
public struct Screen: Sendable, Hashable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]

    /// A blank grid; negative sizes become zero.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The whole grid as a rectangle.
    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; a blank cell when outside the grid.
    public subscript(x x: Int, y y: Int) -> Cell {
        guard let index = index(x, y) else { return .blank }
        return cells[index]
    }

    /// The style at column `x`, row `y`; the plain style when outside the grid.
    public func styleAt(x: Int, y: Int) -> Style {
        self[x: x, y: y].style
    }

    /// Draws `text` on row `y` from column `x` and returns the number of columns it wrote on the
    /// grid. Stops at the right edge and after `maxWidth` columns; a wide character that would
    /// be cut there becomes a space. Control characters and zero-width clusters draw nothing.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .init(), maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, width > 0 else { return 0 }
        var end = width
        if let maxWidth {
            guard maxWidth > 0 else { return 0 }
            // Compare before adding so huge or very negative values cannot overflow.
            let (room, overflow) = width.subtractingReportingOverflow(x)
            if overflow || maxWidth < room { end = x + maxWidth }
        }
        guard x < end else { return 0 }
        var column = x
        var written = 0
        for character in text {
            let columns = DisplayWidth.width(of: character)
            if columns == 0 { continue }
            if column + columns > end {
                // Half a glyph would be drawn: show a space in the one column that is left.
                if column < end, column >= 0 {
                    setCell(.space(style), x: column, y: y)
                    written += 1
                }
                break
            }
            if column >= 0 {
                if columns == 2 {
                    setWide(String(character), style: style, x: column, y: y)
                } else {
                    setCell(Cell(symbol: String(character), style: style), x: column, y: y)
                }
                written += columns
            } else if column + columns > 0 {
                // A wide character hanging over the left edge: only its right half is on the grid.
                setCell(.space(style), x: 0, y: y)
                written += 1
            }
            column += columns
        }
        return written
    }

    /// Fills `rect` (clipped to the grid) with `char` in `style`. A wide `char` that does not fit
    /// the last column leaves a space there; a control or zero-width `char` fills with spaces.
    public mutating func fill(rect: Rect, char: Character = " ", style: Style = .init()) {
        let area = rect.intersection(self.area)
        guard !area.isEmpty else { return }
        let columns = DisplayWidth.width(of: char)
        let unit = columns == 0 ? " " : String(char)
        let row = String(repeating: unit, count: columns == 2 ? (area.width + 1) / 2 : area.width)
        for y in area.y..<area.maxY {
            put(row, x: area.x, y: y, style: style, maxWidth: area.width)
        }
    }

    /// Makes every cell a blank in the default style.
    public mutating func clear() {
        for index in cells.indices { cells[index] = .blank }
    }

    /// The same grid with every colour removed and attributes kept: what NO_COLOR shows.
    public func withoutColors() -> Screen {
        var copy = self
        for index in copy.cells.indices { copy.cells[index].style = copy.cells[index].style.withoutColors }
        return copy
    }

    /// Row `y` as plain text: continuation cells add nothing, trailing spaces are trimmed.
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var text = ""
        for x in 0..<width { text += cells[y * width + x].symbol }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Every row as plain text, top to bottom, for tests that assert whole screen lines.
    public func lines() -> [String] {
        (0..<height).map { line($0) }
    }

    // MARK: - Writing single cells

    /// Replaces the symbol of the one-column cell at (x, y), keeping its style.
    mutating func setSymbol(_ symbol: String, x: Int, y: Int) {
        guard let index = index(x, y), cells[index].width == 1 else { return }
        cells[index].symbol = symbol
    }

    private func index(_ x: Int, _ y: Int) -> Int? {
        guard x >= 0, x < width, y >= 0, y < height else { return nil }
        return y * width + x
    }

    /// Writes a one-column cell, first blanking the other half of any wide character it cuts.
    private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        guard let index = index(x, y) else { return }
        breakWideCharacter(at: x, y: y)
        cells[index] = cell
    }

    /// Writes a wide character at `x` and its continuation at `x + 1` (the caller checked both fit).
    private mutating func setWide(_ symbol: String, style: Style, x: Int, y: Int) {
        guard let index = index(x, y), self.index(x + 1, y) != nil else { return }
        breakWideCharacter(at: x, y: y)
        breakWideCharacter(at: x + 1, y: y)
        cells[index] = Cell(symbol: symbol, style: style)
        cells[index + 1] = .continuation(style)
    }

    /// Before column `x` is overwritten: if it is half of a wide character, turn the other half
    /// into a space so no half glyph is left behind.
    private mutating func breakWideCharacter(at x: Int, y: Int) {
        guard let index = index(x, y) else { return }
        if cells[index].isContinuation, x > 0 {
            cells[index - 1] = .space(cells[index - 1].style)
        }
        if x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1] = .space(cells[index + 1].style)
        }
    }
}
