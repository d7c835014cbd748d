import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("Generating slots into the database (rule 12)")
struct SlotGenerationTests {
    func slotCount(_ h: Hospital) throws -> Int { try h.count("SELECT count(*) FROM slot") }

    /// Resource, hour, capacity and reserved of every slot on a day.
    func shape(_ h: Hospital, _ date: String, store: Store? = nil) throws -> Set<String> {
        Set(try (store ?? h.store).slots(SlotFilter(from: day(date))).map { "\($0.resource)@\($0.hour) \($0.capacity)/\($0.reserved)" })
    }

    @Test("generating the same fortnight twice creates and updates nothing the second time")
    func idempotent() throws {
        try withDemoHospital(days: 0) { h throws in
            let first = try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-12-08"), by: Hospital.admin)
            #expect(first.created > 1000)
            #expect(first.created == (try slotCount(h)))
            #expect(first.updated == 0 && first.removed == 0 && first.conflicts.isEmpty)
            let audit = try h.auditRows()

            let second = try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-12-08"), by: Hospital.admin)
            #expect(second.created == 0)
            #expect(second.updated == 0)
            #expect(second.removed == 0)
            #expect(second.unchanged == first.created)
            #expect(try slotCount(h) == first.created)
            #expect(try h.auditRows() == audit)
        }
    }

    @Test("a long range is written four weeks per transaction, each with its audit record; the counts add up to one run's")
    func chunked() throws {
        try withDemoHospital(days: 0) { h throws in
            let audit = try h.auditRows()
            var seen: [(Int, Int)] = []
            let report = try h.store.generateSlots(from: day("2026-11-25"), to: day("2027-01-31"), by: Hospital.admin) { seen.append(($0, $1)) }
            #expect(seen.map(\.0) == [28, 56, 68] && seen.allSatisfy { $0.1 == 68 })
            #expect(report.created == (try slotCount(h)))
            #expect(report.from == day("2026-11-25") && report.to == day("2027-01-31"))
            let records = try h.rawDatabase().read { db in
                try String.fetchAll(db, sql: "SELECT after FROM audit WHERE action = 'slots.generate' ORDER BY id")
            }
            let written = try h.auditRows()
            #expect(records.count == 3 && written == audit + 3, "\(records)")
            #expect(records.first?.hasPrefix("2026-11-25..2026-12-22:") == true, "\(records)")
            // A dry run over the same range reads it whole and changes nothing.
            let dry = try h.store.generateSlots(from: day("2026-11-25"), to: day("2027-01-31"), dryRun: true, by: Hospital.admin)
            #expect(dry.unchanged == report.created && dry.created == 0)
        }
    }

    @Test("Dr Wang's Thursday morning gives four hourly slots of four seats, one reserved; theatres get no hourly slots")
    func demoNumbers() throws {
        try withDemoHospital { h throws in
            let wang = try h.store.slots(SlotFilter(from: day("2026-11-26"), resource: "D001"))
            #expect(wang.map(\.hour) == [8, 9, 10, 11])
            #expect(wang.allSatisfy { $0.capacity == 4 && $0.reserved == 1 && $0.booked == 0 && $0.calendarKnown })
            #expect(try h.store.slots(SlotFilter(from: day("2026-11-25"), to: day("2026-12-08"), department: "DSC")).isEmpty)
            #expect(try h.store.slots(SlotFilter(from: day("2026-11-27"), resource: "D001")).isEmpty)  // Fridays off
        }
    }

    @Test("no slots on the National Day holidays; Saturday 10 October runs Wednesday's sessions, not Saturday's")
    func holidaysAndMakeUpDay() throws {
        try withDemoHospital(now: "2026-09-28T08:00", days: 0) { h throws in
            let report = try h.store.generateSlots(from: day("2026-09-28"), to: day("2026-10-17"), by: Hospital.admin)
            #expect(report.withoutCalendar == 0)
            for holiday in 1...7 {
                #expect(try h.store.slots(SlotFilter(from: day("2026-10-0\(holiday)"))).isEmpty, "2026-10-0\(holiday)")
            }
            #expect(try !h.store.slots(SlotFilter(from: day("2026-09-30"))).isEmpty)
            let makeUp = try shape(h, "2026-10-10")
            #expect(!makeUp.isEmpty)
            #expect(makeUp == (try shape(h, "2026-10-14")))  // an ordinary Wednesday
            #expect(makeUp != (try shape(h, "2026-10-17")))  // an ordinary Saturday
            #expect(try h.store.slots(SlotFilter(from: day("2026-10-10"), resource: "D002")).count == 7)  // Wednesday 08–12 and 14–17
            #expect(try h.store.slots(SlotFilter(from: day("2026-10-10"), resource: "D003")).isEmpty)  // his Saturday clinic does not run
        }
    }

    @Test("2027's schedule is not published: its slots are generated as ordinary weeks and flagged")
    func unknownYear() throws {
        try withDemoHospital(now: "2026-12-28T08:00", days: 0) { h throws in
            let report = try h.store.generateSlots(from: day("2026-12-28"), to: day("2027-01-03"), by: Hospital.admin)
            let newYear = try h.store.slots(SlotFilter(from: day("2027-01-01"), to: day("2027-01-03")))
            let december = try h.store.slots(SlotFilter(from: day("2026-12-28"), to: day("2026-12-31")))
            #expect(!newYear.isEmpty)  // 1 January 2027 is not a holiday until the State Council says so
            #expect(newYear.allSatisfy { !$0.calendarKnown })
            #expect(december.allSatisfy { $0.calendarKnown })
            #expect(report.withoutCalendar == newYear.count)
        }
    }

    @Test("days before today are skipped and never touched")
    func pastDays() throws {
        try withDemoHospital(days: 0) { h throws in
            let report = try h.store.generateSlots(from: day("2026-11-20"), to: day("2026-11-26"), by: Hospital.admin)
            #expect(report.pastDaysSkipped == 5)
            #expect(try h.store.slots(SlotFilter(from: day("2026-11-20"), to: day("2026-11-24"))).isEmpty)
            #expect(try !h.store.slots(SlotFilter(from: day("2026-11-25"))).isEmpty)
            let allPast = try h.store.generateSlots(from: day("2026-11-01"), to: day("2026-11-10"), by: Hospital.admin)
            #expect(allPast.pastDaysSkipped == 10)
            #expect(allPast.created == 0)
            guard case .invalidInput = refusal({ try h.store.generateSlots(from: day("2026-12-10"), to: day("2026-12-01"), by: Hospital.admin) }) else {
                Issue.record("a backwards range was accepted")
                return
            }
        }
    }

    @Test("a dry run reports what it would create and stores nothing")
    func dryRun() throws {
        try withDemoHospital(days: 0) { h throws in
            let report = try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-11-26"), dryRun: true, by: Hospital.admin)
            #expect(report.created > 0)
            #expect(report.dryRun)
            #expect(try slotCount(h) == 0)
        }
    }

    static func demo(thursdayCapacity capacity: Int) throws -> HospitalSetup {
        var setup = try DemoHospital.setup()
        let i = try #require(setup.sessions.firstIndex { $0.resource == "D001" && $0.weekdays == [4] })
        setup.sessions[i].capacity = capacity
        return setup
    }

    @Test("a slot holding a booking is not shrunk when the session's capacity drops (a conflict is reported), but grows when raised")
    func shrinkAndGrow() throws {
        try withDemoHospital { h throws in
            let p = try h.patient("张三", 1)
            _ = try h.book(p, "D001@2026-11-26T09")
            _ = try h.store.applySetup(Self.demo(thursdayCapacity: 3), by: Hospital.admin)
            let shrink = try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-12-08"), by: Hospital.admin)
            #expect(shrink.conflicts.count == 1)
            #expect(shrink.conflicts.first?.hasPrefix("D001@2026-11-26T09") == true)
            #expect(try h.slotView("D001@2026-11-26T09").capacity == 4)
            #expect(try h.slotView("D001@2026-11-26T10").capacity == 3)  // no booking: follows the session
            #expect(try h.slotView("D001@2026-12-03T09").capacity == 3)
            #expect(shrink.updated == 7)

            _ = try h.store.applySetup(Self.demo(thursdayCapacity: 6), by: Hospital.admin)
            let grow = try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-12-08"), by: Hospital.admin)
            #expect(grow.conflicts.isEmpty)
            #expect(try h.slotView("D001@2026-11-26T09").capacity == 6)
            #expect(try h.slotView("D001@2026-11-26T09").booked == 1)
            #expect(grow.updated == 8)
        }
    }

    @Test("when a session is dropped: empty slots go, a slot with only cancelled bookings is withdrawn, a booked slot stays")
    func droppedSession() throws {
        try withDemoHospital { h throws in
            let a = try h.patient("张三", 1), b = try h.patient("李四", 2)
            let cancelled = try h.book(a, "D001@2026-11-26T09")
            _ = try h.store.cancel(appointment: cancelled.id, by: Hospital.desk)
            _ = try h.book(b, "D001@2026-11-26T10")
            var setup = try DemoHospital.setup()
            setup.sessions.removeAll { $0.resource == "D001" && $0.weekdays == [4] }
            _ = try h.store.applySetup(setup, by: Hospital.admin)
            let report = try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-12-08"), by: Hospital.admin)
            #expect(report.removed == 7)  // 4 on 3 December, T08 and T11 deleted, T09 withdrawn
            #expect(report.conflicts.count == 1)
            #expect(report.conflicts.first?.hasPrefix("D001@2026-11-26T10") == true)
            #expect(try h.store.slots(SlotFilter(from: day("2026-11-26"), resource: "D001")).map(\.hour) == [10])
            #expect(try h.count("SELECT count(*) FROM slot WHERE withdrawn = 1") == 1)
            // The cancelled appointment keeps its slot row; nobody can book the withdrawn slot.
            #expect(try h.store.appointment(cancelled.id).status == .cancelled)
            #expect(refusal { try h.book(b, "D001@2026-11-26T09") } == .notFound(kind: "slot", key: "D001@2026-11-26T09"))
        }
    }
}
