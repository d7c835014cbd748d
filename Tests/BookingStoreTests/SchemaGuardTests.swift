import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

/// What the schema itself refuses, tried with plain SQL the way a buggy tool or a hurried
/// administrator with `sqlite3` might: a bug in code must still not store a broken state.
@Suite("The schema guards the rules on its own")
struct SchemaGuardTests {
    /// Inserts an appointment row by hand, copying the slot's department, date and hour.
    func insertByHand(_ db: Database, patient: Int64, slot: Int64, pool: String = "public", channel: String = "public", clinic: Int64? = nil) throws {
        try db.execute(sql: """
            INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, channel, pool, clinic_id, booked_at, booked_by)
            SELECT ?, s.id, r.department_id, s.date, s.hour, 'booked', ?, ?, ?, '2026-11-25T08:30', 'sqlite3'
            FROM slot s JOIN resource r ON r.id = s.resource_id WHERE s.id = ?
            """, arguments: [patient, channel, pool, clinic, slot])
    }

    func expectRefused(_ what: Comment, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: DatabaseError.self, what, sourceLocation: sourceLocation) { try body() }
    }

    @Test("an appointment inserted by hand into a full slot is refused, and the slot still holds four")
    func overbookingInsert() throws {
        try withDemoHospital { h in
            let p = try h.patients(5)
            for patient in p.prefix(4) { _ = try h.book(patient, "D001@2026-11-26T09") }
            let full = try h.slotView("D001@2026-11-26T09")
            let db = try h.rawDatabase()
            expectRefused("a fifth row in a slot of four") { try db.write { try insertByHand($0, patient: p[4].id, slot: full.id) } }
            expectRefused("a fifth row even as an alliance reserved seat") {
                try db.write { try insertByHand($0, patient: p[4].id, slot: full.id, pool: "reserved", channel: "alliance", clinic: 1) }
            }
            #expect(try h.slotView("D001@2026-11-26T09").booked == 4)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE slot_id = ?", [full.id]) == 4)
        }
    }

    @Test("slot counts pushed past capacity, or reserved seats past the reserved part, are refused")
    func overbookingUpdate() throws {
        try withDemoHospital { h in
            let slot = try h.slotView("D001@2026-12-01T09")  // capacity 4, reserved 2
            let db = try h.rawDatabase()
            expectRefused("public_used = 5") { try db.write { try $0.execute(sql: "UPDATE slot SET public_used = 5 WHERE id = ?", arguments: [slot.id]) } }
            expectRefused("3 + 2 in a slot of 4") {
                try db.write { try $0.execute(sql: "UPDATE slot SET public_used = 3, reserved_used = 2 WHERE id = ?", arguments: [slot.id]) }
            }
            expectRefused("reserved_used = 3 of 2") { try db.write { try $0.execute(sql: "UPDATE slot SET reserved_used = 3 WHERE id = ?", arguments: [slot.id]) } }
            expectRefused("capacity below what is booked") {
                try db.write { db in
                    try db.execute(sql: "UPDATE slot SET public_used = 2 WHERE id = ?", arguments: [slot.id])
                    try db.execute(sql: "UPDATE slot SET capacity = 1, reserved = 0 WHERE id = ?", arguments: [slot.id])
                }
            }
            expectRefused("negative seats") { try db.write { try $0.execute(sql: "UPDATE slot SET public_used = -1 WHERE id = ?", arguments: [slot.id]) } }
            let after = try h.slotView("D001@2026-12-01T09")
            #expect(after.booked == 0 && after.capacity == 4 && after.reserved == 2)
        }
    }

    @Test("a second live appointment for the same patient, department and day is refused by the schema")
    func onePerDayIndex() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            _ = try h.book(p, "D001@2026-11-26T09")
            let other = try h.slotView("D003@2026-11-26T08")
            let db = try h.rawDatabase()
            expectRefused("a second cardiology visit on Thursday") { try db.write { try insertByHand($0, patient: p.id, slot: other.id) } }
            #expect(try h.slotView("D003@2026-11-26T08").booked == 0)
        }
    }

    /// The guard a refused statement names (its trigger's name), or nil when it went through.
    func refusedBy(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as DatabaseError {
            return error.message ?? "\(error)"
        } catch {
            return "\(error)"
        }
    }

    @Test("by hand: one clinic visit per department and day, one exam per exam room and day, and only live appointments count (016)")
    func onePerDayByHand() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            let clinic = try h.book(p, "D001@2026-11-26T09")  // cardiology, Thursday
            _ = try h.book(p, "CT1@2026-11-26T10")
            let db = try h.rawDatabase()
            func insert(_ label: String) throws { try db.write { try insertByHand($0, patient: p.id, slot: try h.slotView(label).id) } }
            #expect(refusedBy { try insert("D003@2026-11-26T08") } == "appointment_one_per_day")  // cardiology again
            #expect(refusedBy { try insert("CT1@2026-11-26T14") } == "appointment_one_per_day")  // the same CT room again
            #expect(refusedBy { try insert("CT2@2026-11-26T11") } == nil)  // another exam room that day
            #expect(refusedBy { try insert("D003@2026-11-27T13") } == nil)  // cardiology the next day
            _ = try h.store.cancel(appointment: clinic.id, by: Hospital.desk)
            #expect(refusedBy { try insert("D003@2026-11-26T08") } == nil)  // the cancelled visit no longer counts
            #expect(refusedBy { try insert("D001@2026-11-26T11") } == "appointment_one_per_day")  // but the new one does
        }
    }

    @Test("by hand: nothing is booked on the visit's day after the hour's walk-in cutoff; before it, or on an earlier day, it is (016)")
    func cutoffByHand() throws {
        try withDemoHospital { h in
            let p = try h.patients(3)
            let slot = try h.slotView("CT2@2026-11-25T09")  // cutoff 30 minutes: closes at 09:30
            let db = try h.rawDatabase()
            func insert(_ patient: PatientView, bookedAt: String, sameDay: Bool) throws {
                try db.write { db in
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, channel, pool, booked_at, booked_by, same_day)
                        SELECT ?, s.id, r.department_id, s.date, s.hour, 'booked', 'public', 'public', ?, 'sqlite3', ?
                        FROM slot s JOIN resource r ON r.id = s.resource_id WHERE s.id = ?
                        """, arguments: [patient.id, bookedAt, sameDay, slot.id])
                }
            }
            #expect(refusedBy { try insert(p[0], bookedAt: "2026-11-25T09:30", sameDay: true) } == "appointment_before_cutoff")
            #expect(refusedBy { try insert(p[0], bookedAt: "2026-11-25T10:15", sameDay: true) } == "appointment_before_cutoff")
            #expect(refusedBy { try insert(p[0], bookedAt: "2026-11-25T09:29", sameDay: true) } == nil)
            #expect(refusedBy { try insert(p[1], bookedAt: "2026-11-24T23:59", sameDay: false) } == nil)
            #expect(refusedBy { try insert(p[2], bookedAt: "2026-11-25T08:00", sameDay: true) } == nil)
            #expect(try h.slotView("CT2@2026-11-25T09").booked == 3)
        }
    }

    @Test("appointments are never deleted, never moved, and a cancelled one stays cancelled")
    func appointmentsKept() throws {
        try withDemoHospital { h in
            let p = try h.patients(2)
            let kept = try h.book(p[0], "D001@2026-11-26T09")
            let cancelled = try h.store.cancel(appointment: try h.book(p[1], "D001@2026-11-26T10").id, by: Hospital.desk)
            let other = try h.slotView("D001@2026-11-26T11")
            let db = try h.rawDatabase()
            expectRefused("DELETE") { try db.write { try $0.execute(sql: "DELETE FROM appointment WHERE id = ?", arguments: [kept.id]) } }
            expectRefused("moving to another slot") {
                try db.write { try $0.execute(sql: "UPDATE appointment SET slot_id = ?, hour = 11 WHERE id = ?", arguments: [other.id, kept.id]) }
            }
            expectRefused("reviving a cancelled appointment") {
                try db.write { try $0.execute(sql: "UPDATE appointment SET status = 'booked' WHERE id = ?", arguments: [cancelled.id]) }
            }
            expectRefused("cancelled without a time") {
                try db.write { try $0.execute(sql: "UPDATE appointment SET status = 'cancelled', cancelled_at = NULL WHERE id = ?", arguments: [kept.id]) }
            }
            expectRefused("a row that does not match its slot") {
                try db.write { db in
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, booked_at, booked_by)
                        SELECT ?, s.id, r.department_id, '2026-11-27', s.hour, 'now', 'sqlite3' FROM slot s JOIN resource r ON r.id = s.resource_id WHERE s.id = ?
                        """, arguments: [p[1].id, other.id])
                }
            }
            #expect(try h.count("SELECT count(*) FROM appointment") == 2)
            #expect(try h.store.appointment(kept.id).slotLabel == "D001@2026-11-26T09")
            #expect(try h.store.appointment(cancelled.id).status == .cancelled)
            #expect(try h.slotView("D001@2026-11-26T10").booked == 0)
        }
    }

    @Test("the audit log can be appended to, never changed or deleted")
    func auditAppendOnly() throws {
        try withDemoHospital { h in
            try h.patient("张三", 1)
            let rows = try h.auditRows()
            #expect(rows >= 2)
            let db = try h.rawDatabase()
            expectRefused("UPDATE audit") { try db.write { try $0.execute(sql: "UPDATE audit SET operator = 'nobody'") } }
            expectRefused("DELETE FROM audit") { try db.write { try $0.execute(sql: "DELETE FROM audit") } }
            expectRefused("DELETE one audit row") { try db.write { try $0.execute(sql: "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)") } }
            #expect(try h.auditRows() == rows)
            #expect(try h.count("SELECT count(*) FROM audit WHERE operator = 'nobody'") == 0)
        }
    }

    @Test("a resident patient row without a birth date, or an 17-character number, is refused")
    func patientRows() throws {
        try withSmallHospital { h in
            let db = try h.rawDatabase()
            expectRefused("no birth date") {
                try db.write {
                    try $0.execute(sql: """
                        INSERT INTO patient (name, document_type, document_number, sex, created_at) VALUES ('张三', 'resident', '11010519491231002X', 'F', 'now')
                        """)
                }
            }
            expectRefused("17 characters") {
                try db.write {
                    try $0.execute(sql: """
                        INSERT INTO patient (name, document_type, document_number, birth_date, sex, created_at)
                        VALUES ('张三', 'resident', '11010519491231002', '1949-12-31', 'F', 'now')
                        """)
                }
            }
            #expect(try h.count("SELECT count(*) FROM patient") == 0)
        }
    }
}
