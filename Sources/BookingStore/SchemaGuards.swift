import BookingCore
import GRDB

/// The schema's second line of defence, each guard known by the name its refusal carries: the
/// index or trigger name SQLite reports, or for an unnamed CHECK its expression. A refusal is
/// recognised by that name alone, never by a message's wording, and mapped to the error the core
/// would have given, with the real values read back inside the same transaction.
enum SchemaGuard: String, CaseIterable, Sendable {
    /// Rule 5: never two live appointments of a patient in the same hour (011, the trigger
    /// appointment_same_hour over the index of that name).
    case onePerHour = "appointment_one_per_hour"
    /// Rule 5: one clinic per department, one exam per exam resource, per patient and day (011).
    case onePerDay = "appointment_one_per_day"
    /// Rule 12: nothing is booked on a holiday (011).
    case notOnHoliday = "appointment_not_on_holiday"
    /// Rule 3: nothing is booked into an hour after its walk-in cutoff (012).
    case beforeCutoff = "appointment_before_cutoff"
    /// Rule 3: an appointment says truly whether it was booked on the visit's day (012).
    case sameDayKept = "appointment_same_day_kept"
    /// A referral is booked into at most one live appointment (002, 010).
    case liveReferral = "appointment_live_referral"
    /// Rule 1: booked ≤ capacity, the slot's CHECK kept true by the seat triggers (001).
    case seatCount = "public_used + reserved_used <= capacity + added"
    /// An appointment is for a slot that is offered, as it is (appointment_matches_slot, 001).
    case matchesSlot = "appointment does not match an offered slot"

    /// The guard a database error names, if it is one of these.
    static func named(in error: DatabaseError) -> SchemaGuard? {
        guard error.resultCode == .SQLITE_CONSTRAINT, let message = error.message else { return nil }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE:
            // An index on expressions is named ("UNIQUE constraint failed: index 'appointment_one_per_hour'");
            // one on columns is named by its columns, and appointment_live_referral is the only one on referral_id.
            if let start = message.range(of: "index '"), let end = message[start.upperBound...].firstIndex(of: "'") {
                return SchemaGuard(rawValue: String(message[start.upperBound..<end]))
            }
            return message.hasSuffix(": appointment.referral_id") ? .liveReferral : nil
        case .SQLITE_CONSTRAINT_CHECK:
            let prefix = "CHECK constraint failed: "
            guard message.hasPrefix(prefix) else { return nil }
            return SchemaGuard(rawValue: String(message.dropFirst(prefix.count)))
        case .SQLITE_CONSTRAINT_TRIGGER:
            return SchemaGuard(rawValue: message)
        default:
            return nil
        }
    }
}

extension Store {
    /// The refusal the core would have given for an appointment the schema refused, with the real
    /// values (the appointment it clashes with, the slot, the day), read inside the caller's
    /// transaction after SQLite undid the statement. Nil when the error is no such guard.
    static func appointmentRefusal(_ error: DatabaseError, _ db: Database, patient: Int64, slot: SlotRow,
                                   referral: Int64?) throws -> BookingError? {
        guard let guardName = SchemaGuard.named(in: error) else { return nil }
        let date = slot.state.date
        switch guardName {
        case .onePerHour:
            let existing = try Int64.fetchOne(db, sql: """
                SELECT id FROM appointment WHERE patient_id = ? AND date = ? AND hour = ? AND status IN ('booked', 'checked_in')
                """, arguments: [patient, date.description, slot.state.hour])
            return existing.map { .sameHourBooking(existing: $0, slot: slot.state.label) }
        case .onePerDay:
            let day = try patientDay(db, patient: patient, slot: slot, now: LocalDateTime(date: date, hour: 0))
            guard let existing = day?.sameDepartmentDay else { return nil }
            if AppointmentRules.dayScope(of: slot.kind) == .resource {
                return .duplicateExam(existing: existing, resource: slot.resource, date: date)
            }
            return .duplicateBooking(existing: existing, department: slot.departmentCode, date: date)
        case .notOnHoliday:
            return .holiday(slot: slot.state.label, date: date)
        case .beforeCutoff:
            return .walkInClosed(slot: slot.state.label, closedAt: SlotRules.walkInCloses(slot.state),
                                 cutoffMinutes: slot.state.policy.walkInCutoffMinutes)
        case .sameDayKept:
            return nil  // a flag the store computes, never the operator's doing: a storage failure naming the guard
        case .liveReferral:
            return referral.map { .referralNotBookable(referral: $0, status: .booked) }
        case .seatCount:
            return .slotFull(slot: slot.state.label)
        case .matchesSlot:
            return .notFound(kind: "slot", key: slot.state.label)
        }
    }
}
