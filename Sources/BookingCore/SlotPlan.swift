/// One slot the weekly sessions call for.
public struct PlannedSlot: Sendable, Equatable {
    public let resource: String
    public let date: LocalDate
    public let hour: Int
    public let capacity: Int
    public let reserved: Int
    /// False when no official calendar covers the date (rule 12): generated as an ordinary week.
    public let calendarKnown: Bool
}

/// A slot as stored, as far as regeneration needs to know it.
public struct StoredSlot: Sendable, Equatable {
    public let id: Int64
    public let resource: String
    public let date: LocalDate
    public let hour: Int
    public let capacity: Int
    public let reserved: Int
    public let booked: Int
    public let reservedUsed: Int
    /// Appointments of any status point at it, so it can be withdrawn but never deleted.
    public let hasHistory: Bool
    public let withdrawn: Bool
    public let calendarKnown: Bool

    public init(id: Int64, resource: String, date: LocalDate, hour: Int, capacity: Int, reserved: Int,
                booked: Int, reservedUsed: Int, hasHistory: Bool, withdrawn: Bool, calendarKnown: Bool = true) {
        self.id = id
        self.resource = resource
        self.date = date
        self.hour = hour
        self.capacity = capacity
        self.reserved = reserved
        self.booked = booked
        self.reservedUsed = reservedUsed
        self.hasHistory = hasHistory
        self.withdrawn = withdrawn
        self.calendarKnown = calendarKnown
    }
}

/// What regeneration will do, decided before anything is written.
public struct SlotReconciliation: Sendable, Equatable {
    public enum Conflict: Sendable, Equatable {
        /// The sessions ask for less than the slot holds in bookings.
        case wouldShrink(slot: StoredSlot, capacity: Int, reserved: Int)
        /// No session covers the slot any more, but it holds bookings.
        case noSession(slot: StoredSlot)
    }

    public var create: [PlannedSlot] = []
    public var update: [(id: Int64, planned: PlannedSlot)] = []
    /// Slots with no appointment rows at all: removed.
    public var delete: [Int64] = []
    /// Slots with only cancelled appointments: kept for history, no longer offered.
    public var withdraw: [Int64] = []
    public var unchanged = 0
    public var conflicts: [Conflict] = []

    public static func == (a: SlotReconciliation, b: SlotReconciliation) -> Bool {
        a.create == b.create && a.update.map(\.id) == b.update.map(\.id) && a.update.map(\.planned) == b.update.map(\.planned)
            && a.delete == b.delete && a.withdraw == b.withdraw && a.unchanged == b.unchanged && a.conflicts == b.conflicts
    }
}

/// Slot generation from weekly sessions and the calendar (rule 12), idempotent: running it twice
/// changes nothing the second time, and it never shrinks or removes a slot that holds bookings.
public enum SlotPlanner {
    /// The slots `sessions` call for on each day of `dates`.
    public static func plan(sessions: [HospitalSetup.Session], calendar: WorkCalendar, dates: ClosedRange<LocalDate>) -> [PlannedSlot] {
        var byWeekday: [Int: [HospitalSetup.Session]] = [:]
        for session in sessions {
            for day in Set(session.weekdays) { byWeekday[day, default: []].append(session) }
        }
        var result: [PlannedSlot] = []
        var day = dates.lowerBound
        while day <= dates.upperBound {
            if let weekday = calendar.sessionWeekday(on: day) {
                let known = calendar.covers(day)
                for session in byWeekday[weekday] ?? [] {
                    for hour in session.firstHour..<session.endHour {
                        result.append(PlannedSlot(resource: session.resource, date: day, hour: hour,
                                                  capacity: session.capacity, reserved: session.reserved, calendarKnown: known))
                    }
                }
            }
            day = day.adding(days: 1)
        }
        return result
    }

    /// Compares the planned slots with those stored over the same dates and resources.
    public static func reconcile(planned: [PlannedSlot], stored: [StoredSlot]) -> SlotReconciliation {
        struct Key: Hashable { let resource: String; let day: Int; let hour: Int }
        var existing: [Key: StoredSlot] = [:]
        existing.reserveCapacity(stored.count)
        for slot in stored { existing[Key(resource: slot.resource, day: slot.date.dayNumber, hour: slot.hour)] = slot }
        var result = SlotReconciliation()
        for plan in planned {
            let key = Key(resource: plan.resource, day: plan.date.dayNumber, hour: plan.hour)
            guard let slot = existing.removeValue(forKey: key) else {
                result.create.append(plan)
                continue
            }
            if slot.capacity == plan.capacity && slot.reserved == plan.reserved && slot.calendarKnown == plan.calendarKnown && !slot.withdrawn {
                result.unchanged += 1
            } else if slot.booked > 0 && (plan.capacity < slot.capacity || plan.reserved < slot.reservedUsed
                                          || plan.capacity - plan.reserved < slot.booked - slot.reservedUsed) {
                result.conflicts.append(.wouldShrink(slot: slot, capacity: plan.capacity, reserved: plan.reserved))
            } else {
                result.update.append((slot.id, plan))
            }
        }
        for slot in existing.values.sorted(by: { ($0.date, $0.resource, $0.hour) < ($1.date, $1.resource, $1.hour) }) where !slot.withdrawn {
            if slot.booked > 0 {
                result.conflicts.append(.noSession(slot: slot))
            } else if slot.hasHistory {
                result.withdraw.append(slot.id)
            } else {
                result.delete.append(slot.id)
            }
        }
        return result
    }
}
