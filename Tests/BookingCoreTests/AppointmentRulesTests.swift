import BookingCore
import Testing

@Suite("Cancelling, arriving and not arriving (rules 5–7)")
struct AppointmentRulesTests {
    static let thursday = day("2026-11-26")

    @Test("cancelling is allowed until a minute before the slot starts, refused at the start minute")
    func cancel() {
        let start = at("2026-11-26T09:00")
        #expect(AppointmentRules.checkCancel(id: 7, status: .booked, slotStart: start, now: at("2026-11-26T08:59")) == nil)
        #expect(AppointmentRules.checkCancel(id: 7, status: .checkedIn, slotStart: start, now: at("2026-11-26T08:59")) == nil)
        #expect(AppointmentRules.checkCancel(id: 7, status: .booked, slotStart: start, now: start) == .cancelTooLate(appointment: 7))
        #expect(AppointmentRules.checkCancel(id: 7, status: .booked, slotStart: start, now: at("2026-11-26T10:00")) == .cancelTooLate(appointment: 7))
    }

    @Test("an appointment already cancelled, done or missed cannot be cancelled", arguments: [AppointmentStatus.cancelled, .completed, .noShow])
    func cancelWrongStatus(status: AppointmentStatus) {
        #expect(AppointmentRules.checkCancel(id: 7, status: status, slotStart: at("2026-11-26T09:00"), now: at("2026-11-25T08:00"))
            == .wrongStatus(appointment: 7, status: status, action: "cancel"))
    }

    @Test("check-in opens on the day and closes 30 minutes after the slot ends")
    func checkIn() {
        #expect(AppointmentRules.checkCheckIn(id: 7, status: .booked, date: Self.thursday, hour: 9, now: at("2026-11-25T23:59"))
            == .checkInTooEarly(appointment: 7, date: Self.thursday))
        #expect(AppointmentRules.checkCheckIn(id: 7, status: .booked, date: Self.thursday, hour: 9, now: at("2026-11-26T00:00")) == nil)
        #expect(AppointmentRules.checkCheckIn(id: 7, status: .booked, date: Self.thursday, hour: 9, now: at("2026-11-26T10:29")) == nil)
        #expect(AppointmentRules.checkCheckIn(id: 7, status: .booked, date: Self.thursday, hour: 9, now: at("2026-11-26T10:30")) == .checkInTooLate(appointment: 7))
        #expect(AppointmentRules.checkCheckIn(id: 7, status: .checkedIn, date: Self.thursday, hour: 9, now: at("2026-11-26T09:10"))
            == .wrongStatus(appointment: 7, status: .checkedIn, action: "check in"))
    }

    @Test("the no-show deadline is slot end + 30 minutes, past midnight for the 23:00 slot")
    func deadline() {
        #expect(AppointmentRules.noShowDeadline(date: Self.thursday, hour: 9) == at("2026-11-26T10:30"))
        #expect(AppointmentRules.noShowDeadline(date: Self.thursday, hour: 23) == at("2026-11-27T00:30"))
    }

    @Test("a no-show may be recorded at the deadline, not a minute before")
    func noShow() {
        #expect(AppointmentRules.checkNoShow(id: 7, status: .booked, date: Self.thursday, hour: 9, now: at("2026-11-26T10:29"))
            == .noShowTooEarly(appointment: 7, deadline: at("2026-11-26T10:30")))
        #expect(AppointmentRules.checkNoShow(id: 7, status: .booked, date: Self.thursday, hour: 9, now: at("2026-11-26T10:30")) == nil)
        #expect(AppointmentRules.checkNoShow(id: 7, status: .checkedIn, date: Self.thursday, hour: 9, now: at("2026-11-26T12:00"))
            == .wrongStatus(appointment: 7, status: .checkedIn, action: "mark as no-show"))
    }

    @Test("a second live appointment in the same department on the same day is refused")
    func onePerDay() {
        #expect(AppointmentRules.checkPatient(sameDepartmentDay: 41, department: "CARD", date: Self.thursday, liveFuture: 1, noShows: 0, overrideReason: nil)
            == .duplicateBooking(existing: 41, department: "CARD", date: Self.thursday))
        #expect(AppointmentRules.checkPatient(sameDepartmentDay: nil, department: "CARD", date: Self.thursday, liveFuture: 1, noShows: 0, overrideReason: nil) == nil)
    }

    @Test("nine live appointments allow a tenth; ten refuse an eleventh")
    func tenLimit() {
        #expect(AppointmentRules.maxLiveAppointments == 10)
        #expect(AppointmentRules.checkPatient(sameDepartmentDay: nil, department: "CARD", date: Self.thursday, liveFuture: 9, noShows: 0, overrideReason: nil) == nil)
        #expect(AppointmentRules.checkPatient(sameDepartmentDay: nil, department: "CARD", date: Self.thursday, liveFuture: 10, noShows: 0, overrideReason: nil)
            == .tooManyAppointments(limit: 10))
    }

    @Test("three no-shows in 90 days flag the patient: booking needs a reason that is more than spaces")
    func flagged() {
        func check(_ noShows: Int, _ reason: String?) -> BookingError? {
            AppointmentRules.checkPatient(sameDepartmentDay: nil, department: "CARD", date: Self.thursday, liveFuture: 0, noShows: noShows, overrideReason: reason)
        }
        #expect(check(2, nil) == nil)
        #expect(check(3, nil) == .patientFlagged(noShows: 3))
        #expect(check(3, "  \u{3000}") == .patientFlagged(noShows: 3))
        #expect(check(4, "") == .patientFlagged(noShows: 4))
        #expect(check(3, "referred for chest pain, phoned twice") == nil)
        #expect(AppointmentRules.noShowWindowStart(today: day("2026-11-25")) == day("2026-08-27"))
    }

    @Test("only booked and checked-in appointments are live; every status but cancelled holds its seat")
    func statuses() {
        #expect(AppointmentStatus.allCases.filter(\.isLive) == [.booked, .checkedIn])
        #expect(AppointmentStatus.allCases.filter { !$0.holdsSeat } == [.cancelled])
        #expect(PriorityClass.allCases.sorted() == [.green, .referral, .priority, .regular])
    }
}
