import BookingCore
@testable import DeskUI
import Foundation
import Terminal
import Testing

// Every screen of the real binary at exactly 80×24, in tmux, in Chinese and in English, as
// each role that uses it: who is signed in on the title bar, every bound function key on the
// bottom bar, a refusal whole, Unicode box corners in a UTF-8 locale and ASCII ones under
// TERM=vt100 with LANG=C.

/// slotdesk at the fixed clock on `database`, in a terminal described by `term` and `locale`.
private func minimumCommand(_ binary: String, database: String, config: String, language: Language,
                            term: String = "screen", locale: String = "C.UTF-8") -> String {
    "timeout --foreground -s KILL 600 env LANG=\(locale) LC_ALL= TERM=\(term) USER=e2e XDG_CONFIG_HOME='\(config)' "
        + "'\(binary)' --db '\(database)' --now 2026-11-25T08:30 --lang \(language == .zh ? "zh" : "en")"
}

@Suite("Every screen at 80×24 in tmux", .serialized)
struct MinimumSizeEndToEndTests {
    /// One signed-in operator's tour: the screens they use, each reached by keys from the one before.
    struct Stop: Sendable {
        let name: String
        let scope: KeyScope
        let keys: [String]
        /// Text that shows the screen is in front.
        let marker: @Sendable (Language) -> String
    }

    static let deskTour: [Stop] = [
        Stop(name: "desk", scope: .desk, keys: [], marker: { $0.pick("号源", "Slots") }),
        Stop(name: "help", scope: .help, keys: ["F1"], marker: { $0.pick("按键说明", "Keys") }),
        Stop(name: "heat map", scope: .utilisation, keys: ["Escape", "F11"], marker: { $0.pick("各科室本周利用率", "Each department's week") }),
        Stop(name: "referral office", scope: .coordinator, keys: ["F11", "F4"], marker: { $0.pick("转诊收件箱", "Inbox") }),
        Stop(name: "call queue", scope: .queue, keys: ["F4", "F4"], marker: { $0.pick(" 上下键换医生/诊室", " Up/Down: doctor or room") }),
    ]
    static let coordinatorTour: [Stop] = [
        Stop(name: "referral office", scope: .coordinator, keys: [], marker: { $0.pick("转诊收件箱", "Inbox") }),
        Stop(name: "quota board", scope: .coordinator, keys: ["F6"], marker: { $0.pick("预留号源看板", "Reserved quota") }),
    ]
    static let nightTour: [Stop] = [
        Stop(name: "day surgery", scope: .surgery, keys: [], marker: { $0.pick("夜班核查", "Night review") }),
    ]
    static let adminTour: [Stop] = [
        Stop(name: "audit", scope: .audit, keys: ["F4", "F4", "F4", "F4"], marker: { $0.pick("审计日志", "Audit log") }),
    ]

    /// Signs in as a demo operator on the sign-in box of either language (demo-only passwords),
    /// after checking the sign-in screen itself.
    static func signIn(_ tmux: TmuxSession, _ name: String, as user: String, language: Language) async throws {
        // (The wait covers everything asserted after it: capture-pane may catch a redraw halfway.)
        let rows = try await tmux.waitFor(name, within: 60, "the sign-in box") { rows in
            rows.count == 24 && rows.contains { $0.contains(language.pick("登录 SlotDesk", "Sign in to SlotDesk")) }
                && functionKeysMissing(from: rows[23], scope: .login).isEmpty && rows[0].contains(language.pick("  | 未登录", "  | not signed in"))
        }
        #expect(rows[0].contains(language.pick("  | 未登录", "  | not signed in")), "\(rows[0])")
        #expect(functionKeysMissing(from: rows[23], scope: .login).isEmpty, "sign-in bar: \(rows[23])")
        #expect(rows.contains { $0.contains("┌─ ") }, "sign-in box corners:\n\(rows.joined(separator: "\n"))")
        try tmux.type(name, user)
        try tmux.keys(name, "Tab")
        try tmux.type(name, "demo-" + user)
        try tmux.keys(name, "Enter")
    }

    /// Walks `tour` and checks each screen: 80×24, username and role on the title, every bound key on the bar.
    static func walk(_ tour: [Stop], _ tmux: TmuxSession, _ name: String, user: String, role: Role, language: Language) async throws {
        for stop in tour {
            for key in stop.keys { try tmux.keys(name, key) }
            let rows = try await tmux.waitFor(name, within: 15, "\(stop.name) (\(language))") { rows in
                rows.count == 24 && rows.contains { $0.contains(stop.marker(language)) } && rows[0].contains(user)
                    && functionKeysMissing(from: rows[23], scope: stop.scope).isEmpty
            }
            #expect(rows.allSatisfy { DisplayWidth.width(of: $0) <= 80 })
            #expect(rows[0].contains(" \(user)") && rows[0].contains(role.label(language)), "\(stop.name) title: \(rows[0])")
            #expect(functionKeysMissing(from: rows[23], scope: stop.scope).isEmpty, "\(stop.name) bar: \(rows[23])")
        }
    }

    /// The rows a message takes above the bar, as the frame wraps it at 80 columns.
    static func messageRows(_ text: String) -> [String] {
        Frame.messageRows(text, width: 80).map { row in
            var trimmed = row
            while trimmed.last == " " { trimmed.removeLast() }
            return trimmed
        }
    }

    @Test("every screen at exactly 80×24, in zh and en, as each role: username on the title, every bound key on the bar, a refusal whole, Unicode corners",
          arguments: [Language.zh, .en])
    func everyScreenAtTheMinimum(language: Language) async throws {
        let binary = try #require(Binary.slotdesk, "the slotdesk executable is not next to the tests")
        let tmux = try TmuxSession()
        let database = tmux.folder.path + "/min.db"
        let command = minimumCommand(binary, database: database, config: tmux.folder.path + "/config", language: language)

        // The front desk's operator: desk, help (Unicode corners), heat map, referral office, call queue.
        try tmux.start("desk", width: 80, height: 24, command: command)
        try await Self.signIn(tmux, "desk", as: "desk1", language: language)
        try await Self.walk(Array(Self.deskTour.prefix(2)), tmux, "desk", user: "desk1", role: .desk, language: language)
        let help = try await tmux.waitFor("desk", "the help box whole") { rows in
            rows.contains { $0.contains("┌─ " + language.pick("按键说明", "Keys")) } && rows.contains { $0.contains("└──") }
        }
        #expect(help.contains { $0.contains("┌─ " + language.pick("按键说明", "Keys")) } && help.contains { $0.contains("└──") }, "\(help.joined(separator: "\n"))")
        try await Self.walk(Array(Self.deskTour.dropFirst(2)), tmux, "desk", user: "desk1", role: .desk, language: language)
        // In the referral office the desk's operator may not book: refused at the first key, every cell of it shown.
        try tmux.keys("desk", "F4", "F4")
        try await tmux.waitFor("desk", "the referral office again") { $0.contains { $0.contains(language.pick("转诊收件箱", "Inbox")) } }
        try tmux.keys("desk", "Enter")
        let refusal = Self.messageRows(BookingError.notPermitted(permission: Permission.bookAlliance.rawValue,
                                                                 roles: Permissions.roles(for: .bookAlliance)).message(language))
        let refused = try await tmux.waitFor("desk", "the refusal on the message line") { rows in
            rows.count == 24 && Array(rows[(23 - refusal.count)..<23]) == refusal
        }
        #expect(Array(refused[(23 - refusal.count)..<23]) == refusal)
        try tmux.keys("desk", "F10")
        try await tmux.waitForExit("desk")

        // The coordinator: the referral office (their own clinics) and the quota board.
        try tmux.start("office", width: 80, height: 24, command: command)
        try await Self.signIn(tmux, "office", as: "referral1", language: language)
        try await Self.walk(Self.coordinatorTour, tmux, "office", user: "referral1", role: .coordinator, language: language)
        try tmux.keys("office", "Escape", "F10")
        try await tmux.waitForExit("office")

        // The night shift: day surgery; a refusal that is wider than the screen wraps whole.
        try tmux.start("night", width: 80, height: 24, command: command)
        try await Self.signIn(tmux, "night", as: "night1", language: language)
        try await Self.walk(Self.nightTour, tmux, "night", user: "night1", role: .night, language: language)
        try tmux.keys("night", "Down", "F2")
        // The demo's second case on OR1 lacks consent; in English the refusal is wider than 80 columns.
        let incomplete = Self.messageRows(BookingError.checklistIncomplete(caseID: 2, missing: [.consent]).message(language))
        #expect(language == .zh || incomplete.count == 2)
        let shown = try await tmux.waitFor("night", "the confirm refusal, whole") { rows in
            rows.count == 24 && Array(rows[(23 - incomplete.count)..<23]) == incomplete
        }
        #expect(Array(shown[(23 - incomplete.count)..<23]) == incomplete)
        try tmux.keys("night", "F10")
        try await tmux.waitForExit("night")

        // The administrator: the audit log.
        try tmux.start("admin", width: 80, height: 24, command: command)
        try await Self.signIn(tmux, "admin", as: "admin", language: language)
        try await Self.walk(Self.adminTour, tmux, "admin", user: "admin", role: .admin, language: language)
        try tmux.keys("admin", "F10")
        try await tmux.waitForExit("admin")
    }

    @Test("under TERM=vt100 with LANG=C the boxes have ASCII corners, in zh and en", arguments: [Language.zh, .en])
    func asciiCornersOnAVT100(language: Language) async throws {
        let binary = try #require(Binary.slotdesk, "the slotdesk executable is not next to the tests")
        let tmux = try TmuxSession()
        let command = minimumCommand(binary, database: tmux.folder.path + "/vt.db", config: tmux.folder.path + "/config", language: language,
                                     term: "vt100", locale: "C")
        try tmux.start("vt", width: 80, height: 24, command: command)
        let rows = try await tmux.waitFor("vt", within: 60, "the sign-in box with ASCII corners") { rows in
            rows.count == 24 && rows.contains { $0.contains("+- " + language.pick("登录 SlotDesk", "Sign in to SlotDesk")) }
        }
        #expect(rows.contains { $0.contains("+- " + language.pick("登录 SlotDesk", "Sign in to SlotDesk")) }, "\(rows.joined(separator: "\n"))")
        #expect(!rows.joined().contains { "┌┐└┘─│".contains($0) })
        try tmux.type("vt", "night1")
        try tmux.keys("vt", "Tab")
        try tmux.type("vt", "demo-night1")
        try tmux.keys("vt", "Enter")
        try await tmux.waitFor("vt", "day surgery") { $0.count == 24 && $0[0].contains("night1") }
        try tmux.keys("vt", "F1")
        let help = try await tmux.waitFor("vt", "the help box") { $0.contains { $0.contains("+- " + language.pick("按键说明", "Keys")) } }
        // Bars and blocks too: nothing the vt100 cannot draw.
        #expect(!help.joined().contains { "┌┐└┘─│█▓▒░".contains($0) }, "\(help.joined(separator: "\n"))")
        // tmux sends F10 as xterm does, which a vt100 description does not know; the session
        // ends when the test's tmux server goes.
    }
}
