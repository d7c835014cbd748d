import BookingCore
import BookingStore
import DeskUI
import Terminal
import Testing

// Two registration windows on one database: what one books, the other shows at its next poll.

@Suite("Live sync")
struct LiveSyncTests {
    @Test("a booking made at one desk appears on another desk's day list and grid when it polls")
    func secondDeskSeesTheBooking() throws {
        let first = try DeskFixture()
        let second = try DeskFixture(folder: first.folder)
        second.goToGrid(day: 1)
        second.app.poll()
        second.app.draw()
        #expect(second.lines[11] == row((0, "  妇产科"), (24, "  当日名单 2026-11-26 周四  王建国  (3)")))
        #expect(second.cells(row: 6, from: 42, width: 3) == "  4")

        first.choosePatient(Bai.query)
        first.press(.right, .function(5), .enter)
        let id = try #require(first.app.state.dayList.first { $0.patientID == Bai.id }?.id)

        // Until it polls, the second desk shows what it last read.
        second.app.draw()
        #expect(second.lines[11].hasSuffix("(3)"))
        second.app.poll()
        second.app.draw()
        #expect(second.lines[11] == row((0, "  妇产科"), (24, "  当日名单 2026-11-26 周四  王建国  (4)")))
        #expect(second.lines[12] == row((0, "  儿科"), (24, " \(id)"), (31, "08:00"), (37, "白国琪"), (51, "已预约"), (59, "优先")))
        #expect(second.cells(row: 6, from: 42, width: 3) == "  3")
        #expect(second.lines[0].hasSuffix("[已同步]"))
        // The second desk keeps its own place: its cursor is still in the grid, on tomorrow.
        #expect(second.app.state.focus == .grid)
        #expect(second.app.state.selectedDate == tomorrow)
    }

    @Test("an idle desk's poll asks for no redraw; one after another desk's booking does")
    func idlePollDrawsNothing() throws {
        let first = try DeskFixture()
        let second = try DeskFixture(folder: first.folder)
        #expect(second.app.poll() == false)
        #expect(second.app.poll() == false)
        first.choosePatient(Bai.query)
        first.press(.right, .function(5), .enter)
        #expect(second.app.poll() == true)
        #expect(second.app.poll() == false)
    }

    @Test("a cancellation made by another process (the command line) shows at the desk's next poll; the poll after finds nothing new")
    func anotherProcessesChange() throws {
        let desk = try DeskFixture()
        desk.goToGrid(day: 1)
        #expect(desk.app.poll() == false)
        let binary = try #require(Binary.slotdesk, "the slotdesk executable is not next to the tests")
        let cancelled = try run([binary, "cancel", "200", "--db", desk.folder.path + "/desk.db", "--now", deskNow.description, "--lang", "en"])
        #expect(cancelled.status == 0, "\(cancelled.stderr)")
        #expect(desk.app.poll() == true)
        desk.app.draw()
        #expect(desk.cells(row: 12, from: 24, width: 33) == " 200   10:00 孙宇          已取消")
        #expect(desk.lines[11].hasSuffix("(2)"))
        #expect(desk.app.poll() == false)
    }

    @Test("a desk's own booking moves the mark too: the next poll reads again once, then nothing")
    func ownChange() throws {
        let desk = try DeskFixture()
        #expect(desk.app.poll() == false)
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5), .enter)
        #expect(desk.app.poll() == true)
        #expect(desk.app.poll() == false)
    }

    @Test("a cancellation at one desk frees the seat on the other")
    func secondDeskSeesTheCancellation() throws {
        let first = try DeskFixture()
        let second = try DeskFixture(folder: first.folder)
        second.goToGrid(day: 1)
        _ = try first.store.cancel(appointment: 200, by: tester)
        second.app.poll()
        second.app.draw()
        #expect(second.cells(row: 12, from: 24, width: 33) == " 200   10:00 孙宇          已取消")
        #expect(second.lines[11].hasSuffix("(2)"))
        #expect(second.cells(row: 8, from: 42, width: 3) == "  4")
    }

    @Test("a booking made elsewhere while help, a question or the form covers the desk shows once it is closed",
          arguments: [("help", [Key.function(1)], Key.escape), ("the registration form", [.function(3)], .escape),
                      ("a booking question", [.function(2), .text("x"), .text("y"), .enter, .enter, .function(5)], .escape)])
    func changesWhileCovered(cover: String, open: [Key], close: Key) throws {
        let first = try DeskFixture()
        let second = try DeskFixture(folder: first.folder)
        second.goToGrid(day: 1)
        second.press(open)
        #expect(second.app.state.scope != .desk, "\(cover) is open")

        first.choosePatient(Bai.query)
        first.press(.right, .function(5), .enter)
        #expect(first.messageLine.hasPrefix(" 已预约 "))

        second.app.poll()
        second.press(close)
        #expect(second.app.state.scope == .desk)
        // The change was taken in while the cover was up: it shows as soon as the cover closes.
        let shown = second.lines.contains { $0.contains("08:00 白国琪") }
        #expect(shown, "\(cover): the day list still reads \(second.lines[11])")
        // And it stays through the next poll and a move away and back.
        second.app.poll()
        second.press(.left, .right)
        #expect(second.lines.contains { $0.contains("08:00 白国琪") })
    }
}
