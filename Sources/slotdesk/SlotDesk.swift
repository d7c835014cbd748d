import ArgumentParser
import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal

/// `slotdesk`: the hospital's appointment and time-slot booking system.
struct SlotDesk: ParsableCommand {
    /// What `slotdesk --version` prints.
    static let version = "0.14.0"

    static let configuration = CommandConfiguration(
        commandName: "slotdesk",
        abstract: "Appointment and time-slot booking for a hospital that heads a medical alliance.",
        // One paragraph per line: ArgumentParser wraps it to the terminal, and a break typed
        // inside a sentence would show as a break in the middle of it.
        discussion: """
            Run with no command to open SlotDesk on the default database (created with the demo hospital the first time).

            Exit codes: 0 done, 1 refused by a rule, 2 bad input, 3 storage failure.
            """,
        version: version,
        subcommands: [
            Desk.self, Init.self, Setup.self, Slots.self, PatientCommand.self, Book.self, Cancel.self, CheckIn.self,
            NoShow.self, Appointments.self, ReferralCommand.self, Quota.self, WaitlistCommand.self, QueueCommand.self, Stop.self,
            Notify.self, SurgeryCommand.self, KeymapCommand.self, OperatorCommand.self, AuditCommand.self, BackupCommand.self, Doctor.self,
            ExportCommand.self, ReportCommand.self, Slip.self,
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
    @Option(help: "Lock the screen after this many minutes without a key (0: never).") var idleLock = 10

    func run() throws {
        var interactive: Store?
        // The first start makes the demo hospital, a training database; after that the file
        // must exist, as for every other command.
        let missing = !FileManager.default.fileExists(atPath: global.databasePath)
        let screen = NCursesTerminal.isAvailable() && !global.json
        var notSetUp = false
        try global.perform(missing ? .create(training: true) : .existing, trainingMark: !screen) { store, out throws(BookingError) in
            if try store.hospitalName() == nil {
                // The demo and its published passwords go only into a training database: a
                // production one made by `init` waits for its own setup file (rules 13, 15).
                guard store.isTraining else {
                    notSetUp = true
                    return
                }
                FileHandle.standardError.write(Data(out.language.pick("首次运行：正在建立示范医院…\n", "First run: setting up the demo hospital…\n").utf8))
                _ = try store.installDemo(by: .commandLine())
            }
            if screen {
                interactive = store
            } else {
                try printDaySummary(store, out)
            }
        }
        if notSetUp {
            FileHandle.standardError.write(Data(global.language.pick(
                "数据库 \(global.databasePath) 还没有医院设置：先用 slotdesk setup apply 文件.toml --db \(global.databasePath) 载入\n",
                "The database \(global.databasePath) has no hospital set up yet: load one first with slotdesk setup apply FILE.toml --db \(global.databasePath)\n").utf8))
            throw ExitCode(2)
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
        let user = OSAccount.name()
        var startup = problems.first.map {
            DeskMessage(text: language.pick("按键设置有 \(problems.count) 处错误（已用默认）：", "\(problems.count) keymap problem(s), defaults kept: ") + $0.text(language),
                        kind: .error)
        }
        let tty = Operator.currentTerminal()
        // With operators set up, everyone signs in (rule 13). A database without any runs as the
        // OS user with the admin role, as the command line does, and says how to add operators.
        let signIn = (try? store.hasOperators()) ?? true
        if !signIn && startup == nil {
            startup = DeskMessage(text: language.pick("尚无操作员：以本机用户 \(user)（管理员）运行；用 slotdesk operator add 添加操作员",
                                                      "No operators yet: running as \(user) (admin); add operators with slotdesk operator add"), kind: .info)
        }
        let isDemo = store.isTraining && ((try? store.hospitalName()) ?? nil)?.name == ((try? DemoHospital.setup())?.hospital?.name)
        let hint = isDemo ? language.pick("演示账号 desk1 密码 demo-desk1（仅供演示，其他见 README）",
                                          "Demo: desk1 / demo-desk1 (demo only; more in the README)") : nil
        let app = DeskApp(backend: terminal, store: store, keymap: keymap,
                          actor: signIn ? Operator(name: "-", terminal: tty, roles: []) : Operator(name: user, terminal: tty),
                          language: language, startupMessage: startup, signIn: signIn,
                          idleLock: idleLock > 0 ? TimeInterval(idleLock * 60) : nil, demoHint: hint)
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

/// `slotdesk init [--demo] [--admin-password-file FILE]`
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or migrate the database and its first administrator; --demo loads the demo hospital.",
        discussion: """
            Only init creates a database (mode 0600, its folder 0700). --training makes a new database
            a training database: the only kind where --now is honoured, marked 培训/TRAINING on every
            screen and in every command's output. --demo is always a training database.
            On a database with no operators, creates the administrator `admin` with the password in
            --admin-password-file (its first line), or asks for it when run at a terminal; otherwise
            creates no operator and says how to add one. --demo adds the demo operators (demo-only
            passwords, see the README) and never asks.
            Examples:
              slotdesk init --db ./hospital.db --admin-password-file ./admin-password.txt
              slotdesk init --demo --db ./demo.db
              slotdesk init --training --db ./class.db --now 2026-11-25T08:30
            """
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Load the demo hospital: setup, two weeks of slots, patients, bookings and demo operators.") var demo = false
    @Flag(help: "Make a new training database: --now is honoured there, and only there (rule 15).") var training = false
    @Option(help: "Read the first administrator's password from this file's first line (- for standard input).") var adminPasswordFile: String?

    func run() throws {
        try global.perform(.create(training: training || demo)) { store, out throws(BookingError) in
            if !demo && !out.json { out.say("数据库已就绪：\(store.path)", "Database ready: \(store.path)") }
            let admin = try createFirstAdministrator(store, out)
            guard demo else {
                if out.json {
                    out.emit(["database": store.path, "administrator": admin ?? ""])
                } else if let admin {
                    out.say("  已创建管理员 \(admin)", "  administrator \(admin) created")
                }
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
            if !report.operators.isEmpty {
                out.say("  示范操作员（密码仅供演示，见 README）：\(report.operators.joined(separator: "、"))",
                        "  demo operators (demo-only passwords, see the README): \(report.operators.joined(separator: ", "))")
            }
        }
    }

    /// The first administrator, on a database with no operators: from the password file, or
    /// typed at the terminal (never with --demo, which must not wait for anyone).
    func createFirstAdministrator(_ store: Store, _ out: Output) throws(BookingError) -> String? {
        guard try !store.hasOperators() else {
            if adminPasswordFile != nil && !out.json {
                out.say("  已有操作员，未使用 --admin-password-file", "  operators exist already: --admin-password-file not used")
            }
            return nil
        }
        let password: String?
        if let adminPasswordFile {
            password = try PasswordInput.fromFile(adminPasswordFile)
        } else if !demo {
            password = try PasswordInput.read(file: nil, prompt: out.language.pick("管理员 admin 的密码：", "Password for the administrator admin: "),
                                              confirm: true, language: out.language)
        } else {
            password = nil
        }
        guard let password else {
            if !demo && !out.json {
                out.say("  未创建操作员：用 `slotdesk operator add admin --name 管理员 --role admin --password-file FILE` 添加",
                        "  no operator created: add one with `slotdesk operator add admin --name Admin --role admin --password-file FILE`")
            }
            return nil
        }
        let account = try store.addOperator(OperatorInput(username: "admin", displayName: out.language.pick("管理员", "Administrator"), roles: [.admin],
                                                          password: password, mustChangePassword: false), by: .commandLine())
        return account.username
    }
}
