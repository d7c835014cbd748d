import BookingCore
import GRDB

/// Reserved seats of one department over a range (rules 1–2): how many the alliance used, how
/// many went to the public at release, how many are still held.
public struct QuotaDepartmentLine: Sendable, Equatable {
    public let department: String
    public let departmentName: String
    public var reserved = 0
    public var used = 0
    public var released = 0
    public var held = 0
    /// Of `held`, released within the next 24 hours.
    public var releasingSoon = 0

    /// Reserved seats the alliance used, in percent.
    public var usedPercent: Double { Share.percent(used, of: reserved) }
}

/// What one alliance clinic did with the reserved quota over a range.
public struct QuotaClinicLine: Sendable, Equatable {
    public let clinic: String
    public let clinicName: String
    /// Alliance bookings in reserved seats (not cancelled).
    public var reservedSeats = 0
    /// Alliance bookings that took a public seat (the reserved ones used up or released).
    public var publicSeats = 0
    /// Alliance bookings cancelled: their reserved seats went back to the pool (rule 6).
    public var cancelled = 0
    /// Referrals the clinic sent up in the range, and how many of those have an appointment.
    public var referrals = 0
    public var referralsBooked = 0
}

public struct QuotaUseReport: Sendable, Equatable {
    public let from: LocalDate
    public let to: LocalDate
    public let departments: [QuotaDepartmentLine]
    public let clinics: [QuotaClinicLine]
}

extension Store {
    /// Reserved quota use and release per department (from `quotaReport`, as of the store's clock)
    /// and per clinic.
    public func quotaUseReport(from: LocalDate, to: LocalDate, department: String? = nil) throws(BookingError) -> QuotaUseReport {
        let scope = ExportScope(from: from, to: to, department: department)
        let days = try quotaReport(from: from, to: to, department: scope.department)
        let names = Dictionary(uniqueKeysWithValues: try departments().map { ($0.code, $0.name) })
        var order: [String] = []
        var lines: [String: QuotaDepartmentLine] = [:]
        for day in days {
            if lines[day.department] == nil {
                order.append(day.department)
                lines[day.department] = QuotaDepartmentLine(department: day.department, departmentName: names[day.department] ?? day.department)
            }
            lines[day.department]?.reserved += day.reserved
            lines[day.department]?.used += day.used
            lines[day.department]?.released += day.released
            lines[day.department]?.held += day.held
            lines[day.department]?.releasingSoon += day.releasingSoon
        }
        let clinics = try read { db in
            var byClinic: [String: QuotaClinicLine] = [:]
            let all = try Row.fetchAll(db, sql: "SELECT code, name FROM alliance_clinic ORDER BY code")
            for c in all { byClinic[c["code"]] = QuotaClinicLine(clinic: c["code"], clinicName: c["name"]) }
            for row in try Row.fetchAll(db, sql: """
                SELECT c.code, sum(a.status <> 'cancelled' AND a.pool = 'reserved') AS reserved_seats,
                       sum(a.status <> 'cancelled' AND a.pool = 'public') AS public_seats, sum(a.status = 'cancelled') AS cancelled
                FROM appointment a JOIN alliance_clinic c ON c.id = a.clinic_id JOIN department d ON d.id = a.department_id
                WHERE a.channel = 'alliance' AND a.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.code = ?3)
                GROUP BY c.id
                """, arguments: scope.arguments) {
                byClinic[row["code"]]?.reservedSeats = row["reserved_seats"]
                byClinic[row["code"]]?.publicSeats = row["public_seats"]
                byClinic[row["code"]]?.cancelled = row["cancelled"]
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT c.code, count(*) AS referrals, sum(f.status IN ('booked', 'completed')) AS booked
                FROM referral f JOIN alliance_clinic c ON c.id = f.clinic_id JOIN department d ON d.id = f.department_id
                WHERE f.direction = 'up' AND substr(f.created_at, 1, 10) BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.code = ?3)
                GROUP BY c.id
                """, arguments: scope.arguments) {
                byClinic[row["code"]]?.referrals = row["referrals"]
                byClinic[row["code"]]?.referralsBooked = row["booked"]
            }
            return all.compactMap { byClinic[$0["code"] as String] }
        }
        return QuotaUseReport(from: from, to: to, departments: order.compactMap { lines[$0] }, clinics: clinics)
    }
}
