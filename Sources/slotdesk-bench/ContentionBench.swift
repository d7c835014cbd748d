import BookingCore
import BookingStore
import Foundation
import GRDB

/// What the database says after several processes booked at once.
struct Verification {
    /// Slots holding more seats than their capacity (rule 1): must be 0.
    var overCapacity = 0
    /// Slots whose public bookings took reserved seats before release (rule 1): must be 0.
    var reservedTaken = 0
    /// Slots whose seat counts disagree with their appointment rows: must be 0.
    var countMismatch = 0
    /// Patients with two live appointments in one department on one day (rule 5): must be 0.
    var duplicates = 0
    /// Bookings a worker reported that the database does not hold as booked: must be 0.
    var reportedMissing = 0
    /// Appointments in the database that no worker reported: must be 0.
    var unreported = 0
    /// Seats held in the slots under test.
    var seatsHeld = 0

    var passed: Bool { overCapacity + reservedTaken + countMismatch + duplicates + reportedMissing + unreported == 0 }

    static func check(path: String, now: LocalDateTime, reported: [Int64], slots: [Int64]) throws -> Verification {
        // Other connections may be closing (the windows' stores, checkpointing as they go): wait for them.
        var config = Configuration()
        config.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            var v = Verification()
            v.overCapacity = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM slot WHERE public_used + reserved_used > capacity + added OR reserved_used > reserved
                """) ?? 0
            // Before release (slot start − 48 h), public seats are capacity − reserved at most.
            for row in try Row.fetchAll(db, sql: """
                SELECT s.date, s.hour, s.capacity, s.added, s.reserved, s.public_used, d.release_lead_hours
                FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
                WHERE s.public_used > s.capacity + s.added - s.reserved
                """) {
                guard let date = LocalDate(row["date"] as String) else { continue }
                let release = LocalDateTime(date: date, hour: row["hour"]).adding(minutes: -60 * (row["release_lead_hours"] as Int))
                if now < release { v.reservedTaken += 1 }
            }
            v.countMismatch = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM slot s
                WHERE s.public_used <> (SELECT count(*) FROM appointment a WHERE a.slot_id = s.id AND a.status <> 'cancelled' AND a.pool = 'public')
                   OR s.reserved_used <> (SELECT count(*) FROM appointment a WHERE a.slot_id = s.id AND a.status <> 'cancelled' AND a.pool = 'reserved')
                """) ?? 0
            v.duplicates = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT 1 FROM appointment WHERE status IN ('booked', 'checked_in')
                                      GROUP BY patient_id, department_id, date HAVING count(*) > 1)
                """) ?? 0
            let held = Set(try Int64.fetchAll(db, sql: "SELECT id FROM appointment WHERE status = 'booked'"))
            let reportedSet = Set(reported)
            v.reportedMissing = reportedSet.subtracting(held).count + (reported.count - reportedSet.count)
            v.unreported = held.subtracting(reportedSet).count
            let wanted = Set(slots)
            v.seatsHeld = try Row.fetchAll(db, sql: "SELECT id, public_used + reserved_used AS held FROM slot")
                .filter { wanted.contains($0["id"]) }.reduce(0) { $0 + ($1["held"] as Int) }
            return v
        }
    }

    var json: [(String, JSON)] {
        [("over_capacity_slots", .int(overCapacity)), ("reserved_taken_by_public", .int(reservedTaken)),
         ("seat_count_mismatches", .int(countMismatch)), ("duplicate_live_bookings", .int(duplicates)),
         ("reported_not_in_db", .int(reportedMissing)), ("in_db_not_reported", .int(unreported)), ("passed", .bool(passed))]
    }
}

enum ContentionBench {
    /// Monday 23 November 2026, 07:30.
    static let now = LocalDateTime(date: LocalDate(year: 2026, month: 11, day: 23)!, hour: 7, minute: 30)

    /// Part 2: 8 processes booking the same 50 hot slots (capacity 20, 2 of them reserved for
    /// the alliance) and random slots of the week at once; every 8th attempt is an alliance
    /// booking from the referral office; patients come back up to three times, so some are
    /// refused as duplicates.
    static func contended(folder: String, workers: Int, attemptsPerWorker: Int) throws -> (MultiProcessResult, Verification, hot: Int) {
        let path = folder + "/contended.db"
        let today = now.date
        let setup = try Fixtures.hospital(departments: 10, perDepartment: 5, sessions: Fixtures.everyDay, capacity: 20, reserved: 2)
        let store = try Fixtures.makeStore(at: path, now: now, setup: setup, slots: today...today.adding(days: 7))
        let total = workers * attemptsPerWorker
        let patients = try Fixtures.insertPatients(path: path, count: max(1, total / 3), today: today)
        let slots = try store.slots(SlotFilter(from: today, to: today.adding(days: 7))).filter { !$0.started }
        // The hot slots: the first department's five clinics, every hour, on Thursday (not yet released).
        let hotDay = today.adding(days: 3)
        let hot = slots.filter { $0.department == "D01" && $0.date == hotDay }.map(\.id)
        guard hot.count == 50 else { throw BenchError("expected 50 hot slots, found \(hot.count)") }
        let hotSet = Set(hot)
        var plan = WorkerPlan(mode: .contended, database: path, now: now, folder: folder + "/contended", workers: workers,
                              attemptsPerWorker: attemptsPerWorker, hot: hot, other: slots.map(\.id).filter { !hotSet.contains($0) },
                              patients: patients)
        plan.hotPercent = 50
        plan.allianceEvery = 8
        let result = try MultiProcess.run(plan)
        let verification = try Verification.check(path: path, now: now, reported: result.booked, slots: hot)
        return (result, verification, hot.count)
    }

    /// Part 3: the 08:00 release of a popular department's new day — 500 seats (50 slots of 10),
    /// 20,000 attempts by 8 processes, each attempt a different patient trying a slot still shown open.
    static func releaseRush(folder: String, workers: Int, attempts: Int, seats: Int) throws -> (MultiProcessResult, Verification, seats: Int) {
        let path = folder + "/rush.db"
        let at8 = LocalDateTime(date: now.date, hour: 8)
        let releasedDay = at8.date.adding(days: 7)
        let clinics = max(1, seats / 100)
        let setup = try Fixtures.hospital(departments: 1, perDepartment: clinics, sessions: Fixtures.everyDay, capacity: 10, reserved: 0)
        let store = try Fixtures.makeStore(at: path, now: at8, setup: setup, slots: releasedDay...releasedDay)
        let patients = try Fixtures.insertPatients(path: path, count: attempts, today: at8.date)
        let released = try store.slots(SlotFilter(from: releasedDay)).map(\.id)
        let offered = released.count * 10
        let plan = WorkerPlan(mode: .rush, database: path, now: at8, folder: folder + "/rush", workers: workers,
                              attemptsPerWorker: attempts / workers, hot: released, other: [], patients: patients)
        let result = try MultiProcess.run(plan)
        let verification = try Verification.check(path: path, now: at8, reported: result.booked, slots: released)
        return (result, verification, offered)
    }
}
