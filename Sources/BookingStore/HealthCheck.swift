import BookingCore
import Foundation
import GRDB

/// One check of `slotdesk doctor`: its name, what it verifies, and what it found wrong.
public struct HealthCheck: Sendable, Equatable {
    /// A stable name for scripts: `integrity`, `seat_counts`, `one_per_day`…
    public let name: String
    public let summary: String
    /// Each violation in a line; at most `HealthCheck.maxListed`, then a count of the rest.
    public let violations: [String]

    public var ok: Bool { violations.isEmpty }

    static let maxListed = 50
}

/// The database's health: the file, the schema's guards, and the booking rules re-verified
/// from the rows rather than trusted from the counters.
public struct HealthReport: Sendable, Equatable {
    public let checks: [HealthCheck]
    public var healthy: Bool { checks.allSatisfy(\.ok) }
}

extension Store {
    /// Re-verifies the database from its rows, on one read snapshot, so terminals keep booking
    /// meanwhile: SQLite's integrity and foreign-key checks; every slot's seat counters equal
    /// to its live appointments per pool (rule 1), never above capacity plus add-ons nor above
    /// the reserved part; rule 5 (one a day per department or exam resource, one an hour) and rule 12 (nothing live on a holiday);
    /// appointments matching their slots; referrals pointing at their live appointment; the
    /// audit log's append-only guards in place; every password a slow salted hash; the files
    /// for their owner only (rule 14).
    public func healthCheck(by actor: Operator) throws(BookingError) -> HealthReport {
        try actor.require(.maintenance)
        var checks = try read { db -> [HealthCheck] in
            func check(_ name: String, _ summary: String, _ sql: String, _ describe: (Row) -> String) throws -> HealthCheck {
                try HealthCheck.fromRows(db, name, summary, sql, describe)
            }
            var checks: [HealthCheck] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            checks.append(HealthCheck(name: "integrity", summary: "SQLite integrity check",
                                      violations: integrity == ["ok"] ? [] : Array(integrity.prefix(HealthCheck.maxListed))))
            checks.append(try check("foreign_keys", "every reference resolves (foreign-key check)", "PRAGMA foreign_key_check") {
                "\($0["table"] as String? ?? "?") row \($0["rowid"] as Int64? ?? 0) → \($0["parent"] as String? ?? "?")"
            })
            checks.append(try check("seat_counts", "each slot's booked seats equal its live appointments, per pool (rule 1)", """
                SELECT r.code, s.date, s.hour, s.public_used, s.reserved_used, coalesce(a.pu, 0) AS pu, coalesce(a.ru, 0) AS ru
                FROM slot s JOIN resource r ON r.id = s.resource_id
                LEFT JOIN (SELECT slot_id, sum(pool = 'public') AS pu, sum(pool = 'reserved') AS ru
                           FROM appointment WHERE status <> 'cancelled' GROUP BY slot_id) a ON a.slot_id = s.id
                WHERE s.public_used <> coalesce(a.pu, 0) OR s.reserved_used <> coalesce(a.ru, 0)
                ORDER BY s.date, r.code, s.hour
                """) { row in
                "\(Self.label(row)): counters public \(row["public_used"] as Int)/reserved \(row["reserved_used"] as Int), "
                    + "appointments public \(row["pu"] as Int)/reserved \(row["ru"] as Int)"
            })
            checks.append(try check("capacity", "booked ≤ capacity + add-ons, reserved booked ≤ reserved (rule 1)", """
                SELECT r.code, s.date, s.hour, s.capacity, s.added, s.reserved, s.reserved_used, coalesce(a.n, 0) AS booked
                FROM slot s JOIN resource r ON r.id = s.resource_id
                LEFT JOIN (SELECT slot_id, count(*) AS n FROM appointment WHERE status <> 'cancelled' GROUP BY slot_id) a ON a.slot_id = s.id
                WHERE coalesce(a.n, 0) > s.capacity + s.added OR s.reserved_used > s.reserved
                   OR s.public_used + s.reserved_used > s.capacity + s.added
                ORDER BY s.date, r.code, s.hour
                """) { row in
                "\(Self.label(row)): \(row["booked"] as Int) booked of \(row["capacity"] as Int) + \(row["added"] as Int) added, "
                    + "reserved \(row["reserved_used"] as Int) of \(row["reserved"] as Int)"
            })
            checks.append(try check("add_ons", "each add-on seat belongs to a live green-channel add-on appointment (rule 9)", """
                SELECT r.code, s.date, s.hour, s.added, coalesce(a.n, 0) AS n
                FROM slot s JOIN resource r ON r.id = s.resource_id
                LEFT JOIN (SELECT slot_id, count(*) AS n FROM appointment WHERE add_on = 1 AND status <> 'cancelled' GROUP BY slot_id) a
                  ON a.slot_id = s.id
                WHERE s.added <> coalesce(a.n, 0)
                """) { row in "\(Self.label(row)): \(row["added"] as Int) seats added, \(row["n"] as Int) live add-on appointments" }
            )
            checks += try Self.ruleFiveAndTwelveChecks(db)
            checks.append(try check("appointment_slot", "every appointment matches its slot's department, date and hour", """
                SELECT a.id FROM appointment a JOIN slot s ON s.id = a.slot_id JOIN resource r ON r.id = s.resource_id
                WHERE a.date <> s.date OR a.hour <> s.hour OR a.department_id <> r.department_id
                """) { "appointment \($0["id"] as Int64)" })
            checks.append(try check("referral_links", "a booked referral points at its live appointment", """
                SELECT f.id, f.appointment_id, a.status FROM referral f LEFT JOIN appointment a ON a.id = f.appointment_id
                WHERE f.status = 'booked' AND f.direction = 'up' AND (a.id IS NULL OR a.status = 'cancelled')
                """) { "referral \($0["id"] as Int64): appointment \($0["appointment_id"] as Int64? ?? 0) is \($0["status"] as String? ?? "missing")" })
            let guards = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN ('audit_no_update', 'audit_no_delete')
                """)
            checks.append(HealthCheck(name: "audit_guards", summary: "the audit log refuses updates and deletes (rule 13)",
                                      violations: ["audit_no_update", "audit_no_delete"].filter { !guards.contains($0) }.map { "trigger \($0) is missing" }))
            checks.append(try Self.auditChainCheck(db))
            checks.append(try check("passwords", "every password is a salted PBKDF2 hash of at least \(PasswordHash.rounds) rounds (rule 13)", """
                SELECT username FROM operator
                WHERE password_hash NOT GLOB '\(PasswordHash.scheme)$[0-9]*$?*$?*'
                   OR CAST(substr(password_hash, 15, instr(substr(password_hash, 15), '$') - 1) AS INTEGER) < \(PasswordHash.rounds)
                ORDER BY username
                """) { "operator \($0["username"] as String): not a slow salted hash" })
            return checks
        }
        var exposed: [String] = []
        for file in [path, path + "-wal", path + "-shm"] {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
                  let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue else { continue }
            if mode & 0o077 != 0 { exposed.append("\(file) is mode \(String(mode & 0o777, radix: 8)), readable by others") }
        }
        checks.append(HealthCheck(name: "file_modes", summary: "the database and its WAL files are for their owner only (0600, rule 14)", violations: exposed))
        checks.append(try partialBackupsCheck())
        return HealthReport(checks: checks)
    }

    static func label(_ row: Row) -> String {
        SlotReference.label(resource: row["code"], date: LocalDate(row["date"] as String) ?? LocalDate(dayNumber: 0), hour: row["hour"])
    }
}

extension HealthCheck {
    /// A check whose violations are the rows `sql` finds, each described by `describe`; at most
    /// `maxListed` are listed, the rest counted.
    static func fromRows(_ db: Database, _ name: String, _ summary: String, _ sql: String,
                         _ describe: (Row) -> String) throws -> HealthCheck {
        var violations: [String] = []
        var more = 0
        let cursor = try Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() {
            if violations.count < maxListed { violations.append(describe(row)) } else { more += 1 }
        }
        if more > 0 { violations.append("… and \(more) more") }
        return HealthCheck(name: name, summary: summary, violations: violations)
    }
}
