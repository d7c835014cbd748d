import BookingCore
import Foundation
import GRDB

extension Store {
    /// Registers a patient under rule 4: a verified identity, one patient per identity.
    public func registerPatient(_ input: PatientInput, by actor: Operator) throws(BookingError) -> PatientView {
        try actor.require(.registerPatient)
        let today = now.date
        let valid: ValidPatient
        switch PatientRules.validate(input, today: today) {
        case let .success(v): valid = v
        case let .failure(error): throw error
        }
        return try write { db in
            let id = try insertPatient(db, valid)
            try audit(db, by: actor, action: "patient.register", entity: "patient", id: id,
                      after: "\(valid.name) \(valid.documentType.rawValue) \(Privacy.maskDocument(valid.documentNumber, type: valid.documentType))")
            return try Self.patient(db, id: id, now: now)!
        }
    }

    func insertPatient(_ db: Database, _ p: ValidPatient) throws -> Int64 {
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM patient WHERE document_type = ? AND document_number = ?",
                                             arguments: [p.documentType.rawValue, p.documentNumber]) {
            throw BookingError.duplicatePatient(existing: existing)
        }
        if let card = p.cardNumber, try Int64.fetchOne(db, sql: "SELECT id FROM patient WHERE card_number = ?", arguments: [card]) != nil {
            throw BookingError.invalidInput(field: "card", problem: .cardTaken(card))
        }
        try db.cachedStatement(sql: """
            INSERT INTO patient (name, document_type, document_number, birth_date, sex, phone, card_number, pinyin, pinyin_initials, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [p.name, p.documentType.rawValue, p.documentNumber, p.birthDate?.description, p.sex?.rawValue,
                                     p.phone, p.cardNumber, p.pinyin.full, p.pinyin.initials, now.description])
        return db.lastInsertedRowID
    }

    /// Rule 8: puts a patient in (or, with nil, takes them out of) a priority group, with a reason.
    public func setPriorityGroup(_ reference: PatientReference, group: PriorityGroup?, reason: String?, by actor: Operator) throws(BookingError) -> PatientView {
        try actor.require(.registerPatient)
        let now = self.now
        var why: String?
        if group != nil { why = try FreeText.line(reason ?? "", field: "--reason", limit: 200) }
        return try write { db in
            guard let id = try Self.resolvePatient(db, reference) else { throw BookingError.notFound(kind: "patient", key: reference.text) }
            let before = try String.fetchOne(db, sql: "SELECT priority_group FROM patient WHERE id = ?", arguments: [id])
            let sex = try String.fetchOne(db, sql: "SELECT sex FROM patient WHERE id = ?", arguments: [id]).flatMap(Sex.init)
            if let refusal = PriorityRules.checkGroup(group, sex: sex) { throw refusal }
            try db.execute(sql: "UPDATE patient SET priority_group = ?, priority_reason = ? WHERE id = ?",
                           arguments: [group?.rawValue, why, id])
            try audit(db, by: actor, action: "patient.priority", entity: "patient", id: id, before: before ?? "-",
                      after: (group?.rawValue ?? "-") + (why.map { ": \($0)" } ?? ""))
            return try Self.patient(db, id: id, now: now)!
        }
    }

    /// One patient by number or document number.
    public func patient(_ reference: PatientReference) throws(BookingError) -> PatientView {
        let now = self.now
        return try read { db in
            guard let id = try Self.resolvePatient(db, reference), let p = try Self.patient(db, id: id, now: now) else {
                throw BookingError.notFound(kind: "patient", key: reference.text)
            }
            return p
        }
    }

    static func resolvePatient(_ db: Database, _ reference: PatientReference) throws -> Int64? {
        switch reference {
        case let .id(id):
            return try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM patient WHERE id = ?"), arguments: [id])
        case let .document(number):
            return try Int64.fetchOne(db.cachedStatement(sql: """
                SELECT id FROM patient WHERE document_number = ? ORDER BY document_type = 'resident' DESC LIMIT 1
                """), arguments: [number])
        }
    }

    static let patientColumns = "p.id, p.name, p.document_type, p.document_number, p.birth_date, p.sex, p.phone, p.card_number, p.priority_group"

    static func patient(_ db: Database, id: Int64, now: LocalDateTime) throws -> PatientView? {
        try Row.first(db.cachedStatement(sql: "SELECT \(patientColumns) FROM patient p WHERE p.id = ?"), arguments: [id]) {
            try patientView($0, db: db, now: now)
        }
    }

    static func patientView(_ row: Row, db: Database, now: LocalDateTime) throws -> PatientView {
        let id: Int64 = row["id"]
        return PatientView(id: id, name: row["name"], documentType: DocumentType(rawValue: row["document_type"]) ?? .other,
                           documentNumber: row["document_number"], birthDate: (row["birth_date"] as String?).flatMap(LocalDate.init),
                           sex: (row["sex"] as String?).flatMap(Sex.init), phone: row["phone"], cardNumber: row["card_number"],
                           recentNoShows: try recentNoShows(db, patient: id, now: now),
                           priorityGroup: (row["priority_group"] as String?).flatMap(PriorityGroup.init))
    }

    /// Rule 7: no-shows in the last 90 days, counting booked appointments already past their
    /// deadline even before anyone has marked them.
    static func recentNoShows(_ db: Database, patient: Int64, now: LocalDateTime) throws -> Int {
        let today = now.date
        let since = AppointmentRules.noShowWindowStart(today: today).description
        // Cached statements: every patient in a search result and in a day's list asks this.
        let marked = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM appointment WHERE patient_id = ? AND status = 'no_show' AND date >= ?"),
                                      arguments: [patient, since]) ?? 0
        let overdue = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT date, hour FROM appointment WHERE patient_id = ? AND status = 'booked' AND date >= ? AND date <= ?
            """), arguments: [patient, since, today.description]).filter { row in
            guard let date = LocalDate(row["date"] as String) else { return false }
            return AppointmentRules.noShowDeadline(date: date, hour: row["hour"]) <= now
        }.reduce(0) { count, _ in count + 1 }
        return marked + overdue
    }

    /// Finds patients the way the desk types: a name or its beginning (张三), pinyin initials or
    /// full pinyin (`zs`, `zhangsan`), an identity or other document number, a phone number, a card
    /// number or a patient number. Exact identifiers first, then names.
    public func findPatients(_ query: String, limit: Int = 20) throws(BookingError) -> [PatientView] {
        let q = query.trimmingWhitespace()
        guard !q.isEmpty, q.count <= 64 else { return [] }
        let now = self.now
        return try read { db in
            var ids: [Int64] = []
            func add(_ sql: String, _ args: StatementArguments) throws {
                guard ids.count < limit else { return }
                for id in try Int64.fetchAll(db.cachedStatement(sql: sql + " LIMIT \(limit)"), arguments: args) where !ids.contains(id) {
                    ids.append(id)
                }
            }
            let upper = q.uppercased()
            let isIdentifier = q.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            // Phones are stored as digits: 138-0000-0001 and 138 0000 0001 find the same patient.
            if let phone = PatientRules.normalisedPhone(q), phone != q {
                try add("SELECT id FROM patient WHERE phone = ?", [phone])
            }
            if isIdentifier {
                try add("SELECT id FROM patient WHERE document_number = ?", [upper])
                try add("SELECT id FROM patient WHERE card_number = ?", [upper])
                try add("SELECT id FROM patient WHERE phone = ?", [q])
                if q.count < 18, let n = Int64(q) { try add("SELECT id FROM patient WHERE id = ?", [n]) }
            }
            if let key = PinyinKey.query(q) {
                try add("SELECT id FROM patient WHERE pinyin_initials GLOB ? ORDER BY length(pinyin_initials), pinyin, id", [key + "*"])
                try add("SELECT id FROM patient WHERE pinyin GLOB ? ORDER BY length(pinyin), pinyin, id", [key + "*"])
            } else if !isIdentifier {
                let pattern = Self.globEscaped(q)
                try add("SELECT id FROM patient WHERE name GLOB ? ORDER BY length(name), id", [pattern + "*"])
                try add("SELECT id FROM patient WHERE name GLOB ? ORDER BY length(name), id", ["*" + pattern + "*"])
            }
            return try ids.compactMap { try Self.patient(db, id: $0, now: now) }
        }
    }

    /// GLOB treats `*`, `?` and `[` specially; a name never needs them, so they match literally.
    static func globEscaped(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "*", "?", "[": out += "[\(ch)]"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension PatientReference {
    var text: String {
        switch self {
        case let .id(id): return "\(id)"
        case let .document(number): return number
        }
    }
}
