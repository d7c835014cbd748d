import BookingCore
import CSV
import Foundation
import GRDB

/// The outcome of a CSV import: the good rows are in, each bad row is named with its reason.
public struct ImportReport: Sendable, Equatable {
    /// One row not imported: its line in the file and why, as a value.
    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let reason: ImportRowProblem

        /// Why the row was not imported, in the operator's language.
        public func message(_ lang: Language) -> String { reason.text(lang) }
    }

    public var imported = 0
    /// Rows whose patient (same document, same name) is already registered: a second run of a
    /// file, after a kill or a failure, reports the rows the first run stored here.
    public var alreadyImported = 0
    public var problems: [Problem] = []
}

extension Store {
    /// Largest import file accepted (about two million patients).
    public static let maxImportBytes = 256 * 1024 * 1024

    /// Imports patients from CSV with the columns `name,id_number,phone,card` (UTF-8, with or
    /// without BOM, a header row optional). Every row is checked under rule 4 as if typed at the
    /// desk; the bad ones are reported by line.
    ///
    /// The good rows are stored in transactions of `importChunkRows` rows, each whole with its
    /// audit record, so a booking waits for one chunk at most, never for the whole file (DESIGN,
    /// "Deployment and scale"). A run that was killed or failed leaves whole chunks behind; run
    /// again on the same file, it counts those rows as already imported and stores the rest.
    public func importPatients(csv data: Data, by actor: Operator,
                               progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(BookingError) -> ImportReport {
        try actor.require(.importPatients)
        guard data.count <= Self.maxImportBytes else { throw BookingError.importInvalid(.tooLarge(megabytes: Self.maxImportBytes / 1024 / 1024)) }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw BookingError.importInvalid(.notUTF8)
        }
        let reader: CSVReader
        do { reader = try CSVReader(string: text) } catch { throw BookingError.importInvalid(Self.importProblem(error)) }
        let today = now.date
        var report = ImportReport()
        var line = 1
        var rows: [(line: Int, fields: [String])] = []
        while let fields = reader.next() {
            rows.append((line, fields))
            line += 1 + fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) } }
        }
        if let error = reader.error { throw BookingError.importInvalid(Self.importProblem(error)) }
        if let first = rows.first, first.fields.first?.trimmingWhitespace().lowercased() == "name" { rows.removeFirst() }

        var start = 0
        var stored: Set<String> = []  // identities this run stored: a second row for one is the file's own duplicate
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + Self.importChunkRows)]
            let part = try importChunk(chunk, today: today, by: actor, stored: &stored)
            report.imported += part.imported
            report.alreadyImported += part.alreadyImported
            report.problems += part.problems
            start = chunk.endIndex
            progress?(start, rows.count)
            if start < rows.count { Self.pauseBetweenChunks() }
        }
        return report
    }

    /// The CSV reader's failure as a problem with the file: bytes that do not decode are the
    /// usual one (a spreadsheet saved as GBK); the rest keep the reader's own words.
    static func importProblem(_ error: any Error) -> ImportProblem {
        if case CSVError.unicodeDecoding = error { return .notUTF8 }
        return .unreadable("\(error)")
    }

    /// Rows stored in one transaction. With the rows checked before it begins, a chunk of 500
    /// holds the lock for some tens of milliseconds: bookings made during a 100,000-row import
    /// waited 74 ms at the 99th percentile on a busy 2-core machine (slotdesk-bench,
    /// `import_storm`; 387 ms while the rows were still checked inside the transaction).
    static let importChunkRows = 500

    /// One transaction of an import: the rows checked first, outside it (the pinyin of a name
    /// is most of a row's cost), then each good row stored in a savepoint of its own, and one
    /// audit record for what the chunk changed.
    func importChunk(_ rows: ArraySlice<(line: Int, fields: [String])>, today: LocalDate,
                     by actor: Operator, stored: inout Set<String>) throws(BookingError) -> ImportReport {
        var report = ImportReport()
        var valid: [(line: Int, patient: ValidPatient)] = []
        for row in rows {
            if row.fields.count == 1 && row.fields[0].trimmingWhitespace().isEmpty { continue }  // blank line
            guard (2...4).contains(row.fields.count) else {
                report.problems.append(.init(line: row.line, reason: .columns(found: row.fields.count)))
                continue
            }
            let f = row.fields + Array(repeating: "", count: 4 - row.fields.count)
            let input = PatientInput(name: f[0], documentType: .resident, documentNumber: f[1], phone: f[2], cardNumber: f[3])
            switch PatientRules.validate(input, today: today) {
            case let .failure(error): report.problems.append(.init(line: row.line, reason: .refused(error)))
            case let .success(patient): valid.append((row.line, patient))
            }
        }
        return try write { db in
            for (line, patient) in valid {
                do {
                    // The same identity under the same name, stored before this run: an earlier run's row.
                    if !stored.contains(patient.documentNumber),
                       let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM patient WHERE document_type = ? AND document_number = ?"),
                                                      arguments: [patient.documentType.rawValue, patient.documentNumber]),
                       name == patient.name {
                        report.alreadyImported += 1
                        continue
                    }
                    // A savepoint per row: a refused row leaves the others in place.
                    try db.inSavepoint {
                        _ = try insertPatient(db, patient)
                        return .commit
                    }
                    report.imported += 1
                    stored.insert(patient.documentNumber)
                } catch let error as BookingError {
                    report.problems.append(.init(line: line, reason: .refused(error)))
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
                    // The savepoint undid this row only; the good rows stay.
                    report.problems.append(.init(line: line, reason: .refused(Store.translate(error))))
                }
            }
            report.problems.sort { $0.line < $1.line }
            if report.imported > 0, let first = rows.first?.line, let last = rows.last?.line {
                try audit(db, by: actor, action: "patient.import", entity: "patient", id: nil,
                          after: "lines \(first)-\(last): imported \(report.imported), already there \(report.alreadyImported), refused \(report.problems.count)")
            }
            return report
        }
    }
}
