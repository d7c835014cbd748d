import BookingCore
import BookingStore
@testable import DeskUI
import Foundation
import Terminal
import Testing

// Every screen at 80×24 and honest about what it shows: who is signed in on the title bar,
// every bound key on the bottom bar, refusals whole, lines the terminal can draw, and keys that
// act only on the pane in view.

/// The demo coordinator bound to clinics C01 and C02, with the name on her badge.
let boundCoordinator = Operator(name: "referral1", terminal: "-", roles: [.coordinator], clinics: ["C01", "C02"], displayName: "赵强")
/// The administrator, who reaches every screen.
let administrator = Operator(name: "admin", terminal: "-", roles: [.admin], displayName: "系统管理员")

/// The bound function keys of `scope` the bar does not show: each key shows as `F8…` or, when
/// the bar is short of room, as `8…` (never followed by another digit).
func functionKeysMissing(from bar: String, scope: KeyScope, keymap: Keymap = KeymapFiles.defaults().0) -> [Int] {
    let bound = keymap.effective(in: scope).compactMap { b -> Int? in if case let .function(n) = b.key { return n } else { return nil } }
    let tokens = bar.split(separator: " ").map(String.init)
    return bound.filter { n in
        tokens.contains { token in
            for prefix in ["F\(n)", "\(n)"] where token.hasPrefix(prefix) {
                let rest = token.dropFirst(prefix.count)
                if rest.first.map({ !$0.isNumber }) ?? false { return true }
            }
            return false
        } == false
    }
}

@Suite("Every screen at 80×24")
struct ScreenShapeTests {
    /// The screens each role uses, and where they are in the app.
    static let screens: [(KeyScope, Operator)] = [
        (.desk, clerk), (.coordinator, boundCoordinator), (.surgery, nightNurse), (.queue, clerk), (.audit, administrator), (.utilisation, clerk),
    ]

    @Test("at 80×24 the title bar shows the username and role, and the bottom bar every bound function key, on every screen in zh and en",
          arguments: [Language.zh, .en])
    func titleAndBarAtMinimumSize(language: Language) throws {
        for (scope, actor) in Self.screens {
            let desk = try DeskFixture(language: language, width: 80, height: 24, actor: actor)
            desk.app.switchScreen(to: scope)
            desk.app.draw()
            let role = try #require(actor.roles.max()).label(language)
            #expect(desk.lines[0].contains(actor.name), "\(scope) \(language): \(desk.lines[0])")
            #expect(desk.lines[0].contains(role), "\(scope) \(language): \(desk.lines[0])")
            #expect(desk.lines[0].hasSuffix(language.pick("08:30  [已同步]", "08:30  [in sync]")), "\(desk.lines[0])")
            #expect(functionKeysMissing(from: desk.functionBar, scope: scope).isEmpty, "\(scope) \(language): \(desk.functionBar)")
            #expect(rowsAreWhole(desk.screen))
        }
    }

    @Test("the English title keeps the display name when there is room, and drops it before the username at 80 columns")
    func titleGivesWayInOrder() throws {
        let wide = try DeskFixture(language: .en, width: 120, height: 36, actor: boundCoordinator)
        #expect(wide.lines[0].contains("| Operator 赵强 referral1 (coordinator)"), "\(wide.lines[0])")
        let narrow = try DeskFixture(language: .en, width: 80, height: 24, actor: boundCoordinator)
        #expect(narrow.lines[0].contains("referral1 (coordinator)"), "\(narrow.lines[0])")
        #expect(narrow.lines[0].hasSuffix("2026-11-25 Wed 08:30  [in sync]") || narrow.lines[0].hasSuffix("2026-11-25 08:30  [in sync]"))
        // A training mark keeps its place after the operator.
        let info = FrameInfo(hospital: "Demo People's Hospital", operatorName: "赵强 referral1", role: "coordinator", now: deskNow, synced: true,
                             language: .en, mark: "[TRAINING]")
        let (left, right) = Frame.titleParts(info, width: 80)
        #expect(left.hasSuffix("referral1 (coordinator) [TRAINING]") && DisplayWidth.width(of: left + right) <= 80, "\(left)|\(right)")
        // A mark at the start of the hospital's name survives a long operator name at 80 columns.
        let marked = FrameInfo(hospital: "【培训】示范人民医院", operatorName: "欧阳娜娜 referral-office-1", role: "转诊办", now: deskNow, synced: true, language: .zh)
        let (markedLeft, markedRight) = Frame.titleParts(marked, width: 80)
        #expect(markedLeft.hasPrefix(" 【培训】") && markedLeft.contains("referral-office-1（转诊办）"), "\(markedLeft)|\(markedRight)")
        #expect(DisplayWidth.width(of: markedLeft + markedRight) <= 80)
    }

    @Test("a refusal wider than the screen wraps above the message line: no cell of it is lost at 80×24")
    func longRefusalWraps() throws {
        let f = try SurgeryFixture(language: .en, width: 80, height: 24)
        f.key(.down)
        let hernia = try #require(f.state.reviewedCase)
        f.key(.function(2))
        let refusal = BookingError.checklistIncomplete(caseID: hernia.id, missing: [.consent]).message(.en)
        #expect(DisplayWidth.width(of: refusal) > 79)
        let lines = f.lines
        // The message ends on row 22, above the bar; its first part is on the row above.
        let shown = lines[21].dropFirst() + " " + lines[22].dropFirst()
        #expect(String(shown) == refusal, "\(lines[21])\n\(lines[22])")
        #expect(lines[23].hasPrefix("F1") || lines[23].hasPrefix("1"))
    }

    @Test("help is whole at 80×24: PgDn shows the keys below the box, PgUp goes back, and it says which rows show")
    func helpScrolls() throws {
        let desk = try DeskFixture(width: 80, height: 24)
        desk.press(.function(1))
        let rows = Overlay.helpRows(for: .desk, keymap: desk.app.keymap, language: .zh, screenWidth: 80,
                                   notes: desk.app.state.searchKeyNotes(desk.app.keymap))
        #expect(rows.count > 19)
        let text = { desk.lines.joined(separator: "\n") }
        #expect(!text().contains("Up        上 — 移动光标"))
        #expect(text().contains("1–19/\(rows.count)  PgUp/PgDn"), "\(text())")
        desk.press(.pageDown)
        #expect(text().contains("Up        上 — 移动光标"), "\(text())")
        #expect(text().contains("/\(rows.count)  PgUp/PgDn"))
        desk.press(.pageUp)
        #expect(text().contains("F1        帮助"))
        #expect(!text().contains("Up        上 — 移动光标"))
        desk.press(.escape)
        #expect(desk.app.state.scope == .desk)
    }

    @Test("boxes are drawn with Unicode corners, and with +-| on a terminal without line drawing (TERM=vt100, LANG=C)")
    func lineDrawingFollowsTheTerminal() throws {
        let desk = try DeskFixture(width: 80, height: 24)
        desk.press(.function(1))
        #expect(desk.cells(row: 1, from: 2, width: 4) == "┌─ 按")
        #expect(desk.cells(row: 22, from: 2, width: 1) == "└")
        desk.terminal.lineDrawing = .ascii
        desk.app.draw()
        #expect(desk.cells(row: 1, from: 2, width: 4) == "+- 按")
        #expect(desk.cells(row: 22, from: 2, width: 3) == "+--")
        #expect(desk.cells(row: 5, from: 2, width: 1) == "|")
        // Bars and blocks too: the quota board's legend and its bars use the same ASCII stand-ins.
        #expect(LineDrawing.ascii.shown("█") == "#" && LineDrawing.ascii.shown("░") == ":" && LineDrawing.unicode.shown("█") == "█")
        #expect(LineDrawing.choose(localeIsUTF8: false, terminalHasLineDrawing: true) == .ascii)
        #expect(LineDrawing.choose(localeIsUTF8: true, terminalHasLineDrawing: false) == .ascii)
        #expect(LineDrawing.choose(localeIsUTF8: true, terminalHasLineDrawing: true) == .unicode)
    }

    @Test("the locked screen's title bar says who is signed in")
    func lockedScreenSaysWho() throws {
        let desk = try DeskFixture(width: 80, height: 24, actor: boundCoordinator)
        desk.app.lock()
        desk.app.draw()
        #expect(desk.lines[0].contains("referral1（转诊办）"), "\(desk.lines[0])")
        #expect(!desk.lines[0].contains("未登录"))
        #expect(desk.lines.contains { $0.contains("屏幕已锁定") })
    }

    @Test("a message goes from the line after a minute; until then it stays")
    func oldMessagesExpire() throws {
        let desk = try DeskFixture()
        desk.press(.function(5))
        let refusal = desk.messageLine
        #expect(!refusal.isEmpty)
        desk.app.poll()
        desk.stopwatch.advance(by: 10)
        desk.app.poll()
        desk.app.draw()
        #expect(desk.messageLine == refusal)
        desk.stopwatch.advance(by: DeskApp.messageLifetime - 9)
        desk.app.poll()
        desk.app.draw()
        #expect(desk.messageLine.isEmpty)
    }
}

@Suite("The referral office acts on what it shows")
struct ReferralOfficeInViewTests {
    @Test("with the quota board up, Enter, F5, F7 and F8 do nothing to the hidden inbox, and Esc closes the board")
    func boardHidesTheInbox() throws {
        let desk = try DeskFixture(width: 80, height: 24, actor: CoordinatorAndSignInTests.office)
        desk.press(.function(4), .function(6))
        #expect(desk.app.coordinator.showingBoard)
        desk.press(.enter, .enter, .function(5), .function(8), .function(7))
        #expect(desk.app.coordinator.scope == .coordinator)
        #expect(!desk.lines.contains { $0.contains("转诊预约") || $0.contains("撤销转诊单") })
        #expect(desk.messageLine.contains("配额看板打开中"))
        #expect(try desk.store.referrals(.inbox).count == 12)
        desk.press(.escape)
        #expect(!desk.app.coordinator.showingBoard)
        #expect(desk.lines.contains { $0.contains("转诊收件箱") })
    }

    @Test("at 80×24 the inbox keeps some of each referral's reason; the department column gives way first", arguments: [Language.zh, .en])
    func inboxKeepsTheReason(language: Language) throws {
        let desk = try DeskFixture(language: language, width: 80, height: 24, actor: CoordinatorAndSignInTests.office)
        desk.press(.function(4))
        let first = try #require(desk.app.coordinator.inbox.first)
        let y = try #require(desk.row(containing: " \(first.id)   "))
        let reasonStart = String(first.reason.prefix(4))
        #expect(desk.cells(row: y, from: 0, width: 44).contains(reasonStart), "\(desk.lines[y])")
        #expect(!desk.cells(row: y, from: 0, width: 44).contains(first.department), "\(desk.lines[y])")
    }

    @Test("the quota board at 80×24 has a legend for its levels and bars, and its figures whole")
    func quotaBoardLegendAndFigures() throws {
        let desk = try DeskFixture(language: .en, width: 80, height: 24, actor: CoordinatorAndSignInTests.office)
        desk.press(.function(4), .function(6))
        #expect(desk.lines.contains { $0.hasPrefix(" Each day, reserved used: ▁ few ▂▃▄▅▆▇ █ all  - none  ! releases within 24 h") })
        #expect(desk.lines.contains { $0.hasPrefix(" Total bar: █ used  ▒ still held  ░ released to the public") })
        let cardiology = try #require(desk.row(containing: "Cardiology"))
        let figures = desk.lines[cardiology + 1]
        #expect(!figures.contains("…") && figures.contains("held"), "\(figures)")
    }

    @Test("a coordinator bound to C01 and C02 opens on their own clinics; F2 goes on to each clinic, then all")
    func opensOnOwnClinics() throws {
        let desk = try DeskFixture(actor: boundCoordinator)
        desk.press(.function(4))
        let inbox = desk.app.coordinator.inbox
        #expect(!inbox.isEmpty && inbox.allSatisfy { ["C01", "C02"].contains($0.clinic) })
        #expect(desk.lines[1].hasPrefix(" 转诊办  机构：本人 C01/C02 [F2]"))
        let all = try desk.store.referrals(.inbox).count
        for _ in 0..<5 { desk.press(.function(2)) }  // C01, C02, C03, C04, all
        #expect(desk.app.coordinator.inbox.count == all)
        desk.press(.function(2))
        #expect(desk.lines[1].hasPrefix(" 转诊办  机构：本人 C01/C02 [F2]"))
    }

    @Test("a referral the operator may not book says so at the first key: a C03 referral for a coordinator of C01/C02, any for the desk")
    func refusalAtTheFirstKey() throws {
        let desk = try DeskFixture(actor: boundCoordinator)
        desk.press(.function(4), .function(2), .function(2), .function(2))  // C03
        let r = try #require(desk.app.coordinator.referral)
        #expect(r.clinic == "C03")
        desk.press(.enter)
        #expect(desk.messageLine == " " + BookingError.clinicNotBound(clinic: "C03", bound: ["C01", "C02"]).message(.zh))
        #expect(desk.app.coordinator.focus == .inbox)
        desk.press(.function(5))
        #expect(desk.app.coordinator.confirmation == nil)

        let clerkDesk = try DeskFixture(actor: clerk)
        clerkDesk.press(.function(4), .enter)
        #expect(clerkDesk.messageLine.contains("无权限"))
        #expect(clerkDesk.app.coordinator.focus == .inbox && clerkDesk.app.coordinator.confirmation == nil)
    }

    @Test("Enter Enter Enter books the first open slot: after a booking and after a filter change the slot cursor is on the first row")
    func cursorToTheFirstRow() throws {
        let desk = try DeskFixture(actor: CoordinatorAndSignInTests.office)
        desk.press(.function(4), .enter)
        for _ in 0..<10 { desk.press(.down) }
        #expect(desk.app.coordinator.candidateIndex == 10)
        desk.press(.enter, .enter)
        #expect(desk.messageLine.hasPrefix(" 已预约 "))
        // The next referral: Enter Enter Enter books its first open slot.
        #expect(desk.app.coordinator.focus == .inbox && desk.app.coordinator.candidateIndex == 0)
        let next = try #require(desk.app.coordinator.referral)
        let first = try #require(desk.app.coordinator.candidates.first)
        desk.press(.enter, .enter, .enter)
        let booked = try desk.store.referral(next.id)
        #expect(try desk.store.appointment(try #require(booked.appointmentID)).slotID == first.id)
        // A filter change puts the cursor back on the first row too.
        desk.press(.enter, .down, .down)
        desk.press(.function(3))
        #expect(desk.app.coordinator.candidateIndex == 0)
    }

    @Test("the withdraw box says the referral's reason once, names the field for why, and offers only keys that do not type")
    func withdrawBox() throws {
        let desk = try DeskFixture(actor: CoordinatorAndSignInTests.office)
        desk.press(.function(4), .function(7))
        let text = desk.lines.joined(separator: "\n")
        // One line for the referral's reason, one field for why it is withdrawn: no two "Reason:".
        #expect(desk.lines.filter { $0.contains("│ 转诊原因：") }.count == 1, "\(text)")
        #expect(desk.lines.filter { $0.contains("│ 撤销原因：") }.count == 1)
        #expect(!desk.lines.contains { $0.contains("│ 原因：") })
        #expect(text.contains("Enter/F5 确认    Esc 放弃") && !text.contains("y 确认"))
        // An empty reason keeps the box: the store would only refuse it.
        desk.press(.enter)
        #expect(desk.app.coordinator.confirmation != nil)
        #expect(desk.messageLine == " 请先填写原因，再确认")
        desk.type("no")
        #expect(desk.app.coordinator.confirmation?.reason?.text == "no")
    }

    @Test("lists say when rows are hidden: the slots show which of how many")
    func rowsHiddenAreCounted() throws {
        let desk = try DeskFixture(width: 80, height: 24, actor: CoordinatorAndSignInTests.office)
        desk.press(.function(4), .enter)
        let count = desk.app.coordinator.candidates.count
        #expect(count > 12)
        #expect(desk.lines.contains { $0.contains("可用时段 1–") && $0.contains("/\(count)（") }, "\(desk.lines.joined(separator: "\n"))")
    }

    @Test("the desk's day list and search results say which rows show of how many at 80×24")
    func deskListsCountHiddenRows() throws {
        let digits = Array("甲乙丙丁戊己庚辛壬癸")
        let desk = try DeskFixture(width: 80, height: 24) { store in
            // Sixteen bookings into 王建国's tomorrow, every other one cancelled: the day list
            // shows cancelled rows too, so it outgrows its pane.
            for n in 1...16 {
                let p = try registerPassportHolder("满" + String(digits[n / 10]) + String(digits[n % 10]), number: "F\(200000 + n)", in: store)
                let open = try #require(try store.slots(SlotFilter(from: tomorrow, to: tomorrow, resource: "D001")).first { $0.available > 0 })
                let a = try book(p.id, "D001", tomorrow, open.hour, in: store)
                if n % 2 == 1 { _ = try store.cancel(appointment: a.id, by: tester) }
            }
        }
        for _ in 0..<4 where desk.app.state.focus != .grid { desk.press(.tab) }
        desk.press(.right)
        let list = desk.app.state.dayList.count
        #expect(list > 6)
        #expect(desk.lines.contains { $0.contains("当日名单 2026-11-26") && $0.contains(") 行1–") && $0.hasSuffix("/\(list)") },
                "\(desk.lines.joined(separator: "\n"))")
        desk.press(.function(2))
        desk.type("满")
        desk.press(.enter)
        #expect(desk.app.state.results.count == 16)
        #expect(desk.lines.contains { $0.contains("查找结果 1–14/16") }, "\(desk.lines.joined(separator: "\n"))")
    }

    @Test("an appointment, waitlist, call or referral number is never cut on a list: its column fits the largest, or drops whole",
          arguments: [Language.zh, .en])
    func recordNumbersAreWhole(language: Language) {
        for largest: Int64 in [7, 1171, 1_234_567] {
            for columns in [DeskState.dayListColumns(language, largestID: largest), DeskState.waitlistColumns(language, largestID: largest),
                            DeskState.notificationColumns(language, largestID: largest), CoordinatorState.inboxColumns(language, largestID: largest)] {
                for width in [40, 56, 76, 96] {
                    let number = TableColumn.layout(columns, in: width)[0]
                    #expect(number == 0 || number >= " \(largest)".count + 1, "\(language) \(largest) in \(width): \(number)")
                }
            }
        }
    }

    @Test("a day-surgery case's place on its list (`#12`, as messages name it) is never cut at 80 columns")
    func surgeryPlacesAreWhole() {
        for largest in [3, 12, 18] {
            let widths = TableColumn.layout(SurgeryState.listColumns(largestPlace: largest), in: 80)
            #expect(widths[2] >= String(largest).count + 1, "\(largest): \(widths)")
        }
    }

    @Test("search results at 80×24 in English show the sex whole (`female`, never `fem…`), and the document and phone", arguments: [Language.en, .zh])
    func resultsKeepTheirLabels(language: Language) throws {
        let desk = try DeskFixture(language: language, width: 80, height: 24)
        desk.press(.function(2))
        desk.type("xy")
        desk.press(.enter)
        let results = desk.app.state.results
        try #require(results.count == 8)
        for (index, patient) in results.enumerated() {
            let line = desk.cells(row: 3 + index, from: 4, width: 72)
            #expect(line.contains(" " + patient.sex!.label(language) + " ") && line.contains(patient.maskedDocument)
                    && line.contains(patient.maskedPhone!) && !line.contains("…"), "\(line)")
        }
    }
}

@Suite("Day surgery asks and names as the list shows")
struct SurgeryHonestyTests {
    @Test("after postponing a case, F6 never proposes it again that night, and marks proposed cases whose checklist is incomplete")
    func planSkipsTonightsPostponement() throws {
        let f = try SurgeryFixture()
        f.key(.down, .down, .down)
        let knee = try #require(f.state.reviewedCase)
        f.key(.function(3))
        f.type("化验未回")
        f.key(.enter)
        #expect(try f.store.surgeryCase(knee.id).status == .queued)
        let plan = try f.store.proposeSurgeryPlan(days: SurgeryState.planDays)
        #expect(!plan.contains { $0.proposal.caseID == knee.id })
        f.key(.function(6))
        guard case let .planSurgery(proposed)? = f.state.confirmation?.change else { Issue.record("F6 asked nothing"); return }
        #expect(!proposed.contains { $0.caseID == knee.id })
        if plan.prefix(10).contains(where: { !$0.surgeryCase.missing.isEmpty }) { #expect(f.text.contains("!缺"), "\(f.text)") }
    }

    @Test("at 80×24 the English heading keeps its figures, and a proposed case's missing items are never cut off")
    func figuresAndMarksAtMinimumWidth() throws {
        let f = try SurgeryFixture(language: .en, width: 80, height: 24)
        #expect(f.lines[1] == " Night review  2026-11-26 Thu (tomorrow)  10 cases, 2 confirmed, 5 missing items")
        f.key(.function(6))
        let marked = f.lines.filter { $0.contains("│ 11-") && $0.contains("missing") }
        #expect(!marked.isEmpty && marked.allSatisfy { $0.contains(#/#\d+ \d\d:\d\d  !\d missing /#) }, "\(f.text)")
    }

    @Test("postponing with an empty reason keeps the question open and says why")
    func emptyPostponeReasonKeepsTheBox() throws {
        let f = try SurgeryFixture()
        f.key(.down, .down, .down)
        let knee = try #require(f.state.reviewedCase)
        f.key(.function(3), .enter)
        #expect(f.state.confirmation != nil)
        #expect(f.state.message?.text == "请先填写原因，再确认")
        #expect(try f.store.surgeryCase(knee.id).status != .queued)
        f.type("陪护未落实")
        f.key(.enter)
        #expect(try f.store.surgeryCase(knee.id).status == .queued)
    }
}

@Suite("The utilisation picture and the audit log say what they show")
struct UtilisationAndAuditTests {
    @Test("a department with nothing offered draws no bar of ░ (which would read as all free)")
    func nothingOfferedIsNoBar() {
        #expect(UtilisationState.bar(booked: 0, capacity: 0, width: 6) == "------")
        #expect(UtilisationState.bar(booked: 0, capacity: 10, width: 4) == "░░░░")
    }

    @Test("on a Sunday the heat map opens on the coming week, not the one that is over")
    func sundayOpensOnTheComingWeek() {
        let sunday = LocalDate("2026-11-29")!
        #expect(UtilisationState.weekToShow(today: sunday) == LocalDate("2026-11-30")!)
        #expect(UtilisationState.weekToShow(today: LocalDate("2026-11-25")!) == LocalDate("2026-11-23")!)
        #expect(UtilisationState(language: .zh, now: LocalDateTime(date: sunday, minuteOfDay: 600)).weekStart == LocalDate("2026-11-30")!)
    }

    @Test("the audit log's bar says what F3 does there: filter by kind of action")
    func auditBarNamesTheFilter() throws {
        for language in [Language.zh, .en] {
            let desk = try DeskFixture(language: language, width: 80, height: 24, actor: administrator)
            desk.app.switchScreen(to: .audit)
            desk.app.draw()
            #expect(desk.functionBar.contains(language.pick("F3类别", "F3Action")) || desk.functionBar.contains(language.pick("3类别", "3Action")),
                    "\(desk.functionBar)")
            #expect(!desk.functionBar.contains("Dept") && !desk.functionBar.contains("科室"))
        }
    }

    @Test("the audit log at 80×24 says which of the page's records show")
    func auditCountsHiddenRows() throws {
        let desk = try DeskFixture(width: 80, height: 24, actor: administrator)
        desk.app.switchScreen(to: .audit)
        desk.app.draw()
        let records = desk.app.audit.records.count
        #expect(records > 15)
        #expect(desk.lines[1].contains("第 1 页 (1–15/\(records))"), "\(desk.lines[1])")
        // The entity (what was changed) keeps its id: the operator column narrowed for it.
        let first = desk.app.audit.records[0]
        #expect(desk.lines[3].hasSuffix(first.entity + (first.entityID.map { " " + $0 } ?? "")), "\(desk.lines[3])")
        #expect(desk.lines[2].hasSuffix("对象"))
        // The time keeps its minutes: when, to the minute, is what an audit is read for.
        for (row, record) in desk.app.audit.records.prefix(15).enumerated() {
            #expect(desk.lines[3 + row].hasPrefix(" " + record.at.replacingOccurrences(of: "T", with: " ") + " "), "\(desk.lines[3 + row])")
        }
    }
}

@Suite("The registration form keeps what was typed")
struct RegistrationFormTests {
    @Test("Esc on a filled registration form asks first; typing on clears the question; a second Esc discards")
    func escapeOnAFilledFormAsks() throws {
        let desk = try DeskFixture()
        desk.press(.function(3))
        desk.type("李四")
        desk.press(.escape)
        #expect(desk.messageLine == " 表单已填写：再按 Esc 放弃")
        #expect(desk.row(containing: "再按 Esc 放弃已填写的内容；F5 保存") != nil)
        #expect(desk.app.state.form?.name.text == "李四")
        desk.type("四")
        desk.press(.escape)
        #expect(desk.app.state.form?.name.text == "李四四")
        desk.press(.escape)
        #expect(desk.app.state.form == nil && desk.messageLine == " 已放弃登记")
        // An empty form goes at the first Esc.
        desk.press(.function(3), .escape)
        #expect(desk.app.state.form == nil)
    }

    @Test("a duplicate identity number offers to choose the patient it belongs to; F5 then chooses them")
    func duplicateIdentityOffersThePatient() throws {
        let desk = try DeskFixture()
        let existing = try desk.store.registerPatient(
            PatientInput(name: "张三", documentType: .resident, documentNumber: "11010519491231002X"), by: tester)
        desk.press(.function(3))
        desk.type("张三")
        desk.press(.tab, .tab)
        desk.type("11010519491231002X")
        desk.press(.function(5))
        #expect(desk.messageLine == " 该证件已登记为患者 \(existing.id)（规则4 一证一人）")
        #expect(desk.row(containing: "F5 选定已登记的患者（患者号 \(existing.id)）") != nil)
        desk.press(.function(5))
        #expect(desk.app.state.form == nil)
        #expect(desk.app.state.patient?.id == existing.id)
        #expect(desk.messageLine == " 已选定已登记的患者：张三（患者号 \(existing.id)）")
        #expect(try desk.store.findPatients("11010519491231002X").count == 1)
    }
}
