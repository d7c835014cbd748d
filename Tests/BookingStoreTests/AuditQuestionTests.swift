import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

/// Every question the audit view asks, on a log of 200,000 records: each answered through the ids
/// or an index, at interactive speed, and exactly (migration 015 left the log two indexes).
@Suite("Audit questions on a long log")
struct AuditQuestionTests {
    @Test("a time window, an operator (rare or busy), an operator within a window and a patient: each right and quick")
    func questions() throws {
        try withSmallHospital { h in
            let patient = try h.patient("张三", 1)
            // 200,000 records, ten a minute from 2026-11-26 (after the setup's own records), fifty desks, one rare administrator
            // every 50,000th record, and the patient's own record every 20,000th.
            try h.rawDatabase().write { db in
                try db.execute(sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
                    INSERT INTO audit (at, operator, terminal, action, entity, entity_id)
                    SELECT strftime('%Y-%m-%dT%H:%M', '2026-11-26', '+' || (i / 10) || ' minutes'),
                           CASE WHEN i % 50000 = 0 THEN 'admin:rare' ELSE 'desk:' || (i % 50) END, '-',
                           'appointment.book', CASE WHEN i % 20000 = 0 THEN 'patient' ELSE 'appointment' END,
                           CASE WHEN i % 20000 = 0 THEN '\(patient.id)' ELSE CAST(i AS TEXT) END
                    FROM n
                    """)
            }
            let store = h.at("2026-12-10T08:00")
            func timed(_ filter: AuditFilter) throws -> ([AuditRecord], Double) {
                let start = Date()
                let records = try store.auditLog(filter, by: Hospital.admin)
                return (records, Date().timeIntervalSince(start))
            }
            // A day: 14,400 records from 2026-11-30T00:00 to 23:59; the newest 200.
            let (window, windowTime) = try timed(AuditFilter(since: at("2026-11-30T00:00"), until: at("2026-12-01T00:00")))
            #expect(window.count == 200)
            #expect(window.first?.at == "2026-11-30T23:59" && window.allSatisfy { $0.at.hasPrefix("2026-11-30") })
            let (early, _) = try timed(AuditFilter(since: at("2026-11-30T00:00"), until: at("2026-11-30T00:02"), limit: 1000))
            #expect(early.count == 20, "\(early.count)")
            let (rare, rareTime) = try timed(AuditFilter(operatorName: "admin:rare"))
            #expect(rare.map(\.id).count == 4 && rare.map(\.id) == rare.map(\.id).sorted(by: >))
            let (busy, busyTime) = try timed(AuditFilter(since: at("2026-12-05T00:00"), operatorName: "desk:7", limit: 50))
            #expect(busy.count == 50 && busy.allSatisfy { $0.operatorName == "desk:7" && $0.at >= "2026-12-05T00:00" })
            #expect(busy.map(\.id) == busy.map(\.id).sorted(by: >))
            let (his, hisTime) = try timed(AuditFilter(patient: .id(patient.id)))
            #expect(his.filter { $0.entity == "patient" }.count == 11)  // ten written above, and his registration
            print("audit questions on 200,000 records: window \(windowTime) s, rare operator \(rareTime) s, busy operator in a window \(busyTime) s, patient \(hisTime) s")
            for (question, seconds) in [("window", windowTime), ("rare operator", rareTime), ("operator in a window", busyTime), ("patient", hisTime)] {
                #expect(seconds < 0.25, "\(question): \(seconds) s")
            }
            // A clock set back: the record stamped earlier than the one before it is listed, and
            // the window question reads `at` from then on, so it still finds it.
            #expect(try h.count("SELECT count(*) FROM audit_time_regression") == 0)
            _ = try h.at("2026-11-30T12:00").registerPatient(PatientInput(name: "李四", documentType: .resident,
                                                                          documentNumber: identityNumber(sequence: 2)), by: Hospital.desk)
            #expect(try h.count("SELECT count(*) FROM audit_time_regression") == 1)
            let late = try store.auditLog(AuditFilter(since: at("2026-11-30T12:00"), until: at("2026-11-30T12:01"), limit: 100), by: Hospital.admin)
            #expect(late.count == 11 && late.first?.action == "patient.register", "\(late.map(\.action))")

            // Nothing reads the whole log: the plans search by id or by an index.
            let plans = try h.rawDatabase().read { db in
                try ["SELECT * FROM audit WHERE operator = 'x' ORDER BY id DESC LIMIT 10",
                     "SELECT * FROM audit WHERE id >= 5 AND id < 9 AND at >= 'a' ORDER BY id DESC LIMIT 10",
                     "SELECT * FROM audit WHERE entity = 'patient' AND entity_id = '1' ORDER BY id DESC LIMIT 10"].map { sql in
                    try String.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, adapter: ColumnMapping(["detail": "detail"])).joined(separator: "; ")
                }
            }
            #expect(!plans[0].contains("SCAN") && !plans[0].contains("TEMP B-TREE"), "\(plans[0])")
            #expect(plans[1].contains("INTEGER PRIMARY KEY"), "\(plans[1])")
            #expect(plans[2].contains("audit_entity"), "\(plans[2])")
        }
    }

    @Test("the log keeps two indexes, the operator's and the entity's; while time runs forward no regression is listed")
    func indexes() throws {
        try withSmallHospital { h in
            let names = try h.rawDatabase().read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit' ORDER BY name")
            }
            #expect(names == ["audit_entity", "audit_operator"])
            _ = try h.patients(3)
            #expect(try h.count("SELECT count(*) FROM audit_time_regression") == 0)
        }
    }
}
