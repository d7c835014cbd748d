import BookingCore
import DeskUI
import Foundation
import Terminal
import Testing

// The night review in the real binary, in tmux (`TmuxSession`), on the demo hospital at 23:00:
// F4 twice (desk → referral office → day surgery), tick an item, confirm, postpone with a reason,
// back-fill the gap, then check the printed handover list on the command line.

@Suite("The night review end to end in tmux")
struct NightReviewEndToEndTests {
    @Test("at 23:00 the night nurse reviews tomorrow: ticks consent, confirms, postpones a case and back-fills its place; the handover list agrees")
    func nightReview() async throws {
        let binary = try #require(Binary.slotdesk)
        let tmux = try TmuxSession()
        let database = tmux.folder.path + "/night.db"
        let clock = "2026-11-25T23:00"
        try tmux.start("night", command: "timeout --foreground -s KILL 600 env LANG=C.UTF-8 USER=nurse XDG_CONFIG_HOME='\(tmux.folder.path)/config' "
            + "'\(binary)' --db '\(database)' --now \(clock) --lang zh")

        // The first run sets up the demo hospital and opens the front desk; its bar names the next screen.
        // Where the demo has operators, everyone signs in first: the demo administrator's home is the desk.
        var rows = try await tmux.waitFor("night", within: 30, "the desk or the sign-in box") {
            $0.count == 36 && ($0.contains { $0.contains("登录 SlotDesk") } || $0[35].contains("F4转诊办"))
        }
        if rows.contains(where: { $0.contains("登录 SlotDesk") }) {
            try tmux.type("night", "admin")
            try tmux.keys("night", "Tab")
            try tmux.type("night", "demo-admin")
            try tmux.keys("night", "Enter")
        }
        rows = try await tmux.waitFor("night", "the desk to open") {
            $0.count == 36 && $0[0].hasPrefix(" 【培训】示范人民医院  | 操作员 ") && $0[35].contains("F4转诊办")
        }
        // F4: the referral office, whose bar names day surgery as the next screen.
        try tmux.keys("night", "F4")
        rows = try await tmux.waitFor("night", "the referral office") { $0.count == 36 && $0[1].hasPrefix(" 转诊办  ") && $0[35].contains("F4日间手术") }
        // F4 again: the night review of tomorrow's theatre list. The terminal is redrawn top to
        // bottom, so wait for the last row too: a capture can catch the title new and the rest old.
        try tmux.keys("night", "F4")
        rows = try await tmux.waitFor("night", "the night review") {
            $0.count == 36 && $0[1].hasPrefix(" 日间手术 夜班核查") && $0[35].hasPrefix("F1帮助 F2确认 F3推迟 ")
        }
        // Every later step happens on this screen: stop here rather than wait out each of them.
        try #require(rows.count == 36 && rows[1].hasPrefix(" 日间手术 夜班核查"), "F4 twice from the desk did not reach the night review")
        #expect(rows[1] == " 日间手术 夜班核查  2026-11-26 周四（明天） [PgUp/PgDn]   共10台  已确认2  缺项5")
        #expect(rows[3] == "OR1  1████████ 2░░░░░  3▓▓ 4░░░░░░░░  5░░░░░ ·············· 5台 390/540分 余135")
        #expect(rows[9].hasPrefix("! OR1 2 09:45 ") && rows[9].hasSuffix("✓     ✓     ✗     ✓     ✓     ✓     缺1项"))
        // (F4 here names the screen after day surgery in the cycle.)
        #expect(rows[35].hasPrefix("F1帮助 F2确认 F3推迟 F4") && rows[35].contains(" F5补台 F6排程 F7上移 F8下移 F9排入 F10退出"), "\(rows[35])")

        // Case 2 lacks consent: 3 ticks it, F2 confirms it.
        try tmux.keys("night", "Down", "3")
        try await tmux.waitFor("night", "consent ticked") { $0.count > 34 && $0[34].hasPrefix(" 已勾选 OR1 第2台 ") && $0[34].hasSuffix("知情同意，核查齐全，可确认") }
        try tmux.keys("night", "F2")
        rows = try await tmux.waitFor("night", "case 2 confirmed") { $0.count > 34 && $0[34].hasPrefix(" 已确认 OR1 第2台 ") }
        #expect(rows[9].hasSuffix("✓已确认") && rows[1].hasSuffix("共10台  已确认3  缺项4"))

        // Case 4 lacks labs and an escort: F3, the reason, Enter. The gap is offered to a ready case.
        try tmux.keys("night", "Down", "Down", "F3")
        try await tmux.waitFor("night", "the postpone question") { $0.contains { $0.contains("┌─ 推迟手术 ") } }
        try tmux.type("night", "化验未回")
        try tmux.keys("night", "Enter")
        rows = try await tmux.waitFor("night", "the back-fill proposal") { $0.count > 33 && $0[33].hasPrefix(" 补台建议 [F5]：OR1 第4台空出 → 熊芳然 ") }
        #expect(rows[3].contains("4台 285/540分"))

        // F5 shows what will be booked; Enter books it.
        try tmux.keys("night", "F5")
        try await tmux.waitFor("night", "the back-fill question") { $0.contains { $0.contains("┌─ 补台 ") } }
        try tmux.keys("night", "Enter")
        rows = try await tmux.waitFor("night", "the back-fill") { $0.count > 34 && $0[34].hasPrefix(" 已补台：熊芳然 ") }
        #expect(rows[3].contains("5台 390/540分 余135"))
        // In its place, checklist complete, waiting for the reviewer's F2.
        #expect(rows[11].hasPrefix("! OR1 4 11:45 ") && rows[11].hasSuffix("待确认"))

        // F10 leaves cleanly; the printed handover list says the same.
        try tmux.keys("night", "F10")
        try await tmux.waitForExit("night")
        let sheet = try run([binary, "surgery", "list", "--date", "2026-11-26", "--theatre", "OR1", "--db", database, "--now", clock, "--lang", "zh"],
                            environment: childEnvironment(["HOME": tmux.folder.path]))
        #expect(sheet.status == 0, "\(sheet.stderr)")
        let lines = sheet.stdout.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix(" 2  09:45–10:45     2 ") && $0.contains("已确认") })
        #expect(lines.contains { $0.hasPrefix(" 4  11:45–13:15    20 ") })
        let csv = try run([binary, "surgery", "list", "--date", "2026-11-26", "--format", "csv", "--db", database, "--now", clock, "--lang", "en"],
                          environment: childEnvironment(["HOME": tmux.folder.path]))
        #expect(csv.stdout.contains("Date,Theatre,No.,Start,End,Case,"))
        #expect(csv.stdout.contains("\r\n2026-11-26,OR1,4,11:45,13:15,20,"))
        // The first bytes are UTF-8's byte-order mark, for Excel and WPS.
        let bom = try run(["sh", "-c", "'\(binary)' surgery list --date 2026-11-26 --format csv --db '\(database)' --now \(clock) | head -c 3 | od -An -tx1"],
                          environment: childEnvironment(["HOME": tmux.folder.path]))
        #expect(bom.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ef bb bf")
    }
}
