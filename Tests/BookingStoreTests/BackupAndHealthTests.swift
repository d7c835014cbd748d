import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("Backups while terminals book, and the health check re-verifying the rules from the rows")
struct BackupAndHealthTests {
    @Test("a backup taken while another terminal keeps booking is a consistent copy: healthy, 0600, every appointment in it also in the source")
    func backupUnderLoad() throws {
        try withDemoHospital { h in
            let patients = try h.patients(60)
            let slots = try h.store.slots(SlotFilter(from: day("2026-11-26"), to: day("2026-12-02"))).filter { $0.seats.publicAvailable > 0 }
            // A second terminal: its own connection to the same file, booking while the copy is made.
            let terminal = try Store.create(path: h.path, training: true, now: at("2026-11-25T08:30"))
            let done = Flag()
            let booker = Thread {
                var n = 0
                while !done.isSet {
                    let p = patients[n % patients.count], s = slots[(n * 7) % slots.count]
                    _ = try? terminal.book(BookingRequest(patient: .id(p.id), slot: .id(s.id)), by: Hospital.desk)
                    n += 1
                }
            }
            booker.start()
            defer { done.set() }
            var reports: [BackupReport] = []
            for n in 0..<5 {
                usleep(30_000)
                reports.append(try h.store.backup(to: h.folder.appendingPathComponent("copy-\(n).db").path, by: Hospital.admin))
            }
            done.set()
            while !booker.isFinished { usleep(1_000) }
            let source = try h.store.appointments(AppointmentFilter()).map(\.id)
            for report in reports {
                #expect(try permissions(report.path) == 0o600)
                let copy = try Store.create(path: report.path, training: true, now: at("2026-11-25T08:30"))
                let health = try copy.healthCheck(by: Hospital.admin)
                #expect(health.healthy, "\(health.checks.filter { !$0.ok })")
                #expect(Set(try copy.appointments(AppointmentFilter()).map(\.id)).isSubset(of: Set(source)))
            }
            #expect(try h.store.auditLog(AuditFilter(actionPrefix: "database.backup"), by: Hospital.admin).count == 5)
        }
    }

    @Test("an existing file is kept unless overwrite; the database itself, a folder or a missing folder are refused; no temporary file is left")
    func backupRefusals() throws {
        try withSmallHospital { h in
            let target = h.folder.appendingPathComponent("nightly.db").path
            try Data("yesterday".utf8).write(to: URL(fileURLWithPath: target))
            #expect(refusal { try h.store.backup(to: target, by: Hospital.admin) }?.code == "invalid_input")
            #expect(try String(contentsOfFile: target, encoding: .utf8) == "yesterday")
            #expect(try h.store.backup(to: target, overwrite: true, by: Hospital.admin).bytes > 0)
            #expect(refusal { try h.store.backup(to: h.path, overwrite: true, by: Hospital.admin) }?.code == "invalid_input")
            #expect(refusal { try h.store.backup(to: h.folder.path, overwrite: true, by: Hospital.admin) }?.code == "invalid_input")
            #expect(refusal { try h.store.backup(to: h.folder.appendingPathComponent("no/such/folder/x.db").path, by: Hospital.admin) }?.code == "invalid_input")
            #expect(refusal { try h.store.backup(to: target, overwrite: true, by: Hospital.desk) }?.code == "not_permitted")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: h.folder.path).filter { $0.hasSuffix(".partial") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test("the health check finds what a bug or a hand-edit could break: counters that disagree with the rows, a missing audit guard, a plain password")
    func healthFindsViolations() throws {
        try withDemoHospital { h in
            let p = try h.patients(2)
            _ = try h.book(p[0], "D001@2026-12-01T09")
            #expect(try h.store.healthCheck(by: Hospital.admin).healthy)
            #expect(refusal { try h.store.healthCheck(by: Hospital.referralOffice) }?.code == "not_permitted")
            try h.rawDatabase().write { db in
                // Around the triggers, as only a bug or a hand-edit could.
                try db.execute(sql: "UPDATE slot SET public_used = public_used + 1 WHERE id = (SELECT id FROM slot ORDER BY id LIMIT 1 OFFSET 40)")
                try db.execute(sql: "DROP TRIGGER audit_no_delete")
                try db.execute(sql: "DROP TRIGGER operator_clinic_coordinator")
                try db.execute(sql: """
                    INSERT INTO operator (username, display_name, password_hash, created_at, updated_at)
                    VALUES ('weak', 'Weak', 'pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=', '', '')
                    """)
            }
            let report = try h.store.healthCheck(by: Hospital.admin)
            #expect(!report.healthy)
            let failed = Dictionary(uniqueKeysWithValues: report.checks.filter { !$0.ok }.map { ($0.name, $0.violations) })
            #expect(Set(failed.keys) == ["seat_counts", "audit_guards", "passwords"])
            #expect(failed["seat_counts"]?.count == 1 && failed["audit_guards"] == ["trigger audit_no_delete is missing"])
            #expect(failed["passwords"] == ["operator weak: not a slow salted hash"])
        }
    }
}

/// A flag one thread sets and another reads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
