import BookingCore
import GRDB

/// The waits of one group of patients: a department, an urgency, a priority class, or everyone (`*`).
public struct WaitLine: Sendable, Equatable {
    public let group: String
    public let label: String
    public let waits: WaitDistribution
}

/// Waiting times, the figure the alliance is judged by: from referral to appointment, and from
/// joining the day-surgery queue to the operation.
public struct WaitReport: Sendable, Equatable {
    public let from: LocalDate
    public let to: LocalDate
    /// Up-referrals whose (live or past) appointment falls in the range: days from the referral
    /// being written to the appointment's hour. By department, by urgency, and in all.
    public let referralByDepartment: [WaitLine]
    public let referralByUrgency: [WaitLine]
    public let referralTotal: WaitLine
    /// Day-surgery cases on a theatre list in the range: days from waiting-since to 08:00 of the
    /// theatre day. By priority class, and in all.
    public let surgeryByClass: [WaitLine]
    public let surgeryTotal: WaitLine
    /// Still waiting at the store's clock: pending referrals (not expired) and queued cases, with
    /// how long they have waited so far.
    public let referralsWaiting: WaitDistribution
    public let queueWaiting: WaitDistribution
    /// Rule 11a: follow-ups sent down and not yet reported done, at the store's clock, and how
    /// many of them are past their due date.
    public var followUpsPending = 0
    public var followUpsOverdue = 0
}

extension Store {
    public func waitReport(from: LocalDate, to: LocalDate, department: String? = nil) throws(BookingError) -> WaitReport {
        let scope = ExportScope(from: from, to: to, department: department)
        try scope.validate()
        let now = self.now
        return try read { db in
            try Self.requireDepartment(db, scope.department)
            func days(from start: LocalDateTime, to end: LocalDateTime) -> Double { Double(end.minuteNumber - start.minuteNumber) / 1440 }
            // Referral → appointment.
            var byDepartment: [String: (name: String, days: [Double])] = [:]
            var departmentOrder: [String] = []
            var byUrgency: [ReferralUrgency: [Double]] = [:]
            var all: [Double] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT d.code AS department, d.name AS department_name, f.urgency, f.created_at, a.date, a.hour
                FROM referral f JOIN appointment a ON a.id = f.appointment_id JOIN department d ON d.id = f.department_id
                WHERE f.direction = 'up' AND a.status <> 'cancelled' AND a.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.code = ?3)
                ORDER BY d.id, f.id
                """, arguments: scope.arguments) {
                guard let created = LocalDateTime(row["created_at"] as String), let date = LocalDate(row["date"] as String) else { continue }
                let wait = max(0, days(from: created, to: LocalDateTime(date: date, hour: row["hour"])))
                let code: String = row["department"]
                if byDepartment[code] == nil { departmentOrder.append(code); byDepartment[code] = (row["department_name"], []) }
                byDepartment[code]?.days.append(wait)
                byUrgency[ReferralUrgency(rawValue: row["urgency"]) ?? .routine, default: []].append(wait)
                all.append(wait)
            }
            // Queue → theatre day.
            var byClass: [PriorityClass: [Double]] = [:]
            var operated: [Double] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT c.priority, c.waiting_since, c.date
                FROM surgery_case c JOIN resource s ON s.id = c.surgeon_id JOIN department d ON d.id = s.department_id
                WHERE c.status IN ('scheduled', 'ready', 'in_theatre', 'done') AND c.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.code = ?3)
                """, arguments: scope.arguments) {
                guard let since = LocalDateTime(row["waiting_since"] as String), let date = LocalDate(row["date"] as String) else { continue }
                let wait = max(0, days(from: since, to: LocalDateTime(date: date, hour: 8)))
                byClass[PriorityClass(rawValue: row["priority"]) ?? .regular, default: []].append(wait)
                operated.append(wait)
            }
            // Still waiting now.
            let expiry = try Self.referralExpiryDays(db)
            let pending = try Row.fetchAll(db, sql: """
                SELECT f.created_at FROM referral f JOIN department d ON d.id = f.department_id
                WHERE f.direction = 'up' AND f.status = 'pending' AND (?3 IS NULL OR d.code = ?3)
                """, arguments: scope.arguments).compactMap { row -> Double? in
                guard let created = LocalDateTime(row["created_at"] as String),
                      ReferralRules.effectiveStatus(stored: .pending, createdAt: created, expiryDays: expiry, now: now) == .pending else { return nil }
                return max(0, days(from: created, to: now))
            }
            let queued = try Row.fetchAll(db, sql: """
                SELECT c.waiting_since FROM surgery_case c JOIN resource s ON s.id = c.surgeon_id JOIN department d ON d.id = s.department_id
                WHERE c.status = 'queued' AND (?3 IS NULL OR d.code = ?3)
                """, arguments: scope.arguments).compactMap { row -> Double? in
                (LocalDateTime(row["waiting_since"] as String)).map { max(0, days(from: $0, to: now)) }
            }
            let followUps = try Row.fetchOne(db, sql: """
                SELECT count(*), coalesce(sum(f.due_date < ?4), 0) FROM referral f JOIN department d ON d.id = f.department_id
                WHERE f.direction = 'down' AND f.status = 'pending' AND (?3 IS NULL OR d.code = ?3)
                """, arguments: scope.arguments + [now.date.description])
            var report = WaitReport(
                from: from, to: to,
                referralByDepartment: departmentOrder.map { code in
                    WaitLine(group: code, label: byDepartment[code]?.name ?? code, waits: WaitDistribution(days: byDepartment[code]?.days ?? []))
                },
                referralByUrgency: ReferralUrgency.allCases.compactMap { u in
                    byUrgency[u].map { WaitLine(group: u.rawValue, label: u.label(.zh), waits: WaitDistribution(days: $0)) }
                },
                referralTotal: WaitLine(group: "*", label: "全部", waits: WaitDistribution(days: all)),
                surgeryByClass: PriorityClass.allCases.compactMap { p in
                    byClass[p].map { WaitLine(group: p.rawValue, label: p.label(.zh), waits: WaitDistribution(days: $0)) }
                },
                surgeryTotal: WaitLine(group: "*", label: "全部", waits: WaitDistribution(days: operated)),
                referralsWaiting: WaitDistribution(days: pending),
                queueWaiting: WaitDistribution(days: queued))
            report.followUpsPending = followUps?[0] ?? 0
            report.followUpsOverdue = followUps?[1] ?? 0
            return report
        }
    }
}
