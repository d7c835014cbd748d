import ArgumentParser
import BookingCore
import BookingStore
import Foundation

extension DocumentType: ExpressibleByArgument {}
extension Sex: ExpressibleByArgument {}

/// `slotdesk patient add|import|find`
struct PatientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patient",
        abstract: "Register, import and find patients (real-name rules, rule 4).",
        subcommands: [Add.self, Import.self, Find.self, Show.self, Priority.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a patient with a resident identity number or another document.",
            discussion: """
                Examples:
                  slotdesk patient add --name 张三 --id-number 11010519491231002X --phone 13800000000
                  slotdesk patient add --name "John Smith" --document-type passport --document-number E12345678 --birth-date 1980-02-03 --sex M
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "The name as on the document.") var name: String
        @Option(help: "18-digit resident identity number (居民身份证号).") var idNumber: String?
        @Option(help: "Another document: passport, hk_macao, taiwan, foreign_permanent, other.") var documentType: DocumentType?
        @Option(help: "The number of that document.") var documentNumber: String?
        @Option(help: "Birth date (YYYY-MM-DD), for documents other than the resident card.") var birthDate: String?
        @Option(help: "Sex, M or F, for documents other than the resident card.") var sex: Sex?
        @Option(help: "Mobile or landline number.") var phone: String?
        @Option(help: "Hospital card number.") var card: String?

        func validate() throws {
            if (idNumber == nil) == (documentType == nil || documentNumber == nil) {
                throw ValidationError(global.language.pick("请给出 --id-number，或者 --document-type 加 --document-number（二者选一）",
                                                                 "give either --id-number, or --document-type with --document-number"))
            }
            if documentType == .resident { throw ValidationError(global.language.pick("居民身份证号请用 --id-number", "use --id-number for a resident identity number")) }
        }

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let input = PatientInput(
                    name: name, documentType: idNumber != nil ? .resident : documentType ?? .other,
                    documentNumber: idNumber ?? documentNumber ?? "", phone: phone, cardNumber: card,
                    birthDate: try birthDate.map { (d) throws(BookingError) in try parseDate(d, option: "--birth-date") }, sex: sex)
                let patient = try store.registerPatient(input, by: .commandLine())
                if out.json { out.emit(PatientJSON(patient, today: store.now.date)) } else { printPatients([patient], out, today: store.now.date) }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import patients from CSV: name,id_number,phone,card (UTF-8, BOM optional).",
            discussion: """
                Good rows are imported in chunks of 500, each committed as it is done; each bad row is reported with its line and \
                reason. Run again after a kill or a failure: rows already imported (same identity and name) are counted as such.
                Exit 0: every row is in. 1: some rows were refused (listed). 2: the file cannot be read; nothing was imported.
                Example: slotdesk patient import patients.csv
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The CSV file.") var file: String

        func run() throws {
            var refused = false
            try global.perform { store, out throws(BookingError) in
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw BookingError.invalidInput(field: "FILE", problem: .cannotRead(file))
                }
                let progress = Progress(total: 1, label: out.language.pick("导入", "import"))
                let report = try store.importPatients(csv: data, by: .commandLine()) { done, total in
                    progress.update(done, of: total)
                }
                progress.finish()
                refused = !report.problems.isEmpty
                if out.json {
                    struct P: Encodable { let line: Int; let message: String }
                    struct R: Encodable { let imported: Int; let already_imported: Int; let refused: [P] }
                    out.emit(R(imported: report.imported, already_imported: report.alreadyImported,
                               refused: report.problems.map { P(line: $0.line, message: $0.message(out.language)) }))
                    return
                }
                out.say("已导入 \(report.imported) 名患者，\(report.alreadyImported) 名此前已导入，\(report.problems.count) 行未导入",
                        "Imported \(report.imported) patients; \(report.alreadyImported) already imported; \(report.problems.count) rows refused")
                for p in report.problems { print(out.language.pick("  第 \(p.line) 行：", "  line \(p.line): ") + p.message(out.language)) }
            }
            // Refused rows are a rule's refusal (exit 1), the others are in; 2 is a file that cannot be read.
            if refused { throw ExitCode(1) }
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find patients by name, pinyin (zs, zhangsan), identity number, phone, card or patient number.",
            discussion: "Example: slotdesk patient find zs"
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "What to search for.") var query: String

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let found = try store.findPatients(query)
                if out.json { out.emit(found.map { PatientJSON($0, today: store.now.date) }) } else { printPatients(found, out, today: store.now.date) }
            }
        }
    }
}

extension PatientCommand {
    struct Priority: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a patient in a priority group (rule 8), or take them out with --clear.",
            discussion: "Example: slotdesk patient priority 42 --group pregnant --reason \"孕28周\""
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Patient number or identity number.") var patient: String
        @Option(help: "disabled, pregnant or veteran.") var group: PriorityGroup?
        @Option(help: "Why (required with --group).") var reason: String?
        @Flag(help: "Take the patient out of the priority group.") var clear = false

        func validate() throws {
            if clear == (group != nil) { throw ValidationError(global.language.pick("请给出 --group 加 --reason，或者 --clear（二者选一）", "give either --group with --reason, or --clear")) }
        }

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let p = try store.setPriorityGroup(try parsePatient(patient), group: clear ? nil : group, reason: reason, by: .commandLine())
                if out.json { out.emit(PatientJSON(p, today: store.now.date)) } else { printPatients([p], out, today: store.now.date) }
            }
        }
    }
}

func printPatients(_ patients: [PatientView], _ out: Output, today: LocalDate) {
    let l = out.language
    out.table([l.pick("编号", "Id"), l.pick("姓名", "Name"), l.pick("性别", "Sex"), l.pick("年龄", "Age"), l.pick("证件", "Document"),
               l.pick("电话", "Phone"), l.pick("卡号", "Card"), l.pick("提示", "Flags")],
              patients.map { p in
                  ["\(p.id)", p.name, p.sex?.label(l) ?? "", p.age(on: today).map(String.init) ?? "", p.maskedDocument, p.maskedPhone ?? "",
                   p.cardNumber ?? "", p.flagged ? l.pick("爽约\(p.recentNoShows)次", "\(p.recentNoShows) no-shows") : ""]
              }, rightAligned: [0, 3])
    if patients.isEmpty { out.say("（没有找到）", "(none found)") }
}
