import ArgumentParser
import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal

/// `slotdesk`: the hospital's appointment and time-slot booking system.
struct SlotDesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slotdesk",
        abstract: "Appointment and time-slot booking for a hospital that heads a medical alliance.",
        discussion: """
            Run with no command to open SlotDesk on the default database (created with the demo
            hospital the first time). Exit codes: 0 done, 1 refused by a rule, 2 bad input, 3 storage failure.
            """,
        subcommands: [
            Desk.self, Init.self, Setup.self, Slots.self, PatientCommand.self, Book.self, Cancel.self, CheckIn.self,
            NoShow.self, Appointments.self, ReferralCommand.self, Quota.self, WaitlistCommand.self, QueueCommand.self, Stop.self,
            Notify.self, SurgeryCommand.self, KeymapCommand.self,
        ],
        defaultSubcommand: Desk.self
    )
}

/// The default command: the full-screen front desk; without a terminal, today's schedule.
struct Desk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Open the full-screen front desk (the default when no command is given).",
        discussion: """
            Creates the database with the demo hospital the first time. Without a terminal (output
            piped to a file), prints today's schedule instead.
            Example: slotdesk desk --db /tmp/test.db --lang zh
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var interactive: Store?
        try global.perform { store, out throws(BookingError) in
            if try store.hospitalName() == nil {
                FileHandle.standardError.write(Data(out.language.pick("首次运行：正在建立示范医院…\n", "First run: setting up the demo hospital…\n").utf8))
                _ = try store.installDemo(by: .commandLine())
            }
            if NCursesTerminal.isAvailable() && !out.json {
                interactive = store
            } else {
                try printDaySummary(store, out)
            }
        }
        if let store = interactive { try runScreen(store) }
    }

    func runScreen(_ store: Store) throws {
        let environment = ProcessInfo.processInfo.environment
        let (keymap, problems) = KeymapFiles.load(userFile: KeymapFiles.userPath(environment: environment))
        let language = global.language
        let terminal = NCursesTerminal()
        do {
            try terminal.start()
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(3)
        }
        defer { terminal.stop() }
        let user = environment["USER"] ?? environment["LOGNAME"] ?? "desk"
        let startup = problems.first.map {
            DeskMessage(text: language.pick("按键设置有 \(problems.count) 处错误（已用默认）：", "\(problems.count) keymap problem(s), defaults kept: ") + $0.description,
                        kind: .error)
        }
        let app = DeskApp(backend: terminal, store: store, keymap: keymap,
                          actor: Operator(name: user, terminal: Operator.currentTerminal()), language: language, startupMessage: startup)
        app.run(shouldStop: { terminal.terminationRequested })
    }

    func printDaySummary(_ store: Store, _ out: Output) throws(BookingError) {
        let today = store.now.date
        let slots = try store.slots(SlotFilter(from: today))
        if out.json {
            out.emit(slots.map(SlotJSON.init))
            return
        }
        let name = try store.hospitalName()
        let title = out.language == .zh ? name?.name ?? "" : name?.nameEn ?? name?.name ?? ""
        print("\(title) — \(today) \(out.language.pick("号源", "slots"))  (\(store.path))")
        let departments = try store.departments()
        var rows: [[String]] = []
        for d in departments {
            let mine = slots.filter { $0.department == d.code }
            guard !mine.isEmpty else { continue }
            let open = mine.filter { !$0.started }
            rows.append([d.displayName(out.language), "\(Set(mine.map(\.resource)).count)", "\(mine.count)",
                         "\(mine.reduce(0) { $0 + $1.booked })", "\(open.reduce(0) { $0 + $1.available })"])
        }
        out.table([out.language.pick("科室", "Department"), out.language.pick("号源主体", "Resources"), out.language.pick("时段", "Slots"),
                   out.language.pick("已约", "Booked"), out.language.pick("可约", "Free now")], rows, rightAligned: [1, 2, 3, 4])
        out.say("用 `slotdesk slots list` 查看时段，`slotdesk book` 预约，`slotdesk --help` 查看全部命令。",
                "See `slotdesk slots list` for slots, `slotdesk book` to book, `slotdesk --help` for every command.")
    }
}

/// `slotdesk init [--demo]`
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or migrate the database; --demo loads the demo hospital.",
        discussion: "Example: slotdesk init --demo --db ./hospital.db"
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Load the demo hospital: setup, two weeks of slots, patients and bookings.") var demo = false

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            guard demo else {
                if out.json { out.emit(["database": store.path]) } else { out.say("数据库已就绪：\(store.path)", "Database ready: \(store.path)") }
                return
            }
            let report = try store.installDemo(by: .commandLine())
            if out.json {
                out.emit(["database": store.path, "patients": "\(report.patients)", "appointments": "\(report.appointments)",
                          "slots_created": "\(report.slots?.created ?? 0)"])
                return
            }
            out.say("示范医院已载入：\(store.path)", "Demo hospital loaded: \(store.path)")
            out.say("  新建时段 \(report.slots?.created ?? 0)，患者 \(report.patients)，预约 \(report.appointments)，转诊单 \(report.referrals)",
                    "  slots created \(report.slots?.created ?? 0), patients \(report.patients), appointments \(report.appointments), referrals \(report.referrals)")
            if report.keptExistingPatients {
                out.say("  数据库已有患者，未添加示范患者和预约", "  the database already had patients: no demo patients or bookings added")
            }
        }
    }
}
