// A terminal that lives in memory, for tests and benchmarks: keys come from a queue, and what
// was presented stays readable.

/// An in-memory TerminalBackend: feed it keys, read back the last presented screen.
public final class MemoryTerminal: TerminalBackend {
    /// Current size; changing it queues a `.resize` key, as a real terminal would.
    public var size: (width: Int, height: Int) {
        didSet {
            if size != oldValue { pendingKeys.append(.resize) }
        }
    }
    public var colorsEnabled: Bool
    /// How lines and blocks are shown: `.ascii` stands for a terminal without line drawing
    /// (TERM=vt100, LANG=C), and `lastScreen` then holds what that terminal shows.
    public var lineDrawing: LineDrawing
    /// The last screen passed to `present` (colours removed when `colorsEnabled` is false), nil before the first.
    public private(set) var lastScreen: Screen?
    /// The cursor passed with the last `present` (nil when hidden).
    public private(set) var lastCursor: (x: Int, y: Int)?
    /// How many times `present` was called.
    public private(set) var presentCount = 0
    private var pendingKeys: [Key] = []
    private var nextPending = 0

    public init(width: Int = 80, height: Int = 24, colorsEnabled: Bool = true, lineDrawing: LineDrawing = .unicode) {
        size = (width, height)
        self.colorsEnabled = colorsEnabled
        self.lineDrawing = lineDrawing
    }

    /// Queues keys to be returned by `nextKey`, in order.
    public func feed(_ keys: Key...) {
        feed(keys)
    }

    /// Queues keys to be returned by `nextKey`, in order.
    public func feed(_ keys: [Key]) {
        pendingKeys.append(contentsOf: keys)
    }

    /// Changes the size (and so queues `.resize` when it differs).
    public func resize(width: Int, height: Int) {
        size = (width, height)
    }

    /// Keys fed but not yet read.
    public var pendingKeyCount: Int { pendingKeys.count - nextPending }

    /// The last presented screen as plain text lines; empty before the first `present`.
    public var lastLines: [String] { lastScreen?.lines() ?? [] }

    public func present(_ screen: Screen, cursor: (x: Int, y: Int)?) {
        // Mirror the real backend: a monochrome terminal keeps attributes but loses colours.
        let shown = lineDrawing.shown(screen)
        lastScreen = colorsEnabled ? shown : shown.withoutColors()
        lastCursor = cursor
        presentCount += 1
    }

    /// The next queued key, immediately; nil when the queue is empty (there is nothing to wait for).
    public func nextKey(timeoutMilliseconds: Int) -> Key? {
        guard nextPending < pendingKeys.count else { return nil }
        let key = pendingKeys[nextPending]
        nextPending += 1
        // Drop consumed keys now and then so a long benchmark does not keep them all.
        if nextPending > 1024 {
            pendingKeys.removeFirst(nextPending)
            nextPending = 0
        }
        return key
    }
}
