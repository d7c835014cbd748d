import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("Registering and finding patients at the desk")
struct PatientStoreTests {
    @Test("a patient registered with an identity number gets birth date and sex from it, and an audit row")
    func register() throws {
        try withSmallHospital { h throws in
            let audit = try h.auditRows()
            let p = try h.store.registerPatient(PatientInput(name: " 张三 ", documentType: .resident, documentNumber: "11010519491231002x",
                                                             phone: "138 0000 0000", cardNumber: "ab1234"), by: Hospital.desk)
            #expect(p.name == "张三")
            #expect(p.documentNumber == "11010519491231002X")
            #expect(p.birthDate == day("1949-12-31"))
            #expect(p.sex == .female)
            #expect(p.phone == "13800000000")
            #expect(p.cardNumber == "AB1234")
            #expect(p.maskedDocument == "110105********002X")
            #expect(p.maskedPhone == "138****0000")
            #expect(p.age(on: day("2026-11-25")) == 76)
            #expect(try h.auditRows() == audit + 1)
            let row = try h.rawDatabase().read { db in try Row.fetchOne(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT 1") }
            #expect(row?["action"] == "patient.register")
            #expect(row?["operator"] == "desk:li")
            #expect(row?["entity_id"] == "\(p.id)")
            // The audit record carries the masked number, never the full one (rule 14).
            #expect((row?["after"] as String?)?.contains("11010519491231002X") == false)
        }
    }

    @Test("the same identity cannot be registered twice, even typed with a lower-case x")
    func duplicate() throws {
        try withSmallHospital { h throws in
            let first = try h.store.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: "11010519491231002X"), by: Hospital.desk)
            let audit = try h.auditRows()
            #expect(refusal { try h.store.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: "11010519491231002x"), by: Hospital.desk) }
                == .duplicatePatient(existing: first.id))
            #expect(refusal { try h.store.registerPatient(PatientInput(name: "张叁", documentType: .resident, documentNumber: "11010519491231002X"), by: Hospital.desk) }
                == .duplicatePatient(existing: first.id))
            #expect(try h.count("SELECT count(*) FROM patient") == 1)
            #expect(try h.auditRows() == audit)
        }
    }

    @Test("a hospital card belongs to one patient; a passport holder registers with birth date and sex given")
    func cardsAndPassports() throws {
        try withSmallHospital { h throws in
            try h.patient("张三", 1, card: "8800010001")
            guard case .invalidInput(field: "card", _) = refusal({ try h.patient("李四", 2, card: "8800010001") }) else {
                Issue.record("a card was given to two patients")
                return
            }
            let smith = try h.store.registerPatient(PatientInput(name: "John Smith", documentType: .passport, documentNumber: "e12345678",
                                                                 birthDate: day("1980-02-03"), sex: .male), by: Hospital.desk)
            #expect(smith.documentType == .passport)
            #expect(smith.documentNumber == "E12345678")
            #expect(smith.birthDate == day("1980-02-03"))
            #expect(try h.store.patient(.document("E12345678")).id == smith.id)
        }
    }

    @Test("a refused registration is an input error and stores nothing")
    func refusedRegistration() throws {
        try withSmallHospital { h throws in
            let bad = refusal { try h.store.registerPatient(PatientInput(name: "张三", documentType: .resident, documentNumber: "110105194912310021"), by: Hospital.desk) }
            #expect(bad == .invalidIdentityNumber("110105194912310021", reason: .checkDigit(expected: "X")))
            #expect(bad?.kind == .input)
            #expect(try h.count("SELECT count(*) FROM patient") == 0)
        }
    }

    @Test("the desk finds a patient by name, pinyin initials, full pinyin, identity number, phone, card or patient number")
    func find() throws {
        try withSmallHospital { h throws in
            let zhangsan = try h.patient("张三", 1, phone: "13800000001", card: "8800010001")
            let zhangsanfeng = try h.patient("张三丰", 2, phone: "13800000002")
            let lisi = try h.patient("李四", 3, phone: "13900000003", card: "8800010003")
            let shan = try h.patient("单田芳", 4)
            let zeng = try h.patient("曾国藩", 5)
            func names(_ query: String) throws -> [String] { try h.store.findPatients(query).map(\.name) }

            #expect(try names("张") == ["张三", "张三丰"])
            #expect(try names("张三丰") == ["张三丰"])
            #expect(try names("三") == ["张三", "张三丰"])  // anywhere in the name, after the prefixes
            #expect(try names("zs") == ["张三", "张三丰"])
            #expect(try names("ZSF") == ["张三丰"])
            #expect(try names("zhangsan") == ["张三", "张三丰"])
            #expect(try names("zhangsanf") == ["张三丰"])
            #expect(try names("shan") == ["单田芳"])
            #expect(try names("stf") == ["单田芳"])
            #expect(try names("zeng") == ["曾国藩"])
            #expect(try h.store.findPatients(identityNumber(sequence: 3)).map(\.id) == [lisi.id])
            #expect(try h.store.findPatients(identityNumber(sequence: 3).lowercased()).map(\.id) == [lisi.id])
            #expect(try h.store.findPatients("13800000002").map(\.id) == [zhangsanfeng.id])
            #expect(try h.store.findPatients("8800010001").map(\.id) == [zhangsan.id])
            #expect(try h.store.findPatients("\(shan.id)").first?.id == shan.id)
            #expect(try h.store.findPatients("\(zeng.id)").first?.name == "曾国藩")
            #expect(try h.store.findPatients(" 13900000003 ").map(\.id) == [lisi.id])
            #expect(try names("王").isEmpty)
            #expect(try names("").isEmpty)
            #expect(try names("*").isEmpty)  // GLOB characters match literally
        }
    }

    @Test("a phone typed at the desk the way it was registered (138-0000-0001, 138 0000 0001) finds the patient")
    func phoneAsTyped() throws {
        try withSmallHospital { h throws in
            let p = try h.patient("张三", 1, phone: "138-0000-0001")
            #expect(p.phone == "13800000001")
            #expect(try h.store.findPatients("13800000001").map(\.id) == [p.id])
            #expect(try h.store.findPatients("138-0000-0001").map(\.id) == [p.id])
            #expect(try h.store.findPatients("138 0000 0001").map(\.id) == [p.id])
        }
    }

    @Test("a patient's own record shows no no-show for an appointment later today (rule 7)")
    func noShowCountIgnoresLaterToday() throws {
        try withDemoHospital { h throws in
            let p = try h.patient("张三", 1)
            _ = try h.book(p, "CT1@2026-11-25T15")
            #expect(try h.store.patient(.id(p.id)).recentNoShows == 0)
            #expect(try h.store.findPatients("张三").first?.recentNoShows == 0)
            #expect(try h.store.recentNoShows(patients: [p.id]) == [p.id: 0])
            // Once its deadline (16:30) has passed, it counts even before anyone marks it.
            #expect(try h.at("2026-11-25T16:30").patient(.id(p.id)).recentNoShows == 1)
            #expect(try h.at("2026-11-25T16:29").patient(.id(p.id)).recentNoShows == 0)
        }
    }

    @Test("the desk's no-show flag agrees with the booking rule: two real no-shows and a visit this afternoon is not flagged")
    func flagAgreesWithBooking() throws {
        try withDemoHospital { h throws in
            let p = try h.patient("张三", 1)
            _ = try h.book(p, "CT1@2026-11-26T09")
            _ = try h.book(p, "CT1@2026-11-27T09")
            let saturday = h.at("2026-11-28T08:00")
            _ = try h.book(p, "CT1@2026-11-28T15", store: saturday)  // marks the two missed ones on the way
            #expect(try saturday.appointments(AppointmentFilter(patient: .id(p.id))).filter { $0.status == .noShow }.count == 2)
            // Booking without a reason is allowed: the patient has two no-shows, not three …
            let cardiology = try h.book(p, "D003@2026-11-30T09", store: saturday)
            #expect(cardiology.flagReason == nil)
            // … so the desk must not show the flag either.
            let seen = try saturday.patient(.id(p.id))
            #expect(seen.recentNoShows == 2)
            #expect(!seen.flagged)
        }
    }

    @Test("a name of 39 letters typed with combining accents registers, or is refused as input, never as a storage failure")
    func decomposedName() throws {
        try withSmallHospital { h throws in
            // "Nguyễn Thị Phương Thảo Trần Hoàng Quỳnh" as macOS and some IMEs send it (NFD): 39 characters, 49 code points.
            let name = "Nguyễn Thị Phương Thảo Trần Hoàng Quỳnh".decomposedStringWithCanonicalMapping
            #expect(name.count == 39)
            #expect(name.unicodeScalars.count == 49)
            let outcome = refusal { try h.patient(name, 1) }
            #expect(outcome?.kind != .storage, "\(String(describing: outcome))")
            // Names are stored composed (NFC): these 39 letters are 39 code points, within the limit.
            #expect(outcome == nil, "\(String(describing: outcome))")
            // (String == compares canonically, so count the code points to see it was composed.)
            #expect(try h.store.findPatients(identityNumber(sequence: 1)).map(\.name.unicodeScalars.count) == [39])
            // The same name precomposed (NFC) is stored as it is.
            let nfc = try h.patient("Nguyễn Thị Phương Thảo Trần Hoàng Quỳnh".precomposedStringWithCanonicalMapping, 2)
            #expect(nfc.name.count == 39)
        }
    }
}
