import BookingCore
import GRDB

/// Which audit records to read (rule 13); every field narrows the list.
public struct AuditFilter: Sendable, Equatable {
    /// Records at or after this minute.
    public var since: LocalDateTime?
    /// Records before this minute.
    public var until: LocalDateTime?
    /// Exactly this operator: `desk1`, `cli:li`, `system:waitlist`.
    public var operatorName: String?
    /// Records about this patient: the patient, their appointments, referrals, waitlist
    /// entries, notifications and day-surgery cases.
    public var patient: PatientReference?
    /// Actions starting with this text: `appointment.`, `operator.login`, `patient.reveal`.
    public var actionPrefix: String?
    /// For paging back through a long log: only records older than this id.
    public var beforeID: Int64?
    /// At most this many records (1–10,000), newest first.
    public var limit: Int

    public init(since: LocalDateTime? = nil, until: LocalDateTime? = nil, operatorName: String? = nil, patient: PatientReference? = nil,
                actionPrefix: String? = nil, beforeID: Int64? = nil, limit: Int = 200) {
        self.since = since
        self.until = until
        self.operatorName = operatorName
        self.patient = patient
        self.actionPrefix = actionPrefix
        self.beforeID = beforeID
        self.limit = limit
    }
}

/// One audit record: who, from which terminal, when, what, and the before and after.
public struct AuditRecord: Sendable, Equatable {
    public let id: Int64
    /// `2026-11-25T08:30`, hospital time.
    public let at: String
    public let operatorName: String
    public let terminal: String
    public let action: String
    public let entity: String
    public let entityID: String?
    public let before: String?
    public let after: String?
}

extension Store {
    /// The audit log, newest first (administrators only): what the audit view and
    /// `slotdesk audit` show. Reading it changes nothing and is not itself recorded.
    public func auditLog(_ filter: AuditFilter, by actor: Operator) throws(BookingError) -> [AuditRecord] {
        try actor.require(.readAudit)
        guard (1...10_000).contains(filter.limit) else { throw BookingError.invalidInput(field: "limit", problem: .range(1...10_000)) }
        return try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            // A time window is a range of ids while the records were written in time order
            // (migration 015); `at` is checked too, so no record outside the window is shown.
            let inTimeOrder = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM audit_time_regression)") ?? false
            if let since = filter.since {
                conditions.append("at >= ?")
                arguments += [since.description]
                if inTimeOrder {
                    conditions.append("id >= ?")
                    arguments += [try Self.firstAuditID(db, atOrAfter: since.description)]
                }
            }
            if let until = filter.until {
                conditions.append("at < ?")
                arguments += [until.description]
                if inTimeOrder {
                    conditions.append("id < ?")
                    arguments += [try Self.firstAuditID(db, atOrAfter: until.description)]
                }
            }
            if let name = filter.operatorName {
                conditions.append("operator = ?")
                arguments += [name]
            }
            if let prefix = filter.actionPrefix, !prefix.isEmpty {
                conditions.append("substr(action, 1, ?) = ?")
                arguments += [prefix.count, prefix]
            }
            if let before = filter.beforeID {
                conditions.append("id < ?")
                arguments += [before]
            }
            if let reference = filter.patient {
                guard let patient = try Self.resolvePatient(db, reference) else {
                    throw BookingError.notFound(kind: "patient", key: reference.text)
                }
                conditions.append("""
                    ((entity = 'patient' AND entity_id = ?1)
                     OR (entity = 'appointment' AND entity_id IN (SELECT CAST(id AS TEXT) FROM appointment WHERE patient_id = ?2))
                     OR (entity = 'referral' AND entity_id IN (SELECT CAST(id AS TEXT) FROM referral WHERE patient_id = ?2))
                     OR (entity = 'waitlist' AND entity_id IN (SELECT CAST(id AS TEXT) FROM waitlist WHERE patient_id = ?2))
                     OR (entity = 'notification' AND entity_id IN (SELECT CAST(id AS TEXT) FROM notification WHERE patient_id = ?2))
                     OR (entity = 'surgery_case' AND entity_id IN (SELECT CAST(id AS TEXT) FROM surgery_case WHERE patient_id = ?2)))
                    """.replacingOccurrences(of: "?1", with: "\(patient)").replacingOccurrences(of: "?2", with: "\(patient)"))
            }
            let sql = "SELECT * FROM audit" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY id DESC LIMIT \(filter.limit)"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                AuditRecord(id: row["id"], at: row["at"], operatorName: row["operator"], terminal: row["terminal"], action: row["action"],
                            entity: row["entity"], entityID: row["entity_id"], before: row["before"], after: row["after"])
            }
        }
    }

    /// Shows a patient's identity number and phone in full (rule 14): allowed to coordinators
    /// and administrators, and recorded in the audit log in the same transaction before the
    /// patient is returned. Lists keep showing them masked.
    public func revealPatient(_ reference: PatientReference, by actor: Operator) throws(BookingError) -> PatientView {
        try actor.require(.revealPatient)
        let now = self.now
        return try write { db in
            guard let id = try Self.resolvePatient(db, reference), let patient = try Self.patient(db, id: id, now: now) else {
                throw BookingError.notFound(kind: "patient", key: reference.text)
            }
            try audit(db, by: actor, action: "patient.reveal", entity: "patient", id: id,
                      after: "identity number" + (patient.phone == nil ? "" : " and phone") + " shown in full")
            return patient
        }
    }
}

extension Store {
    /// The id of the first audit record written at or after `moment` (one past the last record
    /// when there is none): a binary search over the ids, some 25 look-ups by id for millions of
    /// records. Exact only while ids follow time (`audit_time_regression` empty).
    static func firstAuditID(_ db: Database, atOrAfter moment: String) throws -> Int64 {
        var low = try Int64.fetchOne(db, sql: "SELECT min(id) FROM audit") ?? 1
        var high = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit") ?? 0) + 1
        let probe = try db.cachedStatement(sql: "SELECT id, at FROM audit WHERE id >= ? ORDER BY id LIMIT 1")
        // Every record below `low` is earlier than `moment`; every record from `high` on is not.
        while low < high {
            let middle = low + (high - low) / 2
            guard let row = try Row.fetchOne(probe, arguments: [middle]) else {
                high = middle
                continue
            }
            if (row["at"] as String) < moment { low = (row["id"] as Int64) + 1 } else { high = middle }
        }
        return low
    }
}
