import BookingCore
@testable import BookingStore
import Foundation
import GRDB
import Testing

/// One department TEST with clinic R1 (every day 08–12, four seats) and clinic R2 (every day
/// 09–10, two seats): stopping R1 offers R2's hour first, the nearest.
func twoClinicSetup(cap: Int? = nil, r1Reserved: Int = 0, r2Reserved: Int = 0) -> HospitalSetup {
    var setup = smallSetup(capacity: 4, reserved: r1Reserved)
    setup.departments = [.init(code: "TEST", name: "测试科", nameEn: "Testing",
                               policy: BookingPolicy(publicHorizonDays: 7, allianceHorizonDays: 14, releaseLeadHours: 48, clinicDailyCap: cap))]
    setup.resources.append(.init(code: "R2", department: "TEST", kind: .clinic, name: "测试二诊"))
    setup.sessions.append(.init(resource: "R2", weekdays: [1, 2, 3, 4, 5, 6, 7], firstHour: 9, endHour: 10, capacity: 2, reserved: r2Reserved))
    return setup
}

func withTwoClinics<T>(cap: Int? = nil, r1Reserved: Int = 0, r2Reserved: Int = 0, _ body: (Hospital) throws -> T) throws -> T {
    try withTemporaryFolder { folder in
        let path = folder.appendingPathComponent("two.db").path
        let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
        _ = try store.applySetup(twoClinicSetup(cap: cap, r1Reserved: r1Reserved, r2Reserved: r2Reserved), by: Hospital.admin)
        _ = try store.generateSlots(from: store.now.date, to: store.now.date.adding(days: 7), by: Hospital.admin)
        return try withExtendedLifetime(store) { try body(Hospital(folder: folder, path: path, store: store)) }
    }
}

/// Issue items 1–4 and 9: the waitlist, stop-clinic, the clinic's daily cap, rule 5 and the
/// schema's refusals, on every path that books.
@Suite("Rules that hold on every path")
struct EveryPathTests {
    func alliance(_ h: Hospital, _ p: PatientView, _ label: String) throws -> AppointmentView {
        try h.store.book(BookingRequest(patient: .id(p.id), slot: slot(label), channel: .alliance, clinic: "C01"), by: Hospital.referralOffice)
    }

    // MARK: - Item 1: the waitlist served at the start of a booking stays served

    @Test("a booking refused as full still leaves the released seat with the patient who was waiting for it")
    func refusedBookingKeepsWaitlistService() throws {
        try withSmallHospital(capacity: 2, reserved: 1) { h in
            _ = try h.book(try h.patient("李明", 1), "R1@2026-11-28T09")
            for hour in ["08", "10", "11"] {
                for k in 0..<2 { _ = try alliance(h, try h.patient("占位", Int(hour)! * 10 + k), "R1@2026-11-28T\(hour)") }
            }
            let entry = try h.store.addToWaitlist(WaitlistRequest(patient: .id(try h.patient("王芳", 2).id), department: "TEST",
                                                                  firstDate: day("2026-11-28"), lastDate: day("2026-11-28")), by: Hospital.desk)
            #expect(entry.status == "waiting", "the last seat at 09:00 is reserved until 26 Nov 09:00")
            let released = h.at("2026-11-26T09:00")
            let late = try h.patient("赵六", 3)
            #expect(refusal { try h.book(late, "R1@2026-11-28T09", store: released) } == .slotFull(slot: "R1@2026-11-28T09"))
            #expect(try h.store.waitlist(all: true).first { $0.id == entry.id }?.status == "booked")
            #expect(try h.slotView("R1@2026-11-28T09").booked == 2)
            #expect(try h.count("SELECT count(*) FROM notification WHERE kind = 'waitlist_booked'") == 1)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE patient_id = ?", [late.id]) == 0, "the refused booking wrote nothing")
        }
    }

    @Test("a booking refused as a duplicate still leaves the released seat with the patient who was waiting for it")
    func duplicateRefusalKeepsWaitlistService() throws {
        try withSmallHospital(capacity: 3, reserved: 1) { h in
            for k in 0..<2 { _ = try h.book(try h.patient("先到", 10 + k), "R1@2026-11-28T09") }
            let holder = try h.patient("赵六", 3)
            _ = try alliance(h, holder, "R1@2026-11-28T10")
            for k in 0..<2 { _ = try alliance(h, try h.patient("占位", 20 + k), "R1@2026-11-28T10") }
            let entry = try h.store.addToWaitlist(WaitlistRequest(patient: .id(try h.patient("王芳", 2).id), department: "TEST",
                                                                  firstDate: day("2026-11-28"), lastDate: day("2026-11-28"),
                                                                  firstHour: 9, endHour: 11), by: Hospital.desk)
            #expect(entry.status == "waiting")
            let refused = refusal { try h.book(holder, "R1@2026-11-28T08", store: h.at("2026-11-26T09:00")) }
            guard case .duplicateBooking = refused else { Issue.record("expected a duplicate, got \(String(describing: refused))"); return }
            let served = try #require(try h.store.waitlist(all: true).first { $0.id == entry.id })
            #expect(served.status == "booked")
            #expect(try h.store.appointments(AppointmentFilter(date: day("2026-11-28"))).first { $0.id == served.appointmentID }?.slotLabel == "R1@2026-11-28T09")
        }
    }

    // MARK: - Item 2: offers never exceed free seats; accept books the offered slot or says it has gone

    @Test("stopping a clinic of four patients offers a two-seat hour to two of them, never more")
    func offersNeverExceedFreeSeats() throws {
        try withTwoClinics { h in
            let patients = try h.patients(4)
            for p in patients { _ = try h.book(p, "R1@2026-11-27T09") }
            let report = try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "医生外出会诊", by: Hospital.admin)
            #expect(report.patients.count == 4)
            let offered = Dictionary(grouping: report.patients.compactMap(\.offeredSlot), by: { $0 }).mapValues(\.count)
            #expect(offered.count >= 2, "the four are spread over several slots: \(offered)")
            for (slotID, count) in offered {
                let free = try h.count("SELECT capacity + added - public_used - reserved_used FROM slot WHERE id = ?", [slotID])
                #expect(count <= free, "slot \(slotID): \(count) offers for \(free) free seats")
            }
            let r2 = try h.slotView("R2@2026-11-27T09")
            #expect(offered[r2.id] == 2)
            #expect(report.patients.allSatisfy { $0.slotLabel != nil }, "every patient's answer names the slot")
        }
    }

    @Test("accepting books exactly the offered slot; when it has gone, nothing is booked and the next slot is offered by name")
    func acceptBooksOfferedSlotOrSaysItIsGone() throws {
        try withTwoClinics { h in
            let patients = try h.patients(4)
            for p in patients { _ = try h.book(p, "R1@2026-11-27T09") }
            _ = try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "医生外出会诊", by: Hospital.admin)
            let offers = try h.store.notifications().filter { $0.offeredSlot?.label == "R2@2026-11-27T09" }
            #expect(offers.count == 2)
            // Someone at the window takes one of the two seats before the calls are made.
            _ = try h.book(try h.patient("路人", 30), "R2@2026-11-27T09")
            let first = try h.store.acceptOffer(offers[0].id, by: Hospital.desk)
            let booked = try #require(first.rebookedAppointmentID)
            #expect(try h.store.appointments(AppointmentFilter(date: day("2026-11-27"))).first { $0.id == booked }?.slotLabel == "R2@2026-11-27T09")
            #expect(first.rebookedSlot == "R2@2026-11-27T09")
            let before = try h.count("SELECT count(*) FROM appointment WHERE patient_id = ? AND status = 'booked'", [offers[1].patientID])
            let gone = refusal { try h.store.acceptOffer(offers[1].id, by: Hospital.desk) }
            guard case let .offerGone(slot, next?, nil) = gone else { Issue.record("expected offerGone, got \(String(describing: gone))"); return }
            #expect(slot == "R2@2026-11-27T09" && next != slot)
            #expect(gone?.message(.en).contains(next) == true && gone?.message(.en).contains(slot) == true)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE patient_id = ? AND status = 'booked'", [offers[1].patientID]) == before)
            let now = try #require(try h.store.notifications().first { $0.id == offers[1].id })
            #expect(now.offeredSlot?.label == next && now.rebookedAppointmentID == nil)
        }
    }

    @Test("declining an offer puts the patient on the waitlist without booking them into the next seat")
    func declineBooksNobody() throws {
        try withTwoClinics { h in
            let p = try h.patient("李明", 1)
            _ = try h.book(p, "R1@2026-11-27T09")
            _ = try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "医生外出会诊", by: Hospital.admin)
            let offer = try #require(try h.store.notifications().first)
            let declined = try h.store.declineOffer(offer.id, by: Hospital.desk)
            #expect(declined.waitlistID != nil)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE patient_id = ? AND status = 'booked'", [p.id]) == 0)
            #expect(try h.store.waitlist().first?.patientID == p.id)
        }
    }

    // MARK: - Item 3: the clinic's daily cap on the stop-clinic paths

    /// C01 holds its cap (one reserved seat in TEST that day) with A; B's alliance appointment at
    /// R2 took a public seat for that reason. Stopping R2 must not give B a reserved seat at R1.
    func capScenario(_ h: Hospital) throws -> PatientView {
        let a = try h.patient("甲", 1), b = try h.patient("乙", 2)
        #expect(try alliance(h, a, "R1@2026-11-29T08").pool == .reserved)
        #expect(try alliance(h, b, "R2@2026-11-29T09").pool == .publicPool, "the cap already sends C01 to the public seats")
        return b
    }

    @Test("stop-clinic's rebooking counts the clinic's reserved seats that day against the cap")
    func capOnStopRebook() throws {
        try withTwoClinics(cap: 1, r1Reserved: 2, r2Reserved: 1) { h in
            let b = try capScenario(h)
            let report = try h.store.stopSession(resource: "R2", date: day("2026-11-29"), reason: "设备检修", rebook: true, by: Hospital.admin)
            let rebooked = try #require(report.patients.first?.rebooked)
            let a = try #require(try h.store.appointments(AppointmentFilter(date: day("2026-11-29"))).first { $0.id == rebooked })
            #expect(a.patientID == b.id && a.slotLabel == "R1@2026-11-29T09")
            #expect(a.pool == .publicPool, "C01 already holds its one reserved seat in TEST that day")
            #expect(try h.count("SELECT count(*) FROM appointment WHERE clinic_id IS NOT NULL AND pool = 'reserved' AND date = '2026-11-29' AND status = 'booked'") == 1)
        }
    }

    @Test("accepting a stop-clinic offer counts the clinic's reserved seats that day against the cap")
    func capOnAcceptOffer() throws {
        try withTwoClinics(cap: 1, r1Reserved: 2, r2Reserved: 1) { h in
            let b = try capScenario(h)
            _ = try h.store.stopSession(resource: "R2", date: day("2026-11-29"), reason: "设备检修", by: Hospital.admin)
            let offer = try #require(try h.store.notifications().first { $0.patientID == b.id })
            let accepted = try h.store.acceptOffer(offer.id, by: Hospital.referralOffice)
            let a = try #require(try h.store.appointments(AppointmentFilter(date: day("2026-11-29"))).first { $0.id == accepted.rebookedAppointmentID })
            #expect(a.pool == .publicPool)
        }
    }

    @Test("the waitlist counts the clinic's reserved seats that day against the cap")
    func capOnWaitlist() throws {
        try withTwoClinics(cap: 1, r1Reserved: 2, r2Reserved: 1) { h in
            let a = try h.patient("甲", 1)
            #expect(try alliance(h, a, "R1@2026-11-29T08").pool == .reserved)
            let referral = try h.store.addReferral(ReferralInput(patient: .id(try h.patient("乙", 2).id), clinic: "C01", referringDoctor: "社区医生",
                                                                 department: "TEST", reason: "复查", urgency: .routine), by: Hospital.referralOffice)
            let entry = try h.store.addToWaitlist(WaitlistRequest(patient: .id(referral.patientID), department: "TEST", firstDate: day("2026-11-29"),
                                                                  lastDate: day("2026-11-29"), referral: referral.id), by: Hospital.referralOffice)
            let booked = try #require(try h.store.appointments(AppointmentFilter(date: day("2026-11-29"))).first { $0.id == entry.appointmentID })
            #expect(booked.pool == .publicPool)
        }
    }

    // MARK: - Item 4: rule 5, one per department or exam resource a day, one per hour

    /// Where rule 5 can be tried in the demo week: clinic `a` and clinic `b` of another department
    /// run in the same hour; clinic `c` of `a`'s department runs later that day; CT1 runs at two
    /// other hours (`ct`, `ct2`) and US1 at `ct2`.
    struct Clash {
        let a, b, c, ct, ct2, us: String
        let date: LocalDate
    }

    func clash(_ h: Hospital) throws -> Clash {
        let db = try h.rawDatabase()
        return try #require(try db.read { db -> Clash? in
            for row in try Row.fetchAll(db, sql: """
                SELECT s1.date, s1.hour, r1.code AS a, r2.code AS b, r3.code AS c, s3.hour AS c_hour
                FROM slot s1 JOIN resource r1 ON r1.id = s1.resource_id AND r1.kind = 'clinic'
                JOIN slot s2 ON s2.date = s1.date AND s2.hour = s1.hour
                JOIN resource r2 ON r2.id = s2.resource_id AND r2.kind = 'clinic' AND r2.department_id <> r1.department_id
                JOIN slot s3 ON s3.date = s1.date AND s3.hour > s1.hour
                JOIN resource r3 ON r3.id = s3.resource_id AND r3.kind = 'clinic' AND r3.department_id = r1.department_id AND r3.id <> r1.id
                WHERE s1.date BETWEEN '2026-11-26' AND '2026-12-01'
                ORDER BY s1.date, s1.hour
                """) {
                let date: String = row["date"], hour: Int = row["hour"], cHour: Int = row["c_hour"]
                let ctHours = try Int.fetchAll(db, sql: """
                    SELECT s.hour FROM slot s JOIN resource r ON r.id = s.resource_id WHERE r.code = 'CT1' AND s.date = ? AND s.hour NOT IN (?, ?)
                    AND s.hour IN (SELECT s.hour FROM slot s JOIN resource r ON r.id = s.resource_id WHERE r.code = 'US1' AND s.date = ?)
                    ORDER BY s.hour
                    """, arguments: [date, hour, cHour, date])
                guard ctHours.count >= 2 else { continue }
                return Clash(a: label(row["a"], date, hour), b: label(row["b"], date, hour), c: label(row["c"], date, cHour),
                             ct: label("CT1", date, ctHours[0]), ct2: label("CT1", date, ctHours[1]), us: label("US1", date, ctHours[1]),
                             date: day(date))
            }
            return nil
        }, "no day in the demo week to try rule 5 on")
    }

    /// The department a slot label's resource belongs to.
    func department(_ h: Hospital, _ label: String) throws -> String {
        guard case let .at(resource, _, _) = slot(label) else { return "" }
        return try #require(try h.rawDatabase().read { db in
            try String.fetchOne(db, sql: "SELECT d.code FROM resource r JOIN department d ON d.id = r.department_id WHERE r.code = ?", arguments: [resource])
        })
    }

    func label(_ resource: String, _ date: String, _ hour: Int) -> String { "\(resource)@\(date)T\(hour < 10 ? "0" : "")\(hour)" }

    @Test("a CT in the morning and an ultrasound in the afternoon are one visit; a second CT that day is refused")
    func examsOnePerResourceADay() throws {
        try withDemoHospital { h in
            let c = try clash(h)
            let p = try h.patient("李明", 1)
            let ct = try h.book(p, c.ct)
            guard case let .at(_, _, usHour) = slot(c.us) else { return }
            let us = try h.book(p, label("US1", c.date.description, usHour))
            #expect(us.department == ct.department)
            #expect(refusal { try h.book(p, c.ct2) } == .duplicateExam(existing: ct.id, resource: "CT1", date: c.date))
        }
    }

    @Test("two departments in the same hour are refused; a clinic of the same department later that day is refused as before")
    func oneAtATime() throws {
        try withDemoHospital { h in
            let c = try clash(h)
            let p = try h.patient("李明", 1)
            let first = try h.book(p, c.a)
            #expect(refusal { try h.book(p, c.b) } == .sameHourBooking(existing: first.id, slot: c.b))
            #expect(refusal { try h.book(p, c.c) } == .duplicateBooking(existing: first.id, department: try department(h, c.a), date: c.date))
            _ = try h.book(p, c.ct)
        }
    }

    @Test("the schema refuses a second live appointment in one hour, or a second clinic of a department that day, inserted by hand")
    func schemaStatesRuleFive() throws {
        try withDemoHospital { h in
            let c = try clash(h)
            let p = try h.patient("李明", 1)
            _ = try h.book(p, c.a)
            _ = try h.book(p, c.ct)
            let db = try h.rawDatabase()
            func insert(_ l: String) throws {
                let s = try h.slotView(l)
                try db.write { db in
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, booked_at, booked_by)
                        SELECT ?, s.id, r.department_id, s.date, s.hour, 'booked', '2026-11-25T08:30', 'sqlite3'
                        FROM slot s JOIN resource r ON r.id = s.resource_id WHERE s.id = ?
                        """, arguments: [p.id, s.id])
                }
            }
            #expect(throws: DatabaseError.self, "same hour, another department") { try insert(c.b) }
            #expect(throws: DatabaseError.self, "same department, another hour") { try insert(c.c) }
            #expect(throws: DatabaseError.self, "same exam resource, another hour") { try insert(c.ct2) }
            try insert(c.us)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE patient_id = ?", [p.id]) == 3)
        }
    }

    // MARK: - Item 9: a schema refusal keeps what failed

    /// Writes an appointment the way every booking path does, skipping the core's checks, so the
    /// schema is what refuses.
    func insertPastTheCore(_ h: Hospital, _ p: PatientView, _ label: String, referral: Int64? = nil,
                           includeWithdrawn: Bool = false) throws(BookingError) {
        let store = h.store
        try store.write { db in
            let s = try Store.slotRow(db, slot(label), includeWithdrawn: includeWithdrawn)
            _ = try store.insertAppointment(db, patient: p.id, slot: s, channel: .publicDesk, pool: .publicPool, clinic: nil, priority: .regular,
                                            reason: nil, referral: referral, by: Hospital.desk, now: store.now)
        }
    }

    @Test("each schema refusal of an appointment becomes the core's error with the real values")
    func schemaRefusalsKeepTheirValues() throws {
        try withDemoHospital { h in
            let c = try clash(h)
            let p = try h.patient("李明", 1)
            let first = try h.book(p, c.a)
            let ct = try h.book(p, c.ct)
            #expect(refusal { try insertPastTheCore(h, p, c.b) } == .sameHourBooking(existing: first.id, slot: c.b))
            #expect(refusal { try insertPastTheCore(h, p, c.c) } == .duplicateBooking(existing: first.id, department: try department(h, c.a), date: c.date))
            #expect(refusal { try insertPastTheCore(h, p, c.ct2) } == .duplicateExam(existing: ct.id, resource: "CT1", date: c.date))
            // A full slot: the seat trigger runs into the slot's CHECK.
            let full = c.b
            for q in try h.patients(2, first: 10) { _ = try h.book(q, full) }
            let seat = try h.slotView(full)
            try h.rawDatabase().write { try $0.execute(sql: "UPDATE slot SET capacity = ?, reserved = 0 WHERE id = ?", arguments: [seat.booked, seat.id]) }
            #expect(refusal { try insertPastTheCore(h, try h.patient("王芳", 20), full) } == .slotFull(slot: full))
            // A holiday loaded over slots already there.
            let holiday = try #require(try h.rawDatabase().read { db in
                try Row.fetchOne(db, sql: """
                    SELECT r.code, s.date, s.hour FROM slot s JOIN resource r ON r.id = s.resource_id
                    WHERE r.kind = 'clinic' AND s.date = '2026-11-30' ORDER BY s.id LIMIT 1
                    """).map { label($0[0], $0[1], $0[2]) }
            })
            try h.rawDatabase().write { try $0.execute(sql: "INSERT INTO calendar_day (date, kind) VALUES ('2026-11-30', 'holiday')") }
            #expect(refusal { try insertPastTheCore(h, try h.patient("赵六", 21), holiday) } == .holiday(slot: holiday, date: day("2026-11-30")))
            #expect(try h.count("SELECT count(*) FROM appointment WHERE date = '2026-11-30'") == 0)
            // Today's 09:00 hour at 09:40, past its walk-in cutoff (30 minutes before its end, rule 3).
            let walkIn = try #require(try h.rawDatabase().read { db in
                try Row.fetchOne(db, sql: """
                    SELECT r.code, s.date, s.hour FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
                    WHERE r.kind = 'clinic' AND s.date = '2026-11-25' AND s.hour = 9 AND d.walk_in_cutoff_minutes = 30 ORDER BY s.id LIMIT 1
                    """).map { label($0[0], $0[1], $0[2]) }
            })
            let late = h.at("2026-11-25T09:40")
            let walker = try h.patient("钱七", 22)
            #expect(refusal {
                try late.write { db in
                    let s = try Store.slotRow(db, slot(walkIn))
                    _ = try late.insertAppointment(db, patient: walker.id, slot: s, channel: .publicDesk, pool: .publicPool, clinic: nil,
                                                   priority: .regular, reason: nil, referral: nil, by: Hospital.desk, now: late.now)
                }
            } == .walkInClosed(slot: walkIn, closedAt: at("2026-11-25T09:30"), cutoffMinutes: 30))
        }
    }

    @Test("a schema refusal reached without the values at hand names its guard, never placeholder values")
    func translateNamesTheGuard() throws {
        try withDemoHospital { h in
            let c = try clash(h)
            let p = try h.patient("李明", 1)
            _ = try h.book(p, c.a)
            guard case let .at(other, date, hour) = slot(c.b) else { return }
            let error = try #require(try h.rawDatabase().write { db -> DatabaseError? in
                do {
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, booked_at, booked_by)
                        SELECT ?, s.id, r.department_id, s.date, s.hour, 'booked', '2026-11-25T08:30', 'sqlite3'
                        FROM slot s JOIN resource r ON r.id = s.resource_id WHERE r.code = ? AND s.date = ? AND s.hour = ?
                        """, arguments: [p.id, other, date.description, hour])
                    return nil
                } catch let error as DatabaseError { return error }
            })
            #expect(SchemaGuard.named(in: error) == .onePerHour)
            #expect(Store.translate(error) == .storage(.schemaGuard("appointment_one_per_hour")))
        }
    }

    @Test("a referral a live appointment still holds is refused by its unique index as a booked referral, and nothing is written")
    func liveReferralRefusal() throws {
        try withSmallHospital { h in
            let p = try h.patient("李明", 1)
            let r = try h.store.addReferral(ReferralInput(patient: .id(p.id), clinic: "C01", referringDoctor: "社区医生", department: "TEST", reason: "胸闷"),
                                            by: Hospital.referralOffice)
            let first = try h.store.book(BookingRequest(patient: .id(p.id), slot: slot("R1@2026-11-26T09"), referral: r.id), by: Hospital.referralOffice)
            // The referral's row put back to pending by hand while its appointment stays live:
            // the core sees a bookable referral, only the index knows better.
            try h.rawDatabase().write {
                try $0.execute(sql: "UPDATE referral SET status = 'pending', appointment_id = NULL WHERE id = ?", arguments: [r.id])
            }
            let audit = try h.auditRows()
            let again = BookingRequest(patient: .id(p.id), slot: slot("R1@2026-11-27T09"), referral: r.id)
            #expect(refusal { try h.store.book(again, by: Hospital.referralOffice) } == .referralNotBookable(referral: r.id, status: .booked))
            #expect(refusal { try insertPastTheCore(h, p, "R1@2026-11-28T10", referral: r.id) } == .referralNotBookable(referral: r.id, status: .booked))
            #expect(try h.count("SELECT count(*) FROM appointment WHERE referral_id = ?", [r.id]) == 1)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE id = ? AND status = 'booked'", [first.id]) == 1)
            #expect(try h.slotView("R1@2026-11-27T09").booked == 0 && h.slotView("R1@2026-11-28T10").booked == 0)
            #expect(try h.auditRows() == audit, "a refusal writes no audit record")
            // The raw refusal names the index by its column, and is known by that alone.
            let error = try #require(try h.rawDatabase().write { db -> DatabaseError? in
                do {
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, channel, pool, clinic_id,
                                                 priority, booked_at, booked_by, referral_id)
                        SELECT ?, s.id, r.department_id, s.date, s.hour, 'booked', 'alliance', 'public', (SELECT id FROM alliance_clinic),
                               'referral', '2026-11-25T08:30', 'sqlite3', ?
                        FROM slot s JOIN resource r ON r.id = s.resource_id WHERE r.code = 'R1' AND s.date = '2026-11-29' AND s.hour = 9
                        """, arguments: [p.id, r.id])
                    return nil
                } catch let error as DatabaseError { return error }
            })
            #expect(SchemaGuard.named(in: error) == .liveReferral, "\(error)")
        }
    }

    @Test("an appointment for a slot withdrawn under the core's feet is refused by appointment_matches_slot as the core refuses a withdrawn slot")
    func matchesSlotRefusal() throws {
        try withSmallHospital { h in
            let label = "R1@2026-11-26T10"
            let p = try h.patient("李明", 1)
            // Withdrawn as stop-clinic withdraws it, after the slot was read.
            try h.rawDatabase().write { try $0.execute(sql: """
                UPDATE slot SET withdrawn = 1 WHERE hour = 10 AND date = '2026-11-26' AND resource_id = (SELECT id FROM resource WHERE code = 'R1')
                """) }
            let audit = try h.auditRows()
            let core = refusal { try h.book(p, label) }
            #expect(core == .notFound(kind: "slot", key: label), "the core's own answer for a withdrawn slot")
            #expect(refusal { try insertPastTheCore(h, p, label, includeWithdrawn: true) } == core)
            #expect(try h.count("SELECT count(*) FROM appointment") == 0)
            #expect(try h.count("SELECT public_used + reserved_used FROM slot WHERE withdrawn = 1") == 0)
            #expect(try h.auditRows() == audit)
            // An appointment whose hour is not its slot's: the same trigger, named by its message alone.
            let error = try #require(try h.rawDatabase().write { db -> DatabaseError? in
                do {
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, booked_at, booked_by)
                        SELECT ?, s.id, r.department_id, s.date, s.hour + 1, 'booked', '2026-11-25T08:30', 'sqlite3'
                        FROM slot s JOIN resource r ON r.id = s.resource_id WHERE r.code = 'R1' AND s.date = '2026-11-27' AND s.hour = 9
                        """, arguments: [p.id])
                    return nil
                } catch let error as DatabaseError { return error }
            })
            #expect(SchemaGuard.named(in: error) == .matchesSlot, "\(error)")
            #expect(Store.translate(error) == .storage(.schemaGuard("appointment does not match an offered slot")))
        }
    }
}

/// Issue items 5–8 and `doctor`: holidays loaded late, follow-ups sent down, smaller holes.
@Suite("Holidays, follow-ups and the smaller holes")
struct HolidayAndFollowUpTests {
    /// The small hospital at 28 Dec 2026 with slots into January generated before 2027's calendar.
    func withNewYear<T>(_ body: (Hospital) throws -> T) throws -> T {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("newyear.db").path
            let store = try Store.create(path: path, training: true, now: at("2026-12-28T08:30"))
            _ = try store.applySetup(smallSetup(), by: Hospital.admin)
            _ = try store.generateSlots(from: day("2026-12-28"), to: day("2027-01-04"), by: Hospital.admin)
            return try withExtendedLifetime(store) { try body(Hospital(folder: folder, path: path, store: store)) }
        }
    }

    func calendar2027() -> HospitalSetup {
        var setup = HospitalSetup()
        setup.calendar = WorkCalendar(years: [2026, 2027], holidays: [day("2027-01-01")])
        return setup
    }

    @Test("a holiday loaded after booking stops the booked slots as stop-clinic does: dry run first, then cancelled, offered, on the to-notify list")
    func holidayLoadedAfterBooking() throws {
        try withNewYear { h in
            let p = try h.patient("李明", 1)
            let booked = try h.book(p, "R1@2027-01-01T09")
            #expect(try !h.store.calendarLoaded(year: 2027))
            let auditBefore = try h.auditRows()
            let dry = try h.store.applySetup(calendar2027(), dryRun: true, by: Hospital.admin)
            #expect(dry.stopped.count == 1 && dry.stopped.first?.patients.first?.cancelled.id == booked.id && dry.stopped.first?.dryRun == true)
            #expect(try h.auditRows() == auditBefore && !(try h.store.calendarLoaded(year: 2027)), "a dry run changes nothing")
            let report = try h.store.applySetup(calendar2027(), by: Hospital.admin)
            let stop = try #require(report.stopped.first)
            #expect(stop.resource == "R1" && stop.date == day("2027-01-01"))
            let offered = try #require(stop.patients.first?.slotLabel)
            #expect(!offered.contains("2027-01-01"))
            #expect(try h.count("SELECT count(*) FROM appointment WHERE id = ? AND status = 'cancelled' AND cancel_kind = 'hospital'", [booked.id]) == 1)
            let note = try #require(try h.store.notifications().first)
            #expect(note.kind == .stopClinic && note.offeredSlot?.label == offered)
            // Nothing is bookable that day any more, and the day's free slots are withdrawn too.
            #expect(refusal { try h.book(try h.patient("王芳", 2), "R1@2027-01-01T10") } != nil)
            #expect(try h.count("SELECT count(*) FROM slot WHERE date = '2027-01-01' AND withdrawn = 0") == 0)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE date = '2027-01-01' AND status = 'booked'") == 0)
            #expect(try h.store.healthCheck(by: Hospital.admin).healthy)
        }
    }

    @Test("a slot on a holiday is refused by the core, and doctor finds a live appointment left on one")
    func holidayRefusedAndFoundByDoctor() throws {
        try withNewYear { h in
            let p = try h.patient("李明", 1)
            _ = try h.book(p, "R1@2027-01-01T09")
            // The calendar written by hand, as an older version did: the booked slot stays open.
            try h.rawDatabase().write { try $0.execute(sql: "INSERT INTO calendar_day (date, kind) VALUES ('2027-01-01', 'holiday')") }
            #expect(refusal { try h.book(try h.patient("王芳", 2), "R1@2027-01-01T10") } == .holiday(slot: "R1@2027-01-01T10", date: day("2027-01-01")))
            let health = try h.store.healthCheck(by: Hospital.admin)
            let failed = Dictionary(uniqueKeysWithValues: health.checks.filter { !$0.ok }.map { ($0.name, $0.violations) })
            #expect(failed["holiday_bookings"]?.first?.contains("R1@2027-01-01T09") == true, "\(failed)")
            #expect(failed["holiday_slots"]?.isEmpty == false)
        }
    }

    @Test("doctor finds two live appointments of a patient in one hour, and two in one department that day, left by an older version")
    func doctorFindsRuleFiveBreaches() throws {
        try withSmallHospital { h in
            let p = try h.patient("李明", 1)
            _ = try h.book(p, "R1@2026-11-26T09")
            #expect(try h.store.healthCheck(by: Hospital.admin).healthy)
            try h.rawDatabase().write { db in
                // As a database from before 011 could hold them: the guards set aside for the repair.
                try db.execute(sql: "DROP TRIGGER appointment_one_per_day")
                try db.execute(sql: "DROP TRIGGER appointment_same_hour")
                try db.execute(sql: """
                    INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, booked_at, booked_by)
                    SELECT ?, s.id, r.department_id, s.date, s.hour, 'booked', '2026-11-25T08:30', 'sqlite3'
                    FROM slot s JOIN resource r ON r.id = s.resource_id WHERE s.date = '2026-11-26' AND s.hour = 9
                    """, arguments: [p.id])
            }
            let failed = Dictionary(uniqueKeysWithValues: try h.store.healthCheck(by: Hospital.admin).checks.filter { !$0.ok }.map { ($0.name, $0.violations) })
            #expect(failed["one_per_hour"]?.count == 1 && failed["one_per_day"]?.count == 1, "\(failed)")
        }
    }

    // MARK: - Item 7: follow-ups sent down

    @Test("a follow-up sent down stays pending past 14 days, is overdue after its due date, is listed by due date and closed by referral done")
    func followUps() throws {
        try withSmallHospital { h in
            let later = try h.store.addReferral(ReferralInput(patient: .id(try h.patient("李明", 1).id), clinic: "C01", referringDoctor: "外科王医生",
                                                              department: "TEST", reason: "术后复查", direction: .down, dueDate: day("2027-01-07")),
                                                by: Hospital.referralOffice)
            let sooner = try h.store.addReferral(ReferralInput(patient: .id(try h.patient("王芳", 2).id), clinic: "C01", referringDoctor: "外科王医生",
                                                               department: "TEST", reason: "拆线", direction: .down, dueDate: day("2026-12-01")),
                                                 by: Hospital.referralOffice)
            let december = h.at("2026-12-21T09:00")
            let list = try december.referrals(ReferralFilter(statuses: [.pending], direction: .down))
            #expect(list.map(\.id) == [sooner.id, later.id], "by due date, and neither expired")
            #expect(list.map { $0.isOverdue(today: day("2026-12-21")) } == [true, false])
            let waits = try december.waitReport(from: day("2026-11-22"), to: day("2026-12-21"))
            #expect(waits.followUpsPending == 2 && waits.followUpsOverdue == 1)
            #expect(refusal { try december.completeFollowUp(sooner.id, by: Hospital.desk) }?.code == "not_permitted")
            let done = try december.completeFollowUp(sooner.id, by: Hospital.referralOffice)
            #expect(done.status == .completed)
            #expect(refusal { try december.completeFollowUp(sooner.id, by: Hospital.referralOffice) } == .followUpNotPending(referral: sooner.id))
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'referral.done' AND entity_id = ?", ["\(sooner.id)"]) == 1)
            #expect(try december.waitReport(from: day("2026-11-22"), to: day("2026-12-21")).followUpsPending == 1)
        }
    }

    // MARK: - Item 8: smaller holes

    @Test("a patient flagged for no-shows is put on the waitlist only with a reason, as at booking")
    func flaggedWaitlist() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            for date in ["2026-11-25", "2026-11-26", "2026-11-27"] { _ = try h.book(p, "CT1@\(date)T09") }
            let later = h.at("2026-11-28T08:00")
            let request = WaitlistRequest(patient: .id(p.id), department: "CARD", firstDate: day("2026-11-30"), lastDate: day("2026-12-04"))
            #expect(refusal { try later.addToWaitlist(request, by: Hospital.desk) } == .patientFlagged(noShows: 3))
            var withReason = request
            withReason.reason = "家属陪同，确认到诊"
            #expect(try later.addToWaitlist(withReason, by: Hospital.desk).patientID == p.id)
        }
    }

    @Test("green is never chosen at the desk, for a booking or a waitlist entry")
    func greenNeedsReferral() throws {
        try withSmallHospital { h in
            let p = try h.patient("李明", 1)
            #expect(refusal { try h.store.book(BookingRequest(patient: .id(p.id), slot: slot("R1@2026-11-26T09"), priority: .green), by: Hospital.desk) }
                    == .greenNeedsReferral)
            #expect(refusal {
                try h.store.addToWaitlist(WaitlistRequest(patient: .id(p.id), department: "TEST", firstDate: day("2026-11-26"), lastDate: day("2026-11-27"),
                                                          priority: .green), by: Hospital.desk)
            } == .greenNeedsReferral)
            #expect(try h.count("SELECT count(*) FROM appointment") + h.count("SELECT count(*) FROM waitlist") == 0)
        }
    }

    @Test("a referral that asks for one doctor is not booked into another's slot")
    func referralKeepsItsDoctor() throws {
        try withTwoClinics { h in
            let r = try h.store.addReferral(ReferralInput(patient: .id(try h.patient("李明", 1).id), clinic: "C01", referringDoctor: "社区医生",
                                                          department: "TEST", resource: "R1", reason: "胸闷"), by: Hospital.referralOffice)
            let request = BookingRequest(patient: .id(r.patientID), slot: slot("R2@2026-11-27T09"), referral: r.id)
            #expect(refusal { try h.store.book(request, by: Hospital.referralOffice) } == .referralResourceMismatch(referral: r.id, resource: "R1"))
            #expect(try h.store.book(BookingRequest(patient: .id(r.patientID), slot: slot("R1@2026-11-27T09"), referral: r.id), by: Hospital.referralOffice)
                .referralID == r.id)
        }
    }
}
