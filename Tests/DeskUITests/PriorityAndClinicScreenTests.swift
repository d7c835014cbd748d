import BookingCore
import BookingStore
@testable import DeskUI
import Foundation
import Terminal
import Testing

// What the screens take from the core rather than deciding themselves: the desk's priority badge
// (rule 8, `PriorityRules.reason`) and a surgeon booked in clinic while in theatre (rule 11).

/// A woman of 31 on the demo clock, found by her card number: 林静, born 14 March 1995.
enum Lin {
    static let name = "林静"
    static let card = "8800099001"
    static let birth = "19950314"

    /// A resident identity number for her (sequence 012: even, so female).
    static var documentNumber: String {
        let body = "110105" + birth + "012"
        return body + String(ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! }))
    }

    @discardableResult
    static func register(in store: Store) throws -> PatientView {
        try store.registerPatient(PatientInput(name: name, documentType: .resident, documentNumber: documentNumber, cardNumber: card), by: tester)
    }
}

@Suite("Priority badge and surgeon-in-clinic on screen")
struct PriorityAndClinicScreenTests {
    @Test("a pregnant patient of 31 shows the core's priority badge on the patient line, in the flag colour, in zh and en")
    func pregnantBadge() throws {
        for language in [Language.zh, .en] {
            var lin: PatientView?
            let desk = try DeskFixture(language: language) { store in
                let p = try Lin.register(in: store)
                lin = try store.setPriorityGroup(.id(p.id), group: .pregnant, reason: "孕28周", by: tester)
            }
            let p = try #require(lin)
            #expect(p.priorityGroup == .pregnant)
            desk.choosePatient(Lin.card)
            #expect(desk.app.state.patient?.id == p.id)
            let expected = language == .zh
                ? " 患者：林静  女  31岁  \(p.maskedDocument)  卡\(Lin.card)  患者号\(p.id)  [孕产妇 优先]"
                : " Patient: 林静  female  age 31  \(p.maskedDocument)  card \(Lin.card)  no. \(p.id)  [pregnant priority]"
            #expect(desk.lines[2] == expected)
            let badge = language == .zh ? "[孕产妇 优先]" : "[pregnant priority]"
            let x = try #require(desk.column(of: badge, row: 2))
            #expect(desk.screen.styleAt(x: x, y: 2) == Palette.flag)
        }
    }

    @Test("the same woman without a priority group has no badge: the badge is the group's, not an age's")
    func noGroupNoBadge() throws {
        var lin: PatientView?
        let desk = try DeskFixture { store in lin = try Lin.register(in: store) }
        let p = try #require(lin)
        desk.choosePatient(Lin.card)
        #expect(desk.lines[2] == " 患者：林静  女  31岁  \(p.maskedDocument)  卡\(Lin.card)  患者号\(p.id)")
    }

    /// Tomorrow's night review with a patient booked into `surgeon`'s clinic at `hour`, reloaded
    /// as the screen does after another desk's change.
    func reviewWithClinicPatient(_ surgeon: String, hour: Int, language: Language = .zh) throws -> SurgeryFixture {
        let f = try SurgeryFixture(language: language)
        let patient = try registerPassportHolder("门诊病人", number: "E\(hour)0012345", in: f.store)
        try book(patient.id, surgeon, tomorrow, hour, in: f.store)
        f.reload()
        return f
    }

    /// Moves the review's cursor onto case `id`.
    func select(_ id: Int64, in f: SurgeryFixture) {
        for _ in f.state.reviewed where f.state.reviewedCase?.id != id { f.key(.down) }
    }

    @Test("梁雪 booked in clinic at 11:00 while her case is in OR2 then: the row reads !clinic, F2 is refused with why, the case stays unconfirmed")
    func clinicConflictRefusesConfirm() throws {
        for language in [Language.zh, .en] {
            let before = try SurgeryFixture(language: language)
            let c = try #require(before.state.reviewed.first { $0.surgeonName == "梁雪" })
            #expect(c.theatre == "OR2" && c.checklistComplete && c.status == .scheduled)
            let toConfirm = language == .zh ? "待确认" : "to confirm"
            let y0 = try #require(before.row(containing: c.patientName))
            #expect(before.lines[y0].hasSuffix(toConfirm), "without a clinic patient the case is simply to confirm")

            let f = try reviewWithClinicPatient("D021", hour: 11, language: language)
            let y = try #require(f.row(containing: c.patientName))
            let line = f.lines[y]
            #expect(line.hasPrefix("! OR2 5 11:20"), "\(line)")
            #expect(line.hasSuffix(language == .zh ? "!门诊冲突" : "!clinic"), "\(line)")
            #expect(f.screen.styleAt(x: 109, y: y) == Palette.error)

            select(c.id, in: f)
            #expect(f.state.reviewedCase?.id == c.id)
            f.key(.function(2))
            let refusal = BookingError.surgeonInClinic(surgeon: "梁雪", date: tomorrow, hour: 11, booked: 1)
            #expect(f.lines[34] == " " + refusal.message(language))
            #expect(language == .en || f.lines[34] == " 术者 梁雪 2026-11-26 11:00 有门诊，已约 1 位患者，不能同时手术（规则11）")
            #expect(try f.store.surgeryCase(c.id).status == .scheduled)
            #expect(f.lines[y].hasSuffix(language == .zh ? "!门诊冲突" : "!clinic"))
        }
    }

    @Test("a case confirmed before its surgeon's clinic got a patient is marked ! as well as !clinic: it needs the reviewer again")
    func confirmedCaseInConflictNeedsAttention() throws {
        let f = try reviewWithClinicPatient("D026", hour: 8)
        let c = try #require(f.state.reviewed.first { $0.surgeonName == "许明远" && $0.status == .ready })
        let y = try #require(f.row(containing: c.patientName))
        #expect(f.lines[y].hasSuffix("!门诊冲突"))
        #expect(f.lines[y].hasPrefix("! OR2 1 08:00"), "\(f.lines[y])")
    }
}
