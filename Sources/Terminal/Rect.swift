// Rectangles of cells that widgets draw into; a widget never needs to know the terminal size.

/// A rectangle of cells: left column, top row, width and height (never negative).
public struct Rect: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// A rectangle; negative sizes are clamped to zero.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The empty rectangle at the origin.
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    /// One past the rightmost column.
    public var maxX: Int { x + width }
    /// One past the bottom row.
    public var maxY: Int { y + height }
    /// True when the rectangle has no cells.
    public var isEmpty: Bool { width == 0 || height == 0 }

    public var description: String { "Rect(x: \(x), y: \(y), width: \(width), height: \(height))" }

    /// Whether the cell at column `x`, row `y` lies inside.
    public func contains(x column: Int, y row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }

    /// The part of both rectangles (empty, at this origin, when they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// The rectangle shrunk by `amount` on every side (a box's inside is `inset(1)`).
    public func inset(_ amount: Int) -> Rect {
        inset(horizontal: amount, vertical: amount)
    }

    /// The rectangle shrunk by `horizontal` columns left and right and `vertical` rows top
    /// and bottom; it never gets a negative size.
    public func inset(horizontal: Int, vertical: Int) -> Rect {
        let newWidth = max(0, width - 2 * horizontal)
        let newHeight = max(0, height - 2 * vertical)
        return Rect(x: x + min(horizontal, width / 2), y: y + min(vertical, height / 2),
                    width: newWidth, height: newHeight)
    }

    /// The top `rows` rows and what is left below them.
    public func splitTop(_ rows: Int) -> (top: Rect, rest: Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: taken),
                Rect(x: x, y: y + taken, width: width, height: height - taken))
    }

    /// The bottom `rows` rows and what is left above them.
    public func splitBottom(_ rows: Int) -> (rest: Rect, bottom: Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - taken),
                Rect(x: x, y: maxY - taken, width: width, height: taken))
    }

    /// The left `columns` columns and what is left to their right.
    public func splitLeft(_ columns: Int) -> (left: Rect, rest: Rect) {
        let taken = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: taken, height: height),
                Rect(x: x + taken, y: y, width: width - taken, height: height))
    }

    /// The right `columns` columns and what is left to their left.
    public func splitRight(_ columns: Int) -> (rest: Rect, right: Rect) {
        let taken = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: width - taken, height: height),
                Rect(x: maxX - taken, y: y, width: taken, height: height))
    }

    /// Stacks rows of the given lengths top to bottom; `.fill` rows share what the fixed ones
    /// leave. Fixed lengths are cut when the space runs out, so the pieces always fit.
    public func splitRows(_ lengths: [Length]) -> [Rect] {
        Length.distribute(lengths, over: height).map { offset, size in
            Rect(x: x, y: y + offset, width: width, height: size)
        }
    }

    /// Lays columns of the given lengths left to right, like `splitRows`.
    public func splitColumns(_ lengths: [Length]) -> [Rect] {
        Length.distribute(lengths, over: width).map { offset, size in
            Rect(x: x + offset, y: y, width: size, height: height)
        }
    }
}

/// How long one piece of a split is: a fixed number of cells, or a share of the rest.
public enum Length: Sendable, Hashable {
    case fixed(Int)
    case fill

    /// Offsets and sizes for `lengths` laid along `total` cells.
    static func distribute(_ lengths: [Length], over total: Int) -> [(offset: Int, size: Int)] {
        var remaining = max(0, total)
        var sizes = lengths.map { length -> Int in
            guard case .fixed(let wanted) = length else { return 0 }
            let size = min(max(0, wanted), remaining)
            remaining -= size
            return size
        }
        let fillIndices = lengths.indices.filter { lengths[$0] == .fill }
        if !fillIndices.isEmpty {
            let share = remaining / fillIndices.count
            var extra = remaining % fillIndices.count
            for index in fillIndices {
                sizes[index] = share + (extra > 0 ? 1 : 0)
                if extra > 0 { extra -= 1 }
            }
        }
        var offset = 0
        return sizes.map { size in
            defer { offset += size }
            return (offset, size)
        }
    }
}
