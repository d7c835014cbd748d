import BookingCore
import Testing

/// Thursday 26 November 2026: OR1 and OR2 each open 08:00–17:00 (540 minutes), turnover 15.
private let thursday = day("2026-11-26")

private func theatre(_ code: String, _ periods: [Range<Int>] = [480..<1020], turnover: Int = 15, on date: LocalDate = thursday) -> TheatreDay {
    TheatreDay(theatre: code, date: date, periods: periods, turnover: turnover)
}

/// A case of `minutes` for patient `patient` by surgeon `surgeon` (his name is the code with 医生).
private func listed(_ id: Int64, _ minutes: Int, surgeon: String = "D014", patient: Int64? = nil, started: Bool = false) -> ListedCase {
    ListedCase(id: id, patient: patient ?? 1000 + id, surgeon: surgeon, surgeonName: surgeon + "医生", minutes: minutes, started: started)
}

private func queued(_ id: Int64, _ minutes: Int, _ priority: PriorityClass, since: String, complete: Bool = true, surgeon: String = "D014") -> QueuedCase {
    QueuedCase(listed: listed(id, minutes, surgeon: surgeon), priority: priority, waitingSince: at(since), checklistComplete: complete)
}

private func session(_ weekdays: [Int], _ first: Int, _ end: Int) -> HospitalSetup.Session {
    HospitalSetup.Session(resource: "OR1", weekdays: weekdays, firstHour: first, endHour: end, capacity: 1, reserved: 0)
}

@Suite("Day surgery: theatre days, fit, surgeons, checklist, queue, planner, back-fill (rule 11)")
struct DaySurgeryRulesTests {
    // MARK: Theatre minutes

    @Test("hours \"08-17\" give a theatre 540 minutes on its weekdays and none on other days")
    func minutesFromSessions() {
        let weekdays = [session([1, 2, 3, 4, 5], 8, 17)]
        let open = DaySurgeryRules.periods(sessions: weekdays, on: thursday, calendar: WorkCalendar())
        #expect(open == [480..<1020])
        #expect(theatre("OR1", open).minutes == 540)
        #expect(DaySurgeryRules.periods(sessions: weekdays, on: day("2026-11-28"), calendar: WorkCalendar()).isEmpty)  // Saturday
    }

    @Test("a holiday closes the theatre; a make-up working day runs the weekday it stands for (rule 12)")
    func calendarAware() {
        let sessions = [session([3], 8, 17)]  // Wednesdays only
        let calendar = WorkCalendar(years: [2026], holidays: [day("2026-10-07")], workdays: [day("2026-10-10"): 3])
        #expect(DaySurgeryRules.periods(sessions: sessions, on: day("2026-10-07"), calendar: calendar).isEmpty)  // Wednesday, holiday
        #expect(DaySurgeryRules.periods(sessions: sessions, on: day("2026-10-10"), calendar: calendar) == [480..<1020])  // Saturday as Wednesday
    }

    @Test("a morning and an afternoon session make two periods with a lunch break; touching sessions merge")
    func periods() {
        let split = DaySurgeryRules.periods(sessions: [session([4], 13, 17), session([4], 8, 12)], on: thursday, calendar: WorkCalendar())
        #expect(split == [480..<720, 780..<1020])
        #expect(theatre("OR1", split).minutes == 480)
        let touching = DaySurgeryRules.periods(sessions: [session([4], 8, 12), session([4], 12, 17)], on: thursday, calendar: WorkCalendar())
        #expect(touching == [480..<1020])
    }

    // MARK: Planned times and fit

    @Test("planned starts follow the sequence: the first at opening, each next one a turnover after the last ends")
    func timetable() {
        let times = DaySurgeryRules.timetable(TheatreList(day: theatre("OR1"), cases: [listed(1, 90), listed(2, 60), listed(3, 30)]))
        #expect(times.starts == [480, 585, 660])  // 08:00, 09:45, 11:00
        #expect(times.used == 180 + 2 * 15)
        #expect(times.fits)
        #expect(times.minutesLeft == 540 - 210)
        #expect(times.roomForAnother == 540 - 210 - 15)
    }

    @Test("a case that would run into the lunch break starts after it, its turnover taken in the break")
    func lunchBreak() {
        let day = theatre("OR1", [480..<720, 780..<1020])
        let times = DaySurgeryRules.timetable(TheatreList(day: day, cases: [listed(1, 200), listed(2, 60), listed(3, 30)]))
        #expect(times.starts == [480, 780, 855])  // 08:00; 13:00 (11:35 + 60 would cross 12:00); 14:15
        #expect(times.fits)
    }

    @Test("the minutes plus turnovers never exceed the theatre day: 135 minutes left after the turnover fit, 136 do not")
    func minutesNeverExceeded() throws {
        let lists = [TheatreList(day: theatre("OR1"), cases: [listed(1, 120), listed(2, 120), listed(3, 120)])]
        // 360 minutes of cases and two turnovers: 390 used, 150 left — but the fourth case needs its turnover too.
        let exact = try DaySurgeryRules.place(listed(4, 135), on: "OR1", in: lists).get()
        #expect(DaySurgeryRules.timetable(exact[0]).used == 540)
        #expect(DaySurgeryRules.place(listed(4, 136), on: "OR1", in: lists)
            == .failure(.theatreDayFull(theatre: "OR1", date: thursday, minutesLeft: 135, needed: 136)))
        // Without counting the turnover 140 minutes would have looked free.
        #expect(DaySurgeryRules.place(listed(4, 140), on: "OR1", in: lists).isFailure)
        // Put first, it still does not fit: the order does not change the total.
        #expect(DaySurgeryRules.place(listed(4, 140), on: "OR1", at: 0, in: lists).isFailure)
    }

    @Test("however the planner fills the days from a long queue, no list ends after closing")
    func plannerNeverOverfills() {
        var queue: [QueuedCase] = []
        for i in 0..<120 {
            let minutes = [30, 45, 60, 90, 120, 150, 200][i % 7]
            let surgeon = ["D014", "D015", "D016", "D017", "D018"][i % 5]
            queue.append(queued(Int64(i + 1), minutes, [.green, .referral, .priority, .regular][i % 4], since: "2026-11-0\(i % 9 + 1)T08:00", surgeon: surgeon))
        }
        let days = (0..<4).map { d in
            [TheatreList(day: theatre("OR1", on: thursday.adding(days: d))), TheatreList(day: theatre("OR2", turnover: 20, on: thursday.adding(days: d)))]
        }
        let plan = DaySurgeryRules.plan(queue: queue, days: days)
        #expect(!plan.isEmpty)
        var lists = days
        for p in plan {
            let d = thursday.days(to: p.date), t = lists[d].firstIndex { $0.day.theatre == p.theatre }!
            lists[d][t].cases.append(queue.first { $0.id == p.caseID }!.listed)
        }
        for dayLists in lists {
            for list in dayLists {
                let times = DaySurgeryRules.timetable(list)
                #expect(times.fits && times.used <= list.day.minutes, "\(list.day.theatre) \(list.day.date) uses \(times.used)")
            }
            #expect(DaySurgeryRules.surgeonClashes(dayLists).isEmpty)
        }
    }

    @Test("a closed theatre takes no case, and nothing goes before a case already in theatre")
    func closedAndStarted() {
        let closed = [TheatreList(day: theatre("OR1", []))]
        #expect(DaySurgeryRules.place(listed(1, 30), on: "OR1", in: closed) == .failure(.theatreClosed(theatre: "OR1", date: thursday)))
        let running = [TheatreList(day: theatre("OR1"), cases: [listed(1, 60, started: true), listed(2, 60)])]
        #expect(DaySurgeryRules.place(listed(3, 30), on: "OR1", at: 0, in: running).isFailure)
        #expect(DaySurgeryRules.place(listed(3, 30), on: "OR1", at: 1, in: running).isSuccess)
    }

    // MARK: Surgeons and patients

    @Test("a surgeon already operating in OR1 from 08:00 to 09:30 cannot start in OR2 at 08:00")
    func surgeonDoubleBooked() {
        let lists = [TheatreList(day: theatre("OR1"), cases: [listed(1, 90, surgeon: "D014")]),
                     TheatreList(day: theatre("OR2", turnover: 20))]
        #expect(DaySurgeryRules.place(listed(2, 60, surgeon: "D014"), on: "OR2", in: lists)
            == .failure(.surgeonBusy(surgeon: "D014医生", theatre: "OR1", from: at("2026-11-26T08:00"), to: at("2026-11-26T09:30"))))
        // After another surgeon's 90-minute case and a turnover, OR2's second case starts 09:50: he is free by then.
        let later = [lists[0], TheatreList(day: theatre("OR2", turnover: 20), cases: [listed(3, 90, surgeon: "D026")])]
        #expect(DaySurgeryRules.place(listed(2, 60, surgeon: "D014"), on: "OR2", in: later).isSuccess)
    }

    @Test("putting a case first is refused when it pushes another surgeon's later case into his time in the other theatre")
    func shiftedCaseClashes() {
        // OR2: D026 at 08:00–08:30, then D014 at 08:50–09:50. OR1: D014 from 10:00.
        let lists = [TheatreList(day: theatre("OR1"), cases: [listed(1, 120, surgeon: "D017"), listed(2, 60, surgeon: "D014")]),
                     TheatreList(day: theatre("OR2", turnover: 20), cases: [listed(3, 30, surgeon: "D026"), listed(4, 60, surgeon: "D014")])]
        #expect(DaySurgeryRules.surgeonClashes(lists).isEmpty)
        // A 45-minute case first in OR2 pushes D014's case to 09:55–10:55, over his 10:15 start in OR1.
        let refused = DaySurgeryRules.place(listed(5, 45, surgeon: "D027"), on: "OR2", at: 0, in: lists)
        guard case .failure(.surgeonBusy(surgeon: "D014医生", theatre: _, from: _, to: _)) = refused else {
            Issue.record("expected surgeonBusy, got \(refused)")
            return
        }
        // Reordering into the same overlap is refused too.
        #expect(DaySurgeryRules.move(4, to: 0, in: lists).isSuccess)
        #expect(DaySurgeryRules.move(1, to: 1, in: lists).isFailure)  // D014's OR1 case would start 08:00, during his OR2 case
    }

    @Test("a case dropping out may close the list up into an overlap: reported, not refused")
    func removalReportsClash() {
        let lists = [TheatreList(day: theatre("OR1"), cases: [listed(1, 60, surgeon: "D017"), listed(2, 60, surgeon: "D014")]),
                     TheatreList(day: theatre("OR2", turnover: 20), cases: [listed(3, 30, surgeon: "D014")])]
        let result = DaySurgeryRules.remove(1, from: lists)
        #expect(result.lists[0].cases.map(\.id) == [2])
        #expect(result.newClashes == [SurgeonClash(surgeon: "D014", 2, 3)])
    }

    @Test("a patient has at most one case a day")
    func onePerPatient() {
        let lists = [TheatreList(day: theatre("OR1"), cases: [listed(1, 60, patient: 7)]), TheatreList(day: theatre("OR2"))]
        #expect(DaySurgeryRules.place(listed(2, 30, surgeon: "D026", patient: 7), on: "OR2", in: lists)
            == .failure(.patientHasCase(existing: 1, date: thursday)))
    }

    // MARK: The checklist

    @Test("ready only with a full checklist; a local anaesthetic needs no anaesthesia review")
    func checklist() {
        let five: Set<ChecklistItem> = [.assessment, .labs, .consent, .fasting, .escort]
        #expect(DaySurgeryRules.missing(ticked: five, anaesthesia: .local).isEmpty)
        #expect(DaySurgeryRules.missing(ticked: five, anaesthesia: .general) == [.anaesthesiaReview])
        #expect(DaySurgeryRules.checkConfirm(case: 9, status: .scheduled, ticked: five, anaesthesia: .regional)
            == .checklistIncomplete(caseID: 9, missing: [.anaesthesiaReview]))
        #expect(DaySurgeryRules.checkConfirm(case: 9, status: .scheduled, ticked: [.labs], anaesthesia: .local)
            == .checklistIncomplete(caseID: 9, missing: [.assessment, .consent, .fasting, .escort]))
        #expect(DaySurgeryRules.checkConfirm(case: 9, status: .scheduled, ticked: five, anaesthesia: .local) == nil)
        #expect(DaySurgeryRules.checkConfirm(case: 9, status: .queued, ticked: five, anaesthesia: .local)
            == .wrongCaseStatus(caseID: 9, status: .queued, step: .confirm))
    }

    @Test("the refusals name rule 11 in both languages")
    func messages() {
        let full = BookingError.theatreDayFull(theatre: "OR1", date: thursday, minutesLeft: 135, needed: 140)
        #expect(full.message(.zh).contains("规则11") && full.message(.en).contains("rule 11"))
        #expect(full.code == "theatre_day_full")
        let missing = BookingError.checklistIncomplete(caseID: 3, missing: [.consent, .escort])
        #expect(missing.message(.zh).contains("知情同意、陪护/免陪照护"))
        #expect(missing.message(.en).contains("consent, escort or escort-free care"))
        #expect(BookingError.surgeonBusy(surgeon: "胡振华", theatre: "OR1", from: at("2026-11-26T08:00"), to: at("2026-11-26T09:30")).message(.zh)
            == "术者 胡振华 当天 08:00–09:30 在 OR1 手术，时间重叠（规则11）")
    }

    // MARK: Queue, planner, back-fill

    @Test("the queue is served by class, then by who has waited longest — a postponed case keeps its waiting-since and so its place")
    func queueOrder() {
        let postponedBack = queued(1, 60, .regular, since: "2026-10-01T09:00")  // waited longest, postponed last night
        let newer = queued(2, 60, .regular, since: "2026-11-20T09:00")
        let referred = queued(3, 60, .referral, since: "2026-11-24T09:00")
        let order = [newer, postponedBack, referred].sorted(by: DaySurgeryRules.queueOrder).map(\.id)
        #expect(order == [3, 1, 2])
    }

    @Test("back-fill takes the highest-priority case with a full checklist that fits the gap")
    func backfillChoice() throws {
        // OR1 holds 420 minutes with the turnover: 105 minutes are left for another case after its own.
        let lists = [TheatreList(day: theatre("OR1"), cases: [listed(1, 200), listed(2, 205, surgeon: "D015")]),
                     TheatreList(day: theatre("OR2"), cases: [listed(9, 540 - 30, surgeon: "D018")])]
        let queue = [
            queued(10, 60, .green, since: "2026-11-20T09:00", complete: false),         // green but not ready
            queued(11, 120, .referral, since: "2026-11-01T09:00"),                      // ready, too long
            queued(12, 60, .referral, since: "2026-11-10T09:00", surgeon: "D018"),      // ready, surgeon busy in OR2 all day
            queued(13, 90, .referral, since: "2026-11-15T09:00", surgeon: "D016"),      // ready, fits: the one
            queued(14, 30, .referral, since: "2026-11-18T09:00", surgeon: "D016"),      // ready, fits, waited less
            queued(15, 30, .priority, since: "2026-09-01T09:00", surgeon: "D016"),      // ready, fits, lower class
        ]
        let choice = try #require(DaySurgeryRules.backfill(queue: queue, theatre: "OR1", in: lists))
        #expect(choice.chosen.id == 13)
        #expect(choice.lists[0].cases.map(\.id) == [1, 2, 13])
        // Into the place of a case that dropped out: between the two, if it fits there.
        let atGap = try #require(DaySurgeryRules.backfill(queue: queue, theatre: "OR1", at: 1, in: lists))
        #expect(atGap.lists[0].cases.map(\.id) == [1, 13, 2])
        // Nobody ready fits: nothing is proposed.
        #expect(DaySurgeryRules.backfill(queue: [queue[0], queue[1]], theatre: "OR1", in: lists) == nil)
    }

    @Test("the planner proposes first fit in queue order, skipping closed days, and places nothing twice")
    func planner() {
        let friday = thursday.adding(days: 1), saturday = thursday.adding(days: 2)
        let days = [
            [TheatreList(day: theatre("OR1"), cases: [listed(1, 450)])],            // Thursday: 75 minutes left after a turnover
            [TheatreList(day: theatre("OR1", [], on: saturday))],                  // Saturday, closed (order given out of date on purpose)
            [TheatreList(day: theatre("OR1", on: friday))],
        ]
        let queue = [queued(20, 120, .regular, since: "2026-11-01T09:00"), queued(21, 60, .referral, since: "2026-11-20T09:00"),
                     queued(22, 600, .green, since: "2026-11-24T09:00")]
        let plan = DaySurgeryRules.plan(queue: queue, days: days)
        // 22 is longer than any theatre day; 21 (referral) first: Thursday's 75 minutes; 20 goes to Friday.
        #expect(plan.map(\.caseID) == [21, 20])
        #expect(plan[0] == PlanProposal(caseID: 21, theatre: "OR1", date: thursday, position: 2, start: at("2026-11-26T15:45")))
        #expect(plan[1].date == friday && plan[1].position == 1 && plan[1].start == at("2026-11-27T08:00"))
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
    var isFailure: Bool { !isSuccess }
}
