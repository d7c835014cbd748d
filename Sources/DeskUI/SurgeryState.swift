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

    public mutating func reload(from store: Store) {
        do {
            now = store.now
            if !dateChosen { date = try store.nextTheatreDay(after: now.date) ?? now.date.adding(days: 1) }
            let reviewedID = reviewedCase?.id, queuedID = queuedCase?.id
            day = try store.surgeryDay(date)
            queue = try store.surgeryQueue()
            if let id = reviewedID, let i = reviewed.firstIndex(where: { $0.id == id }) { reviewIndex = i }
            if let id = queuedID, let i = queue.firstIndex(where: { $0.id == id }) { queueIndex = i }
            reviewIndex = min(reviewIndex, max(0, reviewed.count - 1))
            queueIndex = min(queueIndex, max(0, queue.count - 1))
            if let f = freed, f.date == date {
                proposal = try store.proposeBackfill(theatre: f.theatre, date: f.date, position: f.position)
            } else {
                proposal = nil
            }
        } catch {
            refuse(error)
        }
    }

    // MARK: - Input

    public mutating func handle(_ input: DeskInput, store: Store, actor: Operator) {
        if handleCovers(input, store: store, actor: actor) { return }
        switch input {
        case .text, .erase, .tick, .externalChange, .loaded, .finished, .previewed, .failed: break
        case let .action(action): handleAction(action, store: store, actor: actor)
        }
    }

    /// Runs a confirmed change; a postponement also remembers the gap, so the back-fill shows.
    mutating func performConfirmed(_ pending: Confirmation, store: Store, actor: Operator) {
        var dropped: FreedPlace?
        if case let .postponeSurgery(id) = pending.change, let c = reviewed.first(where: { $0.id == id }),
           let theatre = c.theatre, let date = c.date, let position = c.sequence {
            dropped = FreedPlace(theatre: theatre, date: date, position: position, minutes: c.estimatedMinutes)
        }
        do {
            let text = try pending.change.perform(store: store, actor: actor, reason: pending.reason?.text, language: language)
            switch pending.change {
            case .postponeSurgery: freed = dropped
            case .backfillSurgery: freed = nil
            default: break
            }
            reload(from: store)
            var line = text
            if dropped != nil {
                if let p = proposal {
                    line += language.pick("。补台建议：\(p.surgeryCase.patientName) \(p.surgeryCase.procedure)",
                                          ". Back-fill: \(p.surgeryCase.patientName) \(p.surgeryCase.procedure)")
                } else {
                    line += language.pick("。没有可补台的病例", ". No ready case fits the gap")
                }
            }
            message = DeskMessage(text: line, kind: .success)
        } catch {
            reload(from: store)
            refuse(error)
        }
    }

    private mutating func handleAction(_ action: DeskAction, store: Store, actor: Operator) {
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
            reload(from: store)
        case .confirmCase:
            guard let c = requireReviewed() else { return }
            let l = language
            run(store) { () throws(BookingError) in
                let done = try store.confirmSurgery(case: c.id, by: actor)
                return l.pick("已确认 \(Self.named(done, l))：\(done.procedure)", "Confirmed \(Self.named(done, l)): \(done.procedure)")
            }
        case .postpone:
            guard let c = requireReviewed() else { return }
            confirmation = Confirmation(title: language.pick("推迟手术", "Postpone case"), lines: describe(c) + [
                language.pick("退回队列，等待时间保留；其后的病例依次提前。", "Back to the queue, its waiting time kept; the later cases move up."),
            ], change: .postponeSurgery(c.id), reason: TextField(limit: 200))
        case .backfill: askToBackfill(store: store)
        case .plan: askToPlan(store: store)
        case .schedule: askToSchedule()
        case .moveUp, .moveDown:
            guard let c = requireReviewed(), let position = c.sequence else { return }
            let last = reviewed.filter { $0.theatre == c.theatre }.count
            if action == .moveUp && position == 1 { return say("已是第1台", "Already first", .error) }
            if action == .moveDown && position == last { return say("已是末台", "Already last", .error) }
            let target = position + (action == .moveUp ? -1 : 1)
            let l = language
            run(store) { () throws(BookingError) in
                let moved = try store.reorderSurgery(case: c.id, position: target, by: actor)
                return l.pick("\(moved.patientName) 从第\(position)台调到第\(moved.sequence ?? 0)台", "\(moved.patientName) moved from #\(position) to #\(moved.sequence ?? 0)")
            }
        case .tickAssessment: toggle(.assessment, store: store, actor: actor)
        case .tickLabs: toggle(.labs, store: store, actor: actor)
        case .tickConsent: toggle(.consent, store: store, actor: actor)
        case .tickAnaesthesia: toggle(.anaesthesiaReview, store: store, actor: actor)
        case .tickFasting: toggle(.fasting, store: store, actor: actor)
        case .tickEscort: toggle(.escort, store: store, actor: actor)
        case .back:
            if message != nil { message = nil } else if freed != nil { freed = nil; proposal = nil } else { focus = .review }
        default:
            break
        }
    }

    /// Runs a store command now (no question first: the decision is the key), then reloads.
    private mutating func run(_ store: Store, _ command: () throws(BookingError) -> String) {
        do {
            let text = try command()
            reload(from: store)
            message = DeskMessage(text: text, kind: .success)
        } catch {
            reload(from: store)
            refuse(error)
        }
    }

    private mutating func requireReviewed() -> SurgeryCaseView? {
        guard focus == .review, let c = reviewedCase else {
            say("请先在手术列表中选择病例", "Choose a case on the list first", .error)
            return nil
        }
        return c
    }

    /// Ticks the item, or withdraws the tick when it is already there.
    private mutating func toggle(_ item: ChecklistItem, store: Store, actor: Operator) {
        guard let c = selectedCase else { return say("没有选中的病例", "No case selected", .error) }
        let l = language
        guard item.isRequired(for: c.anaesthesia) else {
            return say("局麻病例不需要\(item.label(.zh))", "A local-anaesthetic case needs no \(item.label(.en))", .error)
        }
        let undo = c.ticked.contains(item)
        if c.status == .ready {
            // A confirmed case goes back to unconfirmed with any change of its checklist: asked first.
            let what = undo ? l.pick("撤销勾选：", "Untick: ") : l.pick("勾选：", "Tick: ")
            confirmation = Confirmation(title: l.pick("更改已确认的病例", "Change a confirmed case"), lines: describe(c) + [
                what + item.label(l),
                l.pick("病例将退回「待确认」，需重新确认（F2）。", "The case goes back to unconfirmed and must be confirmed again (F2)."),
            ], change: .tickConfirmedCase(c.id, item, undo: undo))
            return
        }
        run(store) { () throws(BookingError) in
            let after = try store.tickChecklist(case: c.id, items: [item], undo: undo, by: actor)
            var text = undo ? l.pick("已撤销 \(Self.named(after, l))：\(item.label(.zh))", "Withdrawn for \(Self.named(after, l)): \(item.label(.en))")
                            : l.pick("已勾选 \(Self.named(after, l))：\(item.label(.zh))", "Ticked for \(Self.named(after, l)): \(item.label(.en))")
            if c.status == .ready && after.status == .scheduled { text += l.pick("（已退回待确认）", " (back to unconfirmed)") }
            if !undo && after.missing.isEmpty && after.status == .scheduled { text += l.pick("，核查齐全，可确认", "; checklist complete, ready to confirm") }
            return text
        }
    }

    private mutating func askToBackfill(store: Store) {
        let l = language
        do {
            var offer = proposal
            if offer == nil {
                // No case dropped out here: fill the end of the theatre under the cursor.
                guard let theatre = reviewedCase?.theatre ?? day?.theatres.first(where: \.isOpen)?.theatre else {
                    return say("当天手术室不开放", "No theatre is open that day", .error)
                }
                offer = try store.proposeBackfill(theatre: theatre, date: date)
                if offer == nil { return refuse(.noBackfill(theatre: theatre, date: date)) }
            }
            guard let p = offer else { return }
            let c = p.surgeryCase
            var lines = describe(c)
            lines.append(l.pick("排入：\(p.theatre) \(p.date) 第\(p.position)台，\(Self.clock(p.start)) 开始", "Into: \(p.theatre) \(p.date) #\(p.position), from \(Self.clock(p.start))"))
            lines.append(l.pick("核查齐全、时间放得下的最高优先级病例（规则11）", "The highest-priority queued case with a full checklist that fits (rule 11)"))
            confirmation = Confirmation(title: l.pick("补台", "Back-fill"), lines: lines,
                                        change: .backfillSurgery(theatre: p.theatre, date: p.date, position: p.position, expecting: c.id))
        } catch {
            refuse(error)
        }
    }

    private mutating func askToPlan(store: Store) {
        let l = language
        do {
            let plan = try store.proposeSurgeryPlan(days: Self.planDays)
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
        } catch {
            refuse(error)
        }
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

extension SurgeryState: CoverableScreen {}
