import ArgumentParser
import BookingCore
import BookingStore
import Foundation

/// `slotdesk setup apply FILE`, `slotdesk setup export`
struct Setup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load or print the hospital's master data (setup file, TOML).",
        subcommands: [Apply.self, Export.self]
    )

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a setup file: departments, resources, sessions, clinics, calendar. Idempotent.",
            discussion: "Example: slotdesk setup apply hospital.toml --dry-run"
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The setup file (TOML).") var file: String
        @Flag(help: "Check the file and report problems without changing anything.") var dryRun = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw BookingError.invalidInput(field: "FILE", problem: .cannotRead(file))
                }
                let setup: HospitalSetup
                switch SetupFile.parse(data: data) {
                case let .success(s): setup = s
                case let .failure(error): throw error
                }
                let report = try store.applySetup(setup, dryRun: dryRun, by: .commandLine())
                if dryRun && !out.json { out.say("试运行：以下为将要做的改动，数据库未改变。", "Dry run: this is what would change; the database was not changed.") }
                if out.json {
                    // `stopped` only when a holiday stopped booked slots, so the usual answer keeps its shape.
                    struct J: Encodable { let created, updated, unchanged: [String: Int]; let stopped: [StopJSON]? }
                    out.emit(J(created: report.created, updated: report.updated, unchanged: report.unchanged,
                               stopped: report.stopped.isEmpty ? nil : report.stopped.map(StopJSON.init)))
                    return
                }
                // Rules 10 and 12: booked days the calendar made holidays come first, as stop-clinic shows them.
                if !report.stopped.isEmpty {
                    let cancelled = report.stopped.reduce(0) { $0 + $1.patients.count }
                    out.say("新日历使 \(report.stopped.count) 个已有预约的出诊日成为节假日：停诊，取消 \(cancelled) 个预约，患者已列入待通知名单（`slotdesk notify list`）",
                            "The calendar makes \(report.stopped.count) booked clinic day(s) holidays: stopped, \(cancelled) appointment(s) cancelled, "
                                + "patients on the to-notify list (`slotdesk notify list`)")
                    for stop in report.stopped { Stop.show(stop, out) }
                }
                let kinds = Set(report.created.keys).union(report.updated.keys).union(report.unchanged.keys).sorted()
                out.table([out.language.pick("类别", "Kind"), out.language.pick("新建", "Created"), out.language.pick("更新", "Updated"),
                           out.language.pick("未变", "Unchanged")],
                          kinds.map { [$0, "\(report.created[$0] ?? 0)", "\(report.updated[$0] ?? 0)", "\(report.unchanged[$0] ?? 0)"] },
                          rightAligned: [1, 2, 3])
                if report.changedAnything {
                    out.say("提示：排班变动后请运行 `slotdesk slots generate` 更新时段。", "Note: run `slotdesk slots generate` to bring slots in line with changed sessions.")
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the stored master data as a setup file.",
            discussion: "Example: slotdesk setup export > hospital.toml"
        )

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.perform { store, _ throws(BookingError) in
                print(SetupFile.render(try store.currentSetup()), terminator: "")
            }
        }
    }
}
