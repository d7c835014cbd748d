import BookingCore
import BookingStore

/// The reads screens ask for, each named by what the screen shows.
public enum StoreRead: Equatable, Sendable {
    /// The departments, the bookable resources and the week's cells of the utilisation picture.
    case utilisationWeek(from: LocalDate)
    /// Every resource that has a call queue (all but the theatres).
    case queueResources
    /// The call queue of one resource-hour; `nil` when no session runs then.
    case callQueue(SlotReference)
    /// A page of the audit log, as the signed-in operator may read it.
    case auditLog(AuditFilter)
    /// The alliance clinics and the departments: the referral office's filters.
    case referralOffice
    case referralInbox(ReferralFilter)
    case slots(SlotFilter)
    /// The reserved-quota board of the alliance horizon.
    case quotaBoard(from: LocalDate, to: LocalDate, department: String?, clinic: String?)
    // Day surgery (rule 11).
    /// The first day after `after` with a theatre open, within two weeks.
    case nextTheatreDay(after: LocalDate)
    /// One day's theatre lists, and the queue.
    case surgeryDay(LocalDate)
    /// The ready case that best fills a theatre's gap at `position`, or its end when nil.
    case backfillProposal(theatre: String, date: LocalDate, position: Int?)
    /// The planner's proposal for the next `days` theatre days.
    case surgeryPlan(days: Int)
    // The front desk.
    case departments
    /// A department's resources, theatres included (the screen leaves them out).
    case resources(department: String)
    /// One resource's appointments of one day, and their patients' recent no-shows (rule 7).
    case dayList(AppointmentFilter)
    /// The waitlist, of one department or all.
    case waitlist(department: String?)
    /// The patients to telephone (rule 10).
    case notifications
    /// The patient in hand, as the store has them now; nil in the answer when they are gone.
    case patientInHand(Int64)
    /// A patient the operator chose by number.
    case patient(Int64)
    /// A patient's live appointments (rule 5: clashes seen before booking).
    case patientAppointments(Int64)
    /// Patients matching what was typed: name, pinyin initials, ID, phone, card.
    case findPatients(String)
    /// The slip of one appointment, in the operator's language.
    case appointmentSlip(Int64, Language)
}

/// An alliance clinic as the referral office's filter names it.
public struct AllianceClinic: Equatable, Sendable {
    public let code: String
    public let name: String
}

/// What the store answered to a `StoreRead`.
public enum StoreAnswer: Equatable, Sendable {
    case utilisationWeek(from: LocalDate, departments: [DepartmentView], resources: [ResourceView], cells: [UtilisationCell])
    case queueResources([ResourceView])
    case callQueue(SlotReference, CallQueueView?)
    case auditLog(AuditFilter, [AuditRecord])
    case referralOffice(clinics: [AllianceClinic], departments: [DepartmentView])
    case referralInbox(ReferralFilter, [ReferralView])
    case slots(SlotFilter, [SlotView])
    case quotaBoard([QuotaRow])
    case nextTheatreDay(after: LocalDate, LocalDate?)
    case surgeryDay(LocalDate, SurgeryDayView, queue: [SurgeryCaseView])
    case backfillProposal(theatre: String, date: LocalDate, position: Int?, BackfillProposal?)
    case surgeryPlan([SurgeryPlanItem])
    case departments([DepartmentView])
    case resources(department: String, [ResourceView])
    case dayList(AppointmentFilter, [AppointmentView], noShows: [Int64: Int])
    case waitlist(department: String?, [WaitlistView])
    case notifications([NotificationView])
    case patientInHand(Int64, PatientView?)
    case patient(PatientView)
    case patientAppointments(Int64, [AppointmentView])
    case patients(query: String, [PatientView])
    case appointmentSlip(Int64, AppointmentSlip)
}
