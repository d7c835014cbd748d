/// How soon a referred patient must be seen.
public enum ReferralUrgency: String, Sendable, Codable, CaseIterable, Comparable {
    /// Green channel: chest pain, stroke, critical (rule 9).
    case green
    case urgent
    case routine

    /// Inbox order: green first, routine last.
    public var rank: Int { ReferralUrgency.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: ReferralUrgency, b: ReferralUrgency) -> Bool { a.rank < b.rank }

    /// Rule 8: a referral's appointment is green-channel or referred.
    public var priority: PriorityClass { self == .green ? .green : .referral }

    public func label(_ lang: Language) -> String {
        switch self {
        case .green: return lang.pick("绿色通道", "green")
        case .urgent: return lang.pick("急", "urgent")
        case .routine: return lang.pick("普通", "routine")
        }
    }
}

/// Up to the hospital (上转) or back down to the clinic for follow-up (下转).
public enum ReferralDirection: String, Sendable, Codable, CaseIterable {
    case up, down

    public func label(_ lang: Language) -> String { self == .up ? lang.pick("上转", "up") : lang.pick("下转", "down") }
}

/// The life of a referral: pending → booked → completed, or cancelled / expired.
public enum ReferralStatus: String, Sendable, Codable, CaseIterable {
    case pending, booked, completed, cancelled, expired

    public func label(_ lang: Language) -> String {
        switch self {
        case .pending: return lang.pick("待预约", "pending")
        case .booked: return lang.pick("已预约", "booked")
        case .completed: return lang.pick("已完成", "completed")
        case .cancelled: return lang.pick("已撤销", "cancelled")
        case .expired: return lang.pick("已过期", "expired")
        }
    }
}

/// Referral rules: expiry from the clock, and what may be booked from a referral.
public enum ReferralRules {
    public static let defaultExpiryDays = 14

    /// A pending up-referral older than the hospital's expiry is expired, computed where it is
    /// read. A follow-up sent down never expires (rule 11a): it stays pending until the clinic
    /// reports it done, overdue once its due date has passed (`isOverdue`).
    public static func effectiveStatus(stored: ReferralStatus, createdAt: LocalDateTime, expiryDays: Int, now: LocalDateTime,
                                       direction: ReferralDirection = .up) -> ReferralStatus {
        guard stored == .pending, direction == .up else { return stored }
        return now >= createdAt.adding(minutes: expiryDays * 1440) ? .expired : .pending
    }

    /// Rule 11a: a follow-up sent down and still pending the day after its due date is overdue.
    public static func isOverdue(direction: ReferralDirection, status: ReferralStatus, dueDate: LocalDate?, today: LocalDate) -> Bool {
        guard direction == .down, status == .pending, let dueDate else { return false }
        return today > dueDate
    }

    /// Rule 11a: only a pending follow-up sent down is reported done.
    public static func checkFollowUpDone(id: Int64, status: ReferralStatus, direction: ReferralDirection) -> BookingError? {
        direction == .down && status == .pending ? nil : .followUpNotPending(referral: id)
    }

    /// A referral can be booked while pending, into its own department.
    public static func checkBookable(id: Int64, status: ReferralStatus, direction: ReferralDirection) -> BookingError? {
        if direction == .down { return .referralNotBookable(referral: id, status: status) }
        return status == .pending ? nil : .referralNotBookable(referral: id, status: status)
    }
}

extension SlotRules {
    /// Rule 9: a green-channel referral may be added to a full slot (capacity + 1) — never to a
    /// slot that has started or lies beyond the alliance horizon, and only when it is full.
    public static func checkAddOn(urgency: ReferralUrgency, roles: Set<Role>, in slot: SlotState, now: LocalDateTime) -> BookingError? {
        guard urgency == .green else { return .addOnNotGreen }
        guard Permissions.allows(roles, .addOn) else { return .notPermitted(permission: Permission.addOn.rawValue, roles: Permissions.roles(for: .addOn)) }
        if slot.start <= now { return .slotStarted(slot: slot.label) }
        if slot.date > horizonEnd(today: now.date, channel: .alliance, policy: slot.policy) {
            return .outsideHorizon(slot: slot.label, days: slot.policy.allianceHorizonDays)
        }
        if availability(of: slot, now: now).total > 0 { return .addOnNotFull(slot: slot.label) }
        return nil
    }
}
