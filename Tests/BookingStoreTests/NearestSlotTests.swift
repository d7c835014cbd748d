import BookingCore
@testable import BookingStore
import Foundation
import GRDB
import Testing

/// The nearest free slot as stop-clinic first found it (rule 10): every free slot of the
/// department ordered by days away, date and hour, the first `limit` of them checked until a day
/// past the nearest the patient may take. The store now walks outward from the date instead; its
/// answers must be these.
private func referenceNearest(_ store: Store, _ db: Database, for a: AppointmentView, now: LocalDateTime, except: Int64? = nil,
                              limit: Int = Store.nearestSlotLimit) throws -> Int64? {
    let rows = try Row.fetchAll(db, sql: """
        SELECT s.id, s.date, s.hour FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
        WHERE d.code = ? AND s.withdrawn = 0 AND s.date >= ? AND s.public_used + s.reserved_used < s.capacity + s.added AND r.kind <> 'theatre'
        ORDER BY abs(julianday(s.date) - julianday(?)), s.date, s.hour
        LIMIT ?
        """, arguments: [a.department, now.date.description, a.date.description, limit])
    let original = LocalDateTime(date: a.date, hour: a.hour)
    var candidates: [(id: Int64, start: LocalDateTime)] = []
    var nearestDays: Int?
    let clinicID = try Store.clinicID(db, code: a.clinic)
    for row in rows {
        let days = abs(a.date.days(to: LocalDate(row["date"] as String) ?? a.date))
        if let best = nearestDays, days > best + 1 { break }
        var slot = try Store.slotRow(db, .id(row["id"]))
        let offered = try Store.openOffers(db, slot: slot.id, except: except)
        slot.state.publicUsed += offered
        guard case .success = try Store.seat(db, for: a.channel, in: slot, clinic: clinicID, code: a.clinic, now: now) else { continue }
        slot.state.publicUsed -= offered
        guard (try? store.checkPatientRules(db, patient: a.patientID, slot: slot, now: now, reason: a.flagReason ?? "stop-clinic")) != nil else { continue }
        candidates.append((slot.id, slot.state.start))
        nearestDays = min(nearestDays ?? days, days)
    }
    return StopClinicRules.nearest(to: original, among: candidates)
}

@Suite("The nearest free slot for a stopped patient")
struct NearestSlotTests {
    /// Department TEST: R1 and R2 every day 08–12, one seat each; R3 every day 22–24 and R4
    /// 00–02, two seats with one for the alliance, so nights cross midnight; C01's daily cap in
    /// TEST is one reserved seat. Department EYE: E1 08–12, for the same hour elsewhere (rule 5).
    /// With `alike`, as many more clinics R5… running 08–13, so that slots start together in several.
    func withTwoClinics<T>(now: String = "2026-11-25T08:30", days: Int = 14, alike: Int = 0, _ body: (Hospital) throws -> T) throws -> T {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("nearest.db").path
            let store = try Store.create(path: path, training: true, now: at(now))
            var setup = smallSetup()
            setup.departments[0].policy.clinicDailyCap = 1
            setup.departments.append(.init(code: "EYE", name: "眼科", nameEn: "Eyes"))
            setup.resources = [.init(code: "R1", department: "TEST", kind: .clinic, name: "门诊一"),
                               .init(code: "R2", department: "TEST", kind: .clinic, name: "门诊二"),
                               .init(code: "R3", department: "TEST", kind: .clinic, name: "夜诊"),
                               .init(code: "R4", department: "TEST", kind: .clinic, name: "凌晨门诊"),
                               .init(code: "E1", department: "EYE", kind: .clinic, name: "眼科门诊")]
            let everyDay = [1, 2, 3, 4, 5, 6, 7]
            setup.sessions = [.init(resource: "R1", weekdays: everyDay, firstHour: 8, endHour: 12, capacity: 1, reserved: 0),
                              .init(resource: "R2", weekdays: everyDay, firstHour: 8, endHour: 12, capacity: 1, reserved: 0),
                              .init(resource: "R3", weekdays: everyDay, firstHour: 22, endHour: 24, capacity: 2, reserved: 1),
                              .init(resource: "R4", weekdays: everyDay, firstHour: 0, endHour: 2, capacity: 2, reserved: 1),
                              .init(resource: "E1", weekdays: everyDay, firstHour: 8, endHour: 12, capacity: 4, reserved: 0)]
            for n in 5..<(5 + alike) {
                setup.resources.append(.init(code: "R\(n)", department: "TEST", kind: .clinic, name: "门诊"))
                setup.sessions.append(.init(resource: "R\(n)", weekdays: everyDay, firstHour: 8, endHour: 13, capacity: 1, reserved: 0))
            }
            _ = try store.applySetup(setup, by: Hospital.admin)
            _ = try store.generateSlots(from: store.now.date, to: store.now.date.adding(days: days - 1), by: Hospital.admin)
            return try withExtendedLifetime(store) { try body(Hospital(folder: folder, path: path, store: store)) }
        }
    }

    /// What stop-clinic would offer the patient of `appointment` with its resource's day stopped,
    /// by the store and by the reference, looked at in a savepoint that is rolled back.
    func offers(_ h: Hospital, appointment id: Int64, except: Int64? = nil, limit: Int = Store.nearestSlotLimit) throws -> (store: String?, reference: String?) {
        let now = h.store.now
        return try h.store.pool.write { db in
            var result: (String?, String?) = (nil, nil)
            try db.inSavepoint {
                let a = try Store.requireAppointment(db, id: id)
                try db.execute(sql: "UPDATE slot SET withdrawn = 1 WHERE resource_id = (SELECT resource_id FROM slot WHERE id = ?) AND date = ?",
                               arguments: [a.slotID, a.date.description])
                try db.execute(sql: "UPDATE appointment SET status = 'cancelled', cancelled_at = ?, cancelled_by = 'test', cancel_kind = 'hospital' WHERE id = ?",
                               arguments: [now.description, id])
                let mine = try h.store.nearestFreeSlot(db, for: a, now: now, except: except, limit: limit)?.state.label
                let theirs = try referenceNearest(h.store, db, for: a, now: now, except: except, limit: limit)
                    .map { try Store.slotRow(db, .id($0)).state.label }
                result = (mine, theirs)
                return .rollback
            }
            return result
        }
    }

    func fill(_ h: Hospital, _ labels: [String], first: Int) throws {
        for (patient, label) in zip(try h.patients(labels.count, first: first), labels) { _ = try h.book(patient, label) }
    }

    // Around Monday 30 November 10:00, reserved seats not yet released (48 h): R4's 01:00 and
    // 00:00 that day are 9 and 10 h before, R3's 23:00 and 22:00 the day before 11 and 12 h
    // before, R3's 22:00 and 23:00 that evening 12 and 13 h after, R4's the next night 14 h after.

    @Test("ties at equal distance go to the later start; the night before and the evening after weigh the same")
    func edgesAroundTheDate() throws {
        try withTwoClinics { h in
            let stopped = try h.book(try h.patient("白国琪", 1), "R1@2026-11-30T10")
            try fill(h, ["R2@2026-11-30T10"], first: 10)
            #expect(try offers(h, appointment: stopped.id) == ("R2@2026-11-30T11", "R2@2026-11-30T11"), "09 and 11 an hour away each: the later")
            try fill(h, ["R2@2026-11-30T11"], first: 20)
            #expect(try offers(h, appointment: stopped.id) == ("R2@2026-11-30T09", "R2@2026-11-30T09"))
            try fill(h, ["R2@2026-11-30T08", "R2@2026-11-30T09"], first: 30)
            #expect(try offers(h, appointment: stopped.id) == ("R4@2026-11-30T01", "R4@2026-11-30T01"), "earlier the same day, across midnight")
            try fill(h, ["R4@2026-11-30T00", "R4@2026-11-30T01"], first: 40)
            #expect(try offers(h, appointment: stopped.id) == ("R3@2026-11-29T23", "R3@2026-11-29T23"), "the day before")
            try fill(h, ["R3@2026-11-29T23"], first: 50)
            #expect(try offers(h, appointment: stopped.id) == ("R3@2026-11-30T22", "R3@2026-11-30T22"), "12 h before and 12 h after: the later")
            try fill(h, ["R3@2026-11-30T22"], first: 60)
            #expect(try offers(h, appointment: stopped.id) == ("R3@2026-11-29T22", "R3@2026-11-29T22"))
        }
    }

    @Test("withdrawn and full slots, reserved seats not yet released and the patient's other appointments are passed over")
    func passedOver() throws {
        try withTwoClinics { h in
            let p = try h.patient("白国琪", 1)
            let stopped = try h.book(p, "R1@2026-11-30T10")
            try h.rawDatabase().write { db in
                try db.execute(sql: "UPDATE slot SET withdrawn = 1 WHERE resource_id = (SELECT id FROM resource WHERE code = 'R2') AND date = '2026-11-30' AND hour = 11")
            }
            try fill(h, ["R2@2026-11-30T10", "R2@2026-11-30T09"], first: 10)
            #expect(try offers(h, appointment: stopped.id) == ("R2@2026-11-30T08", "R2@2026-11-30T08"), "11 withdrawn, 10 and 09 full")
            _ = try h.book(p, "E1@2026-11-30T08")
            #expect(try offers(h, appointment: stopped.id) == ("R4@2026-11-30T01", "R4@2026-11-30T01"), "rule 5: the same hour in another department")
            try fill(h, ["R4@2026-11-30T00", "R4@2026-11-30T01"], first: 20)
            #expect(try offers(h, appointment: stopped.id) == ("R3@2026-11-29T23", "R3@2026-11-29T23"), "public seats full, reserved ones not the public's")
            _ = try h.book(p, "R1@2026-11-29T08")
            #expect(try offers(h, appointment: stopped.id) == ("R3@2026-11-30T22", "R3@2026-11-30T22"), "rule 5: one a day in the department")
            try fill(h, ["R3@2026-11-30T22", "R3@2026-11-30T23"], first: 30)
            #expect(try offers(h, appointment: stopped.id) == ("R4@2026-12-01T00", "R4@2026-12-01T00"))
        }
    }

    @Test("an alliance patient is offered reserved seats within the clinic's daily cap")
    func reservedSeats() throws {
        try withTwoClinics { h in
            let (p, q) = (try h.patient("白国琪", 1), try h.patient("孙宇", 2))
            let stopped = try h.store.book(BookingRequest(patient: .id(p.id), slot: slot("R1@2026-11-30T10"), channel: .alliance, clinic: "C01"),
                                           by: Hospital.referralOffice)
            try fill(h, ["R2@2026-11-30T08", "R2@2026-11-30T09", "R2@2026-11-30T10", "R2@2026-11-30T11", "R4@2026-11-30T00", "R4@2026-11-30T01",
                         "R3@2026-11-29T22", "R3@2026-11-29T23", "R3@2026-11-30T22", "R3@2026-11-30T23"], first: 10)
            #expect(try offers(h, appointment: stopped.id) == ("R4@2026-11-30T01", "R4@2026-11-30T01"), "only reserved seats left near: the alliance's")
            // C01 takes its one reserved seat in TEST that day: the day before's.
            _ = try h.store.book(BookingRequest(patient: .id(q.id), slot: slot("R4@2026-11-30T00"), channel: .alliance, clinic: "C01"),
                                 by: Hospital.referralOffice)
            #expect(try offers(h, appointment: stopped.id) == ("R3@2026-11-29T23", "R3@2026-11-29T23"))
        }
    }

    @Test("on a hospital full of bookings, withdrawn slots and offers, every patient gets the reference's answer, with any limit")
    func sameAnswersEverywhere() throws {
        try withTwoClinics(alike: 2) { h in
            // R1 runs 12:00 too from now on: its new slots come after R5's and R6's, though R1 came first.
            var longer = HospitalSetup()
            longer.sessions = [.init(resource: "R1", weekdays: [1, 2, 3, 4, 5, 6, 7], firstHour: 8, endHour: 13, capacity: 1, reserved: 0)]
            _ = try h.store.applySetup(longer, by: Hospital.admin)
            _ = try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-12-08"), by: Hospital.admin)
            #expect(try h.count("SELECT count(*) FROM slot s JOIN resource r ON r.id = s.resource_id WHERE r.code = 'R1' AND s.hour = 12") == 14)
            var rng = DemoHospital.SplitMix(state: 17)  // seeded, so a failing case can be replayed
            let patients = try h.patients(60)
            let resources = ["R1", "R2", "R3", "R4", "R5", "R6", "E1"]
            for _ in 0..<400 {
                let resource = resources.randomElement(using: &rng)!
                let date = day("2026-11-25").adding(days: Int.random(in: 0..<14, using: &rng))
                let hour = ["R3": [22, 23], "R4": [0, 1]][resource]?.randomElement(using: &rng) ?? Int.random(in: 8..<13, using: &rng)
                let patient = patients.randomElement(using: &rng)!
                let label = "\(resource)@\(date)T\(hour < 10 ? "0" : "")\(hour)"
                if Bool.random(using: &rng) {
                    _ = try? h.book(patient, label)
                } else {
                    _ = try? h.store.book(BookingRequest(patient: .id(patient.id), slot: slot(label), channel: .alliance, clinic: "C01"),
                                          by: Hospital.referralOffice)
                }
            }
            try h.rawDatabase().write { db in
                try db.execute(sql: "UPDATE slot SET withdrawn = 1 WHERE id % 9 = 4 AND public_used + reserved_used = 0")
                // A day made a holiday after it was booked, as a calendar loaded late leaves it (rule 12).
                try db.execute(sql: "INSERT OR REPLACE INTO calendar_day (date, kind) VALUES ('2026-12-03', 'holiday')")
            }
            // Open offers: two stopped resource-days.
            _ = try h.store.stopSession(resource: "R2", date: day("2026-11-28"), reason: "会诊", by: Hospital.admin)
            _ = try h.store.stopSession(resource: "R3", date: day("2026-12-01"), reason: "会诊", by: Hospital.admin)
            let live = try h.rawDatabase().read { db in
                try Int64.fetchAll(db, sql: "SELECT id FROM appointment WHERE status = 'booked' AND department_id = (SELECT id FROM department WHERE code = 'TEST') ORDER BY id")
            }
            let offersMade = try h.rawDatabase().read { db in
                try Int64.fetchAll(db, sql: "SELECT id FROM notification WHERE offered_slot_id IS NOT NULL ORDER BY id")
            }
            #expect(live.count >= 60, "\(live.count) live appointments in TEST")
            var found = 0
            for (i, id) in live.enumerated() {
                for limit in [Store.nearestSlotLimit, 1, 3, 12] {
                    let except = limit == 3 ? offersMade.first : nil
                    let (mine, theirs) = try offers(h, appointment: id, except: except, limit: limit)
                    #expect(mine == theirs, "appointment \(id) (\(i)), limit \(limit): \(mine ?? "none") against \(theirs ?? "none")")
                    if mine != nil { found += 1 }
                }
            }
            #expect(found > live.count, "most patients are offered a slot")
        }
    }
}
