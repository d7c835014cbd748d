import BookingCore
import DeskUI
import Foundation
import Terminal
import Testing

// The front desk in the real binary, in tmux (`TmuxSession`).

/// A shell command that runs slotdesk on `database` at the fixed clock, its keymap looked
/// for under `config`, with a hard time limit.
private func deskCommand(_ binary: String, database: String, config: String, language: String = "zh") -> String {
    "timeout --foreground -s KILL 600 env LANG=C.UTF-8 USER=e2e XDG_CONFIG_HOME='\(config)' "
        + "'\(binary)' --db '\(database)' --now 2026-11-25T08:30 --lang \(language)"
}

/// The named keys tmux can send that the default keymap leaves unbound on the desk.
private func unboundKeyNames() -> [String] {
    let (keymap, _) = KeymapFiles.defaults()
    var names: [(Key, String)] = (1...12).map { (Key.function($0), "F\($0)") }
    names += [(.insert, "IC"), (.delete, "DC"), (.home, "Home"), (.end, "End")]
    names += "abcdefgklnopqrstuvwxyz".map { (Key.control($0), "C-\($0)") }
    return names.filter { keymap.action(for: $0.0, in: .desk) == nil }.map(\.1) + ["C-Space"]
}

@Suite("End to end in tmux")
struct EndToEndTests {
    @Test("book through the default keys in the real binary; a second window sees it within two seconds; resize, paste, stray keys, F10")
    func bookInTheRealBinary() async throws {
        let binary = try #require(Binary.slotdesk, "the slotdesk executable is not next to the tests")
        let tmux = try TmuxSession()
        let database = tmux.folder.path + "/e2e.db"
        let config = tmux.folder.path + "/config"
        let command = deskCommand(binary, database: database, config: config)
        func isDesk(_ rows: [String]) -> Bool {
            rows.count == 36 && rows[0].hasPrefix(" 【培训】示范人民医院  | 操作员 ") && rows[0].contains(" desk") && rows[0].hasSuffix("2026-11-25 周三 08:30  [已同步]")
                && rows[35].hasPrefix("F1帮助 F2查找 F3登记 ") && rows[35].hasSuffix(" F9今天 F10退出 F11利用率 F12名单")
        }

        // The first window creates the database with the demo hospital and opens the desk.
        try tmux.start("front", command: command)
        try await tmux.signIn("front")
        try await tmux.waitFor("front", within: 30, "the desk to open", isDesk)
        #expect(try tmux.tmux("display-message", "-p", "-t", "front", "#{pane_width}x#{pane_height}").stdout == "120x36\n")

        // A second window on the same database, opened before the booking, on tomorrow's list.
        try tmux.start("second", command: command)
        try await tmux.signIn("second", as: "desk2", password: "demo-desk2")
        try await tmux.waitFor("second", "the second desk to open", isDesk)
        try tmux.keys("second", "Tab", "Tab", "Tab", "Right")
        try await tmux.waitFor("second", "the second desk to show tomorrow") { rows in
            rows.contains { $0.hasSuffix("当日名单 2026-11-26 周四  王建国  (3)") }
        }

        // F2, pinyin initials, Enter: the patient. Right: tomorrow. F5: the question. Enter: booked.
        // (Each wait covers everything asserted after it: capture-pane may catch a redraw halfway.)
        try tmux.keys("front", "F2")
        try tmux.type("front", "bgq")
        try tmux.keys("front", "Enter")
        try await tmux.waitFor("front", "the patient to be chosen") { rows in
            rows.count == 36 && rows[34] == " 已选患者：白国琪" && rows[2].hasPrefix(" 患者：白国琪  男  76岁")
        }
        try tmux.keys("front", "Right")
        try await tmux.waitFor("front", "tomorrow's day list") { $0.contains { $0.hasSuffix("当日名单 2026-11-26 周四  王建国  (3)") } }
        try tmux.keys("front", "F5")
        try await tmux.waitFor("front", "the booking question") { rows in
            rows.contains { $0.contains("┌─ 确认预约 ") } && rows.contains { $0.contains("│ 时间：2026-11-26 周四 08:00–09:00") }
                && rows.contains { $0.contains("│ Enter/F5/y 确认    Esc/n 放弃") }
        }
        try tmux.keys("front", "Enter")
        let bookedAt = Date()
        let booked = try await tmux.waitFor("front", "the booking on the message line and the day list") { rows in
            rows.count == 36 && rows[34].hasPrefix(" 已预约 ") && rows[34].hasSuffix("：白国琪 D001@2026-11-26T08 王建国（优先）")
                && rows.contains { $0.hasSuffix("当日名单 2026-11-26 周四  王建国  (4)") }
                && rows.contains { $0.contains(" 08:00 白国琪        已预约  优先") }
                && !rows.contains { $0.contains("确认预约") }
        }

        // The second window shows it within two seconds, without a key pressed.
        try await tmux.waitFor("second", within: 5, "the second desk to show the booking") { rows in
            rows.contains { $0.contains(" 08:00 白国琪        已预约  优先") } && rows.contains { $0.hasSuffix("当日名单 2026-11-26 周四  王建国  (4)") }
        }
        let delay = Date().timeIntervalSince(bookedAt)
        #expect(delay < 2, "the second window needed \(delay) s")

        // The database holds it, as the command line reports.
        let listed = try run([binary, "appointments", "--db", database, "--now", "2026-11-25T08:30", "--date", "2026-11-26",
                              "--resource", "D001", "--json"], environment: childEnvironment(["HOME": tmux.folder.path]))
        #expect(listed.status == 0, "\(listed.stderr)")
        let appointments = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        let mine = appointments.filter { $0["patient_name"] as? String == "白国琪" }
        #expect(mine.count == 1)
        #expect(mine.first?["slot_label"] as? String == "D001@2026-11-26T08")
        #expect(mine.first?["status"] as? String == "booked")
        #expect(booked[34].hasPrefix(" 已预约 \(mine.first?["id"] as? Int ?? -1)："))

        // Resized to 40×10 the desk says it is too small; back at 120×36 it is all there.
        try tmux.tmux("resize-window", "-t", "front", "-x", "40", "-y", "10")
        try await tmux.waitFor("front", "the too-small notice") { rows in
            rows.count == 10 && rows.contains { $0.contains("窗口太小") } && rows.contains { $0.contains("40×10 < 80×24") }
                && rows.contains { $0.contains("请放大窗口") }
        }
        #expect(try tmux.paneState("front") == "0")
        try tmux.tmux("resize-window", "-t", "front", "-x", "120", "-y", "36")
        let back = try await tmux.waitFor("front", "the desk, its patient and its day list after resizing back") { rows in
            isDesk(rows) && rows[2].hasPrefix(" 患者：白国琪  男  76岁") && rows.contains { $0.contains(" 08:00 白国琪        已预约  优先") }
                && rows[34].hasPrefix(" 已预约 ")
        }

        // Every unbound key: nothing changes. F1 then Esc afterwards proves the keys were read.
        let unbound = unboundKeyNames()
        #expect(unbound.count >= 20, "\(unbound)")
        for key in unbound { try tmux.keys("front", key) }
        try tmux.keys("front", "F1")
        try await tmux.waitFor("front", "the help screen") { rows in
            rows.contains { $0.contains("┌─ 按键说明 ") } && rows.contains { $0.contains("Esc 关闭  ") && $0.contains("其他可打印字符直接输入查找框") }
        }
        try tmux.keys("front", "Escape")
        try await tmux.waitFor("front", "the desk exactly as before the stray keys") { $0 == back }
        #expect(try tmux.paneState("front") == "0")

        // 10,000 characters pasted into the search box: cut to its limit, said so, frame whole.
        let paste = String(String(repeating: "张三abc", count: 2000).prefix(10_000))
        let pasteFile = try tmux.folder.write(paste, to: "paste.txt")
        try tmux.tmux("load-buffer", "-b", "paste", pasteFile)
        try tmux.tmux("paste-buffer", "-b", "paste", "-t", "front")
        try await tmux.waitFor("front", "the paste to be cut at the limit, the frame whole") { rows in
            isDesk(rows) && rows[34] == " 输入过长，已截断" && rows[1].hasPrefix(" 查找患者：") && rows[1].contains("张三abc")
                && rows[1].hasSuffix("姓名/拼音首字母/身份证/电话/卡号 + Enter") && rows[2].hasPrefix(" 患者：白国琪")
        }
        #expect(try tmux.paneState("front") == "0")

        // F10 quits both windows; each program ends with status 0.
        try tmux.keys("front", "F10")
        try await tmux.waitForExit("front")
        try tmux.keys("second", "F10")
        try await tmux.waitForExit("second")
    }

    @Test("a bad line in the user's keymap is reported on the message line with file and line; the defaults stay in force")
    func badUserKeymapAtStart() async throws {
        let binary = try #require(Binary.slotdesk, "the slotdesk executable is not next to the tests")
        let tmux = try TmuxSession()
        let config = tmux.folder.path + "/config"
        let keymap = try tmux.folder.write("bind desk F11 today\nbind desk F99 book\nbind desk F2 fly\n", to: "config/slotdesk/keymap")
        try tmux.start("front", command: deskCommand(binary, database: tmux.folder.path + "/k.db", config: config))
        let message = " 按键设置有 2 处错误（已用默认）：\(keymap):2: 没有“F99”这个按键"
        try await tmux.signIn("front")
        try await tmux.waitFor("front", within: 30, "the desk with the keymap problem on the message line") { rows in
            rows.count == 36 && rows[34] == message
                && rows[35].hasPrefix("F1帮助 F2查找 F3登记 ") && rows[35].hasSuffix(" F9今天 F10退出 F11今天 F12名单")
        }
        // F2 still searches (the bad line did not unbind it).
        try tmux.keys("front", "F2")
        try tmux.type("front", "bgq")
        try tmux.keys("front", "Enter")
        try await tmux.waitFor("front", "the patient found with F2") { $0.count > 34 && $0[34] == " 已选患者：白国琪" }
        try tmux.keys("front", "F10")
        try await tmux.waitForExit("front")
    }
}
