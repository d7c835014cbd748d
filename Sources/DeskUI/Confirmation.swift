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

/// A screen that help and confirmations can cover. What those do with a key is the same on every
/// screen; what the confirmed change was is remembered until the store answers.
protocol CoveredScreen {
    var showingHelp: Bool { get set }
    var confirmation: Confirmation? { get set }
    /// The confirmed change on its way to the store, until the store answers.
    var answering: Confirmation? { get set }
    var wantsQuit: Bool { get set }
    mutating func say(_ zh: String, _ en: String, _ kind: DeskMessage.Kind)
}

extension CoveredScreen {
    /// Handles a key while the help or a question covers the screen; nil when nothing covers it
    /// or the input is no key (news and the store's answers always reach the screen).
    mutating func handleCover(_ input: DeskInput) -> [DeskEffect]? {
        switch input {
        case .action, .text, .erase: break
        default: return nil
        }
        if showingHelp {
            if input == .action(.back) || input == .action(.help) { showingHelp = false }
            if input == .action(.quit) { wantsQuit = true }
            return []
        }
        guard var pending = confirmation else { return nil }
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
                return []
            }
            confirmation = nil
            answering = pending
            return [.run(pending.change.command(reason: pending.reason?.text))]
        case .quit: wantsQuit = true
        case .help: showingHelp = true
        case .ignored: break
        }
        return []
    }
}
