import BookingCore
import BookingStore

/// The referral office: the inbox by urgency then age, the slots a referral can take, and the
/// quota board. Loaded from the store's queries; changed only through its commands.
public struct CoordinatorState {
    public enum Pane: Int, CaseIterable, Sendable { case inbox, slots }

    public var language: Language
    public var now: LocalDateTime

    var clinics: [AllianceClinic] = []
    var departments: [DepartmentView] = []
    /// Index into `clinics` / `departments`; nil shows all (or the operator's own clinics).
    var clinicFilter: Int?
    /// The clinics the signed-in coordinator is bound to: the office opens on them.
    var ownClinics: Set<String> = []
    /// With no clinic chosen, the inbox shows the own clinics (when there are any) rather than all.
    var onOwnClinics = true
    var departmentFilter: Int?

    public internal(set) var inbox: [ReferralView] = []
    var inboxIndex = 0
    public internal(set) var candidates: [SlotView] = []
    var candidateIndex = 0
    public internal(set) var focus: Pane = .inbox
    public internal(set) var showingBoard = false
    /// The inbox shows the follow-ups sent down to the clinics at discharge instead (rule 11).
    public internal(set) var showingFollowUps = false
    public internal(set) var board: [QuotaRow] = []

    var confirmation: Confirmation?
    /// The confirmed change on its way to the store, until the store answers.
    var answering: Confirmation?
    var showingHelp = false
    public internal(set) var message: DeskMessage?
    public internal(set) var wantsQuit = false

    /// The quota board covers the alliance horizon's two weeks.
    static let boardDays = 14

    public init(language: Language, now: LocalDateTime) {
        self.language = language
        self.now = now
    }

    /// The own clinics while the inbox is limited to them; nil when it shows every clinic.
    var ownClinicsShown: Set<String>? { clinicFilter == nil && onOwnClinics && !ownClinics.isEmpty ? ownClinics : nil }

    public var referral: ReferralView? { inbox.indices.contains(inboxIndex) ? inbox[inboxIndex] : nil }
    public var candidate: SlotView? { candidates.indices.contains(candidateIndex) ? candidates[candidateIndex] : nil }

    public var scope: KeyScope {
        if showingHelp { return .help }
        if confirmation != nil { return .confirm }
        return .coordinator
    }

    var acceptsText: Bool { !showingHelp && confirmation?.reason != nil }

    mutating func say(_ zh: String, _ en: String, _ kind: DeskMessage.Kind = .info) {
        message = DeskMessage(text: language.pick(zh, en), kind: kind)
    }

    mutating func refuse(_ error: BookingError) {
        message = DeskMessage(text: error.message(language), kind: .error)
    }

    // MARK: - Loading

    /// The clinics and departments first: the filters are places in those lists.
    mutating func reload() -> [DeskEffect] { [.read(.referralOffice)] }

    /// The inbox as filtered: pending referrals up (or follow-ups down), of the chosen clinic and department.
    var inboxFilter: ReferralFilter {
        ReferralFilter(statuses: [.pending], clinic: clinicCode, department: departmentCode, direction: showingFollowUps ? .down : .up)
    }

    var clinicCode: String? { clinicFilter.flatMap { clinics.indices.contains($0) ? clinics[$0].code : nil } }
    var departmentCode: String? { departmentFilter.flatMap { departments.indices.contains($0) ? departments[$0].code : nil } }

    /// The quota board covers the alliance horizon from today.
    var boardRead: StoreRead {
        .quotaBoard(from: now.date, to: now.date.adding(days: Self.boardDays - 1), department: departmentCode, clinic: clinicCode)
    }

    /// Takes in what the store read; asks for what depends on it.
    mutating func show(_ answer: StoreAnswer) -> [DeskEffect] {
        switch answer {
        case let .referralOffice(clinics, departments):
            self.clinics = clinics
            self.departments = departments
            return [.read(.referralInbox(inboxFilter))] + (showingBoard ? [.read(boardRead)] : [])
        case let .referralInbox(filter, referrals) where filter == inboxFilter:
            let selected = referral?.id
            inbox = referrals
            if clinicCode == nil, let own = ownClinicsShown { inbox = inbox.filter { own.contains($0.clinic.uppercased()) } }
            if let id = selected, let i = inbox.firstIndex(where: { $0.id == id }) { inboxIndex = i }
            inboxIndex = min(inboxIndex, max(0, inbox.count - 1))
            return reloadCandidates()
        case let .slots(filter, slots) where filter == candidateFilter:
            // A green referral may take a full slot as an add-on (rule 9); others only free seats.
            let green = referral?.urgency == .green
            showCandidates(slots.filter { !$0.started && ($0.seats.total > 0 || green) }
                .sorted { ($0.date, $0.hour, $0.resource) < ($1.date, $1.hour, $1.resource) })
        case let .quotaBoard(rows):
            board = rows
        default:
            break
        }
        return []
    }

    /// The slots the selected referral could take now: free seats within the alliance horizon in
    /// its department (and doctor, if it names one); nil when there is nothing to book here.
    var candidateFilter: SlotFilter? {
        // A follow-up is done at the clinic: nothing to book here.
        guard let r = referral, r.direction == .up, let d = departments.first(where: { $0.code == r.department }) else { return nil }
        let last = SlotRules.horizonEnd(today: now.date, channel: .alliance, policy: d.policy)
        return SlotFilter(from: now.date, to: last, department: r.department, resource: r.resource)
    }

    mutating func reloadCandidates() -> [DeskEffect] {
        guard let filter = candidateFilter else { showCandidates([]); return [] }
        return [.read(.slots(filter))]
    }

    mutating func showCandidates(_ slots: [SlotView]) {
        let before = candidates.map(\.id), selectedSlot = candidate?.id
        candidates = slots
        if let id = selectedSlot, let i = candidates.firstIndex(where: { $0.id == id }) { candidateIndex = i }
        candidateIndex = min(candidateIndex, max(0, candidates.count - 1))
        // The cursor goes to the first row whenever the list changed, so "Enter Enter Enter"
        // books the first open slot; it stays only on an unchanged list.
        if candidates.map(\.id) != before { candidateIndex = 0 }
    }

    // MARK: - Input

    public mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect] {
        if let covered = handleCover(input) { return covered }
        switch input {
        case let .tick(now): self.now = now
        case .externalChange: return reload()
        case let .loaded(answer): return show(answer)
        case let .finished(outcome):
            guard let done = answering else { return reload() }
            answering = nil
            // The next referral starts from the inbox, its slots from the first row.
            focus = .inbox
            candidateIndex = 0
            message = DeskMessage(text: done.change.report(outcome, language), kind: .success)
            return reload()
        case let .failed(effect, error):
            refuse(error)
            if case .run = effect {
                answering = nil
                return reload()
            }
        case let .action(action): return handleAction(action, actor: actor)
        case .text, .erase, .previewed: break
        }
        return []
    }

    /// Actions that reach the inbox and its slots, which the quota board hides.
    static let inboxActions: Set<DeskAction> = [.up, .down, .nextPane, .previousPane, .left, .right, .select, .book, .addOn, .cancel, .followUps]

    private mutating func handleAction(_ action: DeskAction, actor: Operator) -> [DeskEffect] {
        // Keys act only on what is in view: with the board up, nothing reaches the hidden inbox.
        if showingBoard && Self.inboxActions.contains(action) {
            say("配额看板打开中，收件箱已隐藏：按 Esc 或 F6 返回收件箱", "The quota board hides the inbox: Esc or F6 goes back to it")
            return []
        }
        switch action {
        case .quit: wantsQuit = true
        case .help: showingHelp = true
        case .up, .down:
            let step = action == .up ? -1 : 1
            if focus == .inbox {
                inboxIndex = min(max(0, inboxIndex + step), max(0, inbox.count - 1))
                candidateIndex = 0
                return reloadCandidates()
            } else {
                candidateIndex = min(max(0, candidateIndex + step), max(0, candidates.count - 1))
            }
        case .nextPane, .previousPane, .left, .right:
            focus = focus == .inbox ? .slots : .inbox
        case .select:
            if focus == .inbox {
                guard let r = referral else { say("收件箱是空的", "The inbox is empty", .error); return [] }
                if r.direction == .down { say("随访由基层机构完成，这里无需预约", "The clinic sees the patient for the follow-up: nothing to book here"); return [] }
                if let refusal = actor.refusalToBook(r) { refuse(refusal); return [] }
                focus = .slots
                if candidates.isEmpty { say("该科室两周内没有可用号源", "No free slot in the department within the alliance horizon", .error) }
            } else {
                if let r = referral, let refusal = actor.refusalToBook(r) { refuse(refusal); return [] }
                askToBook(addOn: false)
            }
        case .book, .addOn:
            if let r = referral, r.direction == .up, let refusal = actor.refusalToBook(r) { refuse(refusal); return [] }
            askToBook(addOn: action == .addOn)
        case .cancel:
            guard let r = referral else { say("请先选择转诊单", "Choose a referral first", .error); return [] }
            confirmation = Confirmation(title: language.pick("撤销转诊单", "Withdraw referral"), lines: describe(r),
                                        change: .cancelReferral(r.id), reason: TextField(limit: 200),
                                        reasonLabel: language.pick("撤销原因：", "Why withdrawn: "))
        case .filterClinic:
            // Own clinics → each clinic → all → own clinics again (without own clinics: each → all).
            if clinicFilter == nil && !onOwnClinics && !ownClinics.isEmpty {
                onOwnClinics = true
            } else {
                clinicFilter = Self.cycle(clinicFilter, count: clinics.count)
                if clinicFilter == nil { onOwnClinics = false }
            }
            inboxIndex = 0
            candidateIndex = 0
            return reload()
        case .filterDepartment:
            departmentFilter = Self.cycle(departmentFilter, count: departments.count)
            inboxIndex = 0
            candidateIndex = 0
            return reload()
        case .quotaBoard:
            showingBoard.toggle()
            return reload()
        case .followUps:
            showingFollowUps.toggle()
            inboxIndex = 0
            focus = .inbox
            return reload()
        case .back:
            // Esc closes what the last key opened: the board first, then the message, then the slots.
            if showingBoard { showingBoard = false } else if message != nil { message = nil } else { focus = .inbox }
        default:
            break
        }
        return []
    }

    /// nil → 0 → 1 → … → last → nil: "all", then each in turn.
    static func cycle(_ value: Int?, count: Int) -> Int? {
        guard count > 0 else { return nil }
        guard let value else { return 0 }
        return value + 1 < count ? value + 1 : nil
    }

    func describe(_ r: ReferralView) -> [String] {
        let l = language
        return [l.pick("转诊单：", "Referral: ") + "\(r.id)  \(r.urgency.label(l))",
                l.pick("患者：", "Patient: ") + r.patientName,
                l.pick("来自：", "From: ") + "\(r.clinicName)  \(r.referringDoctor)",
                l.pick("转往：", "To: ") + r.departmentName,
                l.pick("转诊原因：", "Referred for: ") + r.reason]
    }

    private mutating func askToBook(addOn: Bool) {
        guard let r = referral else { return say("请先选择转诊单", "Choose a referral first", .error) }
        guard let slot = candidate else { return say("请先在右侧选择时段", "Choose a slot on the right first", .error) }
        let l = language
        let hour = slot.hour < 10 ? "0\(slot.hour)" : "\(slot.hour)"
        var lines = describe(r)
        lines.append(l.pick("时段：", "Slot: ") + "\(slot.date) \(Frame.weekday(slot.date, l)) \(hour):00  \(slot.resourceName)")
        lines.append(l.pick("预留余号 \(slot.seats.reservedAvailable)，公共余号 \(slot.seats.publicAvailable)",
                            "reserved free \(slot.seats.reservedAvailable), public free \(slot.seats.publicAvailable)"))
        if addOn { lines.append(l.pick("加号：在已满时段增加一个号（规则9，记录在案）", "Add-on: one seat added to the full slot (rule 9, recorded)")) }
        confirmation = Confirmation(title: addOn ? l.pick("绿色通道加号", "Green-channel add-on") : l.pick("转诊预约", "Book referral"),
                                    lines: lines,
                                    change: .book(BookingRequest(patient: .id(r.patientID), slot: .id(slot.id), referral: r.id, addOn: addOn)))
    }
}

extension CoordinatorState: CoveredScreen {}
