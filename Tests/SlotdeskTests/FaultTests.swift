import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

/// `count` valid patients as CSV (name,id_number), born on successive days from 1950: a long
/// import, one transaction.
func bulkPatientsCSV(count: Int, from first: Int = 0) -> String {
    let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"), given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚英华")
    let start = day("1950-01-01")
    return (first..<(first + count)).map { n in
        let birth = start.adding(days: n / 900)
        let digits = String(format: "%04d%02d%02d", birth.year, birth.month, birth.day)
        let name = String(surnames[n % surnames.count]) + String(given[(n / 7) % given.count]) + String(given[(n / 3) % given.count])
        return name + "," + identityNumber(birth: digits, sequence: n % 900 + 100)
    }.joined(separator: "\n") + "\n"
}

/// What `slotdesk doctor --json` said.
func doctor(_ db: String, in folder: URL) throws -> (status: Int32, healthy: Bool, run: Run) {
    let run = try runSlotdesk(["doctor", "--db", db, "--json"], in: folder, environment: cleanEnvironment(home: folder))
    let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    return (run.status, object?["healthy"] as? Bool ?? false, run)
}

/// Processes killed with SIGKILL in the middle of their work (SQLite's own way of testing:
/// inject the fault, then check nothing committed is lost and nothing half-done is visible).
@Suite("Faults: processes killed mid-booking, a locked, read-only or full database")
struct FaultTests {
    static let now = "2026-11-25T08:30"

    @Test("booking storms killed with SIGKILL at random moments, again and again: doctor finds nothing wrong and every booking a process reported is there",
          .timeLimit(.minutes(2)))
    func killStorms() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 80).map(\.id)
            let store = try t.store()
            let slots = try store.slots(SlotFilter(from: day("2026-11-26"), to: day("2026-12-01"))).filter { $0.seats.publicAvailable > 0 }.map(\.id)
            #expect(slots.count > 100)
            let binary = try #require(slotdeskBinary).path
            let environment = cleanEnvironment(home: t.home)
            let seconds = Double(ProcessInfo.processInfo.environment["SLOTDESK_FAULT_SECONDS"] ?? "") ?? 20
            var rng = SystemRandomNumberGenerator()

            struct Running { let child: Spawned; let started: Date; let killAt: Date?; let cancels: Int64? }
            var running: [Running] = []
            var booked: [(id: Int64, patient: Int64, slot: Int64)] = []
            var cancelled: Set<Int64> = []
            var kills = 0, finished = 0, launched = 0
            var durations: [Double] = [0.12]
            var unexpected: [String] = []
            let end = Date().addingTimeInterval(seconds)
            while Date() < end || !running.isEmpty {
                // Keep four processes at work; most are killed, aimed near the end of their run,
                // where the write transaction is.
                while running.count < 4 && Date() < end {
                    let n = launched
                    launched += 1
                    let out = t.folder.appendingPathComponent("storm-\(n).out").path, err = t.folder.appendingPathComponent("storm-\(n).err").path
                    let cancel = !booked.isEmpty && Int.random(in: 0..<5, using: &rng) == 0 ? booked.randomElement(using: &rng)?.id : nil
                    let arguments = cancel.map { ["cancel", "\($0)"] }
                        ?? ["book", "--patient", "\(patients.randomElement(using: &rng)!)", "--slot", "\(slots.randomElement(using: &rng)!)"]
                    let child = try Spawned([binary] + arguments + ["--db", t.db, "--now", Self.now, "--json"], environment: environment,
                                            stdout: out, stderr: err)
                    let typical = durations.sorted()[durations.count / 2]
                    let killAt = Int.random(in: 0..<10, using: &rng) < 7 ? Date().addingTimeInterval(typical * Double.random(in: 0.3...1.1, using: &rng)) : nil
                    running.append(Running(child: child, started: Date(), killAt: killAt, cancels: cancel))
                }
                usleep(2_000)
                var still: [Running] = []
                for r in running {
                    if r.child.wait(block: false) == nil {
                        if let killAt = r.killAt, Date() >= killAt, r.child.kill() {
                            kills += 1
                            r.child.wait()
                        } else {
                            still.append(r)
                            continue
                        }
                    }
                    finished += 1
                    let status = r.child.status ?? -1
                    if status == 0 { durations = (durations + [Date().timeIntervalSince(r.started)]).suffix(50) }
                    // What the process reported, if it got as far as reporting: a whole JSON object on stdout.
                    if let object = try? JSONSerialization.jsonObject(with: Data(r.child.stdout.utf8)) as? [String: Any], let id = (object["id"] as? NSNumber)?.int64Value {
                        if let cancelled_ = r.cancels {
                            if object["status"] as? String == "cancelled" { cancelled.insert(cancelled_) }
                        } else if let patient = (object["patient"] as? NSNumber)?.int64Value, let slot = (object["slot"] as? NSNumber)?.int64Value {
                            booked.append((id, patient, slot))
                        }
                    } else if status == 0 {
                        unexpected.append("exit 0 without a report: \(r.child.arguments)")
                    }
                    if status != 0 && status != 1 && status != 128 + SIGKILL {
                        unexpected.append("exit \(status): \(r.child.arguments.suffix(8)) \(r.child.stderr.prefix(300))")
                    }
                    unlink(r.child.stdoutPath)
                    unlink(r.child.stderrPath)
                }
                running = still
            }
            #expect(unexpected.isEmpty, "\(unexpected.prefix(5))")
            #expect(kills >= 50, "only \(kills) processes were killed while running")
            #expect(!booked.isEmpty)

            // The file is whole and every rule holds, re-verified from the rows.
            let health = try doctor(t.db, in: t.folder)
            #expect(health.status == 0 && health.healthy, "\(health.run)")
            // Nothing that was reported is lost.
            let check = try t.store()
            for b in booked {
                let a = try check.appointment(b.id)
                #expect(a.patientID == b.patient && a.slotID == b.slot, "appointment \(b.id)")
            }
            for id in cancelled { #expect(try check.appointment(id).status == .cancelled, "appointment \(id)") }
            print("fault storm: \(launched) processes, \(kills) killed with SIGKILL mid-run, \(booked.count) bookings and \(cancelled.count) cancels reported")
        }
    }

    @Test("a patient import killed at random moments leaves whole chunks, each with its audit record; a rerun completes the file",
          .timeLimit(.minutes(3)))
    func killImports() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let binary = try #require(slotdeskBinary).path
            let environment = cleanEnvironment(home: t.home)
            let rows = 20_000, chunk = 500
            let csv = t.folder.appendingPathComponent("import.csv")
            try Data(bulkPatientsCSV(count: rows).utf8).write(to: csv)
            func imported() throws -> (patients: Int, audits: Int) {
                try DatabaseQueue(path: t.db).read { db in
                    (try Int.fetchOne(db, sql: "SELECT count(*) - 1 FROM patient") ?? 0,
                     try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE action = 'patient.import'") ?? 0)
                }
            }
            var midway = 0
            var previous = 0
            var finished: Spawned?
            for attempt in 0..<4 {
                let child = try Spawned([binary, "patient", "import", csv.path, "--db", t.db, "--now", Self.now, "--json"], environment: environment,
                                        stdout: t.folder.appendingPathComponent("import-\(attempt).out").path,
                                        stderr: t.folder.appendingPathComponent("import-\(attempt).err").path)
                // Killed at a random moment once this run has committed a chunk of its own.
                let deadline = Date().addingTimeInterval(60)
                while try imported().patients <= previous, child.wait(block: false) == nil, Date() < deadline { usleep(20_000) }
                usleep(UInt32.random(in: 0...400_000))
                let killed = child.kill()
                let status = child.wait()
                let now = try imported()
                // Every chunk is whole and carries its audit record; nothing committed is lost.
                #expect(now.patients % chunk == 0 || now.patients == rows, "attempt \(attempt): \(now.patients) rows after exit \(status ?? -1)")
                #expect(now.audits == (now.patients + chunk - 1) / chunk, "attempt \(attempt): \(now.audits) audit records for \(now.patients) rows")
                #expect(now.patients >= previous)
                if killed && now.patients > 0 && now.patients < rows { midway += 1 }
                previous = now.patients
                if !killed {
                    finished = child
                    break
                }
            }
            #expect(midway >= 1, "no import was killed halfway: the test proved nothing about chunks")
            // A run to the end: the rows an earlier run stored are reported as already imported, not refused.
            let last = try runSlotdesk(["patient", "import", csv.path, "--db", t.db, "--now", Self.now, "--json"], in: t.folder, environment: environment,
                                       timeout: 120)
            #expect(last.status == 0, "\(last)")
            let report = try #require(try last.json() as? [String: Any])
            #expect(report["imported"] as? Int == rows - previous, "\(report)")
            #expect(report["already_imported"] as? Int == previous)
            #expect((report["refused"] as? [Any])?.isEmpty == true)
            if let finished { #expect(finished.wait() == 0, "\(finished.stderr)") }
            #expect(try imported().patients == rows)
            let health = try doctor(t.db, in: t.folder)
            #expect(health.status == 0 && health.healthy, "\(health.run)")
        }
    }

    @Test("an import past a file-size limit (ulimit -f) stops with exit 3 and says why; whole chunks stay, a rerun completes it",
          .timeLimit(.minutes(2)))
    func fileSizeLimit() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let binary = try #require(slotdeskBinary).path
            let csv = t.folder.appendingPathComponent("big.csv")
            try Data(bulkPatientsCSV(count: 6000).utf8).write(to: csv)
            let out = t.folder.appendingPathComponent("limited.out").path, err = t.folder.appendingPathComponent("limited.err").path
            // 1 MB: neither the database nor its WAL may grow past it (ulimit -f counts 1024-byte blocks in bash).
            let limited = try Spawned(["timeout", "-s", "KILL", "100", "bash", "-c", "ulimit -f 1024; exec \"$0\" \"$@\"", binary,
                                       "patient", "import", csv.path, "--db", t.db, "--now", Self.now, "--lang", "en"],
                                      environment: cleanEnvironment(home: t.home), stdout: out, stderr: err)
            let status = limited.wait()
            #expect(status == 3, "exit \(status ?? -1): \(limited.stderr)")
            #expect(limited.stderr.contains("Database error") || limited.stderr.contains("disk is full"), "\(limited.stderr)")
            let stored = try patientCount(t.db) - 1
            #expect(stored % 500 == 0 && stored < 6000, "\(stored) rows stored")
            let again = try runSlotdesk(["patient", "import", csv.path, "--db", t.db, "--now", Self.now, "--json"], in: t.folder,
                                        environment: cleanEnvironment(home: t.home), timeout: 100)
            #expect(again.status == 0, "\(again)")
            let report = try #require(try again.json() as? [String: Any])
            #expect(report["already_imported"] as? Int == stored)
            #expect(report["imported"] as? Int == 6000 - stored)
            #expect(try patientCount(t.db) == 6001)
        }
    }

    @Test("a database locked by another process beyond the busy timeout: exit 3, a clear message, nothing written", .timeLimit(.minutes(3)))
    func lockedBeyondTimeout() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 1)
            let before = try fingerprint(t.db)
            let holder = try DatabaseQueue(path: t.db)
            var run: Run?
            try holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                run = try runSlotdesk(["book", "--patient", "\(patients[0].id)", "--slot", "D001@2026-12-01T09", "--db", t.db, "--now", Self.now],
                                      in: t.folder, environment: cleanEnvironment(home: t.home))
                try db.execute(sql: "ROLLBACK")
            }
            let result = try #require(run)
            #expect(result.status == 3, "\(result)")
            #expect(result.stderr.contains("locked by another process for more than 10 s"), "\(result)")
            #expect(try fingerprint(t.db) == before)
        }
    }

    @Test("a database the user may only read: exit 3, a clear message, nothing written", .enabled(if: getuid() == 0, "needs root to drop to nobody"))
    func readOnly() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 1)
            let before = try fingerprint(t.db)
            // Readable by nobody, writable by its owner only; the folder is not theirs to write either.
            chmod(t.db, 0o644)
            chmod(t.folder.path, 0o755)
            chmod(t.home.path, 0o777)
            let binary = try #require(slotdeskBinary).path
            for arguments in [["book", "--patient", "\(patients[0].id)", "--slot", "D001@2026-12-01T09"],
                              ["patient", "add", "--name", "王五", "--id-number", identityNumber(sequence: 77)]] {
                let out = t.home.appendingPathComponent("ro.out").path, err = t.home.appendingPathComponent("ro.err").path
                let child = try Spawned(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", binary] + arguments
                                            + ["--db", t.db, "--now", Self.now, "--lang", "en"],
                                        environment: cleanEnvironment(home: t.home), stdout: out, stderr: err)
                #expect(child.wait() == 3, "\(child.stderr)")
                // A file another account can read is refused before SQLite opens it (rule 14).
                #expect(child.stderr.contains("read-only") || child.stderr.contains("unable to open") || child.stderr.contains("chmod 600"),
                        "\(child.stderr)")
            }
            chmod(t.db, 0o600)
            #expect(try fingerprint(t.db) == before)
        }
    }

    @Test("a full disk: an import and a backup fail with exit 3 and a clear message; nothing half-written (whole import chunks only), the database stays healthy",
          .enabled(if: getuid() == 0, "needs root for a small private file system"), .timeLimit(.minutes(2)))
    func fullDisk() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let binary = try #require(slotdeskBinary).path
            let csv = t.folder.appendingPathComponent("big.csv")
            try Data(bulkPatientsCSV(count: 3000).utf8).write(to: csv)
            let out = t.folder.path
            // A 4 MB file system of its own, in a mount namespace that ends with the script.
            let script = """
                set -u
                D='\(out)'; B='\(binary)'
                mkdir -p "$D/full" "$D/after"
                mount -t tmpfs -o size=4m tmpfs "$D/full" || exit 90
                cp "$D/hospital.db" "$D/full/hospital.db"
                avail=$(df --output=avail -k "$D/full" | tail -1)
                dd if=/dev/zero of="$D/full/filler" bs=1k count=$((avail - 160)) 2>/dev/null
                "$B" patient import "$D/big.csv" --db "$D/full/hospital.db" --now \(Self.now) --lang en > "$D/after/import.out" 2> "$D/after/import.err"
                echo $? > "$D/after/import.status"
                "$B" backup "$D/full/copy.db" --db "$D/hospital.db" --now \(Self.now) --lang en > "$D/after/backup.out" 2> "$D/after/backup.err"
                echo $? > "$D/after/backup.status"
                ls -a "$D/full" > "$D/after/listing"
                "$B" doctor --db "$D/full/hospital.db" --json > "$D/after/doctor.out" 2> "$D/after/doctor.err"
                echo $? > "$D/after/doctor.status"
                cp "$D/full/hospital.db" "$D/after/hospital.db"
                [ -f "$D/full/hospital.db-wal" ] && cp "$D/full/hospital.db-wal" "$D/after/hospital.db-wal"
                exit 0
                """
            let child = try Spawned(["timeout", "-s", "KILL", "100", "unshare", "-m", "sh", "-c", script], environment: cleanEnvironment(home: t.home),
                                    stdout: t.folder.appendingPathComponent("ns.out").path, stderr: t.folder.appendingPathComponent("ns.err").path)
            let status = child.wait()
            try #require(status == 0, "unshare/mount failed (\(status ?? -1)): \(child.stderr)")
            func read(_ name: String) -> String { (try? String(contentsOfFile: "\(out)/after/\(name)", encoding: .utf8)) ?? "" }
            #expect(read("import.status").trimmingCharacters(in: .whitespacesAndNewlines) == "3", "\(read("import.out")) \(read("import.err"))")
            #expect(read("import.err").contains("disk is full"), "\(read("import.err"))")
            #expect(read("backup.status").trimmingCharacters(in: .whitespacesAndNewlines) == "3", "\(read("backup.err"))")
            #expect(!read("listing").contains("copy.db"), "\(read("listing"))")
            #expect(read("doctor.status").trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(read("doctor.out")) \(read("doctor.err"))")
            // The import writes in chunks of 500 rows: the chunks before the disk filled stay, whole.
            #expect(try (patientCount("\(out)/after/hospital.db") - 1) % 500 == 0)
        }
    }
}

func patientCount(_ path: String) throws -> Int {
    try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM patient") ?? 0 }
}
