import ArgumentParser
import BookingCore
import BookingStore
import Foundation

extension ReferralUrgency: ExpressibleByArgument {}
extension ReferralDirection: ExpressibleByArgument {}
extension ReferralStatus: ExpressibleByArgument {}

struct ReferralJSON: Encodable {
    let id: Int64
    let patient: Int64
    let patient_name: String
    let clinic: String
    let referring_doctor: String
    let department: String
    let resource: String?
    let reason: String
    let urgency: String
    let direction: String
    let status: String
    let created_at: String
    let due_date: String?
    let appointment: Int64?
    /// Rule 11a: a follow-up sent down, still pending after its due date.
    let overdue: Bool

    init(_ r: ReferralView, today: LocalDate) {
        overdue = r.isOverdue(today: today)
        id = r.id
        patient = r.patientID
        patient_name = r.patientName
        clinic = r.clinic
        referring_doctor = r.referringDoctor
        department = r.department
        resource = r.resource
        reason = r.reason
        urgency = r.urgency.rawValue
        direction = r.direction.rawValue
        status = r.status.rawValue
        created_at = r.createdAt.description
        due_date = r.dueDate?.description
        appointment = r.appointmentID
    }
}

/// `slotdesk referral add|list|show|cancel`
struct ReferralCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "referral",
        abstract: "Referrals (转诊单) from alliance clinics, and follow-ups back down to them.",
        subcommands: [Add.self, List.self, Show.self, Cancel.self, Done.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a referral.",
            discussion: "Example: slotdesk referral add --patient 42 --clinic C01 --doctor 赵医生 --department CARD --reason \"胸闷两周\" --urgency urgent"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Patient number or identity number.") var patient: String
        @Option(help: "The alliance clinic's code.") var clinic: String
        @Option(help: "The referring doctor.") var doctor: String
        @Option(help: "The department referred to.") var department: String
        @Option(help: "A particular doctor or room in it.") var resource: String?
        @Option(help: "Reason or diagnosis.") var reason: String
        @Option(help: "green, urgent or routine.") var urgency: ReferralUrgency = .routine
        @Option(help: "up (to the hospital) or down (follow-up at the clinic).") var direction: ReferralDirection = .up
        @Option(help: "For a down-referral: the follow-up's due date (YYYY-MM-DD).") var due: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let input = ReferralInput(patient: try parsePatient(patient), clinic: clinic, referringDoctor: doctor, department: department,
                                          resource: resource, reason: reason, urgency: urgency, direction: direction,
                                          dueDate: try due.map { (d) throws(BookingError) in try parseDate(d, option: "--due") })
                let r = try store.addReferral(input, by: .commandLine())
                if out.json { out.emit(ReferralJSON(r, today: store.now.date)) } else { out.say("已登记转诊单 \(r.id)：\(r.patientName) \(r.clinic) → \(r.department)",
                                                                         "Referral \(r.id) recorded: \(r.patientName) \(r.clinic) → \(r.department)") }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List referrals by urgency, then age (default: the pending inbox); follow-ups sent down by due date.",
            discussion: """
                Examples:
                  slotdesk referral list --clinic C01 --status pending --status booked
                  slotdesk referral list --direction down
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only these statuses (repeatable; default pending).") var status: [ReferralStatus] = []
        @Flag(help: "Every status.") var all = false
        @Option(help: "Clinic code.") var clinic: String?
        @Option(help: "Department code.") var department: String?
        @Option(help: "up or down.") var direction: ReferralDirection?
        @Option(help: "Patient number or identity number.") var patient: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let statuses: Set<ReferralStatus>? = all ? nil : Set(status.isEmpty ? [.pending] : status)
                let list = try store.referrals(ReferralFilter(statuses: statuses, clinic: code(clinic), department: code(department), direction: direction,
                                                              patient: try patient.map { (p) throws(BookingError) in try parsePatient(p) }))
                let now = store.now
                if out.json { return out.emit(list.map { ReferralJSON($0, today: now.date) }) }
                let l = out.language
                out.table([l.pick("编号", "Id"), l.pick("紧急", "Urgency"), l.pick("患者", "Patient"), l.pick("来自", "From"), l.pick("转往", "To"),
                           l.pick("方向", "Dir"), l.pick("等待", "Waited"), l.pick("状态", "Status"), l.pick("原因", "Reason")],
                          list.map { r in
                              ["\(r.id)", r.urgency.label(l), r.patientName, r.clinic, r.department, r.direction.label(l),
                               l.pick("\(r.ageDays(now: now))天", "\(r.ageDays(now: now))d"),
                               r.status.label(l) + (r.dueDate.map { l.pick(" 随访 \($0)", " due \($0)") } ?? "")
                                   + (r.isOverdue(today: now.date) ? l.pick("（逾期）", " (overdue)") : ""),
                               String(r.reason.prefix(30))]
                          }, rightAligned: [0])
                if list.isEmpty { out.say("（没有转诊单）", "(no referrals)") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one referral.", discussion: "Example: slotdesk referral show 7")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Referral number.") var id: Int64

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let r = try store.referral(id)
                if out.json { return out.emit(ReferralJSON(r, today: store.now.date)) }
                let l = out.language
                let overdue = r.isOverdue(today: store.now.date) ? l.pick("（逾期）", " (overdue)") : ""
                let rows: [(String, String)] = [
                    (l.pick("编号", "Referral"), "\(r.id)"), (l.pick("患者", "Patient"), "\(r.patientName) (\(r.patientID))"),
                    (l.pick("来自", "From"), "\(r.clinicName) (\(r.clinic)), \(r.referringDoctor)"),
                    (l.pick("转往", "To"), "\(r.departmentName) (\(r.department))" + (r.resource.map { " \($0)" } ?? "")),
                    (l.pick("方向", "Direction"), r.direction.label(l)), (l.pick("紧急程度", "Urgency"), r.urgency.label(l)),
                    (l.pick("状态", "Status"), r.status.label(l)), (l.pick("登记时间", "Recorded"), r.createdAt.readable),
                    (l.pick("原因", "Reason"), r.reason),
                ] + (r.appointmentID.map { [(l.pick("预约", "Appointment"), "\($0)")] } ?? [])
                  + (r.dueDate.map { [(l.pick("随访日期", "Follow-up due"), "\($0)" + overdue)] } ?? [])
                out.table(["", ""], rows.map { [$0.0, $0.1] })
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Withdraw a referral (its appointment, if booked, is cancelled too).",
            discussion: "Example: slotdesk referral cancel 7 --reason \"患者已在他院就诊\""
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Referral number.") var id: Int64
        @Option(help: "Why.") var reason: String

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let r = try store.cancelReferral(id, reason: reason, by: .commandLine())
                if out.json { out.emit(ReferralJSON(r, today: store.now.date)) } else { out.say("已撤销转诊单 \(r.id)", "Referral \(r.id) cancelled") }
            }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The clinic reports a follow-up sent down as done (rule 11a; coordinator or admin).",
            discussion: "Example: slotdesk referral done 12"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Referral number (a follow-up sent down).") var id: Int64

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let r = try store.completeFollowUp(id, by: .commandLine())
                if out.json { out.emit(ReferralJSON(r, today: store.now.date)) } else {
                    out.say("随访已完成：转诊单 \(r.id)，\(r.patientName)", "Follow-up done: referral \(r.id), \(r.patientName)")
                }
            }
        }
    }
}

/// `slotdesk quota report`
struct Quota: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reserved quota for the alliance: reserved, used, released, still held.",
        subcommands: [Report.self]
    )

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per department and day: reserved, used (per clinic), released, still held.",
            discussion: "Example: slotdesk quota report --date 2026-11-26 --department CARD --json"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Day (YYYY-MM-DD); default today.") var date: String?
        @Option(help: "Last day of a range, with --date as the first.") var to: String?
        @Option(help: "Department code.") var department: String?
        @Option(help: "Clinic code: `used` counts only its seats.") var clinic: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let first = try date.map { (d) throws(BookingError) in try parseDate(d, option: "--date") } ?? store.now.date
                let last = try to.map { (d) throws(BookingError) in try parseDate(d, option: "--to") } ?? first
                let rows = try store.quotaReport(from: first, to: last, department: code(department), clinic: code(clinic))
                if out.json {
                    struct R: Encodable {
                        let date, department: String
                        let reserved, used, released, held, releasing_24h: Int
                        let clinics: [String: Int]
                    }
                    return out.emit(rows.map { R(date: $0.date.description, department: $0.department, reserved: $0.reserved, used: $0.used,
                                                 released: $0.released, held: $0.held, releasing_24h: $0.releasingSoon, clinics: $0.usedByClinic) })
                }
                let l = out.language
                out.table([l.pick("日期", "Date"), l.pick("科室", "Dept"), l.pick("预留", "Reserved"), l.pick("已用", "Used"),
                           l.pick("已释放", "Released"), l.pick("仍预留", "Held"), l.pick("24小时内释放", "Release<24h"), l.pick("各机构已用", "By clinic")],
                          rows.map { r in
                              [r.date.description, r.department, "\(r.reserved)", "\(r.used)", "\(r.released)", "\(r.held)", "\(r.releasingSoon)",
                               r.usedByClinic.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")]
                          }, rightAligned: [2, 3, 4, 5, 6])
                if rows.isEmpty { out.say("（没有预留号源）", "(no reserved seats)") }
            }
        }
    }
}
