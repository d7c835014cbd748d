import BookingCore
import BookingStore
import Foundation
import GRDB

/// Parts 4 and 5: a hospital of 300 clinics with a year of slots, 200,000 patients and 500,000
/// appointments, as the front desk meets it on Wednesday 25 November 2026.
enum LargeHospital {
    /// Generation runs on New Year's Day, so the whole of 2026 is ahead of it.
    static let generationNow = LocalDateTime(date: LocalDate(year: 2026, month: 1, day: 1)!, hour: 0)
    /// The desk's clock: mid-morning, late in the year.
    static let deskNow = LocalDateTime(date: LocalDate(year: 2026, month: 11, day: 25)!, hour: 8, minute: 30)

    struct Built {
        var path: String
        var generateSeconds: Double
        var slots: Int
        var resources: Int
        var patients: Int
        var appointments: Int
        var fixtureSeconds: Double
    }

    /// Creates the database; only slot generation is timed (part 4).
    static func build(folder: String, resources: Int, patients: Int, appointments: Int) throws -> Built {
        let path = folder + "/large.db"
        let perDepartment = 15
        let departments = max(1, resources / perDepartment)
        let setup = try Fixtures.hospital(departments: departments, perDepartment: min(perDepartment, resources), sessions: Fixtures.outpatientWeek,
                                          capacity: 6, reserved: 1)
        let store = try Fixtures.makeStore(at: path, now: generationNow, setup: setup, slots: nil)
        let year = generationNow.date...LocalDate(year: 2026, month: 12, day: 31)!
        progress("generating one year of slots for \(setup.resources.count) clinics")
        var generateSeconds = 0.0
        let report = try timed(&generateSeconds) { try store.generateSlots(from: year.lowerBound, to: year.upperBound, by: benchAdmin) }
        progress("generated \(report.created) slots in \(String(format: "%.2f", generateSeconds)) s; writing \(patients) patients and \(appointments) appointments")
        var fixtureSeconds = 0.0
        let ids = try timed(&fixtureSeconds) { try Fixtures.insertPatients(path: path, count: patients, today: deskNow.date) }
        var appointmentSeconds = 0.0
        let written = try timed(&appointmentSeconds) { try insertAppointments(path: path, patients: ids, count: appointments) }
        // Leave the file as a long-running hospital's would be: checkpointed, statistics gathered by nobody.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        try queue.close()
        return Built(path: path, generateSeconds: generateSeconds, slots: report.created, resources: setup.resources.count,
                     patients: ids.count, appointments: written, fixtureSeconds: fixtureSeconds + appointmentSeconds)
    }

    struct SlotRecord {
        let id: Int64
        let day: Int
        let hour: Int
        let capacity: Int
        let reserved: Int
        let department: Int64
    }

    /// The coming week about half full with live bookings (one per patient, department and day,
    /// rule 5); the rest spread over the past year as completed, no-show and cancelled visits.
    static func insertAppointments(path: String, patients: [Int64], count: Int) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.write { db in
            var slots: [SlotRecord] = []
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT s.id, s.date, s.hour, s.capacity, s.reserved, r.department_id
                FROM slot s JOIN resource r ON r.id = s.resource_id ORDER BY s.id
                """)
            var dayNumbers: [String: Int] = [:]
            while let row = try cursor.next() {
                let text: String = row["date"]
                let day = dayNumbers[text] ?? LocalDate(text)!.dayNumber
                dayNumbers[text] = day
                slots.append(SlotRecord(id: row["id"], day: day, hour: row["hour"], capacity: row["capacity"], reserved: row["reserved"],
                                        department: row["department_id"]))
            }
            let today = deskNow.date.dayNumber
            let upcoming = slots.filter { $0.day >= today && $0.day <= today + 7 }
            let past = slots.filter { $0.day < today }
            let insert = try db.makeStatement(sql: """
                INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, channel, pool, priority,
                                         booked_at, booked_by, checked_in_at, cancelled_at, cancelled_by, no_show_at)
                VALUES (?, ?, ?, ?, ?, ?, 'public', 'public', 'regular', ?, 'desk:bench', ?, ?, ?, ?)
                """)
            var rng = SplitMix(seed: 99)
            var dateText: [Int: String] = [:]
            func text(_ day: Int) -> String {
                if let t = dateText[day] { return t }
                let t = LocalDate(dayNumber: day).description
                dateText[day] = t
                return t
            }
            var written = 0
            // The coming week: 0–5 public seats taken in each slot, live, one per patient, department and day,
            // and one per patient and hour (rule 5).
            var live = Set<Int64>()
            var liveHours = Set<Int64>()
            for slot in upcoming where written < count {
                let taken = min(Int.random(in: 0...(slot.capacity - slot.reserved), using: &rng), count - written)
                for _ in 0..<taken {
                    var patient = patients.randomElement(using: &rng)!
                    while live.contains(patient &* 1_000_003 &+ slot.department &* 100_003 &+ Int64(slot.day))
                        || !liveHours.insert(patient &* 1_000_003 &+ Int64(slot.day) &* 31 &+ Int64(slot.hour)).inserted {
                        patient = patients.randomElement(using: &rng)!
                    }
                    live.insert(patient &* 1_000_003 &+ slot.department &* 100_003 &+ Int64(slot.day))
                    let date = text(slot.day)
                    try insert.execute(arguments: [patient, slot.id, slot.department, date, slot.hour, "booked",
                                                   text(slot.day - Int.random(in: 1...7, using: &rng)) + "T09:00", nil, nil, nil, nil])
                    written += 1
                }
            }
            // The past: the remaining appointments spread evenly, never more than the slot's public seats.
            let remaining = count - written
            guard remaining > 0, !past.isEmpty else { return written }
            let perSlot = Double(remaining) / Double(past.count)
            var carried = 0.0
            for slot in past where written < count {
                carried += perSlot
                let taken = min(Int(carried + 1e-6), slot.capacity - slot.reserved, count - written)
                carried -= Double(taken)
                for _ in 0..<taken {
                    let patient = patients.randomElement(using: &rng)!
                    let date = text(slot.day)
                    let booked = text(slot.day - Int.random(in: 1...7, using: &rng)) + "T09:00"
                    let hour = slot.hour < 10 ? "0\(slot.hour)" : "\(slot.hour)"
                    let roll = Int.random(in: 0..<100, using: &rng)
                    if roll < 88 {
                        try insert.execute(arguments: [patient, slot.id, slot.department, date, slot.hour, "completed", booked,
                                                       date + "T\(hour):05", nil, nil, nil])
                    } else if roll < 93 {
                        try insert.execute(arguments: [patient, slot.id, slot.department, date, slot.hour, "no_show", booked,
                                                       nil, nil, nil, date + "T\(hour):59"])
                    } else {
                        try insert.execute(arguments: [patient, slot.id, slot.department, date, slot.hour, "cancelled", booked,
                                                       nil, booked, "desk:bench", nil])
                    }
                    written += 1
                }
            }
            return written
        }
    }
}
