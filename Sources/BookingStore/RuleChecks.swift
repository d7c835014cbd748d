import BookingCore
import GRDB

/// `doctor`'s checks of rules 5 and 12, re-verified from the rows (not from the indexes and
/// triggers that should have kept them).
extension Store {
    static func ruleFiveAndTwelveChecks(_ db: Database) throws -> [HealthCheck] {
        func check(_ name: String, _ summary: String, _ sql: String, _ describe: (Row) -> String) throws -> HealthCheck {
            try HealthCheck.fromRows(db, name, summary, sql, describe)
        }
        let live = "a.status IN ('booked', 'checked_in')"
        return [
            try check("one_per_day", "one live clinic appointment per patient, department and day; one per exam resource and day (rule 5)", """
                SELECT a.patient_id, CASE WHEN r.kind = 'exam' THEN r.code ELSE d.code END AS scope, a.date, count(*) AS n, group_concat(a.id) AS ids
                FROM appointment a JOIN slot s ON s.id = a.slot_id JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = a.department_id
                WHERE \(live)
                GROUP BY a.patient_id, a.date, CASE WHEN r.kind = 'exam' THEN -r.id ELSE a.department_id END HAVING count(*) > 1
                ORDER BY a.date, a.patient_id
                """) { row in
                "patient \(row["patient_id"] as Int64) holds \(row["n"] as Int) in \(row["scope"] as String) on \(row["date"] as String): \(row["ids"] as String? ?? "")"
            },
            try check("one_per_hour", "never two live appointments of a patient in the same hour (rule 5)", """
                SELECT a.patient_id, a.date, a.hour, count(*) AS n, group_concat(a.id) AS ids
                FROM appointment a WHERE \(live)
                GROUP BY a.patient_id, a.date, a.hour HAVING count(*) > 1
                ORDER BY a.date, a.hour, a.patient_id
                """) { row in
                "patient \(row["patient_id"] as Int64) holds \(row["n"] as Int) at \(row["date"] as String) \(row["hour"] as Int):00: \(row["ids"] as String? ?? "")"
            },
            try check("holiday_bookings", "no live appointment on a holiday (rules 10, 12: stop it with `setup apply` or `stop`)", """
                SELECT a.id, r.code, a.date, a.hour
                FROM appointment a JOIN calendar_day c ON c.date = a.date AND c.kind = 'holiday'
                JOIN slot s ON s.id = a.slot_id JOIN resource r ON r.id = s.resource_id
                WHERE \(live)
                ORDER BY a.date, r.code, a.hour
                """) { row in "appointment \(row["id"] as Int64) in \(label(row)) is on a holiday" },
            try check("holiday_slots", "no bookable slot on a holiday (rule 12)", """
                SELECT r.code, s.date, s.hour
                FROM slot s JOIN calendar_day c ON c.date = s.date AND c.kind = 'holiday' JOIN resource r ON r.id = s.resource_id
                WHERE s.withdrawn = 0
                ORDER BY s.date, r.code, s.hour
                """) { row in "\(label(row)) is open on a holiday" },
        ]
    }
}
