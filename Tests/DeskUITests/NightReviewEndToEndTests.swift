import BookingCore
import DeskUI
import Foundation
import Terminal
import Testing

// The night review in the real binary, in tmux, on the demo hospital at 23:00: F4 twice (desk →
// referral office → day surgery), tick an item, confirm, postpone with a reason, back-fill the
// gap, then check the printed handover list on the command line.

private let nightTmuxInstalled = Binary.isInstalled("tmux")

/// A private tmux server on its own socket, killed when the value goes away.
private final class NightTmux {
    let socket = "slotdesk-night-\(getpid())-\(UUID().uuidString.prefix(8))"
    let folder = TemporaryFolder(prefix: "sdn")
    let config: String

    init() throws {
        config = try folder.write("""
            set -g remain-on-exit on
            set -g status off
            set -g default-terminal screen
            set -g history-limit 50
            """, to: "tmux.conf")
    }

    deinit { _ = try? tmux("kill-server") }

    @discardableResult
    func tmux(_ arguments: String...) throws -> Finished {
        try run(["tmux", "-L", socket, "-f", config] + arguments, environment: childEnvironment(["HOME": folder.path]), timeout: 10)
    }

    func capture(_ name: String) throws -> [String] {
        var rows = try tmux("capture-pane", "-p", "-t", name).stdout.components(separatedBy: "\n")
        if rows.last == "" { rows.removeLast() }
        return rows.map { row in
            var text = row
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    func keys(_ name: String, _ keys: String...) throws {
        for key in keys { try tmux("send-keys", "-t", name, key) }
    }

    func type(_ name: String, _ text: String) throws {
        try tmux("send-keys", "-t", name, "-l", text)
    }

    /// Polls the pane until `condition` holds or the deadline passes; records the screen if not.
    @discardableResult
    func waitFor(_ name: String, within seconds: Double = 10, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: ([String]) -> Bool) async throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var rows = try capture(name)
        while !condition(rows) {
            guard Date() < deadline else {
                Issue.record("waited \(seconds) s for \(what); the screen reads:\n\(rows.joined(separator: "\n"))", sourceLocation: sourceLocation)
                return rows
            }
            try await Task.sleep(for: .milliseconds(50))
            rows = try capture(name)
        }
        return rows
    }
}

@Suite("The night review end to end in tmux",
       .enabled(if: nightTmuxInstalled, "tmux is not installed"),
       .enabled(if: Binary.slotdesk != nil, "the slotdesk executable is not next to the tests"))
struct NightReviewEndToEndTests {
    @Test("at 23:00 the night nurse reviews tomorrow: ticks consent, confirms, postpones a case and back-fills its place; the handover list agrees")
    func nightReview() async throws {
        let binary = try #require(Binary.slotdesk)
        let tmux = try NightTmux()
        let database = tmux.folder.path + "/night.db"
        let clock = "2026-11-25T23:00"
        // The pane's shell writes the exit status to a file: tmux 3.3 sometimes marks a pane dead
        // without ever learning its status (#{pane_dead_status} stays empty).
        let statusFile = tmux.folder.path + "/night.status"
        let command = "timeout --foreground -s KILL 120 env LANG=C.UTF-8 USER=nurse XDG_CONFIG_HOME='\(tmux.folder.path)/config' "
            + "'\(binary)' --db '\(database)' --now \(clock) --lang zh; echo $? > '\(statusFile).tmp' && mv '\(statusFile).tmp' '\(statusFile)'"
        let started = try tmux.tmux("new-session", "-d", "-s", "night", "-x", "120", "-y", "36", command)
        #expect(started.status == 0, "tmux new-session: \(started.stderr)")

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
            $0.count == 36 && $0[0].hasPrefix(" 示范人民医院  | 操作员 ") && $0[35].contains("F4转诊办")
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
        try await tmux.waitFor("night", "consent ticked") { $0.count > 34 && $0[34].hasPrefix(" 已勾选 2 ") && $0[34].hasSuffix("知情同意，核查齐全，可确认") }
        try tmux.keys("night", "F2")
        rows = try await tmux.waitFor("night", "case 2 confirmed") { $0.count > 34 && $0[34].hasPrefix(" 已确认 2：") }
        #expect(rows[9].hasSuffix("✓已确认") && rows[1].hasSuffix("共10台  已确认3  缺项4"))

        // Case 4 lacks labs and an escort: F3, the reason, Enter. The gap is offered to a ready case.
        try tmux.keys("night", "Down", "Down", "F3")
        try await tmux.waitFor("night", "the postpone question") { $0.contains { $0.contains("+- 推迟手术 ") } }
        try tmux.type("night", "化验未回")
        try tmux.keys("night", "Enter")
        rows = try await tmux.waitFor("night", "the back-fill proposal") { $0.count > 33 && $0[33].hasPrefix(" 补台建议 [F5]：OR1 第4台空出 → 20 ") }
        #expect(rows[3].contains("4台 285/540分"))

        // F5 shows what will be booked; Enter books it.
        try tmux.keys("night", "F5")
        try await tmux.waitFor("night", "the back-fill question") { $0.contains { $0.contains("+- 补台 ") } }
        try tmux.keys("night", "Enter")
        rows = try await tmux.waitFor("night", "the back-fill") { $0.count > 34 && $0[34].hasPrefix(" 已补台 20：") }
        #expect(rows[3].contains("5台 390/540分 余135"))
        // In its place, checklist complete, waiting for the reviewer's F2.
        #expect(rows[11].hasPrefix("! OR1 4 11:45 ") && rows[11].hasSuffix("待确认"))

        // F10 leaves cleanly; the printed handover list says the same.
        try tmux.keys("night", "F10")
        try await tmux.waitFor("night", "slotdesk to exit") { _ in FileManager.default.fileExists(atPath: statusFile) }
        let status = (try? String(contentsOfFile: statusFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(status == "0", "slotdesk ended with status \(status ?? "unknown (still running?)")")
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
