import BookingCore
import Foundation
import GRDB
import Schema

/// Who performs a command, recorded in the audit log (rule 13).
public struct Operator: Sendable, Equatable {
    public let name: String
    /// The terminal (tty) the command came from.
    public let terminal: String
    /// What the operator may do (rule 13); checked by every command in the store.
    public let roles: Set<Role>
    /// The alliance clinics a coordinator books reserved seats for; empty means any (rule 13).
    public let clinics: Set<String>
    /// A signed-in operator still on an initial or reset password: refused everything but
    /// changing it (`Store.changePassword`).
    public let mustChangePassword: Bool
    /// The name on the title bar, for an operator who signed in.
    public let displayName: String?
    /// The operator account a sign-in vouched for; nil for the command line and tools. Every
    /// change such an operator makes is refused once an administrator has disabled the account
    /// or changed its roles or clinics since (`BookingError.operatorChanged`).
    public let account: Int64?

    /// An operator; without roles given, an administrator — what the command line and tools
    /// act as, the database file's permissions being their boundary.
    public init(name: String, terminal: String, roles: Set<Role> = [.admin], clinics: Set<String> = [],
                mustChangePassword: Bool = false, displayName: String? = nil, account: Int64? = nil) {
        self.account = account
        self.name = name
        self.terminal = terminal
        self.roles = roles
        self.clinics = clinics
        self.mustChangePassword = mustChangePassword
        self.displayName = displayName
    }

    /// The command line acts as `cli:<OS account>` with the admin role (rule 15).
    public static func commandLine() -> Operator {
        Operator(name: "cli:" + OSAccount.name(), terminal: currentTerminal(), roles: [.admin])
    }

    /// Refuses unless one of the operator's roles holds `permission` (the matrix in BookingCore).
    public func require(_ permission: Permission) throws(BookingError) {
        if mustChangePassword { throw BookingError.passwordChangeRequired(username: name) }
        guard Permissions.allows(roles, permission) else {
            throw BookingError.notPermitted(permission: permission.rawValue, roles: Permissions.roles(for: permission))
        }
    }

    /// The name of the controlling terminal, or `-` when there is none.
    public static func currentTerminal() -> String {
        for fd in [Int32(0), 1, 2] where isatty(fd) == 1 {
            if let name = ttyname(fd) { return String(cString: name) }
        }
        return "-"
    }
}

/// The booking database: one SQLite file in WAL mode, shared by every terminal and process.
/// Each command is one immediate write transaction that checks its rules, writes its rows and
/// its audit record, and either commits whole or changes nothing.
public final class Store: Sendable {
    let pool: DatabasePool
    /// What the screens poll to learn of any commit (`changeMark`).
    let changes: ChangeWatch
    public let path: String
    public let clock: any Clock
    public let timeZone: TimeZone
    /// A training database (`slotdesk init --training`, the demo): the only kind where a
    /// simulated clock is honoured, and every screen and command output says so (rule 15).
    public let isTraining: Bool

    /// How long a command waits for another process's write before giving up.
    public static let busyTimeout: TimeInterval = 10

    /// How hard a commit pushes to disk (SQLite's `PRAGMA synchronous`, in WAL mode).
    public enum Synchronous: String, Sendable {
        /// The default: a commit is safe from a crash of SlotDesk, and a power cut may lose the
        /// last commits but never leaves a half-done one.
        case normal = "NORMAL"
        /// Every commit is also synced to disk before it returns: nothing is lost at a power cut,
        /// at the price of one fsync per command.
        case full = "FULL"
    }

    /// Opens and migrates the existing database at `path` (`create` makes a new one); refuses a
    /// missing file and a file others can read or write. `now` fixes the clock for simulations
    /// and tests, on a training database only (rule 15); otherwise the wall clock runs in the
    /// hospital's time zone. `synchronous` chooses the durability of each commit.
    public static func open(path: String, now: LocalDateTime? = nil, synchronous: Synchronous = .normal) throws(BookingError) -> Store {
        do {
            try requireDatabaseFile(at: path)
            let config = connectionConfiguration()
            // Several processes may open a new file at once: switching it to WAL and migrating
            // happen under a lock file beside the database, so the others wait their turn
            // (GRDB's migrator only serialises one process, and a second connection asking for
            // WAL on a file being created gets "locked" without waiting).
            let pool = try withFileLock(path + ".lock") { () throws -> DatabasePool in
                let pool = try DatabasePool(path: path, configuration: config)
                try pool.writeWithoutTransaction { db in
                    // Only the writer's connection commits. GRDB sets NORMAL on it when it turns WAL
                    // on, after `prepareDatabase` has run, so the choice is made here.
                    try db.execute(sql: "PRAGMA synchronous = \(synchronous.rawValue)")
                    // A booking writes about nine pages. At SQLite's default checkpoint (every 1000
                    // pages) one command in ~110 also copied the log back into the database and synced
                    // twice, and that set the 99th percentile of booking time (slotdesk-bench). Every
                    // 4000 pages (16 MB of log) it is one in ~450, and pages changed again and again
                    // (seat counts, the ends of indexes) are copied once instead of four times.
                    try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
                }
                try migrateIfNeeded(pool)
                return pool
            }
            let zoneName = try pool.read { db in try String.fetchOne(db, sql: "SELECT time_zone FROM hospital WHERE id = 1") }
            let zone = HospitalTime.zone(named: zoneName)
            let training = try isTrainingDatabase(pool)
            let clock = try chooseClock(now: now, training: training, path: path, zone: zone)
            return Store(pool: pool, path: path, clock: clock, timeZone: zone, training: training,
                         changes: ChangeWatch(path: path, configuration: config))
        } catch let error as BookingError {
            throw error
        } catch {
            throw Store.translate(error)
        }
    }

    /// How every connection of a store is set up: the store's SQL functions, waiting for a lock
    /// as `waitForLock` does, foreign keys on, the WAL file kept when the last one closes.
    static func connectionConfiguration() -> Configuration {
        var config = Configuration()
        addStoreFunctions(to: &config)
        config.busyMode = .callback(waitForLock)
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in keepWALFile(db) }
        return config
    }

    init(pool: DatabasePool, path: String, clock: any Clock, timeZone: TimeZone, training: Bool, changes: ChangeWatch) {
        self.pool = pool
        self.changes = changes
        self.path = path
        self.clock = clock
        self.timeZone = timeZone
        self.isTraining = training
    }

    /// The same database seen through another clock: for tests and simulations in the program
    /// itself; the command line and the screens reach a simulated clock only through `open`'s
    /// `now`, which a production database refuses (rule 15).
    public func with(clock: any Clock) -> Store {
        Store(pool: pool, path: path, clock: clock, timeZone: timeZone, training: isTraining, changes: changes)
    }

    /// The current minute, in hospital time.
    public var now: LocalDateTime { clock.now() }

    /// Creates the file and its folder with owner-only permissions before SQLite opens it;
    /// SQLite gives the -wal and -shm files the same mode.
    static func prepareFile(at path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder.path) {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        if !fm.fileExists(atPath: path) {
            let fd = Foundation.open(path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
            if fd < 0 && errno != EEXIST {
                throw BookingError.storage(.cannotCreate(path: path, errno: errno))
            }
            if fd >= 0 { close(fd) }
        }
    }

    /// Runs `body` holding an exclusive `flock` on `lockPath` (created 0600 if missing).
    static func withFileLock<T>(_ lockPath: String, _ body: () throws -> T) throws -> T {
        let fd = Foundation.open(lockPath, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { return try body() }  // a read-only folder: nothing to migrate there anyway
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        defer { flock(fd, LOCK_UN) }
        return try body()
    }

    static func migrator() throws -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for file in try Migrations.all() {
            migrator.registerMigration(file.name) { db in try db.execute(sql: file.sql) }
        }
        return migrator
    }

    /// Runs `body` in one immediate write transaction, turning SQLite failures into refusals.
    /// With `rollback`, the transaction is undone after `body` succeeds: a dry run that saw
    /// exactly what a real run would.
    func write<T>(rollback: Bool = false, _ body: (Database) throws -> T) throws(BookingError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                // BEGIN and COMMIT as cached statements: GRDB's `write` parses both afresh each
                // time, a twentieth of a booking (slotdesk-bench). A dry run ends in ROLLBACK.
                try db.cachedStatement(sql: "BEGIN IMMEDIATE").execute()
                do {
                    let result = try body(db)
                    try db.cachedStatement(sql: rollback ? "ROLLBACK" : "COMMIT").execute()
                    return result
                } catch {
                    if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK") }
                    throw error
                }
            }
        } catch let error as BookingError {
            throw error
        } catch {
            throw Store.translate(error)
        }
    }

    /// Runs `body` on a consistent read snapshot.
    func read<T>(_ body: (Database) throws -> T) throws(BookingError) -> T {
        do {
            return try pool.read { db in try body(db) }
        } catch let error as BookingError {
            throw error
        } catch {
            throw Store.translate(error)
        }
    }

    /// A schema constraint that fired means the core missed a case: still a refusal, never a
    /// broken row. Where the values are at hand (writing an appointment) the store maps it to the
    /// core's own error first (`appointmentRefusal`); here, without them, it is named by its guard
    /// (`SchemaGuard`), never dressed up with placeholder values. Everything else is a storage
    /// failure with SQLite's own words.
    static func translate(_ error: any Error) -> BookingError {
        guard let db = error as? DatabaseError else { return .storage(.other(String(describing: error))) }
        let message = db.message ?? "\(db.resultCode)"
        if let named = SchemaGuard.named(in: db) { return .storage(.schemaGuard(named.rawValue)) }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            // A stale snapshot, a recovery or a lock inside this process fail at once; only a
            // plain BUSY waited the timeout.
            guard db.extendedResultCode == .SQLITE_BUSY else { return .databaseBusy(waited: nil) }
            return .databaseBusy(waited: Int(busyTimeout))
        default:
            // Read-only, full, a constraint, a corrupt file: named by SQLite's primary code,
            // with SQLite's own words (StorageProblem).
            return .storage(.sqlite(code: db.resultCode.rawValue, message: message))
        }
    }

    /// Writes one audit record inside the caller's transaction (rule 13).
    ///
    /// Every change writes its audit record, so this is where a signed-in operator's sign-in is
    /// held against the account as it is now (rule 13). Commands on operator accounts check it
    /// at their start instead (`signInChecked`): a change to one's own account is what makes
    /// the sign-in stale, and signing in is what vouches for it.
    func audit(_ db: Database, by actor: Operator, action: String, entity: String, id: Any?,
               before: String? = nil, after: String? = nil, signInChecked: Bool = false) throws {
        if !signInChecked { try Self.requireSignIn(db, actor) }
        try AuditChain.append(db, at: now.description, operatorName: actor.name, terminal: actor.terminal, action: action,
                              entity: entity, entityID: id.map { "\($0)" }, before: before, after: after)
    }
}

/// Where the database lives unless `--db` or `SLOTDESK_DB` say otherwise.
public enum DatabaseLocation {
    /// `--db`, then `SLOTDESK_DB`, then `$XDG_DATA_HOME/slotdesk/slotdesk.db`,
    /// then `~/.local/share/slotdesk/slotdesk.db`.
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnv = environment["SLOTDESK_DB"], !fromEnv.isEmpty { return fromEnv }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            dataHome = home + "/.local/share"
        }
        return dataHome + "/slotdesk/slotdesk.db"
    }
}
