import BookingCore
@testable import BookingStore
import Foundation
import GRDB
import Testing

/// Counts, for each transaction the store commits, the appointments it changed.
private final class AppointmentsPerCommit: TransactionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var current = Set<Int64>()
    private var commits: [Int] = []

    var perCommit: [Int] { lock.withLock { commits } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { eventKind.tableName == "appointment" }
    func databaseDidChange(with event: DatabaseEvent) { lock.withLock { _ = current.insert(event.rowID) } }
    func databaseDidCommit(_ db: Database) { lock.withLock { commits.append(current.count); current = [] } }
    func databaseDidRollback(_ db: Database) { lock.withLock { current = [] } }
}

/// Issue 17, item 2: `setup apply` with a calendar that stops many booked days works in short
/// transactions, so a booking at a window waits for one of them at most.
@Suite("Setup apply in short transactions")
struct SetupChunkTests {
    /// Ten clinics running every day 08–12 with two seats, at 28 Dec 2026, slots into January
    /// generated before 2027's calendar, and every seat of New Year's Day booked: 80 patients.
    func withBookedNewYear<T>(_ body: (Hospital) throws -> T) throws -> T {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("newyear.db").path
            let store = try Store.create(path: path, training: true, now: at("2026-12-28T08:30"))
            var setup = smallSetup(capacity: 2)
            setup.resources = (1...10).map { .init(code: String(format: "R%02d", $0), department: "TEST", kind: .clinic, name: "门诊\($0)") }
            setup.sessions = setup.resources.map { .init(resource: $0.code, weekdays: [1, 2, 3, 4, 5, 6, 7], firstHour: 8, endHour: 12, capacity: 2, reserved: 0) }
            _ = try store.applySetup(setup, by: Hospital.admin)
            _ = try store.generateSlots(from: day("2026-12-28"), to: day("2027-01-10"), by: Hospital.admin)
            let h = Hospital(folder: folder, path: path, store: store)
            var patients = try h.patients(80)[...]
            for resource in setup.resources {
                for hour in 8..<12 {
                    for _ in 0..<2 { _ = try h.book(patients.removeFirst(), "\(resource.code)@2027-01-01T\(String(format: "%02d", hour))") }
                }
            }
            return try withExtendedLifetime(store) { try body(h) }
        }
    }

    /// 2027's calendar: New Year's Day to the 3rd are holidays.
    func calendar2027() -> HospitalSetup {
        var setup = HospitalSetup()
        setup.calendar = WorkCalendar(years: [2026, 2027], holidays: [day("2027-01-01"), day("2027-01-02"), day("2027-01-03")])
        return setup
    }

    func liveOnHolidays(_ h: Hospital) throws -> Int {
        try h.count("SELECT count(*) FROM appointment WHERE date BETWEEN '2027-01-01' AND '2027-01-03' AND status IN ('booked', 'checked_in')")
    }

    @Test("a calendar stopping 80 booked appointments commits them in several transactions of whole clinic days; the dry run reported the same")
    func holidayStopsInChunks() throws {
        try withBookedNewYear { h in
            #expect(try liveOnHolidays(h) == 80)
            let dry = try h.store.applySetup(calendar2027(), dryRun: true, by: Hospital.admin)
            #expect(try liveOnHolidays(h) == 80 && !(try h.store.calendarLoaded(year: 2027)), "a dry run changes nothing")

            let observer = AppointmentsPerCommit()
            h.store.pool.add(transactionObserver: observer, extent: .observerLifetime)
            let report = try h.store.applySetup(calendar2027(), by: Hospital.admin)
            let commits = observer.perCommit.filter { $0 > 0 }
            #expect(commits.reduce(0, +) == 80)
            #expect(commits.count >= 2, "\(commits)")
            // Whole clinic days of eight appointments, as many as fit in one step, one at least.
            #expect(commits.allSatisfy { $0 <= max(8, Store.holidayChunkAppointments) && $0 % 8 == 0 }, "\(commits)")

            #expect(report.stopped.count == 10 && report.stopped.allSatisfy { $0.patients.count == 8 })
            #expect(dry.stopped.map(\.resource) == report.stopped.map(\.resource))
            #expect(dry.stopped.map { $0.patients.map(\.cancelled.id) } == report.stopped.map { $0.patients.map(\.cancelled.id) })
            #expect(dry.stopped.map { $0.patients.map(\.slotLabel) } == report.stopped.map { $0.patients.map(\.slotLabel) },
                    "a dry run offers what the real run offers")
            #expect(try liveOnHolidays(h) == 0)
            #expect(try h.count("SELECT count(*) FROM notification WHERE kind = 'stop_clinic'") == 80)
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'session.stop'") == 10)
            #expect(try h.count("SELECT count(*) FROM slot WHERE date BETWEEN '2027-01-01' AND '2027-01-03' AND withdrawn = 0") == 0)
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'setup.apply' AND entity = 'slot' AND after = '80 free slots on holidays withdrawn'") == 1,
                    "the free slots of the 2nd and 3rd, with their own audit record")
            #expect(try h.store.healthCheck(by: Hospital.admin).healthy)
        }
    }

    @Test("a run killed after the calendar was written is completed by applying the file again")
    func rerunCompletes() throws {
        try withBookedNewYear { h in
            // What a killed run leaves: the calendar committed, no day stopped yet.
            try h.rawDatabase().write { db in
                try db.execute(sql: "INSERT INTO calendar_year (year) VALUES (2027)")
                for date in ["2027-01-01", "2027-01-02", "2027-01-03"] {
                    try db.execute(sql: "INSERT INTO calendar_day (date, kind) VALUES (?, 'holiday')", arguments: [date])
                }
            }
            #expect(try liveOnHolidays(h) == 80)
            let report = try h.store.applySetup(calendar2027(), by: Hospital.admin)
            #expect(report.created.values.allSatisfy { $0 == 0 } && report.updated.values.allSatisfy { $0 == 0 }, "the setup rows were in")
            #expect(report.stopped.count == 10)
            #expect(try liveOnHolidays(h) == 0)
            #expect(try h.count("SELECT count(*) FROM notification WHERE kind = 'stop_clinic'") == 80)
            #expect(try h.store.healthCheck(by: Hospital.admin).healthy)
        }
    }
}
