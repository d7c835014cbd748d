import BookingCore
import Crypto
import Foundation
import GRDB

/// The audit log's hash chain (rule 15): each record stores SHA-256 of the hash of the record
/// before it and its own canonical content; the first record links to `seed`. Removing,
/// changing or inserting a record by hand (the append-only triggers dropped first) breaks the
/// chain at that record, and `verify` names it. Whoever can rewrite the file can also rewrite
/// the whole chain from the seed: the head (`AuditHead`), written down or printed each evening,
/// pins the past against that.
public enum AuditChain {
    /// What the first record links to.
    public static let seed = String(repeating: "0", count: 64)

    /// The SQL name of `hash`, given to every connection the store opens so that migration 013
    /// chains the records written before it exactly as the store chains every later one.
    static let sqlFunctionName = "slotdesk_audit_hash"

    /// The record's fields, in the order they are hashed (the columns of `audit`).
    struct Content {
        var id: Int64
        var at: String?
        var operatorName: String?
        var terminal: String?
        var action: String?
        var entity: String?
        var entityID: String?
        var before: String?
        var after: String?
    }

    /// SHA-256, in lowercase hex, of the previous hash (nil: the seed) and the record's content.
    /// Each field is written as its length in bytes and its text, or `-` when NULL, so no two
    /// different records share a canonical form.
    static func hash(previous: String?, _ content: Content) -> String {
        // Built as bytes in one buffer, the lengths written digit by digit and the digest turned
        // into hex in place: this runs inside every command's write transaction.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + (content.before?.utf8.count ?? 0) + (content.after?.utf8.count ?? 0))
        bytes += "slotdesk-audit-1\n".utf8
        bytes += (previous ?? seed).utf8
        bytes.append(0x0A)
        appendDecimal(content.id, to: &bytes)
        func add(_ field: String?) {
            bytes.append(0x0A)
            if let field {
                appendDecimal(Int64(field.utf8.count), to: &bytes)
                bytes.append(0x3A)  // ":"
                bytes += field.utf8
            } else {
                bytes.append(0x2D)  // "-"
            }
        }
        add(content.at)
        add(content.operatorName)
        add(content.terminal)
        add(content.action)
        add(content.entity)
        add(content.entityID)
        add(content.before)
        add(content.after)
        return SHA256.hash(data: bytes).withUnsafeBytes { hex($0) }
    }

    /// `n` in decimal, as `String(n)` writes it.
    private static func appendDecimal(_ n: Int64, to bytes: inout [UInt8]) {
        guard n >= 0 else {
            bytes += String(n).utf8
            return
        }
        if n >= 10 { appendDecimal(n / 10, to: &bytes) }
        bytes.append(0x30 + UInt8(n % 10))
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits: StaticString = "0123456789abcdef"
        var out: [UInt8] = []
        out.reserveCapacity(64)
        digits.withUTF8Buffer { digits in
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A column's value as the chain reads it: text as it is, numbers in decimal, NULL as nil.
    static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case let .int64(n): return "\(n)"
        case let .double(d): return "\(d)"
        case let .string(s): return s
        case let .blob(data): return hex(data)
        }
    }

    /// `slotdesk_audit_hash(previous, id, at, operator, terminal, action, entity, entity_id, before, after)`.
    static let sqlFunction = DatabaseFunction(sqlFunctionName, argumentCount: 10, pure: true) { values in
        guard let id = Int64.fromDatabaseValue(values[1]) else { return nil }
        return hash(previous: text(values[0]), Content(id: id, at: text(values[2]), operatorName: text(values[3]),
                                                       terminal: text(values[4]), action: text(values[5]), entity: text(values[6]),
                                                       entityID: text(values[7]), before: text(values[8]), after: text(values[9])))
    }

    /// Appends one record to the chain inside the caller's write transaction: the next id after
    /// the last record, and its hash linked to that record's. Two indexed lookups and one
    /// SHA-256 of a few hundred bytes.
    static func append(_ db: Database, at: String, operatorName: String, terminal: String, action: String, entity: String,
                       entityID: String?, before: String?, after: String?) throws {
        let last = try db.cachedStatement(sql: "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").firstRow({ _ in }) { row in
            (id: row.int64(0), hash: row.optionalText(1))
        }
        let id = (last?.id ?? 0) + 1
        let content = Content(id: id, at: at, operatorName: operatorName, terminal: terminal, action: action, entity: entity,
                              entityID: entityID, before: before, after: after)
        let hash = hash(previous: last?.hash, content)
        try db.cachedStatement(sql: """
            INSERT INTO audit (id, at, operator, terminal, action, entity, entity_id, before, after, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run { arguments in
            arguments.bind(1, id)
            arguments.bind(2, at)
            arguments.bind(3, operatorName)
            arguments.bind(4, terminal)
            arguments.bind(5, action)
            arguments.bind(6, entity)
            arguments.bind(7, entityID)
            arguments.bind(8, before)
            arguments.bind(9, after)
            arguments.bind(10, hash)
        }
    }
}

/// The last record of the audit log and its hash: what an administrator writes down (or prints
/// each evening) to pin the past.
public struct AuditHead: Sendable, Equatable, CustomStringConvertible {
    public let id: Int64
    public let hash: String

    public init(id: Int64, hash: String) {
        self.id = id
        self.hash = hash
    }

    /// `ID:HASH`, as `slotdesk audit verify` prints it and `--head` reads it.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[0]), id > 0,
              parts[1].count == 64, parts[1].allSatisfy({ $0.isHexDigit }) else { return nil }
        self.init(id: id, hash: parts[1].lowercased())
    }

    public var description: String { "\(id):\(hash)" }
}

/// What walking the chain found.
public struct AuditChainReport: Sendable, Equatable {
    /// How many records were read.
    public let records: Int
    /// The last record and its hash; nil for an empty log.
    public let head: AuditHead?
    /// The first record where the chain breaks, and what is wrong there; nil when it holds.
    public let firstBroken: Int64?
    public let problem: String?

    public var intact: Bool { problem == nil }
}

extension Store {
    /// Walks the audit log from its first record, recomputing every hash (administrators only,
    /// as `doctor` is). With `pinned`, also checks that the record once written down still
    /// has the hash it had then — which the chain alone cannot show if the whole log was
    /// rewritten from the seed.
    public func verifyAuditChain(pinned: AuditHead? = nil, by actor: Operator) throws(BookingError) -> AuditChainReport {
        try actor.require(.maintenance)
        return try read { db in try Self.walkAuditChain(db, pinned: pinned) }
    }

    static func walkAuditChain(_ db: Database, pinned: AuditHead? = nil) throws -> AuditChainReport {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT id, at, operator, terminal, action, entity, entity_id, before, after, hash FROM audit ORDER BY id
            """)
        var previous: (id: Int64, hash: String)?
        var count = 0
        // A record that does not match: kept until the next one shows whether it was changed
        // (the next still links to its stored hash) or inserted (the next does not).
        var suspect: (id: Int64, stored: String)?
        var pinnedSeen = false
        func content(_ row: Row, id: Int64) -> AuditChain.Content {
            AuditChain.Content(id: id, at: AuditChain.text(row["at"]), operatorName: AuditChain.text(row["operator"]),
                               terminal: AuditChain.text(row["terminal"]), action: AuditChain.text(row["action"]),
                               entity: AuditChain.text(row["entity"]), entityID: AuditChain.text(row["entity_id"]),
                               before: AuditChain.text(row["before"]), after: AuditChain.text(row["after"]))
        }
        func broken(_ id: Int64, _ problem: String) -> AuditChainReport {
            AuditChainReport(records: count, head: previous.map { AuditHead(id: $0.id, hash: $0.hash) }, firstBroken: id, problem: problem)
        }
        while let row = try cursor.next() {
            count += 1
            let id: Int64 = row["id"]
            let stored: String? = row["hash"]
            let fields = content(row, id: id)
            if let suspect {
                // The record after the suspect: does it link to the suspect's stored hash?
                if let stored, AuditChain.hash(previous: suspect.stored, fields) == stored {
                    return broken(suspect.id, "record \(suspect.id) was changed after it was written: its content no longer matches its hash")
                }
                return broken(suspect.id, "record \(suspect.id) was inserted or replaced by hand: neither it nor the record after it link up")
            }
            let expected = AuditChain.hash(previous: previous?.hash, fields)
            if let stored, stored == expected {
                if let pinned, pinned.id == id {
                    pinnedSeen = true
                    if pinned.hash != stored {
                        return broken(id, "record \(id) does not have the hash written down (\(pinned.hash.prefix(12))…): the log was rewritten")
                    }
                }
                previous = (id, stored)
                continue
            }
            let previousID = previous?.id ?? 0
            guard let stored else {
                return broken(id, "record \(id) has no hash: it was inserted by hand")
            }
            if id > previousID + 1 {
                let missing = id - 1 == previousID + 1 ? "record \(previousID + 1) is" : "records \(previousID + 1)–\(id - 1) are"
                return broken(previousID + 1, "\(missing) missing: record \(id) does not link to " + (previous == nil ? "the seed" : "record \(previousID)"))
            }
            suspect = (id, stored)
        }
        if let suspect {
            return broken(suspect.id, "record \(suspect.id), the last, was changed or added by hand: its content no longer matches its hash")
        }
        if let pinned, !pinnedSeen {
            return AuditChainReport(records: count, head: previous.map { AuditHead(id: $0.id, hash: $0.hash) }, firstBroken: pinned.id,
                                    problem: "record \(pinned.id), written down as the head, is missing: records were removed from the end")
        }
        return AuditChainReport(records: count, head: previous.map { AuditHead(id: $0.id, hash: $0.hash) }, firstBroken: nil, problem: nil)
    }

    /// `doctor`'s check of the chain (rule 15).
    static func auditChainCheck(_ db: Database) throws -> HealthCheck {
        let report = try walkAuditChain(db)
        return HealthCheck(name: "audit_chain", summary: "every audit record links to the one before by its hash (rule 15)",
                           violations: report.problem.map { [$0] } ?? [])
    }
}
