import ArgumentParser
import BookingCore
import BookingStore
import Foundation

/// `slotdesk slots generate|list`
struct Slots: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate slots from the weekly sessions, or list them.",
        subcommands: [Generate.self, List.self]
    )

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate slots over a date range from sessions and the holiday calendar. Idempotent.",
            discussion: """
                Never deletes or shrinks a slot that holds bookings: such conflicts are listed and left alone.
                Days before today are never touched.
                Example: slotdesk slots generate --from 2026-12-01 --to 2026-12-31 --dry-run
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "First day (YYYY-MM-DD).") var from: String
        @Option(help: "Last day (YYYY-MM-DD), inclusive.") var to: String
        @Flag(help: "Report what would change without changing anything.") var dryRun = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let progress = Progress(total: 1, label: out.language.pick("生成号源（天）", "generating slots (days)"))
                let report = try store.generateSlots(from: try parseDate(from, option: "--from"), to: try parseDate(to, option: "--to"),
                                                     dryRun: dryRun, by: .commandLine()) { done, total in progress.update(done, of: total) }
                progress.finish()
                if out.json {
                    struct R: Encodable {
                        let from, to: String
                        let created, updated, removed, unchanged, without_calendar, past_days_skipped: Int
                        let conflicts: [String]
                        let dry_run: Bool
                    }
                    out.emit(R(from: report.from.description, to: report.to.description, created: report.created, updated: report.updated,
                               removed: report.removed, unchanged: report.unchanged, without_calendar: report.withoutCalendar,
                               past_days_skipped: report.pastDaysSkipped, conflicts: report.conflicts, dry_run: report.dryRun))
                    return
                }
                if report.dryRun { out.say("试运行，未做改动：", "Dry run, nothing changed:") }
                out.say("\(report.from) 至 \(report.to)：新建 \(report.created)，更新 \(report.updated)，移除 \(report.removed)，未变 \(report.unchanged)",
                        "\(report.from) to \(report.to): created \(report.created), updated \(report.updated), removed \(report.removed), unchanged \(report.unchanged)")
                if report.pastDaysSkipped > 0 {
                    out.say("已跳过过去的 \(report.pastDaysSkipped) 天", "skipped \(report.pastDaysSkipped) past days")
                }
                if report.withoutCalendar > 0 {
                    out.say("注意：\(report.withoutCalendar) 个时段所在年份尚未载入官方节假日安排，按普通周生成（载入后请重新生成）",
                            "note: \(report.withoutCalendar) slots fall in a year with no official holiday calendar loaded; generated as ordinary weeks (regenerate once it is loaded)")
                }
                if !report.conflicts.isEmpty {
                    out.say("冲突（未改动）：", "Conflicts (left unchanged):")
                    for c in report.conflicts { print("  " + c) }
                }
            }
            }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List slots with their seats as of now.",
            discussion: "Example: slotdesk slots list --department CARD --date 2026-11-24 --json"
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "Department code.") var department: String?
        @Option(help: "Resource code (doctor, room, device).") var resource: String?
        @Option(help: "Day (YYYY-MM-DD); default today.") var date: String?
        @Option(help: "Last day of a range (YYYY-MM-DD), with --date as the first.") var to: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let day = try date.map { (d) throws(BookingError) in try parseDate(d, option: "--date") } ?? store.now.date
                let last = try to.map { (d) throws(BookingError) in try parseDate(d, option: "--to") } ?? day
                guard day.days(to: last) <= 62, last >= day else {
                    throw BookingError.invalidInput(field: "--to", problem: .rangeTooLong(days: 63))
                }
                let slots = try store.slots(SlotFilter(from: day, to: last, department: code(department), resource: code(resource)))
                if out.json {
                    out.emit(slots.map(SlotJSON.init))
                    return
                }
                let l = out.language
                out.table([l.pick("编号", "Id"), l.pick("时段", "Slot"), l.pick("科室", "Dept"), l.pick("号源主体", "Resource"),
                           l.pick("容量", "Cap"), l.pick("预留", "Rsv"), l.pick("已约", "Booked"), l.pick("可约", "Free"), l.pick("状态", "State")],
                          slots.map { s in
                              let state: String
                              if s.started { state = l.pick("已开始", "started") }
                              else if s.available > 0 { state = s.available <= 2 ? l.pick("余号少", "few left") : l.pick("可约", "open") }
                              else if s.seats.reservedAvailable > 0 { state = l.pick("仅医联体", "alliance only") }
                              else { state = l.pick("已满", "full") }
                              return ["\(s.id)", s.label, s.department, s.resourceName, "\(s.capacity + s.added)", "\(s.reserved)", "\(s.booked)",
                                      "\(s.available)", state + (s.calendarKnown ? "" : l.pick(" *无官方日历", " *no calendar"))]
                          }, rightAligned: [0, 4, 5, 6, 7])
                if slots.isEmpty { out.say("（没有时段）", "(no slots)") }
            }
        }
    }
}
