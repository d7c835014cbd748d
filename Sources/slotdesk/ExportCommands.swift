import ArgumentParser
import BookingCore
import BookingStore
import Foundation

extension CSVTable: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

/// The days and department an export or a report covers.
struct DateRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day (YYYY-MM-DD).", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Last day (YYYY-MM-DD), included.", valueName: "date")) var to: String?
    @Option(help: "Only this department (code).") var department: String?

    /// The range asked for; without --from, `defaultFrom` days from today; without --to, `defaultDays` days from the first.
    func scope(today: LocalDate, defaultFrom: Int = 0, defaultDays: Int = 7, reveal: Bool = false) throws(BookingError) -> ExportScope {
        let first = try from.map { (d) throws(BookingError) in try parseDate(d, option: "--from") } ?? today.adding(days: defaultFrom)
        let last = try to.map { (d) throws(BookingError) in try parseDate(d, option: "--to") } ?? first.adding(days: defaultDays - 1)
        return ExportScope(from: first, to: last, department: code(department), reveal: reveal)
    }
}

/// Where an export's bytes go: stdout, or a file created owner-only (it holds patients' data)
/// under a temporary name and renamed into place only when the export is complete.
final class ExportDestination {
    let path: String?
    private let partial: String?
    private let handle: FileHandle

    /// Without `force`, an existing file — or a symbolic link, even one pointing nowhere — at
    /// `path` is refused rather than replaced or followed; with it, the name is replaced (a link
    /// itself, never what it points to).
    init(path: String?, force: Bool) throws(BookingError) {
        self.path = path
        guard let path else {
            partial = nil
            handle = FileHandle.standardOutput
            return
        }
        var info = stat()
        if lstat(path, &info) == 0 {
            let kind = info.st_mode & S_IFMT
            if kind == S_IFDIR { throw BookingError.invalidInput(field: "--out", problem: .isFolder(path)) }
            if !force {
                throw BookingError.invalidInput(field: "--out", problem: kind == S_IFLNK ? .isSymbolicLink(path) : .fileExists(path))
            }
        }
        let name = URL(fileURLWithPath: path)
        let temporary = name.deletingLastPathComponent()
            .appendingPathComponent(".\(name.lastPathComponent).\(getpid()).\(UInt32.random(in: 0 ... .max)).partial").path
        let fd = open(temporary, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, 0o600)
        guard fd >= 0 else { throw BookingError.invalidInput(field: "--out", problem: .cannotWrite(path, errno: errno)) }
        partial = temporary
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ data: Data) throws { try handle.write(contentsOf: data) }

    /// Puts the finished file in place.
    func finish() throws(BookingError) {
        guard let path, let partial else { return }
        try? handle.synchronize()
        try? handle.close()
        guard rename(partial, path) == 0 else {
            throw BookingError.invalidInput(field: "--out", problem: .cannotWrite(path, errno: errno))
        }
    }

    /// Removes what an interrupted export left.
    func abandon() {
        guard let partial else { return }
        try? handle.close()
        unlink(partial)
    }

    /// Runs `body` writing into this destination, with progress on stderr when it is a terminal.
    static func run<T>(path: String?, force: Bool, label: String,
                       _ body: (@escaping (Data) throws -> Void, @escaping (Int, Int) -> Void) throws(BookingError) -> T) throws(BookingError) -> T {
        let destination = try ExportDestination(path: path, force: force)
        let meter = ProgressMeter(label: label)
        do {
            let result = try body({ try destination.write($0) }, { meter.update($0, of: $1) })
            meter.finish()
            try destination.finish()
            return result
        } catch {
            meter.finish()
            destination.abandon()
            throw error
        }
    }
}

/// `Progress`, created once the total is known.
final class ProgressMeter: @unchecked Sendable {
    let label: String
    private var progress: Progress?

    init(label: String) { self.label = label }

    func update(_ done: Int, of total: Int) {
        if progress == nil { progress = Progress(total: total, label: label) }
        progress?.update(done)
    }

    func finish() { progress?.finish() }
}

/// `slotdesk export fhir|csv`
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export for the regional health platform (FHIR R4) and for spreadsheets (CSV).",
        discussion: """
            Identity numbers and phones are masked unless --reveal (coordinators and administrators;
            every revealing export is recorded in the audit log, action patient.reveal).
            """,
        subcommands: [FHIR.self, CSV.self]
    )

    struct FHIR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fhir",
            abstract: "A FHIR R4 Bundle (collection): Schedules, Slots, Appointments, Patients, ServiceRequests.",
            discussion: """
                One Bundle of type collection: the hospital and its departments (Organization), each doctor
                (Practitioner) or exam room (Location) with its Schedule, every Slot, the Patients with an
                appointment or referral in the range, their Appointments, and the referrals (ServiceRequest)
                with the clinics that sent them. Entries are named urn:uuid (the same each time) and every
                reference resolves inside the bundle. Default range: today and the 13 days after.
                Example: slotdesk export fhir --from 2026-11-25 --to 2026-12-08 --department CARD --out card.json
                """
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var range: DateRangeOptions
        @Flag(help: "Identity numbers and phones in full (audited; coordinators and administrators).") var reveal = false
        @Option(name: .customLong("out"), help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file")) var file: String?
        @Flag(help: "Replace the --out file (or symbolic link) if it exists.") var force = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let scope = try range.scope(today: store.now.date, defaultDays: 14, reveal: reveal)
                let summary = try ExportDestination.run(path: file, force: force, label: "FHIR") { sink, progress throws(BookingError) in
                    try store.exportFHIR(scope, by: .commandLine(), progress: progress, write: sink)
                }
                let counts = summary.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                announce(out, file: file, json: ["file": file ?? "-", "entries": "\(summary.total)", "revealed": "\(summary.revealed)"]
                    .merging(summary.counts.mapValues { "\($0)" }) { a, _ in a },
                         zh: "已导出 FHIR R4 Bundle，\(summary.total) 条（\(counts)）" + (summary.revealed ? "，证件号完整（已记入审计）" : "，证件号已遮蔽"),
                         en: "FHIR R4 Bundle exported, \(summary.total) entries (\(counts))" + (summary.revealed ? ", identities in full (audited)" : ", identities masked"))
            }
        }
    }

    struct CSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract: "One table as CSV for Excel and WPS: appointments, slots, referrals or surgery.",
            discussion: """
                RFC 4180 (fields with commas, quotes or line breaks quoted, CRLF line ends), UTF-8 with a
                byte-order mark by default, or --encoding gb18030. Headings and labels follow --lang.
                Default range: today and the 6 days after.
                Example: slotdesk export csv appointments --from 2026-11-25 --to 2026-11-30 --encoding gb18030 --out appts.csv
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "appointments, slots, referrals or surgery.") var table: CSVTable
        @OptionGroup var range: DateRangeOptions
        @Option(help: "utf8 (default) or gb18030.") var encoding: TextEncoding = .utf8
        @Flag(inversion: .prefixedNo, help: "Start a UTF-8 file with a byte-order mark (Excel and WPS need it).") var bom = true
        @Flag(help: "Identity numbers and phones in full (audited; coordinators and administrators).") var reveal = false
        @Option(name: .customLong("out"), help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file")) var file: String?
        @Flag(help: "Replace the --out file (or symbolic link) if it exists.") var force = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let scope = try range.scope(today: store.now.date, reveal: reveal)
                var format = CSVFormat(table: table, encoding: encoding, byteOrderMark: bom, language: out.language)
                format.printable = file == nil
                let rows = try ExportDestination.run(path: file, force: force, label: "CSV") { sink, progress throws(BookingError) in
                    try store.exportCSV(scope, format: format, by: .commandLine(), progress: progress, write: sink)
                }
                announce(out, file: file, json: ["file": file ?? "-", "table": table.rawValue, "rows": "\(rows)", "encoding": encoding.rawValue,
                                                 "revealed": "\(reveal)"],
                         zh: "已导出 \(rows) 行（\(table.rawValue)，\(encoding.rawValue)）", en: "\(rows) rows exported (\(table.rawValue), \(encoding.rawValue))")
            }
        }
    }
}

/// What an export says when it is done: on stdout when the data went to a file, else on stderr
/// when that is a terminal (stdout holds the data).
func announce(_ out: Output, file: String?, json: [String: String], zh: String, en: String) {
    if file != nil {
        if out.json { out.emit(json) } else { out.say(zh + "：\(file ?? "")", en + ": \(file ?? "")") }
    } else if isatty(2) == 1 {
        FileHandle.standardError.write(Data((out.language.pick(zh, en) + "\n").utf8))
    }
}
