import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("Operators, audit, reveal, backup and doctor on the command line")
struct OperatorCommandTests {
    func write(_ text: String, _ name: String, in t: Shell) throws -> String {
        let url = t.folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("init takes the first administrator's password from a file, once; without a file or a terminal it creates nobody and says how")
    func initAdministrator() throws {
        try withShell { t in
            let bare = try t.slotdesk("init", "--training", extra: ["--lang", "en"])
            #expect(bare.status == 0 && bare.stdout.contains("no operator created: add one with `slotdesk operator add admin"), "\(bare)")
            #expect(try !t.store().hasOperators())
            let file = try write("first-admin-pass\n", "admin.txt", in: t)
            let first = try t.slotdesk("init", "--training", extra: ["--admin-password-file", file, "--lang", "en"])
            #expect(first.status == 0 && first.stdout.contains("administrator admin created"), "\(first)")
            let admin = try t.store().authenticate(username: "admin", password: "first-admin-pass", terminal: "-")
            #expect(admin.roles == [.admin] && !admin.mustChangePassword)
            let again = try t.slotdesk("init", "--training", extra: ["--admin-password-file", file, "--lang", "en"])
            #expect(again.status == 0 && again.stdout.contains("operators exist already"), "\(again)")
            let short = try write("short\n", "short.txt", in: t)
            let other = t.folder.appendingPathComponent("other.db").path
            let refused = try t.run(["init", "--db", other, "--admin-password-file", short, "--json"])
            #expect(refused.status == 2, "\(refused)")
            #expect(try refused.errorJSON()["code"] as? String == "invalid_input")
        }
    }

    @Test("init --demo adds the demo operators without asking anything")
    func demoOperators() throws {
        try withShell { t in
            let run = try t.slotdesk("init", "--demo", extra: ["--lang", "en"])
            #expect(run.status == 0 && run.stdout.contains("demo operators (demo-only passwords, see the README): desk1, desk2, referral1, night1, admin"), "\(run)")
            let list = try t.slotdesk("operator", "list", json: true)
            let names = try #require(try list.json() as? [[String: Any]]).compactMap { $0["username"] as? String }
            #expect(names == ["admin", "desk1", "desk2", "night1", "referral1"])
        }
    }

    @Test("operator add, passwd, disable and enable through the command line, each audited; passwords never appear in the log")
    func operatorLifecycle() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let initial = try write("initial-pass-3\n", "initial.txt", in: t)
            let add = try t.slotdesk("operator", "add", "zhao", "--name", "赵强", "--role", "coordinator", "--clinic", "C01", "--password-file", initial, json: true)
            #expect(add.status == 0, "\(add)")
            let account = try #require(try add.json() as? [String: Any])
            #expect(account["clinics"] as? [String] == ["C01"] && account["must_change_password"] as? Bool == true)
            #expect(try t.slotdesk("operator", "add", "zhao", "--name", "又一个", "--role", "desk", "--password-file", initial, json: true).status == 1)
            #expect(try t.slotdesk("operator", "add", "li", "--name", "李", "--role", "desk", json: true).status == 2)  // no file, no terminal
            let reset = try write("reset-pass-33\n", "reset.txt", in: t)
            #expect(try t.slotdesk("operator", "passwd", "zhao", "--password-file", reset).status == 0)
            let changed = try write("my-own-pass-3\n", "own.txt", in: t)
            let own = try t.slotdesk("operator", "passwd", "zhao", "--old-password-file", reset, "--password-file", changed, json: true)
            #expect(own.status == 0, "\(own)")
            #expect(try (own.json() as? [String: Any])?["must_change_password"] as? Bool == false)
            #expect(try t.slotdesk("operator", "disable", "zhao").status == 0)
            let store = try t.store()
            #expect(refusal { () throws(BookingError) in try store.authenticate(username: "zhao", password: "my-own-pass-3", terminal: "-") } == .operatorDisabled(username: "zhao"))
            #expect(try t.slotdesk("operator", "enable", "zhao").status == 0)
            #expect(try t.store().authenticate(username: "zhao", password: "my-own-pass-3", terminal: "-").clinics == ["C01"])
            let audit = try t.slotdesk("audit", "--action", "operator.", json: true)
            let actions = try #require(try audit.json() as? [[String: Any]]).compactMap { $0["action"] as? String }
            #expect(actions == ["operator.login", "operator.enable", "operator.login_disabled", "operator.disable", "operator.password",
                                "operator.password_reset", "operator.add"])
            #expect(!audit.stdout.contains("pass-3") && !audit.stdout.contains("pbkdf2"))
        }
    }

    @Test("patient show masks, --reveal shows in full and is audited; the audit filters by patient")
    func revealAndAudit() throws {
        try withShell { t in
            try prepareHospital(t, patients: 0)
            #expect(try t.slotdesk("patient", "add", "--name", "张三", "--id-number", "11010519491231002X", "--phone", "13800000000").status == 0)
            let masked = try t.slotdesk("patient", "show", "11010519491231002X", json: true)
            #expect(masked.stdout.contains("110105********002X") && masked.stdout.contains("138****0000") && !masked.stdout.contains("13800000000"), "\(masked)")
            let shown = try t.slotdesk("patient", "show", "11010519491231002X", "--reveal", json: true)
            #expect(shown.stdout.contains("11010519491231002X") && shown.stdout.contains("13800000000"), "\(shown)")
            let audit = try t.slotdesk("audit", "--patient", "11010519491231002X", json: true)
            let records = try #require(try audit.json() as? [[String: Any]])
            #expect(records.compactMap { $0["action"] as? String } == ["patient.reveal", "patient.register"])
            #expect(records.first?["operator"] as? String == "cli:" + OSAccount.name())
            #expect(try t.slotdesk("audit", "--since", "yesterday").status == 2)
        }
    }

    @Test("backup writes a 0600 copy and keeps an existing file unless --force; doctor says healthy, then lists a broken counter and exits 1")
    func backupAndDoctor() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 2)
            _ = try t.store().book(BookingRequest(patient: .id(patients[0].id), slot: SlotReference("D001@2026-12-01T09")!), by: admin)
            let copy = t.folder.appendingPathComponent("nightly.db").path
            let first = try t.slotdesk("backup", copy, json: true)
            #expect(first.status == 0, "\(first)")
            #expect(try permissions(copy) == 0o600)
            #expect(try t.slotdesk("backup", copy).status == 2)
            #expect(try t.slotdesk("backup", copy, "--force").status == 0)
            #expect(try t.run(["doctor", "--db", copy, "--json"]).status == 0)
            let healthy = try t.slotdesk("doctor", json: true)
            #expect(healthy.status == 0, "\(healthy)")
            #expect(try (healthy.json() as? [String: Any])?["healthy"] as? Bool == true)
            try DatabaseQueue(path: t.db).write { db in
                try db.execute(sql: "UPDATE slot SET public_used = public_used + 1 WHERE id = (SELECT slot_id FROM appointment LIMIT 1)")
            }
            let broken = try t.slotdesk("doctor", extra: ["--lang", "en"])
            #expect(broken.status == 1 && broken.stdout.contains("FAIL  seat_counts") && broken.stdout.contains("D001@2026-12-01T09"), "\(broken)")
        }
    }
}

/// What a store call refused with, or nil when it went through.
private func refusal<T>(_ command: () throws(BookingError) -> T) -> BookingError? {
    do {
        _ = try command()
        return nil
    } catch {
        return error
    }
}
