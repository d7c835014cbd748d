import Testing
import Terminal

@Suite("MemoryTerminal")
struct MemoryTerminalTests {
    @Test("keys come out in the order they were fed, then nil")
    func keyQueue() {
        let terminal = MemoryTerminal()
        terminal.feed(.function(2), .text("张三"), .enter)
        terminal.feed([.escape])
        #expect(terminal.pendingKeyCount == 4)
        #expect(terminal.nextKey(timeoutMilliseconds: 100) == .function(2))
        #expect(terminal.nextKey(timeoutMilliseconds: 100) == .text("张三"))
        #expect(terminal.nextKey(timeoutMilliseconds: 100) == .enter)
        #expect(terminal.nextKey(timeoutMilliseconds: 100) == .escape)
        #expect(terminal.nextKey(timeoutMilliseconds: 100) == nil)
        #expect(terminal.pendingKeyCount == 0)
    }

    @Test("resizing queues a resize key and changes the size")
    func resize() {
        let terminal = MemoryTerminal(width: 100, height: 30)
        #expect(terminal.size == (100, 30))
        terminal.resize(width: 40, height: 10)
        #expect(terminal.size == (40, 10))
        terminal.size = (40, 10)  // no change, no event
        #expect(terminal.nextKey(timeoutMilliseconds: 0) == .resize)
        #expect(terminal.nextKey(timeoutMilliseconds: 0) == nil)
    }

    @Test("the last presented screen and cursor stay readable")
    func present() {
        let terminal = MemoryTerminal(width: 10, height: 2)
        #expect(terminal.lastScreen == nil)
        #expect(terminal.lastLines == [])
        var screen = Screen(width: 10, height: 2)
        screen.put("预约 OK", x: 0, y: 1, style: Style(foreground: .green, bold: true))
        terminal.present(screen, cursor: (x: 3, y: 1))
        #expect(terminal.lastLines == ["", "预约 OK"])
        #expect(terminal.lastCursor?.x == 3 && terminal.lastCursor?.y == 1)
        #expect(terminal.lastScreen?.styleAt(x: 0, y: 1).foreground == .green)
        terminal.present(screen, cursor: nil)
        #expect(terminal.lastCursor == nil)
        #expect(terminal.presentCount == 2)
    }

    @Test("without colours the screen keeps bold and reverse but drops colours, as NO_COLOR does")
    func monochrome() {
        let terminal = MemoryTerminal(width: 4, height: 1, colorsEnabled: false)
        var screen = Screen(width: 4, height: 1)
        screen.put("满", x: 0, y: 0, style: Style(foreground: .red, background: .white, reverse: true))
        terminal.present(screen, cursor: nil)
        #expect(terminal.lastScreen?.styleAt(x: 0, y: 0) == Style(reverse: true))
        #expect(terminal.lastLines == ["满"])
    }

    @Test("a long stream of keys is served without keeping every consumed key")
    func longStream() {
        let terminal = MemoryTerminal()
        terminal.feed(Array(repeating: Key.down, count: 5000) + [.enter])
        var downs = 0
        while let key = terminal.nextKey(timeoutMilliseconds: 0), key == .down { downs += 1 }
        #expect(downs == 5000)
        #expect(terminal.pendingKeyCount == 0)
    }

    @Test("a backend can be used through the protocol")
    func throughProtocol() {
        let backend: any TerminalBackend = MemoryTerminal(width: 20, height: 5, colorsEnabled: false)
        #expect(backend.size.width == 20)
        #expect(!backend.colorsEnabled)
        #expect(backend.nextKey(timeoutMilliseconds: 0) == nil)
    }
}
