import BookingCore
import Foundation
import GRDB

// The database file and what kind of database it is (rule 15, DESIGN "Deployment and scale"):
// only `create` (behind `slotdesk init` and the first full-screen start) makes a file; `open`
// refuses a missing one and one that other accounts can read or write; a simulated clock is
// honoured on a training database only.

extension Store {
    /// Creates the database at `path` (its folder too, owner-only) and migrates it; an existing
    /// database is opened as it is. `training` makes a new database a training database — the
    /// only kind that honours `now` (rule 15) — and is refused on a database that already holds
    /// a hospital, patients or audit records and is not one. An existing training database
    /// stays one whatever `training` says.
    public static func create(path: String, training: Bool = false, now: LocalDateTime? = nil,
                              synchronous: Synchronous = .normal) throws(BookingError) -> Store {
        do {
            try prepareFile(at: path)
        } catch let error as BookingError {
            throw error
        } catch {
            throw BookingError.storage(Store.systemFailure(error, creating: path))
        }
        let store = try open(path: path, synchronous: synchronous)
        let isTraining = try store.settleMode(training: training)
        let clock = try chooseClock(now: now, training: isTraining, path: path, zone: store.timeZone)
        return Store(pool: store.pool, path: path, clock: clock, timeZone: store.timeZone, training: isTraining, changes: store.changes)
    }

    /// A folder or file Foundation could not create, named by the system's reason (its `errno`)
    /// where the error carries one, else in Foundation's own words.
    static func systemFailure(_ error: any Error, creating path: String) -> StorageProblem {
        let failure = error as NSError
        if failure.domain == NSPOSIXErrorDomain { return .cannotCreate(path: path, errno: Int32(failure.code)) }
        if let underlying = failure.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return .cannotCreate(path: path, errno: Int32(underlying.code))
        }
        return .other(failure.localizedDescription)
    }

    /// Records once whether the database is a training one (migration 013's `database_mode`).
    func settleMode(training: Bool) throws(BookingError) -> Bool {
        let path = self.path
        return try write { db in
            if let existing = try Bool.fetchOne(db, sql: "SELECT training FROM database_mode WHERE id = 1") {
                if training && !existing { throw BookingError.trainingNeedsNewDatabase(path: path) }
                return existing
            }
            if training {
                let used = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM hospital) OR EXISTS (SELECT 1 FROM patient) OR EXISTS (SELECT 1 FROM audit)
                    """) ?? false
                if used { throw BookingError.trainingNeedsNewDatabase(path: path) }
            }
            try db.execute(sql: "INSERT INTO database_mode (id, training) VALUES (1, ?)", arguments: [training])
            return training
        }
    }

    /// Whether the database is a training database; one without the mark is a production one.
    static func isTrainingDatabase(_ pool: DatabasePool) throws -> Bool {
        try pool.read { db in try Bool.fetchOne(db, sql: "SELECT training FROM database_mode WHERE id = 1") ?? false }
    }

    /// The machine's clock in the hospital's zone, or the simulated `now` on a training database
    /// (rule 15): on a production database a simulated clock is refused, not ignored.
    static func chooseClock(now: LocalDateTime?, training: Bool, path: String, zone: TimeZone) throws(BookingError) -> any Clock {
        guard let now else { return SystemClock(timeZone: zone) }
        guard training else { throw BookingError.simulatedClockRefused(path: path) }
        return FixedClock(now)
    }

    /// The SQL functions every connection of the store has (migration 013 chains the audit log with one).
    static func addStoreFunctions(to config: inout Configuration) {
        config.prepareDatabase { db in db.add(function: AuditChain.sqlFunction) }
    }

    /// Refuses a missing database (only `create` makes one) and a database, WAL or shared-memory
    /// file that other accounts can read or write, as OpenSSH refuses such a private key: it
    /// holds patients' identities (rule 14), and the fix is one `chmod`.
    static func requireDatabaseFile(at path: String) throws(BookingError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { throw BookingError.databaseMissing(path: path) }
            throw BookingError.storage(.cannotOpen(path: path, errno: errno))
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw BookingError.storage(.isFolder(path: path)) }
        for file in [path, path + "-wal", path + "-shm"] {
            var fileInfo = stat()
            guard stat(file, &fileInfo) == 0 else { continue }
            let mode = Int(fileInfo.st_mode & 0o777)
            if mode & 0o077 != 0 { throw BookingError.databaseExposed(path: file, mode: mode) }
        }
    }
}
