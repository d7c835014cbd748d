/// How the patient is anaesthetised; a local anaesthetic needs no anaesthesia review (rule 11).
public enum Anaesthesia: String, Sendable, Codable, CaseIterable {
    case local, regional, general

    public func label(_ lang: Language) -> String {
        switch self {
        case .local: return lang.pick("局麻", "local")
        case .regional: return lang.pick("区域阻滞", "regional")
        case .general: return lang.pick("全麻", "general")
        }
    }

    /// Two or three columns, for lists.
    public func shortLabel(_ lang: Language) -> String {
        switch self {
        case .local: return lang.pick("局麻", "LA")
        case .regional: return lang.pick("区麻", "RA")
        case .general: return lang.pick("全麻", "GA")
        }
    }
}

/// The life of a day-surgery case: queued → scheduled → ready → in_theatre → done, or back to
/// queued when postponed (its waiting-since kept), or cancelled.
public enum SurgeryStatus: String, Sendable, Codable, CaseIterable {
    case queued, scheduled, ready
    case inTheatre = "in_theatre"
    case done, cancelled

    /// Holds a place in a theatre day's sequence.
    public var isOnList: Bool { self == .scheduled || self == .ready || self == .inTheatre || self == .done }
    /// Has gone to theatre: nothing may be put before it, and it no longer moves.
    public var hasStarted: Bool { self == .inTheatre || self == .done }

    public func label(_ lang: Language) -> String {
        switch self {
        case .queued: return lang.pick("待排程", "queued")
        case .scheduled: return lang.pick("已排程", "scheduled")
        case .ready: return lang.pick("已确认", "ready")
        case .inTheatre: return lang.pick("手术中", "in theatre")
        case .done: return lang.pick("已出院", "discharged")
        case .cancelled: return lang.pick("已取消", "cancelled")
        }
    }
}

/// What can be done to a case; a step its status does not allow is refused with `wrongCaseStatus`.
public enum SurgeryStep: String, Sendable, Codable, CaseIterable {
    case tick, schedule, confirm, postpone, reorder, start, done, cancel

    /// The statuses a case may be in for this step.
    public var allowedFrom: Set<SurgeryStatus> {
        switch self {
        case .tick: return [.queued, .scheduled, .ready]
        case .schedule: return [.queued, .scheduled]
        case .confirm: return [.scheduled]
        case .postpone, .reorder: return [.scheduled, .ready]
        case .start: return [.ready]
        case .done: return [.ready, .inTheatre]
        case .cancel: return [.queued, .scheduled, .ready]
        }
    }

    public func label(_ lang: Language) -> String {
        switch self {
        case .tick: return lang.pick("勾选核查项", "tick its checklist")
        case .schedule: return lang.pick("排程", "schedule it")
        case .confirm: return lang.pick("确认手术", "confirm it")
        case .postpone: return lang.pick("推迟", "postpone it")
        case .reorder: return lang.pick("调整台次", "reorder it")
        case .start: return lang.pick("入手术室", "take it to theatre")
        case .done: return lang.pick("出院", "discharge it")
        case .cancel: return lang.pick("取消", "cancel it")
        }
    }
}

/// The pre-operative checklist, in the order the night shift reads it.
public enum ChecklistItem: String, Sendable, Codable, CaseIterable {
    case assessment
    case labs
    case consent
    case anaesthesiaReview = "anaesthesia_review"
    case fasting
    /// An escort, or escort-free care (免陪照护) arranged by the ward.
    case escort

    /// Rule 11: an anaesthesia review is not needed for a local anaesthetic.
    public func isRequired(for anaesthesia: Anaesthesia) -> Bool { self != .anaesthesiaReview || anaesthesia != .local }

    public func label(_ lang: Language) -> String {
        switch self {
        case .assessment: return lang.pick("术前评估", "pre-op assessment")
        case .labs: return lang.pick("化验检查", "labs")
        case .consent: return lang.pick("知情同意", "consent")
        case .anaesthesiaReview: return lang.pick("麻醉评估", "anaesthesia review")
        case .fasting: return lang.pick("禁食告知", "fasting instructions")
        case .escort: return lang.pick("陪护/免陪照护", "escort or escort-free care")
        }
    }

    /// Four columns at most, for the checklist columns of a list.
    public func shortLabel(_ lang: Language) -> String {
        switch self {
        case .assessment: return lang.pick("评估", "Asmt")
        case .labs: return lang.pick("化验", "Labs")
        case .consent: return lang.pick("同意", "Cons")
        case .anaesthesiaReview: return lang.pick("麻醉", "Anae")
        case .fasting: return lang.pick("禁食", "Fast")
        case .escort: return lang.pick("陪护", "Escr")
        }
    }
}

/// One theatre on one date: the minutes its sessions give it, and the turnover between cases.
public struct TheatreDay: Sendable, Equatable {
    public var theatre: String
    public var date: LocalDate
    /// Open periods in minutes since midnight, in order, not touching; empty when closed.
    public var periods: [Range<Int>]
    /// Minutes between the end of one case and the start of the next (rule 11, default 15).
    public var turnover: Int
    /// Rule 11: the surgeons' own clinic hours that day with patients booked, by surgeon (their
    /// resource code), hour → patients booked. A surgeon is not in theatre during them.
    public var surgeonClinics: [String: [Int: Int]]

    public init(theatre: String, date: LocalDate, periods: [Range<Int>], turnover: Int = DaySurgeryRules.defaultTurnoverMinutes,
                surgeonClinics: [String: [Int: Int]] = [:]) {
        self.theatre = theatre
        self.date = date
        self.periods = periods
        self.turnover = turnover
        self.surgeonClinics = surgeonClinics
    }

    /// The theatre's minutes that day: 540 for "08-17".
    public var minutes: Int { periods.reduce(0) { $0 + $1.count } }
    public var isOpen: Bool { !periods.isEmpty }
    /// Minute of the day the first case starts; 08:00 when closed, so time bars still have an axis.
    public var opensAt: Int { periods.first?.lowerBound ?? 8 * 60 }
    public var closesAt: Int { periods.last?.upperBound ?? 17 * 60 }
}

/// A case on a theatre day's list, as far as fitting and overlaps need to know it.
public struct ListedCase: Sendable, Equatable {
    public var id: Int64
    public var patient: Int64
    /// The surgeon's resource code: the identity the overlap check compares.
    public var surgeon: String
    /// The surgeon's name, for messages.
    public var surgeonName: String
    public var minutes: Int
    /// In theatre or done: fixed in place.
    public var started: Bool

    public init(id: Int64, patient: Int64, surgeon: String, surgeonName: String? = nil, minutes: Int, started: Bool = false) {
        self.id = id
        self.patient = patient
        self.surgeon = surgeon
        self.surgeonName = surgeonName ?? surgeon
        self.minutes = minutes
        self.started = started
    }
}

/// One theatre day with its cases in sequence.
public struct TheatreList: Sendable, Equatable {
    public var day: TheatreDay
    public var cases: [ListedCase]

    public init(day: TheatreDay, cases: [ListedCase] = []) {
        self.day = day
        self.cases = cases
    }
}

/// When each case of a list is planned to start, from its sequence and the turnovers.
public struct Timetable: Sendable, Equatable {
    /// Minute of the day each case starts, in sequence.
    public var starts: [Int]
    /// Estimated minutes plus the turnovers between cases.
    public var used: Int
    /// Every case lies within the theatre's open periods (rule 11).
    public var fits: Bool
    /// The theatre day's minutes less those used; negative when over.
    public var minutesLeft: Int
    /// Minutes a further case could take at the end of the list (after its turnover).
    public var roomForAnother: Int
}

/// Two cases of one surgeon in different theatres at overlapping times.
public struct SurgeonClash: Sendable, Hashable {
    public let surgeon: String
    /// The two cases, the smaller id first.
    public let cases: [Int64]

    public init(surgeon: String, _ a: Int64, _ b: Int64) {
        self.surgeon = surgeon
        cases = [min(a, b), max(a, b)]
    }
}

/// A case whose planned time runs into its surgeon's own clinic hour with patients booked (rule 11).
public struct SurgeonInClinic: Sendable, Hashable {
    public let caseID: Int64
    public let surgeon: String
    public let date: LocalDate
    /// The first clinic hour the case overlaps, and how many patients are booked in it.
    public let hour: Int
    public let booked: Int

    public init(caseID: Int64, surgeon: String, date: LocalDate, hour: Int, booked: Int) {
        self.caseID = caseID
        self.surgeon = surgeon
        self.date = date
        self.hour = hour
        self.booked = booked
    }

    public var refusal: BookingError { .surgeonInClinic(surgeon: surgeon, date: date, hour: hour, booked: booked) }
}

/// A queued case, as the planner and the back-fill choice rank it (rule 8: class, then waiting).
public struct QueuedCase: Sendable, Equatable {
    public var listed: ListedCase
    public var priority: PriorityClass
    public var waitingSince: LocalDateTime
    /// Every required checklist item ticked: "ready" in the queue, fit to back-fill a gap.
    public var checklistComplete: Bool

    public init(listed: ListedCase, priority: PriorityClass, waitingSince: LocalDateTime, checklistComplete: Bool) {
        self.listed = listed
        self.priority = priority
        self.waitingSince = waitingSince
        self.checklistComplete = checklistComplete
    }

    public var id: Int64 { listed.id }
}

/// One placement the auto-planner proposes; nothing is booked until a person confirms.
public struct PlanProposal: Sendable, Equatable {
    public let caseID: Int64
    public let theatre: String
    public let date: LocalDate
    /// 1 for the first case of the day.
    public let position: Int
    public let start: LocalDateTime

    public init(caseID: Int64, theatre: String, date: LocalDate, position: Int, start: LocalDateTime) {
        self.caseID = caseID
        self.theatre = theatre
        self.date = date
        self.position = position
        self.start = start
    }
}

/// Day surgery (rule 11) as pure functions: theatre minutes, planned times, fit, surgeon
/// overlaps, the checklist, queue order, the first-fit planner and the back-fill choice.
public enum DaySurgeryRules {
    public static let defaultTurnoverMinutes = 15
    public static let turnoverRange = 0...120
    public static let estimatedMinutesRange = 5...600
    /// A follow-up at the alliance clinic is due this many days after discharge, unless told.
    public static let defaultFollowUpDays = 1

    // MARK: Theatre days

    /// The open periods a theatre's weekly sessions give it on `date`: none on a holiday, the
    /// sessions of the weekday a make-up working day stands for (rule 12). Adjacent sessions merge.
    public static func periods(sessions: [HospitalSetup.Session], on date: LocalDate, calendar: WorkCalendar) -> [Range<Int>] {
        guard let weekday = calendar.sessionWeekday(on: date) else { return [] }
        let ranges = sessions.filter { $0.weekdays.contains(weekday) }
            .map { ($0.firstHour * 60)..<($0.endHour * 60) }
            .sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in ranges {
            if let last = merged.last, r.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    /// Planned start times follow from the sequence: the first case at opening, each next one a
    /// turnover after the previous ends — or at the next period's start when it would not end
    /// inside the current one (the turnover then falls in the break).
    public static func timetable(_ list: TheatreList) -> Timetable {
        let day = list.day
        var starts: [Int] = []
        var fits = day.isOpen || list.cases.isEmpty
        var period = 0
        var previousEnd: Int?
        for c in list.cases {
            var start = previousEnd.map { $0 + day.turnover } ?? day.opensAt
            while period < day.periods.count {
                start = max(start, day.periods[period].lowerBound)
                if start + c.minutes <= day.periods[period].upperBound { break }
                period += 1
            }
            if period >= day.periods.count { fits = false }
            starts.append(start)
            previousEnd = start + c.minutes
        }
        let used = list.cases.reduce(0) { $0 + $1.minutes } + day.turnover * max(0, list.cases.count - 1)
        var room = 0
        if let end = previousEnd {
            // Room in the period the list ends in, or in a later one, after a turnover.
            let from = end + day.turnover
            room = day.periods.map { $0.upperBound - max(from, $0.lowerBound) }.max() ?? 0
        } else {
            room = day.periods.map(\.count).max() ?? 0
        }
        return Timetable(starts: starts, used: used, fits: fits, minutesLeft: day.minutes - used, roomForAnother: fits ? max(0, room) : 0)
    }

    // MARK: Surgeons

    /// Every pair of one surgeon's cases in different theatres whose planned times overlap.
    public static func surgeonClashes(_ lists: [TheatreList]) -> Set<SurgeonClash> {
        struct Busy { let surgeon: String; let theatre: String; let id: Int64; let from: Int; let to: Int }
        var bySurgeon: [String: [Busy]] = [:]
        for list in lists {
            let times = timetable(list)
            for (c, start) in zip(list.cases, times.starts) {
                bySurgeon[c.surgeon, default: []].append(Busy(surgeon: c.surgeon, theatre: list.day.theatre, id: c.id, from: start, to: start + c.minutes))
            }
        }
        var clashes = Set<SurgeonClash>()
        for busy in bySurgeon.values where busy.count > 1 {
            for i in busy.indices {
                for j in busy.indices where j > i && busy[i].theatre != busy[j].theatre {
                    if busy[i].from < busy[j].to && busy[j].from < busy[i].to {
                        clashes.insert(SurgeonClash(surgeon: busy[i].surgeon, busy[i].id, busy[j].id))
                    }
                }
            }
        }
        return clashes
    }

    /// Rule 11: every case planned in theatre during its surgeon's own clinic hours that have
    /// patients booked (`TheatreDay.surgeonClinics`).
    public static func clinicClashes(_ lists: [TheatreList]) -> Set<SurgeonInClinic> {
        var found = Set<SurgeonInClinic>()
        for list in lists {
            let times = timetable(list)
            for (c, start) in zip(list.cases, times.starts) {
                guard let hours = list.day.surgeonClinics[c.surgeon] else { continue }
                let end = start + c.minutes
                if let hour = hours.keys.sorted().first(where: { hours[$0, default: 0] > 0 && start < ($0 + 1) * 60 && $0 * 60 < end }) {
                    found.insert(SurgeonInClinic(caseID: c.id, surgeon: c.surgeonName, date: list.day.date, hour: hour, booked: hours[hour] ?? 0))
                }
            }
        }
        return found
    }

    // MARK: Placing a case

    /// Puts `c` on `theatre`'s list at `index` (0-based; nil for the end) among `lists`, every
    /// theatre's list for that date, `c` not among them. Refused when the theatre is closed, the
    /// patient already has a case that day, the position lies before a case that has started,
    /// the minutes plus turnovers would exceed the theatre day, or a surgeon would be in two
    /// theatres at once that was not before (`baseline`: the lists before the change).
    public static func place(_ c: ListedCase, on theatre: String, at index: Int? = nil, in lists: [TheatreList],
                             baseline: [TheatreList]? = nil) -> Result<[TheatreList], BookingError> {
        guard let t = lists.firstIndex(where: { $0.day.theatre == theatre }) else {
            return .failure(.notFound(kind: "theatre", key: theatre))
        }
        let day = lists[t].day
        guard day.isOpen else { return .failure(.theatreClosed(theatre: theatre, date: day.date)) }
        for list in lists {
            if let other = list.cases.first(where: { $0.patient == c.patient && $0.id != c.id }) {
                return .failure(.patientHasCase(existing: other.id, date: day.date))
            }
        }
        var cases = lists[t].cases
        let firstMovable = (cases.lastIndex(where: \.started).map { $0 + 1 }) ?? 0
        let at = index ?? cases.count
        guard (firstMovable...cases.count).contains(at) else {
            return .failure(.invalidInput(field: "position", problem: .positionRange(first: firstMovable + 1, last: cases.count + 1, theatre: theatre, date: day.date)))
        }
        let before = timetable(lists[t])
        cases.insert(c, at: at)
        var after = lists
        after[t].cases = cases
        if !timetable(after[t]).fits {
            let left = before.fits ? (cases.count > 1 ? before.roomForAnother : day.minutes) : 0
            return .failure(.theatreDayFull(theatre: theatre, date: day.date, minutesLeft: left, needed: c.minutes))
        }
        let fresh = surgeonClashes(after).subtracting(surgeonClashes(baseline ?? lists))
        if let clash = fresh.sorted(by: { $0.cases.lexicographicallyPrecedes($1.cases) }).first {
            return .failure(busy(clash, in: after, changed: theatre))
        }
        // Rule 11: nor in theatre during their own clinic hours that have patients booked.
        let inClinic = clinicClashes(after).subtracting(clinicClashes(baseline ?? lists))
        if let first = inClinic.sorted(by: { ($0.caseID, $0.hour) < ($1.caseID, $1.hour) }).first { return .failure(first.refusal) }
        return .success(after)
    }

    /// Moves case `id` to `index` (0-based) on its own theatre day's list.
    public static func move(_ id: Int64, to index: Int, in lists: [TheatreList]) -> Result<[TheatreList], BookingError> {
        guard let t = lists.firstIndex(where: { $0.cases.contains { $0.id == id } }),
              let i = lists[t].cases.firstIndex(where: { $0.id == id }) else {
            return .failure(.notFound(kind: "surgery case", key: "\(id)"))
        }
        var without = lists
        let c = without[t].cases.remove(at: i)
        return place(c, on: lists[t].day.theatre, at: index, in: without, baseline: lists)
    }

    /// Takes case `id` off its list; later cases close up. Returns the new lists and any surgeon
    /// overlaps the closing-up creates, for the reviewer to resolve (a case that drops out is
    /// never kept on the list because of them).
    public static func remove(_ id: Int64, from lists: [TheatreList]) -> (lists: [TheatreList], newClashes: Set<SurgeonClash>) {
        var after = lists
        for t in after.indices { after[t].cases.removeAll { $0.id == id } }
        return (after, surgeonClashes(after).subtracting(surgeonClashes(lists)))
    }

    /// The refusal for a clash: the surgeon's case in the other theatre, whose time stays as it
    /// was (only `changed`'s list moved) — the commitment the new arrangement runs into.
    static func busy(_ clash: SurgeonClash, in lists: [TheatreList], changed theatre: String) -> BookingError {
        var found: [(theatre: String, id: Int64, from: LocalDateTime, to: LocalDateTime, name: String)] = []
        for list in lists {
            let times = timetable(list)
            for (c, start) in zip(list.cases, times.starts) where clash.cases.contains(c.id) {
                found.append((list.day.theatre, c.id, LocalDateTime(date: list.day.date, minuteOfDay: start),
                              LocalDateTime(date: list.day.date, minuteOfDay: start + c.minutes), c.surgeonName))
            }
        }
        guard let fixed = found.first(where: { $0.theatre != theatre }) ?? found.first else {
            let midnight = LocalDateTime(date: lists.first?.day.date ?? LocalDate(dayNumber: 0), minuteOfDay: 0)
            return .surgeonBusy(surgeon: clash.surgeon, theatre: "?", from: midnight, to: midnight)
        }
        return .surgeonBusy(surgeon: fixed.name, theatre: fixed.theatre, from: fixed.from, to: fixed.to)
    }

    // MARK: The checklist and the case's status

    /// The items a case with this anaesthesia needs, in checklist order.
    public static func required(for anaesthesia: Anaesthesia) -> [ChecklistItem] {
        ChecklistItem.allCases.filter { $0.isRequired(for: anaesthesia) }
    }

    /// What is still missing, in checklist order.
    public static func missing(ticked: Set<ChecklistItem>, anaesthesia: Anaesthesia) -> [ChecklistItem] {
        required(for: anaesthesia).filter { !ticked.contains($0) }
    }

    /// Whether `step` may be taken on a case in `status`.
    public static func check(_ step: SurgeryStep, case id: Int64, status: SurgeryStatus) -> BookingError? {
        step.allowedFrom.contains(status) ? nil : .wrongCaseStatus(caseID: id, status: status, step: step)
    }

    /// Rule 11: a scheduled case becomes ready only with its checklist complete.
    public static func checkConfirm(case id: Int64, status: SurgeryStatus, ticked: Set<ChecklistItem>, anaesthesia: Anaesthesia) -> BookingError? {
        if let refusal = check(.confirm, case: id, status: status) { return refusal }
        let gaps = missing(ticked: ticked, anaesthesia: anaesthesia)
        return gaps.isEmpty ? nil : .checklistIncomplete(caseID: id, missing: gaps)
    }

    // MARK: The queue, the planner and back-fill

    /// Rule 8 for the day-surgery queue: class, then who has waited longest, then the older case.
    public static func queueOrder(_ a: QueuedCase, _ b: QueuedCase) -> Bool {
        (a.priority.rank, a.waitingSince, a.id) < (b.priority.rank, b.waitingSince, b.id)
    }

    /// First fit: each queued case in queue order goes at the end of the first theatre day (in
    /// date order, then theatre order) where it fits without a surgeon overlap or a second case
    /// for the patient that day. `days` holds, per date, every theatre's list. Proposes only.
    public static func plan(queue: [QueuedCase], days: [[TheatreList]]) -> [PlanProposal] {
        var days = days.map { $0.sorted { $0.day.theatre < $1.day.theatre } }
        var proposals: [PlanProposal] = []
        for q in queue.sorted(by: queueOrder) {
            search: for d in days.indices {
                for list in days[d] where list.day.isOpen {
                    guard case let .success(after) = place(q.listed, on: list.day.theatre, in: days[d]) else { continue }
                    days[d] = after
                    let placed = after.first { $0.day.theatre == list.day.theatre }!
                    let start = timetable(placed).starts.last ?? placed.day.opensAt
                    proposals.append(PlanProposal(caseID: q.id, theatre: list.day.theatre, date: list.day.date, position: placed.cases.count,
                                                  start: LocalDateTime(date: list.day.date, minuteOfDay: start)))
                    break search
                }
            }
        }
        return proposals
    }

    /// Rule 11 back-fill: of the queued cases whose checklist is complete, the highest in queue
    /// order that fits `theatre`'s list at `index` (nil: the end). Returns it with the new lists.
    public static func backfill(queue: [QueuedCase], theatre: String, at index: Int? = nil,
                                in lists: [TheatreList]) -> (chosen: QueuedCase, lists: [TheatreList])? {
        for q in queue.filter(\.checklistComplete).sorted(by: queueOrder) {
            if case let .success(after) = place(q.listed, on: theatre, at: index, in: lists) { return (q, after) }
        }
        return nil
    }
}
