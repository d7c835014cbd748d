import BookingCore
import GRDB

/// 门诊患者预约诊疗率 for one department (or the hospital): of the visits, how many were booked
/// before the visit's day (rule 3).
public struct AppointmentRateLine: Sendable, Equatable {
    public let department: String
    public let departmentName: String
    /// Appointments checked in or completed: the patient came.
    public var visits = 0
    /// Those booked before the visit's day (预约), not registered on it.
    public var bookedAhead = 0

    /// Visits booked ahead, in percent of all visits.
    public var ratePercent: Double { Share.percent(bookedAhead, of: visits) }

    init(department: String, departmentName: String) {
        self.department = department
        self.departmentName = departmentName
    }
}

public struct AppointmentRateReport: Sendable, Equatable {
    public let from: LocalDate
    public let to: LocalDate
    public let departments: [AppointmentRateLine]
    /// The whole hospital (department `*`).
    public let total: AppointmentRateLine
}

extension Store {
    /// The national outpatient indicator 门诊患者预约诊疗率 per department over a range of visit
    /// days: visits (checked in or completed) and those booked before the visit's day.
    public func appointmentRateReport(from: LocalDate, to: LocalDate, department: String? = nil) throws(BookingError) -> AppointmentRateReport {
        let scope = ExportScope(from: from, to: to, department: department)
        try scope.validate()
        return try read { db in
            try Self.requireDepartment(db, scope.department)
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.code AS department, d.name AS department_name, count(*) AS visits, sum(a.same_day = 0) AS ahead
                FROM appointment a JOIN department d ON d.id = a.department_id
                WHERE a.date BETWEEN ?1 AND ?2 AND a.status IN ('checked_in', 'completed') AND (?3 IS NULL OR d.code = ?3)
                GROUP BY d.id ORDER BY d.id
                """, arguments: scope.arguments)
            var total = AppointmentRateLine(department: "*", departmentName: "全院")
            let departments = rows.map { row in
                var line = AppointmentRateLine(department: row["department"], departmentName: row["department_name"])
                line.visits = row["visits"]
                line.bookedAhead = row["ahead"]
                total.visits += line.visits
                total.bookedAhead += line.bookedAhead
                return line
            }
            return AppointmentRateReport(from: from, to: to, departments: departments, total: total)
        }
    }
}
