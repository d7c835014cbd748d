/// What the rules need to know about one slot at the moment of a decision.
public struct SlotState: Sendable, Equatable {
    public var label: String
    public var date: LocalDate
    public var hour: Int
    public var capacity: Int
    public var reserved: Int
    /// Seats added on purpose (green-channel add-ons, rule 9); part of the capacity.
    public var added: Int
    /// Seats held by bookings whose seat came from the public part.
    public var publicUsed: Int
    /// Seats held by alliance bookings whose seat came from the reserved part.
    public var reservedUsed: Int
    public var policy: BookingPolicy
    /// The department's code, for messages.
    public var department: String

    public init(label: String, date: LocalDate, hour: Int, capacity: Int, reserved: Int, added: Int = 0,
                publicUsed: Int = 0, reservedUsed: Int = 0, policy: BookingPolicy = .standard, department: String = "") {
        self.label = label
        self.date = date
        self.hour = hour
        self.capacity = capacity
        self.reserved = reserved
        self.added = added
        self.publicUsed = publicUsed
        self.reservedUsed = reservedUsed
        self.policy = policy
        self.department = department
    }

    public var start: LocalDateTime { LocalDateTime(date: date, hour: hour) }
    public var end: LocalDateTime { start.adding(minutes: 60) }
    public var booked: Int { publicUsed + reservedUsed }
}

/// How many seats of a slot each kind of booking may still take, at one moment.
public struct SeatAvailability: Sendable, Equatable {
    /// Free seats that any booking may take.
    public let publicAvailable: Int
    /// Free reserved seats that only alliance bookings may take (0 once released).
    public let reservedAvailable: Int
    /// True once the slot's reserved part has joined the public pool (rule 2).
    public let released: Bool

    public var total: Int { publicAvailable + reservedAvailable }
}

/// Capacity, release and horizon (rules 1–3), as pure functions of a slot and the clock.
public enum SlotRules {
    /// The moment unused reserved seats become public: slot start − the department's lead time.
    public static func releaseMoment(of slot: SlotState) -> LocalDateTime {
        slot.start.adding(minutes: -slot.policy.releaseLeadHours * 60)
    }

    public static func isReleased(_ slot: SlotState, now: LocalDateTime) -> Bool {
        now >= releaseMoment(of: slot)
    }

    public static func availability(of slot: SlotState, now: LocalDateTime) -> SeatAvailability {
        let released = isReleased(slot, now: now)
        let free = max(0, slot.capacity + slot.added - slot.booked)
        let reservedHeld = released ? 0 : max(0, slot.reserved - slot.reservedUsed)
        let reservedFree = min(free, reservedHeld)
        return SeatAvailability(publicAvailable: free - reservedFree, reservedAvailable: reservedFree, released: released)
    }

    /// The last day a booking of this channel may target (rule 3).
    public static func horizonEnd(today: LocalDate, channel: BookingChannel, policy: BookingPolicy) -> LocalDate {
        today.adding(days: channel == .alliance ? policy.allianceHorizonDays : policy.publicHorizonDays)
    }

    /// Decides whether a booking may take a seat in `slot` now, and from which pool:
    /// alliance bookings use the reserved part first, then the public part (rule 1). A clinic that
    /// already holds its department's daily cap of reserved seats (`clinicReservedToday`) books
    /// like the public. The count is required: every path that books a seat (the desk, the
    /// waitlist, stop-clinic's rebooking and offers) must say how many the clinic holds that day.
    public static func seatFor(_ channel: BookingChannel, in slot: SlotState, now: LocalDateTime,
                               clinic: String = "", clinicReservedToday: Int) -> Result<SeatPool, BookingError> {
        if slot.start <= now { return .failure(.slotStarted(slot: slot.label)) }
        let lastDay = horizonEnd(today: now.date, channel: channel, policy: slot.policy)
        if slot.date > lastDay {
            let days = channel == .alliance ? slot.policy.allianceHorizonDays : slot.policy.publicHorizonDays
            return .failure(.outsideHorizon(slot: slot.label, days: days))
        }
        let seats = availability(of: slot, now: now)
        switch channel {
        case .alliance:
            let capped = slot.policy.clinicDailyCap.map { clinicReservedToday >= $0 } ?? false
            if seats.reservedAvailable > 0 && !capped { return .success(.reserved) }
            if seats.publicAvailable > 0 { return .success(.publicPool) }
            if seats.reservedAvailable > 0, let cap = slot.policy.clinicDailyCap {
                return .failure(.clinicCapReached(clinic: clinic, department: slot.department, date: slot.date, cap: cap))
            }
        case .publicDesk:
            if seats.publicAvailable > 0 { return .success(.publicPool) }
            if seats.reservedAvailable > 0 {
                return .failure(.publicSeatsReserved(slot: slot.label, releaseAt: releaseMoment(of: slot)))
            }
        }
        return .failure(.slotFull(slot: slot.label))
    }
}

/// The patient's side of booking, cancelling, arriving and not arriving (rules 5–7).
public enum AppointmentRules {
    /// Rule 5: live future appointments a patient may hold at once.
    public static let maxLiveAppointments = 10
    /// Rule 7: minutes after slot end before a booked appointment counts as a no-show.
    public static let noShowGraceMinutes = 30
    /// Rule 7: no-shows within this many days flag the patient…
    public static let noShowWindowDays = 90
    /// …once there are this many.
    public static let noShowFlagThreshold = 3

    /// The moment an appointment not checked in becomes a no-show.
    public static func noShowDeadline(date: LocalDate, hour: Int) -> LocalDateTime {
        LocalDateTime(date: date, hour: hour + 1).adding(minutes: noShowGraceMinutes)
    }

    /// First day counted when looking back for no-shows from `today`.
    public static func noShowWindowStart(today: LocalDate) -> LocalDate { today.adding(days: -noShowWindowDays) }

    /// Rule 5: which of a patient's live appointments that day rule out another one. A clinic
    /// appointment rules out another clinic of the same department; an exam (检查集中预约) rules
    /// out only the same exam resource, so a CT in the morning and an ultrasound after are one
    /// visit. Whatever the kinds, two live appointments never share an hour.
    public enum DayScope: Sendable, Equatable {
        case department
        case resource
    }

    public static func dayScope(of kind: ResourceKind) -> DayScope { kind == .exam ? .resource : .department }

    /// Rules 5 and 7 for the patient: checked after the slot decision, inside the same transaction.
    /// `existing` is the patient's live appointment that day in the booking's day scope
    /// (`dayScope`): the department, or for an exam (`examResource`) the exam resource; `sameHour`
    /// their live appointment in the slot's hour, anywhere.
    public static func checkPatient(sameDepartmentDay existing: Int64?, department: String, date: LocalDate,
                                    liveFuture: Int, noShows: Int, overrideReason: String?,
                                    examResource: String? = nil, sameHour: Int64? = nil, slot: String = "") -> BookingError? {
        if let existing {
            if let examResource { return .duplicateExam(existing: existing, resource: examResource, date: date) }
            return .duplicateBooking(existing: existing, department: department, date: date)
        }
        if liveFuture >= maxLiveAppointments { return .tooManyAppointments(limit: maxLiveAppointments) }
        if let sameHour { return .sameHourBooking(existing: sameHour, slot: slot) }
        if noShows >= noShowFlagThreshold, (overrideReason?.trimmingWhitespace() ?? "").isEmpty {
            return .patientFlagged(noShows: noShows)
        }
        return nil
    }

    /// Rule 6: a live appointment may be cancelled until its slot starts.
    public static func checkCancel(id: Int64, status: AppointmentStatus, slotStart: LocalDateTime, now: LocalDateTime) -> BookingError? {
        guard status == .booked || status == .checkedIn else { return .wrongStatus(appointment: id, status: status, action: "cancel") }
        return now >= slotStart ? .cancelTooLate(appointment: id) : nil
    }

    /// Check-in opens on the day of the appointment and closes at the no-show deadline.
    public static func checkCheckIn(id: Int64, status: AppointmentStatus, date: LocalDate, hour: Int, now: LocalDateTime) -> BookingError? {
        guard status == .booked else { return .wrongStatus(appointment: id, status: status, action: "check in") }
        if now.date < date { return .checkInTooEarly(appointment: id, date: date) }
        if now >= noShowDeadline(date: date, hour: hour) { return .checkInTooLate(appointment: id) }
        return nil
    }

    /// Rule 7: only a booked appointment past its deadline becomes a no-show.
    public static func checkNoShow(id: Int64, status: AppointmentStatus, date: LocalDate, hour: Int, now: LocalDateTime) -> BookingError? {
        guard status == .booked else { return .wrongStatus(appointment: id, status: status, action: "mark as no-show") }
        let deadline = noShowDeadline(date: date, hour: hour)
        return now < deadline ? .noShowTooEarly(appointment: id, deadline: deadline) : nil
    }
}
