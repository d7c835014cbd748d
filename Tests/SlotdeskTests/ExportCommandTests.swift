import BookingCore
import BookingStore
import Foundation
import Testing

// `slotdesk export` and `slotdesk report` as the statistician types them.

@Suite("Export and report commands")
struct ExportCommandTests {
    @Test("export csv --out writes an owner-only file with a byte-order mark, says how many rows, leaves no partial file")
    func csvToFile() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 2)
            let store = try t.store()
            _ = try store.book(BookingRequest(patient: .id(patients[0].id), slot: .at(resource: "D001", date: day("2026-11-26"), hour: 9)), by: admin)
            let out = t.folder.appendingPathComponent("appts.csv").path
            let run = try t.slotdesk("export", "csv", "appointments", extra: ["--from", "2026-11-25", "--to", "2026-11-30", "--out", out, "--lang", "en"])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout == "1 rows exported (appointments, utf8): \(out)\n")
            let data = try Data(contentsOf: URL(fileURLWithPath: out))
            #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: data.dropFirst(3), as: UTF8.self).hasPrefix("Appointment,Date,Hour,Department,"))
            #expect(try permissions(out) == 0o600)
            #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
        }
    }

    @Test("export fhir to stdout is one JSON bundle and nothing else; a refusal leaves no file behind")
    func fhirToStdout() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let run = try t.slotdesk("export", "fhir", extra: ["--from", "2026-11-25", "--to", "2026-11-25", "--department", "CARD"])
            #expect(run.status == 0, "\(run)")
            let bundle = try #require(try run.json() as? [String: Any])
            #expect(bundle["resourceType"] as? String == "Bundle" && bundle["type"] as? String == "collection")
            #expect(run.stderr == "[TRAINING] a training database, simulated clock 2026-11-25 08:30\n",
                    "no terminal on stderr: no progress, no summary; only the training database's mark")

            let out = t.folder.appendingPathComponent("bad.json").path
            let refused = try t.slotdesk("export", "fhir", extra: ["--from", "2026-11-25", "--to", "2026-11-25", "--department", "NOPE", "--out", out])
            #expect(refused.status == 2)
            #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: out + ".partial"))
        }
    }

    @Test("report utilisation --json has the shape the README documents")
    func utilisationJSON() throws {
        try withShell { t in
            let patients = try prepareHospital(t, patients: 1)
            _ = try t.store().book(BookingRequest(patient: .id(patients[0].id), slot: .at(resource: "D001", date: day("2026-11-26"), hour: 9)), by: admin)
            let run = try t.slotdesk("report", "utilisation", json: true, extra: ["--from", "2026-11-26", "--to", "2026-11-26", "--department", "CARD"])
            #expect(run.status == 0, "\(run)")
            let object = try #require(try run.json() as? [String: Any])
            #expect(Set(object.keys) == ["from", "to", "departments", "hours", "total"])
            let card = try #require((object["departments"] as? [[String: Any]])?.first)
            #expect(Set(card.keys) == ["department", "name", "slots", "capacity", "booked", "fill_percent"])
            #expect(card["booked"] as? Int == 1)
            #expect(((object["hours"] as? [[String: Any]])?.first?["hour"] as? Int) == 8)
        }
    }
}
