import BookingCore
import BookingStore
import Terminal

/// Signing in (rule 13), changing an initial password, and unlocking a screen left idle. The
/// store decides: the password's hash, the lockout after five failures, the forced change.
struct LoginState: EffectScreen {
    enum Stage: Equatable {
        case signIn
        /// The password must be changed before anything else (a new or reset account).
        case changePassword(username: String, old: String)
        /// The screen locked itself after the idle time: only its operator can unlock it.
        case unlock(username: String)
    }

    var language: Language
    var stage: Stage
    var username = TextField(limit: 32)
    var password = TextField(limit: 128)
    var repeated = TextField(limit: 128)
    /// 0 = username, 1 = password, 2 = repeated password (when changing).
    var field = 0
    var message: DeskMessage?
    /// Shown on the demo hospital's sign-in screen, so a first run can be used at once.
    var demoHint: String?

    init(language: Language, stage: Stage = .signIn, demoHint: String? = nil) {
        self.language = language
        self.stage = stage
        self.demoHint = demoHint
        if case let .unlock(name) = stage {
            username = TextField(name, limit: 32)
            field = 1
        }
    }

    var fieldCount: Int {
        switch stage {
        case .signIn: return 2
        case .changePassword: return 2
        case .unlock: return 1
        }
    }

    /// What a completed sign-in gives the app.
    enum Outcome: Equatable { case signedIn(Operator), unlocked(Operator) }
    /// Set when the store let the operator in; the app takes it from here.
    var outcome: Outcome?

    mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect] {
        let l = language
        switch input {
        case let .text(text):
            switch (stage, field) {
            case (.signIn, 0): _ = username.insert(text)
            case (.changePassword, 1): _ = repeated.insert(text)
            default: _ = password.insert(text)
            }
        case .erase:
            switch (stage, field) {
            case (.signIn, 0): username.deleteBackward()
            case (.changePassword, 1): repeated.deleteBackward()
            default: password.deleteBackward()
            }
        case .action(.nextField), .action(.down):
            if case .unlock = stage { break }
            field = (field + 1) % fieldCount
        case .action(.previousField), .action(.up):
            if case .unlock = stage { break }
            field = (field + fieldCount - 1) % fieldCount
        case .action(.back):
            message = nil
        case .action(.confirm), .action(.select):
            if case .signIn = stage, field == 0 {
                field = 1
                return []
            }
            return submit(terminal: actor.terminal, l)
        case let .finished(.signedIn(op)):
            if op.mustChangePassword, case .signIn = stage {
                stage = .changePassword(username: op.name, old: password.text)
                password = TextField(limit: 128)
                field = 0
                message = DeskMessage(text: l.pick("首次登录或密码已重置：请设置新密码", "First sign-in or a reset password: choose a new one"), kind: .info)
                return []
            }
            outcome = .signedIn(op)
        case let .finished(.unlocked(op)):
            outcome = .unlocked(op)
        case let .failed(_, error):
            message = DeskMessage(text: error.message(l), kind: .error)
            password = TextField(limit: 128)
            repeated = TextField(limit: 128)
            if case .signIn = stage { field = 1 }
        default:
            break
        }
        return []
    }

    /// Nothing to read: the box shows only what is typed.
    mutating func reload() -> [DeskEffect] { [] }

    private mutating func submit(terminal: String, _ l: Language) -> [DeskEffect] {
        switch stage {
        case .signIn:
            return [.run(.signIn(username: username.text, password: password.text, terminal: terminal))]
        case let .changePassword(name, old):
            guard password.text == repeated.text else {
                message = DeskMessage(text: l.pick("两次输入的新密码不一致", "The two new passwords differ"), kind: .error)
                repeated = TextField(limit: 128)
                field = 1
                return []
            }
            return [.run(.changeInitialPassword(username: name, old: old, new: password.text, terminal: terminal))]
        case let .unlock(name):
            // The account as it is now: an administrator may have changed its roles meanwhile.
            return [.run(.unlock(username: name, password: password.text, terminal: terminal))]
        }
    }

    /// Draws the sign-in box over the title bar's hospital name; returns the text cursor. A
    /// locked screen's title bar still says who is signed in (`signedIn`: name and role).
    func render(into screen: inout Screen, keymap: Keymap, hospital: String, now: LocalDateTime,
                signedIn: (name: String, role: String)? = nil) -> (x: Int, y: Int)? {
        guard Frame.begin(&screen, language: language) else { return nil }
        let l = language
        var who = (name: l.pick("未登录", "not signed in"), role: "")
        if case .unlock = stage, let signedIn { who = signedIn }
        Frame.title(FrameInfo(hospital: hospital, operatorName: who.name, role: who.role, now: now, synced: true, language: l), into: &screen)
        let title: String
        var rows: [(String, String, Bool)] = []
        switch stage {
        case .signIn:
            title = l.pick("登录 SlotDesk", "Sign in to SlotDesk")
            rows = [(l.pick("用户名", "Username"), username.text, false), (l.pick("密码", "Password"), password.text, true)]
        case .changePassword:
            title = l.pick("设置新密码", "Choose a new password")
            rows = [(l.pick("新密码", "New password"), password.text, true), (l.pick("再输一次", "Repeat it"), repeated.text, true)]
        case let .unlock(name):
            title = l.pick("屏幕已锁定", "Screen locked")
            rows = [(l.pick("用户名", "Username"), name, false), (l.pick("密码", "Password"), password.text, true)]
        }
        let width = min(64, screen.width - 8)
        let area = Rect(x: (screen.width - width) / 2, y: max(2, screen.height / 2 - 6), width: width, height: 11)
        let inner = screen.box(area, title: title)
        var cursor: (x: Int, y: Int)?
        let labelWidth = l == .zh ? 10 : 14
        for (i, row) in rows.enumerated() {
            let y = inner.y + 1 + i * 2
            let active: Bool
            if case .unlock = stage { active = i == 1 } else { active = i == field }
            screen.put((active ? "> " : "  ") + row.0, x: inner.x, y: y, style: active ? Palette.heading : .plain)
            let w = inner.width - labelWidth
            let shown = fieldTail(row.2 ? String(repeating: "*", count: min(row.1.count, 40)) : row.1, width: w)
            screen.put(DisplayWidth.pad(shown, toWidth: w), x: inner.x + labelWidth, y: y, style: Palette.field)
            if active { cursor = (inner.x + labelWidth + DisplayWidth.width(of: shown), y) }
        }
        let hint: String
        switch stage {
        case .unlock:
            hint = l.pick("输入密码后按 Enter 解锁，屏幕内容保持不变", "Type the password and Enter: the screens are as you left them")
        default:
            hint = l.pick("Tab 切换输入框，Enter 确定", "Tab moves between fields, Enter signs in")
        }
        screen.put(DisplayWidth.truncate(hint, toWidth: inner.width), x: inner.x, y: inner.y + 6, style: Palette.dimmed)
        if let demoHint, stage == .signIn {
            screen.put(DisplayWidth.truncate(demoHint, toWidth: inner.width), x: inner.x, y: inner.y + 7, style: Palette.few)
        }
        Frame.message(message, into: &screen)
        Frame.functionKeys(keymap, scope: .login, language: l, into: &screen)
        return cursor
    }
}
