import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal
import Testing

// How the screen holds up to real names and real terminals: Chinese names in columns, names
// longer than any column, the 80×24 minimum, monochrome terminals, the help screen.

@Suite("Screen layout")
struct ScreenLayoutTests {
    @Test("names of one to four Chinese characters and a Latin name keep the day list's columns straight")
    func chineseNamesAlignInTheDayList() throws {
        var booked: [AppointmentView] = []
        let desk = try DeskFixture { store in
            let names = ["王", "欧阳娜娜", "Li Na"]
            for (n, name) in names.enumerated() {
                let patient = try registerPassportHolder(name, number: "E1000000\(n)", in: store)
                booked.append(try book(patient.id, "D001", tomorrow, 9, in: store))
            }
        }
        desk.goToGrid(day: 1)
        #expect(desk.lines[11] == row((0, "  妇产科"), (24, "  当日名单 2026-11-26 周四  王建国  (6)")))
        let rows = Array(12..<18)
        #expect(rows.map { desk.lines[$0] } == [
            row((0, "  儿科"), (24, " \(booked[0].id)"), (31, "09:00"), (37, "王"), (51, "已预约")),
            row((0, "  眼科"), (24, " \(booked[1].id)"), (31, "09:00"), (37, "欧阳娜娜"), (51, "已预约")),
            row((0, "  医学影像科"), (24, " \(booked[2].id)"), (31, "09:00"), (37, "Li Na"), (51, "已预约")),
            row((0, "  日间手术中心"), (24, " 200"), (31, "10:00"), (37, "孙宇"), (51, "已预约")),
            row((24, " 201"), (31, "11:00"), (37, "万慧婷"), (51, "已预约"), (59, "优先")),
            row((24, " 202"), (31, "11:00"), (37, "唐刚"), (51, "已预约")),
        ])
        // Whatever the name, the status and priority start at the same display column on every row.
        for y in rows {
            #expect(desk.column(of: "已预约", row: y) == 51, "row \(y): \(desk.lines[y])")
        }
        #expect(desk.column(of: "优先", row: 16) == 59)
    }

    @Test("in English the day list's columns are as straight, with wider status and priority columns")
    func columnsInEnglish() throws {
        let desk = try DeskFixture(language: .en)
        desk.goToGrid(day: 1)
        #expect((12..<15).map { desk.column(of: "booked", row: $0) } == [51, 51, 51])
        #expect(desk.lines[13] == row((0, "  Ophthalmology"), (24, " 201"), (31, "11:00"), (37, "万慧婷"), (51, "booked"), (62, "priority")))
    }

    @Test("search results keep sex, age, document and phone in columns whatever the length of the name")
    func resultsAlign() throws {
        let desk = try DeskFixture()
        desk.type("xy")
        desk.press(.enter)
        let results = desk.app.state.results
        try #require(results.count == 8)
        for (index, patient) in results.enumerated() {
            let y = 3 + index
            #expect(desk.column(of: patient.name, row: y) == 4)
            #expect(desk.column(of: patient.sex!.label(.zh) + " ", row: y) == 16, "\(desk.lines[y])")
            #expect(desk.column(of: patient.maskedDocument, row: y) == 27, "\(desk.lines[y])")
            #expect(desk.column(of: patient.maskedPhone!, row: y) == 47, "\(desk.lines[y])")
        }
    }

    @Test("120-character hospital, department and doctor names are cut with … at the edge of their space, never across a wide character")
    func longNamesAreTruncated() throws {
        let hospital = "A" + String(repeating: "长", count: 119)
        let department = String(repeating: "心", count: 120)
        let doctor = "Dr " + String(repeating: "王", count: 117)
        let desk = try DeskFixture { store in
            var setup = HospitalSetup()
            setup.hospital = .init(name: hospital)
            setup.departments = [.init(code: "CARD", name: department, nameEn: "Cardiology")]
            setup.resources = [.init(code: "D001", department: "CARD", kind: .clinic, name: doctor, title: "主任医师")]
            _ = try store.applySetup(setup, by: tester)
        }
        #expect(hospital.count == 120 && department.count == 120 && doctor.count == 120)
        // Title: a training database's mark (10 columns) and the hospital give way to the operator
        // (who is signed in always shows) and the date: " 【培训】A" + 26 wide characters and "…".
        #expect(desk.lines[0] == " 【培训】A" + String(repeating: "长", count: 26) + "…  | 操作员 test（挂号）  " + "2026-11-25 周三 08:30  [已同步]")
        // Departments pane (23 columns): 10 wide characters, then "…".
        #expect(desk.cells(row: 5, from: 0, width: 24) == " *" + String(repeating: "心", count: 10) + "…" + " ")
        // Doctors pane: " *Dr " is 5 columns; an 9th 王 would end at column 23, so it stops at 8 and "…" follows.
        #expect(desk.cells(row: 21, from: 0, width: 24) == " *Dr " + String(repeating: "王", count: 8) + "…" + "  ")
        // Grid title: cut at the right edge of the screen.
        #expect(desk.cells(row: 4, from: 24, width: 96) == "  号源  Dr " + String(repeating: "王", count: 42) + "…")
        #expect(rowsAreWhole(desk.screen))

        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5))
        // The question box cuts the doctor's line inside its frame.
        let y = try #require(desk.row(containing: "医生/设备："))
        #expect(desk.cells(row: y, from: 25, width: 70) == "│ 医生/设备：Dr " + String(repeating: "王", count: 25) + "…  │")
        #expect(rowsAreWhole(desk.screen))
    }

    @Test("a 40-character name, the longest the rules allow, is cut cleanly in the day list, the results and the question")
    func longestPatientName() throws {
        let name = String(repeating: "龙", count: 39) + "尾"
        let desk = try DeskFixture { store in
            let patient = try store.registerPatient(PatientInput(name: name, documentType: .passport, documentNumber: "E99999999"), by: tester)
            try book(patient.id, "D001", tomorrow, 9, in: store)
        }
        desk.goToGrid(day: 1)
        // The name column is 14 wide: six 龙, "…", one column of padding; the status still at 51.
        #expect(desk.cells(row: 12, from: 37, width: 20) == String(repeating: "龙", count: 6) + "… " + "已预约")
        #expect(desk.column(of: "已预约", row: 12) == 51)

        desk.choosePatient(name)
        // The patient line has 96 columns before the flags: the name whole, the document cut.
        #expect(desk.lines[2] == " 患者：" + name + "  ******…")
        // The patient holds this slot's day already (rule 5, refused at F5): the question is for
        // the same hour once that appointment is cancelled.
        let held = try #require(desk.app.state.patientAppointments.first)
        _ = try desk.store.cancel(appointment: held.id, by: tester)
        desk.app.poll()
        desk.press(.function(5))
        let y = try #require(desk.row(containing: "│ 患者：龙"))
        #expect(desk.cells(row: y, from: 25, width: 70) == "│ 患者：" + String(repeating: "龙", count: 29) + "…  │")
        #expect(rowsAreWhole(desk.screen))
    }

    @Test("below 80×24 the screen says it is too small; enlarged, the desk returns with the chosen patient")
    func minimumSize() throws {
        let desk = try DeskFixture(width: 80, height: 24)
        desk.choosePatient(Bai.query)
        #expect(desk.lines[2].hasPrefix(" 患者：白国琪  男  76岁"))

        desk.terminal.resize(width: 79, height: 24)
        desk.app.press(.resize)
        desk.app.draw()
        #expect(desk.lines == Array(repeating: "", count: 11) + [
            row((35, "窗口太小")),
            row((33, "79×24 < 80×24")),
            row((34, "请放大窗口")),
        ] + Array(repeating: "", count: 10))
        desk.terminal.resize(width: 80, height: 23)
        desk.app.draw()
        #expect(desk.lines[10] == row((36, "窗口太小")))
        #expect(desk.lines[11] == row((33, "80×23 < 80×24")))

        desk.terminal.resize(width: 80, height: 24)
        desk.press(.resize, .right)
        #expect(desk.lines[0] == row((0, " 【培训】示范人民医院  | 操作员 test（挂号）"), (48, "2026-11-25 周三 08:30  [已同步]")))
        #expect(desk.lines[2].hasPrefix(" 患者：白国琪  男  76岁"))
        #expect(desk.row(containing: "  当日名单 2026-11-26 周四  王建国  (3)") != nil)
        #expect(desk.lines[22] == " 已选患者：白国琪")
        // 80 columns: every bound key stays, as a bare number with a short label.
        #expect(desk.functionBar == "1帮助 2查找 3登记 4转诊 5预约 6签到 7取消 8爽约 9今天 10退出 11利用 12名单")
        #expect(rowsAreWhole(desk.screen))
    }

    @Test("while the screen only says it is too small, F5 and Enter do not book blind")
    func noBlindBooking() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.right)
        desk.terminal.resize(width: 60, height: 20)
        desk.press(.resize, .function(5), .enter)
        #expect(desk.lines.joined().contains("60×20 < 80×24"))
        let booked = try desk.store.appointments(AppointmentFilter(date: tomorrow, resource: "D001", patient: .id(Bai.id)))
        #expect(booked.isEmpty)
        // No question waits unseen behind the notice either.
        #expect(desk.app.state.scope == .desk)
        desk.terminal.resize(width: 120, height: 36)
        desk.press(.resize)
        #expect(desk.app.state.scope == .desk)
        #expect(desk.lines[2].hasPrefix(" 患者：白国琪"))
        // Quit is the one key that still acts below the minimum size.
        desk.terminal.resize(width: 60, height: 20)
        desk.press(.resize, .function(10))
        #expect(desk.app.wantsQuit)
    }

    @Test("at exactly 80×24 the English desk still shows F10 Quit on its function-key bar")
    func minimumSizeInEnglish() throws {
        let desk = try DeskFixture(language: .en, width: 80, height: 24)
        #expect(desk.lines[4].hasSuffix("  Slots  王建国  2026-11-25 – 2026-12-01"))
        // Too narrow for every full label: short labels and bare key numbers, and no key dropped.
        #expect(desk.functionBar == "1Help 2Find 3Reg 4Ref 5Book 6ChkIn 7Cancel 8NoShow 9Today 10Quit 11Usage 12Lists")
    }

    @Test("at exactly 80×24 the week grid's header still names every day's weekday")
    func weekHeaderAtMinimumWidth() throws {
        let desk = try DeskFixture(width: 80, height: 24)
        let header = desk.lines[5]
        let weekdays = ["三", "四", "五", "六", "日", "一", "二"]
        #expect(weekdays.allSatisfy { header.contains($0) }, "\(header)")
        // "11-25三" does not fit a cell here: the day and its weekday do, uncut.
        #expect(header.contains(" 25三 "), "\(header)")
        #expect(!header.contains("…"), "\(header)")
    }

    @Test("without colour (NO_COLOR) the grid still speaks in numbers, ! and words, and the cursor is reversed")
    func monochrome() throws {
        let desk = try DeskFixture(colors: false) { store in
            // Fill D001's 11:00 slot tomorrow: two seats are left.
            var added = 0
            for patient in Int64(1)...Int64(60) where added < 2 {
                if (try? book(patient, "D001", tomorrow, 11, in: store)) != nil { added += 1 }
            }
        }
        desk.goToGrid(day: 1)
        let screen = desk.screen
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                let style = screen.styleAt(x: x, y: y)
                #expect(style.foreground == nil && style.background == nil)
            }
        }
        #expect(desk.lines[9] == gridRow("  普外科", "11:00", ["  -", " 满", "  -", "  -", "  -", "  -", " !1"]))
        #expect(desk.cells(row: 7, from: 102, width: 4) == " 预2")
        #expect(desk.lines[10] == row((0, "  骨科"), (24, " 数字=可约  !n=余号少  满=已满  预n=仅医联体预留  -=无号  --=已过")))
        // The cursor cell (11-26 08:00) is reversed; the title bar stays bold, the key bar reversed.
        #expect(screen.styleAt(x: 42, y: 6).reverse)
        #expect(!screen.styleAt(x: 54, y: 6).reverse)
        #expect(screen.styleAt(x: 1, y: 0).bold)
        #expect(screen.styleAt(x: 3, y: 35).reverse)

        // Today on the second doctor: the started 08:00 slot reads "--".
        desk.press(.backTab, .down, .enter)
        #expect(desk.cells(row: 6, from: 24, width: 10) == " 08:00  --")
    }

    @Test("F1 lists every key of the desk with what it does; Esc, Enter or q closes it", arguments: [Key.escape, .enter, .text("q")])
    func help(closingKey: Key) throws {
        let desk = try DeskFixture()
        desk.press(.function(1))
        #expect(desk.cells(row: 1, from: 22, width: 76) == "┌─ 按键说明 " + String(repeating: "─", count: 63) + "┐")
        let listed = (2..<33).map { desk.cells(row: $0, from: 24, width: 72) }.map { line -> String in
            var text = line
            while text.last == " " { text.removeLast() }
            return text
        }
        #expect(listed == [
            "F1        帮助 — 显示本屏按键说明",
            "F2        查找 — 到查找框：姓名、拼音首字母、身份证、电话、卡号",
            "F3        登记 — 登记新患者",
            "F4        切换 — 下一屏：挂号、转诊办、日间手术、叫号（管理员另有审计）",
            "F5        预约 — 为选定患者预约光标所在时段",
            "F6        签到 — 为所选预约签到",
            "F7        取消 — 取消所选预约",
            "F8        爽约 — 将所选预约记为爽约",
            "F9        今天 — 回到今天",
            "F10       退出 — 退出 SlotDesk",
            // An explanation wider than the box goes on below it, nothing cut.
            "F11       利用率 — 号源利用率：一周热力图（日×时）与各科室条形图；Esc",
            "            或再按一次返回",
            "F12       名单 — 下方切换：当日名单、候补、待通知；候补中 F5 加入、F7",
            "            移出；待通知中 F6 看电话、Enter 已通知、F5 改约、F7 不改约",
            "BackTab   上一栏 — 移到上一栏",
            "C-e       日终 — 日终：逾期未签到的预约全部记为爽约，先显示数量再确认（",
            "            规则7）",
            "C-l       重绘 — 重画屏幕",
            "C-p       凭条 — 当日名单中所选预约的预约凭条（58/80毫米）",
            "C-u       清除 — 清除患者与查找",
            "Down      下 — 移动光标",
            "Enter     选定 — 选定光标所在项",
            "Esc       返回 — 返回/关闭",
            "Left      左 — 移动光标",
            "PgDown    下周 — 号源表向后一周",
            "PgUp      上周 — 号源表向前一周",
            "Right     右 — 移动光标",
            "Tab       下一栏 — 移到下一栏",
            "Up        上 — 移动光标",
            // The keys that edit the search box, which are not bindings of their own.
            "输入      进查找框；查找之后再输入即开始新的查找（读卡器直接刷）",
            "Backspace 删去查找框最后一个字",
        ])
        // The rest of the list is a page down; the last row says so.
        #expect(desk.cells(row: 33, from: 24, width: 72).hasPrefix("Esc 关闭  1–31/34  PgUp/PgDn  其他可打印字符直接输入查找框"))
        desk.press(.pageDown)
        let rest = (2..<33).map { desk.cells(row: $0, from: 24, width: 72) }.joined(separator: "\n")
        #expect(rest.contains("Esc       查找框中：清空查找内容（患者不变）"))
        #expect(rest.contains("C-u       清空查找并放下选定患者"))
        #expect(rest.contains("字母      科室栏中：按科室代码或拼音首字母跳转（xnk=心内科）"))
        #expect(desk.functionBar.hasPrefix("F1帮助 "))
        #expect(desk.functionBar.hasSuffix(" F10退出 Enter返回 Esc返回 PgDn下一页 PgUp上一页"))

        desk.press(closingKey)
        #expect(desk.row(containing: "按键说明") == nil)
        #expect(desk.functionBar == deskBarZh)
        // Closing help typed nothing into the search box.
        #expect(desk.lines[1] == row((0, " 查找患者："), (53, "姓名/拼音首字母/身份证/电话/卡号 + Enter")))
    }

    @Test("help over the registration form lists the form's keys")
    func helpOverTheForm() throws {
        let desk = try DeskFixture(language: .en)
        desk.press(.function(3), .function(1))
        let text = desk.lines.joined(separator: "\n")
        #expect(text.contains("F5        Save — save"))
        #expect(text.contains("Tab       Next field — next field"))
        #expect(text.contains("BackTab   Prev field — previous field"))
        #expect(!text.contains("Book — "))
        desk.press(.escape)
        #expect(desk.row(containing: "Register a patient") != nil)
    }
}
