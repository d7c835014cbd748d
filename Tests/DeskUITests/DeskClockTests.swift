import BookingCore
import BookingStore
@testable import DeskUI
import Foundation
import Terminal
import Testing

// The seconds the desk counts for itself (idle lock, a message's age, polling) come from a
// clock the test moves on, apart from the hospital's clock: nobody waits for a minute to pass.

@Suite("The desk's own clock: idle lock and a message's age, moved on by the test")
struct DeskClockTests {
    @Test("the screen locks after five idle minutes by the desk's clock, not a second before; a key starts the wait again")
    func idleLock() throws {
        let desk = try DeskFixture(idleLock: 300)
        desk.stopwatch.advance(by: 299)
        #expect(!desk.app.lockIfIdle())
        desk.press(.down)
        desk.stopwatch.advance(by: 299)
        #expect(!desk.app.lockIfIdle() && !desk.app.isSignedOut)
        desk.stopwatch.advance(by: 1)
        #expect(desk.app.lockIfIdle())
        desk.app.draw()
        #expect(desk.app.isSignedOut)
        #expect(desk.lines.contains { $0.contains("屏幕已锁定") })
    }

    @Test("without an idle lock the screen never locks itself, however long nobody types")
    func noIdleLock() throws {
        let desk = try DeskFixture()
        desk.stopwatch.advance(by: 86_400)
        #expect(!desk.app.lockIfIdle() && !desk.app.isSignedOut)
    }

    @Test("a notice left behind the sign-in box gets its whole minute once the operator is in, however long the box stayed")
    func noticeWaitsForTheSignIn() throws {
        let folder = TemporaryFolder()
        let path = folder.path + "/desk.db"
        try DemoTemplate.copy(to: path)
        let store = try Store.create(path: path, training: true, now: deskNow)
        if try !store.hasOperators() { _ = try store.installDemoOperators(by: tester) }
        let terminal = MemoryTerminal(width: 120, height: 36)
        let stopwatch = Stopwatch()
        let notice = DeskMessage(text: "按键设置有 1 处错误（已用默认）", kind: .error)
        let app = DeskApp(backend: terminal, store: store, keymap: KeymapFiles.defaults().0, actor: Operator(name: "-", terminal: "-", roles: []),
                          language: .zh, startupMessage: notice, signIn: true, clock: { stopwatch.seconds })
        // Nobody signs in for five minutes.
        stopwatch.advance(by: 300)
        app.poll()
        for c in "desk1" { app.press(.text(String(c))) }
        app.press(.tab)
        for c in "demo-desk1" { app.press(.text(String(c))) }
        app.press(.enter)
        app.poll()
        app.draw()
        #expect(!app.isSignedOut)
        #expect(terminal.lastLines[34] == " " + notice.text)
        stopwatch.advance(by: 59)
        app.poll()
        app.draw()
        #expect(terminal.lastLines[34] == " " + notice.text)
        stopwatch.advance(by: 1)
        app.poll()
        app.draw()
        #expect(terminal.lastLines[34].trimmingCharacters(in: .whitespaces).isEmpty)
    }
}
