import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("A database from a newer SlotDesk")
struct SchemaVersionCommandTests {
    @Test("every command refuses it with exit 3, in the operator's language, and changes nothing")
    func refused() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 1)
            try DatabaseQueue(path: t.db).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('099_future_feature')")
            }
            let before = try fingerprint(t.db)
            let book = try t.slotdesk("book", "--patient", "\(patients[0].id)", "--slot", "D001@2026-12-01T09", extra: ["--lang", "en"])
            #expect(book.status == 3, "\(book)")
            #expect(book.stderr.contains("made by a newer SlotDesk: 099_future_feature"), "\(book)")
            let find = try t.slotdesk("patient", "find", "1", extra: ["--lang", "zh"])
            #expect(find.status == 3, "\(find)")
            #expect(find.stderr.contains("由更新版本的 SlotDesk 创建：099_future_feature"), "\(find)")
            let doctor = try t.slotdesk("doctor", extra: ["--lang", "en"])
            #expect(doctor.status == 3, "\(doctor)")
            #expect(try fingerprint(t.db) == before)
        }
    }
}
