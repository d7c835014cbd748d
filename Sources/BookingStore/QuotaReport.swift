import BookingCore
import GRDB

/// Reserved quota of one department on one day (rules 1–2), as of the store's clock.
public struct QuotaRow: Sendable, Equatable {
    public let date: LocalDate
    public let department: String
    /// Seats reserved for the alliance in the day's slots.
    public let reserved: Int
    /// Reserved seats taken by alliance bookings.
    public let used: Int
    /// Reserved seats left unused when their slot was released: now public.
    public let released: Int
    /// Reserved seats still held for the alliance.
    public let held: Int
    /// Of `held`, those whose release comes within the next 24 hours.
    public let releasingSoon: Int
    /// Reserved seats used, per clinic code.
    public let usedByClinic: [String: Int]
}

extension Store {
    /// Reserved quota per department and day over `from...to`, optionally for one department or
    /// one clinic (then `used` counts only that clinic's seats).
    public func quotaReport(from: LocalDate, to: LocalDate, department: String? = nil, clinic: String? = nil) throws(BookingError) -> [QuotaRow] {
        guard from <= to, from.days(to: to) <= 92 else {
            throw BookingError.invalidInput(field: "--to", problem: .rangeTooLong(days: 93))
        }
        let now = self.now
        return try read { db in
            if let d = department, try Int.fetchOne(db, sql: "SELECT 1 FROM department WHERE code = ?", arguments: [d]) == nil {
                throw BookingError.notFound(kind: "department", key: d)
            }
            if let c = clinic, try Int.fetchOne(db, sql: "SELECT 1 FROM alliance_clinic WHERE code = ?", arguments: [c]) == nil {
                throw BookingError.notFound(kind: "clinic", key: c)
            }
            let slots = try Row.fetchAll(db, sql: """
                SELECT s.date, s.hour, s.capacity, s.reserved, s.added, s.public_used, s.reserved_used, d.code AS department,
                       d.public_horizon_days, d.alliance_horizon_days, d.release_lead_hours
                FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
                WHERE s.date BETWEEN ? AND ? AND s.withdrawn = 0 AND s.reserved > 0 AND (?3 IS NULL OR d.code = ?3)
                ORDER BY s.date, d.id
                """, arguments: [from.description, to.description, department])
            let usage = try Row.fetchAll(db, sql: """
                SELECT a.date, d.code AS department, c.code AS clinic, count(*) AS n
                FROM appointment a JOIN department d ON d.id = a.department_id JOIN alliance_clinic c ON c.id = a.clinic_id
                WHERE a.date BETWEEN ? AND ? AND a.pool = 'reserved' AND a.status <> 'cancelled'
                GROUP BY a.date, d.code, c.code
                """, arguments: [from.description, to.description])
            var byClinic: [String: [String: Int]] = [:]
            for row in usage {
                byClinic["\(row["date"] as String) \(row["department"] as String)", default: [:]][row["clinic"]] = row["n"]
            }
            struct Totals { var reserved = 0, used = 0, released = 0, held = 0, soon = 0 }
            var order: [String] = []
            var totals: [String: Totals] = [:]
            for row in slots {
                guard let date = LocalDate(row["date"] as String) else { continue }
                let policy = BookingPolicy(publicHorizonDays: row["public_horizon_days"], allianceHorizonDays: row["alliance_horizon_days"],
                                           releaseLeadHours: row["release_lead_hours"])
                let state = SlotState(label: "", date: date, hour: row["hour"], capacity: row["capacity"], reserved: row["reserved"],
                                      added: row["added"], publicUsed: row["public_used"], reservedUsed: row["reserved_used"], policy: policy)
                let key = "\(date) \(row["department"] as String)"
                if totals[key] == nil { order.append(key) }
                var t = totals[key, default: Totals()]
                let unused = max(0, state.reserved - state.reservedUsed)
                t.reserved += state.reserved
                t.used += state.reservedUsed
                if SlotRules.isReleased(state, now: now) {
                    t.released += unused
                } else {
                    t.held += unused
                    if SlotRules.releaseMoment(of: state) <= now.adding(minutes: 24 * 60) { t.soon += unused }
                }
                totals[key] = t
            }
            return order.compactMap { key -> QuotaRow? in
                guard let t = totals[key] else { return nil }
                let parts = key.split(separator: " ")
                let clinics = byClinic[key] ?? [:]
                let used = clinic.map { clinics[$0] ?? 0 } ?? t.used
                return QuotaRow(date: LocalDate(String(parts[0])) ?? from, department: String(parts[1]), reserved: t.reserved, used: used,
                                released: t.released, held: t.held, releasingSoon: t.soon,
                                usedByClinic: clinic.map { [$0: clinics[$0] ?? 0] } ?? clinics)
            }
        }
    }
}
