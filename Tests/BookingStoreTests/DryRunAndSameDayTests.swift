import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("asking before doing, same-day registration, the phone to call")
struct DryRunAndSameDayTests {
    @Test("a dry-run booking answers with the class, pool and same-day the booking would get, and leaves no row, seat or audit record")
    func dryRunBookingChangesNothing() throws {
        try withSmallHospital(now: "2026-11-25T08:10", capacity: 2) { h in
            let p = try h.patients(2)
            let before = (try h.count("SELECT count(*) FROM appointment"), try h.auditRows())
            let asked = try h.store.book(BookingRequest(patient: .id(p[0].id), slot: slot("R1@2026-11-25T08")), by: Hospital.desk, dryRun: true)
            #expect(asked.pool == .publicPool && asked.priority == .regular && asked.sameDay)
            #expect((try h.count("SELECT count(*) FROM appointment"), try h.auditRows()) == before)
            #expect(try h.slotView("R1@2026-11-25T08").booked == 0)
            let ahead = try h.store.book(BookingRequest(patient: .id(p[0].id), slot: slot("R1@2026-11-26T08")), by: Hospital.desk, dryRun: true)
            #expect(!ahead.sameDay)
            // The real booking gets what the dry run said; the dry run then refuses as the real one would.
            let real = try h.book(p[0], "R1@2026-11-25T08")
            #expect(real.sameDay && real.pool == asked.pool && real.priority == asked.priority)
            let again = refusal { try h.store.book(BookingRequest(patient: .id(p[0].id), slot: slot("R1@2026-11-25T09")), by: Hospital.desk, dryRun: true) }
            #expect(again == refusal { try h.book(p[0], "R1@2026-11-25T09") })
            if case .duplicateBooking(let existing, _, _) = again { #expect(existing == real.id) } else { Issue.record("\(String(describing: again))") }
            #expect(try h.count("SELECT same_day FROM appointment WHERE id = ?", [real.id]) == 1)
        }
    }

    @Test("the hour in progress: open to the window until the cutoff, never to the waitlist; the schema refuses a row past it")
    func walkInCutoff() throws {
        try withSmallHospital(now: "2026-11-25T08:29", capacity: 2) { h in
            let p = try h.patients(3)
            #expect(try h.slotView("R1@2026-11-25T08").walkInOpen)
            _ = try h.book(p[0], "R1@2026-11-25T08")
            let late = h.at("2026-11-25T08:30")
            #expect(!(try h.slotView("R1@2026-11-25T08", store: late).walkInOpen))
            #expect(try h.slotView("R1@2026-11-25T08", store: late).available == 0)
            let refused = refusal { try h.book(p[1], "R1@2026-11-25T08", store: late) }
            #expect(refused == .walkInClosed(slot: "R1@2026-11-25T08", closedAt: at("2026-11-25T08:30"), cutoffMinutes: 30))
            // An alliance booking never takes a started hour.
            let alliance = refusal {
                try h.store.book(BookingRequest(patient: .id(p[1].id), slot: slot("R1@2026-11-25T08"), channel: .alliance, clinic: "C01"), by: Hospital.admin)
            }
            #expect(alliance == .slotStarted(slot: "R1@2026-11-25T08"))
            // The waitlist is served from the next hour that has not started, not the one in progress.
            let w = try h.store.addToWaitlist(WaitlistRequest(patient: .id(p[2].id), department: "TEST", firstDate: day("2026-11-25"),
                                                              lastDate: day("2026-11-25")), by: Hospital.desk)
            let served = try #require(w.appointmentID)
            #expect(try h.store.appointment(served).hour == 9)
            // A row written by hand after the cutoff, or lying about its day, is refused by the schema.
            let db = try h.rawDatabase()
            let slotID = try h.slotView("R1@2026-11-25T08").id
            #expect(throws: DatabaseError.self) {
                try db.write { db in
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, booked_at, booked_by, same_day)
                        VALUES (?, ?, (SELECT id FROM department WHERE code = 'TEST'), '2026-11-25', 8, '2026-11-25T08:31', 'x', 1)
                        """, arguments: [p[1].id, slotID])
                }
            }
            #expect(throws: DatabaseError.self) {
                try db.write { db in
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, booked_at, booked_by, same_day)
                        VALUES (?, ?, (SELECT id FROM department WHERE code = 'TEST'), '2026-11-25', 8, '2026-11-25T08:05', 'x', 0)
                        """, arguments: [p[1].id, slotID])
                }
            }
        }
    }

    @Test("the desk sees the phone of a patient on the to-notify list, audited with the reason; not once the call is done; the night shift never")
    func phoneToCall() throws {
        try withSmallHospital(capacity: 2) { h in
            let p = try h.patient("张三", 1, phone: "15000000515")
            let a = try h.book(p, "R1@2026-11-27T09")
            _ = try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "医生外出会诊", by: Hospital.admin)
            let n = try #require(try h.store.notifications().first { $0.appointment.id == a.id })
            let night = Operator(name: "night:wu", terminal: "-", roles: [.night])
            #expect(refusal { try h.store.phoneToCall(notification: n.id, reason: "call", by: night) }?.code == "not_permitted")
            #expect(refusal { try h.store.phoneToCall(notification: n.id, reason: "  ", by: Hospital.desk) }?.kind == .input)
            #expect(try h.store.phoneToCall(notification: n.id, reason: "to telephone: clinic stopped", by: Hospital.desk) == "15000000515")
            let record = try #require(try h.store.auditLog(AuditFilter(actionPrefix: "patient.reveal"), by: Hospital.admin).first)
            #expect(record.operatorName == "desk:li" && record.entityID == "\(p.id)")
            #expect(record.after == "phone shown in full for notification \(n.id): to telephone: clinic stopped")
            _ = try h.store.markNotified(n.id, by: Hospital.desk)
            #expect(refusal { try h.store.phoneToCall(notification: n.id, reason: "again", by: Hospital.desk) } == .notOnNotifyList(notification: n.id))
            // A coordinator may reveal any patient (patient.reveal), so a done call too.
            #expect(try h.store.phoneToCall(notification: n.id, reason: "follow-up", by: Hospital.referralOffice) == "15000000515")
        }
    }
}
