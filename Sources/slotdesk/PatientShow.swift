import ArgumentParser
import BookingCore
import BookingStore
import Foundation

extension PatientCommand {
    /// `slotdesk patient show P [--reveal]`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one patient; identity number and phone masked unless --reveal (audited, rule 14).",
            discussion: """
                --reveal shows the identity number and phone in full and records who saw them in the
                audit log (action patient.reveal); coordinators and administrators only.
                Examples:
                  slotdesk patient show 42
                  slotdesk patient show 11010519491231002X --reveal
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Patient number or identity number.") var patient: String
        @Flag(help: "Show the identity number and phone in full (recorded in the audit log).") var reveal = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let reference = try parsePatient(patient)
                let p = reveal ? try store.revealPatient(reference, by: .commandLine()) : try store.patient(reference)
                let document = reveal ? p.documentNumber : p.maskedDocument
                let phone = reveal ? p.phone : p.maskedPhone
                if out.json {
                    struct J: Encodable {
                        let id: Int64; let name: String; let document_type: String; let document_number: String; let phone: String?
                        let card: String?; let birth_date: String?; let age: Int?; let sex: String?; let recent_no_shows: Int; let revealed: Bool
                        let priority_group: String?
                    }
                    // Beside a masked number the birth date would give its hidden digits back: an age only (rule 14).
                    out.emit(J(id: p.id, name: p.name, document_type: p.documentType.rawValue, document_number: document, phone: phone,
                               card: p.cardNumber, birth_date: reveal ? p.birthDate?.description : nil, age: p.age(on: store.now.date),
                               sex: p.sex?.rawValue, recent_no_shows: p.recentNoShows, revealed: reveal,
                               priority_group: p.priorityGroup?.rawValue))
                    return
                }
                let l = out.language
                let today = store.now.date
                let born = reveal ? [[l.pick("出生", "Born"), p.birthDate?.description ?? ""]] : []
                out.table([l.pick("项目", "Field"), l.pick("内容", "Value")], [
                    [l.pick("编号", "Id"), "\(p.id)"],
                    [l.pick("姓名", "Name"), p.name],
                    [l.pick("证件", "Document"), "\(p.documentType.rawValue) \(document)"],
                    [l.pick("电话", "Phone"), phone ?? ""],
                    [l.pick("卡号", "Card"), p.cardNumber ?? ""],
                ] + born + [
                    [l.pick("年龄", "Age"), p.age(on: today).map(String.init) ?? ""],
                    [l.pick("性别", "Sex"), p.sex?.label(l) ?? ""],
                    [l.pick("爽约", "No-shows"), "\(p.recentNoShows)"],
                    [l.pick("优先", "Priority"), PriorityRules.reason(birth: p.birthDate, group: p.priorityGroup, on: today)?.label(l) ?? ""],
                ])
                if reveal { out.say("（已完整显示，已记入审计日志）", "(shown in full; recorded in the audit log)") }
            }
        }
    }
}
