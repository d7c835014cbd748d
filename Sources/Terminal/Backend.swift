// The seam between screens and the real terminal: the app loop talks only to this protocol,
// so the same loop runs against ncurses in production and MemoryTerminal in tests.

/// A place that shows a Screen and delivers keys: the real terminal or an in-memory one.
public protocol TerminalBackend: AnyObject {
    /// Current size in columns and rows.
    var size: (width: Int, height: Int) { get }
    /// Whether colours are shown; false under NO_COLOR or on a monochrome terminal, where only
    /// bold, dim, reverse and underline remain.
    var colorsEnabled: Bool { get }
    /// Draws the whole grid and puts the cursor at `cursor`, or hides it when nil.
    func present(_ screen: Screen, cursor: (x: Int, y: Int)?)
    /// The next key, waiting at most `timeoutMilliseconds` (negative waits forever); nil on timeout.
    func nextKey(timeoutMilliseconds: Int) -> Key?
}
