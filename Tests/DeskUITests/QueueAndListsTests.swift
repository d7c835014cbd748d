import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal
import Testing

/// The desk's waitlist and to-notify panes, and the nurse's call-queue screen, as a person reads them.
@Suite("Waitlist, to-notify and call queue on screen")
struct QueueAndListsTests {
    @Test("F12 shows the department's waitlist; with a seat free now, F5 names the slot and asks; Enter books that slot")
    func waitlistPane() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.function(12))
        #expect(desk.app.state.lowerPane == .waitlist)
        #expect(desk.row(containing: "> 候补 心内科") != nil)
        let before = try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true)).count
        desk.press(.function(5))
        // 王建国 has free seats this week: the box names the first one and books nothing yet.
        #expect(desk.lines.contains { $0.contains("有空位：预约这个时段？") })
        let seat = try #require(desk.row(containing: "│ 空位："))
        #expect(desk.lines[seat].contains("D001@2026-11-26T08"), "\(desk.lines[seat])")
        #expect(try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true)).count == before)
        #expect(try desk.store.waitlist(all: true).filter { $0.patientID == Bai.id }.isEmpty)
        desk.press(.enter)
        let booked = try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true))
        #expect(booked.map(\.slotLabel).contains("D001@2026-11-26T08"))
        #expect(booked.count == before + 1)
        #expect(try desk.store.waitlist(all: true).filter { $0.patientID == Bai.id }.isEmpty)
        #expect(desk.messageLine.contains("D001@2026-11-26T08"), "\(desk.messageLine)")
    }

    @Test("with no seat free in the week, F5 on the waitlist pane and Enter put the chosen patient on it")
    func waitlistWhenFull() throws {
        let desk = try DeskFixture { store in
            // Fill every public seat of 王建国's week.
            let digits = Array("甲乙丙丁戊己庚辛壬癸")
            var n = 0
            for slot in try store.slots(SlotFilter(from: deskNow.date, to: deskNow.date.adding(days: 6), resource: "D001")) where !slot.started {
                for _ in 0..<slot.available {
                    n += 1
                    let p = try store.registerPatient(PatientInput(name: "满" + String(digits[n / 10 % 10]) + String(digits[n % 10]), documentType: .passport, documentNumber: "F\(100000 + n)"), by: tester)
                    _ = try store.book(BookingRequest(patient: .id(p.id), slot: .id(slot.id)), by: tester)
                }
            }
        }
        desk.choosePatient(Bai.query)
        desk.press(.function(12), .function(5))
        #expect(desk.lines.contains { $0.contains("加入候补") })
        desk.press(.enter)
        let entries = try desk.store.waitlist(all: true).filter { $0.patientID == Bai.id }
        #expect(entries.map(\.status) == ["waiting"])
        #expect(desk.messageLine.contains("已加入候补"))
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

    @Test("at 80×24 the call queue's heading says which of how many waiting patients show when not all fit")
    func callQueueCountsHiddenRows() throws {
        let digits = Array("甲乙丙丁戊己庚辛壬癸")
        var busiest: SlotView?
        let desk = try DeskFixture(width: 80, height: 24) { store in
            // The hour of tomorrow with the most seats free, filled with checked-in patients.
            let slot = try #require(try store.slots(SlotFilter(from: tomorrow, to: tomorrow)).filter { $0.hour >= 8 }.max { $0.available < $1.available })
            busiest = slot
            let morning = store.with(clock: FixedClock(LocalDateTime(date: tomorrow, hour: slot.hour).adding(minutes: -30)))
            for n in 1...slot.available {
                let p = try registerPassportHolder("候" + String(digits[n / 10]) + String(digits[n % 10]), number: "Q\(300000 + n)", in: store)
                _ = try morning.checkIn(appointment: try book(p.id, slot.resource, tomorrow, slot.hour, in: store).id, by: tester)
            }
        }
        let slot = try #require(busiest)
        desk.press(.function(4), .function(4), .function(4))
        #expect(desk.app.active == .queue)
        for _ in 0..<60 where desk.app.queue.resource?.code != slot.resource { desk.press(.up) }
        for _ in 0..<60 where desk.app.queue.resource?.code != slot.resource { desk.press(.down) }
        desk.press(.pageDown)
        for _ in 0..<24 where desk.app.queue.hour != slot.hour { desk.press(desk.app.queue.hour < slot.hour ? .right : .left) }
        let waiting = try #require(desk.app.queue.queue?.waiting.count)
        let shownRows = desk.lines.filter { $0.contains(#/^  \d+\.  /#) }.count
        #expect(waiting > shownRows && shownRows > 0, "\(desk.lines.joined(separator: "\n"))")
        #expect(desk.lines.contains { $0.hasPrefix(" 候诊（\(waiting) 人，显示1–\(shownRows)/\(waiting)）") }, "\(desk.lines.joined(separator: "\n"))")
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
