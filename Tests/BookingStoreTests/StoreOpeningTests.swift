import BookingCore
import BookingStore
import Foundation
import GRDB
import Schema
import Testing

func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    if let mode = attributes[.posixPermissions] as? Int { return mode & 0o777 }
    return try #require(attributes[.posixPermissions] as? NSNumber).intValue & 0o777
}

@Suite("Opening the booking database")
struct StoreOpeningTests {
    @Test("a new database is created for its owner only (0600), in a folder only the owner can enter, in WAL mode")
    func createsPrivateWALFile() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("data/slotdesk/slotdesk.db").path
            let store = try Store.open(path: path, now: at("2026-11-25T08:30"))
            try withExtendedLifetime(store) {
                #expect(FileManager.default.fileExists(atPath: path))
                #expect(try permissions(path) == 0o600)
                #expect(try permissions(folder.appendingPathComponent("data/slotdesk").path) == 0o700)
                let mode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
                #expect(mode == "wal")
                // A write makes the WAL file; SQLite gives it the database's mode.
                _ = try store.applySetup(smallSetup(), by: Hospital.admin)
                let wal = path + "-wal"
                if FileManager.default.fileExists(atPath: wal) { #expect(try permissions(wal) == 0o600) }
            }
        }
    }

    @Test("reopening a database migrates idempotently and keeps every row")
    func reopen() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("slotdesk.db").path
            let first = try Store.open(path: path, now: at("2026-11-25T08:30"))
            func applied() throws -> [String] {
                try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
            }
            let shipped = try Migrations.all().map(\.name)
            #expect(try applied() == shipped)
            _ = try first.applySetup(smallSetup(), by: Hospital.admin)
            let patient = try first.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: "11010519491231002X"), by: Hospital.desk)
            for _ in 0..<3 {
                let again = try Store.open(path: path, now: at("2026-11-26T08:30"))
                #expect(try again.patient(.id(patient.id)).name == "张三")
                #expect(try again.departments().map(\.code) == ["TEST"])
            }
            #expect(try applied() == shipped)
            #expect(shipped.first == "001_booking")
            #expect(try permissions(path) == 0o600)
        }
    }

    @Test("an existing file keeps its data when opened with another clock, and the clock is the one given")
    func clock() throws {
        try withSmallHospital { h throws in
            #expect(h.store.now == at("2026-11-25T08:30"))
            #expect(h.at("2026-12-01T10:00").now == at("2026-12-01T10:00"))
            let later = try h.at("2026-12-01T10:00").departments()
            #expect(later.count == 1)
        }
    }

    @Test("a folder given as the database, or a path under a regular file, is a storage failure")
    func unusablePaths() throws {
        try withTemporaryFolder { folder in
            guard case .storage = refusal({ try Store.open(path: folder.path, now: nil) }) else {
                Issue.record("opening a directory as the database did not fail as storage")
                return
            }
            let file = folder.appendingPathComponent("plain-file")
            try Data("not a folder".utf8).write(to: file)
            guard case let .storage(detail) = refusal({ try Store.open(path: file.appendingPathComponent("x.db").path, now: nil) }) else {
                Issue.record("a database under a regular file did not fail as storage")
                return
            }
            #expect(detail.contains("x.db"))
            #expect(BookingError.storage(detail).kind == .storage)
        }
    }

    @Test("a file that is not a database is a storage failure, not a crash")
    func notADatabase() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("notes.db").path
            try Data(String(repeating: "these are not pages of a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
            guard case .storage = refusal({ try Store.open(path: path, now: nil) }) else {
                Issue.record("a text file opened as a database")
                return
            }
        }
    }

    @Test("the database is --db, else SLOTDESK_DB, else $XDG_DATA_HOME/slotdesk, else ~/.local/share/slotdesk")
    func location() {
        let env = ["HOME": "/home/li", "XDG_DATA_HOME": "/data/li", "SLOTDESK_DB": "/srv/slotdesk.db"]
        #expect(DatabaseLocation.resolve(explicit: "/tmp/x.db", environment: env) == "/tmp/x.db")
        #expect(DatabaseLocation.resolve(explicit: nil, environment: env) == "/srv/slotdesk.db")
        #expect(DatabaseLocation.resolve(explicit: "", environment: ["HOME": "/home/li", "XDG_DATA_HOME": "/data/li"]) == "/data/li/slotdesk/slotdesk.db")
        #expect(DatabaseLocation.resolve(explicit: nil, environment: ["HOME": "/home/li", "XDG_DATA_HOME": "relative"]) == "/home/li/.local/share/slotdesk/slotdesk.db")
        #expect(DatabaseLocation.resolve(explicit: nil, environment: ["HOME": "/home/li", "SLOTDESK_DB": ""]) == "/home/li/.local/share/slotdesk/slotdesk.db")
    }
}
