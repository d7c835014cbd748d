import ArgumentParser
import BookingCore
import BookingStore
import Foundation

/// `slotdesk report utilisation|no-shows|quota|waits`: the statisticians' numbers.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports: slot utilisation, no-show rate, reserved quota use, waiting times.",
        discussion: "Each prints a table, or with --json the shape the README describes (section Exchange).",
        subcommands: [Utilisation.self, NoShows.self, QuotaUse.self, Waits.self]
    )

    struct Utilisation: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "utilisation",
            abstract: "Booked seats against seats offered, by department and by hour of the day.",
            discussion: "Default range: today and the 6 days after. Example: slotdesk report utilisation --from 2026-11-23 --to 2026-11-29 --json"
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var range: DateRangeOptions
        @Flag(help: "Also one line per department and hour.") var hours = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let scope = try range.scope(today: store.now.date)
                let report = try store.utilisationReport(from: scope.from, to: scope.to, department: scope.department)
                if out.json { return out.emit(UtilisationJSON(report)) }
                let l = out.language
                let header = [l.pick("科室", "Department"), l.pick("时", "Hour"), l.pick("时段", "Slots"), l.pick("号源", "Seats"),
                              l.pick("已约", "Booked"), l.pick("利用率", "Fill")]
                func row(_ u: UtilisationLine) -> [String] {
                    [u.department == "*" ? l.pick("全院", "Hospital") : u.departmentName, u.hour.map { "\($0):00" } ?? "",
                     "\(u.slots)", "\(u.capacity)", "\(u.booked)", percent(u.fillPercent)]
                }
                var rows: [[String]] = []
                for d in report.departments {
                    rows.append(row(d))
                    if hours { rows += report.hours.filter { $0.department == d.department }.map(row) }
                }
                rows.append(row(report.total))
                out.say("号源利用率 \(scope.from)…\(scope.to)", "Slot utilisation \(scope.from)…\(scope.to)")
                out.table(header, rows, rightAligned: [1, 2, 3, 4, 5])
            }
        }
    }

    struct NoShows: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "no-shows",
            abstract: "No-show rate by department: no-shows among the appointments already due (rule 7).",
            discussion: "Default range: the 30 days up to today. Example: slotdesk report no-shows --from 2026-11-01 --to 2026-11-30"
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var range: DateRangeOptions

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let scope = try range.scope(today: store.now.date, defaultFrom: -29, defaultDays: 30)
                let report = try store.noShowReport(from: scope.from, to: scope.to, department: scope.department)
                if out.json { return out.emit(NoShowReportJSON(report)) }
                let l = out.language
                let rows = (report.departments + [report.total]).map { n in
                    [n.department == "*" ? l.pick("全院", "Hospital") : n.departmentName, "\(n.appointments)", "\(n.due)", "\(n.attended)",
                     "\(n.noShows)", "\(n.pending)", percent(n.ratePercent)]
                }
                out.say("爽约率 \(scope.from)…\(scope.to)（已到期预约中的爽约）", "No-shows \(scope.from)…\(scope.to) (among appointments already due)")
                out.table([l.pick("科室", "Department"), l.pick("预约", "Booked"), l.pick("已到期", "Due"), l.pick("就诊", "Attended"),
                           l.pick("爽约", "No-shows"), l.pick("未到期", "Pending"), l.pick("爽约率", "Rate")], rows, rightAligned: [1, 2, 3, 4, 5, 6])
            }
        }
    }

    struct QuotaUse: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quota",
            abstract: "Reserved quota: use and release by department, use by alliance clinic (rules 1–2).",
            discussion: "Default range: today and the 13 days after (at most 93 days). Example: slotdesk report quota --from 2026-11-25 --to 2026-12-08"
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var range: DateRangeOptions

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let scope = try range.scope(today: store.now.date, defaultDays: 14)
                let report = try store.quotaUseReport(from: scope.from, to: scope.to, department: scope.department)
                if out.json { return out.emit(QuotaUseJSON(report)) }
                let l = out.language
                out.say("预留号源 \(scope.from)…\(scope.to)", "Reserved quota \(scope.from)…\(scope.to)")
                out.table([l.pick("科室", "Department"), l.pick("预留", "Reserved"), l.pick("已用", "Used"), l.pick("使用率", "Used %"),
                           l.pick("已释放", "Released"), l.pick("仍预留", "Held"), l.pick("24小时内释放", "Release<24h")],
                          report.departments.map { d in
                              [d.departmentName, "\(d.reserved)", "\(d.used)", percent(d.usedPercent), "\(d.released)", "\(d.held)", "\(d.releasingSoon)"]
                          }, rightAligned: [1, 2, 3, 4, 5, 6])
                print("")
                out.table([l.pick("机构", "Clinic"), l.pick("名称", "Name"), l.pick("预留号", "Reserved seats"), l.pick("公共号", "Public seats"),
                           l.pick("已取消", "Cancelled"), l.pick("转诊单", "Referrals"), l.pick("已预约", "Booked")],
                          report.clinics.map { c in
                              [c.clinic, c.clinicName, "\(c.reservedSeats)", "\(c.publicSeats)", "\(c.cancelled)", "\(c.referrals)", "\(c.referralsBooked)"]
                          }, rightAligned: [2, 3, 4, 5, 6])
            }
        }
    }

    struct Waits: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "waits",
            abstract: "Waiting times in days: referral to appointment, day-surgery queue to theatre.",
            discussion: "Default range: the 30 days up to today. Example: slotdesk report waits --from 2026-11-01 --to 2026-11-30 --json"
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var range: DateRangeOptions

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let scope = try range.scope(today: store.now.date, defaultFrom: -29, defaultDays: 30)
                let report = try store.waitReport(from: scope.from, to: scope.to, department: scope.department)
                if out.json { return out.emit(WaitReportJSON(report)) }
                let l = out.language
                func row(_ label: String, _ w: WaitDistribution) -> [String] {
                    [label, "\(w.count)", days(w.meanDays), days(w.medianDays), days(w.p90Days), days(w.maxDays)]
                }
                let header = [l.pick("分组", "Group"), l.pick("人数", "Patients"), l.pick("平均", "Mean"), l.pick("中位数", "Median"),
                              l.pick("90%", "90%"), l.pick("最长", "Longest")]
                out.say("转诊到就诊（天）\(scope.from)…\(scope.to)", "Referral to appointment (days) \(scope.from)…\(scope.to)")
                out.table(header, report.referralByDepartment.map { row($0.label, $0.waits) }
                    + report.referralByUrgency.map { row((ReferralUrgency(rawValue: $0.group)?.label(l) ?? $0.group), $0.waits) }
                    + [row(l.pick("全部", "All"), report.referralTotal.waits)], rightAligned: [1, 2, 3, 4, 5])
                print("")
                out.say("入队到手术（天）", "Day-surgery queue to theatre (days)")
                out.table(header, report.surgeryByClass.map { row(PriorityClass(rawValue: $0.group)?.label(l) ?? $0.group, $0.waits) }
                    + [row(l.pick("全部", "All"), report.surgeryTotal.waits)], rightAligned: [1, 2, 3, 4, 5])
                print("")
                out.say("目前仍在等待（天）", "Still waiting now (days)")
                out.table(header, [row(l.pick("待预约转诊单", "Pending referrals"), report.referralsWaiting),
                                   row(l.pick("日间手术候台", "Day-surgery queue"), report.queueWaiting)], rightAligned: [1, 2, 3, 4, 5])
                print("")
                out.say("下转随访待完成 \(report.followUpsPending) 例，其中逾期 \(report.followUpsOverdue) 例",
                        "Follow-ups sent down still pending: \(report.followUpsPending), of them overdue: \(report.followUpsOverdue)")
            }
        }
    }
}

func percent(_ value: Double) -> String { String(format: "%.1f%%", value) }
func days(_ value: Double) -> String { String(format: "%.1f", value) }

// MARK: - JSON shapes (README, "Exchange")

struct UtilisationJSON: Encodable {
    struct Line: Encodable {
        let department: String
        let name: String
        let hour: Int?
        let slots, capacity, booked: Int
        let fill_percent: Double
        init(_ u: UtilisationLine) {
            department = u.department; name = u.departmentName; hour = u.hour
            slots = u.slots; capacity = u.capacity; booked = u.booked; fill_percent = u.fillPercent
        }
    }
    let from, to: String
    let departments, hours: [Line]
    let total: Line
    init(_ r: UtilisationReport) {
        from = r.from.description; to = r.to.description
        departments = r.departments.map(Line.init); hours = r.hours.map(Line.init); total = Line(r.total)
    }
}

struct NoShowReportJSON: Encodable {
    struct Line: Encodable {
        let department, name: String
        let appointments, due, attended, no_shows, pending: Int
        let rate_percent: Double
        init(_ n: NoShowLine) {
            department = n.department; name = n.departmentName; appointments = n.appointments; due = n.due; attended = n.attended
            no_shows = n.noShows; pending = n.pending; rate_percent = n.ratePercent
        }
    }
    let from, to: String
    let departments: [Line]
    let total: Line
    init(_ r: NoShowReport) {
        from = r.from.description; to = r.to.description; departments = r.departments.map(Line.init); total = Line(r.total)
    }
}

struct QuotaUseJSON: Encodable {
    struct Department: Encodable {
        let department, name: String
        let reserved, used, released, held, releasing_24h: Int
        let used_percent: Double
    }
    struct Clinic: Encodable {
        let clinic, name: String
        let reserved_seats, public_seats, cancelled, referrals, referrals_booked: Int
    }
    let from, to: String
    let departments: [Department]
    let clinics: [Clinic]
    init(_ r: QuotaUseReport) {
        from = r.from.description; to = r.to.description
        departments = r.departments.map {
            Department(department: $0.department, name: $0.departmentName, reserved: $0.reserved, used: $0.used, released: $0.released,
                       held: $0.held, releasing_24h: $0.releasingSoon, used_percent: $0.usedPercent)
        }
        clinics = r.clinics.map {
            Clinic(clinic: $0.clinic, name: $0.clinicName, reserved_seats: $0.reservedSeats, public_seats: $0.publicSeats, cancelled: $0.cancelled,
                   referrals: $0.referrals, referrals_booked: $0.referralsBooked)
        }
    }
}

struct WaitReportJSON: Encodable {
    struct Waits: Encodable {
        let count: Int
        let mean_days, median_days, p90_days, max_days: Double
        init(_ w: WaitDistribution) { count = w.count; mean_days = w.meanDays; median_days = w.medianDays; p90_days = w.p90Days; max_days = w.maxDays }
    }
    struct Group: Encodable {
        let group, label: String
        let waits: Waits
        init(_ line: WaitLine) { group = line.group; label = line.label; waits = Waits(line.waits) }
    }
    struct Referrals: Encodable { let by_department, by_urgency: [Group]; let total: Group }
    struct Surgery: Encodable { let by_class: [Group]; let total: Group }
    struct Now: Encodable { let referrals, surgery_queue: Waits }
    struct FollowUps: Encodable { let pending, overdue: Int }
    let from, to: String
    let follow_ups: FollowUps
    let referral_to_appointment: Referrals
    let queue_to_surgery: Surgery
    let waiting_now: Now
    init(_ r: WaitReport) {
        from = r.from.description; to = r.to.description
        referral_to_appointment = Referrals(by_department: r.referralByDepartment.map(Group.init), by_urgency: r.referralByUrgency.map(Group.init),
                                            total: Group(r.referralTotal))
        queue_to_surgery = Surgery(by_class: r.surgeryByClass.map(Group.init), total: Group(r.surgeryTotal))
        waiting_now = Now(referrals: Waits(r.referralsWaiting), surgery_queue: Waits(r.queueWaiting))
        follow_ups = FollowUps(pending: r.followUpsPending, overdue: r.followUpsOverdue)
    }
}
