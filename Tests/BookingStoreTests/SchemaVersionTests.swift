import BookingCore
import BookingStore
import Crypto
import Foundation
import GRDB
import Schema
import Testing

/// The folder of migration files in the source tree, next to this test's folder.
let schemaFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Schema/sql")

@Suite("Schema versions")
struct SchemaVersionTests {
    /// SHA-256 of every migration as it shipped. A shipped migration is history: databases ran it
    /// as it was, and a change to it reaches only new databases. A change is a new migration;
    /// a new migration adds its line here.
    static let shipped: [String: String] = [
        "001_booking.sql": "3aaa507533eaf85671f1a5002127b036af0341375a30ba2aa42938149fb03682",
        "002_referrals.sql": "df7b00025b956f22c219be7c932d7a8951a1d295e45bf2930421c4351dc19814",
        "003_waitlist.sql": "ce78f26f4e6123d9dfe5abbdd8617944efab9a5c157c9d2db589ddd1c9f80291",
        "004_day_surgery.sql": "483de4a8d8cc2df02e895163ca9d411583d58be049cd9bf15a3be495a2348f01",
        "005_operators.sql": "c62364ad4fcb2ae0f2e1ce77c404eb851e509f09d46c4fb620e70fca4f8f3fd5",
        "009_performance.sql": "0063e74fc5a22f2adc61deb3b53a7448df68e6fbc81b3ec00672db416cc722e1",
        "010_appointment_checks.sql": "575697ec14f3a23d076cea455b5597772265cfe7b5564f09816a058e6c935ccb",
        "011_rules_on_every_path.sql": "39f2438b9fda789039e8629da5592e6460e560d0be64515a0ee5b0dc60cccf61",
        "012_same_day.sql": "3e68a32244d2a9dcb1706207a92d74ef5c3cb68d02ce221e26d37af621099fea",
        "013_trust.sql": "4607a8281790d4c57e09a4690ba0e237ae8dad11f5ecbb886530544831dc83b4",
        "014_patient_initials.sql": "81bee219c3a2d87d8612efb99e08f1418c7f8f4f7459faa5a40d01c57d4914ab",
        "015_audit_indexes.sql": "456e1a1c290d9f197aabbb97fa3395a83c3ecf8f1ed72a403beeb5e66a14e3af",
        "016_cheaper_booking_checks.sql": "2cc18d4aced26253841bfffff5aef5e364a5afe39b699f3827991f81929a2d85",
    ]

    @Test("every migration file has its checksum here, and no shipped migration has changed")
    func shippedMigrationsNeverChange() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: schemaFolder.path).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.count >= Self.shipped.count, "\(schemaFolder.path) holds \(files)")
        for file in files {
            let data = try Data(contentsOf: schemaFolder.appendingPathComponent(file))
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            guard let expected = Self.shipped[file] else {
                Issue.record("\(file) has no checksum in SchemaVersionTests.shipped: add `\"\(file)\": \"\(digest)\"`")
                continue
            }
            #expect(digest == expected, "\(file) changed after it shipped: write a new migration instead")
        }
        for name in Self.shipped.keys where !files.contains(name) { Issue.record("\(name) shipped and is gone") }
        // What the program runs is what the folder holds.
        #expect(try Migrations.all().map { $0.name + ".sql" } == files)
    }

    @Test("a database holding a migration this build does not know is refused, as made by a newer SlotDesk, and left as it was")
    func unknownMigration() throws {
        try withSmallHospital { h in
            try h.rawDatabase().write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('099_future_feature')")
            }
            let before = try h.rawDatabase().read { db in try Row.fetchAll(db, sql: "SELECT * FROM grdb_migrations ORDER BY identifier") }
            let error = refusal { try Store.open(path: h.path, now: at("2026-11-25T08:30")) }
            guard case let .newerSchema(unknown) = error else {
                Issue.record("opened a database from a newer SlotDesk: \(String(describing: error))")
                return
            }
            #expect(unknown == ["099_future_feature"])
            #expect(error?.kind == .storage)
            #expect(error?.message(.en).contains("made by a newer SlotDesk: 099_future_feature") == true)
            #expect(error?.message(.zh).contains("更新版本的 SlotDesk") == true)
            #expect(try h.rawDatabase().read { db in try Row.fetchAll(db, sql: "SELECT * FROM grdb_migrations ORDER BY identifier") } == before)
        }
    }

    @Test("a database whose user_version is above this build's is refused too")
    func higherUserVersion() throws {
        try withSmallHospital { h in
            let version = try h.rawDatabase().read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
            #expect(version == (try Migrations.all().count), "SlotDesk records its schema version")
            try h.rawDatabase().writeWithoutTransaction { db in try db.execute(sql: "PRAGMA user_version = \(version + 1)") }
            guard case let .newerSchema(unknown) = refusal({ try Store.open(path: h.path, now: at("2026-11-25T08:30")) }) else {
                Issue.record("opened a database with a higher user_version")
                return
            }
            #expect(unknown == ["user_version \(version + 1) > \(version)"])
        }
    }

    @Test("a database that ran the first 009 gets the pinyin index the later 009 had, and ends with the schema of a new one")
    func firstNineCaughtUp() throws {
        try withTemporaryFolder { folder in
            func initialsColumns(_ db: Database) throws -> [String] {
                try String.fetchAll(db, sql: "SELECT name FROM pragma_index_info('patient_initials') ORDER BY seqno")
            }
            func schema(_ path: String) throws -> [Row] {
                try DatabaseQueue(path: path).read { db in
                    try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
                }
            }
            // 009 as it first shipped (this file), and as it was later changed in place.
            let first = try String(contentsOf: schemaFolder.appendingPathComponent("009_performance.sql"), encoding: .utf8)
            let changed = first + "\nDROP INDEX patient_initials;\nCREATE INDEX patient_initials ON patient(pinyin_initials, pinyin);\n"
            var paths: [String] = []
            for (name, nine) in [("first", first), ("changed", changed)] {
                let path = folder.appendingPathComponent("\(name).db").path
                let older = try DatabaseQueue(path: path)
                var migrator = DatabaseMigrator()
                for file in try Migrations.all() where file.name < "010" {
                    migrator.registerMigration(file.name) { db in try db.execute(sql: file.name.hasPrefix("009") ? nine : file.sql) }
                }
                try migrator.migrate(older)
                #expect(try older.read(initialsColumns) == (name == "first" ? ["pinyin_initials"] : ["pinyin_initials", "pinyin"]))
                try older.close()
                chmod(path, 0o600)
                paths.append(path)
            }
            let fresh = folder.appendingPathComponent("fresh.db").path
            _ = try Store.create(path: fresh, training: true, now: at("2026-11-25T08:30"))
            for path in paths + [fresh] {
                let store = try Store.open(path: path).with(clock: FixedClock(at("2026-11-25T08:30")))
                _ = try store.applySetup(smallSetup(), by: Hospital.admin)
                #expect(try DatabaseQueue(path: path).read(initialsColumns) == ["pinyin_initials", "pinyin"], "\(path)")
            }
            #expect(try schema(paths[0]) == schema(fresh))
            #expect(try schema(paths[1]) == schema(fresh))
        }
    }

    @Test("opening a current database writes nothing: neither the file nor its WAL changes")
    func currentOpenReadsOnly() throws {
        try withSmallHospital { h in
            // Any write appends frames to the WAL or starts it afresh with a new header.
            func files() throws -> [Data] { try [h.path, h.path + "-wal"].map { try Data(contentsOf: URL(fileURLWithPath: $0)) } }
            let before = try files()
            for _ in 0..<3 {
                let store = try Store.open(path: h.path, now: at("2026-11-25T08:30"))
                #expect(try store.departments().map(\.code) == ["TEST"])
            }
            #expect(try files() == before)
        }
    }
}
