import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

extension Hospital {
    /// Adds an operator as the administrator would, with an initial password to change.
    @discardableResult
    func addOperator(_ username: String, _ roles: Set<Role>, clinics: Set<String> = [], password: String = "initial-pass-1",
                     mustChange: Bool = true) throws -> OperatorAccount {
        try store.addOperator(OperatorInput(username: username, displayName: "测试 \(username)", roles: roles, clinics: clinics,
                                            password: password, mustChangePassword: mustChange), by: Hospital.admin)
    }

    func signIn(_ username: String, _ password: String, at moment: String = "2026-11-25T08:30", terminal: String = "/dev/pts/5") throws(BookingError) -> Operator {
        try self.at(moment).authenticate(username: username, password: password, terminal: terminal)
    }

    func operatorRow(_ username: String) throws -> Row? {
        try rawDatabase().read { db in try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE username = ?", arguments: [username]) }
    }

    func auditActions(since id: Int64 = 0) throws -> [String] {
        try rawDatabase().read { db in try String.fetchAll(db, sql: "SELECT action FROM audit WHERE id > ? ORDER BY id", arguments: [id]) }
    }

    func lastAuditID() throws -> Int64 {
        try rawDatabase().read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM audit") ?? 0 }
    }
}

@Suite("Operators: slow salted passwords, lockout, forced change, disabled, bound clinics (rule 13)")
struct OperatorTests {
    @Test("a password is stored only as pbkdf2-sha256 with 210,000 rounds, a 16-byte salt and a 32-byte hash; the same password hashes differently twice")
    func hashFormat() throws {
        try withSmallHospital { h in
            try h.addOperator("desk1", [.desk], password: "same-password-1")
            try h.addOperator("desk2", [.desk], password: "same-password-1")
            let hashes = try [h.operatorRow("desk1"), h.operatorRow("desk2")].map { try #require($0)["password_hash"] as String }
            for hash in hashes {
                let parts = hash.split(separator: "$").map(String.init)
                #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "210000")
                #expect(Data(base64Encoded: parts[2])?.count == 16 && Data(base64Encoded: parts[3])?.count == 32)
            }
            #expect(hashes[0] != hashes[1])
            // The plain password is nowhere in the file: not in the operator table, not in the audit log.
            let dump = try h.rawDatabase().read { db in
                try String.fetchAll(db, sql: "SELECT quote(operator.username) || display_name || password_hash FROM operator")
                    + String.fetchAll(db, sql: "SELECT coalesce(before, '') || coalesce(after, '') FROM audit")
            }
            #expect(!dump.joined().contains("same-password-1"))
            #expect(try h.signIn("desk2", "same-password-1").roles == [.desk])
        }
    }

    @Test("the fifth wrong password in a row locks the operator for five minutes by the store's clock; the right one is refused meanwhile, accepted after")
    func lockout() throws {
        try withSmallHospital { h in
            try h.addOperator("desk1", [.desk], password: "right-password", mustChange: false)
            let start = try h.lastAuditID()
            for minute in 0..<4 {
                #expect(refusal { try h.signIn("desk1", "wrong-\(minute)", at: "2026-11-25T08:3\(minute)") } == .loginFailed)
            }
            #expect(try h.operatorRow("desk1")?["failed_count"] == 4)
            #expect(refusal { try h.signIn("desk1", "wrong-4", at: "2026-11-25T08:34") }
                    == .operatorLocked(username: "desk1", until: at("2026-11-25T08:39")))
            #expect(refusal { try h.signIn("desk1", "right-password", at: "2026-11-25T08:38") }
                    == .operatorLocked(username: "desk1", until: at("2026-11-25T08:39")))
            let desk1 = try h.signIn("desk1", "right-password", at: "2026-11-25T08:39")
            #expect(desk1.name == "desk1" && desk1.roles == [.desk] && !desk1.mustChangePassword && desk1.terminal == "/dev/pts/5")
            #expect(try h.operatorRow("desk1")?["failed_count"] == 0)
            #expect(try h.operatorRow("desk1")?["locked_until"] as String? == nil)
            #expect(try h.auditActions(since: start) == Array(repeating: "operator.login_failed", count: 5) + ["operator.login_locked", "operator.login"])
        }
    }

    @Test("a right password resets the count: four wrong, one right, four wrong again is still not a lockout")
    func goodPasswordResets() throws {
        try withSmallHospital { h in
            try h.addOperator("night1", [.night], password: "right-password", mustChange: false)
            for _ in 0..<4 { _ = refusal { try h.signIn("night1", "nope-nope") } }
            _ = try h.signIn("night1", "right-password")
            for _ in 0..<4 { #expect(refusal { try h.signIn("night1", "nope-nope") } == .loginFailed) }
            #expect(try h.signIn("night1", "right-password").roles == [.night])
        }
    }

    @Test("an unknown or hostile username is refused like a wrong password, and the audit log keeps only printable text of it")
    func unknownUsername() throws {
        try withSmallHospital { h in
            for name in ["nobody", "'; DROP TABLE operator; --", "\u{1b}[2J\u{1b}[31mroot", String(repeating: "长", count: 100_000), "", "desk1\0"] {
                #expect(refusal { try h.signIn(name, "whatever-pass") } == .loginFailed)
            }
            let names = try h.rawDatabase().read { db in try String.fetchAll(db, sql: "SELECT operator FROM audit WHERE action = 'operator.login_failed'") }
            #expect(names.count == 6)
            for name in names {
                #expect(name.hasPrefix("unknown:") && name.count <= 40 && name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
            }
            #expect(try h.count("SELECT count(*) FROM operator") == 0)
        }
    }

    @Test("an initial password must be changed: until then every command refuses; the change needs the old password and frees the operator")
    func forcedChange() throws {
        try withSmallHospital { h in
            try h.addOperator("desk1", [.desk], password: "initial-pass-1")
            let first = try h.signIn("desk1", "initial-pass-1")
            #expect(first.mustChangePassword)
            let patients = try h.count("SELECT count(*) FROM patient")
            #expect(refusal { try h.store.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: identityNumber(sequence: 1)),
                                                           by: first) } == .passwordChangeRequired(username: "desk1"))
            #expect(try h.count("SELECT count(*) FROM patient") == patients)
            #expect(refusal { try h.store.changePassword(username: "desk1", old: "not-the-old-one", new: "my-own-pass-1", by: first) } == .loginFailed)
            #expect(refusal { try h.store.changePassword(username: "desk1", old: "initial-pass-1", new: "initial-pass-1", by: first) }?.code == "invalid_input")
            let changed = try h.store.changePassword(username: "desk1", old: "initial-pass-1", new: "my-own-pass-1", by: first)
            #expect(!changed.mustChangePassword)
            let desk1 = changed.acting(on: first.terminal)
            #expect(try h.store.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: identityNumber(sequence: 1)),
                                                 by: desk1).name == "张三")
            #expect(refusal { try h.signIn("desk1", "initial-pass-1") } == .loginFailed)
            #expect(try !h.signIn("desk1", "my-own-pass-1").mustChangePassword)
            // Nobody else changes desk1's password by knowing the old one, and only an administrator resets it.
            let desk2 = Operator(name: "desk2", terminal: "-", roles: [.desk])
            #expect(refusal { try h.store.changePassword(username: "desk1", old: "my-own-pass-1", new: "stolen-pass-1", by: desk2) }?.code == "not_permitted")
            #expect(refusal { try h.store.changePassword(username: "desk1", old: nil, new: "stolen-pass-1", by: desk1) }?.code == "not_permitted")
        }
    }

    @Test("an administrator's reset ends a lockout and makes the operator change the password at the next sign-in")
    func adminReset() throws {
        try withSmallHospital { h in
            try h.addOperator("desk1", [.desk], password: "right-password", mustChange: false)
            for _ in 0..<5 { _ = refusal { try h.signIn("desk1", "wrong-password") } }
            #expect(refusal { try h.signIn("desk1", "right-password") }?.code == "operator_locked")
            let reset = try h.store.changePassword(username: "desk1", old: nil, new: "temporary-pass", by: Hospital.admin)
            #expect(reset.mustChangePassword && reset.lockedUntil == nil && reset.failedAttempts == 0)
            #expect(try h.signIn("desk1", "temporary-pass").mustChangePassword)
            #expect(try h.auditActions().suffix(2) == ["operator.password_reset", "operator.login"])
        }
    }

    @Test("a disabled operator is refused with operator_disabled; a wrong password still counts; enabling lets them in again")
    func disabled() throws {
        try withSmallHospital { h in
            try h.addOperator("desk1", [.desk], password: "right-password", mustChange: false)
            try h.addOperator("boss", [.admin], password: "boss-password", mustChange: false)
            let account = try h.store.disableOperator("desk1", by: Hospital.admin)
            #expect(account.disabled)
            #expect(refusal { try h.signIn("desk1", "right-password") } == .operatorDisabled(username: "desk1"))
            #expect(refusal { try h.signIn("desk1", "wrong-password") } == .loginFailed)
            #expect(try h.operatorRow("desk1")?["failed_count"] == 1)
            #expect(refusal { try h.store.disableOperator("desk1", by: Hospital.desk) }?.code == "not_permitted")
            try h.store.enableOperator("desk1", by: Hospital.admin)
            #expect(try h.signIn("desk1", "right-password").name == "desk1")
            // The last active administrator stays: not disabled, not stripped of the role.
            #expect(refusal { try h.store.disableOperator("boss", by: Hospital.admin) } == .lastAdministrator(username: "boss"))
            #expect(refusal { try h.store.setRoles("boss", roles: [.desk], by: Hospital.admin) } == .lastAdministrator(username: "boss"))
            try h.addOperator("boss2", [.admin, .desk])
            #expect(try h.store.disableOperator("boss", by: Hospital.admin).disabled)
        }
    }

    @Test("a coordinator bound to C01 and C02 books reserved seats for them, not for C03; nothing is written when refused; an admin books for any clinic")
    func boundClinics() throws {
        try withDemoHospital { h in
            try h.addOperator("zhao", [.coordinator], clinics: ["c01", "C02"], password: "zhao-password", mustChange: false)
            let zhao = try h.signIn("zhao", "zhao-password")
            #expect(zhao.clinics == ["C01", "C02"])
            let p = try h.patients(3)
            let ok = try h.store.book(BookingRequest(patient: .id(p[0].id), slot: slot("D001@2026-12-01T09"), channel: .alliance, clinic: "C01"), by: zhao)
            #expect(ok.clinic == "C01")
            let before = try h.count("SELECT count(*) FROM appointment"), audits = try h.auditRows()
            #expect(refusal { try h.store.book(BookingRequest(patient: .id(p[1].id), slot: slot("D001@2026-12-01T09"), channel: .alliance, clinic: "C03"), by: zhao) }
                    == .clinicNotBound(clinic: "C03", bound: ["C01", "C02"]))
            // Booking from a C03 referral is the same alliance booking for C03.
            let referral = try h.store.addReferral(ReferralInput(patient: .id(p[2].id), clinic: "C03", referringDoctor: "孙立医生", department: "CARD",
                                                                 reason: "胸闷"), by: Hospital.admin)
            let audits2 = try h.auditRows()
            #expect(refusal { try h.store.book(BookingRequest(patient: .id(p[2].id), slot: slot("D001@2026-12-01T10"), referral: referral.id), by: zhao) }?.code
                    == "clinic_not_bound")
            #expect(try h.count("SELECT count(*) FROM appointment") == before && h.auditRows() == audits2 && audits2 == audits + 1)
            #expect(try h.store.book(BookingRequest(patient: .id(p[1].id), slot: slot("D001@2026-12-01T09"), channel: .alliance, clinic: "C03"),
                                     by: Hospital.admin).clinic == "C03")
            // Only a coordinator is bound to clinics; an unknown clinic is not found.
            #expect(refusal { try h.addOperator("li", [.desk], clinics: ["C01"]) }?.code == "invalid_input")
            #expect(refusal { try h.addOperator("li", [.coordinator], clinics: ["C99"]) } == .notFound(kind: "clinic", key: "C99"))
            #expect(try h.operatorRow("li") == nil)
        }
    }

    @Test("bad operator input is refused with a clear message and adds nothing", arguments: [
        ("ab:cd", "valid-password"), ("Zhang Wei", "valid-password"), ("'; DROP TABLE operator;--", "valid-password"), ("张三", "valid-password"),
        ("d", "valid-password"), (String(repeating: "a", count: 33), "valid-password"), ("system", "valid-password"), ("cli", "valid-password"),
        ("desk9", "short"), ("desk9", "tab\there-pass"), ("desk9", "desk9"), ("desk9", String(repeating: "p", count: 129)), ("desk9", "nul\0inside-pass"),
        ("desk9", ""), ("9desk", "valid-password"), ("desk😀", "valid-password"), ("\u{202E}desk", "valid-password"),
    ])
    func badInput(username: String, password: String) throws {
        try withSmallHospital { h in
            let audits = try h.auditRows()
            #expect(refusal { try h.addOperator(username, [.desk], password: password) }?.code == "invalid_input")
            #expect(try h.count("SELECT count(*) FROM operator") == 0 && h.auditRows() == audits)
        }
    }

    @Test("names are lower-cased and unique; roles must be given; a display name holds no control characters")
    func uniqueness() throws {
        try withSmallHospital { h in
            try h.addOperator("Desk1", [.desk])
            #expect(refusal { try h.addOperator("desk1", [.night]) } == .operatorExists(username: "desk1"))
            #expect(refusal { try h.addOperator("desk2", []) }?.code == "invalid_input")
            #expect(refusal { try h.store.addOperator(OperatorInput(username: "desk3", displayName: "李\u{1b}[31m娜", roles: [.desk], password: "valid-password"),
                                                      by: Hospital.admin) }?.code == "invalid_input")
            #expect(refusal { try h.store.addOperator(OperatorInput(username: "desk3", displayName: " ", roles: [.desk], password: "valid-password"),
                                                      by: Hospital.admin) }?.code == "invalid_input")
            #expect(try h.store.operators(by: Hospital.admin).map(\.username) == ["desk1"])
            #expect(refusal { try h.store.operators(by: Hospital.desk) }?.code == "not_permitted")
        }
    }

    @Test("the demo's operators: desk1, desk2, referral1 (C01, C02), night1 and admin, each with the demo password, none forced to change")
    func demoOperators() throws {
        try withDemoHospital { h in
            #expect(try h.store.installDemoOperators(by: Hospital.admin) == ["desk1", "desk2", "referral1", "night1", "admin"])
            #expect(try h.store.installDemoOperators(by: Hospital.admin) == [])
            for (name, roles) in [("desk1", Set<Role>([.desk])), ("desk2", [.desk]), ("referral1", [.coordinator]), ("night1", [.night]), ("admin", [.admin])] {
                let op = try h.signIn(name, "demo-\(name)")
                #expect(op.roles == roles && !op.mustChangePassword)
            }
            #expect(try h.signIn("referral1", "demo-referral1").clinics == ["C01", "C02"])
        }
    }

    @Test("the schema refuses a plain password, a deleted operator, and clinics on a non-coordinator, even from raw SQL")
    func schemaGuards() throws {
        try withSmallHospital { h in
            try h.addOperator("desk1", [.desk])
            try h.rawDatabase().write { db in
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: "INSERT INTO operator (username, display_name, password_hash, created_at, updated_at) VALUES ('x1', 'X', 'secret', '', '')")
                }
                #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM operator WHERE username = 'desk1'") }
                #expect(throws: DatabaseError.self) {
                    try db.execute(sql: "INSERT INTO operator_clinic (operator_id, clinic_id) SELECT o.id, c.id FROM operator o, alliance_clinic c")
                }
            }
        }
    }
}

@Suite("The audit log and revealing masked fields (rules 13, 14)")
struct AuditLogTests {
    @Test("revealing a patient is for coordinators and admins, and writes patient.reveal in the same transaction; the desk is refused and leaves no trace")
    func reveal() throws {
        try withDemoHospital { h in
            let p = try h.patient("张三", 1, phone: "13800000000")
            let audits = try h.auditRows()
            #expect(refusal { try h.store.revealPatient(.id(p.id), by: Hospital.desk) }?.code == "not_permitted")
            #expect(refusal { try h.store.revealPatient(.id(p.id), by: Operator(name: "night:wang", terminal: "-", roles: [.night])) }?.code == "not_permitted")
            #expect(try h.auditRows() == audits)
            let shown = try h.store.revealPatient(.document(p.documentNumber), by: Hospital.referralOffice)
            #expect(shown.documentNumber == identityNumber(sequence: 1) && shown.phone == "13800000000")
            #expect(shown.maskedDocument == "110105********" + identityNumber(sequence: 1).suffix(4) && shown.maskedPhone == "138****0000")
            let record = try #require(try h.store.auditLog(AuditFilter(limit: 1), by: Hospital.admin).first)
            #expect(record.action == "patient.reveal" && record.operatorName == "coordinator:zhao" && record.terminal == "/dev/pts/7")
            #expect(record.entity == "patient" && record.entityID == "\(p.id)" && !(record.after ?? "").contains(p.documentNumber))
            #expect(refusal { try h.store.revealPatient(.id(9999), by: Hospital.admin) } == .notFound(kind: "patient", key: "9999"))
        }
    }

    @Test("the audit view filters by time, operator, patient and action; only admins read it")
    func filters() throws {
        try withDemoHospital { h in
            let p = try h.patients(2)
            let a = try h.book(p[0], "D001@2026-11-26T09")
            _ = try h.at("2026-11-25T10:00").cancel(appointment: a.id, by: Hospital.desk)
            _ = try h.book(p[1], "D001@2026-11-26T10")
            let mine = try h.store.auditLog(AuditFilter(patient: .id(p[0].id)), by: Hospital.admin)
            #expect(mine.map(\.action) == ["appointment.cancel", "appointment.book", "patient.register"])
            #expect(try h.store.auditLog(AuditFilter(since: at("2026-11-25T09:00")), by: Hospital.admin).map(\.action) == ["appointment.cancel"])
            #expect(try h.store.auditLog(AuditFilter(until: at("2026-11-25T09:00"), actionPrefix: "appointment."), by: Hospital.admin).count == 2)
            #expect(try h.store.auditLog(AuditFilter(operatorName: "desk:li", actionPrefix: "patient."), by: Hospital.admin).count == 2)
            #expect(try h.store.auditLog(AuditFilter(actionPrefix: "%"), by: Hospital.admin).isEmpty)
            let page = try h.store.auditLog(AuditFilter(limit: 2), by: Hospital.admin)
            let next = try h.store.auditLog(AuditFilter(beforeID: page.last?.id, limit: 2), by: Hospital.admin)
            #expect(page.count == 2 && next.count == 2 && next[0].id < page[1].id)
            for actor in [Hospital.desk, Hospital.referralOffice] {
                #expect(refusal { try h.store.auditLog(AuditFilter(), by: actor) }?.code == "not_permitted")
            }
            #expect(refusal { try h.store.auditLog(AuditFilter(limit: 0), by: Hospital.admin) }?.code == "invalid_input")
        }
    }

    @Test("the audit log is append-only: an update or delete of a record is refused by the schema")
    func appendOnly() throws {
        try withSmallHospital { h in
            try h.addOperator("desk1", [.desk])
            try h.rawDatabase().write { db in
                #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE audit SET operator = 'someone else'") }
                #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM audit") }
            }
        }
    }
}

@Suite("A sign-in holds only while the account stays as it was (rule 13)")
struct SignInHoldsTests {
    @Test("disabled or given other roles, a signed-in operator's changes are refused with nothing written; signing in again works; the command line is unaffected")
    func staleSignIn() throws {
        try withDemoHospital { h in
            _ = try h.store.addOperator(OperatorInput(username: "desk7", displayName: "钱七", roles: [.desk], password: "initial-pass-7"), by: Hospital.admin)
            _ = try h.store.changePassword(username: "desk7", old: "initial-pass-7", new: "window-seven-7",
                                           by: Operator(name: "desk7", terminal: "/dev/pts/7", roles: [], mustChangePassword: true))
            let clerk = try h.store.authenticate(username: "desk7", password: "window-seven-7", terminal: "/dev/pts/7")
            #expect(clerk.account != nil && clerk.roles == [.desk])
            let p = try h.patients(3)
            _ = try h.store.book(BookingRequest(patient: .id(p[0].id), slot: slot("D001@2026-12-01T09")), by: clerk)
            #expect(try h.store.signInHolds(clerk))

            // Another role given at the administrator's terminal: the old sign-in is stale.
            _ = try h.store.setRoles("desk7", roles: [.desk, .coordinator], by: Hospital.admin)
            #expect(try !h.store.signInHolds(clerk))
            let audit = try h.auditRows(), appointments = try h.count("SELECT count(*) FROM appointment")
            #expect(refusal { try h.store.book(BookingRequest(patient: .id(p[1].id), slot: slot("D001@2026-12-01T10")), by: clerk) }
                == .operatorChanged(username: "desk7"))
            #expect(try h.auditRows() == audit && h.count("SELECT count(*) FROM appointment") == appointments)
            let again = try h.store.authenticate(username: "desk7", password: "window-seven-7", terminal: "/dev/pts/7")
            #expect(try h.store.signInHolds(again))
            _ = try h.store.book(BookingRequest(patient: .id(p[1].id), slot: slot("D001@2026-12-01T10")), by: again)

            // Disabled: refused, and signing in is refused too.
            _ = try h.store.disableOperator("desk7", by: Hospital.admin)
            #expect(refusal { try h.store.cancel(appointment: 1, by: again) } == .operatorChanged(username: "desk7"))
            #expect(refusal { try h.store.authenticate(username: "desk7", password: "window-seven-7", terminal: "/dev/pts/7") }
                == .operatorDisabled(username: "desk7"))
            // Tools and the command line carry no sign-in.
            _ = try h.store.book(BookingRequest(patient: .id(p[2].id), slot: slot("D001@2026-12-01T11")), by: Operator.commandLine())
        }
    }

    @Test("an administrator changing her own roles or password is not refused by her own change")
    func ownChange() throws {
        try withDemoHospital { h in
            _ = try h.store.addOperator(OperatorInput(username: "chief", displayName: "陈主任", roles: [.admin], password: "initial-pass-1"), by: Hospital.admin)
            _ = try h.store.addOperator(OperatorInput(username: "deputy", displayName: "副主任", roles: [.admin], password: "initial-pass-2"), by: Hospital.admin)
            _ = try h.store.changePassword(username: "chief", old: "initial-pass-1", new: "chief-password-1",
                                           by: Operator(name: "chief", terminal: "-", roles: [], mustChangePassword: true))
            let chief = try h.store.authenticate(username: "chief", password: "chief-password-1", terminal: "/dev/pts/1")
            _ = try h.store.setRoles("chief", roles: [.admin, .night], by: chief)
            // …after which her old sign-in is stale for everything else.
            #expect(refusal { try h.store.disableOperator("deputy", by: chief) } == .operatorChanged(username: "chief"))
        }
    }

    @Test("a disabled administrator's old sign-in cannot enable her again or give her roles back")
    func noSelfRescue() throws {
        try withDemoHospital { h in
            _ = try h.store.addOperator(OperatorInput(username: "deputy", displayName: "副主任", roles: [.admin], password: "initial-pass-2"), by: Hospital.admin)
            _ = try h.store.addOperator(OperatorInput(username: "chief", displayName: "陈主任", roles: [.admin], password: "initial-pass-1"), by: Hospital.admin)
            _ = try h.store.changePassword(username: "chief", old: "initial-pass-1", new: "chief-password-1",
                                           by: Operator(name: "chief", terminal: "-", roles: [], mustChangePassword: true))
            let chief = try h.store.authenticate(username: "chief", password: "chief-password-1", terminal: "/dev/pts/1")
            _ = try h.store.disableOperator("chief", by: Hospital.admin)
            #expect(refusal { try h.store.enableOperator("chief", by: chief) } == .operatorChanged(username: "chief"))
            _ = try h.store.enableOperator("chief", by: Hospital.admin)
            _ = try h.store.setRoles("chief", roles: [.desk], by: Hospital.admin)
            #expect(refusal { try h.store.setRoles("chief", roles: [.admin], by: chief) } == .operatorChanged(username: "chief"))
            #expect(try h.store.operatorAccount("chief", by: Hospital.admin).roles == [.desk])
        }
    }
}
