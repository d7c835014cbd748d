import ArgumentParser
import BookingCore
import BookingStore
import Foundation

/// `slotdesk backup FILE`
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to FILE while terminals keep working (a consistent snapshot, mode 0600).",
        discussion: """
            The copy is written beside FILE under a temporary name, checked and synced, then moved
            into place; an existing FILE is kept unless --force.
            Example: slotdesk backup /srv/backup/slotdesk-2026-11-25.db
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file to write.") var file: String
    @Flag(help: "Replace FILE if it exists.") var force = false

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            let progress = Progress(total: 1, label: out.language.pick("备份", "backup"))
            let report = try store.backup(to: file, overwrite: force, by: .commandLine()) { done, total in
                if progress.enabled {
                    FileHandle.standardError.write(Data("\r\(out.language.pick("备份", "backup")) \(done)/\(total) pages ".utf8))
                }
            }
            progress.finish()
            if out.json {
                struct R: Encodable { let path: String; let bytes: Int64; let pages: Int }
                out.emit(R(path: report.path, bytes: report.bytes, pages: report.pages))
            } else {
                out.say("已备份到 \(report.path)（\(report.bytes) 字节）", "Backed up to \(report.path) (\(report.bytes) bytes)")
            }
        }
    }
}

/// `slotdesk doctor`
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database: integrity, foreign keys, and the booking rules re-verified from the rows.",
        discussion: """
            Exit 0 when every check passes, 1 when any finds a violation (each is listed), 3 when
            the database cannot be read.
            Example: slotdesk doctor --json
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var healthy = true
        try global.perform { store, out throws(BookingError) in
            let report = try store.healthCheck(by: .commandLine())
            healthy = report.healthy
            if out.json {
                struct C: Encodable { let name: String; let summary: String; let ok: Bool; let violations: [String] }
                struct R: Encodable { let healthy: Bool; let database: String; let checks: [C] }
                out.emit(R(healthy: report.healthy, database: store.path,
                           checks: report.checks.map { C(name: $0.name, summary: $0.summary, ok: $0.ok, violations: $0.violations) }))
                return
            }
            for check in report.checks {
                print("\(check.ok ? "ok  " : "FAIL")  \(check.name): \(check.summary)")
                for line in check.violations { print("        \(printable(line))") }
            }
            out.say(report.healthy ? "数据库正常：\(store.path)" : "发现问题：\(store.path)",
                    report.healthy ? "Healthy: \(store.path)" : "Violations found: \(store.path)")
        }
        if !healthy { throw ExitCode(1) }
    }
}
