import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

/// The demo hospital on Wednesday 25 November 2026, 08:30. Dr Wang (D001, Cardiology) sees four
/// patients an hour on Tuesday and Thursday mornings: one seat reserved on Thursdays, two on Tuesdays.
@Suite("Booking, cancelling, arriving and not arriving")
struct BookingTests {
    func alliance(_ h: Hospital, _ p: PatientView, _ label: String, clinic: String = "C01", store: Store? = nil) throws -> AppointmentView {
        try (store ?? h.store).book(BookingRequest(patient: .id(p.id), slot: slot(label), channel: .alliance, clinic: clinic), by: Hospital.referralOffice)
    }

    @Test("a public patient takes the last seat of Dr Wang's Thursday 09:00; the next is refused with slotFull")
    func lastSeat() throws {
        try withDemoHospital { h in
            let patients = try h.patients(5)
            // Thursday's reserved seat was released on Tuesday 09:00 (48 h before): all four are public now.
            #expect(try h.slotView("D001@2026-11-26T09").available == 4)
            for p in patients.prefix(4) {
                let a = try h.book(p, "D001@2026-11-26T09")
                #expect(a.status == .booked)
                #expect(a.pool == .publicPool)
            }
            let full = try h.slotView("D001@2026-11-26T09")
            #expect(full.booked == 4)
            #expect(full.available == 0)
            #expect(refusal { try h.book(patients[4], "D001@2026-11-26T09") } == .slotFull(slot: "D001@2026-11-26T09"))
            #expect(try h.slotView("D001@2026-11-26T09").booked == 4)
            #expect(try h.count("SELECT count(*) FROM appointment") == 4)
        }
    }

    @Test("before release the public is refused the reserved seats while a referral from C01 takes one; at the release minute the public may")
    func reservedSeats() throws {
        try withDemoHospital { h in
            let p = try h.patients(6)
            // Tuesday 1 December 09:00: four seats, two kept for the alliance until Sunday 29 November 09:00.
            _ = try h.book(p[0], "D001@2026-12-01T09")
            _ = try h.book(p[1], "D001@2026-12-01T09")
            #expect(refusal { try h.book(p[2], "D001@2026-12-01T09") }
                == .publicSeatsReserved(slot: "D001@2026-12-01T09", releaseAt: at("2026-11-29T09:00")))
            let referred = try alliance(h, p[2], "D001@2026-12-01T09")
            #expect(referred.pool == .reserved)
            #expect(referred.channel == .alliance)
            #expect(referred.clinic == "C01")
            let seats = try h.slotView("D001@2026-12-01T09")
            #expect(seats.booked == 3)
            #expect(seats.reservedUsed == 1)
            #expect(seats.available == 0)
            #expect(seats.seats.reservedAvailable == 1)

            let sundayEarly = h.at("2026-11-29T08:59")
            #expect(refusal { try h.book(p[3], "D001@2026-12-01T09", store: sundayEarly) }
                == .publicSeatsReserved(slot: "D001@2026-12-01T09", releaseAt: at("2026-11-29T09:00")))
            let released = h.at("2026-11-29T09:00")
            let last = try h.book(p[3], "D001@2026-12-01T09", store: released)
            #expect(last.pool == .publicPool)
            #expect(refusal { try h.book(p[4], "D001@2026-12-01T09", store: released) } == .slotFull(slot: "D001@2026-12-01T09"))
            #expect(refusal { try alliance(h, p[5], "D001@2026-12-01T09", store: released) } == .slotFull(slot: "D001@2026-12-01T09"))
            #expect(try h.slotView("D001@2026-12-01T09").booked == 4)
        }
    }

    @Test("an alliance booking with an unknown clinic, a public clerk booking for a clinic, or an unknown patient or slot are refused")
    func lookups() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            #expect(refusal { try alliance(h, p, "D001@2026-12-01T09", clinic: "C99") } == .notFound(kind: "clinic", key: "C99"))
            let deskForClinic = BookingRequest(patient: .id(p.id), slot: slot("D001@2026-12-01T09"), channel: .alliance, clinic: "C01")
            #expect(refusal { try h.store.book(deskForClinic, by: Hospital.desk) }
                == .notPermitted(permission: "appointment.book_alliance", roles: [.coordinator, .admin]))
            #expect(refusal { try h.store.book(BookingRequest(patient: .id(9999), slot: slot("D001@2026-12-01T09")), by: Hospital.desk) }
                == .notFound(kind: "patient", key: "9999"))
            #expect(refusal { try h.book(p, "D001@2026-11-27T09") } == .notFound(kind: "slot", key: "D001@2026-11-27T09"))
            #expect(refusal { try h.store.book(BookingRequest(patient: .document("11010519491231002X"), slot: slot("D001@2026-11-26T09")), by: Hospital.desk) }
                == .notFound(kind: "patient", key: "11010519491231002X"))
            #expect(try h.count("SELECT count(*) FROM appointment") == 0)
        }
    }

    @Test("one live appointment per department per day; another department the same day is fine")
    func onePerDepartmentPerDay() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            let first = try h.book(p, "D001@2026-11-26T09")
            #expect(refusal { try h.book(p, "D003@2026-11-26T08") } == .duplicateBooking(existing: first.id, department: "CARD", date: day("2026-11-26")))
            #expect(refusal { try h.book(p, "D001@2026-11-26T10") } == .duplicateBooking(existing: first.id, department: "CARD", date: day("2026-11-26")))
            #expect(try h.book(p, "CT1@2026-11-26T10").department == "IMAG")
            #expect(try h.book(p, "D002@2026-11-27T09").department == "CARD")  // the next day
            _ = try h.store.cancel(appointment: first.id, by: Hospital.desk)
            #expect(try h.book(p, "D003@2026-11-26T08").status == .booked)  // once cancelled, the day is free again
        }
    }

    @Test("ten live future appointments are the limit; cancelling one makes room")
    func tenAppointments() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            var booked: [AppointmentView] = []
            for offset in 0...7 {  // a CT scan every day for eight days: one imaging appointment a day
                booked.append(try h.book(p, "CT1@\(day("2026-11-25").adding(days: offset))T10"))
            }
            booked.append(try h.book(p, "D001@2026-11-26T09"))
            booked.append(try h.book(p, "D002@2026-11-27T09"))
            #expect(booked.count == 10)
            #expect(refusal { try h.book(p, "D005@2026-11-30T09") } == .tooManyAppointments(limit: 10))
            _ = try h.store.cancel(appointment: booked[3].id, by: Hospital.desk)
            #expect(try h.book(p, "D005@2026-11-30T09").department == "NEUR")
            #expect(refusal { try h.book(p, "D011@2026-11-30T09") } == .tooManyAppointments(limit: 10))
        }
    }

    @Test("a slot cannot be booked from its start minute; a minute before it can")
    func slotStarted() throws {
        try withDemoHospital { h in
            let a = try h.patient("张三", 1), b = try h.patient("李四", 2)
            #expect(refusal { try h.book(a, "CT1@2026-11-25T08") } == .slotStarted(slot: "CT1@2026-11-25T08"))
            #expect(refusal { try h.book(a, "CT1@2026-11-25T09", store: h.at("2026-11-25T09:00")) } == .slotStarted(slot: "CT1@2026-11-25T09"))
            #expect(try h.book(b, "CT1@2026-11-25T09", store: h.at("2026-11-25T08:59")).status == .booked)
            #expect(try h.slotView("CT1@2026-11-25T08").available == 0)  // a started slot offers nothing
        }
    }

    @Test("the public books up to 7 days ahead and the alliance up to 14, counted in calendar days")
    func horizons() throws {
        try withDemoHospital(days: 16) { h in
            let p = try h.patients(5)
            #expect(try h.book(p[0], "D002@2026-12-02T09").status == .booked)  // today + 7
            #expect(refusal { try h.book(p[1], "D001@2026-12-03T09") } == .outsideHorizon(slot: "D001@2026-12-03T09", days: 7))
            #expect(try alliance(h, p[1], "D001@2026-12-03T09").pool == .reserved)  // the alliance's head start
            #expect(try alliance(h, p[2], "D002@2026-12-09T09").status == .booked)  // today + 14
            #expect(refusal { try alliance(h, p[3], "D001@2026-12-10T09") } == .outsideHorizon(slot: "D001@2026-12-10T09", days: 14))
            // Late in the evening it is still the same day: the horizon does not move with the hour.
            #expect(refusal { try h.book(p[4], "D001@2026-12-03T09", store: h.at("2026-11-25T23:59")) } == .outsideHorizon(slot: "D001@2026-12-03T09", days: 7))
            #expect(try h.book(p[4], "D001@2026-12-03T09", store: h.at("2026-11-26T00:00")).status == .booked)
        }
    }

    @Test("cancelling gives the seat back: the slot's count drops and the next patient gets it")
    func cancelReturnsSeat() throws {
        try withDemoHospital { h in
            let p = try h.patients(5)
            var appointments: [AppointmentView] = []
            for patient in p.prefix(4) { appointments.append(try h.book(patient, "D001@2026-11-26T09")) }
            #expect(refusal { try h.book(p[4], "D001@2026-11-26T09") } == .slotFull(slot: "D001@2026-11-26T09"))
            let cancelled = try h.store.cancel(appointment: appointments[1].id, by: Hospital.desk)
            #expect(cancelled.status == .cancelled)
            #expect(try h.slotView("D001@2026-11-26T09").booked == 3)
            #expect(try h.book(p[4], "D001@2026-11-26T09").status == .booked)
            #expect(try h.slotView("D001@2026-11-26T09").booked == 4)
            #expect(refusal { try h.store.cancel(appointment: appointments[1].id, by: Hospital.desk) }
                == .wrongStatus(appointment: appointments[1].id, status: .cancelled, action: "cancel"))
            #expect(refusal { try h.store.cancel(appointment: 9999, by: Hospital.desk) } == .notFound(kind: "appointment", key: "9999"))
        }
    }

    @Test("a cancelled reserved seat goes back to the alliance before release")
    func cancelReturnsReservedSeat() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            let referred = try alliance(h, p, "D001@2026-12-01T09")
            #expect(try h.slotView("D001@2026-12-01T09").seats.reservedAvailable == 1)
            _ = try h.store.cancel(appointment: referred.id, by: Hospital.referralOffice)
            let seats = try h.slotView("D001@2026-12-01T09")
            #expect(seats.reservedUsed == 0)
            #expect(seats.seats.reservedAvailable == 2)
            #expect(seats.available == 2)
        }
    }

    @Test("cancelling at the slot's start minute is refused; a minute before it goes through")
    func cancelTooLate() throws {
        try withDemoHospital { h in
            let a = try h.book(try h.patient("张三", 1), "D001@2026-11-26T09")
            #expect(refusal { try h.at("2026-11-26T09:00").cancel(appointment: a.id, by: Hospital.desk) } == .cancelTooLate(appointment: a.id))
            #expect(try h.store.appointment(a.id).status == .booked)
            #expect(try h.at("2026-11-26T08:59").cancel(appointment: a.id, by: Hospital.desk).status == .cancelled)
        }
    }

    @Test("check-in opens on the day and closes 30 minutes after the slot ends; only then is a no-show recorded")
    func checkInAndNoShow() throws {
        try withDemoHospital { h in
            let early = try h.book(try h.patient("张三", 1), "D001@2026-11-26T09")
            let late = try h.book(try h.patient("李四", 2), "D001@2026-11-26T10")
            let missing = try h.book(try h.patient("王五", 3), "D001@2026-11-26T11")

            #expect(refusal { try h.at("2026-11-25T20:00").checkIn(appointment: early.id, by: Hospital.desk) }
                == .checkInTooEarly(appointment: early.id, date: day("2026-11-26")))
            let arrived = try h.at("2026-11-26T10:29").checkIn(appointment: early.id, by: Hospital.desk)
            #expect(arrived.status == .checkedIn)
            #expect(arrived.checkedInAt == "2026-11-26T10:29")
            #expect(refusal { try h.at("2026-11-26T10:40").markNoShow(appointment: early.id, by: Hospital.desk) }
                == .wrongStatus(appointment: early.id, status: .checkedIn, action: "mark as no-show"))

            #expect(refusal { try h.at("2026-11-26T11:29").markNoShow(appointment: late.id, by: Hospital.desk) }
                == .noShowTooEarly(appointment: late.id, deadline: at("2026-11-26T11:30")))
            #expect(refusal { try h.at("2026-11-26T11:30").checkIn(appointment: late.id, by: Hospital.desk) } == .checkInTooLate(appointment: late.id))
            #expect(try h.at("2026-11-26T11:30").markNoShow(appointment: late.id, by: Hospital.desk).status == .noShow)

            // The evening sweep marks what is overdue, and only that.
            #expect(try h.at("2026-11-26T12:29").sweepNoShows(by: Hospital.desk) == 0)
            #expect(try h.at("2026-11-26T12:30").sweepNoShows(by: Hospital.desk) == 1)
            #expect(try h.store.appointment(missing.id).status == .noShow)
            #expect(try h.at("2026-11-26T20:00").sweepNoShows(by: Hospital.desk) == 0)
            // A no-show still holds its seat in the slot's history.
            #expect(try h.slotView("D001@2026-11-26T10").booked == 1)
        }
    }

    @Test("three no-shows in 90 days flag the patient: booking needs a reason, and the reason is stored")
    func flaggedPatient() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            for date in ["2026-11-25", "2026-11-26", "2026-11-27"] { _ = try h.book(p, "CT1@\(date)T09") }
            let saturday = h.at("2026-11-28T08:00")
            #expect(try saturday.patient(.id(p.id)).recentNoShows == 3)
            #expect(try saturday.patient(.id(p.id)).flagged)
            let request = BookingRequest(patient: .id(p.id), slot: slot("D001@2026-12-01T09"))
            #expect(refusal { try saturday.book(request, by: Hospital.desk) } == .patientFlagged(noShows: 3))
            var blank = request
            blank.reason = "   "
            #expect(refusal { try saturday.book(blank, by: Hospital.desk) } == .patientFlagged(noShows: 3))
            var explained = request
            explained.reason = "  社区医生电话确认：上次因住院未到  "
            let booked = try saturday.book(explained, by: Hospital.desk)
            #expect(booked.flagReason == "社区医生电话确认：上次因住院未到")
            let audit = try h.rawDatabase().read { db in try String.fetchOne(db, sql: "SELECT after FROM audit WHERE action = 'appointment.book' ORDER BY id DESC LIMIT 1") }
            #expect(audit?.contains("社区医生电话确认") == true)
            // The booking marked the three overdue appointments on the way.
            #expect(try h.count("SELECT count(*) FROM appointment WHERE status = 'no_show'") == 3)
        }
    }

    @Test("two no-shows do not flag: a reason given anyway is not recorded")
    func twoNoShows() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            for date in ["2026-11-25", "2026-11-26"] { _ = try h.book(p, "CT1@\(date)T09") }
            var request = BookingRequest(patient: .id(p.id), slot: slot("D001@2026-12-01T09"))
            request.reason = "不需要"
            let booked = try h.at("2026-11-28T08:00").book(request, by: Hospital.desk)
            #expect(booked.flagReason == nil)
        }
    }

    @Test("no-shows older than 90 days no longer flag the patient")
    func noShowWindow() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            for date in ["2026-11-25", "2026-11-26", "2026-11-27"] { _ = try h.book(p, "CT1@\(date)T09") }
            _ = try h.at("2026-11-28T08:00").sweepNoShows(by: Hospital.desk)
            // 90 days after 25 November the first one drops out of the window.
            let stillFlagged = h.at("2027-02-23T08:00")
            let windowMoved = h.at("2027-02-24T08:00")
            _ = try h.store.generateSlots(from: day("2027-02-23"), to: day("2027-02-25"), by: Hospital.admin)
            #expect(try stillFlagged.patient(.id(p.id)).recentNoShows == 3)
            #expect(try windowMoved.patient(.id(p.id)).recentNoShows == 2)
            #expect(refusal { try h.book(p, "CT1@2027-02-23T10", store: stillFlagged) } == .patientFlagged(noShows: 3))
            #expect(try h.book(p, "CT1@2027-02-24T10", store: windowMoved).status == .booked)
        }
    }

    @Test("a patient who is 65 on the day of the appointment is in the priority group; a day short of 65, regular")
    func elderlyPriority() throws {
        try withDemoHospital { h in
            let birthday = try h.patient("张三", 1, birth: "19611126")
            let dayShort = try h.patient("李四", 2, birth: "19611127")
            #expect(try h.book(birthday, "D001@2026-11-26T09").priority == .priority)
            #expect(try h.book(dayShort, "D001@2026-11-26T10").priority == .regular)
            #expect(try h.book(dayShort, "D002@2026-11-27T09").priority == .priority)  // the next day, 65
            // The green channel is a referral's class (rule 8), never chosen at the desk.
            var green = BookingRequest(patient: .id(birthday.id), slot: slot("CT1@2026-11-26T10"))
            green.priority = .green
            #expect(refusal { try h.store.book(green, by: Hospital.desk) } == .greenNeedsReferral)
            green.priority = nil
            #expect(try h.store.book(green, by: Hospital.desk).priority == .priority)
        }
    }

    @Test("the night shift may not book, and the desk may not apply setup or import patients (rule 13); refusals change nothing")
    func roles() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1)
            let night = Operator(name: "night:sun", terminal: "/dev/pts/9", roles: [.night])
            _ = try h.book(p, "D001@2026-11-26T09")
            let audit = try h.auditRows()
            let nightBooking = refusal { try h.store.book(BookingRequest(patient: .id(p.id), slot: slot("CT1@2026-11-26T10")), by: night) }
            #expect(nightBooking == .notPermitted(permission: "appointment.book", roles: [.desk, .coordinator, .admin]))
            guard case .notPermitted = refusal({ try h.store.applySetup(smallSetup(), by: Hospital.desk) }),
                  case .notPermitted = refusal({ try h.store.importPatients(csv: Data(), by: Hospital.desk) }),
                  case .notPermitted = refusal({ try h.store.generateSlots(from: day("2026-11-25"), to: day("2026-11-25"), by: Hospital.desk) }) else {
                Issue.record("the desk changed master data")
                return
            }
            #expect(try h.count("SELECT count(*) FROM appointment") == 1)
            #expect(try h.auditRows() == audit)
        }
    }
}
