import ArgumentParser
import BookingCore
import BookingStore
import Foundation

extension Anaesthesia: ExpressibleByArgument {}
extension ChecklistItem: ExpressibleByArgument {}

struct ChecklistTickJSON: Encodable {
    let by: String
    let at: String
    let note: String?
}

struct SurgeryCaseJSON: Encodable {
    let id: Int64
    let patient: Int64
    let patient_name: String
    let procedure: String
    let surgeon: String
    let surgeon_name: String
    let department: String
    let minutes: Int
    let anaesthesia: String
    let priority: String
    let waiting_since: String
    let referral: Int64?
    let status: String
    let theatre: String?
    let date: String?
    let sequence: Int?
    let planned_start: String?
    let planned_end: String?
    let checklist: [String: ChecklistTickJSON]
    let missing: [String]
    let ready_to_confirm: Bool
    let postponed: Int
    let postpone_reason: String?
    let discharged_at: String?
    let follow_up_referral: Int64?

    init(_ c: SurgeryCaseView) {
        id = c.id
        patient = c.patientID
        patient_name = c.patientName
        procedure = c.procedure
        surgeon = c.surgeon
        surgeon_name = c.surgeonName
        department = c.department
        minutes = c.estimatedMinutes
        anaesthesia = c.anaesthesia.rawValue
        priority = c.priority.rawValue
        waiting_since = c.waitingSince.description
        referral = c.referralID
        status = c.status.rawValue
        theatre = c.theatre
        date = c.date?.description
        sequence = c.sequence
        planned_start = c.plannedStart?.description
        planned_end = c.plannedEnd?.description
        checklist = Dictionary(uniqueKeysWithValues: c.ticks.map { ($0.item.rawValue, ChecklistTickJSON(by: $0.by, at: $0.at.description, note: $0.note)) })
        missing = c.missing.map(\.rawValue)
        ready_to_confirm = c.checklistComplete
        postponed = c.postponedCount
        postpone_reason = c.postponeReason
        discharged_at = c.dischargedAt?.description
        follow_up_referral = c.followUpReferralID
    }
}

struct TheatreDayJSON: Encodable {
    let theatre: String
    let name: String
    let date: String
    let open: Bool
    let minutes: Int
    let turnover: Int
    let used: Int
    let minutes_left: Int
    let room_for_another: Int
    let cases: [SurgeryCaseJSON]

    init(_ t: TheatreDayView) {
        theatre = t.theatre
        name = t.theatreName
        date = t.date.description
        open = t.isOpen
        minutes = t.minutes
        turnover = t.turnover
        used = t.timetable.used
        minutes_left = t.timetable.minutesLeft
        room_for_another = t.timetable.roomForAnother
        cases = t.cases.map(SurgeryCaseJSON.init)
    }
}

struct SurgeryDayJSON: Encodable {
    let date: String
    let theatres: [TheatreDayJSON]
    let surgeon_overlaps: [[Int64]]

    init(_ d: SurgeryDayView) {
        date = d.date.description
        theatres = d.theatres.map(TheatreDayJSON.init)
        surgeon_overlaps = d.clashes.map(\.cases).sorted { $0.lexicographicallyPrecedes($1) }
    }
}

/// `周四` / `Thu`
func weekdayName(_ date: LocalDate, _ l: Language) -> String {
    let zh = ["一", "二", "三", "四", "五", "六", "日"], en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return l == .zh ? "周" + zh[date.weekday - 1] : en[date.weekday - 1]
}

func hhmm(_ minuteOfDay: Int) -> String {
    let h = minuteOfDay / 60, m = minuteOfDay % 60
    return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
}

/// One line saying what happened to a case.
func describeCase(_ c: SurgeryCaseView, _ l: Language) -> String {
    var text = "\(c.id) \(c.patientName) \(c.procedure) \(c.surgeonName)  \(c.status.label(l))"
    if let t = c.theatre, let d = c.date, let s = c.sequence {
        text += l.pick("  \(t) \(d) 第\(s)台", "  \(t) \(d) #\(s)") + (c.plannedStart.map { " " + SurgeryHandover.clock($0) } ?? "")
    }
    if !c.missing.isEmpty { text += l.pick("  缺：", "  missing: ") + c.missing.map { $0.label(l) }.joined(separator: l.pick("、", ", ")) }
    return text
}

/// `slotdesk surgery …`: the day-surgery queue, theatre days and the night review (rule 11).
struct SurgeryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surgery",
        abstract: "Day surgery (日间手术): the queue, theatre days, the night review, discharge.",
        discussion: """
            A case is added to the queue, scheduled on a theatre day (by hand or by `plan`), its \
            pre-op checklist ticked, confirmed the night before, then discharged with a follow-up \
            to the patient's alliance clinic. Checklist items: assessment, labs, consent, \
            anaesthesia_review (not for local), fasting, escort.

            Example: slotdesk surgery list --date 2026-11-26
            """,
        subcommands: [Add.self, List.self, Check.self, Schedule.self, Plan.self, Confirm.self, Postpone.self, Reorder.self, Backfill.self,
                      Start.self, Done.self, Cancel.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a patient on the day-surgery queue.",
            discussion: "Example: slotdesk surgery add --patient 42 --procedure 腹腔镜胆囊切除术 --surgeon D014 --minutes 90 --anaesthesia general --referral 13"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Patient number or identity number.") var patient: String
        @Option(help: "The operation.") var procedure: String
        @Option(help: "The surgeon's clinic code (e.g. D014).") var surgeon: String
        @Option(help: "Estimated minutes in theatre.") var minutes: Int
        @Option(help: "local, regional or general.") var anaesthesia: Anaesthesia
        @Option(help: "The alliance referral it comes from (gives the class and the waiting-since).") var referral: Int64?
        @Option(help: "green, referral, priority or regular (default: from the referral, else by age).") var priority: PriorityClass?
        @Option(help: "Waiting since (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default: the referral's date, else now).") var waitingSince: String?
        @Option(help: "A note.") var note: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                var since: LocalDateTime?
                if let text = waitingSince {
                    guard let t = LocalDateTime(text) ?? LocalDate(text).map({ LocalDateTime(date: $0, minuteOfDay: 0) }) else {
                        throw BookingError.invalidInput(field: "--waiting-since", problem: .notDateOrTime(String(text.prefix(40))))
                    }
                    since = t
                }
                let c = try store.addSurgeryCase(SurgeryCaseInput(patient: try parsePatient(patient), procedure: procedure, surgeon: surgeon,
                                                                  estimatedMinutes: minutes, anaesthesia: anaesthesia, referral: referral,
                                                                  priority: priority, waitingSince: since, note: note), by: .commandLine())
                if out.json { return out.emit(SurgeryCaseJSON(c)) }
                out.say("已加入日间手术队列：\(describeCase(c, .zh))（\(c.priority.label(.zh))）",
                        "Added to the day-surgery queue: \(describeCase(c, .en)) (\(c.priority.label(.en)))")
            }
        }
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A theatre day's list in sequence (--date), or the queue by class then waiting time.",
            discussion: """
                With --date: every theatre's cases in sequence, planned times, each checklist item \
                (✓ ticked, ✗ missing, - not needed) and what is missing — printable for the morning \
                handover as plain text, or as CSV (UTF-8 with BOM, for Excel and WPS).

                Example: slotdesk surgery list --date 2026-11-26 --format csv > handover.csv
                """
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Theatre day (YYYY-MM-DD); without it, the queue.") var date: String?
        @Option(help: "Only this theatre.") var theatre: String?
        @Option(help: "A patient's cases (number or identity number).") var patient: String?
        @Option(help: "text or csv.") var format: Format = .text

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                if let patient {
                    let cases = try store.surgeryCases(patient: try parsePatient(patient))
                    return printCases(cases, store: store, out: out)
                }
                guard let date else {
                    guard format == .text else { throw BookingError.invalidInput(field: "--format", problem: .csvNeedsDate) }
                    return printCases(try store.surgeryQueue(), store: store, out: out)
                }
                var day = try store.surgeryDay(try parseDate(date, option: "--date"))
                if let code = code(theatre) {
                    guard day.theatres.contains(where: { $0.theatre == code }) else { throw BookingError.notFound(kind: "theatre", key: code) }
                    day = day.only(theatre: code)
                }
                if out.json { return out.emit(SurgeryDayJSON(day)) }
                if format == .csv {
                    FileHandle.standardOutput.write(try SurgeryHandover.csv(day, language: out.language, printable: true))
                    return
                }
                try printDay(day, store: store, out: out)
            }
        }

        func printCases(_ cases: [SurgeryCaseView], store: Store, out: Output) {
            if out.json { return out.emit(cases.map(SurgeryCaseJSON.init)) }
            let l = out.language, now = store.now
            out.table([l.pick("病例", "Case"), l.pick("优先级", "Class"), l.pick("等待", "Waited"), l.pick("患者", "Patient"), l.pick("手术", "Procedure"),
                       l.pick("术者", "Surgeon"), l.pick("分钟", "Min"), l.pick("麻醉", "Anaes"), l.pick("状态", "Status"), l.pick("核查", "Checklist")],
                      cases.map { c in
                          ["\(c.id)", c.priority.label(l), l.pick("\(c.waitingDays(now: now))天", "\(c.waitingDays(now: now))d"), c.patientName, c.procedure,
                           c.surgeonName, "\(c.estimatedMinutes)", c.anaesthesia.shortLabel(l),
                           c.status.label(l) + (c.postponedCount > 0 ? l.pick("（推迟\(c.postponedCount)次）", " (postponed \(c.postponedCount)×)") : "")
                               + (c.theatre.map { " \($0)" } ?? "") + (c.date.map { " \($0)" } ?? ""),
                           c.missing.isEmpty ? l.pick("齐全", "complete") : l.pick("缺", "missing ") + c.missing.map { $0.shortLabel(l) }.joined(separator: l.pick("、", ", "))]
                      }, rightAligned: [0, 2, 6])
            if cases.isEmpty { out.say("（队列为空）", "(the queue is empty)") }
        }

        func handoverRow(_ c: SurgeryCaseView, _ l: Language) -> [String] {
            let time = SurgeryHandover.clock(c.plannedStart) + "–" + SurgeryHandover.clock(c.plannedEnd)
            var row: [String] = [c.sequence.map(String.init) ?? "", time, "\(c.id)", c.patientName, c.procedure, c.surgeonName,
                                 c.anaesthesia.shortLabel(l), "\(c.estimatedMinutes)"]
            row += ChecklistItem.allCases.map { SurgeryHandover.mark(c, $0) }
            row.append(c.status.label(l))
            row.append(c.missing.map { $0.label(l) }.joined(separator: l.pick("、", ", ")))
            return row
        }

        func printDay(_ day: SurgeryDayView, store: Store, out: Output) throws(BookingError) {
            let l = out.language
            let name = try store.hospitalName()
            let hospital = l == .zh ? name?.name ?? "" : name?.nameEn ?? name?.name ?? ""
            print(l.pick("\(hospital) 日间手术交班单  \(day.date) \(weekdayName(day.date, l))",
                         "\(hospital) day-surgery handover  \(day.date) \(weekdayName(day.date, l))"))
            for t in day.theatres {
                print("")
                guard t.isOpen else {
                    print(l.pick("\(t.theatre) \(t.theatreName)  当天不开放", "\(t.theatre) \(t.displayName(l))  closed that day"))
                    continue
                }
                let hours = t.day.periods.map { "\(hhmm($0.lowerBound))–\(hhmm($0.upperBound))" }.joined(separator: ", ")
                print(l.pick("\(t.theatre) \(t.theatreName)  \(hours)  接台\(t.turnover)分钟  已排\(t.cases.count)台 \(t.timetable.used)/\(t.minutes)分钟  还可排\(t.timetable.roomForAnother)分钟",
                             "\(t.theatre) \(t.displayName(l))  \(hours)  turnover \(t.turnover) min  \(t.cases.count) cases \(t.timetable.used)/\(t.minutes) min  room for \(t.timetable.roomForAnother) min more"))
                guard !t.cases.isEmpty else { print(l.pick("  （没有病例）", "  (no cases)")); continue }
                var header: [String] = [l.pick("台", "#"), l.pick("时间", "Time"), l.pick("病例", "Case"), l.pick("患者", "Patient"),
                                        l.pick("手术", "Procedure"), l.pick("术者", "Surgeon"), l.pick("麻醉", "Anaes"), l.pick("分钟", "Min")]
                header += ChecklistItem.allCases.map { $0.shortLabel(l) }
                header += [l.pick("状态", "Status"), l.pick("缺项", "Missing")]
                let rows: [[String]] = t.cases.map { c in handoverRow(c, l) }
                out.table(header, rows, rightAligned: [0, 2, 7])
            }
            let notReady = day.cases.filter { !$0.status.hasStarted && $0.status != .ready }
            print("")
            if notReady.isEmpty {
                print(l.pick("全部病例已确认。", "Every case is confirmed."))
            } else {
                print(l.pick("未确认 \(notReady.count) 台：", "Not confirmed: \(notReady.count)"))
                for c in notReady {
                    let what = c.missing.isEmpty ? l.pick("核查齐全，待确认", "checklist complete, to confirm")
                                                 : l.pick("缺 ", "missing ") + c.missing.map { $0.label(l) }.joined(separator: l.pick("、", ", "))
                    print("  \(c.theatre ?? "") #\(c.sequence ?? 0)  \(c.id) \(c.patientName) \(c.procedure): \(what)")
                }
            }
            for clash in day.clashes.sorted(by: { $0.cases.lexicographicallyPrecedes($1.cases) }) {
                print(l.pick("注意：术者时间冲突，病例 \(clash.cases.map(String.init).joined(separator: " 与 "))",
                             "Warning: surgeon overlap, cases \(clash.cases.map(String.init).joined(separator: " and "))"))
            }
            print("")
            print(l.pick("夜班核查：__________    交班时间：__________    接班：__________",
                         "Night review: __________    Handed over at: __________    Received by: __________"))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tick pre-op checklist items (or show the checklist when none are named).",
            discussion: """
                Items: assessment, labs, consent, anaesthesia_review, fasting, escort. Each tick records \
                who and when. --undo withdraws ticks (a confirmed case goes back to scheduled).

                Example: slotdesk surgery check 12 consent fasting; slotdesk surgery check 12 escort --note 免陪照护
                """
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64
        @Argument(help: "Items to tick.") var items: [ChecklistItem] = []
        @Option(help: "A note on the ticks (e.g. 免陪照护 for escort).") var note: String?
        @Flag(help: "Withdraw the ticks instead.") var undo = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let c = items.isEmpty ? try store.surgeryCase(id) : try store.tickChecklist(case: id, items: items, note: note, undo: undo, by: .commandLine())
                if out.json { return out.emit(SurgeryCaseJSON(c)) }
                let l = out.language
                print(describeCase(c, l))
                out.table([l.pick("核查项", "Item"), "", l.pick("勾选人", "By"), l.pick("时间", "At"), l.pick("备注", "Note")],
                          ChecklistItem.allCases.map { item in
                              let tick = c.tick(item)
                              return [item.label(l), SurgeryHandover.mark(c, item), tick?.by ?? "", tick.map { $0.at.readable } ?? "", tick?.note ?? ""]
                          })
            }
        }
    }

    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a queued case on a theatre day (or move a scheduled one).",
            discussion: "Refused unless its minutes plus turnovers fit, the surgeon is free, and the patient has no other case that day.\n\nExample: slotdesk surgery schedule 17 --theatre OR1 --date 2026-11-26 --position 2"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64
        @Option(help: "Theatre code.") var theatre: String
        @Option(help: "Theatre day (YYYY-MM-DD).") var date: String
        @Option(help: "Place in the sequence (1 = first; default: last).") var position: Int?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let c = try store.scheduleSurgery(case: id, theatre: theatre, date: try parseDate(date, option: "--date"), position: position, by: .commandLine())
                if out.json { return out.emit(SurgeryCaseJSON(c)) }
                out.say("已排程：\(describeCase(c, .zh))", "Scheduled: \(describeCase(c, .en))")
            }
        }
    }

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose filling the next theatre days from the queue (first fit); --confirm books the proposal.",
            discussion: "Cases by class, then waiting time, each on the first theatre day it fits.\n\nExample: slotdesk surgery plan --days 3      slotdesk surgery plan --days 3 --confirm"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "How many days, from --from.") var days = 3
        @Option(help: "First day (YYYY-MM-DD; default tomorrow).") var from: String?
        @Flag(help: "Book the proposal.") var confirm = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let start = try from.map { (d) throws(BookingError) in try parseDate(d, option: "--from") }
                let plan = try store.proposeSurgeryPlan(days: days, from: start)
                    .sorted { ($0.proposal.date, $0.proposal.theatre, $0.proposal.position) < ($1.proposal.date, $1.proposal.theatre, $1.proposal.position) }
                let l = out.language
                if confirm {
                    let booked = try store.applySurgeryPlan(plan.map(\.proposal), by: .commandLine())
                    if out.json { return out.emit(booked.map(SurgeryCaseJSON.init)) }
                    out.say("已按建议排程 \(booked.count) 台：", "Scheduled \(booked.count) cases as proposed:")
                    for c in booked { print("  " + describeCase(c, l)) }
                    return
                }
                if out.json {
                    struct P: Encodable { let id: Int64; let theatre, date, start: String; let position: Int; let surgery_case: SurgeryCaseJSON }
                    return out.emit(plan.map { P(id: $0.proposal.caseID, theatre: $0.proposal.theatre, date: $0.proposal.date.description,
                                                 start: $0.proposal.start.description, position: $0.proposal.position, surgery_case: SurgeryCaseJSON($0.surgeryCase)) })
                }
                out.table([l.pick("日期", "Date"), l.pick("手术室", "Theatre"), l.pick("台", "#"), l.pick("开始", "Start"), l.pick("病例", "Case"),
                           l.pick("优先级", "Class"), l.pick("患者", "Patient"), l.pick("手术", "Procedure"), l.pick("术者", "Surgeon"), l.pick("分钟", "Min")],
                          plan.map { p in
                              let c = p.surgeryCase
                              return [p.proposal.date.description, p.proposal.theatre, "\(p.proposal.position)", SurgeryHandover.clock(p.proposal.start), "\(c.id)",
                                      c.priority.label(l), c.patientName, c.procedure, c.surgeonName, "\(c.estimatedMinutes)"]
                          }, rightAligned: [2, 4, 9])
                if plan.isEmpty { out.say("（没有可排的病例）", "(nothing to plan)") } else {
                    out.say("这只是建议；加 --confirm 排程。", "This is a proposal; add --confirm to book it.")
                }
            }
        }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Confirm a scheduled case for its day: ready only with the checklist complete.",
            discussion: "Example: slotdesk surgery confirm 12"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let c = try store.confirmSurgery(case: id, by: .commandLine())
                if out.json { return out.emit(SurgeryCaseJSON(c)) }
                out.say("已确认：\(describeCase(c, .zh))", "Confirmed: \(describeCase(c, .en))")
            }
        }
    }

    struct Postpone: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a case off its list, back to the queue with its waiting time kept; shows the back-fill.",
            discussion: "Example: slotdesk surgery postpone 12 --reason \"血压控制不佳\""
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64
        @Option(help: "Why.") var reason: String

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let result = try store.postponeSurgery(case: id, reason: reason, by: .commandLine())
                let f = result.freed
                let proposal = try store.proposeBackfill(theatre: f.theatre, date: f.date, position: f.position)
                if out.json {
                    struct M: Encodable { let id: Int64; let patient_name, theatre, from, to: String }
                    struct R: Encodable { let surgery_case: SurgeryCaseJSON; let freed_theatre, freed_date: String; let freed_position: Int
                                          let backfill: SurgeryCaseJSON?; let surgeon_overlaps: [[Int64]]; let moved: [M] }
                    return out.emit(R(surgery_case: SurgeryCaseJSON(result.surgeryCase), freed_theatre: f.theatre, freed_date: f.date.description,
                                      freed_position: f.position, backfill: proposal.map { SurgeryCaseJSON($0.surgeryCase) },
                                      surgeon_overlaps: result.newClashes.map(\.cases),
                                      moved: result.moved.map { M(id: $0.caseID, patient_name: $0.patientName, theatre: $0.theatre,
                                                                  from: $0.from.description, to: $0.to.description) }))
                }
                let l = out.language
                out.say("已推迟：\(describeCase(result.surgeryCase, .zh))，原 \(f.theatre) \(f.date) 第\(f.position)台",
                        "Postponed: \(describeCase(result.surgeryCase, .en)), was \(f.theatre) \(f.date) #\(f.position)")
                for m in result.moved {
                    out.say("时间已变：病例 \(m.caseID) \(m.patientName) \(m.theatre) \(SurgeryHandover.clock(m.from)) → \(SurgeryHandover.clock(m.to))，请告知患者",
                            "Time changed: case \(m.caseID) \(m.patientName) \(m.theatre) \(SurgeryHandover.clock(m.from)) → \(SurgeryHandover.clock(m.to)); tell the patient")
                }
                for clash in result.newClashes {
                    out.say("注意：后续病例提前后，术者时间冲突（病例 \(clash.cases.map(String.init).joined(separator: " 与 "))），请调整顺序",
                            "Warning: with the later cases moved up, a surgeon overlaps (cases \(clash.cases.map(String.init).joined(separator: " and "))): reorder")
                }
                if let p = proposal {
                    out.say("可补台：\(describeCase(p.surgeryCase, .zh))（\(p.surgeryCase.priority.label(.zh))），\(SurgeryHandover.clock(p.start)) 开始",
                            "Back-fill: \(describeCase(p.surgeryCase, .en)) (\(p.surgeryCase.priority.label(.en))), from \(SurgeryHandover.clock(p.start))")
                    print("  slotdesk surgery backfill --theatre \(f.theatre) --date \(f.date) --position \(f.position) --case \(p.surgeryCase.id) --confirm")
                } else {
                    print(l.pick("没有可补台的病例（核查齐全且时间放得下）。", "No queued case with a full checklist fits the gap."))
                }
            }
        }
    }

    struct Reorder: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a case to another place in its theatre day's sequence.",
            discussion: "Example: slotdesk surgery reorder 12 --position 1"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64
        @Option(help: "New place (1 = first).") var position: Int

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let c = try store.reorderSurgery(case: id, position: position, by: .commandLine())
                if out.json { return out.emit(SurgeryCaseJSON(c)) }
                out.say("已调整：\(describeCase(c, .zh))", "Moved: \(describeCase(c, .en))")
            }
        }
    }

    struct Backfill: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose the highest-priority ready queued case that fits a theatre day; --confirm books it.",
            discussion: "Example: slotdesk surgery backfill --theatre OR1 --date 2026-11-26 --position 3 --confirm"
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Theatre code.") var theatre: String
        @Option(help: "Theatre day (YYYY-MM-DD).") var date: String
        @Option(help: "Place in the sequence (default: last).") var position: Int?
        @Option(name: .customLong("case"), help: "The case you were shown: refused if the choice has changed since.") var expecting: Int64?
        @Flag(help: "Book it.") var confirm = false

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let day = try parseDate(date, option: "--date")
                if confirm {
                    let c = try store.backfillSurgery(theatre: theatre, date: day, position: position, expecting: expecting, by: .commandLine())
                    if out.json { return out.emit(SurgeryCaseJSON(c)) }
                    return out.say("已补台：\(describeCase(c, .zh))", "Back-filled: \(describeCase(c, .en))")
                }
                guard let p = try store.proposeBackfill(theatre: theatre, date: day, position: position) else {
                    throw BookingError.noBackfill(theatre: theatre.uppercased(), date: day)
                }
                if out.json { return out.emit(SurgeryCaseJSON(p.surgeryCase)) }
                out.say("建议补台：\(describeCase(p.surgeryCase, .zh))（\(p.surgeryCase.priority.label(.zh))）→ \(p.theatre) 第\(p.position)台 \(SurgeryHandover.clock(p.start))",
                        "Back-fill: \(describeCase(p.surgeryCase, .en)) (\(p.surgeryCase.priority.label(.en))) → \(p.theatre) #\(p.position) \(SurgeryHandover.clock(p.start))")
                print("  slotdesk surgery backfill --theatre \(p.theatre) --date \(p.date) --position \(p.position) --case \(p.surgeryCase.id) --confirm")
            }
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The patient goes to theatre (a confirmed case, on its day).",
                                                        discussion: "Example: slotdesk surgery start 12")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let c = try store.startSurgery(case: id, by: .commandLine())
                if out.json { return out.emit(SurgeryCaseJSON(c)) }
                out.say("入手术室：\(describeCase(c, .zh))", "In theatre: \(describeCase(c, .en))")
            }
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Discharge: record the time and send a follow-up (down-referral) to the patient's alliance clinic.",
            discussion: "The clinic is --clinic, else that of the patient's most recent referral.\n\nExample: slotdesk surgery done 12 --due 2026-11-28"
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64
        @Option(help: "The alliance clinic for the follow-up.") var clinic: String?
        @Option(help: "Follow-up due date (YYYY-MM-DD; default the day after discharge).") var due: String?

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let dueDate = try due.map { (d) throws(BookingError) in try parseDate(d, option: "--due") }
                let result = try store.completeSurgery(case: id, clinic: clinic, followUpDue: dueDate, by: .commandLine())
                if out.json {
                    struct R: Encodable { let surgery_case: SurgeryCaseJSON; let follow_up: ReferralJSON? }
                    return out.emit(R(surgery_case: SurgeryCaseJSON(result.surgeryCase), follow_up: result.followUp.map { ReferralJSON($0, today: store.now.date) }))
                }
                let c = result.surgeryCase
                out.say("已出院：\(c.id) \(c.patientName) \(c.procedure)，\(c.dischargedAt?.readable ?? "")",
                        "Discharged: \(c.id) \(c.patientName) \(c.procedure), \(c.dischargedAt?.readable ?? "")")
                if let r = result.followUp {
                    out.say("随访下转单 \(r.id) → \(r.clinicName)（\(r.clinic)），\(r.dueDate.map { "\($0)" } ?? "") 前随访",
                            "Follow-up referral \(r.id) → \(r.clinicName) (\(r.clinic)), due \(r.dueDate.map { "\($0)" } ?? "")")
                } else {
                    out.say("该患者没有医联体机构（无转诊记录），未发随访下转单；可用 --clinic 指定。",
                            "The patient has no alliance clinic (no referral on record): no follow-up sent; name one with --clinic.")
                }
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a case for good (it leaves the queue or its list).",
                                                        discussion: "Example: slotdesk surgery cancel 12 --reason \"患者改为住院手术\"")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Case number.") var id: Int64
        @Option(help: "Why.") var reason: String

        func run() throws {
            try global.perform { store, out throws(BookingError) in
                let c = try store.cancelSurgery(case: id, reason: reason, by: .commandLine())
                if out.json { return out.emit(SurgeryCaseJSON(c)) }
                out.say("已取消：\(describeCase(c, .zh))", "Cancelled: \(describeCase(c, .en))")
            }
        }
    }
}
