import BookingCore
import BookingStore

/// What reaches a screen: a bound action, typed text, an erase, news from outside, or the
/// store's answer to something the screen asked for.
public enum DeskInput: Equatable, Sendable {
    case action(DeskAction)
    case text(String)
    case erase
    /// The hospital clock reads this minute now; screens take their time from here only.
    case tick(LocalDateTime)
    /// Another terminal committed a change.
    case externalChange
    /// What the store read for the screen (`DeskEffect.read`).
    case loaded(StoreAnswer)
    /// A store command was carried out (`DeskEffect.run`), and what it did.
    case finished(CommandOutcome)
    /// A store command would be carried out (`DeskEffect.preview`, rolled back), and what it would do.
    case previewed(StoreCommand, CommandOutcome)
    /// The store refused the effect (a rule, a permission, storage) and changed nothing.
    case failed(DeskEffect, BookingError)
}

/// What a screen's `handle` asks the app to do, as Bubble Tea's update returns a command: the
/// screen decides, the app runs the effect against the store as the signed-in operator and
/// hands the answer back to the screen as an input (`StoreEffects`). A screen never holds the
/// store, so its logic runs in a test without a database.
public enum DeskEffect: Equatable, Sendable {
    /// Read what the screen shows; answered with `.loaded`.
    case read(StoreRead)
    /// Carry out a store command (one write transaction); answered with `.finished`.
    case run(StoreCommand)
    /// Ask the store whether the command would be carried out, rolled back; answered with `.previewed`.
    case preview(StoreCommand)
}

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

/// The store commands screens ask for.
public enum StoreCommand: Equatable, Sendable {
    // The call queue of one resource-hour.
    case callNext(SlotReference)
    case recall(SlotReference)
    case skip(SlotReference)
    case finishVisit(SlotReference)
    // Signing in (rule 13): the store checks the password, the lockout and the forced change.
    case signIn(username: String, password: String, terminal: String)
    /// A new or reset account's first password, then the sign-in with it.
    case changeInitialPassword(username: String, old: String, new: String, terminal: String)
    /// The operator of a locked screen, as the account is now.
    case unlock(username: String, password: String, terminal: String)
    // Appointments, the waitlist and the to-notify list.
    case book(BookingRequest)
    case cancel(Int64)
    case markNoShow(Int64)
    /// End of the day: every appointment past its no-show deadline (rule 7).
    case sweepNoShows
    case addToWaitlist(WaitlistRequest)
    case removeFromWaitlist(Int64)
    case acceptOffer(Int64)
    case declineOffer(Int64)
    case cancelReferral(Int64, reason: String)
    // Day surgery (rule 11).
    case postponeSurgery(Int64, reason: String)
    case backfillSurgery(theatre: String, date: LocalDate, position: Int?, expecting: Int64)
    case scheduleSurgery(Int64, theatre: String, date: LocalDate)
    case applySurgeryPlan([PlanProposal])
    case tickChecklist(Int64, ChecklistItem, undo: Bool)
    case confirmSurgery(Int64)
    /// A case moved from one place of its theatre's list to the next.
    case reorderSurgery(Int64, from: Int, to: Int)
    case checkIn(Int64)
    /// The patient on the to-notify list has been told.
    case markNotified(Int64)
    /// The phone of a patient on the to-notify list, revealed and audited (rule 10, rule 14).
    case revealPhone(notification: Int64, reason: String)
    case registerPatient(PatientInput)
}

/// What a store command did (or, previewed, would do).
public enum CommandOutcome: Equatable, Sendable {
    /// The call queue after calling, recalling, skipping or finishing.
    case callQueue(CallQueueView)
    /// Who signed in, as the store knows them now.
    case signedIn(Operator)
    case unlocked(Operator)
    case booked(AppointmentView)
    case cancelled(AppointmentView)
    case markedNoShow(AppointmentView)
    /// How many appointments past their deadline were (or would be) marked.
    case noShowsSwept(Int)
    /// On the waitlist, or booked at once into `seat` when one had freed.
    case waitlisted(WaitlistView, seat: AppointmentView?)
    case offWaitlist(WaitlistView)
    case rebooked(NotificationView)
    case offerDeclined(NotificationView)
    case referralWithdrawn(ReferralView)
    case postponed(PostponeResult)
    case backfilled(SurgeryCaseView)
    case scheduled(SurgeryCaseView)
    /// How many cases the plan put on theatre days.
    case planned(Int)
    case checklistTicked(SurgeryCaseView, ChecklistItem, undo: Bool)
    case surgeryConfirmed(SurgeryCaseView)
    case reordered(SurgeryCaseView, from: Int)
    case checkedIn(AppointmentView)
    case notified(NotificationView)
    case phoneRevealed(notification: Int64, phone: String)
    case registered(PatientView)
}
