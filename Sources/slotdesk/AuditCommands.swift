import ArgumentParser
import BookingCore
import BookingStore
import Foundation

/// `slotdesk audit`: who did what, from which terminal, when (rule 13).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read the audit log, newest first (rule 13).",
        discussion: """
            Every change, sign-in and reveal of a masked field is recorded in the same transaction
            as the change; the log is append-only.
            Examples:
              slotdesk audit --since 2026-11-25 --operator desk1
              slotdesk audit --patient 11010519491231002X --json
              slotdesk audit --action operator.login --limit 20
              slotdesk audit verify
            """,
        subcommands: [Verify.self]
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("Records from this day or minute on.", valueName: "date|time")) var since: String?
    @Option(help: ArgumentHelp("Records before this day or minute.", valueName: "date|time")) var until: String?
    @Option(name: .customLong("operator"), help: "Records by this operator: desk1, cli:li, system:waitlist.") var operatorName: String?
    @Option(help: "Records about this patient (number or identity number) and their appointments, referrals, cases.") var patient: String?
    @Option(help: "Actions starting with this: appointment., operator.login, patient.reveal.") var action: String?
    @Option(help: "At most this many records (1–10000).") var limit = 200

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            let filter = AuditFilter(since: try since.map { (t) throws(BookingError) in try parseMoment(t, option: "--since") },
                                     until: try until.map { (t) throws(BookingError) in try parseMoment(t, option: "--until") },
                                     operatorName: operatorName, patient: try patient.map { (p) throws(BookingError) in try parsePatient(p) },
                                     actionPrefix: action, limit: limit)
            let records = try store.auditLog(filter, by: .commandLine())
            if out.json {
                out.emit(records.map(AuditJSON.init))
                return
            }
            let l = out.language
            out.table([l.pick("编号", "Id"), l.pick("时间", "Time"), l.pick("操作员", "Operator"), l.pick("终端", "Terminal"),
                       l.pick("动作", "Action"), l.pick("对象", "Entity"), l.pick("变更", "Change")],
                      records.map { r in
                          let change = [r.before, r.after].map { $0 ?? "" }
                          return ["\(r.id)", r.at.replacingOccurrences(of: "T", with: " "), printable(r.operatorName), printable(r.terminal), r.action,
                                  r.entity + (r.entityID.map { " \(printable($0))" } ?? ""),
                                  printable(change[0].isEmpty ? change[1] : "\(change[0]) → \(change[1])")]
                      }, rightAligned: [0])
            if records.isEmpty { out.say("（没有记录）", "(no records)") }
        }
    }
}

extension AuditCommand {
    /// `slotdesk audit verify [--head ID:HASH]`
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk the audit log's hash chain and print its head (rule 15).",
            discussion: """
                Each record holds the SHA-256 of the record before it and its own content; a record removed,
                changed or inserted outside SlotDesk breaks the chain there. Prints the head (last record id
                and hash): write it down, or print it each evening, and give it back with --head to check
                that the log up to it is still the one you saw — which the chain alone cannot show if the
                whole log was rewritten. Exit 0 when the chain holds, 1 naming the first bad record.
                Examples:
                  slotdesk audit verify
                  slotdesk audit verify --head 1234:9f2c…(64 hex digits)
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("A head written down before (ID:HASH): check it is still in the log.", valueName: "id:hash")) var head: String?

        func run() throws {
            var intact = true
            try global.perform { store, out throws(BookingError) in
                let pinned = try head.map { (text) throws(BookingError) -> AuditHead in
                    guard let pinned = AuditHead(text) else {
                        throw BookingError.invalidInput(field: "--head", problem: .notAuditHead(printable(String(text.prefix(80)))))
                    }
                    return pinned
                }
                let report = try store.verifyAuditChain(pinned: pinned, by: .commandLine())
                intact = report.intact
                if out.json {
                    struct R: Encodable { let intact: Bool; let records: Int; let head_id: Int64?; let head_hash: String?; let first_broken: Int64?; let problem: String? }
                    out.emit(R(intact: report.intact, records: report.records, head_id: report.head?.id, head_hash: report.head?.hash,
                               first_broken: report.firstBroken, problem: report.problem))
                    return
                }
                if let problem = report.problem {
                    out.say("审计链断裂：\(problem)", "The audit chain is broken: \(problem)")
                    if let head = report.head { out.say("断裂前最后完好的记录：\(head)", "Last good record before the break: \(head)") }
                    return
                }
                out.say("审计链完好：\(report.records) 条记录", "The audit chain holds: \(report.records) records")
                if let head = report.head {
                    out.say("链头（请抄下或打印保存）：\(head)", "Head (write it down or print it): \(head)")
                }
            }
            if !intact { throw ExitCode(1) }
        }
    }
}

struct AuditJSON: Encodable {
    let id: Int64
    let at: String
    let `operator`: String
    let terminal: String
    let action: String
    let entity: String
    let entity_id: String?
    let before: String?
    let after: String?

    init(_ r: AuditRecord) {
        id = r.id
        at = r.at
        `operator` = r.operatorName
        terminal = r.terminal
        action = r.action
        entity = r.entity
        entity_id = r.entityID
        before = r.before
        after = r.after
    }
}

/// `YYYY-MM-DD` (from midnight) or `YYYY-MM-DDTHH:MM`.
func parseMoment(_ text: String, option: String) throws(BookingError) -> LocalDateTime {
    if let moment = LocalDateTime(text) { return moment }
    if let date = LocalDate(text) { return LocalDateTime(date: date, minuteOfDay: 0) }
    throw BookingError.invalidInput(field: option, problem: .neitherDateNorTime(printable(String(text.prefix(40)))))
}
