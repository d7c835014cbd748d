import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

// Issue "Trust", tried at the command line as someone with bad intent would.

@Suite("Trust at the command line")
struct TrustCommandTests {
    /// A production hospital made as an administrator would: `init`, then the setup through the store.
    func productionHospital(_ t: Shell) throws {
        let made = try t.run(["init", "--db", t.db, "--lang", "en"])
        #expect(made.status == 0, "\(made)")
        _ = try Store.open(path: t.db).applySetup(DemoHospital.setup(), by: admin)
    }

    @Test("the full screen on a production database without a hospital installs no demo and no demo operators: it says to load the setup (exit 2)")
    func noDemoInProduction() throws {
        try withShell { t in
            let made = try t.run(["init", "--db", t.db, "--lang", "en"])
            #expect(made.status == 0, "\(made)")
            // `desk` without a terminal is what a window's forced command runs before anyone set the hospital up.
            let desk = try t.run(["desk", "--db", t.db, "--lang", "en"])
            #expect(desk.status == 2, "\(desk)")
            #expect(desk.stderr.contains("has no hospital set up yet") && desk.stderr.contains("slotdesk setup apply"), "\(desk)")
            let store = try Store.open(path: t.db)
            #expect(try store.hospitalName() == nil)
            #expect(try !store.hasOperators())
        }
    }

    @Test("--now is refused on a production database (exit 2, saying why) and honoured, marked TRAINING, on a training one")
    func forgedClock() throws {
        try withShell { t in
            try productionHospital(t)
            // `desk` is the full screen (without a terminal, the day's summary): desk2 locked out until
            // 09:05 was signed straight in with --now 2026-12-06T09:06.
            for arguments in [["desk"], ["appointments"], ["slots", "list"], ["operator", "list"], ["doctor"]] {
                let forged = try t.run(arguments + ["--db", t.db, "--now", "2026-12-06T09:06", "--lang", "en"])
                #expect(forged.status == 2, "\(forged)")
                #expect(forged.stderr.contains("--now is honoured only on a training database") && forged.stdout.isEmpty, "\(forged)")
            }
            let zh = try t.run(["appointments", "--db", t.db, "--now", "2026-12-06T09:06", "--lang", "zh", "--json"])
            #expect(zh.status == 2, "\(zh)")
            #expect(try zh.errorJSON()["code"] as? String == "simulated_clock_refused")
            let real = try t.run(["appointments", "--db", t.db, "--lang", "en"])
            #expect(real.status == 0 && !real.stdout.contains("TRAINING") && !real.stderr.contains("TRAINING"), "\(real)")

            let training = t.folder.appendingPathComponent("class.db").path
            let made = try t.run(["init", "--training", "--db", training, "--now", "2026-11-25T08:30", "--lang", "en"])
            #expect(made.status == 0 && made.stderr.hasPrefix("[TRAINING]"), "\(made)")
            let list = try t.run(["appointments", "--db", training, "--now", "2026-11-25T08:30", "--lang", "en"])
            #expect(list.status == 0 && list.stderr == "[TRAINING] a training database, simulated clock 2026-11-25 08:30\n", "\(list)")
            #expect(list.stdout.hasPrefix("Id  Slot"))
            let chinese = try t.run(["slots", "list", "--db", training, "--lang", "zh"])
            #expect(chinese.status == 0 && chinese.stderr.hasPrefix("【培训】培训数据库"), "\(chinese)")
            // JSON stays JSON, and CSV to stdout stays CSV: the mark is on stderr.
            let json = try t.run(["appointments", "--db", training, "--now", "2026-11-25T08:30", "--json"])
            #expect(json.status == 0 && (try? json.json()) != nil && json.stderr.isEmpty, "\(json)")
            let csv = try t.run(["export", "csv", "slots", "--db", training, "--now", "2026-11-25T08:30", "--lang", "en"])
            #expect(csv.status == 0 && !csv.stdout.contains("TRAINING") && csv.stderr.hasPrefix("[TRAINING]"), "\(csv)")
            // A production database is not turned into a training one.
            let turned = try t.run(["init", "--training", "--db", t.db, "--lang", "en"])
            #expect(turned.status == 2 && turned.stderr.contains("production database"), "\(turned)")
            let demo = try t.run(["init", "--demo", "--db", t.db, "--lang", "en"])
            #expect(demo.status == 2, "\(demo)")
        }
    }

    @Test("the operator recorded is the OS account: USER unset or hostile changes nothing")
    func operatorFromAccount() throws {
        try withShell { t in
            try prepareHospital(t, patients: 2)
            let account = OSAccount.name()
            var hostile = t.environment
            hostile["USER"] = "evil\u{1B}[31m\u{07}"
            hostile["LOGNAME"] = "desk2"
            let booked = try t.run(["book", "--patient", "1", "--slot", "D001@2026-11-26T09", "--db", t.db, "--now", Shell.now], environment: hostile)
            #expect(booked.status == 0, "\(booked)")
            var unset = t.environment
            unset.removeValue(forKey: "USER")
            let second = try t.run(["book", "--patient", "2", "--slot", "D001@2026-11-26T10", "--db", t.db, "--now", Shell.now], environment: unset)
            #expect(second.status == 0, "\(second)")
            let operators = try DatabaseQueue(path: t.db).read { db in
                try String.fetchAll(db, sql: "SELECT operator FROM audit WHERE action LIKE 'appointment.%' ORDER BY id")
            }
            #expect(operators == ["cli:\(account)", "cli:\(account)"])
        }
    }

    @Test("only init creates a database: a typo or a missing folder exits 3 naming slotdesk init, and creates nothing")
    func missingDatabase() throws {
        try withShell { t in
            let typo = t.folder.appendingPathComponent("typo.db").path
            let run = try t.run(["appointments", "--db", typo, "--lang", "en"])
            #expect(run.status == 3 && run.stderr.contains("slotdesk init --db \(typo)") && run.stdout.isEmpty, "\(run)")
            #expect(!FileManager.default.fileExists(atPath: typo))
            let deep = t.folder.appendingPathComponent("no/such/hospital.db").path
            let folder = try t.run(["slots", "list", "--db", deep, "--json"])
            #expect(folder.status == 3, "\(folder)")
            #expect(try folder.errorJSON()["code"] as? String == "database_missing")
            #expect(!FileManager.default.fileExists(atPath: t.folder.appendingPathComponent("no").path))
        }
    }

    @Test("a database others can read is refused with the chmod that fixes it")
    func exposedDatabase() throws {
        try withShell { t in
            try productionHospital(t)
            chmod(t.db, 0o644)
            let run = try t.run(["appointments", "--db", t.db, "--lang", "en"])
            #expect(run.status == 3 && run.stderr.contains("chmod 600 \(t.db)"), "\(run)")
            #expect(try permissions(t.db) == 0o644)
            chmod(t.db, 0o600)
            #expect(try t.run(["appointments", "--db", t.db]).status == 0)
        }
    }

    @Test("export csv to stdout shows control characters as ?, like every other output")
    func csvToStdoutIsSafe() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 1)
            let store = try t.store()
            try DatabaseQueue(path: t.db).write { db in
                try db.execute(sql: "UPDATE patient SET name = ? WHERE id = ?", arguments: ["张\u{1B}]2;owned\u{07}三\u{9B}", patients[0].id])
            }
            _ = try store.book(BookingRequest(patient: .id(patients[0].id), slot: .at(resource: "D001", date: day("2026-11-26"), hour: 9)), by: admin)
            let run = try t.slotdesk("export", "csv", "appointments", extra: ["--from", "2026-11-25", "--to", "2026-11-30"])
            #expect(run.status == 0, "\(run)")
            #expect(!run.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(run)")
            #expect(run.stdout.contains("张?]2;owned?三?"))
            // The FHIR bundle escapes them (the same JSON value), C1's CSI included.
            let fhir = try t.slotdesk("export", "fhir", extra: ["--from", "2026-11-25", "--to", "2026-11-30"])
            #expect(fhir.status == 0 && !fhir.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(fhir)")
            #expect(fhir.stdout.contains("\\u001b]2;owned\\u0007三\\u009b"))
            // In a file the data stays as it is.
            let out = t.folder.appendingPathComponent("a.csv").path
            _ = try t.slotdesk("export", "csv", "appointments", extra: ["--from", "2026-11-25", "--to", "2026-11-30", "--out", out])
            #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self).contains("\u{1B}"))
        }
    }

    @Test("export --out refuses an existing file or a symbolic link without --force")
    func outRefusesExisting() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let existing = t.folder.appendingPathComponent("kept.csv")
            try Data("keep me".utf8).write(to: existing)
            let refused = try t.slotdesk("export", "csv", "slots", extra: ["--out", existing.path, "--lang", "en"])
            #expect(refused.status == 2 && refused.stderr.contains("exists; give --force"), "\(refused)")
            #expect(try String(contentsOf: existing, encoding: .utf8) == "keep me")

            let victim = t.folder.appendingPathComponent("victim.txt")
            try Data("victim".utf8).write(to: victim)
            let link = t.folder.appendingPathComponent("link.json").path
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim.path)
            let followed = try t.slotdesk("export", "fhir", extra: ["--out", link, "--lang", "en"])
            #expect(followed.status == 2 && followed.stderr.contains("symbolic link"), "\(followed)")
            #expect(try String(contentsOf: victim, encoding: .utf8) == "victim")

            let forced = try t.slotdesk("export", "fhir", extra: ["--out", link, "--force"])
            #expect(forced.status == 0, "\(forced)")
            // The link itself was replaced; what it pointed to is untouched.
            #expect(try String(contentsOf: victim, encoding: .utf8) == "victim")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == nil)
            #expect(try permissions(link) == 0o600)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: t.folder.path).filter { $0.hasSuffix(".partial") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test("audit records deleted by hand: doctor and audit verify exit 1 naming the first; intact, verify prints the head")
    func auditChainAtTheCommandLine() throws {
        try withShell { t in
            try prepareHospital(t, patients: 120)
            let intact = try t.slotdesk("audit", "verify", json: true)
            #expect(intact.status == 0, "\(intact)")
            let head = try #require(try intact.json() as? [String: Any])
            let headID = try #require(head["head_id"] as? Int)
            let headHash = try #require(head["head_hash"] as? String)
            let text = try t.slotdesk("audit", "verify", extra: ["--lang", "en"])
            #expect(text.stdout.contains("Head (write it down or print it): \(headID):\(headHash)"), "\(text)")

            try DatabaseQueue(path: t.db).write { db in
                try db.execute(sql: """
                    DROP TRIGGER audit_no_delete;
                    DELETE FROM audit WHERE id BETWEEN 1 AND 99;
                    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                    """)
            }
            let doctor = try t.slotdesk("doctor", extra: ["--lang", "en"])
            #expect(doctor.status == 1, "\(doctor)")
            #expect(doctor.stdout.contains("FAIL  audit_chain") && doctor.stdout.contains("records 1–99 are missing"), "\(doctor)")
            let verify = try t.slotdesk("audit", "verify", extra: ["--head", "\(headID):\(headHash)", "--lang", "en"])
            #expect(verify.status == 1 && verify.stdout.contains("records 1–99 are missing"), "\(verify)")
            let bad = try t.slotdesk("audit", "verify", extra: ["--head", "nonsense"])
            #expect(bad.status == 2, "\(bad)")
        }
    }

    @Test("a killed backup's partial copy is listed by doctor and removed by the next backup")
    func killedBackup() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let backups = t.folder.appendingPathComponent("backups")
            try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
            let target = backups.appendingPathComponent("nightly.db").path
            #expect(try t.slotdesk("backup", target).status == 0)
            let partial = backups.appendingPathComponent(".nightly.db.4194303.99.partial").path
            for suffix in ["", "-wal"] { FileManager.default.createFile(atPath: partial + suffix, contents: Data("patients".utf8)) }
            let doctor = try t.slotdesk("doctor", extra: ["--lang", "en"])
            #expect(doctor.status == 1 && doctor.stdout.contains("FAIL  partial_backups") && doctor.stdout.contains(partial), "\(doctor)")
            #expect(try t.slotdesk("backup", target, extra: ["--force"]).status == 0)
            #expect(!FileManager.default.fileExists(atPath: partial) && !FileManager.default.fileExists(atPath: partial + "-wal"))
            #expect(try t.slotdesk("doctor").status == 0)
        }
    }

    @Test("the program is one file: copied alone to an empty folder, it makes the demo and answers from there")
    func installedAlone() throws {
        let binary = try #require(slotdeskBinary)
        try withShell { t in
            let bin = t.folder.appendingPathComponent("bin", isDirectory: true)
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            let installed = bin.appendingPathComponent("slotdesk")
            try FileManager.default.copyItem(at: binary, to: installed)
            // No resource bundle is looked for, beside it or in the build folder.
            let bytes = try Data(contentsOf: installed)
            for bundle in ["SlotDesk_Schema.resources", "SlotDesk_Keymaps.resources", "SlotDesk_BookingStore.resources"] {
                #expect(bytes.range(of: Data(bundle.utf8)) == nil, "the binary still looks for \(bundle)")
            }
            let demo = t.folder.appendingPathComponent("demo.db").path
            let process = Process()
            process.executableURL = installed
            process.arguments = ["init", "--demo", "--db", demo, "--lang", "en"]
            process.currentDirectoryURL = bin
            process.environment = t.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let keymap = Process()
            keymap.executableURL = installed
            keymap.arguments = ["doctor", "--db", demo]
            keymap.environment = t.environment
            keymap.standardOutput = FileHandle.nullDevice
            try keymap.run()
            keymap.waitUntilExit()
            #expect(keymap.terminationStatus == 0)
        }
    }
}
