import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

/// The referral office's day against a real SQLite file: reserved seats, referrals, the cap,
/// add-ons and the quota report (rules 1, 2, 3, 8, 9).
@Suite("Referrals and reserved quota in the store")
struct ReferralStoreTests {
    static let office = Hospital.referralOffice

    /// A small hospital whose slot R1 at 09:00 on Friday 27 November holds 4 seats, 2 reserved.
    func referral(_ h: Hospital, _ patient: PatientView, urgency: ReferralUrgency = .routine, clinic: String = "C01",
                  store: Store? = nil) throws -> ReferralView {
        try (store ?? h.store).addReferral(ReferralInput(patient: .id(patient.id), clinic: clinic, referringDoctor: "赵文医生", department: "TEST",
                                                         reason: "胸闷两周", urgency: urgency), by: Self.office)
    }

    func bookReferral(_ h: Hospital, _ patient: PatientView, _ r: ReferralView, _ label: String, addOn: Bool = false,
                      by actor: Operator = office, store: Store? = nil) throws(BookingError) -> AppointmentView {
        try (store ?? h.store).book(BookingRequest(patient: .id(patient.id), slot: slot(label), referral: r.id, addOn: addOn), by: actor)
    }

    @Test("a referred patient takes a reserved seat; the public is then refused the seats still reserved")
    func referredPatientTakesReservedSeat() throws {
        try withSmallHospital(capacity: 4, reserved: 2) { h in
            let li = try h.patient("李明", 1), wang = try h.patient("王芳", 2), zhang = try h.patient("张伟", 3)
            let r = try referral(h, li)
            let a = try bookReferral(h, li, r, "R1@2026-11-27T09")
            #expect(a.channel == .alliance && a.pool == .reserved && a.clinic == "C01" && a.priority == .referral && a.referralID == r.id)
            #expect(try h.store.referral(r.id).status == .booked)
            _ = try h.book(wang, "R1@2026-11-27T09")
            _ = try h.book(zhang, "R1@2026-11-27T09")
            let zhao = try h.patient("赵强", 4)
            let refused = refusal { try h.book(zhao, "R1@2026-11-27T09") }
            #expect(refused?.code == "seats_reserved")
            let s = try h.slotView("R1@2026-11-27T09")
            #expect(s.booked == 3 && s.seats.reservedAvailable == 1 && s.seats.publicAvailable == 0)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE patient_id = ?", [zhao.id]) == 0)
        }
    }

    @Test("a cancelled alliance seat goes back to the reserved pool before release, and is public after")
    func cancelledSeatReturnsToItsPool() throws {
        try withSmallHospital(capacity: 4, reserved: 2) { h in
            let li = try h.patient("李明", 1), wang = try h.patient("王芳", 2), zhang = try h.patient("张伟", 3)
            let a = try bookReferral(h, li, try referral(h, li), "R1@2026-11-27T09")
            _ = try h.book(wang, "R1@2026-11-27T09")
            _ = try h.book(zhang, "R1@2026-11-27T09")
            _ = try h.store.cancel(appointment: a.id, by: Self.office)
            let before = try h.slotView("R1@2026-11-27T09")
            #expect(before.seats.reservedAvailable == 2 && before.seats.publicAvailable == 0)
            #expect(try h.store.referral(a.referralID!).status == .pending)
            // 48 hours before 09:00 on the 27th the reserved seats join the public pool.
            let released = try h.slotView("R1@2026-11-27T09", store: h.at("2026-11-25T09:00"))
            #expect(released.seats.released && released.seats.publicAvailable == 2)
            let zhao = try h.patient("赵强", 4)
            #expect(try h.book(zhao, "R1@2026-11-27T09", store: h.at("2026-11-25T09:00")).pool == .publicPool)
        }
    }

    @Test("booking from a referral gives the class: green for the green channel; check-in completes the referral")
    func referralClassAndCompletion() throws {
        try withSmallHospital(capacity: 4, reserved: 2) { h in
            let li = try h.patient("李明", 1)
            let r = try referral(h, li, urgency: .green)
            let a = try bookReferral(h, li, r, "R1@2026-11-25T10")
            #expect(a.priority == .green)
            _ = try h.store.checkIn(appointment: a.id, by: Hospital.desk)
            #expect(try h.store.referral(r.id).status == .completed)
            #expect(refusal { try bookReferral(h, li, r, "R1@2026-11-26T10") } == .referralNotBookable(referral: r.id, status: .completed))
        }
    }

    @Test("a referral left pending past the expiry days cannot be booked")
    func expiredReferral() throws {
        try withSmallHospital(capacity: 4, reserved: 2) { h in
            let li = try h.patient("李明", 1)
            let r = try referral(h, li, store: h.at("2026-11-10T08:00"))
            #expect(try h.store.referral(r.id).status == .expired)
            #expect(refusal { try bookReferral(h, li, r, "R1@2026-11-27T09") } == .referralNotBookable(referral: r.id, status: .expired))
            #expect(try h.count("SELECT count(*) FROM appointment") == 0)
        }
    }

    @Test("a green referral is added to a full slot by the referral office; routine ones and the desk are refused")
    func greenAddOn() throws {
        try withSmallHospital(capacity: 2, reserved: 0) { h in
            let a1 = try h.patient("王芳", 2), a2 = try h.patient("张伟", 3)
            _ = try h.book(a1, "R1@2026-11-26T09")
            _ = try h.book(a2, "R1@2026-11-26T09")
            let green = try h.patient("李明", 1), routine = try h.patient("赵强", 4)
            let g = try referral(h, green, urgency: .green), r = try referral(h, routine)
            let auditBefore = try h.auditRows()
            #expect(refusal { try bookReferral(h, routine, r, "R1@2026-11-26T09", addOn: true) } == .addOnNotGreen)
            #expect(refusal { try bookReferral(h, green, g, "R1@2026-11-26T09", addOn: true, by: Hospital.desk) }?.code == "not_permitted")
            #expect(refusal { try bookReferral(h, green, g, "R1@2026-11-26T09") } == .slotFull(slot: "R1@2026-11-26T09"))
            #expect(try h.auditRows() == auditBefore)
            let added = try bookReferral(h, green, g, "R1@2026-11-26T09", addOn: true)
            #expect(added.addOn && added.priority == .green)
            let s = try h.slotView("R1@2026-11-26T09")
            #expect(s.added == 1 && s.booked == 3 && s.available == 0)
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'appointment.add_on' AND entity_id = ?", ["\(added.id)"]) == 1)
            // The added seat was for that patient: cancelling takes it away again.
            _ = try h.store.cancel(appointment: added.id, by: Self.office)
            let after = try h.slotView("R1@2026-11-26T09")
            #expect(after.added == 0 && after.booked == 2)
        }
    }

    @Test("what a booking returns is the row it stored: public, 65 and over, by identity number, alliance, referral, add-on, flagged")
    func returnedAsStored() throws {
        try withSmallHospital(capacity: 2, reserved: 1) { h in
            var returned: [AppointmentView] = []
            let young = try h.patient("王芳", 2), elderly = try h.patient("张伟", 3, birth: "19500101")
            returned.append(try h.book(young, "R1@2026-11-26T09"))
            returned.append(try h.book(elderly, "R1@2026-11-26T09"))
            let byNumber = try h.patient("赵强", 4)
            returned.append(try h.store.book(BookingRequest(patient: .document(byNumber.documentNumber), slot: slot("R1@2026-11-27T09")), by: Hospital.desk))
            returned.append(try h.store.book(BookingRequest(patient: .id(byNumber.id), slot: slot("R1@2026-11-28T09"), channel: .alliance, clinic: "c01"),
                                             by: Self.office))
            let green = try h.patient("李明", 1)
            returned.append(try bookReferral(h, green, try referral(h, green, urgency: .green), "R1@2026-11-26T09", addOn: true))
            let urgent = try h.patient("孙丽", 5)
            returned.append(try bookReferral(h, urgent, try referral(h, urgent, urgency: .urgent), "R1@2026-11-27T10"))
            // Three missed appointments flag a patient; the booking after them carries its reason.
            let missing = try h.patient("周杰", 6)
            for label in ["R1@2026-11-25T09", "R1@2026-11-26T11", "R1@2026-11-27T11"] { _ = try h.book(missing, label) }
            let saturday = h.at("2026-11-28T08:00")
            var explained = BookingRequest(patient: .id(missing.id), slot: slot("R1@2026-11-30T09"))
            explained.reason = "  电话确认  "
            returned.append(try saturday.book(explained, by: Hospital.desk))

            #expect(Set(returned.map(\.priority)) == [.regular, .priority, .green, .referral])
            #expect(returned.contains { $0.addOn } && returned.contains { $0.clinic == "C01" && $0.pool == .reserved })
            #expect(returned.last?.flagReason == "电话确认")
            for booked in returned { #expect(try h.store.appointment(booked.id) == booked) }
        }
    }

    @Test("an add-on into a slot with seats left is refused: it would be silent overbooking")
    func addOnNeedsAFullSlot() throws {
        try withSmallHospital(capacity: 2, reserved: 0) { h in
            let green = try h.patient("李明", 1)
            let g = try referral(h, green, urgency: .green)
            #expect(refusal { try bookReferral(h, green, g, "R1@2026-11-26T09", addOn: true) } == .addOnNotFull(slot: "R1@2026-11-26T09"))
        }
    }

    @Test("with a daily cap of one, a clinic's second referral that day takes a public seat; another clinic still gets the reserved one")
    func clinicDailyCap() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("cap.db").path
            let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
            var setup = smallSetup(capacity: 3, reserved: 2)
            setup.departments[0].policy.clinicDailyCap = 1
            setup.clinics.append(.init(code: "C02", name: "城西社区卫生服务中心"))
            _ = try store.applySetup(setup, by: Hospital.admin)
            _ = try store.generateSlots(from: day("2026-11-25"), to: day("2026-11-30"), by: Hospital.admin)
            let h = Hospital(folder: folder, path: path, store: store)
            let p1 = try h.patient("李明", 1), p2 = try h.patient("王芳", 2), p3 = try h.patient("张伟", 3), p4 = try h.patient("赵强", 4)
            let first = try bookReferral(h, p1, try referral(h, p1), "R1@2026-11-27T09")
            #expect(first.pool == .reserved)
            let second = try bookReferral(h, p2, try referral(h, p2), "R1@2026-11-27T10")
            #expect(second.pool == .publicPool)
            // 10:00 now has 2 reserved seats and 0 public: C01 is capped, C02 is not.
            let capped = refusal { try bookReferral(h, p3, try referral(h, p3), "R1@2026-11-27T10") }
            #expect(capped == .clinicCapReached(clinic: "C01", department: "TEST", date: day("2026-11-27"), cap: 1))
            #expect(try bookReferral(h, p4, try referral(h, p4, clinic: "C02"), "R1@2026-11-27T10").pool == .reserved)
        }
    }

    @Test("the quota report counts reserved, used, released and still held per department and clinic")
    func quotaReport() throws {
        try withSmallHospital(capacity: 4, reserved: 2) { h in
            let li = try h.patient("李明", 1)
            _ = try bookReferral(h, li, try referral(h, li), "R1@2026-11-27T09")
            // At 09:30 on the 25th, the 27th's 08:00 and 09:00 slots are released, 10:00 and 11:00 are not.
            let rows = try h.at("2026-11-25T09:30").quotaReport(from: day("2026-11-27"), to: day("2026-11-27"))
            let row = try #require(rows.first)
            #expect(rows.count == 1 && row.department == "TEST")
            #expect(row.reserved == 8 && row.used == 1 && row.released == 3 && row.held == 4)
            #expect(row.usedByClinic == ["C01": 1])
            #expect(row.releasingSoon == 4)
            #expect(try h.store.quotaReport(from: day("2026-11-27"), to: day("2026-11-27"), clinic: "C01").first?.used == 1)
            #expect(refusal { try h.store.quotaReport(from: day("2026-11-27"), to: day("2026-11-27"), clinic: "C09") } == .notFound(kind: "clinic", key: "C09"))
        }
    }

    @Test("the desk cannot book for an alliance clinic; nothing is written")
    func deskCannotBookAlliance() throws {
        try withSmallHospital(capacity: 4, reserved: 2) { h in
            let li = try h.patient("李明", 1)
            let refused = refusal {
                try h.store.book(BookingRequest(patient: .id(li.id), slot: slot("R1@2026-11-27T09"), channel: .alliance, clinic: "C01"), by: Hospital.desk)
            }
            #expect(refused?.code == "not_permitted")
            #expect(try h.count("SELECT count(*) FROM appointment") == 0)
        }
    }

    @Test("public and alliance bookers racing on the same slots: the public never holds a reserved seat, nothing overbooks")
    func mixedBookersRace() throws {
        try withSmallHospital(capacity: 6, reserved: 2) { h in
            let patients = try (0..<24).map { try h.patient("患者", 100 + $0) }
            let labels = ["R1@2026-11-27T08", "R1@2026-11-27T09"]
            let path = h.path
            let failures = Locked<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 6) { worker in
                do {
                    let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
                    for k in 0..<4 {
                        let p = patients[worker * 4 + k]
                        let alliance = worker % 2 == 0
                        let request = BookingRequest(patient: .id(p.id), slot: slot(labels[k % 2]), channel: alliance ? .alliance : .publicDesk,
                                                     clinic: alliance ? "C01" : nil)
                        do {
                            _ = try store.book(request, by: alliance ? Self.office : Hospital.desk)
                        } catch let e as BookingError where ["slot_full", "seats_reserved"].contains(e.code) {
                            continue
                        }
                    }
                } catch {
                    failures.mutate { $0.append("\(error)") }
                }
            }
            #expect(failures.value.isEmpty, "\(failures.value)")
            #expect(try h.count("SELECT count(*) FROM appointment WHERE channel = 'public' AND pool = 'reserved'") == 0)
            #expect(try h.count("SELECT count(*) FROM slot WHERE public_used + reserved_used > capacity + added OR reserved_used > reserved") == 0)
            for label in labels {
                let s = try h.slotView(label)
                let rows = try h.count("SELECT count(*) FROM appointment WHERE slot_id = ? AND status <> 'cancelled'", [s.id])
                #expect(s.booked == rows && rows == 6)
                #expect(s.reservedUsed <= 2)
            }
        }
    }
}

/// A value shared by threads of a test.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
