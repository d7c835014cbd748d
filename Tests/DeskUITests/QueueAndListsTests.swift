import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal
import Testing

/// The desk's waitlist and to-notify panes, and the nurse's call-queue screen, as a person reads them.
@Suite("Waitlist, to-notify and call queue on screen")
struct QueueAndListsTests {
    @Test("F12 shows the department's waitlist; F5 and Enter put the chosen patient on it")
    func waitlistPane() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.function(12))
        #expect(desk.app.state.lowerPane == .waitlist)
        #expect(desk.row(containing: "> 候补 心内科") != nil)
        desk.press(.function(5))
        #expect(desk.lines.contains { $0.contains("加入候补") })
        desk.press(.enter)
        let entries = try desk.store.waitlist(all: true).filter { $0.patientID == Bai.id }
        #expect(entries.count == 1)
        // Seats were free, so the entry was booked at once and the desk says so; else it waits.
        if entries[0].status == "booked" {
            #expect(desk.messageLine.contains("有空位，已直接预约"))
        } else {
            #expect(desk.messageLine.contains("已加入候补"))
            #expect(desk.row(containing: Bai.name) != nil)
        }
    }

    @Test("after a stop-clinic the to-notify pane lists each patient with the slot offered; F5 and Enter book it")
    func notifyPane() throws {
        let desk = try DeskFixture()
        let report = try desk.store.stopSession(resource: "D002", date: LocalDate("2026-11-27")!, reason: "医生外出会诊", by: tester)
        #expect(!report.patients.isEmpty)
        desk.app.poll()
        desk.press(.function(12), .function(12))
        #expect(desk.app.state.lowerPane == .notify)
        let first = try #require(desk.app.state.notifications.first)
        let row = try #require(desk.row(containing: first.patientName))
        #expect(desk.lines[row].contains("停诊") && desk.lines[row].contains("可改约"))
        desk.press(.function(5))
        #expect(desk.lines.contains { $0.contains("改约到所提供时段") })
        desk.press(.enter)
        let after = try #require(try desk.store.notifications(all: true).first { $0.id == first.id })
        #expect(after.rebookedAppointmentID != nil)
        #expect(desk.messageLine.contains("已改约：\(first.patientName)"))
        // Enter marks the call made: it leaves the open list.
        desk.press(.enter)
        #expect(try desk.store.notifications().contains { $0.id == first.id } == false)
    }

    @Test("the call-queue screen calls, skips and finishes in the order of class and check-in; every terminal sees it")
    func callQueueScreen() throws {
        let desk = try DeskFixture()
        let elderly = try desk.store.registerPatient(PatientInput(name: "周老伯", documentType: .resident,
                                                                  documentNumber: "110105194501010014"), by: tester)
        let young = try desk.store.registerPatient(PatientInput(name: "吴小青", documentType: .resident,
                                                                documentNumber: "110105199501010025"), by: tester)
        let a = try book(young.id, "D001", tomorrow, 10, in: desk.store)
        let b = try book(elderly.id, "D001", tomorrow, 10, in: desk.store)
        let morning = desk.store.with(clock: FixedClock(LocalDateTime("2026-11-26T09:40")!))
        _ = try morning.checkIn(appointment: a.id, by: tester)
        _ = try morning.with(clock: FixedClock(LocalDateTime("2026-11-26T09:45")!)).checkIn(appointment: b.id, by: tester)
        desk.press(.function(4), .function(4), .function(4))
        #expect(desk.app.active == .queue)
        for _ in 0..<40 where desk.app.queue.resource?.code != "D001" { desk.press(.up) }
        desk.press(.pageDown)
        for _ in 0..<24 where desk.app.queue.hour != 10 { desk.press(desk.app.queue.hour < 10 ? .right : .left) }
        #expect(desk.app.queue.queue?.waiting.map(\.patientName) == ["周老伯", "吴小青"])
        let first = try #require(desk.row(containing: "1.  周 老 伯"))
        #expect(desk.lines[first].contains("[优先]"))
        desk.press(.function(5))
        #expect(desk.lines.contains { $0.contains("请  周 老 伯  就诊") })
        desk.press(.function(7))
        #expect(desk.app.queue.queue?.called == nil)
        desk.press(.function(5))
        #expect(desk.lines.contains { $0.contains("请  吴 小 青  就诊") })
        desk.press(.function(8))
        #expect(try desk.store.appointment(a.id).status == .completed)
        // A second terminal on the same file reads the same queue.
        let other = try Store.create(path: desk.folder.path + "/desk.db", training: true, now: deskNow)
        #expect(try other.callQueue(.at(resource: "D001", date: tomorrow, hour: 10)).waiting.map(\.patientName) == ["周老伯"])
    }
}
