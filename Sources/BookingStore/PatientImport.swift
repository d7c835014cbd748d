import BookingCore
import CSV
import Foundation
import GRDB

/// The outcome of a CSV import: the good rows are in, each bad row is named with its reason.
public struct ImportReport: Sendable, Equatable {
    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let message: String
    }

    public var imported = 0
    public var problems: [Problem] = []
}

extension Store {
    /// Largest import file accepted (about two million patients).
    public static let maxImportBytes = 256 * 1024 * 1024

    /// Imports patients from CSV with the columns `name,id_number,phone,card` (UTF-8, with or
    /// without BOM, a header row optional). Every row is checked under rule 4 as if typed at the
    /// desk; the good rows are stored in one transaction, the bad ones reported by line.
    public func importPatients(csv data: Data, language: Language = .en, by actor: Operator,
                               progress: ((Int) -> Void)? = nil) throws(BookingError) -> ImportReport {
        try actor.require(.importPatients)
        guard data.count <= Self.maxImportBytes else { throw BookingError.importInvalid("larger than \(Self.maxImportBytes / 1024 / 1024) MB") }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw BookingError.importInvalid(language.pick("不是 UTF-8 编码；请另存为 UTF-8 CSV", "not UTF-8 text; save it as CSV UTF-8"))
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text) } catch { throw BookingError.importInvalid("\(error)") }
        let today = now.date
        var report = ImportReport()
        var line = 1
        var rows: [(line: Int, fields: [String])] = []
        while let fields = reader.next() {
            rows.append((line, fields))
            line += 1 + fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) } }
        }
        if let error = reader.error { throw BookingError.importInvalid("\(error)") }
        if let first = rows.first, first.fields.first?.trimmingWhitespace().lowercased() == "name" { rows.removeFirst() }

        return try write { db in
            for (index, row) in rows.enumerated() {
                if row.fields.count == 1 && row.fields[0].trimmingWhitespace().isEmpty { continue }  // blank line
                guard (2...4).contains(row.fields.count) else {
                    report.problems.append(.init(line: row.line, message: language.pick(
                        "应为 2–4 列（name,id_number,phone,card），实为 \(row.fields.count) 列",
                        "expected 2–4 columns (name,id_number,phone,card), found \(row.fields.count)")))
                    continue
                }
                let f = row.fields + Array(repeating: "", count: 4 - row.fields.count)
                let input = PatientInput(name: f[0], documentType: .resident, documentNumber: f[1], phone: f[2], cardNumber: f[3])
                switch PatientRules.validate(input, today: today) {
                case let .failure(error):
                    report.problems.append(.init(line: row.line, message: error.message(language)))
                case let .success(valid):
                    do {
                        // A savepoint per row: a refused row leaves the others in place.
                        try db.inSavepoint {
                            _ = try insertPatient(db, valid)
                            return .commit
                        }
                        report.imported += 1
                    } catch let error as BookingError {
                        report.problems.append(.init(line: row.line, message: error.message(language)))
                    } catch {
                        // The savepoint undid this row only; the good rows stay.
                        report.problems.append(.init(line: row.line, message: Store.translate(error).message(language)))
                    }
                }
                if index % 1000 == 999 { progress?(index + 1) }
            }
            if report.imported > 0 {
                try audit(db, by: actor, action: "patient.import", entity: "patient", id: nil,
                          after: "imported \(report.imported), refused \(report.problems.count)")
            }
            return report
        }
    }
}
