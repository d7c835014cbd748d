import BookingCore
import BookingStore
import Foundation
import Testing

// Rule 14: nothing printed beside a masked identity number may rebuild it. `patient show 321`
// once printed `110105********0009` and `Born 1960-01-01`: the hidden digits are the birth date.

@Suite("Masking that cannot be undone")
struct MaskingTests {
    static let number = identityNumber(region: "110105", birth: "19600101", sequence: 0)

    /// Every resident number whose visible parts (region, last four with the check character)
    /// and the age printed on `today` agree with what was shown.
    static func candidates(masked: String, age: Int, today: LocalDate) -> [String] {
        let region = String(masked.prefix(6)), tail = String(masked.suffix(4))
        var found: [String] = []
        var date = LocalDate(year: today.year - age - 1, month: 1, day: 1)!
        let last = LocalDate(year: today.year - age, month: 12, day: 31)!
        while date <= last {
            var years = today.year - date.year
            if (today.month, today.day) < (date.month, date.day) { years -= 1 }
            if years == age {
                let body = region + String(format: "%04d%02d%02d", date.year, date.month, date.day) + tail.prefix(3)
                let check = ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! })
                if String(check) == String(tail.suffix(1)) { found.append(body + String(check)) }
            }
            date = date.adding(days: 1)
        }
        return found
    }

    @Test("every printed form of a patient — lists, show, add, find, exports, audit — taken together leaves the number open")
    func noCombinationRebuildsTheNumber() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let added = try t.slotdesk("patient", "add", json: true, extra: ["--name", "王五", "--id-number", Self.number, "--phone", "13800001111"])
            #expect(added.status == 0, "\(added)")
            let id = try #require((try added.json() as? [String: Any])?["id"] as? Int)
            let booked = try t.slotdesk("book", extra: ["--patient", "\(id)", "--slot", "D001@2026-11-26T09"])
            #expect(booked.status == 0, "\(booked)")

            var printed: [String] = [added.stdout]
            for arguments in [["patient", "show", "\(id)"], ["patient", "find", "王五"], ["patient", "find", "ww"], ["appointments", "--date", "2026-11-26"],
                              ["export", "csv", "appointments", "--from", "2026-11-25", "--to", "2026-11-30"],
                              ["export", "fhir", "--from", "2026-11-25", "--to", "2026-11-30"], ["audit"]] {
                for json in [false, true] {
                    let run = try t.slotdesk(arguments[0], json: json, extra: Array(arguments.dropFirst()) + ["--lang", "en"])
                    #expect(run.status == 0, "\(run)")
                    printed.append(run.stdout)
                }
            }
            let text = try t.slotdesk("patient", "add", extra: ["--name", "赵六", "--id-number", identityNumber(region: "110105", birth: "19700202", sequence: 1)])
            #expect(text.status == 0 && !text.stdout.contains("1970-02-02") && !text.stdout.contains("19700202"), "\(text)")
            let everything = printed.joined(separator: "\n")

            // Neither the number nor its hidden digits appear in any form.
            #expect(!everything.contains(Self.number))
            for form in ["1960-01-01", "19600101", "1960/01/01", "1960年1月1日"] { #expect(!everything.contains(form), "\(form) printed") }
            #expect(everything.contains("110105********0009") || everything.contains(Privacy.maskDocument(Self.number, type: .resident)))
            // JSON gives the age, never the birth date.
            let show = try #require(try t.slotdesk("patient", "show", "\(id)", json: true).json() as? [String: Any])
            #expect(show["birth_date"] == nil || show["birth_date"] is NSNull)
            let age = try #require(show["age"] as? Int)
            #expect(age == 66)
            let fhir = try #require(try t.slotdesk("export", "fhir", extra: ["--from", "2026-11-26", "--to", "2026-11-26"]).json() as? [String: Any])
            let patient = try #require((fhir["entry"] as? [[String: Any]])?.compactMap { $0["resource"] as? [String: Any] }
                .first { $0["resourceType"] as? String == "Patient" && ($0["name"] as? [[String: Any]])?.first?["text"] as? String == "王五" })
            #expect(patient["birthDate"] == nil && patient["_birthDate"] != nil)

            // What the masked number and the age leave: many numbers, the real one among them.
            let open = Self.candidates(masked: Privacy.maskDocument(Self.number, type: .resident), age: age, today: day("2026-11-25"))
            #expect(open.contains(Self.number))
            #expect(open.count > 10, "only \(open.count) numbers fit what was printed")
        }
    }

    @Test("--reveal is the way to the birth date, and it is audited")
    func revealShowsBirthDate() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let added = try t.slotdesk("patient", "add", json: true, extra: ["--name", "王五", "--id-number", Self.number])
            let id = try #require((try added.json() as? [String: Any])?["id"] as? Int)
            let shown = try t.slotdesk("patient", "show", "\(id)", extra: ["--reveal", "--lang", "en"])
            #expect(shown.status == 0 && shown.stdout.contains("1960-01-01") && shown.stdout.contains(Self.number), "\(shown)")
            let plain = try t.slotdesk("patient", "show", "\(id)", extra: ["--lang", "en"])
            #expect(!plain.stdout.contains("Born") && plain.stdout.contains("Age"), "\(plain)")
            let audit = try t.slotdesk("audit", json: true, extra: ["--action", "patient.reveal"])
            #expect((try audit.json() as? [Any])?.count == 1)
        }
    }

    @Test("a passport shows only its last 3 characters everywhere")
    func passportLastThree() throws {
        try withShell { t in
            try prepareHospital(t, patients: 1)
            let added = try t.slotdesk("patient", "add", json: true, extra: ["--name", "John Smith", "--document-type", "passport", "--document-number", "E12345678",
                                                                               "--birth-date", "1980-02-03", "--sex", "M"])
            #expect(added.status == 0, "\(added)")
            #expect((try added.json() as? [String: Any])?["document_number"] as? String == "******678")
            let id = try #require((try added.json() as? [String: Any])?["id"] as? Int)
            let shown = try t.slotdesk("patient", "show", "\(id)", extra: ["--lang", "en"])
            #expect(shown.stdout.contains("******678") && !shown.stdout.contains("E1") && !shown.stdout.contains("5678"), "\(shown)")
        }
    }
}
