import BookingCore
import Foundation
import GRDB

/// What an export covers: a range of days, optionally one department, and whether identity
/// numbers and phones leave the hospital in full (rule 14).
public struct ExportScope: Sendable, Equatable {
    public var from: LocalDate
    public var to: LocalDate
    public var department: String?
    /// Identity numbers and phones in full instead of masked: needs `patient.reveal`, and is audited.
    public var reveal: Bool

    /// The longest range one export covers: a year.
    public static let maxDays = 366

    public init(from: LocalDate, to: LocalDate, department: String? = nil, reveal: Bool = false) {
        self.from = from
        self.to = to
        self.department = department?.uppercased()
        self.reveal = reveal
    }

    /// `2026-11-25…2026-12-08 CARD`
    public var description: String { "\(from)…\(to) \(department ?? "all departments")" }

    func validate() throws(BookingError) {
        guard from <= to, from.days(to: to) < Self.maxDays else {
            throw BookingError.invalidInput(field: "--to", problem: .rangeTooLong(days: Self.maxDays))
        }
    }

    /// Arguments ?1 (first day), ?2 (last day), ?3 (department code or NULL) of the scope's queries.
    var arguments: StatementArguments { [from.description, to.description, department] }

    /// Referrals in scope: those open at some time in the range — written in it, seen in it (the
    /// appointment's `basedOn` must find its referral), closed in it, or written before and still
    /// open when it starts (pending and not yet expired, or booked). Uses ?1–?3; `f` is the
    /// referral, `d` its department.
    static let referralCondition = """
        substr(f.created_at, 1, 10) <= ?2
        AND (substr(f.created_at, 1, 10) >= ?1
             OR EXISTS (SELECT 1 FROM appointment x WHERE x.referral_id = f.id AND x.date BETWEEN ?1 AND ?2)
             OR substr(f.closed_at, 1, 10) >= ?1
             OR f.status = 'booked'
             OR (f.status = 'pending'
                 AND date(substr(f.created_at, 1, 10), '+' || (SELECT referral_expiry_days FROM hospital WHERE id = 1) || ' days') > ?1))
        AND (?3 IS NULL OR d.code = ?3)
        """

    /// The patients an export names: those with an appointment in range, or a referral in scope.
    static let patientIDs = """
        SELECT a.patient_id FROM appointment a JOIN department d ON d.id = a.department_id
        WHERE a.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.code = ?3)
        UNION
        SELECT f.patient_id FROM referral f JOIN department d ON d.id = f.department_id
        WHERE \(referralCondition)
        """
}

extension Store {
    /// Checks the scope, and for a revealing export checks the permission and records, in its own
    /// write transaction before any row is read, who took which patients' identities out (rule 14).
    /// Recording first means an export interrupted half-way is still on the record; reading in a
    /// separate snapshot means a slow reader at the other end of a pipe never holds the write lock.
    func prepareExport(_ scope: ExportScope, format: String, by actor: Operator) throws(BookingError) {
        try scope.validate()
        try read { db in
            if let d = scope.department, try Int.fetchOne(db, sql: "SELECT 1 FROM department WHERE code = ?", arguments: [d]) == nil {
                throw BookingError.notFound(kind: "department", key: d)
            }
        }
        guard scope.reveal else { return }
        try actor.require(.revealPatient)
        try write { db in
            let patients = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(ExportScope.patientIDs))", arguments: scope.arguments) ?? 0
            try audit(db, by: actor, action: "patient.reveal", entity: "export", id: format,
                      after: "\(format) \(scope.description): \(patients) patients' identity numbers and phones in full")
        }
    }
}

/// Where an export's bytes go, collected into blocks so a large export makes few writes.
struct ExportOutput {
    let sink: (Data) throws -> Void
    var buffer = Data()
    static let blockSize = 64 * 1024

    init(_ sink: @escaping (Data) throws -> Void) { self.sink = sink }

    mutating func write(_ data: Data) throws(BookingError) {
        buffer.append(data)
        if buffer.count >= Self.blockSize { try flush() }
    }

    mutating func write(_ text: String) throws(BookingError) { try write(Data(text.utf8)) }

    mutating func flush() throws(BookingError) {
        guard !buffer.isEmpty else { return }
        do {
            try sink(buffer)
        } catch let error as BookingError {
            throw error
        } catch {
            throw BookingError.storage(.exportWrite("\(error)"))
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
