/// Why the desk put a patient in the priority group (rule 8), besides age.
public enum PriorityGroup: String, Sendable, Codable, CaseIterable {
    case disabled, pregnant, veteran

    public func label(_ lang: Language) -> String {
        switch self {
        case .disabled: return lang.pick("残疾人", "disabled")
        case .pregnant: return lang.pick("孕产妇", "pregnant")
        case .veteran: return lang.pick("军人/退役军人", "veteran")
        }
    }
}

/// Rule 8: who is in which class when nothing else (a referral) decides it.
public enum PriorityRules {
    public static let elderlyAge = 65

    /// `priority` for patients aged 65 or more on the day of the appointment (from the identity
    /// number's birth date) or in a priority group the desk set; otherwise `regular`.
    public static func derived(birth: LocalDate?, group: PriorityGroup?, on date: LocalDate) -> PriorityClass {
        reason(birth: birth, group: group, on: date) == nil ? .regular : .priority
    }

    /// Why a patient is in the `priority` class on `date`, or nil when they are not: the desk
    /// shows it beside the name, so a screen never restates the rule.
    public static func reason(birth: LocalDate?, group: PriorityGroup?, on date: LocalDate) -> PriorityReason? {
        if let group { return .group(group) }
        guard let birth else { return nil }
        var age = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { age -= 1 }
        return age >= elderlyAge ? .elderly : nil
    }

    /// A group the identity rules out: `pregnant` for a patient whose resident number says male.
    public static func checkGroup(_ group: PriorityGroup?, sex: Sex?) -> BookingError? {
        group == .pregnant && sex == .male ? .priorityGroupMismatch(group: PriorityGroup.pregnant.rawValue) : nil
    }
}

/// Rule 8: what puts a patient in the `priority` class.
public enum PriorityReason: Sendable, Equatable {
    case elderly
    case group(PriorityGroup)

    public func label(_ lang: Language) -> String {
        switch self {
        case .elderly: return lang.pick("65岁以上 优先", "65+ priority")
        case let .group(g): return g.label(lang) + lang.pick(" 优先", " priority")
        }
    }
}

/// What the waitlist needs to know about an entry to order and match it.
public struct WaitlistEntry: Sendable, Equatable {
    public var id: Int64
    public var priority: PriorityClass
    /// Put back at the head of its class by a stop-clinic (rule 10).
    public var headOfClass: Bool
    public var waitingSince: LocalDateTime
    public var department: String
    public var resource: String?
    public var firstDate: LocalDate
    public var lastDate: LocalDate
    public var firstHour: Int
    public var endHour: Int

    public init(id: Int64, priority: PriorityClass, headOfClass: Bool = false, waitingSince: LocalDateTime, department: String,
                resource: String? = nil, firstDate: LocalDate, lastDate: LocalDate, firstHour: Int = 0, endHour: Int = 24) {
        self.id = id
        self.priority = priority
        self.headOfClass = headOfClass
        self.waitingSince = waitingSince
        self.department = department
        self.resource = resource
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.firstHour = firstHour
        self.endHour = endHour
    }
}

/// The waitlist (rules 6 and 8): served by class, then by how long the patient has waited.
public enum WaitlistRules {
    /// Serving order: class, then head-of-class entries, then waiting time, then entry number.
    public static func servedBefore(_ a: WaitlistEntry, _ b: WaitlistEntry) -> Bool {
        if a.priority != b.priority { return a.priority < b.priority }
        if a.headOfClass != b.headOfClass { return a.headOfClass }
        if a.waitingSince != b.waitingSince { return a.waitingSince < b.waitingSince }
        return a.id < b.id
    }

    /// Whether a slot lies within what the entry waits for.
    public static func matches(_ entry: WaitlistEntry, department: String, resource: String, date: LocalDate, hour: Int) -> Bool {
        entry.department == department && (entry.resource == nil || entry.resource == resource)
            && date >= entry.firstDate && date <= entry.lastDate && hour >= entry.firstHour && hour < entry.endHour
    }

    /// An entry expires at the end of its window.
    public static func isExpired(_ entry: WaitlistEntry, today: LocalDate) -> Bool { entry.lastDate < today }

    /// Checks what the desk asks for: a window that has not ended and runs forwards, an hour range.
    public static func checkWindow(firstDate: LocalDate, lastDate: LocalDate, firstHour: Int, endHour: Int, today: LocalDate) -> BookingError? {
        if lastDate < firstDate { return .invalidInput(field: "--to", problem: .windowBackwards) }
        if lastDate < today { return .invalidInput(field: "--to", problem: .windowEnded) }
        if firstDate.days(to: lastDate) > 90 { return .invalidInput(field: "--to", problem: .windowTooLong(days: 90)) }
        if !(0...23).contains(firstHour) || !(1...24).contains(endHour) || endHour <= firstHour {
            return .invalidInput(field: "--hours", problem: .hoursShape)
        }
        return nil
    }
}

/// The call queue of one resource-hour (rule 8): checked-in patients by class, then check-in
/// time. Positions are numbers so a skip can move one patient without renumbering the others.
public enum CallQueue {
    /// Where a patient checking in joins: after everyone of a higher or equal class already waiting.
    public static func position(priority: PriorityClass, checkedInAt: LocalDateTime) -> Double {
        Double(priority.rank) * 1e10 + Double(checkedInAt.minuteNumber)
    }

    /// How many patients a skipped one lets go first.
    public static let skipDistance = 2

    /// The position that puts a skipped patient back after the next two waiting (or last, if
    /// fewer wait). `waiting` are the positions of the others waiting, in order.
    public static func positionAfterSkip(waiting: [Double]) -> Double {
        let sorted = waiting.sorted()
        guard sorted.count > skipDistance else { return (sorted.last ?? 0) + 1 }
        return (sorted[skipDistance - 1] + sorted[skipDistance]) / 2
    }
}

/// Rule 10: the nearest free slot to offer a patient whose session was stopped.
public enum StopClinicRules {
    /// The candidate whose start is closest to the original start; ties go to the later one, so
    /// no one is offered an earlier time they may not be able to make.
    /// Among candidates as near as each other and starting together, the first listed.
    public static func nearest(to original: LocalDateTime, among candidates: [(id: Int64, start: LocalDateTime)]) -> Int64? {
        candidates.min { a, b in isNearer(a.start, than: b.start, to: original) }?.id
    }

    /// Whether a slot starting at `a` is preferred to one starting at `b`: nearer, or as near and later.
    public static func isNearer(_ a: LocalDateTime, than b: LocalDateTime, to original: LocalDateTime) -> Bool {
        preference(a, to: original) < preference(b, to: original)
    }

    /// The order of preference as a value that sorts, the smaller preferred: nearer, then later.
    public static func preference(_ start: LocalDateTime, to original: LocalDateTime) -> (distance: Int, laterFirst: Int) {
        (distance(start, from: original), -start.minuteNumber)
    }

    /// How far a slot's start is from the original start, in minutes either way: what nearest measures.
    public static func distance(_ start: LocalDateTime, from original: LocalDateTime) -> Int {
        abs(start.minuteNumber - original.minuteNumber)
    }
}
