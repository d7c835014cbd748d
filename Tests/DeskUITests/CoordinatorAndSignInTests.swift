import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal
import Testing

/// The referral office and signing in, read off the in-memory grid as a person reads them.
@Suite("Referral office and sign-in on screen")
struct CoordinatorAndSignInTests {
    static let office = Operator(name: "referral1", terminal: "-", roles: [.coordinator], clinics: ["C01", "C02", "C03", "C04"])

    @Test("the inbox lists green referrals first; Enter, Enter, Enter books the first into an open slot of its department")
    func inboxAndBooking() throws {
        let desk = try DeskFixture(actor: Self.office)
        desk.press(.function(4))
        #expect(desk.app.active == .coordinator)
        #expect(desk.lines[1].hasPrefix(" 转诊办  机构：本人 C01/C02/C03/C04 [F2]   科室：全部 [F3]   待预约 12 张"))
        let inbox = desk.app.coordinator.inbox
        #expect(inbox.prefix(2).allSatisfy { $0.urgency == .green })
        #expect(inbox.map(\.urgency) == inbox.map(\.urgency).sorted())
        let first = try #require(inbox.first)
        #expect(desk.lines.contains { $0.contains(" \(first.id) ") && $0.contains("绿色通道") && $0.contains(first.patientName) && $0.contains(first.clinic) })
        desk.press(.enter)
        let slot = try #require(desk.app.coordinator.candidate)
        #expect(slot.department == first.department)
        desk.press(.enter)
        #expect(desk.lines.contains { $0.contains("转诊预约") })
        desk.press(.enter)
        let booked = try desk.store.referral(first.id)
        #expect(booked.status == .booked)
        let appointment = try desk.store.appointment(try #require(booked.appointmentID))
        #expect(appointment.priority == .green && appointment.channel == .alliance && appointment.slotID == slot.id)
        #expect(desk.messageLine.hasPrefix(" 已预约 \(appointment.id)："))
        #expect(desk.lines[1].contains("待预约 11 张"))
    }

    @Test("F6 shows the quota board: each department's reserved seats as a bar and numbers that read without colour")
    func quotaBoard() throws {
        let desk = try DeskFixture(colors: false, actor: Self.office)
        desk.press(.function(4), .function(6))
        #expect(desk.lines.contains { $0.contains("预留号源看板：未来14天") })
        let cardiology = try #require(desk.row(containing: "心内科"))
        #expect(desk.lines[cardiology + 1].contains("预留") && desk.lines[cardiology + 1].contains("已用"))
        #expect(desk.lines[cardiology + 1].contains("▒"))
        #expect(rowsAreWhole(desk.screen))
    }

    @Test("the desk refuses a booking to someone without the role; the referral office refuses the desk's operator")
    func rolesOnScreen() throws {
        let desk = try DeskFixture(actor: Operator(name: "night1", terminal: "-", roles: [.night]))
        desk.press(.function(4))
        desk.press(.enter, .enter, .enter)
        #expect(desk.messageLine.contains("无权限"))
        #expect(try desk.store.referrals(.inbox).count == 12)
    }

    /// The demo hospital with its demo operators, on a screen that opens on the sign-in box.
    struct SignInFixture {
        let folder = TemporaryFolder()
        let store: Store
        let terminal = MemoryTerminal(width: 120, height: 36)
        let app: DeskApp

        init(terminalName: String = "-") throws {
            let path = folder.path + "/desk.db"
            try DemoTemplate.copy(to: path)
            store = try Store.create(path: path, training: true, now: deskNow)
            if try !store.hasOperators() { _ = try store.installDemoOperators(by: tester) }
            app = DeskApp(backend: terminal, store: store, keymap: KeymapFiles.defaults().0, actor: Operator(name: "-", terminal: terminalName, roles: []),
                          language: .zh, signIn: true, idleLock: 600)
        }
    }

    @Test("signing in: a wrong password is refused on the message line, the right one opens the operator's screen; idle lock keeps it")
    func signInAndLock() throws {
        let fixture = try SignInFixture()
        let (store, terminal, app) = (fixture.store, fixture.terminal, fixture.app)
        app.draw()
        #expect(terminal.lastLines.contains { $0.contains("登录 SlotDesk") })
        func type(_ text: String) { for ch in text { app.press(.text(String(ch))) } }
        type("referral1"); app.press(.tab); type("wrong-password"); app.press(.enter); app.draw()
        #expect(app.isSignedOut)
        #expect(terminal.lastLines[34].contains("用户名或密码错误"))
        type("demo-referral1"); app.press(.enter); app.draw()
        #expect(!app.isSignedOut && app.actor.name == "referral1")
        #expect(app.active == .coordinator, "the coordinator starts in the referral office")
        #expect(terminal.lastLines[0].contains("赵强 referral1（转诊办）"))
        app.press(.function(6)); app.draw()
        #expect(terminal.lastLines.contains { $0.contains("预留号源看板") })
        // Locked: only the password opens it again, and the board is still there.
        app.lock(); app.draw()
        #expect(app.isSignedOut && terminal.lastLines.contains { $0.contains("屏幕已锁定") })
        app.press(.function(6)); type("demo-referral1"); app.press(.enter); app.draw()
        #expect(!app.isSignedOut)
        #expect(terminal.lastLines.contains { $0.contains("预留号源看板") })
        let audit = try store.auditLog(AuditFilter(actionPrefix: "operator.", limit: 10), by: tester).map(\.action)
        #expect(audit.contains("operator.login_failed") && audit.contains("operator.login") && audit.contains("operator.unlock"))
    }

    @Test("an administrator disables a signed-in clerk at another terminal: her screen goes back to the sign-in box, emptied, and says why")
    func disabledWhileSignedIn() throws {
        let fixture = try SignInFixture(terminalName: "/dev/pts/4")
        let (store, terminal, app) = (fixture.store, fixture.terminal, fixture.app)
        func type(_ text: String) { for ch in text { app.press(.text(String(ch))) } }
        type("desk1"); app.press(.tab); type("demo-desk1"); app.press(.enter)
        app.press(.function(2)); type("xy"); app.press(.enter); app.draw()
        #expect(!app.isSignedOut && app.actor.name == "desk1")
        #expect(!app.state.results.isEmpty || app.state.patient != nil, "the search found patients")
        let signedIn = app.actor
        // Nothing changed yet: polling keeps her signed in.
        app.poll()
        #expect(!app.isSignedOut)
        _ = try store.disableOperator("desk1", by: tester)
        app.poll(); app.draw()
        #expect(app.isSignedOut)
        #expect(terminal.lastLines.contains { $0.contains("登录 SlotDesk") })
        #expect(terminal.lastLines.contains { $0.contains("管理员已停用账户 desk1") })
        #expect(app.actor.roles.isEmpty && app.state.results.isEmpty && app.state.patient == nil)
        // The old sign-in, used from anywhere, changes nothing.
        #expect(throws: BookingError.operatorChanged(username: "desk1")) {
            try store.setPriorityGroup(.id(1), group: .veteran, reason: "退役军人", by: signedIn)
        }
    }
}
