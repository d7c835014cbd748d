import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

/// Every store command, the permission it needs, and a call of it on the fixture below.
struct StoreCommand: Sendable, CustomStringConvertible {
    let name: String
    let permission: Permission
    let run: @Sendable (Hospital, Operator, Fixture) throws -> Void

    var description: String { name }
}

/// What the commands act on: three patients, an appointment, a referral, a day-surgery case, a
/// waitlist entry and an operator, put there by the desk and the administrator.
struct Fixture {
    let patients: [Int64]
    let appointment: Int64
    let referral: Int64
    let surgeryCase: Int64
    let waitlist: Int64

    init(_ h: Hospital) throws {
        let p = try h.patients(3)
        patients = p.map(\.id)
        appointment = try h.book(p[0], "D001@2026-12-01T09").id
        referral = try h.store.addReferral(ReferralInput(patient: .id(p[1].id), clinic: "C01", referringDoctor: "赵文医生", department: "CARD",
                                                         reason: "胸闷", urgency: .green), by: Hospital.admin).id
        surgeryCase = try h.store.addSurgeryCase(SurgeryCaseInput(patient: .id(p[2].id), procedure: "腹股沟疝修补术", surgeon: "D014", estimatedMinutes: 60,
                                                                  anaesthesia: .regional), by: Hospital.admin).id
        waitlist = try h.store.addToWaitlist(WaitlistRequest(patient: .id(p[0].id), department: "NEUR", firstDate: day("2026-11-26"),
                                                             lastDate: day("2026-12-05")), by: Hospital.admin).id
        try h.store.addOperator(OperatorInput(username: "desk9", displayName: "测试", roles: [.desk], password: "initial-pass-9"), by: Hospital.admin)
    }
}

let storeCommands: [StoreCommand] = [
    StoreCommand(name: "register a patient", permission: .registerPatient) { h, a, _ in
        _ = try h.store.registerPatient(PatientInput(name: "新患者", documentType: .resident, documentNumber: identityNumber(sequence: 50)), by: a)
    },
    StoreCommand(name: "set a priority group", permission: .registerPatient) { h, a, f in
        _ = try h.store.setPriorityGroup(.id(f.patients[0]), group: .veteran, reason: "退役军人", by: a)
    },
    StoreCommand(name: "import patients", permission: .importPatients) { h, a, _ in
        _ = try h.store.importPatients(csv: Data("王五,\(identityNumber(sequence: 60))\n".utf8), by: a)
    },
    StoreCommand(name: "public booking", permission: .bookPublic) { h, a, f in
        _ = try h.store.book(BookingRequest(patient: .id(f.patients[2]), slot: slot("D001@2026-12-01T10")), by: a)
    },
    StoreCommand(name: "alliance booking", permission: .bookAlliance) { h, a, f in
        _ = try h.store.book(BookingRequest(patient: .id(f.patients[2]), slot: slot("D001@2026-12-01T11"), channel: .alliance, clinic: "C01"), by: a)
    },
    StoreCommand(name: "green-channel add-on", permission: .addOn) { h, a, f in
        _ = try h.store.book(BookingRequest(patient: .id(f.patients[1]), slot: slot("D001@2026-12-01T08"), referral: f.referral, addOn: true), by: a)
    },
    StoreCommand(name: "cancel", permission: .cancel) { h, a, f in _ = try h.store.cancel(appointment: f.appointment, by: a) },
    StoreCommand(name: "check in", permission: .checkIn) { h, a, f in _ = try h.store.checkIn(appointment: f.appointment, by: a) },
    StoreCommand(name: "mark a no-show", permission: .noShow) { h, a, f in _ = try h.store.markNoShow(appointment: f.appointment, by: a) },
    StoreCommand(name: "sweep no-shows", permission: .noShow) { h, a, _ in _ = try h.store.sweepNoShows(by: a) },
    StoreCommand(name: "add a referral", permission: .referral) { h, a, f in
        _ = try h.store.addReferral(ReferralInput(patient: .id(f.patients[2]), clinic: "C02", referringDoctor: "钱红医生", department: "NEUR",
                                                  reason: "头晕"), by: a)
    },
    StoreCommand(name: "cancel a referral", permission: .referral) { h, a, f in _ = try h.store.cancelReferral(f.referral, reason: "患者拒绝", by: a) },
    StoreCommand(name: "apply setup", permission: .setup) { h, a, _ in _ = try h.store.applySetup(try DemoHospital.setup(), by: a) },
    StoreCommand(name: "generate slots", permission: .generateSlots) { h, a, _ in
        _ = try h.store.generateSlots(from: day("2026-12-09"), to: day("2026-12-09"), by: a)
    },
    StoreCommand(name: "add a surgery case", permission: .surgeryQueue) { h, a, f in
        _ = try h.store.addSurgeryCase(SurgeryCaseInput(patient: .id(f.patients[0]), procedure: "胆囊切除术", surgeon: "D014", estimatedMinutes: 90,
                                                        anaesthesia: .general), by: a)
    },
    StoreCommand(name: "cancel a surgery case", permission: .surgeryQueue) { h, a, f in _ = try h.store.cancelSurgery(case: f.surgeryCase, reason: "患者拒绝", by: a) },
    StoreCommand(name: "schedule a case", permission: .surgerySchedule) { h, a, f in
        _ = try h.store.scheduleSurgery(case: f.surgeryCase, theatre: "OR1", date: day("2026-11-26"), by: a)
    },
    StoreCommand(name: "reorder a case", permission: .surgerySchedule) { h, a, f in _ = try h.store.reorderSurgery(case: f.surgeryCase, position: 1, by: a) },
    StoreCommand(name: "apply a surgery plan", permission: .surgerySchedule) { h, a, _ in _ = try h.store.applySurgeryPlan([], by: a) },
    StoreCommand(name: "back-fill a theatre", permission: .surgerySchedule) { h, a, _ in
        _ = try h.store.backfillSurgery(theatre: "OR1", date: day("2026-11-26"), by: a)
    },
    StoreCommand(name: "tick the checklist", permission: .surgeryReview) { h, a, f in _ = try h.store.tickChecklist(case: f.surgeryCase, items: [.labs], by: a) },
    StoreCommand(name: "confirm a case", permission: .surgeryReview) { h, a, f in _ = try h.store.confirmSurgery(case: f.surgeryCase, by: a) },
    StoreCommand(name: "postpone a case", permission: .surgeryReview) { h, a, f in _ = try h.store.postponeSurgery(case: f.surgeryCase, reason: "化验未回", by: a) },
    StoreCommand(name: "start a case", permission: .surgeryReview) { h, a, f in _ = try h.store.startSurgery(case: f.surgeryCase, by: a) },
    StoreCommand(name: "discharge a case", permission: .surgeryReview) { h, a, f in _ = try h.store.completeSurgery(case: f.surgeryCase, by: a) },
    StoreCommand(name: "add to the waitlist", permission: .waitlist) { h, a, f in
        _ = try h.store.addToWaitlist(WaitlistRequest(patient: .id(f.patients[2]), department: "RESP", firstDate: day("2026-11-26"),
                                                      lastDate: day("2026-12-05")), by: a)
    },
    StoreCommand(name: "remove from the waitlist", permission: .waitlist) { h, a, f in _ = try h.store.removeFromWaitlist(f.waitlist, by: a) },
    StoreCommand(name: "serve the waitlist", permission: .waitlist) { h, a, _ in _ = try h.store.serveWaitlist(by: a) },
    StoreCommand(name: "call the next patient", permission: .callQueue) { h, a, _ in _ = try h.store.callNext(slot("D001@2026-12-01T09"), by: a) },
    StoreCommand(name: "call again", permission: .callQueue) { h, a, _ in _ = try h.store.recall(slot("D001@2026-12-01T09"), by: a) },
    StoreCommand(name: "skip", permission: .callQueue) { h, a, _ in _ = try h.store.skip(slot("D001@2026-12-01T09"), by: a) },
    StoreCommand(name: "finish a visit", permission: .callQueue) { h, a, _ in _ = try h.store.finishVisit(slot("D001@2026-12-01T09"), by: a) },
    StoreCommand(name: "mark notified", permission: .notify) { h, a, _ in _ = try h.store.markNotified(1, by: a) },
    StoreCommand(name: "accept an offer", permission: .notify) { h, a, _ in _ = try h.store.acceptOffer(1, by: a) },
    StoreCommand(name: "decline an offer", permission: .notify) { h, a, _ in _ = try h.store.declineOffer(1, by: a) },
    StoreCommand(name: "stop a clinic", permission: .stopClinic) { h, a, _ in
        _ = try h.store.stopSession(resource: "D001", date: day("2026-12-01"), reason: "医生外出会诊", by: a)
    },
    StoreCommand(name: "add an operator", permission: .manageOperators) { h, a, _ in
        try h.store.addOperator(OperatorInput(username: "night5", displayName: "夜班", roles: [.night], password: "initial-pass-5"), by: a)
    },
    StoreCommand(name: "reset a password", permission: .manageOperators) { h, a, _ in
        try h.store.changePassword(username: "desk9", old: nil, new: "another-pass-9", by: a)
    },
    StoreCommand(name: "set roles", permission: .manageOperators) { h, a, _ in try h.store.setRoles("desk9", roles: [.desk, .night], by: a) },
    StoreCommand(name: "disable an operator", permission: .manageOperators) { h, a, _ in try h.store.disableOperator("desk9", by: a) },
    StoreCommand(name: "enable an operator", permission: .manageOperators) { h, a, _ in try h.store.enableOperator("desk9", by: a) },
    StoreCommand(name: "list operators", permission: .manageOperators) { h, a, _ in _ = try h.store.operators(by: a) },
    StoreCommand(name: "read the audit log", permission: .readAudit) { h, a, _ in _ = try h.store.auditLog(AuditFilter(), by: a) },
    StoreCommand(name: "reveal a patient", permission: .revealPatient) { h, a, f in _ = try h.store.revealPatient(.id(f.patients[0]), by: a) },
    StoreCommand(name: "back up", permission: .maintenance) { h, a, _ in
        _ = try h.store.backup(to: h.folder.appendingPathComponent("backup-\(a.name).db").path, overwrite: true, by: a)
    },
    StoreCommand(name: "health check", permission: .maintenance) { h, a, _ in _ = try h.store.healthCheck(by: a) },
]

/// Every row of every table, as text: "changed no row" means this is the same before and after.
func contents(_ h: Hospital) throws -> [String: [String]] {
    try h.rawDatabase().read { db in
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        var all: [String: [String]] = [:]
        for table in tables {
            all[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description)
        }
        return all
    }
}

@Suite("Every role is refused, in the store, what the matrix does not give it (rule 13)")
struct PermissionMatrixTests {
    @Test("every permission has at least one store command in this test")
    func everyPermissionCovered() {
        #expect(Set(storeCommands.map(\.permission)) == Set(Permission.allCases))
    }

    @Test("the matrix is the README's table")
    func matrixAsDocumented() {
        let documented: [Permission: Set<Role>] = [
            .registerPatient: [.desk, .coordinator, .admin], .importPatients: [.admin],
            .bookPublic: [.desk, .coordinator, .admin], .cancel: [.desk, .coordinator, .admin], .checkIn: [.desk, .coordinator, .admin],
            .noShow: [.desk, .admin], .bookAlliance: [.coordinator, .admin], .addOn: [.coordinator, .admin], .referral: [.coordinator, .admin],
            .waitlist: [.desk, .coordinator, .admin], .notify: [.desk, .coordinator, .admin], .callQueue: [.desk, .admin],
            .setup: [.admin], .generateSlots: [.admin], .stopClinic: [.admin],
            .surgeryQueue: [.coordinator, .admin], .surgerySchedule: [.coordinator, .night, .admin], .surgeryReview: [.night, .admin],
            .revealPatient: [.coordinator, .admin], .manageOperators: [.admin], .readAudit: [.admin], .maintenance: [.admin],
        ]
        for permission in Permission.allCases {
            #expect(Set(Permissions.roles(for: permission)) == documented[permission], "\(permission.rawValue)")
        }
    }

    @Test("each role runs every store command: allowed ones are not refused for the role; refused ones say not_permitted and change no row",
          arguments: Role.allCases)
    func matrix(role: Role) throws {
        try withDemoHospital { h in
            let fixture = try Fixture(h)
            let actor = Operator(name: "\(role.rawValue)1", terminal: "/dev/pts/4", roles: [role])
            for command in storeCommands {
                let allowed = Permissions.allows([role], command.permission)
                let before = try contents(h)
                let error = refusal { try command.run(h, actor, fixture) }
                if allowed {
                    #expect(error?.code != "not_permitted", "\(role) may \(command.name): \(String(describing: error))")
                } else {
                    #expect(error?.code == "not_permitted", "\(role) may not \(command.name)")
                    #expect(try contents(h) == before, "\(role) refused \(command.name) but rows changed")
                }
            }
        }
    }

    @Test("an operator still on an initial password is refused every command, whatever the roles, and nothing changes")
    func initialPasswordRefusesAll() throws {
        try withDemoHospital { h in
            let fixture = try Fixture(h)
            let newcomer = Operator(name: "newcomer", terminal: "/dev/pts/4", roles: Set(Role.allCases), mustChangePassword: true)
            let before = try contents(h)
            for command in storeCommands {
                #expect(refusal { try command.run(h, newcomer, fixture) } == .passwordChangeRequired(username: "newcomer"), "\(command.name)")
            }
            #expect(try contents(h) == before)
        }
    }

    @Test("an operator who signed in acts with the stored roles: the desk is refused an alliance booking, the coordinator is not")
    func signedInRoles() throws {
        try withDemoHospital { h in
            let fixture = try Fixture(h)
            try h.store.installDemoOperators(by: Hospital.admin)
            let desk = try h.store.authenticate(username: "desk1", password: "demo-desk1", terminal: "/dev/pts/2")
            let coordinator = try h.store.authenticate(username: "referral1", password: "demo-referral1", terminal: "/dev/pts/3")
            let alliance = storeCommands.first { $0.name == "alliance booking" }!
            #expect(refusal { try alliance.run(h, desk, fixture) }?.code == "not_permitted")
            #expect(refusal { try alliance.run(h, coordinator, fixture) } == nil)
        }
    }
}


@Suite("Free text from staff reaches the database only as plain text")
struct FreeTextStoreTests {
    @Test("a reason or name with an escape sequence is refused by every command that takes one, and nothing changes")
    func controlCharacters() throws {
        try withDemoHospital { h in
            let p = try h.patients(2)
            let hostile = "外出\u{1b}[2J\u{1b}]0;owned\u{7}会诊"
            let auditBefore = try h.auditRows()
            var flagged = BookingRequest(patient: .id(p[0].id), slot: slot("D001@2026-12-01T09"))
            flagged.reason = hostile
            let attempts: [(String, () throws -> Void)] = [
                ("book", { _ = try h.store.book(flagged, by: Hospital.desk) }),
                ("stop", { _ = try h.store.stopSession(resource: "D001", date: day("2026-12-01"), reason: hostile, by: Hospital.admin) }),
                ("waitlist", {
                    var request = WaitlistRequest(patient: .id(p[1].id), department: "NEUR", firstDate: day("2026-11-26"), lastDate: day("2026-12-05"))
                    request.reason = hostile
                    _ = try h.store.addToWaitlist(request, by: Hospital.admin)
                }),
                ("priority group", { _ = try h.store.setPriorityGroup(.id(p[1].id), group: .veteran, reason: hostile, by: Hospital.admin) }),
                ("referral reason", {
                    _ = try h.store.addReferral(ReferralInput(patient: .id(p[1].id), clinic: "C01", referringDoctor: "赵文", department: "CARD",
                                                              reason: hostile, urgency: .routine), by: Hospital.admin)
                }),
                ("referring doctor", {
                    _ = try h.store.addReferral(ReferralInput(patient: .id(p[1].id), clinic: "C01", referringDoctor: "赵\u{1b}[31m文", department: "CARD",
                                                              reason: "胸闷", urgency: .routine), by: Hospital.admin)
                }),
            ]
            for (name, attempt) in attempts {
                #expect(refusal(attempt)?.code == "invalid_input", "\(name)")
            }
            #expect(try h.auditRows() == auditBefore)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE patient_id IN (?, ?)", [p[0].id, p[1].id]) == 0)
            #expect(try h.count("SELECT count(*) FROM stopped_session") == 0)
        }
    }
}
