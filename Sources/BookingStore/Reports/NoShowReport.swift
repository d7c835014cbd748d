import BookingCore
import GRDB

/// No-shows of one department (or the hospital) over a range of days (rule 7).
public struct NoShowLine: Sendable, Equatable {
    public let department: String
    public let departmentName: String
    /// Appointments in the range, cancelled ones not counted.
    public var appointments = 0
    /// Whose outcome is known: checked in, seen, or past the slot's end + 30 minutes.
    public var due = 0
    public var attended = 0
    /// Marked no-show, or booked and never checked in by the deadline.
    public var noShows = 0
    /// Still before their deadline.
    public var pending = 0

    /// No-shows among the appointments due, in percent.
    public var ratePercent: Double { Share.percent(noShows, of: due) }

    init(department: String, departmentName: String) {
        self.department = department
        self.departmentName = departmentName
    }

    mutating func add(_ other: NoShowLine) {
        appointments += other.appointments
        due += other.due
        attended += other.attended
        noShows += other.noShows
        pending += other.pending
    }
}

public struct NoShowReport: Sendable, Equatable {
    public let from: LocalDate
    public let to: LocalDate
    public let departments: [NoShowLine]
    /// The whole hospital (department `*`).
    public let total: NoShowLine
}

extension Store {
    /// The no-show rate per department: no-shows among the appointments whose outcome is known
    /// at the store's clock. A booked appointment past its slot's end + 30 minutes counts as a
    /// no-show whether or not the desk has marked it (rule 7).
    public func noShowReport(from: LocalDate, to: LocalDate, department: String? = nil) throws(BookingError) -> NoShowReport {
        let scope = ExportScope(from: from, to: to, department: department)
        try scope.validate()
        let now = self.now
        return try read { db in
            try Self.requireDepartment(db, scope.department)
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.code AS department, d.name AS department_name, a.status, a.date, a.hour, count(*) AS n
                FROM appointment a JOIN department d ON d.id = a.department_id
                WHERE a.date BETWEEN ?1 AND ?2 AND a.status <> 'cancelled' AND (?3 IS NULL OR d.code = ?3)
                GROUP BY d.id, a.status, a.date, a.hour
                ORDER BY d.id
                """, arguments: scope.arguments)
            var order: [String] = []
            var lines: [String: NoShowLine] = [:]
            for row in rows {
                let code: String = row["department"], n: Int = row["n"], hour: Int = row["hour"]
                if lines[code] == nil { order.append(code); lines[code] = NoShowLine(department: code, departmentName: row["department_name"]) }
                guard let date = LocalDate(row["date"] as String), var line = lines[code] else { continue }
                line.appointments += n
                switch AppointmentStatus(rawValue: row["status"]) ?? .booked {
                case .checkedIn, .completed:
                    line.attended += n; line.due += n
                case .noShow:
                    line.noShows += n; line.due += n
                case .booked where AppointmentRules.noShowDeadline(date: date, hour: hour) <= now:
                    line.noShows += n; line.due += n
                default:
                    line.pending += n
                }
                lines[code] = line
            }
            var total = NoShowLine(department: "*", departmentName: "全院")
            let departments = order.compactMap { lines[$0] }
            for line in departments { total.add(line) }
            return NoShowReport(from: from, to: to, departments: departments, total: total)
        }
    }
}
