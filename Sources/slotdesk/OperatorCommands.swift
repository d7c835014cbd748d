import ArgumentParser
import BookingCore
import BookingStore
import Foundation

extension Role: ExpressibleByArgument {}

/// `slotdesk operator add|list|passwd|disable|enable|roles` (rule 13).
struct OperatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Operators who sign in to the terminal interface: roles, passwords, lockouts (rule 13).",
        discussion: """
            Passwords are never given as arguments: --password-file FILE (its first line; - for
            standard input), or typed at the terminal with echo off.
            """,
        subcommands: [Add.self, List.self, Passwd.self, Disable.self, Enable.self, Roles.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an operator; the initial password must be changed at the first sign-in.",
            discussion: """
                Examples:
                  slotdesk operator add desk3 --name 刘敏 --role desk --password-file ./initial.txt
                  slotdesk operator add zhao --name 赵强 --role coordinator --clinic C01 --clinic C02
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Username: 2–32 of a–z, 0–9, '.', '_', '-', starting with a letter.") var username: String
        @Option(help: "The name shown on the title bar.") var name: String
        @Option(help: "desk, coordinator, night or admin; repeat for several.") var role: [Role] = []
        @Option(help: "Bind a coordinator to this alliance clinic; repeat for several (default: any clinic).") var clinic: [String] = []
        @Option(help: "Read the initial password from this file's first line (- for standard input).") var passwordFile: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                guard let password = try PasswordInput.read(file: passwordFile, prompt: out.language.pick("初始密码：", "Initial password: "),
                                                            confirm: true, language: out.language) else {
                    throw BookingError.invalidInput(field: "password", problem: .passwordNeedsFile)
                }
                let account = try store.addOperator(OperatorInput(username: username, displayName: name, roles: Set(role), clinics: Set(clinic),
                                                                  password: password), by: .commandLine())
                if out.json { out.emit(OperatorJSON(account)) } else {
                    out.say("已添加操作员 \(account.username)（首次登录须修改密码）", "Operator \(account.username) added (must change the password at first sign-in)")
                    printOperators([account], out, now: store.now)
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List operators with their roles and state.",
                                                        discussion: "Example: slotdesk operator list --json")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let accounts = try store.operators(by: .commandLine())
                if out.json { out.emit(accounts.map(OperatorJSON.init)) } else { printOperators(accounts, out, now: store.now) }
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reset an operator's password (changed again at the next sign-in), or change it with the old one.",
            discussion: """
                Without --old-password-file it is an administrator's reset: the operator must choose a
                new password at the next sign-in, and any lockout ends.
                Examples:
                  slotdesk operator passwd desk1 --password-file ./reset.txt
                  slotdesk operator passwd desk1 --old-password-file old.txt --password-file new.txt
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's username.") var username: String
        @Option(help: "Read the new password from this file's first line (- for standard input).") var passwordFile: String?
        @Option(help: "The operator's current password, from this file: a change, not a reset.") var oldPasswordFile: String?

        func validate() throws {
            if passwordFile == "-" && oldPasswordFile == "-" { throw ValidationError(global.language.pick("两个密码只能有一个来自标准输入", "only one of the passwords can come from standard input")) }
        }

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let old = try oldPasswordFile.map { (file) throws(BookingError) in try PasswordInput.fromFile(file) }
                guard let new = try PasswordInput.read(file: passwordFile, prompt: out.language.pick("新密码：", "New password: "),
                                                       confirm: true, language: out.language) else {
                    throw BookingError.invalidInput(field: "password", problem: .passwordNeedsFile)
                }
                let account = try store.changePassword(username: username, old: old, new: new, by: .commandLine())
                if out.json { out.emit(OperatorJSON(account)) } else if old == nil {
                    out.say("已重置 \(account.username) 的密码；下次登录须修改", "Password of \(account.username) reset; it must be changed at the next sign-in")
                } else {
                    out.say("已修改 \(account.username) 的密码", "Password of \(account.username) changed")
                }
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an operator: sign-in is refused from now on.",
                                                        discussion: "Example: slotdesk operator disable desk2")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's username.") var username: String

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let account = try store.disableOperator(username, by: .commandLine())
                if out.json { out.emit(OperatorJSON(account)) } else { out.say("已停用 \(account.username)", "Operator \(account.username) disabled") }
            }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled operator again; also ends a lockout.",
                                                        discussion: "Example: slotdesk operator enable desk2")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's username.") var username: String

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let account = try store.enableOperator(username, by: .commandLine())
                if out.json { out.emit(OperatorJSON(account)) } else { out.say("已启用 \(account.username)", "Operator \(account.username) enabled") }
            }
        }
    }

    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace an operator's roles and bound clinics.",
                                                        discussion: "Example: slotdesk operator roles zhao --role coordinator --clinic C03")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The operator's username.") var username: String
        @Option(help: "desk, coordinator, night or admin; repeat for several.") var role: [Role] = []
        @Option(help: "Bind a coordinator to this alliance clinic; repeat for several.") var clinic: [String] = []

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let account = try store.setRoles(username, roles: Set(role), clinics: Set(clinic), by: .commandLine())
                if out.json { out.emit(OperatorJSON(account)) } else { printOperators([account], out, now: store.now) }
            }
        }
    }
}

struct OperatorJSON: Encodable {
    let username: String
    let display_name: String
    let roles: [String]
    let clinics: [String]
    let must_change_password: Bool
    let failed_attempts: Int
    let locked_until: String?
    let disabled: Bool
    let created_at: String
    let updated_at: String

    init(_ a: OperatorAccount) {
        username = a.username
        display_name = a.displayName
        roles = a.roles.sorted().map(\.rawValue)
        clinics = a.clinics
        must_change_password = a.mustChangePassword
        failed_attempts = a.failedAttempts
        locked_until = a.lockedUntil?.description
        disabled = a.disabled
        created_at = a.createdAt
        updated_at = a.updatedAt
    }
}

func printOperators(_ accounts: [OperatorAccount], _ out: Output, now: LocalDateTime) {
    let l = out.language
    out.table([l.pick("用户名", "Username"), l.pick("姓名", "Name"), l.pick("角色", "Roles"), l.pick("机构", "Clinics"), l.pick("状态", "State")],
              accounts.map { a in
                  var state: [String] = []
                  if a.disabled { state.append(l.pick("已停用", "disabled")) }
                  if let until = a.lockedUntil, a.isLocked(at: now) { state.append(l.pick("锁定至 \(until.readable)", "locked until \(until.readable)")) }
                  if a.mustChangePassword { state.append(l.pick("须改密码", "must change password")) }
                  return [a.username, a.displayName, a.roles.sorted().map { $0.label(l) }.joined(separator: ","),
                          a.clinics.joined(separator: ","), state.isEmpty ? l.pick("正常", "active") : state.joined(separator: "; ")]
              })
    if accounts.isEmpty { out.say("（没有操作员）", "(no operators)") }
}
