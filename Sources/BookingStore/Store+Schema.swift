import BookingCore
import Foundation
import GRDB
import GRDBSQLite
import Schema

/// The migration step of opening a database: read first, write only when something is missing.
///
/// Opening must never wait for another process's write (DESIGN, "Deployment and scale": reads
/// never wait for a writer). GRDB's migrator takes SQLite's write lock even when every migration
/// is applied, so a window that only wanted to look up a patient waited — and gave up after the
/// busy timeout — behind an import or a sqlite3 shell holding a write transaction. The applied
/// migrations are therefore read on a WAL snapshot, which no writer blocks; only a database
/// that lacks some of them is migrated, under the lock file beside it.
extension Store {
    /// The schema version this build writes to `PRAGMA user_version`: one per migration it ships.
    /// A newer SlotDesk that adds migrations writes a higher number.
    static func schemaVersion() throws -> Int { try Migrations.all().count }

    /// Refuses a database made by a newer SlotDesk, and migrates one that lacks a migration.
    /// The caller holds the lock file, so two processes never migrate the same file at once.
    static func migrateIfNeeded(_ pool: DatabasePool) throws {
        let known = try Migrations.all().map(\.name)
        let version = try schemaVersion()
        let (applied, userVersion) = try pool.read { db in
            (try appliedMigrations(db), try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
        }
        try refuseNewer(applied: applied, userVersion: userVersion, known: known, version: version)
        if Set(known).isSubset(of: applied) && userVersion == version { return }
        // GRDB's migrator looks again inside its own write and applies only what is missing.
        try migrator().migrate(pool)
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(version)") }
    }

    /// The migrations GRDB recorded as applied (none on a new file).
    static func appliedMigrations(_ db: Database) throws -> Set<String> {
        guard try db.tableExists("grdb_migrations") else { return [] }
        return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
    }

    /// A migration this build does not know, or a schema version above its own, means a newer
    /// SlotDesk made the database: its rules and columns would be misread, so nothing is done.
    static func refuseNewer(applied: Set<String>, userVersion: Int, known: [String], version: Int) throws(BookingError) {
        var unknown = applied.subtracting(known).sorted()
        if userVersion > version { unknown.append("user_version \(userVersion) > \(version)") }
        if !unknown.isEmpty { throw BookingError.newerSchema(unknown: unknown) }
    }

    /// Keeps the WAL file (with its last frames) when the last connection closes, instead of
    /// deleting it. GRDB writes a throw-away table to every database whose WAL file is missing or
    /// empty when it opens a pool; with another process holding the write lock that write waited
    /// for the busy timeout, so opening a database nobody had open yet blocked behind any writer.
    static func keepWALFile(_ db: Database) {
        var persist: Int32 = 1
        _ = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
    }
}
