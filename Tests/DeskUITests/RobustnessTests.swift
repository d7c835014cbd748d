import BookingCore
import BookingStore
import DeskUI
import Terminal
import Testing

// What a busy front desk does to a screen by accident: keys nobody bound, a paste of a whole
// document into the search box, windows dragged to odd sizes.

/// The screens a key can land on, each reached by keys from a fresh desk.
private let situations: [(name: String, keys: [Key])] = [
    ("the empty search box", []),
    ("a patient chosen, cursor in the grid", [.function(2), .text("b"), .text("g"), .text("q"), .enter, .right]),
    ("the day list", [.function(2), .text("b"), .text("g"), .text("q"), .enter, .right, .tab]),
    ("several search results", [.text("x"), .text("y"), .enter]),
    ("the booking question", [.function(2), .text("b"), .text("g"), .text("q"), .enter, .right, .function(5)]),
    ("the registration form", [.function(3)]),
    ("the help screen", [.function(1)]),
]

@Suite("Robustness")
struct RobustnessTests {
    @Test("every key bound to nothing leaves every screen exactly as it was", arguments: situations.indices)
    func unboundKeysChangeNothing(situation: Int) throws {
        let (name, keys) = situations[situation]
        let desk = try DeskFixture()
        desk.press(keys)
        let scope = desk.app.state.scope
        let unbound = everyKey.filter { key in
            // Backspace edits whichever text field has the cursor; that is its binding.
            desk.app.keymap.action(for: key, in: scope) == nil && !(key == .backspace && desk.terminal.lastCursor != nil)
        }
        #expect(unbound.count >= 25, "\(name): \(unbound)")
        let before = desk.screen
        let cursor = desk.terminal.lastCursor
        for key in unbound {
            desk.press(key)
            #expect(desk.screen == before, "\(name): \(key) changed the screen")
            #expect(desk.terminal.lastCursor?.x == cursor?.x && desk.terminal.lastCursor?.y == cursor?.y, "\(name): \(key) moved the cursor")
        }
    }

    @Test("10,000 pasted characters fill the search box to its limit, say so, and leave the frame whole")
    func pasteIntoTheSearchBox() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.right)
        let paste = String(String(repeating: "张三abc", count: 2000).prefix(10_000))
        #expect(paste.count == 10_000)
        desk.press(.text(paste))
        #expect(desk.messageLine == " 输入过长，已截断")
        #expect(desk.app.state.message?.kind == .error)
        #expect(desk.app.state.focus == .search)
        #expect(desk.lines[0] == row((0, " 【培训】示范人民医院  | 操作员 test（挂号）"), (88, "2026-11-25 周三 08:30  [已同步]")))
        #expect(desk.lines[1].hasPrefix(" 查找患者："))
        #expect(desk.column(of: "姓名/拼音首字母/身份证/电话/卡号 + Enter", row: 1) == 53)
        #expect(desk.lines[2] == Bai.patientLine)
        #expect(desk.functionBar == deskBarZh)
        #expect(rowsAreWhole(desk.screen))

        // The box kept its first 64 characters: searching for them finds nobody.
        desk.press(.enter)
        #expect(desk.messageLine == " 没有找到「bgq\(paste.prefix(61))」")
        #expect(rowsAreWhole(desk.screen))
    }

    @Test("control characters inside a paste never reach the grid")
    func controlCharactersArefiltered() throws {
        let desk = try DeskFixture()
        desk.press(.text("ab\u{1B}[2J\u{7}c\td\r\ne\u{85}f"))
        #expect(desk.lines[1] == row((0, " 查找患者：ab[2Jcdef"), (53, "姓名/拼音首字母/身份证/电话/卡号 + Enter")))
        let screen = desk.screen
        for y in 0..<screen.height {
            for x in 0..<screen.width {
                #expect(!screen[x: x, y: y].symbol.unicodeScalars.contains { DisplayWidth.isControl($0) })
            }
        }
    }

    @Test("a paste into the registration form stops at the field's limit and the form stays whole")
    func pasteIntoTheForm() throws {
        let desk = try DeskFixture()
        desk.press(.function(3))
        desk.press(.text(String(repeating: "龙", count: 10_000)))
        #expect(desk.messageLine == " 输入过长，已截断")
        #expect(desk.cells(row: 11, from: 24, width: 72) == "┌─ 登记新患者 " + String(repeating: "─", count: 57) + "┐")
        #expect(desk.cells(row: 24, from: 24, width: 72) == "└" + String(repeating: "─", count: 70) + "┘")
        #expect(desk.functionBar.hasSuffix(" F5保存 F10退出"))
        #expect(rowsAreWhole(desk.screen))
    }

    @Test("a paste on the booking question is ignored")
    func pasteOnTheQuestion() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5))
        let before = desk.screen
        desk.press(.text(String(repeating: "y", count: 10_000)))
        #expect(desk.screen == before)
        #expect(try desk.store.appointments(AppointmentFilter(date: tomorrow, resource: "D001", patient: .id(Bai.id))).isEmpty)
    }

    @Test("any window size draws without crashing; rows are always whole", arguments: [
        (0, 0), (1, 1), (2, 1), (13, 3), (40, 10), (79, 23), (80, 24), (81, 25), (121, 37), (300, 100),
    ])
    func oddSizes(width: Int, height: Int) throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(5))
        desk.terminal.resize(width: width, height: height)
        desk.press(.resize)
        #expect(desk.lines.count == height)
        #expect(desk.lines.allSatisfy { DisplayWidth.width(of: $0) <= width })
        #expect(rowsAreWhole(desk.screen))
        if width >= 80 && height >= 24 {
            #expect(desk.row(containing: "确认预约") != nil)
            #expect(desk.functionBar.hasSuffix(" F5确认 F10退出 Enter确认 Esc返回"))
        } else if width >= 13 && height >= 3 {
            #expect(desk.lines.joined().contains("\(width)×\(height) < 80×24"))
        }
        // Back to the usual size: the question is still open and answers Enter.
        desk.terminal.resize(width: 120, height: 36)
        desk.press(.resize, .enter)
        #expect(desk.messageLine.hasPrefix(" 已预约 "))
    }

    @Test("typing past the width of the search box keeps the end of the text in view (Latin letters)")
    func longLatinQueryShowsItsEnd() throws {
        let desk = try DeskFixture()
        let query = String("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMN".prefix(50))
        desk.type(query)
        #expect(desk.cells(row: 1, from: 11, width: 40) == String(query.suffix(39)) + " ")
        #expect(desk.terminal.lastCursor?.x == 50 && desk.terminal.lastCursor?.y == 1)
    }

    @Test("typing past the width of the search box keeps the end of the text in view (Chinese characters)")
    func longChineseQueryShowsItsEnd() throws {
        let desk = try DeskFixture()
        let query = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰"
        desk.type(query)
        let field = desk.cells(row: 1, from: 11, width: 40)
        #expect(rowsAreWhole(desk.screen))
        // 40 columns leave 39 for text: the last 19 characters, and the cursor right after them.
        #expect(field.hasPrefix(String(query.suffix(19))), "the box shows \(field)")
        #expect(!field.contains("六"), "the box shows \(field)")
        #expect(desk.terminal.lastCursor?.x == 11 + 38 && desk.terminal.lastCursor?.y == 1)
    }

    @Test("a long Chinese name typed into the registration form keeps its end in view")
    func longChineseNameInTheForm() throws {
        let desk = try DeskFixture()
        desk.press(.function(3))
        let name = String(repeating: "龙", count: 39) + "尾"
        desk.type(name)
        let field = desk.cells(row: 12, from: 38, width: 54)
        #expect(rowsAreWhole(desk.screen))
        #expect(field.contains("尾"), "the field shows \(field)")
        // The field's 53 columns for text hold the last 26 characters; the cursor follows the 尾.
        #expect(field.hasPrefix(String(name.suffix(26))), "the field shows \(field)")
        #expect(desk.terminal.lastCursor?.x == 38 + 52 && desk.terminal.lastCursor?.y == 12)
    }

    @Test("a long Chinese reason typed into a question keeps its end in view")
    func longChineseReasonInAQuestion() throws {
        let f = try SurgeryFixture()
        f.key(.down, .down, .down, .function(3))
        #expect(f.state.scope == .confirm && f.text.contains("推迟手术"))
        let reason = "开头" + String(repeating: "化验", count: 40) + "未回尾声"  // 86 characters, 172 columns
        f.type(reason)
        let y = try #require(f.row(containing: "原因："))
        #expect(rowsAreWhole(f.screen))
        #expect(f.lines[y].contains("化验未回尾声"), "\(f.lines[y])")
        #expect(!f.lines[y].contains("开头"), "\(f.lines[y])")
    }
}

/// Screens whose function-key bar a test reads, each reached from a fresh desk.
private let barSituations: [(name: String, keys: [Key])] = [
    ("the desk, cursor in the grid", [.function(2), .text("b"), .text("g"), .text("q"), .enter, .right]),
    ("the booking question", [.function(2), .text("b"), .text("g"), .text("q"), .enter, .right, .function(5)]),
    ("the registration form", [.function(3)]),
    ("the help screen", [.function(1)]),
]

@Suite("Function-key bar")
struct FunctionKeyBarTests {
    @Test("every function key the bar offers does something on that screen", arguments: barSituations.indices)
    func offeredKeysWork(situation: Int) throws {
        let (name, keys) = barSituations[situation]
        let shown = try DeskFixture()
        shown.press(keys)
        let bar = shown.functionBar
        let offered = bar.matches(of: /F(\d+)/).compactMap { Int($0.output.1) }
        #expect(offered.contains(1) && offered.contains(10), "\(name): \(bar)")
        // F4 switches screens only from a screen of the cycle: a question, a form or help does not offer it.
        #expect(offered.contains(4) == (shown.app.state.scope == .desk), "\(name): \(bar)")
        for number in offered {
            let desk = try DeskFixture()
            desk.press(keys)
            let before = desk.screen
            desk.press(.function(number))
            let works = desk.screen != before || desk.app.wantsQuit
            #expect(works, "\(name): F\(number) is on the bar (\(bar)) but does nothing")
        }
    }
}
