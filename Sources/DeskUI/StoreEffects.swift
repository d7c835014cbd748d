import BookingCore
import BookingStore

/// The shell around the screens: runs what a screen's `handle` asked for against the store, as
/// the signed-in operator, and hands each answer back to the screen as its next input. The one
/// place where the screens' reads and commands reach the store (the app itself reads only the
/// clock, the change mark and whether the sign-in still holds).
struct StoreEffects {
    let store: Store
    let actor: Operator

    /// Hands `input` to `screen`, then runs what it asks for, and what each answer asks for in
    /// turn, until the screen asks for nothing more.
    func drive<Screen: EffectScreen>(_ screen: inout Screen, _ input: DeskInput) {
        run(screen.handle(input, actor: actor), on: &screen)
    }

    /// Shows `screen` afresh: the hospital clock's minute, then everything it reads.
    func reload<Screen: EffectScreen>(_ screen: inout Screen) {
        drive(&screen, .tick(store.now))
        run(screen.reload(), on: &screen)
    }

    /// Runs `effects` in order, each answer handled before the next effect runs; what an answer
    /// asks for runs before the effects after it (the week's slots before the next list).
    ///
    /// What a change reported (`已预约 1234 …`, or why it was refused) stays on the message line:
    /// a read that fails in the reload after it does not replace it, so a clerk never reads an
    /// error for a booking that was made. The change moved the change mark, so the next poll
    /// reads again and shows the error then if it persists.
    func run<Screen: EffectScreen>(_ effects: [DeskEffect], on screen: inout Screen) {
        Self.run(effects, on: &screen, actor: actor, answer: answer(to:))
    }

    /// `run` with the store's part given as `answer`: what each effect comes back as.
    static func run<Screen: EffectScreen>(_ effects: [DeskEffect], on screen: inout Screen, actor: Operator,
                                          answer: (DeskEffect) -> DeskInput) {
        var pending = effects[...]
        var report: DeskMessage?
        while let effect = pending.popFirst() {
            let answered = answer(effect)
            let more = screen.handle(answered, actor: actor)
            switch (effect, answered) {
            case (.run, _): report = screen.message
            case (.read, .failed): if let report { screen.message = report }
            default: break
            }
            pending = (more + pending)[...]
        }
    }

    /// Runs one effect: the store's answer, or its refusal.
    func answer(to effect: DeskEffect) -> DeskInput {
        do {
            switch effect {
            case let .read(read): return .loaded(try answer(read))
            case let .run(command): return .finished(try perform(command))
            case let .preview(command): return .previewed(command, try perform(command, dryRun: true))
            }
        } catch {
            return .failed(effect, error)
        }
    }

    private func answer(_ read: StoreRead) throws(BookingError) -> StoreAnswer {
        switch read {
        case let .utilisationWeek(from):
            return .utilisationWeek(from: from, departments: try store.departments(), resources: try store.resources(),
                                    cells: try store.utilisationCells(from: from, to: from.adding(days: 6)))
        case .queueResources:
            return .queueResources(try store.resources().filter { $0.kind != .theatre })
        case let .callQueue(place):
            do {
                return .callQueue(place, try store.callQueue(place))
            } catch .notFound {
                return .callQueue(place, nil)  // no session this hour
            }
        case let .auditLog(filter):
            return .auditLog(filter, try store.auditLog(filter, by: actor))
        case .referralOffice:
            return .referralOffice(clinics: try store.clinics().map { AllianceClinic(code: $0.code, name: $0.name) }, departments: try store.departments())
        case let .referralInbox(filter):
            return .referralInbox(filter, try store.referrals(filter))
        case let .slots(filter):
            return .slots(filter, try store.slots(filter))
        case let .quotaBoard(from, to, department, clinic):
            return .quotaBoard(try store.quotaReport(from: from, to: to, department: department, clinic: clinic))
        case let .nextTheatreDay(after):
            return .nextTheatreDay(after: after, try store.nextTheatreDay(after: after))
        case let .surgeryDay(date):
            return .surgeryDay(date, try store.surgeryDay(date), queue: try store.surgeryQueue())
        case let .backfillProposal(theatre, date, position):
            return .backfillProposal(theatre: theatre, date: date, position: position, try store.proposeBackfill(theatre: theatre, date: date, position: position))
        case let .surgeryPlan(days):
            return .surgeryPlan(try store.proposeSurgeryPlan(days: days))
        case .departments:
            return .departments(try store.departments())
        case let .resources(department):
            return .resources(department: department, try store.resources(department: department))
        case let .dayList(filter):
            let list = try store.appointments(filter)
            return .dayList(filter, list, noShows: try store.recentNoShows(patients: list.map(\.patientID)))
        case let .waitlist(department):
            return .waitlist(department: department, try store.waitlist(department: department))
        case .notifications:
            return .notifications(try store.notifications())
        case let .patientInHand(id):
            return .patientInHand(id, try? store.patient(.id(id)))
        case let .patient(id):
            return .patient(try store.patient(.id(id)))
        case let .patientAppointments(id):
            return .patientAppointments(id, try store.appointments(AppointmentFilter(patient: .id(id), liveOnly: true)))
        case let .findPatients(query):
            return .patients(query: query, try store.findPatients(query))
        case let .appointmentSlip(id, language):
            return .appointmentSlip(id, try store.appointmentSlip(id, language: language))
        }
    }

    /// Carries out `command` (rolled back when `dryRun`) and says what it did.
    func perform(_ command: StoreCommand, dryRun: Bool = false) throws(BookingError) -> CommandOutcome {
        switch command {
        case let .callNext(place): return .callQueue(try store.callNext(place, by: actor))
        case let .recall(place): return .callQueue(try store.recall(place, by: actor))
        case let .skip(place): return .callQueue(try store.skip(place, by: actor))
        case let .finishVisit(place): return .callQueue(try store.finishVisit(place, by: actor))
        case let .signIn(username, password, terminal):
            return .signedIn(try store.authenticate(username: username, password: password, terminal: terminal))
        case let .changeInitialPassword(username, old, new, terminal):
            // Changed as the account itself, then signed in with the new password.
            let me = Operator(name: username, terminal: terminal, roles: [], mustChangePassword: true)
            _ = try store.changePassword(username: username, old: old, new: new, by: me)
            return .signedIn(try store.authenticate(username: username, password: new, terminal: terminal))
        case let .unlock(username, password, terminal):
            return .unlocked(try store.authenticate(username: username, password: password, terminal: terminal, purpose: .unlock))
        case let .book(request): return .booked(try store.book(request, by: actor, dryRun: dryRun))
        case let .cancel(id): return .cancelled(try store.cancel(appointment: id, by: actor, dryRun: dryRun))
        case let .markNoShow(id): return .markedNoShow(try store.markNoShow(appointment: id, by: actor, dryRun: dryRun))
        case .sweepNoShows: return .noShowsSwept(try store.sweepNoShows(by: actor, dryRun: dryRun))
        case let .addToWaitlist(request):
            if dryRun {
                let preview = try store.previewWaitlist(request, by: actor)
                return .waitlisted(preview.entry, seat: preview.booked)
            }
            let w = try store.addToWaitlist(request, by: actor)
            // A seat freed between the question and the answer: the entry was booked at once.
            let seat = w.status == "booked" ? try w.appointmentID.map { id throws(BookingError) in try store.appointment(id) } : nil
            return .waitlisted(w, seat: seat)
        case let .removeFromWaitlist(id): return .offWaitlist(try store.removeFromWaitlist(id, by: actor))
        case let .acceptOffer(id): return .rebooked(try store.acceptOffer(id, by: actor))
        case let .declineOffer(id): return .offerDeclined(try store.declineOffer(id, by: actor))
        case let .cancelReferral(id, reason): return .referralWithdrawn(try store.cancelReferral(id, reason: reason, by: actor))
        case let .postponeSurgery(id, reason): return .postponed(try store.postponeSurgery(case: id, reason: reason, by: actor))
        case let .backfillSurgery(theatre, date, position, expecting):
            return .backfilled(try store.backfillSurgery(theatre: theatre, date: date, position: position, expecting: expecting, by: actor))
        case let .scheduleSurgery(id, theatre, date): return .scheduled(try store.scheduleSurgery(case: id, theatre: theatre, date: date, by: actor))
        case let .applySurgeryPlan(proposals): return .planned(try store.applySurgeryPlan(proposals, by: actor).count)
        case let .tickChecklist(id, item, undo):
            return .checklistTicked(try store.tickChecklist(case: id, items: [item], undo: undo, by: actor), item, undo: undo)
        case let .confirmSurgery(id): return .surgeryConfirmed(try store.confirmSurgery(case: id, by: actor))
        case let .reorderSurgery(id, from, to): return .reordered(try store.reorderSurgery(case: id, position: to, by: actor), from: from)
        case let .checkIn(id): return .checkedIn(try store.checkIn(appointment: id, by: actor, dryRun: dryRun))
        case let .markNotified(id): return .notified(try store.markNotified(id, by: actor))
        case let .revealPhone(id, reason): return .phoneRevealed(notification: id, phone: try store.phoneToCall(notification: id, reason: reason, by: actor))
        case let .registerPatient(input): return .registered(try store.registerPatient(input, by: actor))
        }
    }
}

/// A screen as state + `handle(input) -> effects`: it never touches the store or the clock.
protocol EffectScreen {
    /// The message line.
    var message: DeskMessage? { get set }
    /// What one input does to the screen, and what the app should run for it.
    mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect]
    /// What to read to show the screen afresh (when it comes to the front).
    mutating func reload() -> [DeskEffect]
}
