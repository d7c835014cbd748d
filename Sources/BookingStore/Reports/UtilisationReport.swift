import BookingCore
import GRDB

/// One department's slots in one hour of one day: how much of what was offered is booked.
public struct UtilisationCell: Sendable, Equatable {
    public let department: String
    public let date: LocalDate
    public let hour: Int
    /// Open slots (a stopped clinic's are not offered, so not counted).
    public let slots: Int
    /// Their seats, add-ons included.
    public let capacity: Int
    /// Seats held: every appointment but the cancelled ones, no-shows included (they held the seat).
    public let booked: Int

    public var fillPercent: Double { Share.percent(booked, of: capacity) }
}

/// Utilisation summed over a group of cells: a department's hour, a department, the hospital.
public struct UtilisationLine: Sendable, Equatable {
    public let department: String
    public let departmentName: String
    /// nil: every hour of the range.
    public let hour: Int?
    public let slots: Int
    public let capacity: Int
    public let booked: Int
    public let fillPercent: Double

    init(department: String, departmentName: String, hour: Int?, cells: [UtilisationCell]) {
        self.department = department
        self.departmentName = departmentName
        self.hour = hour
        slots = cells.reduce(0) { $0 + $1.slots }
        capacity = cells.reduce(0) { $0 + $1.capacity }
        booked = cells.reduce(0) { $0 + $1.booked }
        fillPercent = Share.percent(booked, of: capacity)
    }
}

/// Slot utilisation over a range of days, by department and by hour of the day.
public struct UtilisationReport: Sendable, Equatable {
    public let from: LocalDate
    public let to: LocalDate
    /// One line per department, in setup order.
    public let departments: [UtilisationLine]
    /// One line per department and hour, hours in order.
    public let hours: [UtilisationLine]
    /// The whole hospital (department `*`).
    public let total: UtilisationLine
}

extension Store {
    /// Booked seats against seats offered, per department, day and hour (theatres left out: day
    /// surgery fills minutes, not slots).
    public func utilisationCells(from: LocalDate, to: LocalDate, department: String? = nil) throws(BookingError) -> [UtilisationCell] {
        let scope = ExportScope(from: from, to: to, department: department)
        try scope.validate()
        return try read { db in
            try Self.requireDepartment(db, scope.department)
            return try Row.fetchAll(db, sql: """
                SELECT d.code AS department, s.date, s.hour, count(*) AS slots, sum(s.capacity + s.added) AS capacity,
                       sum(s.public_used + s.reserved_used) AS booked
                FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
                WHERE s.date BETWEEN ?1 AND ?2 AND s.withdrawn = 0 AND r.kind <> 'theatre' AND (?3 IS NULL OR d.code = ?3)
                GROUP BY d.id, s.date, s.hour
                ORDER BY d.id, s.date, s.hour
                """, arguments: scope.arguments).compactMap { row in
                guard let date = LocalDate(row["date"] as String) else { return nil }
                return UtilisationCell(department: row["department"], date: date, hour: row["hour"], slots: row["slots"],
                                       capacity: row["capacity"], booked: row["booked"])
            }
        }
    }

    public func utilisationReport(from: LocalDate, to: LocalDate, department: String? = nil) throws(BookingError) -> UtilisationReport {
        let cells = try utilisationCells(from: from, to: to, department: department)
        let names = Dictionary(uniqueKeysWithValues: try departments().map { ($0.code, $0.name) })
        var order: [String] = []
        var byDepartment: [String: [UtilisationCell]] = [:]
        for cell in cells {
            if byDepartment[cell.department] == nil { order.append(cell.department) }
            byDepartment[cell.department, default: []].append(cell)
        }
        var departments: [UtilisationLine] = []
        var hours: [UtilisationLine] = []
        for code in order {
            let mine = byDepartment[code] ?? []
            departments.append(UtilisationLine(department: code, departmentName: names[code] ?? code, hour: nil, cells: mine))
            for hour in Set(mine.map(\.hour)).sorted() {
                hours.append(UtilisationLine(department: code, departmentName: names[code] ?? code, hour: hour, cells: mine.filter { $0.hour == hour }))
            }
        }
        return UtilisationReport(from: from, to: to, departments: departments, hours: hours,
                                 total: UtilisationLine(department: "*", departmentName: "全院", hour: nil, cells: cells))
    }

    static func requireDepartment(_ db: Database, _ code: String?) throws {
        if let code, try Int.fetchOne(db, sql: "SELECT 1 FROM department WHERE code = ?", arguments: [code]) == nil {
            throw BookingError.notFound(kind: "department", key: code)
        }
    }
}
