import BookingCore
import BookingStore
import Foundation

/// A question before a change, answered with one key; the change runs only on confirmation.
struct Confirmation: Equatable {
    enum Change: Equatable {
        case book(BookingRequest)
        case cancel(Int64)
        case noShow(Int64)
        case cancelReferral(Int64)
        case waitlist(WaitlistRequest)
        case removeWaitlist(Int64)
        case acceptOffer(Int64)
        case declineOffer(Int64)
        /// End of the day: mark every appointment past its deadline (the count the clerk saw).
        case sweepNoShows(expected: Int)
        // Day surgery (rule 11).
        case postponeSurgery(Int64)
        case backfillSurgery(theatre: String, date: LocalDate, position: Int?, expecting: Int64)
        case scheduleSurgery(Int64, theatre: String, date: LocalDate)
        case planSurgery([PlanProposal])
        /// A tick or untick on a case already confirmed, which sends it back to unconfirmed.
        case tickConfirmedCase(Int64, ChecklistItem, undo: Bool)

        /// The store refuses these without a reason, so the question stays until one is typed.
        var needsReason: Bool {
            switch self {
            case .postponeSurgery, .cancelReferral: return true
            default: return false
            }
        }

        /// Runs the store command; returns what to say on the message line.
        func perform(store: Store, actor: Operator, reason: String?, language l: Language) throws(BookingError) -> String {
            switch self {
            case var .book(request):
                request.reason = reason
                let a = try store.book(request, by: actor)
                let addOn = a.addOn ? l.pick("（加号）", " (add-on)") : ""
                return l.pick("已预约 \(a.id)：\(a.patientName) \(a.slotLabel) \(a.resourceName)（\(a.priority.label(l))）\(addOn)",
                              "Booked \(a.id): \(a.patientName) \(a.slotLabel) \(a.resourceName) (\(a.priority.label(l)))\(addOn)")
            case let .cancel(id):
                let a = try store.cancel(appointment: id, by: actor)
                return l.pick("已取消 \(a.id)：\(a.patientName) \(a.slotLabel)", "Cancelled \(a.id): \(a.patientName) \(a.slotLabel)")
            case let .noShow(id):
                let a = try store.markNoShow(appointment: id, by: actor)
                return l.pick("已记爽约 \(a.id)：\(a.patientName)", "No-show recorded \(a.id): \(a.patientName)")
            case let .waitlist(request):
                let w = try store.addToWaitlist(request, by: actor)
                if w.status == "booked", let a = w.appointmentID {
                    // A seat freed between the question and the answer: say which.
                    let booked = try store.appointment(a)
                    return l.pick("有空位，已预约 \(a)：\(booked.slotLabel) \(booked.resourceName)",
                                  "A seat had freed: booked as appointment \(a), \(booked.slotLabel) \(booked.resourceName)")
                }
                return l.pick("已加入候补 \(w.id)：\(w.patientName)（\(w.priority.label(l))）", "Waitlisted as \(w.id): \(w.patientName) (\(w.priority.label(l)))")
            case let .removeWaitlist(id):
                let w = try store.removeFromWaitlist(id, by: actor)
                return l.pick("已移出候补：\(w.patientName)", "Taken off the waitlist: \(w.patientName)")
            case let .acceptOffer(id):
                let n = try store.acceptOffer(id, by: actor)
                let a = n.rebookedAppointmentID ?? 0, slot = n.rebookedSlot ?? ""
                return l.pick("已改约：\(n.patientName)，预约 \(a)，\(slot)", "Rebooked: \(n.patientName), appointment \(a) in \(slot)")
            case let .declineOffer(id):
                let n = try store.declineOffer(id, by: actor)
                return l.pick("不改约，已转入候补：\(n.patientName)", "Offer declined: \(n.patientName) is on the waitlist")
            case .sweepNoShows:
                let marked = try store.sweepNoShows(by: actor)
                return l.pick("已记爽约 \(marked) 个", "No-shows recorded: \(marked)")
            case let .cancelReferral(id):
                let r = try store.cancelReferral(id, reason: reason ?? "", by: actor)
                return l.pick("已撤销转诊单 \(r.id)：\(r.patientName)", "Referral \(r.id) withdrawn: \(r.patientName)")
            case let .postponeSurgery(id):
                let r = try store.postponeSurgery(case: id, reason: reason ?? "", by: actor)
                let c = r.surgeryCase
                let was = "\(r.freed.theatre) " + l.pick("第\(r.freed.position)台", "#\(r.freed.position)")
                return l.pick("已推迟 \(was) \(c.patientName) \(c.procedure)，退回队列（等待时间保留）",
                              "Postponed \(was) \(c.patientName) \(c.procedure): back to the queue (waiting time kept)")
            case let .backfillSurgery(theatre, date, position, expecting):
                let c = try store.backfillSurgery(theatre: theatre, date: date, position: position, expecting: expecting, by: actor)
                return l.pick("已补台：\(c.patientName) \(c.procedure) → \(theatre) 第\(c.sequence ?? 0)台",
                              "Back-filled: \(c.patientName) \(c.procedure) → \(theatre) #\(c.sequence ?? 0)")
            case let .scheduleSurgery(id, theatre, date):
                let c = try store.scheduleSurgery(case: id, theatre: theatre, date: date, by: actor)
                return l.pick("已排入：\(c.patientName) \(c.procedure) → \(theatre) \(date) 第\(c.sequence ?? 0)台",
                              "Scheduled: \(c.patientName) \(c.procedure) → \(theatre) \(date) #\(c.sequence ?? 0)")
            case let .planSurgery(proposals):
                let booked = try store.applySurgeryPlan(proposals, by: actor)
                return l.pick("已按建议排程 \(booked.count) 台", "Scheduled \(booked.count) cases as proposed")
            case let .tickConfirmedCase(id, item, undo):
                let after = try store.tickChecklist(case: id, items: [item], undo: undo, by: actor)
                let place = after.theatre.map { "\($0) " + l.pick("第\(after.sequence ?? 0)台 ", "#\(after.sequence ?? 0) ") } ?? ""
                let back = after.status == .scheduled ? l.pick("，已退回待确认", "; back to unconfirmed") : ""
                return undo ? l.pick("已撤销 \(place)\(after.patientName)：\(item.label(.zh))\(back)", "Withdrawn for \(place)\(after.patientName): \(item.label(.en))\(back)")
                            : l.pick("已勾选 \(place)\(after.patientName)：\(item.label(.zh))\(back)", "Ticked for \(place)\(after.patientName): \(item.label(.en))\(back)")
            }
        }
    }

    let title: String
    let lines: [String]
    let change: Change
    /// Rule 7 asks why a flagged patient is booked; withdrawing a referral asks why too.
    var reason: TextField?
    /// What the reason field is called, when "Reason:" would repeat a line of the question.
    var reasonLabel: String?

    init(title: String, lines: [String], change: Change, reason: TextField? = nil, reasonLabel: String? = nil) {
        self.title = title
        self.lines = lines
        self.change = change
        self.reason = reason
        self.reasonLabel = reasonLabel
    }
}

extension Confirmation {
    /// What one input does to an open question.
    enum Answer { case typing, dismissed, confirmed, quit, help, ignored }

    /// Typing goes into the reason (when one is asked), Esc dismisses, Enter confirms.
    mutating func answer(_ input: DeskInput) -> Answer {
        switch input {
        case let .text(text) where reason != nil:
            _ = reason?.insert(text)
            return .typing
        case .erase:
            reason?.deleteBackward()
            return .typing
        case .action(.back): return .dismissed
        case .action(.confirm): return .confirmed
        case .action(.quit): return .quit
        case .action(.help): return .help
        default: return .ignored
        }
    }
}

/// A screen that help and confirmations can cover. What those do with an input is the same on
/// every screen; only how a confirmed change is carried out differs.
protocol CoverableScreen {
    var now: LocalDateTime { get set }
    var showingHelp: Bool { get set }
    var confirmation: Confirmation? { get set }
    var wantsQuit: Bool { get set }
    mutating func reload(from store: Store)
    mutating func say(_ zh: String, _ en: String, _ kind: DeskMessage.Kind)
    /// Carries out a confirmed change and says what happened.
    mutating func performConfirmed(_ confirmation: Confirmation, store: Store, actor: Operator)
}

extension CoverableScreen {
    /// Handles news from outside and whatever covers the screen; true when the input was used.
    mutating func handleCovers(_ input: DeskInput, store: Store, actor: Operator) -> Bool {
        // News from outside is taken in whatever covers the screen, so nothing is stale behind it.
        if input == .externalChange { reload(from: store); return true }
        if case let .tick(now) = input { self.now = now; return true }
        if showingHelp {
            if input == .action(.back) || input == .action(.help) { showingHelp = false }
            if input == .action(.quit) { wantsQuit = true }
            return true
        }
        guard var pending = confirmation else { return false }
        switch pending.answer(input) {
        case .typing: confirmation = pending
        case .dismissed:
            confirmation = nil
            say("已放弃，未做改动", "Not done: nothing changed", .info)
        case .confirmed:
            if pending.change.needsReason, pending.reason?.text.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                // The box stays with what was asked: an empty reason would only be refused.
                confirmation = pending
                say("请先填写原因，再确认", "Type the reason first, then confirm", .error)
                return true
            }
            confirmation = nil
            performConfirmed(pending, store: store, actor: actor)
        case .quit: wantsQuit = true
        case .help: showingHelp = true
        case .ignored: break
        }
        return true
    }
}
