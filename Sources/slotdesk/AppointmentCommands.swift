import ArgumentParser
import BookingCore
import BookingStore
import Foundation
import Terminal

extension PriorityClass: ExpressibleByArgument {}

/// `slotdesk book --patient P --slot S`
struct Book: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Book a patient into a slot.",
        discussion: """
            P is the patient number or identity number; S the slot number or RESOURCE@YYYY-MM-DDTHH.
            Examples:
              slotdesk book --patient 11010519491231002X --slot D001@2026-11-24T09
              slotdesk book --patient 42 --slot D003@2026-12-03T10 --referral 7
              slotdesk book --patient 42 --slot D003@2026-11-26T09 --referral 8 --add-on
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Patient number or identity number.") var patient: String
    @Option(help: "Slot number or RESOURCE@YYYY-MM-DDTHH.") var slot: String
    @Option(help: "Book for this alliance clinic (uses its reserved seats first).") var clinic: String?
    @Option(help: "Priority class: green, referral, priority, regular (default: from age).") var priority: PriorityClass?
    @Option(help: "Why a patient flagged for no-shows is booked anyway (rule 7).") var reason: String?
    @Option(help: "Book from this referral: its clinic's reserved seats, its priority class.") var referral: Int64?
    @Flag(help: "Green-channel referral into a full slot: add a seat (rule 9; coordinator or admin).") var addOn = false

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            let request = BookingRequest(patient: try parsePatient(patient), slot: try parseSlot(slot),
                                         channel: clinic == nil && referral == nil ? .publicDesk : .alliance, clinic: code(clinic),
                                         priority: priority, reason: reason, referral: referral, addOn: addOn)
            let a = try store.book(request, by: .commandLine())
            let calendarKnown = try store.calendarLoaded(year: a.date.year)
            if out.json {
                var json = AppointmentJSON(a)
                json.calendar_known = calendarKnown
                out.emit(json)
            } else {
                out.say("已预约 \(a.id)：\(a.patientName) \(a.slotLabel) \(a.resourceName)", "Booked \(a.id): \(a.patientName) \(a.slotLabel) \(a.resourceName)")
                if !calendarKnown {
                    out.say("注意：\(a.date.year) 年节假日安排尚未载入，\(a.date) 按普通工作日出诊；公布后请载入并核对（规则12）",
                            "Note: no holiday calendar is loaded for \(a.date.year); \(a.date) was taken as an ordinary working day. "
                                + "Load the calendar once announced and check this booking (rule 12)")
                }
            }
        }
    }
}

/// `slotdesk cancel APPT`
struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel an appointment before its slot starts (rule 6).",
                                                    discussion: "Example: slotdesk cancel 42")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Appointment number.") var appointment: Int64

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            let a = try store.cancel(appointment: appointment, by: .commandLine())
            if out.json { out.emit(AppointmentJSON(a)) } else { out.say("已取消 \(a.id)：\(a.patientName) \(a.slotLabel)", "Cancelled \(a.id): \(a.patientName) \(a.slotLabel)") }
        }
    }
}

/// `slotdesk checkin APPT`
struct CheckIn: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkin", abstract: "Check a patient in on the day of the appointment.",
                                                    discussion: "Example: slotdesk checkin 42")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Appointment number.") var appointment: Int64

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            let a = try store.checkIn(appointment: appointment, by: .commandLine())
            if out.json { out.emit(AppointmentJSON(a)) } else { out.say("已签到 \(a.id)：\(a.patientName) \(a.slotLabel)", "Checked in \(a.id): \(a.patientName) \(a.slotLabel)") }
        }
    }
}

/// `slotdesk noshow [APPT]`
struct NoShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "noshow",
        abstract: "Mark an appointment a no-show, or with no number mark every overdue one (rule 7).",
        discussion: "An appointment not checked in by slot end + 30 minutes is a no-show.\nExample: slotdesk noshow 42"
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Appointment number; omit to mark all overdue appointments.") var appointment: Int64?

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            if let appointment {
                let a = try store.markNoShow(appointment: appointment, by: .commandLine())
                if out.json { out.emit(AppointmentJSON(a)) } else { out.say("已记爽约 \(a.id)：\(a.patientName) \(a.slotLabel)", "No-show \(a.id): \(a.patientName) \(a.slotLabel)") }
            } else {
                let n = try store.sweepNoShows(by: .commandLine())
                if out.json { out.emit(["marked": n]) } else { out.say("已记爽约 \(n) 个", "Marked \(n) no-shows") }
            }
        }
    }
}

/// `slotdesk appointments [--date] [--department] [--patient]`
struct Appointments: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List appointments (default: today's).",
        discussion: "Example: slotdesk appointments --department CARD --date 2026-11-24 --json"
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Day (YYYY-MM-DD); default today unless --patient is given.") var date: String?
    @Option(help: "Department code.") var department: String?
    @Option(help: "Resource code.") var resource: String?
    @Option(help: "Patient number or identity number.") var patient: String?

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            let p = try patient.map { (t) throws(BookingError) in try parsePatient(t) }
            var day = try date.map { (d) throws(BookingError) in try parseDate(d, option: "--date") }
            if day == nil && p == nil { day = store.now.date }
            let list = try store.appointments(AppointmentFilter(date: day, department: code(department), resource: code(resource), patient: p))
            if out.json {
                out.emit(list.map(AppointmentJSON.init))
                return
            }
            let l = out.language
            out.table([l.pick("编号", "Id"), l.pick("时段", "Slot"), l.pick("科室", "Dept"), l.pick("医生/设备", "Resource"), l.pick("患者", "Patient"),
                       l.pick("状态", "Status"), l.pick("类别", "Class"), l.pick("渠道", "Channel")],
                      list.map { a in
                          ["\(a.id)", a.slotLabel, a.department, a.resourceName, a.patientName, a.status.label(l), a.priority.label(l),
                           a.channel == .alliance ? l.pick("医联体", "alliance") + " " + (a.clinic ?? "") : l.pick("窗口", "desk")]
                      }, rightAligned: [0])
            if list.isEmpty { out.say("（没有预约）", "(no appointments)") }
        }
    }
}

/// `slotdesk slip APPT [--width 32|48] [--out FILE]`
struct Slip: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the appointment slip (预约凭条) as plain text for a receipt printer.",
        discussion: """
            32 columns for 58 mm paper, 48 for 80 mm; Chinese characters are measured as two columns.
            Examples:
              slotdesk slip 1216 | lp -d receipt
              slotdesk slip 1216 --width 32 --out /tmp/slip.txt
            """
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Appointment number.") var appointment: Int64
    @Option(help: "Columns: 32 (58 mm paper) or 48 (80 mm).") var width = 48
    @Option(help: "Write the slip to this file (owner-only) instead of standard output.") var out: String?
    @Flag(help: "Replace the --out file (or symbolic link) if it exists.") var force = false

    func validate() throws {
        guard SlipLayout.widths.contains(width) else { throw ValidationError(global.language.pick("--width 只能是 32 或 48", "--width must be 32 or 48")) }
    }

    func run() throws {
        try global.perform { store, output throws(BookingError) in
            let slip = try store.appointmentSlip(appointment, language: output.language)
            let text = SlipLayout.text(slip, width: width, language: output.language, measure: DisplayWidth.width(of:))
            guard let out else { return print(text, terminator: "") }
            // The slip names a patient: written as exports are, owner-only, never over a file or
            // through a link without --force.
            let destination = try ExportDestination(path: out, force: force)
            do {
                try destination.write(Data(text.utf8))
            } catch {
                destination.abandon()
                throw BookingError.invalidInput(field: "out", problem: .cannotWrite(out, errno: posixCode(of: error)))
            }
            try destination.finish()
            output.say("凭条已写入 \(out)", "Slip written to \(out)")
        }
    }
}

/// The system's error number behind a failed file write, when Foundation keeps it.
func posixCode(of error: Error) -> Int32? {
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return Int32(underlying.code)
    }
    switch (error as? CocoaError)?.code {
    case .fileWriteNoPermission?: return EACCES
    case .fileWriteOutOfSpace?: return ENOSPC
    case .fileWriteVolumeReadOnly?: return EROFS
    case .fileNoSuchFile?: return ENOENT
    default: return nil
    }
}
