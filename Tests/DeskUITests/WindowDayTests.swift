import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal
import Testing

// A registration window's day, key by key, on the demo hospital in memory: a queue of patients
// found by name, card reader and phone; walk-ins into the hour in progress; refusals at the
// first key with the way forward; the to-notify calls; the end of the day.

@Suite("A day at the registration window")
struct WindowDayTests {
    @Test("after a choice the next typing is a new query: a card reader's 18 digits find the next patient; Esc clears; nobody found lets go of the patient")
    func searchForAQueue() throws {
        let desk = try DeskFixture()
        let next = try desk.store.patient(.id(43))
        desk.choosePatient(Bai.query)
        #expect(desk.app.state.patient?.id == Bai.id)
        // The card reader types the whole number fast, then Enter, with the grid holding the cursor.
        #expect(desk.app.state.focus != .search)
        desk.type(next.documentNumber)
        #expect(desk.lines[1].hasPrefix(" 查找患者：" + next.documentNumber))
        desk.press(.enter)
        #expect(desk.app.state.patient?.id == next.id)
        #expect(desk.messageLine == " 已选患者：\(next.name)")
        // A phone typed next replaces the number too.
        let phone = try #require(next.phone)
        desk.type(phone)
        #expect(desk.lines[1].hasPrefix(" 查找患者：" + phone + " "))
        // Esc clears the query, and keeps the patient.
        desk.press(.escape)
        #expect(desk.lines[1].hasPrefix(" 查找患者：  "))
        #expect(desk.messageLine == " 查找框已清空")
        #expect(desk.app.state.patient?.id == next.id)
        // A query that finds nobody lets go of the patient in hand, and says so.
        desk.type("13000000000")
        desk.press(.enter)
        #expect(desk.app.state.patient == nil)
        #expect(desk.lines[2] == " 患者：（未选定）")
        #expect(desk.messageLine == " 没有找到「13000000000」，已清除原选定患者")
        desk.press(.function(5))
        #expect(desk.messageLine == " 请先查找并选定患者（F2）")
        // The next card read after a failed search is a query of its own, not appended to it.
        desk.type(next.documentNumber)
        #expect(desk.lines[1].hasPrefix(" 查找患者：" + next.documentNumber + " "))
        desk.press(.enter)
        #expect(desk.app.state.patient?.id == next.id)
        // Backspace after a failed search mends the old query instead.
        desk.type("zzqx")
        desk.press(.enter)
        desk.press(.backspace)
        #expect(desk.lines[1].hasPrefix(" 查找患者：zzq "))
    }

    @Test("letters typed in the department list jump by pinyin initials or code")
    func departmentJump() throws {
        let desk = try DeskFixture()
        desk.press(.tab)
        #expect(desk.app.state.focus == .departments)
        desk.type("sj")
        #expect(desk.app.state.department?.code == "NEUR")
        #expect(desk.messageLine == " 科室：神经内科（sj）")
        #expect(desk.lines[1].hasPrefix(" 查找患者：  "))  // nothing went into the search box
        desk.press(.down)  // a move starts the next jump afresh
        desk.type("card")
        #expect(desk.app.state.department?.code == "CARD")
        desk.type("q")
        #expect(desk.messageLine == " 没有以「q」开头的科室")
        // Digits are never a department: they start a search (an ID card read in that pane).
        desk.type("1")
        #expect(desk.app.state.focus == .search)
        #expect(desk.lines[1].hasPrefix(" 查找患者：1 "))
    }

    @Test("at 09:10 the 09:00 hour is open: the grid shows its seats, F5 asks, and the question says same-day registration")
    func walkInAtTenPast() throws {
        let desk = try DeskFixture(now: LocalDateTime("2026-11-25T09:10")!)
        desk.choosePatient(Bai.query)
        desk.press(.backTab, .down, .enter)  // 李晓梅, who works Wednesday mornings
        #expect(desk.app.state.resource?.code == "D002")
        let free = try #require(desk.app.state.week.first { $0.date == deskNow.date && $0.hour == 9 })
        #expect(free.walkInOpen && free.available > 0)
        #expect(desk.cells(row: 6, from: 24, width: 10) == " 08:00  --")
        #expect(desk.cells(row: 7, from: 24, width: 12).hasPrefix(" 09:00  ") && !desk.cells(row: 7, from: 24, width: 12).contains("--"))
        desk.press(.down, .function(5))
        let y = try #require(desk.row(containing: "│ 类别："))
        #expect(desk.lines[y].contains("当日挂号"), "\(desk.lines[y])")
        desk.press(.enter)
        #expect(desk.messageLine.hasPrefix(" 已预约 "), "\(desk.messageLine)")
        let booked = try #require(try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true)).first { $0.resource == "D002" })
        #expect(booked.hour == 9 && booked.sameDay)
    }

    @Test("at 09:31 the 09:00 hour reads -- and F5 on it is refused at once with the cutoff")
    func walkInPastTheCutoff() throws {
        let desk = try DeskFixture(now: LocalDateTime("2026-11-25T09:31")!)
        desk.choosePatient(Bai.query)
        desk.press(.backTab, .down, .enter)
        #expect(desk.cells(row: 7, from: 24, width: 10) == " 09:00  --")
        desk.press(.down, .function(5))
        #expect(desk.app.state.scope == .desk)  // no question was asked
        #expect(desk.app.state.message?.text.contains("09:30") == true, "\(desk.messageLine)")
        #expect(desk.app.state.message?.text.contains("当日挂号") == true)
    }

    @Test("F5 on a full cell says so at once and points to F12; beyond the horizon it says from when; a second booking names the first")
    func refusedAtTheFirstKey() throws {
        let desk = try DeskFixture { store in
            let slot = try store.slots(SlotFilter(from: tomorrow, to: tomorrow, resource: "D001")).first { $0.hour == 9 }!
            for n in 0..<slot.available {
                let p = try registerPassportHolder("满员" + String(Array("甲乙丙丁戊己")[n]), number: "G\(200000 + n)", in: store)
                try book(p.id, "D001", tomorrow, 9, in: store)
            }
        }
        desk.choosePatient(Bai.query)
        desk.press(.right, .down, .function(5))  // 11-26 09:00, full
        #expect(desk.app.state.scope == .desk)
        #expect(desk.app.state.message?.text == "号源已满：D001@2026-11-26T09 已无余号（规则1 容量） — 按 F12 到候补，F5 加入候补")

        // Next week's Thursday is beyond the 7 days: it opens a week before.
        desk.press(.pageDown, .up, .function(5))
        #expect(desk.app.state.selectedDate == LocalDate("2026-12-03")!)
        #expect(desk.app.state.scope == .desk)
        #expect(desk.app.state.message?.text.hasSuffix("— 2026-11-26 起可约") == true, "\(desk.messageLine)")

        // Book tomorrow 08:00, then F5 on 10:00 the same day: refused, naming the appointment.
        desk.press(.pageUp)
        desk.press(.up, .function(5), .enter)
        let first = try #require(try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true)).first { $0.resource == "D001" })
        desk.press(.down, .down, .function(5))
        #expect(desk.app.state.scope == .desk)
        #expect(desk.app.state.message?.text.contains("已有预约 \(first.id)") == true, "\(desk.messageLine)")
        // The patient's line shows the new appointment, so the clash was in sight.
        #expect(desk.lines[3].contains("11-26四 08:00 CARD 王建国"), "\(desk.lines[3])")
    }

    @Test("F7 on an appointment whose hour has started, F8 on one not yet due: refused at once; no question is asked")
    func cancelRefusedAtOnce() throws {
        let desk = try DeskFixture(now: LocalDateTime("2026-11-25T09:10")!)
        desk.press(.tab, .tab, .down, .enter)  // 李晓梅 today; the grid opens on the hour in progress
        #expect(desk.app.state.resource?.code == "D002" && desk.app.state.focus == .grid)
        desk.press(.tab)
        let started = try #require(desk.app.state.dayList.first { $0.hour == 9 && $0.status == .booked })
        desk.selectInDayList(started.id)
        desk.press(.function(7))
        #expect(desk.app.state.scope == .desk)
        #expect(desk.messageLine.contains("已开始，不能取消"), "\(desk.messageLine)")
        #expect(try desk.store.appointment(started.id).status == .booked)
        // F8 on a later appointment today, not yet due: refused at once with its deadline.
        let later = try #require(desk.app.state.dayList.first { $0.hour >= 10 && $0.status == .booked })
        desk.selectInDayList(later.id)
        desk.press(.function(8))
        #expect(desk.app.state.scope == .desk)
        #expect(desk.app.state.message?.kind == .error, "\(desk.messageLine)")
        #expect(try desk.store.appointment(later.id).status == .booked)
    }

    @Test("on the to-notify list F6 shows the phone in full, audited as patient.reveal with why; never the identity number")
    func phoneForTheCall() throws {
        let desk = try DeskFixture()
        _ = try desk.store.stopSession(resource: "D002", date: LocalDate("2026-11-27")!, reason: "医生外出会诊", by: tester)
        desk.app.poll()
        desk.press(.function(12), .function(12))
        let first = try #require(desk.app.state.notifications.first)
        let phone = try #require(first.phone)
        let y = try #require(desk.row(containing: first.patientName))
        #expect(desk.lines[y].contains(Privacy.maskPhone(phone)))
        desk.press(.function(6))
        #expect(desk.messageLine.contains("电话：\(phone)"), "\(desk.messageLine)")
        #expect(desk.lines[y].contains(phone))
        let patient = try desk.store.patient(.id(first.patientID))
        #expect(!desk.lines.joined().contains(patient.documentNumber))
        let audit = try desk.store.auditLog(AuditFilter(actionPrefix: "patient.reveal"), by: tester)
        #expect(audit.count == 1)
        #expect(audit.first?.operatorName == clerk.name && audit.first?.entityID == "\(first.patientID)")
        #expect(audit.first?.after?.contains("clinic stopped") == true)
        // Once the call is done the patient is off the list: the desk may no longer see it.
        _ = try desk.store.markNotified(first.id, by: clerk)
        #expect(throws: BookingError.notOnNotifyList(notification: first.id)) {
            _ = try desk.store.phoneToCall(notification: first.id, reason: "again", by: clerk)
        }
    }

    @Test("C-e at the end of the day shows how many appointments are overdue, and Enter marks exactly those no-shows")
    func endOfTheDay() throws {
        let desk = try DeskFixture(now: LocalDateTime("2026-11-25T17:45")!)
        let overdue = try desk.store.sweepNoShows(by: clerk, dryRun: true)
        #expect(overdue > 0)
        #expect(try desk.store.sweepNoShows(by: clerk, dryRun: true) == overdue)  // the count changed nothing
        desk.press(.control("e"))
        #expect(desk.row(containing: "日终：记爽约") != nil)
        #expect(desk.row(containing: "逾期未签到（时段结束30分钟后）的预约：\(overdue) 个") != nil)
        desk.press(.enter)
        #expect(desk.messageLine == " 已记爽约 \(overdue) 个")
        #expect(try desk.store.sweepNoShows(by: clerk, dryRun: true) == 0)
        desk.press(.control("e"))
        #expect(desk.messageLine == " 没有逾期未签到的预约")
    }

    @Test("C-p on the day list shows the slip as the printer gets it, no line wider than 48 columns; Esc closes it")
    func slipOnTheDayList() throws {
        let desk = try DeskFixture()
        desk.press(.tab, .tab, .down, .enter, .tab)  // 李晓梅's day list, today
        let a = try #require(desk.app.state.selectedAppointment)
        desk.press(.control("p"))
        let top = try #require(desk.row(containing: "预约凭条 \(a.id)"))
        #expect(desk.row(containing: "预约号：\(a.id)") != nil)
        #expect(desk.row(containing: "患者：" + Privacy.maskName(a.patientName)) != nil)
        #expect(desk.row(containing: "签到截止：2026-11-25 ") != nil)
        let slip = SlipLayout.lines(try desk.store.appointmentSlip(a.id, language: .zh), width: 48, language: .zh, measure: DisplayWidth.width(of:))
        #expect(slip.allSatisfy { DisplayWidth.width(of: $0) <= 48 })
        #expect(desk.cells(row: top + 1, from: 37, width: 48).hasPrefix(slip[0]))
        #expect(rowsAreWhole(desk.screen))
        desk.press(.escape)
        #expect(desk.row(containing: "预约凭条") == nil)
        #expect(desk.app.state.scope == .desk)
    }

    @Test("a patient with three no-shows: F5 asks for the reason in the question (rule 7), and the booking keeps it")
    func flaggedPatientNeedsAReason() throws {
        let desk = try DeskFixture(now: LocalDateTime("2026-11-28T12:00")!) { store in
            let then = store.with(clock: FixedClock(deskNow))
            let p = try registerPassportHolder("欧阳失约", number: "H300001", in: store)
            for (resource, date) in [("D002", "2026-11-25"), ("D001", "2026-11-26"), ("D002", "2026-11-27")] {
                try book(p.id, resource, LocalDate(date)!, 10, in: then)
            }
            #expect(try store.sweepNoShows(by: tester) >= 3)
        }
        desk.choosePatient("oysy")
        let p = try #require(desk.app.state.patient)
        #expect(p.flagged)
        #expect(desk.lines[2].contains("[90天爽约3次]"))
        desk.press(.right, .right, .right, .function(5))  // Tuesday 12-01 08:00, 王建国
        #expect(desk.app.state.scope == .confirm, "\(desk.messageLine)")
        #expect(desk.row(containing: "注意：该患者90天内爽约 3 次，须填写原因（规则7）") != nil)
        #expect(desk.row(containing: "原因：") != nil)
        desk.type("复诊必需")
        desk.press(.enter)
        #expect(desk.messageLine.hasPrefix(" 已预约 "), "\(desk.messageLine)")
        let booked = try #require(try desk.store.appointments(AppointmentFilter(patient: .id(p.id), liveOnly: true)).first)
        #expect(booked.flagReason == "复诊必需")
    }
}

@Suite("What the desk shows beside a masked number, and which patient F5 books")
struct DeskPrivacyTests {
    @Test("the confirmation shows the age today, not on the slot's day: a birthday in the week never shows which day it falls")
    func confirmationAgeIsToday() throws {
        // Born 26 November 1995: 30 on the demo clock (25 November 2026), 31 on the slot's day.
        let body = "110105" + "19951126" + "014"
        let number = body + String(ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! }))
        let desk = try DeskFixture { store in
            _ = try store.registerPatient(PatientInput(name: "林一", documentType: .resident, documentNumber: number, cardNumber: "8800099002"),
                                          by: tester)
        }
        desk.choosePatient("8800099002")
        #expect(desk.lines[2].hasPrefix(" 患者：林一  女  30岁  110105********"))
        desk.press(.right)  // tomorrow, 08:00, 王建国
        desk.press(.function(5))
        let y = try #require(desk.row(containing: "│ 患者：林一"))
        #expect(desk.cells(row: y, from: 25, width: 70).hasPrefix("│ 患者：林一  女  30岁 "))
    }

    @Test("a search that finds several patients lets go of the one in hand: F5 cannot book them before a choice")
    func severalResultsReleaseThePatient() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        #expect(desk.app.state.patient?.id == Bai.id)
        desk.type("王")
        desk.press(.enter)
        #expect(desk.app.state.results.count > 1)
        #expect(desk.app.state.patient == nil)
        desk.press(.escape, .right, .function(5))
        #expect(desk.row(containing: "确认预约") == nil)
    }
}

@Suite("The chosen patient's live appointments under the patient line")
struct PatientAppointmentsLineTests {
    @Test("in English the appointments are listed with an English separator, in Chinese with a Chinese one")
    func separators() throws {
        for language in [Language.zh, .en] {
            let desk = try DeskFixture(language: language)
            desk.choosePatient(Bai.query)
            let line = desk.lines[3]
            let count = desk.app.state.patientAppointments.count
            try #require(count >= 2, "\(line)")
            #expect(line.hasPrefix(language.pick(" 已约：", " Booked: ")), "\(line)")
            #expect(line.contains(language.pick("；", "; ")) && !line.contains(language.pick("; ", "；")), "\(line)")
        }
    }
}
