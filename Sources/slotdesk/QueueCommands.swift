import ArgumentParser
import BookingCore
import BookingStore
import Foundation

extension PriorityGroup: ExpressibleByArgument {}

struct WaitlistJSON: Encodable {
    let id: Int64
    let patient: Int64
    let patient_name: String
    let department: String
    let resource: String?
    let from: String
    let to: String
    let hours: String
    let priority: String
    let head_of_class: Bool
    let waiting_since: String
    let channel: String
    let clinic: String?
    let referral: Int64?
    let status: String
    let appointment: Int64?

    init(_ w: WaitlistView) {
        id = w.id
        patient = w.patientID
        patient_name = w.patientName
        department = w.department
        resource = w.resource
        from = w.firstDate.description
        to = w.lastDate.description
        hours = String(format: "%02d-%02d", w.firstHour, w.endHour)
        priority = w.priority.rawValue
        head_of_class = w.headOfClass
        waiting_since = w.waitingSince.description
        channel = w.channel.rawValue
        clinic = w.clinic
        referral = w.referral
        status = w.status
        appointment = w.appointmentID
    }
}

/// `slotdesk waitlist add|list|remove`
struct WaitlistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waitlist",
        abstract: "The waitlist (候补): patients booked automatically, by class then waiting time, when a seat frees.",
        subcommands: [Add.self, List.self, Remove.self, Serve.self]
    )

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book waiting patients into seats freed since the last command (e.g. reserved seats the clock released).",
            discussion: "Every booking and cancellation does this too; the screens do it every minute.\nExample: slotdesk waitlist serve"
        )
        @OptionGroup var global: GlobalOptions

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let booked = try store.serveWaitlist(by: .commandLine())
                if out.json { out.emit(["booked": booked]) } else { out.say("候补预约 \(booked.count) 个", "Booked \(booked.count) from the waitlist") }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a patient on the waitlist for a department (optionally one doctor), a date window and hours.",
            discussion: "Example: slotdesk waitlist add --patient 42 --department CARD --from 2026-11-26 --to 2026-12-02 --hours 08-12"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Patient number or identity number.") var patient: String
        @Option(help: "Department code.") var department: String
        @Option(help: "Only this doctor or room.") var resource: String?
        @Option(help: "First day of the window (YYYY-MM-DD); default today.") var from: String?
        @Option(help: "Last day of the window (YYYY-MM-DD).") var to: String
        @Option(help: "Hours like 08-12 (slots 08 to 11); default all day.") var hours: String?
        @Option(help: "Class: green, referral, priority, regular (default: from the referral, age or priority group).") var priority: PriorityClass?
        @Option(help: "Wait for an alliance seat for this referral.") var referral: Int64?
        @Option(help: "Why a patient flagged for no-shows may still be booked (rule 7).") var reason: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                var first = 0, end = 24
                if let hours {
                    let parts = hours.split(separator: "-")
                    guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]) else {
                        throw BookingError.invalidInput(field: "--hours", problem: .hoursNotLike(String(hours.prefix(20))))
                    }
                    first = a
                    end = b
                }
                let request = WaitlistRequest(patient: try parsePatient(patient), department: department, resource: resource,
                                              firstDate: try from.map { (d) throws(BookingError) in try parseDate(d, option: "--from") } ?? store.now.date,
                                              lastDate: try parseDate(to, option: "--to"), firstHour: first, endHour: end, priority: priority,
                                              referral: referral, reason: reason)
                let w = try store.addToWaitlist(request, by: .commandLine())
                if out.json { return out.emit(WaitlistJSON(w)) }
                if w.status == "booked", let a = w.appointmentID {
                    out.say("已候补并立即预约成功：预约 \(a)", "Waitlisted and booked at once: appointment \(a)")
                } else {
                    out.say("已加入候补 \(w.id)：\(w.patientName) \(w.department) \(w.firstDate)–\(w.lastDate)（\(w.priority.label(.zh))）",
                            "On the waitlist as \(w.id): \(w.patientName) \(w.department) \(w.firstDate)–\(w.lastDate) (\(w.priority.label(.en)))")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The waitlist in serving order.", discussion: "Example: slotdesk waitlist list --department CARD")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Department code.") var department: String?
        @Flag(help: "Include booked, removed and expired entries.") var all = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let list = try store.waitlist(department: department, all: all)
                if out.json { return out.emit(list.map(WaitlistJSON.init)) }
                let l = out.language
                out.table([l.pick("编号", "Id"), l.pick("患者", "Patient"), l.pick("科室", "Dept"), l.pick("医生", "Doctor"), l.pick("日期", "Dates"),
                           l.pick("时段", "Hours"), l.pick("类别", "Class"), l.pick("候补起始", "Since"), l.pick("状态", "Status")],
                          list.map { w in
                              ["\(w.id)", w.patientName, w.department, w.resource ?? "", "\(w.firstDate)–\(w.lastDate)",
                               String(format: "%02d-%02d", w.firstHour, w.endHour), w.priority.label(l) + (w.headOfClass ? "*" : ""),
                               w.waitingSince.readable, w.status]
                          }, rightAligned: [0])
                if list.isEmpty { out.say("（没有候补）", "(no one waiting)") }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an entry off the waitlist.", discussion: "Example: slotdesk waitlist remove 7")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Waitlist entry number.") var id: Int64

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let w = try store.removeFromWaitlist(id, by: .commandLine())
                if out.json { out.emit(WaitlistJSON(w)) } else { out.say("已移出候补 \(w.id)", "Entry \(w.id) removed") }
            }
        }
    }
}

/// `slotdesk queue show|call|recall|skip|done --resource CODE --date DATE --hour H`
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "The call queue (叫号) of one resource-hour: class first, then check-in time.",
        subcommands: [Show.self, Call.self, Recall.self, Skip.self, Done.self]
    )

    struct Where: ParsableArguments {
        @Option(help: "Resource code.") var resource: String
        @Option(help: "Day (YYYY-MM-DD); default today.") var date: String?
        @Option(help: "Hour 0–23.") var hour: Int

        func slot(_ store: Store) throws(BookingError) -> SlotReference {
            guard (0...23).contains(hour) else { throw BookingError.invalidInput(field: "--hour", problem: .range(0...23)) }
            let day = try date.map { (d) throws(BookingError) in try parseDate(d, option: "--date") } ?? store.now.date
            return .at(resource: resource.uppercased(), date: day, hour: hour)
        }
    }

    struct QueueJSON: Encodable {
        struct Entry: Encodable { let appointment: Int64; let patient: String; let priority: String; let checked_in_at: String; let state: String; let recalls: Int }
        let slot: String
        let called: Entry?
        let waiting: [Entry]
        let done: [Entry]

        init(_ q: CallQueueView) {
            func e(_ x: QueueEntry) -> Entry {
                Entry(appointment: x.appointmentID, patient: x.patientName, priority: x.priority.rawValue, checked_in_at: x.checkedInAt,
                      state: x.state.rawValue, recalls: x.recalls)
            }
            slot = q.slotLabel
            called = q.called.map(e)
            waiting = q.waiting.map(e)
            done = q.done.map(e)
        }
    }

    static func show(_ q: CallQueueView, _ out: Output) {
        if out.json { return out.emit(QueueJSON(q)) }
        let l = out.language
        print("\(q.slotLabel) \(q.resourceName)")
        print(l.pick("正在就诊：", "Called: ") + (q.called.map { "\($0.patientName) (\($0.appointmentID))" + ($0.recalls > 0 ? l.pick(" 重呼\($0.recalls)次", " recalled \($0.recalls)×") : "") } ?? "-"))
        out.table([l.pick("顺序", "#"), l.pick("预约", "Appt"), l.pick("患者", "Patient"), l.pick("类别", "Class"), l.pick("签到", "Checked in")],
                  q.waiting.enumerated().map { i, e in ["\(i + 1)", "\(e.appointmentID)", e.patientName, e.priority.label(l), e.checkedInAt] },
                  rightAligned: [0, 1])
        print(l.pick("已就诊 \(q.done.count) 人", "\(q.done.count) seen"))
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the queue.", discussion: "Example: slotdesk queue show --resource D001 --hour 9")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var place: Where
        func run() throws { try global.perform { store, out throws(BookingError) in QueueCommand.show(try store.callQueue(try place.slot(store)), out) } }
    }

    struct Call: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call the next patient.", discussion: "Example: slotdesk queue call --resource D001 --hour 9")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var place: Where
        func run() throws { try global.perform { store, out throws(BookingError) in QueueCommand.show(try store.callNext(try place.slot(store), by: .commandLine()), out) } }
    }

    struct Recall: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Call the called patient again.", discussion: "Example: slotdesk queue recall --resource D001 --hour 9")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var place: Where
        func run() throws { try global.perform { store, out throws(BookingError) in QueueCommand.show(try store.recall(try place.slot(store), by: .commandLine()), out) } }
    }

    struct Skip: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The called patient did not come: back after the next two.",
                                                        discussion: "Example: slotdesk queue skip --resource D001 --hour 9")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var place: Where
        func run() throws { try global.perform { store, out throws(BookingError) in QueueCommand.show(try store.skip(try place.slot(store), by: .commandLine()), out) } }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The called patient has been seen (the appointment is completed).",
                                                        discussion: "Example: slotdesk queue done --resource D001 --hour 9")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var place: Where
        func run() throws { try global.perform { store, out throws(BookingError) in QueueCommand.show(try store.finishVisit(try place.slot(store), by: .commandLine()), out) } }
    }
}

/// `slotdesk stop --resource CODE --date DATE --reason TEXT`
struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop a resource's session on a date (停诊): cancel, notify, offer the nearest free slot or waitlist.",
        discussion: """
            Each patient is cancelled by the hospital and put on the to-notify list with the nearest free slot of the
            same department (booked at once with --rebook); those with no slot go to the head of their class on the waitlist.
            Example: slotdesk stop --resource D001 --date 2026-11-27 --reason "医生外出会诊" --dry-run
            """
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "Resource code.") var resource: String
    @Option(help: "Day (YYYY-MM-DD).") var date: String
    @Option(help: "Why (told to the patients).") var reason: String
    @Flag(help: "Book each patient into the offered slot now.") var rebook = false
    @Flag(help: "Show what would happen without changing anything.") var dryRun = false

    func run() throws {
        try global.perform { store, out throws(BookingError) in
            let report = try store.stopSession(resource: resource, date: try parseDate(date, option: "--date"), reason: reason, rebook: rebook,
                                               dryRun: dryRun, by: .commandLine())
            if out.json { return out.emit(StopJSON(report)) }
            Stop.show(report, out)
        }
    }
}

extension Stop {
    /// What one stopped resource-day did, for people: the summary first, then each patient's outcome
    /// naming the slot (shared by `stop` and `setup apply` when a holiday stops booked slots).
    static func show(_ report: StopReport, _ out: Output) {
        let l = out.language
        if report.dryRun { out.say("试运行，未做改动：", "Dry run, nothing changed:") }
        out.say("\(report.resource) \(report.date) 停诊：取消 \(report.patients.count) 个预约", "\(report.resource) stopped on \(report.date): \(report.patients.count) appointments cancelled")
        out.table([l.pick("原预约", "Was"), l.pick("患者", "Patient"), l.pick("结果", "Outcome")], report.patients.map { p in
            let outcome: String
            let name = p.slotLabel ?? ""
            if let r = p.rebooked { outcome = l.pick("已改约 \(r)（\(name)）", "rebooked as \(r) in \(name)") }
            else if p.offeredSlot != nil { outcome = l.pick("待电话确认改约时段 \(name)", "offered \(name), to confirm by phone") }
            else { outcome = l.pick("无号，已候补（候补 \(p.waitlist ?? 0)）", "no slot: waitlisted (entry \(p.waitlist ?? 0))") }
            return ["\(p.cancelled.id)", p.cancelled.patientName, outcome]
        }, rightAligned: [0])
    }
}

/// A stopped resource-day as JSON.
struct StopJSON: Encodable {
    struct P: Encodable {
        let cancelled: Int64; let patient: Int64; let rebooked: Int64?; let offered_slot: Int64?; let slot_label: String?; let waitlist: Int64?
    }
    let resource: String; let date: String; let dry_run: Bool; let patients: [P]

    init(_ report: StopReport) {
        resource = report.resource
        date = report.date.description
        dry_run = report.dryRun
        patients = report.patients.map { P(cancelled: $0.cancelled.id, patient: $0.cancelled.patientID, rebooked: $0.rebooked,
                                           offered_slot: $0.offeredSlot, slot_label: $0.slotLabel, waitlist: $0.waitlist) }
    }
}

/// `slotdesk notify list|done|accept|decline`
struct Notify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The to-notify list: patients booked from the waitlist or affected by a stop-clinic.",
        subcommands: [List.self, Done.self, Accept.self, Decline.self]
    )

    struct NotificationJSON: Encodable {
        let id: Int64
        let kind: String
        let patient: Int64
        let patient_name: String
        let phone: String?
        let appointment: Int64
        let slot: String
        let offered_slot: Int64?
        let offered_slot_label: String?
        let rebooked: Int64?
        let rebooked_slot: String?
        let waitlist: Int64?
        let created_at: String
        let done_at: String?

        init(_ n: NotificationView) {
            id = n.id
            kind = n.kind.rawValue
            patient = n.patientID
            patient_name = n.patientName
            phone = n.maskedPhone
            appointment = n.appointment.id
            slot = n.appointment.slotLabel
            offered_slot = n.offeredSlot?.id
            offered_slot_label = n.offeredSlot?.label
            rebooked = n.rebookedAppointmentID
            rebooked_slot = n.rebookedSlot
            waitlist = n.waitlistID
            created_at = n.createdAt
            done_at = n.doneAt
        }
    }

    static func emit(_ n: NotificationView, _ out: Output, _ zh: String, _ en: String) {
        if out.json { out.emit(NotificationJSON(n)) } else { out.say(zh, en) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who to telephone.", discussion: "Example: slotdesk notify list")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Include calls already made.") var all = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let list = try store.notifications(all: all)
                if out.json { return out.emit(list.map(NotificationJSON.init)) }
                let l = out.language
                out.table([l.pick("编号", "Id"), l.pick("事由", "Why"), l.pick("患者", "Patient"), l.pick("电话", "Phone"), l.pick("预约", "Appointment"),
                           l.pick("待办", "To do")], list.map { n in
                    let why = n.kind == .waitlistBooked ? l.pick("候补成功", "booked from waitlist") : l.pick("停诊", "clinic stopped")
                    let todo: String
                    if n.doneAt != nil { todo = l.pick("已通知", "told") }
                    else if let s = n.offeredSlot { todo = l.pick("可改约 \(s.label)", "offer \(s.label)") }
                    else if let r = n.rebookedAppointmentID { todo = l.pick("已改约 \(r)", "rebooked \(r)") }
                    else if let w = n.waitlistID { todo = l.pick("已候补 \(w)", "waitlisted \(w)") }
                    else { todo = l.pick("告知预约", "tell the booking") }
                    return ["\(n.id)", why, n.patientName, n.maskedPhone ?? "", n.appointment.slotLabel, todo]
                }, rightAligned: [0])
                if list.isEmpty { out.say("（没有待通知的患者）", "(no one to call)") }
            }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a patient as told.", discussion: "Example: slotdesk notify done 3")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification number.") var id: Int64
        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let n = try store.markNotified(id, by: .commandLine())
                Notify.emit(n, out, "已通知 \(n.patientName)", "\(n.patientName) told")
            }
        }
    }

    struct Accept: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Book the offered slot (stop-clinic), keeping class and first booking time.",
                                                        discussion: "Example: slotdesk notify accept 3")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification number.") var id: Int64
        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let n = try store.acceptOffer(id, by: .commandLine())
                // acceptOffer books the offered slot or refuses with offerGone, naming it and the next one.
                let a = n.rebookedAppointmentID ?? 0, slot = n.rebookedSlot ?? ""
                Notify.emit(n, out, "已改约：\(n.patientName) 预约 \(a)，\(slot)", "Rebooked: \(n.patientName), appointment \(a) in \(slot)")
            }
        }
    }

    struct Decline: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The patient declines the offer: head of their class on the waitlist.",
                                                        discussion: "Example: slotdesk notify decline 3")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Notification number.") var id: Int64
        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let n = try store.declineOffer(id, by: .commandLine())
                Notify.emit(n, out, "已转入候补 \(n.waitlistID ?? 0)", "Waitlisted as \(n.waitlistID ?? 0)")
            }
        }
    }
}
