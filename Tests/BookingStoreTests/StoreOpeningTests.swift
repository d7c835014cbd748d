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
            let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
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

    @Test("a database from before 010 keeps every appointment, link and seat count when its appointment table is rebuilt, and the rules still hold")
    func appointmentRebuild() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("older.db").path
            // The schema as an older SlotDesk left it, with rows in every state and rows pointing at them.
            let older = try olderDatabase(at: path, before: "010")
            try older.write { db in
                try db.execute(sql: """
                    INSERT INTO hospital (id, name) VALUES (1, '测试医院');
                    INSERT INTO department (id, code, name, name_en) VALUES (1, 'TEST', '测试科', 'Test');
                    INSERT INTO resource (id, code, department_id, kind, name) VALUES (1, 'R1', 1, 'clinic', '测试门诊');
                    INSERT INTO alliance_clinic (id, code, name) VALUES (1, 'C01', '社区');
                    INSERT INTO slot (id, resource_id, date, hour, capacity, reserved) VALUES (1, 1, '2026-11-26', 9, 4, 1), (2, 1, '2026-11-26', 10, 4, 0);
                    INSERT INTO patient (id, name, document_type, document_number, created_at) VALUES
                        (1, '甲', 'passport', 'P0001', '2026-11-01T08:00'), (2, '乙', 'passport', 'P0002', '2026-11-01T08:00'),
                        (3, '丙', 'passport', 'P0003', '2026-11-01T08:00');
                    INSERT INTO referral (id, patient_id, clinic_id, referring_doctor, department_id, reason, urgency, status, created_at, created_by)
                        VALUES (1, 2, 1, '赵医生', 1, '胸闷', 'urgent', 'pending', '2026-11-20T08:00', 'c');
                    INSERT INTO appointment (id, patient_id, slot_id, department_id, date, hour, status, booked_at, booked_by, checked_in_at) VALUES
                        (1, 1, 1, 1, '2026-11-26', 9, 'booked', '2026-11-20T08:00', 'd', NULL),
                        (2, 3, 2, 1, '2026-11-26', 10, 'checked_in', '2026-11-20T08:00', 'd', '2026-11-26T09:50');
                    INSERT INTO appointment (id, patient_id, slot_id, department_id, date, hour, status, channel, pool, clinic_id, priority,
                                             booked_at, booked_by, referral_id) VALUES
                        (3, 2, 1, 1, '2026-11-26', 9, 'booked', 'alliance', 'reserved', 1, 'referral', '2026-11-20T08:00', 'c', 1);
                    UPDATE appointment SET call_state = 'waiting', queue_position = 3.5 WHERE id = 2;
                    UPDATE referral SET status = 'booked', appointment_id = 3 WHERE id = 1;
                    UPDATE appointment SET status = 'cancelled', cancelled_at = '2026-11-21T08:00', cancelled_by = 'd', cancel_kind = 'patient' WHERE id = 1;
                    INSERT INTO notification (patient_id, kind, appointment_id, created_at) VALUES (1, 'stop_clinic', 1, '2026-11-21T08:00');
                    """)
            }
            let before = try older.read { db in try Row.fetchAll(db, sql: "SELECT * FROM appointment ORDER BY id") }
            let seatsBefore = try older.read { db in try Row.fetchAll(db, sql: "SELECT id, public_used, reserved_used FROM slot ORDER BY id") }
            try older.close()
            chmod(path, 0o600)

            // An older database is a production one: the test sets the clock in the program itself.
            let store = try Store.open(path: path).with(clock: FixedClock(at("2026-11-25T08:30")))
            let raw = try DatabaseQueue(path: path)
            try raw.read { db in
                // Every column the rows had is kept (later migrations add columns of their own).
                let columns = before.first.map { Array($0.columnNames) } ?? []
                #expect(try Row.fetchAll(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM appointment ORDER BY id") == before)
                #expect(try Row.fetchAll(db, sql: "SELECT id, public_used, reserved_used FROM slot ORDER BY id") == seatsBefore)
                #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
                #expect(try Int.fetchOne(db, sql: "SELECT appointment_id FROM referral WHERE id = 1") == 3)
                // No CHECK builds a temporary b-tree for an IN list any more.
                let plan = try Row.fetchAll(db, sql: """
                    EXPLAIN INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, booked_at, booked_by)
                    VALUES (1, 2, 1, '2026-11-26', 10, 'x', 'y')
                    """).map { $0["opcode"] as String }
                #expect(!plan.contains("OpenEphemeral"))
                let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'appointment' ORDER BY name")
                // 011 replaced the per-department index with one per hour, and states the per-day rule by a trigger.
                #expect(indexes == ["appointment_live_date", "appointment_live_referral", "appointment_one_per_hour", "appointment_queue", "appointment_slot"])
                let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'appointment' ORDER BY name")
                #expect(triggers == ["appointment_before_cutoff", "appointment_kept", "appointment_matches_slot", "appointment_no_revival",
                                     "appointment_not_on_holiday", "appointment_one_per_day", "appointment_same_day_kept", "appointment_same_hour",
                                     "appointment_seat_freed", "appointment_seat_taken", "appointment_slot_fixed"])
            }
            // The rules the rebuilt table carries: a bad status, a second live booking that day, a deletion.
            for sql in ["UPDATE appointment SET status = 'lost' WHERE id = 3",
                        "INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, booked_at, booked_by) VALUES (2, 2, 1, '2026-11-26', 10, 'x', 'y')",
                        "DELETE FROM appointment WHERE id = 1"] {
                #expect(throws: DatabaseError.self, "\(sql)") { try raw.write { db in try db.execute(sql: sql) } }
            }
            // A cancelled booking is no longer live: patient 1 may book that day again, through the store.
            let again = try store.book(BookingRequest(patient: .id(1), slot: .id(2)), by: Hospital.desk)
            #expect(again.status == .booked)
            #expect(try raw.read { db in try Int.fetchOne(db, sql: "SELECT public_used FROM slot WHERE id = 2") } == 2)
        }
    }

    @Test("a database from before 011 whose patient holds two live appointments in one hour migrates; doctor lists the clash and a new one is refused")
    func sameHourClashBefore011() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("older.db").path
            let older = try olderDatabase(at: path, before: "011")
            // What the rules before 011 allowed: one patient at 09:00 in two departments.
            try older.write { db in
                try db.execute(sql: """
                    INSERT INTO hospital (id, name) VALUES (1, '测试医院');
                    INSERT INTO department (id, code, name, name_en) VALUES (1, 'CARD', '心内科', 'Cardiology'), (2, 'NEUR', '神经内科', 'Neurology');
                    INSERT INTO resource (id, code, department_id, kind, name) VALUES (1, 'R1', 1, 'clinic', '甲'), (2, 'R2', 2, 'clinic', '乙');
                    INSERT INTO slot (id, resource_id, date, hour, capacity, reserved) VALUES (1, 1, '2026-11-26', 9, 4, 0), (2, 2, '2026-11-26', 9, 4, 0);
                    INSERT INTO patient (id, name, document_type, document_number, created_at) VALUES (1, '甲', 'passport', 'P0001', '2026-11-01T08:00');
                    INSERT INTO appointment (id, patient_id, slot_id, department_id, date, hour, status, booked_at, booked_by) VALUES
                        (1, 1, 1, 1, '2026-11-26', 9, 'booked', '2026-11-20T08:00', 'd'),
                        (2, 1, 2, 2, '2026-11-26', 9, 'booked', '2026-11-20T08:00', 'd');
                    """)
            }
            try older.close()
            chmod(path, 0o600)

            let store = try Store.open(path: path).with(clock: FixedClock(at("2026-11-25T08:30")))
            #expect(try store.appointments(AppointmentFilter(liveOnly: true)).count == 2)
            let clash = try #require(try store.healthCheck(by: Hospital.admin).checks.first { $0.name == "one_per_hour" })
            #expect(clash.violations.count == 1, "\(clash)")
            // Cancelling one mends it; booking it again is refused by the schema as by the core.
            _ = try store.cancel(appointment: 2, by: Hospital.admin)
            #expect(try store.healthCheck(by: Hospital.admin).healthy)
            let raw = try DatabaseQueue(path: path)
            #expect(throws: DatabaseError.self) {
                try raw.write { db in
                    try db.execute(sql: """
                        INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, booked_at, booked_by)
                        VALUES (1, 2, 2, '2026-11-26', 9, 'booked', '2026-11-25T08:30', 'sqlite3')
                        """)
                }
            }
        }
    }

    @Test("reopening a database migrates idempotently and keeps every row")
    func reopen() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("slotdesk.db").path
            let first = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
            func applied() throws -> [String] {
                try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
            }
            let shipped = try Migrations.all().map(\.name)
            #expect(try applied() == shipped)
            _ = try first.applySetup(smallSetup(), by: Hospital.admin)
            let patient = try first.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: "11010519491231002X"), by: Hospital.desk)
            for _ in 0..<3 {
                let again = try Store.create(path: path, training: true, now: at("2026-11-26T08:30"))
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
            let path = file.appendingPathComponent("x.db").path
            guard case let .storage(problem) = refusal({ try Store.open(path: path, now: nil) }) else {
                Issue.record("a database under a regular file did not fail as storage")
                return
            }
            #expect(problem == .cannotOpen(path: path, errno: ENOTDIR))
            #expect(problem.text(.en).contains("x.db") && problem.text(.zh).contains("路径中有一段不是文件夹"), "\(problem.text(.zh))")
            #expect(BookingError.storage(problem).kind == .storage)
        }
    }

    @Test("a file that is not a database is a storage failure, not a crash")
    func notADatabase() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("notes.db").path
            try Data(String(repeating: "these are not pages of a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
            chmod(path, 0o600)
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
