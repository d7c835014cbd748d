import BookingCore
import BookingStore
import Foundation
import Testing

// The statisticians' reports, on small hospitals whose every number can be counted by hand.

/// The small hospital plus a day-surgery theatre open every day 08–17 and a surgeon (S1, in TEST).
func withSurgeryHospital<T>(now: String = "2026-11-25T08:30", _ body: (Hospital) throws -> T) throws -> T {
    try withTemporaryFolder { folder in
        let path = folder.appendingPathComponent("surgery.db").path
        let store = try Store.create(path: path, training: true, now: at(now))
        var setup = smallSetup()
        setup.departments.append(.init(code: "DSC", name: "日间手术中心", nameEn: "Day Surgery"))
        setup.resources.append(.init(code: "S1", department: "TEST", kind: .clinic, name: "外科医生"))
        setup.resources.append(.init(code: "OR1", department: "DSC", kind: .theatre, name: "日间手术室一"))
        setup.sessions.append(.init(resource: "OR1", weekdays: [1, 2, 3, 4, 5, 6, 7], firstHour: 8, endHour: 17, capacity: 1, reserved: 0))
        _ = try store.applySetup(setup, by: Hospital.admin)
        _ = try store.generateSlots(from: store.now.date, to: store.now.date.adding(days: 7), by: Hospital.admin)
        return try withExtendedLifetime(store) { try body(Hospital(folder: folder, path: path, store: store)) }
    }
}

@Suite("Reports")
struct ReportTests {
    @Test("utilisation: booked seats against seats offered, by department and by hour; cancelled seats freed, theatres left out")
    func utilisation() throws {
        try withSurgeryHospital { h in
            let people = try h.patients(5)
            // Thursday 26th: three of the four 08:00 seats, one at 09:00, one more booked and cancelled.
            for p in people.prefix(3) { _ = try h.book(p, "R1@2026-11-26T08") }
            _ = try h.book(people[3], "R1@2026-11-26T09")
            let cancelled = try h.book(people[4], "R1@2026-11-26T10")
            _ = try h.store.cancel(appointment: cancelled.id, by: Hospital.desk)

            let report = try h.store.utilisationReport(from: day("2026-11-26"), to: day("2026-11-26"))
            #expect(report.departments.map(\.department) == ["TEST"], "the theatre's slots are not counted")
            let test = try #require(report.departments.first)
            #expect((test.slots, test.capacity, test.booked, test.fillPercent) == (4, 16, 4, 25.0))
            #expect(report.hours.map(\.hour) == [8, 9, 10, 11])
            #expect(report.hours.map(\.booked) == [3, 1, 0, 0])
            #expect(report.hours.map(\.fillPercent) == [75.0, 25.0, 0, 0])
            #expect(report.total.department == "*" && report.total.booked == 4 && report.total.capacity == 16)

            // Two days: the 27th adds 16 empty seats.
            let two = try h.store.utilisationReport(from: day("2026-11-26"), to: day("2026-11-27"))
            #expect((two.total.capacity, two.total.booked, two.total.fillPercent) == (32, 4, 12.5))
            #expect(two.hours.first { $0.hour == 8 }.map { ($0.slots, $0.capacity, $0.booked) } ?? (0, 0, 0) == (2, 8, 3))

            let cells = try h.store.utilisationCells(from: day("2026-11-26"), to: day("2026-11-26"), department: "TEST")
            #expect(cells.map(\.hour) == [8, 9, 10, 11])
            #expect(cells[0].fillPercent == 75.0)
            #expect(refusal { try h.store.utilisationReport(from: day("2026-11-26"), to: day("2026-11-26"), department: "NOPE") }
                    == .notFound(kind: "department", key: "NOPE"))
        }
    }

    @Test("no-shows: counted among the appointments already due; unmarked ones past the deadline count, cancelled ones do not")
    func noShows() throws {
        try withSmallHospital { h in
            let people = try h.patients(5)
            let attended = try h.book(people[0], "R1@2026-11-25T09")
            _ = try h.book(people[1], "R1@2026-11-25T09")               // never comes, never marked
            let marked = try h.book(people[2], "R1@2026-11-25T09")
            let cancelled = try h.book(people[3], "R1@2026-11-25T09")
            _ = try h.book(people[4], "R1@2026-11-25T11")               // not due yet at 11:00
            _ = try h.store.cancel(appointment: cancelled.id, by: Hospital.desk)
            _ = try h.at("2026-11-25T09:10").checkIn(appointment: attended.id, by: Hospital.desk)
            let eleven = h.at("2026-11-25T11:00")
            _ = try eleven.markNoShow(appointment: marked.id, by: Hospital.desk)

            let report = try eleven.noShowReport(from: day("2026-11-25"), to: day("2026-11-25"))
            let test = try #require(report.departments.first)
            #expect((test.appointments, test.due, test.attended, test.noShows, test.pending) == (4, 3, 1, 2, 1))
            #expect(test.ratePercent == 66.7)
            #expect(report.total.noShows == 2 && report.total.due == 3)
            // At 13:00 the 11 o'clock patient is past the deadline too.
            let later = try h.at("2026-11-25T13:00").noShowReport(from: day("2026-11-25"), to: day("2026-11-25"))
            #expect((later.total.due, later.total.noShows, later.total.ratePercent) == (4, 3, 75.0))
        }
    }

    @Test("reserved quota: used, released at the lead time and still held, per department; per clinic, seats and referrals")
    func quota() throws {
        // Two of four seats an hour reserved; released 48 hours before the slot (rule 2).
        try withSmallHospital(capacity: 4, reserved: 2) { h in
            let people = try h.patients(3)
            let alliance = { (p: PatientView, label: String) throws -> AppointmentView in
                try h.store.book(BookingRequest(patient: .id(p.id), slot: slot(label), channel: .alliance, clinic: "C01"), by: Hospital.referralOffice)
            }
            _ = try alliance(people[0], "R1@2026-11-28T09")
            let dropped = try alliance(people[1], "R1@2026-11-28T10")
            _ = try h.store.cancel(appointment: dropped.id, by: Hospital.referralOffice)
            _ = try h.store.addReferral(ReferralInput(patient: .id(people[2].id), clinic: "C01", referringDoctor: "赵文", department: "TEST",
                                                      reason: "复查"), by: Hospital.referralOffice)

            // At 08:30 on the 25th: the 27th's 08:00 seats released at 08:00 (2), its other hours held
            // and releasing within the day (6); the 28th held (8 − 1 used = 7), its 08:00 hour
            // releasing by 08:00 tomorrow (2).
            let report = try h.store.quotaUseReport(from: day("2026-11-27"), to: day("2026-11-28"))
            let test = try #require(report.departments.first)
            #expect((test.reserved, test.used, test.released, test.held, test.releasingSoon) == (16, 1, 2, 13, 8))
            #expect(test.usedPercent == 6.3)
            let c01 = try #require(report.clinics.first { $0.clinic == "C01" })
            #expect((c01.reservedSeats, c01.publicSeats, c01.cancelled) == (1, 0, 1))
            #expect(report.clinics.count == 1)
            // The referral was written on the 25th, outside the range.
            #expect((c01.referrals, c01.referralsBooked) == (0, 0))
            let today = try h.store.quotaUseReport(from: day("2026-11-25"), to: day("2026-11-28"))
            #expect(today.clinics.first.map { ($0.referrals, $0.referralsBooked) } ?? (0, 0) == (1, 0))
        }
    }

    @Test("waits: days from referral to appointment by department and urgency, from queue to theatre by class, and who still waits")
    func waits() throws {
        try withSurgeryHospital { h in
            let people = try h.patients(6)
            // Written on the 25th at 08:30, seen on the 27th at 09:00: 2 days 30 minutes.
            let routine = try h.store.addReferral(ReferralInput(patient: .id(people[0].id), clinic: "C01", referringDoctor: "赵文", department: "TEST",
                                                                reason: "复查"), by: Hospital.referralOffice)
            _ = try h.store.book(BookingRequest(patient: .id(people[0].id), slot: slot("R1@2026-11-27T09"), referral: routine.id), by: Hospital.referralOffice)
            // Written on the 22nd at 20:30, seen on the 26th at 08:00: 3 days 11.5 hours.
            let urgent = try h.at("2026-11-22T20:30").addReferral(ReferralInput(patient: .id(people[1].id), clinic: "C01", referringDoctor: "赵文",
                                                                                 department: "TEST", reason: "胸闷", urgency: .urgent), by: Hospital.referralOffice)
            _ = try h.store.book(BookingRequest(patient: .id(people[1].id), slot: slot("R1@2026-11-26T08"), referral: urgent.id), by: Hospital.referralOffice)
            // Still pending: written on the 23rd at 08:30, 2 days ago at the clock.
            _ = try h.at("2026-11-23T08:30").addReferral(ReferralInput(patient: .id(people[2].id), clinic: "C01", referringDoctor: "赵文",
                                                                        department: "TEST", reason: "随访"), by: Hospital.referralOffice)

            // Day surgery: queued on the 15th, operated on the 26th (10 days 23.5 h to 08:00); queued
            // on the 20th with priority, operated on the 27th (7 days); one still queued since the 21st.
            func addCase(_ p: PatientView, since: String, priority: PriorityClass) throws -> SurgeryCaseView {
                try h.store.addSurgeryCase(SurgeryCaseInput(patient: .id(p.id), procedure: "体表肿物切除术", surgeon: "S1", estimatedMinutes: 30,
                                                            anaesthesia: .local, priority: priority, waitingSince: at(since)), by: Hospital.admin)
            }
            let first = try addCase(people[3], since: "2026-11-15T08:30", priority: .regular)
            let second = try addCase(people[4], since: "2026-11-20T08:00", priority: .priority)
            _ = try addCase(people[5], since: "2026-11-21T08:30", priority: .regular)
            _ = try h.store.scheduleSurgery(case: first.id, theatre: "OR1", date: day("2026-11-26"), by: Hospital.admin)
            _ = try h.store.scheduleSurgery(case: second.id, theatre: "OR1", date: day("2026-11-27"), by: Hospital.admin)

            let report = try h.store.waitReport(from: day("2026-11-25"), to: day("2026-11-30"))
            #expect(report.referralByDepartment.map(\.group) == ["TEST"])
            let all = report.referralTotal.waits
            // 2.021 and 3.479 days.
            #expect((all.count, all.meanDays, all.medianDays, all.p90Days, all.maxDays) == (2, 2.8, 2.0, 3.5, 3.5))
            #expect(report.referralByUrgency.map(\.group) == ["urgent", "routine"])
            #expect(report.referralByUrgency.map(\.waits.maxDays) == [3.5, 2.0])
            let surgery = report.surgeryTotal.waits
            #expect((surgery.count, surgery.meanDays, surgery.maxDays) == (2, 9.0, 11.0))
            #expect(report.surgeryByClass.map(\.group) == ["priority", "regular"])
            #expect(report.surgeryByClass.map(\.waits.maxDays) == [7.0, 11.0])
            #expect((report.referralsWaiting.count, report.referralsWaiting.maxDays) == (1, 2.0))
            #expect((report.queueWaiting.count, report.queueWaiting.maxDays) == (1, 4.0))

            // A range before any of it: nothing, and zeros rather than a division by zero.
            let empty = try h.store.waitReport(from: day("2026-11-01"), to: day("2026-11-02"))
            #expect(empty.referralTotal.waits == WaitDistribution(days: []))
            #expect(empty.referralTotal.waits.meanDays == 0)
        }
    }

    @Test("the distribution of waits: nearest-rank percentiles, days to one decimal")
    func distribution() {
        let w = WaitDistribution(days: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10.04])
        #expect((w.count, w.meanDays, w.medianDays, w.p90Days, w.maxDays) == (10, 5.5, 5, 9, 10.0))
        #expect(WaitDistribution.percentile([4], 90) == 4)
        #expect(Share.percent(2, of: 3) == 66.7)
        #expect(Share.percent(1, of: 0) == 0)
    }
}
