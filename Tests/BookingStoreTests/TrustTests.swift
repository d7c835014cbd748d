import BookingCore
@testable import BookingStore
import Foundation
import GRDB
import Schema
import Testing

/// Rule 15 and the database file, tried as someone with bad intent would.
@Suite("Trust: the clock, the operator, the audit chain, the database file")
struct TrustTests {
    // MARK: - The clock (rule 15)

    @Test("a simulated clock is refused on a production database and honoured on a training one")
    func clockOnlyForTraining() throws {
        try withTemporaryFolder { folder in
            let production = folder.appendingPathComponent("hospital.db").path
            let store = try Store.create(path: production)
            #expect(!store.isTraining)
            _ = try store.applySetup(smallSetup(), by: Hospital.admin)
            // desk2's lock-out, release, horizons and the audit time all follow the clock: none may be forged.
            #expect(refusal { try Store.open(path: production, now: at("2026-12-06T09:06")) } == .simulatedClockRefused(path: production))
            #expect(BookingError.simulatedClockRefused(path: production).kind == .input)
            #expect(refusal { try Store.create(path: production, now: at("2026-12-06T09:06")) } == .simulatedClockRefused(path: production))
            #expect(try Store.open(path: production).clock is SystemClock)

            let training = folder.appendingPathComponent("class.db").path
            let classroom = try Store.create(path: training, training: true, now: at("2026-11-25T08:30"))
            #expect(classroom.isTraining && classroom.now == at("2026-11-25T08:30"))
            let reopened = try Store.open(path: training, now: at("2026-12-01T10:00"))
            #expect(reopened.isTraining && reopened.now == at("2026-12-01T10:00"))
            // Opened again without asking for training, it stays one.
            #expect(try Store.create(path: training).isTraining)
        }
    }

    @Test("a database in use never becomes a training database, by the store or by hand")
    func trainingOnlyWhenNew() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("hospital.db").path
            let store = try Store.create(path: path)
            _ = try store.applySetup(smallSetup(), by: Hospital.admin)
            #expect(refusal { try Store.create(path: path, training: true) } == .trainingNeedsNewDatabase(path: path))
            let raw = try DatabaseQueue(path: path)
            #expect(throws: DatabaseError.self) { try raw.write { db in try db.execute(sql: "UPDATE database_mode SET training = 1") } }
            #expect(throws: DatabaseError.self) { try raw.write { db in try db.execute(sql: "DELETE FROM database_mode") } }
            // An older database (no mark) with a hospital in it cannot be marked either.
            let older = folder.appendingPathComponent("older.db").path
            _ = try Store.create(path: older).applySetup(smallSetup(), by: Hospital.admin)
            let olderRaw = try DatabaseQueue(path: older)
            try olderRaw.write { db in
                try db.execute(sql: "DROP TRIGGER database_mode_not_deleted; DELETE FROM database_mode")
            }
            #expect(throws: DatabaseError.self) { try olderRaw.write { db in try db.execute(sql: "INSERT INTO database_mode VALUES (1, 1)") } }
            #expect(refusal { try Store.create(path: older, training: true) } == .trainingNeedsNewDatabase(path: older))
            #expect(try !Store.open(path: older).isTraining)
        }
    }

    // MARK: - The operator (rule 15)

    @Test("the command line's operator is the OS account of the real user id, whatever USER says")
    func operatorIsTheAccount() throws {
        let uid = getuid()
        let expected = getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? "uid:\(uid)"
        setenv("USER", "evil\u{1B}[31m\u{07}", 1)
        setenv("LOGNAME", "someone-else", 1)
        defer { unsetenv("LOGNAME") }
        #expect(Operator.commandLine().name == "cli:" + expected)
        unsetenv("USER")
        #expect(Operator.commandLine().name == "cli:" + expected)
        // A uid the password database does not know is recorded by number.
        #expect(OSAccount.name(uid: 987_654) == "uid:987654")
    }

    // MARK: - The database file

    @Test("only create makes a database: opening a missing file refuses, creating nothing, and names slotdesk init")
    func missingFile() throws {
        try withTemporaryFolder { folder in
            let typo = folder.appendingPathComponent("typo.db").path
            #expect(refusal { try Store.open(path: typo) } == .databaseMissing(path: typo))
            #expect(!FileManager.default.fileExists(atPath: typo))
            let inMissingFolder = folder.appendingPathComponent("no/such/folder/x.db").path
            #expect(refusal { try Store.open(path: inMissingFolder) } == .databaseMissing(path: inMissingFolder))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("no").path))
            let error = BookingError.databaseMissing(path: typo)
            #expect(error.kind == .storage)
            #expect(error.message(.en).contains("slotdesk init --db \(typo)") && error.message(.zh).contains("slotdesk init"))
        }
    }

    @Test("a database, WAL or shared-memory file others can read is refused with the chmod that fixes it")
    func exposedFiles() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("hospital.db").path
            _ = try Store.create(path: path, training: true).applySetup(smallSetup(), by: Hospital.admin)
            chmod(path, 0o644)
            #expect(refusal { try Store.open(path: path) } == .databaseExposed(path: path, mode: 0o644))
            #expect(BookingError.databaseExposed(path: path, mode: 0o644).message(.en).contains("chmod 600 \(path)"))
            chmod(path, 0o600)
            let store = try Store.open(path: path)
            _ = try store.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: identityNumber(sequence: 1)), by: Hospital.desk)
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                chmod(path + suffix, 0o660)
                #expect(refusal { try Store.open(path: path) } == .databaseExposed(path: path + suffix, mode: 0o660))
                #expect(try store.healthCheck(by: Hospital.admin).checks.first { $0.name == "file_modes" }?.ok == false)
                chmod(path + suffix, 0o600)
            }
            withExtendedLifetime(store) {}
        }
    }

    // MARK: - The audit chain (rule 15)

    /// A demo-sized hospital with a hundred and more audit records.
    func withBusyHospital(_ body: (Hospital) throws -> Void) throws {
        try withSmallHospital { h in
            // R1 has 4 seats an hour, 08–12: sixteen a day.
            for (i, p) in try h.patients(60).enumerated() {
                _ = try h.book(p, String(format: "R1@2026-11-%02dT%02d", 26 + i / 16, 8 + i % 16 / 4))
            }
            try body(h)
        }
    }

    func chainCheck(_ h: Hospital) throws -> HealthCheck {
        try #require(try h.store.healthCheck(by: Hospital.admin).checks.first { $0.name == "audit_chain" })
    }

    @Test("every audit record is chained by SHA-256 to the one before, the first to the seed")
    func chained() throws {
        try withBusyHospital { h in
            let rows = try h.rawDatabase().read { db in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id") }
            #expect(rows.count > 100)
            var previous: String? = nil
            for row in rows {
                let expected = AuditChain.hash(previous: previous, AuditChain.Content(
                    id: row["id"], at: row["at"], operatorName: row["operator"], terminal: row["terminal"], action: row["action"],
                    entity: row["entity"], entityID: row["entity_id"], before: row["before"], after: row["after"]))
                #expect(row["hash"] as String? == expected)
                previous = row["hash"]
            }
            let report = try h.store.verifyAuditChain(by: Hospital.admin)
            #expect(report.intact && report.records == rows.count)
            #expect(report.head == AuditHead(id: rows.last!["id"], hash: rows.last!["hash"]))
            #expect(try chainCheck(h).ok)
            #expect(refusal { try h.store.verifyAuditChain(by: Hospital.desk) } != nil)
        }
    }

    @Test("records deleted with the trigger dropped: doctor names the first missing one")
    func deletedRecords() throws {
        try withBusyHospital { h in
            try h.rawDatabase().write { db in
                try db.execute(sql: """
                    DROP TRIGGER audit_no_delete;
                    DELETE FROM audit WHERE id BETWEEN 1 AND 99;
                    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
            }
            let report = try h.store.healthCheck(by: Hospital.admin)
            #expect(!report.healthy)
            #expect(try chainCheck(h).violations == ["records 1–99 are missing: record 100 does not link to the seed"])
            #expect(try h.store.verifyAuditChain(by: Hospital.admin).firstBroken == 1)
        }
        try withBusyHospital { h in
            try h.rawDatabase().write { db in try db.execute(sql: "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 50") }
            #expect(try chainCheck(h).violations == ["record 50 is missing: record 51 does not link to record 49"])
        }
    }

    @Test("a record edited with the trigger dropped: doctor names it as changed")
    func changedRecord() throws {
        try withBusyHospital { h in
            try h.rawDatabase().write { db in
                try db.execute(sql: "DROP TRIGGER audit_no_update; UPDATE audit SET operator = 'someone-else' WHERE id = 60")
            }
            #expect(try chainCheck(h).violations == ["record 60 was changed after it was written: its content no longer matches its hash"])
            #expect(try h.store.verifyAuditChain(by: Hospital.admin).head?.id == 59)
        }
    }

    @Test("a record reinserted or added by hand: doctor names it")
    func insertedRecords() throws {
        try withBusyHospital { h in
            try h.rawDatabase().write { db in
                try db.execute(sql: """
                    DROP TRIGGER audit_no_delete;
                    DELETE FROM audit WHERE id = 70;
                    INSERT INTO audit (id, at, operator, terminal, action, entity, hash)
                    VALUES (70, '2026-11-25T08:30', 'desk:li', '/dev/pts/3', 'patient.reveal', 'patient', '\(String(repeating: "ab", count: 32))');
                    """)
            }
            #expect(try chainCheck(h).violations == ["record 70 was inserted or replaced by hand: neither it nor the record after it link up"])
        }
        try withBusyHospital { h in
            let last = try h.auditRows()
            try h.rawDatabase().write { db in
                try db.execute(sql: "INSERT INTO audit (at, operator, terminal, action, entity) VALUES ('2026-11-25T08:30', 'x', '', 'patient.reveal', 'patient')")
            }
            #expect(try chainCheck(h).violations == ["record \(last + 1) has no hash: it was inserted by hand"])
        }
    }

    @Test("a head written down pins the past: records cut from the end, or a log rewritten from the seed, are found")
    func pinnedHead() throws {
        try withBusyHospital { h in
            let pinned = try #require(try h.store.verifyAuditChain(by: Hospital.admin).head)
            _ = try h.store.registerPatient(PatientInput(name: "后来", documentType: .passport, documentNumber: "E7777777"), by: Hospital.desk)
            #expect(try h.store.verifyAuditChain(pinned: pinned, by: Hospital.admin).intact)
            try h.rawDatabase().write { db in try db.execute(sql: "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id >= \(pinned.id)") }
            let cut = try h.store.verifyAuditChain(pinned: pinned, by: Hospital.admin)
            #expect(!cut.intact && cut.firstBroken == pinned.id)
            // Without the pin, a log cut at its end still chains.
            #expect(try h.store.verifyAuditChain(by: Hospital.admin).intact)
            #expect(AuditHead(pinned.description) == pinned)
            #expect(AuditHead("12:abc") == nil && AuditHead("x:\(pinned.hash)") == nil)
        }
    }

    @Test("a log written before the chain existed is chained by the migration that adds it")
    func olderLogChained() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("older.db").path
            let older = try olderDatabase(at: path, before: "013")
            try older.write { db in
                for i in 1...300 {
                    try db.execute(sql: "INSERT INTO audit (at, operator, terminal, action, entity, entity_id, after) VALUES (?, ?, '', 'patient.register', 'patient', ?, ?)",
                                   arguments: ["2026-11-2\(i % 5)T08:30", "desk\(i % 3)", "\(i)", i % 7 == 0 ? nil : "patient \(i)"])
                }
            }
            try older.close()
            chmod(path, 0o600)
            let store = try Store.open(path: path)
            #expect(!store.isTraining)
            let report = try store.verifyAuditChain(by: Hospital.admin)
            #expect(report.intact && report.records == 300 && report.head?.id == 300)
            #expect(try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE hash IS NULL") } == 0)
            // The guard is back: the chained records cannot be updated.
            #expect(throws: DatabaseError.self) {
                try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE audit SET operator = 'x' WHERE id = 1") }
            }
            // New records continue the chain.
            _ = try store.applySetup(smallSetup(), by: Hospital.admin)
            #expect(try store.verifyAuditChain(by: Hospital.admin).intact)
        }
    }

    // MARK: - Backups

    @Test("a killed backup's partial files are listed by doctor and removed by the next backup to that name")
    func abandonedPartials() throws {
        try withSmallHospital { h in
            let target = h.folder.appendingPathComponent("nightly.db").path
            _ = try h.store.backup(to: target, by: Hospital.admin)
            // What a backup killed mid-copy leaves: its process (pid 2^22 − 1 is never handed out here) is gone.
            let dead = Int32(4_194_303)
            let partial = h.folder.appendingPathComponent(".nightly.db.\(dead).12345.partial").path
            for suffix in ["", "-wal", "-shm"] { FileManager.default.createFile(atPath: partial + suffix, contents: Data("x".utf8)) }
            // A backup still running (this process) is left alone.
            let running = h.folder.appendingPathComponent(".nightly.db.\(getpid()).777.partial").path
            FileManager.default.createFile(atPath: running, contents: Data("x".utf8))
            let check = try #require(try h.store.healthCheck(by: Hospital.admin).checks.first { $0.name == "partial_backups" })
            #expect(check.violations.count == 3)
            #expect(check.violations.allSatisfy { $0.contains(".nightly.db.\(dead).12345.partial") && $0.contains(target) })
            _ = try h.store.backup(to: target, overwrite: true, by: Hospital.admin)
            for suffix in ["", "-wal", "-shm"] { #expect(!FileManager.default.fileExists(atPath: partial + suffix)) }
            #expect(FileManager.default.fileExists(atPath: running))
            #expect(try h.store.healthCheck(by: Hospital.admin).checks.first { $0.name == "partial_backups" }?.ok == true)
        }
    }
}
