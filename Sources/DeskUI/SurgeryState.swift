import BookingCore
import BookingStore

/// Day surgery (rule 11): the night review of a theatre day — every theatre's list in sequence
/// with each checklist item, what is missing standing out — its time bars, and the queue.
/// Built for someone tired at 23:00: one key per decision, every change through a store command.
public struct SurgeryState {
    public enum Pane: Int, CaseIterable, Sendable { case review, queue }

    public var language: Language
    public var now: LocalDateTime

    /// The day under review: the next theatre day unless the reviewer moved to another.
    public internal(set) var date: LocalDate
    var dateChosen = false
    public internal(set) var day: SurgeryDayView?
    public internal(set) var queue: [SurgeryCaseView] = []
    var reviewIndex = 0
    var queueIndex = 0
    public internal(set) var focus: Pane = .review

    /// Where the last case dropped out, and the case proposed to fill it (rule 11 back-fill).
    public internal(set) var freed: FreedPlace?
    public internal(set) var proposal: BackfillProposal?

    var confirmation: Confirmation?
    /// The confirmed change on its way to the store, until the store answers.
    var answering: Confirmation?
    /// A case was just postponed: the message line names the back-fill once the gap's proposal is read.
    var announcingBackfill = false
    var showingHelp = false
    public internal(set) var message: DeskMessage?
    public internal(set) var wantsQuit = false

    /// How many days the auto-planner fills.
    static let planDays = 3

    public init(language: Language, now: LocalDateTime) {
        self.language = language
        self.now = now
        date = now.date.adding(days: 1)
    }

    public var reviewed: [SurgeryCaseView] { day?.cases ?? [] }
    public var reviewedCase: SurgeryCaseView? { reviewed.indices.contains(reviewIndex) ? reviewed[reviewIndex] : nil }
    public var queuedCase: SurgeryCaseView? { queue.indices.contains(queueIndex) ? queue[queueIndex] : nil }
    /// The case the keys act on: under the cursor of the pane in focus.
    public var selectedCase: SurgeryCaseView? { focus == .review ? reviewedCase : queuedCase }

    public var scope: KeyScope {
        if showingHelp { return .help }
        if confirmation != nil { return .confirm }
        return .surgery
    }

    /// Typed text goes into the postponement's reason field, and nowhere else.
    public var acceptsText: Bool { !showingHelp && confirmation?.reason != nil }

    mutating func say(_ zh: String, _ en: String, _ kind: DeskMessage.Kind = .info) {
        message = DeskMessage(text: language.pick(zh, en), kind: kind)
    }

    mutating func refuse(_ error: BookingError) {
        message = DeskMessage(text: error.message(language), kind: .error)
    }

    // MARK: - Loading

    /// The day under review (the next theatre day, unless the reviewer chose one), then its lists.
    public mutating func reload() -> [DeskEffect] {
        dateChosen ? [.read(.surgeryDay(date))] : [.read(.nextTheatreDay(after: now.date))]
    }

    /// Takes in what the store read; asks for what depends on it.
    mutating func show(_ answer: StoreAnswer) -> [DeskEffect] {
        switch answer {
        case let .nextTheatreDay(after, day) where !dateChosen:
            date = day ?? after.adding(days: 1)
            return [.read(.surgeryDay(date))]
        case let .surgeryDay(shown, day, queue) where shown == date:
            let reviewedID = reviewedCase?.id, queuedID = queuedCase?.id
            self.day = day
            self.queue = queue
            if let id = reviewedID, let i = reviewed.firstIndex(where: { $0.id == id }) { reviewIndex = i }
            if let id = queuedID, let i = queue.firstIndex(where: { $0.id == id }) { queueIndex = i }
            reviewIndex = min(reviewIndex, max(0, reviewed.count - 1))
            queueIndex = min(queueIndex, max(0, queue.count - 1))
            if let f = freed, f.date == date { return [.read(.backfillProposal(theatre: f.theatre, date: f.date, position: f.position))] }
            proposal = nil
            announceBackfill()
        case let .backfillProposal(theatre, date, position?, offer):
            // The proposal for the gap a postponement left.
            guard let f = freed, f.theatre == theatre, f.date == date, f.position == position else { return [] }
            proposal = offer
            announceBackfill()
        case let .backfillProposal(theatre, date, nil, offer):
            // F4 with no gap: the end of the theatre under the cursor.
            guard let offer else { refuse(.noBackfill(theatre: theatre, date: date)); return [] }
            askToBackfill(offer)
        case let .surgeryPlan(plan):
            askToPlan(plan)
        default:
            break
        }
        return []
    }

    /// After a postponement, the message line says which case would fill the gap.
    mutating func announceBackfill() {
        guard announcingBackfill, let said = message else { return }
        announcingBackfill = false
        let l = language
        let text = said.text + (proposal.map { p in
            l.pick("。补台建议：\(p.surgeryCase.patientName) \(p.surgeryCase.procedure)", ". Back-fill: \(p.surgeryCase.patientName) \(p.surgeryCase.procedure)")
        } ?? l.pick("。没有可补台的病例", ". No ready case fits the gap"))
        message = DeskMessage(text: text, kind: said.kind)
    }

    // MARK: - Input

    public mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect] {
        if let covered = handleCover(input) { return covered }
        switch input {
        case let .tick(now): self.now = now
        case .externalChange: return reload()
        case let .loaded(answer): return show(answer)
        case let .finished(outcome): return finished(outcome)
        case let .failed(effect, error):
            refuse(error)
            // The back-fill is said with the postponement's own report, or not at all.
            announcingBackfill = false
            if case .run = effect {
                answering = nil
                return reload()
            }
        case let .action(action): return handleAction(action)
        case .text, .erase, .previewed: break
        }
        return []
    }

    /// A store command done: say what it did and read the day again. A postponement also
    /// remembers the gap, so the back-fill shows.
    private mutating func finished(_ outcome: CommandOutcome) -> [DeskEffect] {
        let l = language
        let text: String
        if let done = answering {
            answering = nil
            text = done.change.report(outcome, l)
            switch done.change {
            case let .postponeSurgery(id):
                if let c = reviewed.first(where: { $0.id == id }), let theatre = c.theatre, let date = c.date, let position = c.sequence {
                    freed = FreedPlace(theatre: theatre, date: date, position: position, minutes: c.estimatedMinutes)
                    announcingBackfill = true
                }
            case .backfillSurgery: freed = nil
            default: break
            }
        } else {
            switch outcome {
            case let .surgeryConfirmed(done):
                text = l.pick("已确认 \(Self.named(done, l))：\(done.procedure)", "Confirmed \(Self.named(done, l)): \(done.procedure)")
            case let .reordered(moved, position):
                text = l.pick("\(moved.patientName) 从第\(position)台调到第\(moved.sequence ?? 0)台", "\(moved.patientName) moved from #\(position) to #\(moved.sequence ?? 0)")
            case let .checklistTicked(after, item, undo):
                var said = undo ? l.pick("已撤销 \(Self.named(after, l))：\(item.label(.zh))", "Withdrawn for \(Self.named(after, l)): \(item.label(.en))")
                                : l.pick("已勾选 \(Self.named(after, l))：\(item.label(.zh))", "Ticked for \(Self.named(after, l)): \(item.label(.en))")
                if !undo && after.missing.isEmpty && after.status == .scheduled { said += l.pick("，核查齐全，可确认", "; checklist complete, ready to confirm") }
                text = said
            default:
                text = l.pick("已完成", "Done")
            }
        }
        message = DeskMessage(text: text, kind: .success)
        return reload()
    }

    private mutating func handleAction(_ action: DeskAction) -> [DeskEffect] {
        switch action {
        case .quit: wantsQuit = true
        case .help: showingHelp = true
        case .up, .down:
            let step = action == .up ? -1 : 1
            if focus == .review {
                reviewIndex = min(max(0, reviewIndex + step), max(0, reviewed.count - 1))
            } else {
                queueIndex = min(max(0, queueIndex + step), max(0, queue.count - 1))
            }
        case .nextPane, .previousPane:
            focus = focus == .review ? .queue : .review
        case .previousDay, .nextDay:
            date = date.adding(days: action == .previousDay ? -1 : 1)
            dateChosen = true
            reviewIndex = 0
            return reload()
        case .confirmCase:
            guard let c = requireReviewed() else { return [] }
            return [.run(.confirmSurgery(c.id))]
        case .postpone:
            guard let c = requireReviewed() else { return [] }
            confirmation = Confirmation(title: language.pick("推迟手术", "Postpone case"), lines: describe(c) + [
                language.pick("退回队列，等待时间保留；其后的病例依次提前。", "Back to the queue, its waiting time kept; the later cases move up."),
            ], change: .postponeSurgery(c.id), reason: TextField(limit: 200))
        case .backfill:
            if let offer = proposal { askToBackfill(offer); return [] }
            // No case dropped out here: fill the end of the theatre under the cursor.
            guard let theatre = reviewedCase?.theatre ?? day?.theatres.first(where: \.isOpen)?.theatre else {
                say("当天手术室不开放", "No theatre is open that day", .error)
                return []
            }
            return [.read(.backfillProposal(theatre: theatre, date: date, position: nil))]
        case .plan: return [.read(.surgeryPlan(days: Self.planDays))]
        case .schedule: askToSchedule()
        case .moveUp, .moveDown:
            guard let c = requireReviewed(), let position = c.sequence else { return [] }
            let last = reviewed.filter { $0.theatre == c.theatre }.count
            if action == .moveUp && position == 1 { say("已是第1台", "Already first", .error); return [] }
            if action == .moveDown && position == last { say("已是末台", "Already last", .error); return [] }
            return [.run(.reorderSurgery(c.id, from: position, to: position + (action == .moveUp ? -1 : 1)))]
        case .tickAssessment: return toggle(.assessment)
        case .tickLabs: return toggle(.labs)
        case .tickConsent: return toggle(.consent)
        case .tickAnaesthesia: return toggle(.anaesthesiaReview)
        case .tickFasting: return toggle(.fasting)
        case .tickEscort: return toggle(.escort)
        case .back:
            if message != nil { message = nil } else if freed != nil { freed = nil; proposal = nil } else { focus = .review }
        default:
            break
        }
        return []
    }

    private mutating func requireReviewed() -> SurgeryCaseView? {
        guard focus == .review, let c = reviewedCase else {
            say("请先在手术列表中选择病例", "Choose a case on the list first", .error)
            return nil
        }
        return c
    }

    /// Ticks the item, or withdraws the tick when it is already there.
    private mutating func toggle(_ item: ChecklistItem) -> [DeskEffect] {
        guard let c = selectedCase else { say("没有选中的病例", "No case selected", .error); return [] }
        let l = language
        guard item.isRequired(for: c.anaesthesia) else {
            say("局麻病例不需要\(item.label(.zh))", "A local-anaesthetic case needs no \(item.label(.en))", .error)
            return []
        }
        let undo = c.ticked.contains(item)
        if c.status == .ready {
            // A confirmed case goes back to unconfirmed with any change of its checklist: asked first.
            let what = undo ? l.pick("撤销勾选：", "Untick: ") : l.pick("勾选：", "Tick: ")
            confirmation = Confirmation(title: l.pick("更改已确认的病例", "Change a confirmed case"), lines: describe(c) + [
                what + item.label(l),
                l.pick("病例将退回「待确认」，需重新确认（F2）。", "The case goes back to unconfirmed and must be confirmed again (F2)."),
            ], change: .tickConfirmedCase(c.id, item, undo: undo))
            return []
        }
        return [.run(.tickChecklist(c.id, item, undo: undo))]
    }

    /// The back-fill offered: the case, where it goes and when it starts.
    private mutating func askToBackfill(_ p: BackfillProposal) {
        let l = language
        let c = p.surgeryCase
        var lines = describe(c)
        lines.append(l.pick("排入：\(p.theatre) \(p.date) 第\(p.position)台，\(Self.clock(p.start)) 开始", "Into: \(p.theatre) \(p.date) #\(p.position), from \(Self.clock(p.start))"))
        lines.append(l.pick("核查齐全、时间放得下的最高优先级病例（规则11）", "The highest-priority queued case with a full checklist that fits (rule 11)"))
        confirmation = Confirmation(title: l.pick("补台", "Back-fill"), lines: lines,
                                    change: .backfillSurgery(theatre: p.theatre, date: p.date, position: p.position, expecting: c.id))
    }

    /// The planner's proposal, asked before anything is booked.
    private mutating func askToPlan(_ plan: [SurgeryPlanItem]) {
        let l = language
        guard !plan.isEmpty else { return say("队列中没有能排进未来\(Self.planDays)天的病例", "Nothing in the queue fits the next \(Self.planDays) days", .error) }
        let shown = 10
        var lines = plan.sorted { ($0.proposal.date, $0.proposal.theatre, $0.proposal.position) < ($1.proposal.date, $1.proposal.theatre, $1.proposal.position) }
            .prefix(shown).map { p in
                // A case still missing checklist items says so: it cannot be confirmed as planned.
                // (Before the name, so a narrow box never cuts it off.)
                let missing = p.surgeryCase.missing.isEmpty ? "" : l.pick("!缺\(p.surgeryCase.missing.count)项 ", "!\(p.surgeryCase.missing.count) missing ")
                return "\(p.proposal.date.month)-\(p.proposal.date.day) \(p.proposal.theatre) #\(p.proposal.position) \(Self.clock(p.proposal.start))  "
                    + missing + "\(p.surgeryCase.patientName) \(p.surgeryCase.procedure) (\(p.surgeryCase.priority.label(l)))"
            }
        if plan.count > shown { lines.append(l.pick("……另 \(plan.count - shown) 台", "… and \(plan.count - shown) more")) }
        confirmation = Confirmation(title: l.pick("排程建议：\(plan.count) 台（按优先级、等待时间，首个放得下的手术日）",
                                                  "Proposed: \(plan.count) cases (by class and waiting time, first day they fit)"),
                                    lines: lines, change: .planSurgery(plan.map(\.proposal)))
    }

    private mutating func askToSchedule() {
        let l = language
        guard focus == .queue, let c = queuedCase else { return say("请先在队列中选择病例（Tab）", "Choose a queued case first (Tab)", .error) }
        guard let theatre = reviewedCase?.theatre ?? day?.theatres.first(where: \.isOpen)?.theatre else {
            return say("当天手术室不开放", "No theatre is open that day", .error)
        }
        confirmation = Confirmation(title: l.pick("排入手术日", "Schedule case"),
                                    lines: describe(c) + [l.pick("排入：\(theatre) \(date) 末台", "Into: \(theatre) \(date), last")],
                                    change: .scheduleSurgery(c.id, theatre: theatre, date: date))
    }

    func describe(_ c: SurgeryCaseView) -> [String] {
        let l = language
        var lines = [l.pick("病例：", "Case: ") + "\(Self.named(c, l))  \(c.priority.label(l))  " + l.pick("等待\(c.waitingDays(now: now))天", "waited \(c.waitingDays(now: now))d"),
                     l.pick("手术：", "Procedure: ") + "\(c.procedure)  \(c.surgeonName)  \(c.anaesthesia.label(l))  \(c.estimatedMinutes)" + l.pick("分钟", " min")]
        if let t = c.theatre, let d = c.date, let s = c.sequence {
            lines.append(l.pick("现排：\(t) \(d) 第\(s)台", "Now: \(t) \(d) #\(s)") + (c.plannedStart.map { " " + Self.clock($0) } ?? ""))
        }
        lines.append(c.missing.isEmpty ? l.pick("术前核查：齐全", "Checklist: complete")
                                       : l.pick("术前核查缺：", "Checklist missing: ") + c.missing.map { $0.label(l) }.joined(separator: l.pick("、", ", ")))
        return lines
    }

    /// A case as the list shows it: its theatre and place, and the patient (`OR1 第3台 杜凤鹏`);
    /// a queued case by patient alone.
    static func named(_ c: SurgeryCaseView, _ l: Language) -> String {
        guard let theatre = c.theatre, let place = c.sequence else { return c.patientName }
        return "\(theatre) " + l.pick("第\(place)台 ", "#\(place) ") + c.patientName
    }

    static func clock(_ t: LocalDateTime?) -> String { t.map { String($0.readable.suffix(5)) } ?? "" }
}

extension SurgeryState: CoveredScreen {}
