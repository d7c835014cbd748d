import BookingCore
import BookingStore

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
