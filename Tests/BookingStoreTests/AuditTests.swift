import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("Every change leaves an audit record (rule 13)")
struct AuditTests {
    struct Record: Equatable {
        let action: String, operatorName: String, terminal: String, entityID: String?, at: String
    }

    func newest(_ h: Hospital) throws -> Record? {
        try h.rawDatabase().read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT 1").map {
                Record(action: $0["action"], operatorName: $0["operator"], terminal: $0["terminal"], entityID: $0["entity_id"], at: $0["at"])
            }
        }
    }

    @Test("each successful command writes exactly one audit row naming who, where, when and what")
    func oneRowPerCommand() throws {
        try withDemoHospital { h in
            var rows = try h.auditRows()
            func expectOneMore(_ action: String, by actor: Operator, id: Int64?, at moment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
                let now = try h.auditRows()
                #expect(now == rows + 1, "\(action)", sourceLocation: sourceLocation)
                #expect(try newest(h) == Record(action: action, operatorName: actor.name, terminal: actor.terminal, entityID: id.map { "\($0)" }, at: moment),
                        sourceLocation: sourceLocation)
                rows = now
            }
            let p = try h.patients(3)
            rows = try h.auditRows()
            let q = try h.patient("周九", 9)
            try expectOneMore("patient.register", by: Hospital.desk, id: q.id, at: "2026-11-25T08:30")

            let a = try h.book(p[0], "D001@2026-11-26T09")
            try expectOneMore("appointment.book", by: Hospital.desk, id: a.id, at: "2026-11-25T08:30")
            let b = try h.book(p[1], "D001@2026-11-26T10")
            try expectOneMore("appointment.book", by: Hospital.desk, id: b.id, at: "2026-11-25T08:30")
            let c = try h.book(p[2], "D001@2026-11-26T11")
            rows += 1

            _ = try h.at("2026-11-25T12:00").cancel(appointment: a.id, by: Hospital.desk)
            try expectOneMore("appointment.cancel", by: Hospital.desk, id: a.id, at: "2026-11-25T12:00")
            _ = try h.at("2026-11-26T09:55").checkIn(appointment: b.id, by: Hospital.desk)
            try expectOneMore("appointment.checkin", by: Hospital.desk, id: b.id, at: "2026-11-26T09:55")
            _ = try h.at("2026-11-26T12:30").markNoShow(appointment: c.id, by: Hospital.desk)
            try expectOneMore("appointment.noshow", by: Hospital.desk, id: c.id, at: "2026-11-26T12:30")

            let d = try h.book(p[0], "CT1@2026-11-26T09")
            rows += 1
            #expect(try h.at("2026-11-26T10:30").sweepNoShows(by: Hospital.desk) == 1)
            try expectOneMore("appointment.noshow", by: Hospital.desk, id: d.id, at: "2026-11-26T10:30")

            _ = try h.store.importPatients(csv: Data("吴十,\(identityNumber(sequence: 10))\n".utf8), by: Hospital.admin)
            try expectOneMore("patient.import", by: Hospital.admin, id: nil, at: "2026-11-25T08:30")

            var setup = try DemoHospital.setup()
            setup.clinics.append(.init(code: "C05", name: "新桥社区卫生服务中心"))
            _ = try h.store.applySetup(setup, by: Hospital.admin)
            try expectOneMore("setup.apply", by: Hospital.admin, id: nil, at: "2026-11-25T08:30")

            _ = try h.store.generateSlots(from: day("2026-12-08"), to: day("2026-12-09"), by: Hospital.admin)
            try expectOneMore("slots.generate", by: Hospital.admin, id: nil, at: "2026-11-25T08:30")
        }
    }

    @Test("a refused command writes nothing, not even its audit row")
    func refusalsLeaveNoTrace() throws {
        try withDemoHospital { h in
            let p = try h.patients(5)
            for patient in p.prefix(4) { _ = try h.book(patient, "D001@2026-11-26T09") }
            let rows = try h.auditRows()
            #expect(refusal { try h.book(p[4], "D001@2026-11-26T09") } == .slotFull(slot: "D001@2026-11-26T09"))
            #expect(refusal { try h.patient("张三", 1) } != nil)
            #expect(refusal { try h.store.generateSlots(from: day("2026-12-09"), to: day("2026-12-01"), by: Hospital.admin) } != nil)
            #expect(try h.auditRows() == rows)
        }
    }
}
