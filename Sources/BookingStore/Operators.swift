import BookingCore
import Foundation
import GRDB

/// What an administrator gives to add an operator (rule 13).
public struct OperatorInput: Sendable, Equatable {
    public var username: String
    public var displayName: String
    public var roles: Set<Role>
    /// Alliance clinic codes a coordinator is bound to; empty for any clinic.
    public var clinics: Set<String>
    public var password: String
    /// An initial password is changed at the first sign-in; false only for a password the
    /// operator chose (the first administrator at `init`) and for the demo operators.
    public var mustChangePassword: Bool

    public init(username: String, displayName: String, roles: Set<Role>, clinics: Set<String> = [], password: String,
                mustChangePassword: Bool = true) {
        self.username = username
        self.displayName = displayName
        self.roles = roles
        self.clinics = clinics
        self.password = password
        self.mustChangePassword = mustChangePassword
    }
}

/// One operator as an administrator sees them: never the password, never its hash.
public struct OperatorAccount: Sendable, Equatable {
    public let id: Int64
    public let username: String
    public let displayName: String
    public let roles: Set<Role>
    /// The alliance clinics a coordinator is bound to, by code, sorted; empty for any.
    public let clinics: [String]
    public let mustChangePassword: Bool
    /// Wrong passwords in a row since the last good one or the last lockout.
    public let failedAttempts: Int
    /// Set after the fifth wrong password in a row: sign-in is refused until then.
    public let lockedUntil: LocalDateTime?
    public let disabled: Bool
    public let createdAt: String
    public let updatedAt: String

    public func isLocked(at now: LocalDateTime) -> Bool { OperatorRules.isLocked(until: lockedUntil, now: now) }

    /// The operator acting from `terminal`, as the store's commands take it.
    public func acting(on terminal: String) -> Operator {
        Operator(name: username, terminal: terminal, roles: roles, clinics: Set(clinics), mustChangePassword: mustChangePassword,
                 displayName: displayName, account: id)
    }
}

/// Why a password is asked for: signing in, or unlocking a terminal an idle lock closed.
public enum SignInPurpose: String, Sendable {
    case login
    case unlock
}

extension Store {
    // MARK: - Signing in

    /// Signs an operator in (rule 13). A wrong password counts; the fifth in a row locks the
    /// operator for five minutes by the store's clock; a locked or disabled operator is refused.
    /// Every attempt writes an audit record (`operator.login`, `operator.login_failed`,
    /// `operator.login_locked`, `operator.login_disabled`; `operator.unlock…` for an idle lock).
    /// The returned operator carries the stored roles and clinics, and `mustChangePassword`:
    /// until it is changed (`changePassword`), every other command refuses.
    public func authenticate(username: String, password: String, terminal: String,
                             purpose: SignInPurpose = .login) throws(BookingError) -> Operator {
        let name = username.trimmingWhitespace().lowercased()
        let action = purpose == .login ? "operator.login" : "operator.unlock"
        let terminal = Self.auditSafe(terminal, limit: 64)
        guard OperatorRules.checkUsername(name) == nil, let account = try read({ db in try Self.operatorRow(db, username: name) }) else {
            // Unknown names take as long as known ones and leave the same answer.
            PasswordHash.waste(password)
            try write { db in
                try audit(db, by: Operator(name: "unknown:" + Self.auditSafe(name, limit: 32), terminal: terminal), action: action + "_failed",
                          entity: "operator", id: nil, after: "unknown username", signInChecked: true)
            }
            throw BookingError.loginFailed
        }
        let now = self.now
        if let until = account.lockedUntil, OperatorRules.isLocked(until: until, now: now) {
            try write { db in
                try audit(db, by: account.acting(on: terminal), action: action + "_locked", entity: "operator", id: name,
                          after: "locked until \(until)", signInChecked: true)
            }
            throw BookingError.operatorLocked(username: name, until: until)
        }
        // The slow hash runs outside any transaction: other terminals keep booking meanwhile.
        let matches = PasswordHash.verify(password, against: account.hash)
        enum Outcome { case signedIn(OperatorAccount), failed, locked(LocalDateTime), disabled }
        let outcome: Outcome = try write { db in
            // Read again under the write lock: another terminal may have counted a failure.
            guard let current = try Self.operatorRow(db, username: name) else { return .failed }
            if let until = current.lockedUntil, OperatorRules.isLocked(until: until, now: now) {
                try audit(db, by: current.acting(on: terminal), action: action + "_locked", entity: "operator", id: name,
                          after: "locked until \(until)", signInChecked: true)
                return .locked(until)
            }
            guard matches, current.hash == account.hash else {
                let next = OperatorRules.afterFailure(failures: current.failedAttempts, now: now)
                try db.execute(sql: "UPDATE operator SET failed_count = ?, locked_until = ?, updated_at = ? WHERE id = ?",
                               arguments: [next.failures, next.lockedUntil?.description, now.description, current.id])
                try audit(db, by: current.acting(on: terminal), action: action + "_failed", entity: "operator", id: name,
                          before: "failures \(current.failedAttempts)",
                          after: next.lockedUntil.map { "locked until \($0)" } ?? "failures \(next.failures)", signInChecked: true)
                return next.lockedUntil.map { .locked($0) } ?? .failed
            }
            if current.disabled {
                try audit(db, by: current.acting(on: terminal), action: action + "_disabled", entity: "operator", id: name, after: "refused: disabled",
                          signInChecked: true)
                return .disabled
            }
            if current.failedAttempts > 0 || current.lockedUntil != nil {
                try db.execute(sql: "UPDATE operator SET failed_count = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
                               arguments: [now.description, current.id])
            }
            // Signing in is what vouches for the account: there is no earlier sign-in to hold.
            try audit(db, by: current.acting(on: terminal), action: action, entity: "operator", id: name,
                      after: current.mustChangePassword ? "must change password" : nil, signInChecked: true)
            return .signedIn(current.account)
        }
        switch outcome {
        case let .signedIn(account): return account.acting(on: terminal)
        case .failed: throw BookingError.loginFailed
        case let .locked(until): throw BookingError.operatorLocked(username: name, until: until)
        case .disabled: throw BookingError.operatorDisabled(username: name)
        }
    }

    /// Whether any operator exists: with none, the terminal interface has nobody to sign in.
    public func hasOperators() throws(BookingError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM operator)") ?? false }
    }

    // MARK: - Administration

    /// Adds an operator (administrators only). The password is stored as a salted PBKDF2 hash.
    @discardableResult
    public func addOperator(_ input: OperatorInput, by actor: Operator) throws(BookingError) -> OperatorAccount {
        try actor.require(.manageOperators)
        let username = input.username.trimmingWhitespace().lowercased()
        let displayName = input.displayName.trimmingWhitespace()
        let clinics = Set(input.clinics.map { $0.trimmingWhitespace().uppercased() })
        if let problem = OperatorRules.checkUsername(username) ?? OperatorRules.checkDisplayName(displayName)
            ?? OperatorRules.checkRoles(input.roles, clinics: clinics) ?? OperatorRules.checkPassword(input.password, username: username) {
            throw problem
        }
        let hash = try Self.hash(input.password)
        let now = self.now
        return try write { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM operator WHERE username = ?", arguments: [username]) != nil {
                throw BookingError.operatorExists(username: username)
            }
            try db.execute(sql: """
                INSERT INTO operator (username, display_name, password_hash, must_change, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [username, displayName, hash, input.mustChangePassword, now.description, now.description])
            let id = db.lastInsertedRowID
            try Self.storeRoles(db, operator: id, roles: input.roles, clinics: clinics)
            try audit(db, by: actor, action: "operator.add", entity: "operator", id: username,
                      after: Self.describe(displayName: displayName, roles: input.roles, clinics: clinics)
                          + (input.mustChangePassword ? ", must change password" : ""))
            return try Self.requireOperator(db, username: username).account
        }
    }

    /// Changes a password. With `old`, the operator's own change: the old password must match
    /// (a wrong one counts toward the lockout) and the new one is final. Without `old`, an
    /// administrator's reset: the operator must change it at the next sign-in, and any lockout ends.
    @discardableResult
    public func changePassword(username: String, old: String?, new: String, by actor: Operator) throws(BookingError) -> OperatorAccount {
        let name = username.trimmingWhitespace().lowercased()
        if old == nil || actor.name != name { try actor.require(.manageOperators) }
        guard let account = try read({ db in try Self.operatorRow(db, username: name) }) else {
            throw BookingError.notFound(kind: "operator", key: Self.auditSafe(name, limit: 32))
        }
        if let problem = OperatorRules.checkPassword(new, username: name, old: old) { throw problem }
        let now = self.now
        if let old {
            if let until = account.lockedUntil, OperatorRules.isLocked(until: until, now: now) {
                throw BookingError.operatorLocked(username: name, until: until)
            }
            if !PasswordHash.verify(old, against: account.hash) {
                let next = OperatorRules.afterFailure(failures: account.failedAttempts, now: now)
                try write { db in
                    try db.execute(sql: "UPDATE operator SET failed_count = ?, locked_until = ?, updated_at = ? WHERE id = ?",
                                   arguments: [next.failures, next.lockedUntil?.description, now.description, account.id])
                    try audit(db, by: actor, action: "operator.password_failed", entity: "operator", id: name,
                              after: next.lockedUntil.map { "locked until \($0)" } ?? "failures \(next.failures)")
                }
                if let until = next.lockedUntil { throw BookingError.operatorLocked(username: name, until: until) }
                throw BookingError.loginFailed
            }
        }
        let hash = try Self.hash(new)
        return try write { db in
            let current = try Self.requireOperator(db, username: name)
            guard current.hash == account.hash else {
                throw BookingError.invalidInput(field: "password", problem: .passwordChangedMeanwhile)
            }
            try db.execute(sql: """
                UPDATE operator SET password_hash = ?, must_change = ?, failed_count = 0, locked_until = NULL, updated_at = ? WHERE id = ?
                """, arguments: [hash, old == nil, now.description, current.id])
            try audit(db, by: actor, action: old == nil ? "operator.password_reset" : "operator.password", entity: "operator", id: name,
                      before: current.mustChangePassword ? "must change password" : nil,
                      after: old == nil ? "reset: must change at next sign-in" : "changed")
            return try Self.requireOperator(db, username: name).account
        }
    }

    /// Disables an operator: sign-in is refused from then on. The last active administrator stays.
    @discardableResult
    public func disableOperator(_ username: String, by actor: Operator) throws(BookingError) -> OperatorAccount {
        try setDisabled(username, true, by: actor)
    }

    /// Enables a disabled operator again, and ends any lockout.
    @discardableResult
    public func enableOperator(_ username: String, by actor: Operator) throws(BookingError) -> OperatorAccount {
        try setDisabled(username, false, by: actor)
    }

    private func setDisabled(_ username: String, _ disabled: Bool, by actor: Operator) throws(BookingError) -> OperatorAccount {
        try actor.require(.manageOperators)
        let name = username.trimmingWhitespace().lowercased()
        let now = self.now
        return try write { db in
            // Checked before the change: disabling oneself is what makes one's sign-in stale.
            try Self.requireSignIn(db, actor)
            let current = try Self.requireOperator(db, username: name)
            let admins = try Self.activeAdministrators(db)
            if disabled && current.roles.contains(.admin) && !current.disabled && admins <= 1 {
                throw BookingError.lastAdministrator(username: name)
            }
            try db.execute(sql: "UPDATE operator SET disabled = ?, failed_count = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
                           arguments: [disabled, now.description, current.id])
            try audit(db, by: actor, action: disabled ? "operator.disable" : "operator.enable", entity: "operator", id: name,
                      before: current.disabled ? "disabled" : "active", after: disabled ? "disabled" : "active", signInChecked: true)
            return try Self.requireOperator(db, username: name).account
        }
    }

    /// Replaces an operator's roles and bound clinics. The last active administrator keeps the role.
    @discardableResult
    public func setRoles(_ username: String, roles: Set<Role>, clinics: Set<String> = [], by actor: Operator) throws(BookingError) -> OperatorAccount {
        try actor.require(.manageOperators)
        let name = username.trimmingWhitespace().lowercased()
        let clinics = Set(clinics.map { $0.trimmingWhitespace().uppercased() })
        if let problem = OperatorRules.checkRoles(roles, clinics: clinics) { throw problem }
        let now = self.now
        return try write { db in
            // Checked before the change: changing one's own roles is what makes one's sign-in stale.
            try Self.requireSignIn(db, actor)
            let current = try Self.requireOperator(db, username: name)
            let admins = try Self.activeAdministrators(db)
            if current.roles.contains(.admin) && !roles.contains(.admin) && !current.disabled && admins <= 1 {
                throw BookingError.lastAdministrator(username: name)
            }
            try db.execute(sql: "DELETE FROM operator_clinic WHERE operator_id = ?", arguments: [current.id])
            try db.execute(sql: "DELETE FROM operator_role WHERE operator_id = ?", arguments: [current.id])
            try Self.storeRoles(db, operator: current.id, roles: roles, clinics: clinics)
            try db.execute(sql: "UPDATE operator SET updated_at = ? WHERE id = ?", arguments: [now.description, current.id])
            try audit(db, by: actor, action: "operator.roles", entity: "operator", id: name,
                      before: Self.describe(displayName: nil, roles: current.roles, clinics: Set(current.clinics)),
                      after: Self.describe(displayName: nil, roles: roles, clinics: clinics), signInChecked: true)
            return try Self.requireOperator(db, username: name).account
        }
    }

    /// Every operator, by username (administrators only).
    public func operators(by actor: Operator) throws(BookingError) -> [OperatorAccount] {
        try actor.require(.manageOperators)
        return try read { db in
            try String.fetchAll(db, sql: "SELECT username FROM operator ORDER BY username").compactMap { try Self.operatorRow(db, username: $0)?.account }
        }
    }

    /// One operator: an administrator may look at anyone, an operator at themselves.
    public func operatorAccount(_ username: String, by actor: Operator) throws(BookingError) -> OperatorAccount {
        let name = username.trimmingWhitespace().lowercased()
        if actor.name != name { try actor.require(.manageOperators) }
        return try read { db in try Self.requireOperator(db, username: name).account }
    }

    // MARK: - Rows

    struct OperatorRow {
        let account: OperatorAccount
        let hash: String
        var id: Int64 { account.id }
        var roles: Set<Role> { account.roles }
        var clinics: [String] { account.clinics }
        var disabled: Bool { account.disabled }
        var failedAttempts: Int { account.failedAttempts }
        var lockedUntil: LocalDateTime? { account.lockedUntil }
        var mustChangePassword: Bool { account.mustChangePassword }
        func acting(on terminal: String) -> Operator { account.acting(on: terminal) }
    }

    static func operatorRow(_ db: Database, username: String) throws -> OperatorRow? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE username = ?", arguments: [username]) else { return nil }
        let id: Int64 = row["id"]
        let roles = Set(try String.fetchAll(db, sql: "SELECT role FROM operator_role WHERE operator_id = ?", arguments: [id]).compactMap(Role.init))
        let clinics = try String.fetchAll(db, sql: """
            SELECT c.code FROM operator_clinic oc JOIN alliance_clinic c ON c.id = oc.clinic_id WHERE oc.operator_id = ? ORDER BY c.code
            """, arguments: [id])
        let account = OperatorAccount(id: id, username: row["username"], displayName: row["display_name"], roles: roles, clinics: clinics,
                                      mustChangePassword: row["must_change"], failedAttempts: row["failed_count"],
                                      lockedUntil: (row["locked_until"] as String?).flatMap(LocalDateTime.init), disabled: row["disabled"],
                                      createdAt: row["created_at"], updatedAt: row["updated_at"])
        return OperatorRow(account: account, hash: row["password_hash"])
    }

    /// Whether a signed-in operator's account is still enabled, with the roles and clinics the
    /// sign-in gave. Operators not signed in (the command line) always hold.
    static func signInHolds(_ db: Database, _ actor: Operator) throws -> Bool {
        guard let account = actor.account else { return true }
        guard let disabled = try Bool.fetchOne(db.cachedStatement(sql: "SELECT disabled FROM operator WHERE id = ? AND username = ?"),
                                               arguments: [account, actor.name]), !disabled else { return false }
        let roles = try String.fetchAll(db.cachedStatement(sql: "SELECT role FROM operator_role WHERE operator_id = ?"), arguments: [account])
        let clinics = try String.fetchAll(db.cachedStatement(sql: """
            SELECT c.code FROM operator_clinic oc JOIN alliance_clinic c ON c.id = oc.clinic_id WHERE oc.operator_id = ?
            """), arguments: [account])
        return Set(roles.compactMap(Role.init)) == actor.roles && Set(clinics) == actor.clinics
    }

    /// Refuses a signed-in operator whose account has changed since the sign-in (rule 13).
    static func requireSignIn(_ db: Database, _ actor: Operator) throws {
        if actor.account != nil, try !signInHolds(db, actor) { throw BookingError.operatorChanged(username: actor.name) }
    }

    /// Whether `op` may go on working as signed in: false once an administrator has disabled
    /// the account or changed its roles or clinics. The screens ask it when the database
    /// changes; every command that changes something asks it again itself.
    public func signInHolds(_ op: Operator) throws(BookingError) -> Bool {
        try read { db in try Self.signInHolds(db, op) }
    }

    static func requireOperator(_ db: Database, username: String) throws -> OperatorRow {
        guard let row = try operatorRow(db, username: username) else {
            throw BookingError.notFound(kind: "operator", key: auditSafe(username, limit: 32))
        }
        return row
    }

    static func storeRoles(_ db: Database, operator id: Int64, roles: Set<Role>, clinics: Set<String>) throws {
        for role in roles.sorted() {
            try db.execute(sql: "INSERT INTO operator_role (operator_id, role) VALUES (?, ?)", arguments: [id, role.rawValue])
        }
        for code in clinics.sorted() {
            guard let clinic = try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [code]) else {
                throw BookingError.notFound(kind: "clinic", key: auditSafe(code, limit: 16))
            }
            try db.execute(sql: "INSERT INTO operator_clinic (operator_id, clinic_id) VALUES (?, ?)", arguments: [id, clinic])
        }
    }

    static func activeAdministrators(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM operator o JOIN operator_role r ON r.operator_id = o.id AND r.role = 'admin' WHERE o.disabled = 0
            """) ?? 0
    }

    static func describe(displayName: String?, roles: Set<Role>, clinics: Set<String>) -> String {
        (displayName.map { "\($0): " } ?? "") + "roles " + roles.sorted().map(\.rawValue).joined(separator: ",")
            + (clinics.isEmpty ? "" : " clinics " + clinics.sorted().joined(separator: ","))
    }

    static func hash(_ password: String) throws(BookingError) -> String {
        do { return try PasswordHash.make(password) } catch { throw BookingError.storage(.passwordHash("\(error)")) }
    }

    /// Text typed by someone not yet signed in, made safe for the audit log: printable
    /// characters only, and short.
    static func auditSafe(_ text: String, limit: Int) -> String {
        let kept = text.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(limit)
        return kept.isEmpty ? "-" : String(String.UnicodeScalarView(kept))
    }
}
