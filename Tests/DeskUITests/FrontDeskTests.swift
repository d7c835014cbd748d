import BookingCore
import BookingStore
import DeskUI
import Terminal
import Testing

// The front desk's day, key by key: find the patient, pick the slot, book, check in, cancel,
// register a stranger. Each test reads the screen the way the receptionist does.

@Suite("Front desk")
struct FrontDeskTests {
    @Test("the first screen: hospital and date, an empty search box, departments, the first doctor's week, the keys")
    func firstScreen() throws {
        let desk = try DeskFixture()
        let expected = [
            row((0, " 【培训】示范人民医院  | 操作员 test（挂号）"), (88, "2026-11-25 周三 08:30  [已同步]")),
            row((0, " 查找患者："), (53, "姓名/拼音首字母/身份证/电话/卡号 + Enter")),
            " 患者：（未选定）",
            "",
            row((0, "  科室"), (24, "  号源  王建国  2026-11-25 – 2026-12-01")),
            row((0, " *心内科"), (30, "11-25三"), (42, "11-26四"), (54, "11-27五"), (66, "11-28六"), (78, "11-29日"), (90, "11-30一"), (102, "12-1二")),
            gridRow("  神经内科", "08:00", ["  -", "  4", "  -", "  -", "  -", "  -", " !2"]),
            gridRow("  呼吸内科", "09:00", ["  -", "  4", "  -", "  -", "  -", "  -", " 预2"]),
            gridRow("  内分泌科", "10:00", ["  -", "  3", "  -", "  -", "  -", "  -", " 预2"]),
            gridRow("  普外科", "11:00", ["  -", " !2", "  -", "  -", "  -", "  -", " !1"]),
            row((0, "  骨科"), (24, " 数字=可约  !n=余号少  满=已满  预n=仅医联体预留  -=无号  --=已过")),
            row((0, "  妇产科"), (24, "  当日名单 2026-11-25 周三  王建国  (0)")),
            row((0, "  儿科"), (24, "  （没有预约）")),
            "  眼科",
            "  医学影像科",
            "  日间手术中心",
            "", "", "", "",
            "  医生/检查室",
            " *王建国 主任医师",
            "  李晓梅 副主任医师",
            "  陈志强 主治医师",
            "  刘芳 主治医师",
            "", "", "", "", "", "", "", "", "",
            "",
            deskBarZh,
        ]
        #expect(desk.lines == expected)
        // The cursor waits in the search box, right after its label.
        #expect(desk.terminal.lastCursor?.x == 11 && desk.terminal.lastCursor?.y == 1)
    }

    @Test("in English the same screen speaks English, and the function-key bar shows the same bindings")
    func firstScreenInEnglish() throws {
        let desk = try DeskFixture(language: .en)
        #expect(desk.lines[0] == row((0, " [TRAINING] Demonstration People's Hospital  | Operator test (desk)"), (88, "2026-11-25 Wed 08:30  [in sync]")))
        #expect(desk.lines[1] == row((0, " Find patient:"), (57, "name/pinyin initials/ID/phone/card + Enter")))
        #expect(desk.lines[2] == " Patient: (none chosen)")
        #expect(desk.lines[5] == row((0, " *Cardiology"), (30, "Wed 25"), (42, "Thu 26"), (54, "Fri 27"), (66, "Sat 28"), (78, "Sun 29"), (90, "Mon 30"), (102, "Tue 1")))
        #expect(desk.lines[10] == row((0, "  Orthopedics"), (24, " n=free  !n=few left  full  Rn=alliance-reserved only  -=none  --=past")))
        // A department name longer than the pane is cut with an ellipsis at the pane's edge.
        #expect(desk.lines[11] == row((0, "  Obstetrics and Gynec…"), (24, "  Day list 2026-11-25 Wed  王建国  (0)")))
        #expect(desk.functionBar == deskBarEn)
    }

    @Test("pinyin initials find the one patient; Enter chooses them and hands the cursor to the week grid")
    func searchByPinyinInitials() throws {
        let desk = try DeskFixture()
        desk.press(.function(2))
        desk.type(Bai.query)
        #expect(desk.lines[1] == row((0, " 查找患者：bgq"), (53, "姓名/拼音首字母/身份证/电话/卡号 + Enter")))
        #expect(desk.terminal.lastCursor?.x == 14 && desk.terminal.lastCursor?.y == 1)

        desk.press(.enter)
        #expect(desk.lines[2] == Bai.patientLine)
        #expect(desk.messageLine == " 已选患者：白国琪")
        #expect(desk.lines[4] == row((0, "  科室"), (24, "> 号源  王建国  2026-11-25 – 2026-12-01")))
        #expect(desk.app.state.patient?.id == Bai.id)
    }

    @Test("several matches open a list; Down and Enter choose one of them")
    func chooseAmongSeveral() throws {
        let desk = try DeskFixture()
        desk.press(.function(2))
        desk.type("xy")
        desk.press(.enter)
        #expect(desk.messageLine == " 找到 8 名患者，上下键选择，Enter 确定")
        #expect(desk.cells(row: 2, from: 2, width: 84) == "┌─ 查找结果 (8) " + String(repeating: "─", count: 67) + "┐")
        let found: [[(Int, String)]] = [
            [(4, "夏洋"), (16, "女"), (21, "63岁"), (27, "110105********4160"), (47, "136****3836"), (60, "8800010307")],
            [(4, "谢洋"), (16, "男"), (21, "77岁"), (27, "440106********2376"), (47, "186****8513")],
            [(4, "许燕"), (16, "女"), (21, "4岁"), (27, "410105********8142"), (47, "159****3382"), (60, "8800010221")],
        ]
        for (index, pieces) in found.enumerated() {
            let y = 3 + index
            #expect(desk.cells(row: y, from: 2, width: 2) == "│ ")
            #expect(desk.cells(row: y, from: 84, width: 2) == " │")
            #expect(desk.cells(row: y, from: 4, width: 80).hasPrefix(row(pieces.map { ($0.0 - 4, $0.1) })))
        }
        // The first match is under the cursor, shown reversed.
        #expect(desk.screen.styleAt(x: 4, y: 3).reverse)
        #expect(!desk.screen.styleAt(x: 4, y: 5).reverse)

        desk.press(.down, .down)
        #expect(desk.screen.styleAt(x: 4, y: 5).reverse)
        desk.press(.enter)
        #expect(desk.messageLine == " 已选患者：许燕")
        #expect(desk.lines[2].hasPrefix(" 患者：许燕  女  4岁  410105********8142"))
        #expect(desk.row(containing: "查找结果") == nil)
    }

    @Test("Right moves to tomorrow, F5 asks, Enter books: the day list, the grid and the store all show it")
    func bookWithF5AndEnter() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.right)
        #expect(desk.lines[11] == row((0, "  妇产科"), (24, "  当日名单 2026-11-26 周四  王建国  (3)")))

        desk.press(.function(5))
        let box = (13...22).map { desk.cells(row: $0, from: 25, width: 70) }
        #expect(box == [
            "┌─ 确认预约 " + String(repeating: "─", count: 57) + "┐",
            DisplayWidth.pad("│ 患者：白国琪  男  76岁", toWidth: 69) + "│",
            DisplayWidth.pad("│ 科室：心内科", toWidth: 69) + "│",
            DisplayWidth.pad("│ 医生/设备：王建国 主任医师", toWidth: 69) + "│",
            DisplayWidth.pad("│ 时间：2026-11-26 周四 08:00–09:00", toWidth: 69) + "│",
            // What the booking would be, from the store's own rules: class, pool, made ahead.
            DisplayWidth.pad("│ 类别：优先  号池：公共号  预约", toWidth: 69) + "│",
            DisplayWidth.pad("│ 当前可约：4", toWidth: 69) + "│",
            DisplayWidth.pad("│", toWidth: 69) + "│",
            DisplayWidth.pad("│ Enter/F5/y 确认    Esc/n 放弃", toWidth: 69) + "│",
            "└" + String(repeating: "─", count: 68) + "┘",
        ])
        #expect(desk.functionBar.hasPrefix("F1帮助 "))
        #expect(desk.functionBar.hasSuffix(" F5确认 F10退出 Enter确认 Esc返回"))
        #expect(try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true)).count == 4)

        desk.press(.enter)
        let booked = try desk.store.appointments(AppointmentFilter(date: tomorrow, resource: "D001", patient: .id(Bai.id)))
        try #require(booked.count == 1)
        let appointment = booked[0]
        #expect(appointment.status == .booked)
        #expect(appointment.slotLabel == "D001@2026-11-26T08")
        #expect(appointment.priority == .priority)
        #expect(desk.messageLine == " 已预约 \(appointment.id)：白国琪 D001@2026-11-26T08 王建国（优先）")
        #expect(desk.lines[6] == gridRow("  神经内科", "08:00", ["  -", "  3", "  -", "  -", "  -", "  -", " !2"]))
        #expect(desk.lines[11] == row((0, "  妇产科"), (24, "  当日名单 2026-11-26 周四  王建国  (4)")))
        #expect(desk.lines[12] == row((0, "  儿科"), (24, " \(appointment.id)"), (31, "08:00"), (37, "白国琪"), (51, "已预约"), (59, "优先")))
        #expect(desk.lines[13] == row((0, "  眼科"), (24, " 200"), (31, "10:00"), (37, "孙宇"), (51, "已预约")))
        #expect(desk.functionBar == deskBarZh)
    }

    @Test("Esc on the question books nothing and says so", arguments: [Language.zh, .en])
    func declineTheQuestion(language: Language) throws {
        let desk = try DeskFixture(language: language)
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5), .escape)
        #expect(desk.messageLine == language.pick(" 已放弃，未做改动", " Not done: nothing changed"))
        #expect(try desk.store.appointments(AppointmentFilter(date: tomorrow, resource: "D001", patient: .id(Bai.id))).isEmpty)
    }

    @Test("a second booking in the same department on the same day is refused on the message line and changes nothing",
          arguments: [Language.zh, .en])
    func refusalOnTheMessageLine(language: Language) throws {
        let desk = try DeskFixture(language: language)
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5), .enter)
        let first = try #require(try desk.store.appointments(AppointmentFilter(date: tomorrow, resource: "D001", patient: .id(Bai.id))).first)
        let liveBefore = try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true))
        desk.press(.down)
        let before = desk.lines

        desk.press(.function(5), .enter)
        let refusal = language.pick(
            " 该患者 2026-11-26 在 CARD 已有预约 \(first.id)（规则5 每科每天一号）",
            " The patient already holds appointment \(first.id) in CARD on 2026-11-26 (rule 5, one per department per day)")
        #expect(desk.messageLine == refusal)
        #expect(desk.app.state.message?.kind == .error)
        // Everything but the message line reads as before, and the store holds the same bookings.
        var after = desk.lines
        after[34] = before[34]
        #expect(after == before)
        #expect(try desk.store.appointments(AppointmentFilter(patient: .id(Bai.id), liveOnly: true)) == liveBefore)
    }

    @Test("booking without a patient asks for one first")
    func bookingNeedsAPatient() throws {
        let desk = try DeskFixture()
        desk.goToGrid(day: 1)
        desk.press(.function(5))
        #expect(desk.messageLine == " 请先查找并选定患者（F2）")
        #expect(desk.row(containing: "确认预约") == nil)
    }

    @Test("F7 on the day list asks first; Esc keeps the booking, Enter cancels it and the seat comes back")
    func cancelFromTheDayList() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5), .enter)
        let id = try #require(desk.app.state.dayList.first { $0.patientID == Bai.id }?.id)
        desk.press(.tab)
        #expect(desk.app.state.focus == .list)
        // The list's cursor stayed on the appointment it was on; move it to the new one.
        desk.selectInDayList(id)
        #expect(desk.lines[11] == row((0, "  妇产科"), (24, "> 当日名单 2026-11-26 周四  王建国  (4)")))
        #expect(desk.app.state.selectedAppointment?.id == id)
        #expect(desk.screen.styleAt(x: 40, y: 12).reverse)

        desk.press(.function(7))
        #expect(desk.cells(row: 13, from: 25, width: 70).hasPrefix("┌─ 取消预约 "))
        #expect(desk.cells(row: 14, from: 25, width: 30) == DisplayWidth.pad("│ 预约号：\(id)", toWidth: 30))
        #expect(desk.cells(row: 15, from: 25, width: 30) == DisplayWidth.pad("│ 患者：白国琪", toWidth: 30))
        #expect(desk.cells(row: 16, from: 25, width: 40) == DisplayWidth.pad("│ 时段：D001@2026-11-26T08 王建国", toWidth: 40))
        #expect(desk.cells(row: 17, from: 25, width: 30) == DisplayWidth.pad("│ 状态：已预约", toWidth: 30))
        #expect(desk.cells(row: 18, from: 25, width: 30) == DisplayWidth.pad("│ 号源将退回号池。", toWidth: 30))
        desk.press(.escape)
        #expect(desk.messageLine == " 已放弃，未做改动")
        #expect(try desk.store.appointment(id).status == .booked)

        desk.press(.function(7), .enter)
        #expect(desk.messageLine == " 已取消 \(id)：白国琪 D001@2026-11-26T08")
        #expect(try desk.store.appointment(id).status == .cancelled)
        #expect(desk.lines[11] == row((0, "  妇产科"), (24, "> 当日名单 2026-11-26 周四  王建国  (3)")))
        #expect(desk.cells(row: 12, from: 24, width: 33) == DisplayWidth.pad(" \(id)", toWidth: 7) + "08:00 白国琪        已取消")
        #expect(desk.lines[6] == gridRow("  神经内科", "08:00", ["  -", "  4", "  -", "  -", "  -", "  -", " !2"]))
    }

    @Test("F6 on the day list checks in today's patient")
    func checkInFromTheDayList() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        // Doctors pane, the second doctor (李晓梅 sees patients today), back to her grid.
        desk.press(.backTab, .down, .enter)
        #expect(desk.lines[4].hasSuffix("> 号源  李晓梅  2026-11-25 – 2026-12-01"))
        // 08:00 has started (the clock says 08:30): it reads "--" and the cursor moves on to 09:00.
        #expect(desk.cells(row: 6, from: 24, width: 10) == " 08:00  --")
        desk.press(.down, .function(5), .enter)
        let appointment = try #require(desk.app.state.dayList.first { $0.patientID == Bai.id })
        #expect(appointment.slotLabel == "D002@2026-11-25T09")

        desk.press(.tab)
        desk.selectInDayList(appointment.id)
        desk.press(.function(6))
        #expect(desk.messageLine == " 已签到：白国琪 D002@2026-11-25T09")
        #expect(try desk.store.appointment(appointment.id).status == .checkedIn)
        let y = try #require(desk.row(containing: "09:00 白国琪"))
        #expect(desk.column(of: "已签到", row: y) == 51)
    }

    @Test("F6 with nothing in the day list says what is missing")
    func checkInNeedsAnAppointment() throws {
        let tabFirst = " 请先按 Tab 到当日名单，选择预约"
        // The focus is still in the search box: F6 says to Tab to the day list first.
        let desk = try DeskFixture()
        #expect(desk.app.state.focus == .search)
        desk.press(.function(6))
        #expect(desk.messageLine == tabFirst)
        let english = try DeskFixture(language: .en)
        english.press(.function(6))
        #expect(english.messageLine == " Press Tab to reach the day's list and choose the appointment first")

        // The focus is on the day list, but the list is empty: there is nothing to choose, and
        // F6, F7 and F8 all say so (handleDesk: focus == .list but no selected appointment).
        for key in [Key.function(6), .function(7), .function(8)] {
            let onList = try DeskFixture()
            for _ in DeskPane.allCases where onList.app.state.focus != .list { onList.press(.tab) }
            #expect(onList.app.state.focus == .list)
            #expect(onList.app.state.dayList.isEmpty)
            #expect(onList.row(containing: "（没有预约）") != nil)
            #expect(onList.messageLine.isEmpty)
            onList.press(key)
            #expect(onList.messageLine == tabFirst, "\(key)")
            #expect(onList.app.state.scope == .desk, "\(key) asks nothing")
        }
    }

    @Test("an unknown 18-digit identity number and Enter open the registration form with birth date and sex read from it")
    func unknownIdentityNumberOpensRegistration() throws {
        let desk = try DeskFixture()
        desk.type("11010519491231002X")
        desk.press(.enter)
        #expect(desk.messageLine == " 未登记的身份证号，请登记新患者")
        #expect(desk.functionBar.hasPrefix("F1帮助 "))
        #expect(desk.functionBar.hasSuffix(" F5保存 F10退出"))
        let x = 24
        #expect(desk.cells(row: 11, from: x, width: 72) == "┌─ 登记新患者 " + String(repeating: "─", count: 57) + "┐")
        #expect(desk.cells(row: 12, from: x, width: 72) == DisplayWidth.pad("│ > 姓名", toWidth: 71) + "│")
        #expect(desk.cells(row: 14, from: x, width: 72) == DisplayWidth.pad("│   证件类型  < 居民身份证 >", toWidth: 71) + "│")
        #expect(desk.cells(row: 16, from: x, width: 72) == DisplayWidth.pad("│   证件号码  11010519491231002X", toWidth: 71) + "│")
        #expect(desk.cells(row: 22, from: x, width: 72) == DisplayWidth.pad("│ 出生日期 1949-12-31  性别 女  年龄 76", toWidth: 71) + "│")
        #expect(desk.cells(row: 23, from: x, width: 72) == DisplayWidth.pad("│ F5 保存   Esc 放弃   Tab/Enter 下一项   证件类型处按左右键切换", toWidth: 71) + "│")
        // The cursor is in the name field, where the receptionist types next.
        #expect(desk.terminal.lastCursor?.x == 38 && desk.terminal.lastCursor?.y == 12)

        desk.type("张三")
        #expect(desk.cells(row: 12, from: x, width: 20) == "│ > 姓名      张三  ")
        desk.press(.function(5))
        let saved = try desk.store.findPatients("11010519491231002X")
        try #require(saved.count == 1)
        #expect(saved[0].name == "张三")
        #expect(saved[0].sex == .female)
        #expect(saved[0].birthDate == LocalDate("1949-12-31"))
        #expect(desk.messageLine == " 已登记：张三（患者号 \(saved[0].id)）")
        #expect(desk.lines[2] == " 患者：张三  女  76岁  110105********002X  患者号\(saved[0].id)  [65岁以上 优先]")
        #expect(desk.functionBar == deskBarZh)
        #expect(desk.row(containing: "登记新患者") == nil)
    }

    @Test("F3 opens an empty form; a document already registered is refused and the form stays open")
    func registrationRefusesADuplicate() throws {
        let desk = try DeskFixture()
        let existing = try desk.store.registerPatient(
            PatientInput(name: "张三", documentType: .resident, documentNumber: "11010519491231002X"), by: tester)
        desk.press(.function(3))
        #expect(desk.cells(row: 22, from: 24, width: 72) == DisplayWidth.pad("│ 输入或刷身份证号，自动读出出生日期与性别", toWidth: 71) + "│")
        desk.type("李四")
        desk.press(.tab, .tab)
        desk.type("11010519491231002X")
        desk.press(.function(5))
        #expect(desk.messageLine == " 该证件已登记为患者 \(existing.id)（规则4 一证一人）")
        #expect(desk.row(containing: "登记新患者") != nil)
        #expect(try desk.store.findPatients("李四").isEmpty)

        // A filled form asks before Esc throws it away.
        desk.press(.escape)
        #expect(desk.messageLine == " 表单已填写：再按 Esc 放弃")
        desk.press(.escape)
        #expect(desk.messageLine == " 已放弃登记")
        #expect(desk.row(containing: "登记新患者") == nil)
    }

    @Test("an operator without the desk role is refused on the message line, with the rule, and nothing is booked")
    func roleRefusal() throws {
        let desk = try DeskFixture(actor: Operator(name: "night", terminal: "-", roles: [.night]))
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5), .enter)
        #expect(desk.messageLine == " 无权限：appointment.book 仅限 挂号、转诊办、管理员（规则13）")
        #expect(try desk.store.appointments(AppointmentFilter(date: tomorrow, resource: "D001", patient: .id(Bai.id))).isEmpty)
        #expect(desk.lines[11].hasSuffix("(3)"))
    }

    @Test("F4 goes to the referral office; F4 again until the desk is back: it keeps its patient, its day and its cursor")
    func switchToTheReferralOfficeAndBack() throws {
        let desk = try DeskFixture(actor: Operator(name: "test", terminal: "-", roles: [.desk, .coordinator]))
        desk.choosePatient(Bai.query)
        desk.press(.right)
        let before = desk.lines
        // What the bar calls each screen after F4, and the first lines that show it is in front.
        let names = ["desk": "挂号", "coordinator": "转诊办", "surgery": "日间手术", "queue": "叫号", "audit": "审计"]
        func nextNamed() -> String? {
            desk.functionBar.firstMatch(of: /(?:^| )F4(\S+)/).map { String($0.output.1) }
        }
        // The bar always names the NEXT screen: desk → referral office → day surgery → … → desk.
        var named = nextNamed()
        #expect(named == "转诊办", "\(desk.functionBar)")
        var visited: [KeyScope] = [.desk]
        for _ in KeyScope.allCases {
            desk.press(.function(4))
            visited.append(desk.app.active)
            #expect(names[desk.app.active.rawValue] == named, "F4 named \(named ?? "nothing") but brought up \(desk.app.active)")
            #expect(desk.lines[0] == before[0])
            #expect(rowsAreWhole(desk.screen))
            if desk.app.active == .desk { break }
            named = nextNamed()
        }
        #expect(Array(visited.prefix(3)) == [.desk, .coordinator, .surgery], "\(visited)")
        #expect(visited.count > 3 && visited.last == .desk, "\(visited)")
        #expect(desk.lines == before)
        desk.press(.function(5), .enter)
        #expect(desk.messageLine.hasPrefix(" 已预约 "))
    }

    @Test("F6 with the cursor in the grid checks in nobody the receptionist cannot see selected")
    func checkInNeedsAVisibleSelection() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.backTab, .down, .enter, .down, .function(5), .enter)
        // The grid has the cursor; the day list shows no selected row.
        #expect(desk.app.state.focus == .grid)
        let first = try #require(desk.app.state.dayList.first)
        #expect(first.patientName != Bai.name)
        let y = try #require(desk.row(containing: "09:00 \(first.patientName)"))
        #expect(!desk.screen.styleAt(x: 40, y: y).reverse)
        desk.press(.function(6))
        #expect(try desk.store.appointment(first.id).status == .booked, "\(desk.messageLine)")
        #expect(desk.messageLine == " 请先按 Tab 到当日名单，选择预约")
        // Cancel and no-show ask nothing either while the grid has the cursor.
        for key in [Key.function(7), .function(8)] {
            desk.press(key)
            #expect(desk.app.state.scope == .desk, "\(key) opened a question")
            #expect(desk.messageLine == " 请先按 Tab 到当日名单，选择预约", "\(key)")
        }
        #expect(try desk.store.appointment(first.id).status == .booked)
        // Tab to the day list, and the same F6 checks in the appointment under the cursor.
        desk.press(.tab)
        #expect(desk.app.state.focus == .list)
        desk.selectInDayList(first.id)
        desk.press(.function(6))
        #expect(try desk.store.appointment(first.id).status == .checkedIn, "\(desk.messageLine)")
    }
}
