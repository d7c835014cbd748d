import BookingCore
import BookingStore
import Foundation
import Terminal

/// The full-screen front desk: reads keys, turns them into actions through the keymap, lets the
/// screen state handle them, draws, and keeps in step with other terminals on the same database.
public final class DeskApp {
    let backend: any TerminalBackend
    let store: Store
    public let keymap: Keymap
    /// Who is signed in; every store command acts as them.
    public private(set) var actor: Operator
    let hospital: String
    /// The sign-in (or unlock) screen, while it covers everything.
    private var login: LoginState?
    private var loginQuit = false
    /// Rule 13: the screen locks itself after this long without a key; nil never.
    let idleLock: TimeInterval?
    /// Seconds on a clock that only moves forward, for what the screen times itself — the idle
    /// lock, a message's age, the next poll — apart from the hospital clock (the store's), so a
    /// test moves it on instead of waiting.
    let clock: () -> TimeInterval
    private var lastActivity: TimeInterval
    public private(set) var state: DeskState
    public private(set) var coordinator: CoordinatorState
    public private(set) var surgery: SurgeryState
    public private(set) var queue: QueueState
    var audit: AuditState
    /// The utilisation picture (F11 from any screen), and the screen it goes back to.
    public private(set) var utilisation: UtilisationState
    private var beforeUtilisation: KeyScope = .desk
    /// Which screen is in front; the others keep their state meanwhile.
    public private(set) var active: KeyScope = .desk
    private var lastMark: Int64 = 0
    private var synced = true
    private var lastPoll = -TimeInterval.infinity
    private var lastMinute: LocalDateTime
    /// The message on the line and since when: a message goes after `messageLifetime`.
    private var shownMessage: (message: DeskMessage?, since: TimeInterval)
    /// How long a message stays on the line: long enough to read twice on a slow, busy
    /// terminal, short enough that the next patient's operator does not take it for news
    /// about their patient (it used to stay for as long as nothing replaced it).
    public static let messageLifetime: TimeInterval = 60
    /// The first row of the help in view; the help scrolls by pages (PgUp/PgDn).
    private var helpOffset = 0

    /// How often the screen looks for other terminals' changes (design: within a second).
    public static let pollInterval: TimeInterval = 0.5

    /// With `signIn`, the app opens on the sign-in screen and acts as whoever signs in (`actor`
    /// until then is only the terminal's name); `idleLock` seconds without a key lock it again.
    /// `clock` counts those seconds: the system's uptime, which no change of the wall clock moves.
    public init(backend: any TerminalBackend, store: Store, keymap: Keymap, actor: Operator, language: Language,
                startupMessage: DeskMessage? = nil, signIn: Bool = false, idleLock: TimeInterval? = nil, demoHint: String? = nil,
                clock: @escaping () -> TimeInterval = { ProcessInfo.processInfo.systemUptime }) {
        self.backend = backend
        self.clock = clock
        lastActivity = clock()
        shownMessage = (nil, lastActivity)
        self.store = store
        self.keymap = keymap
        self.actor = actor
        self.idleLock = idleLock
        if signIn { login = LoginState(language: language, demoHint: demoHint) }
        let name = (try? store.hospitalName()) ?? nil
        // A training database says so on every screen's title bar (rule 15).
        hospital = (store.isTraining ? language.pick("【培训】", "[TRAINING] ") : "")
            + (language == .zh ? name?.name ?? "SlotDesk" : name?.nameEn ?? name?.name ?? "SlotDesk")
        (state, coordinator, surgery, queue, audit, utilisation) = Self.emptyScreens(language: language, now: store.now)
        state.keymap = keymap
        lastMinute = store.now
        coordinator.ownClinics = actor.clinics
        // The mark before the first read: a commit in between shows at the first poll.
        lastMark = (try? store.changeMark()) ?? 0
        StoreEffects(store: store, actor: actor).reload(&state)
        if let startupMessage { state.message = startupMessage }
    }

    /// Runs until the operator quits or `shouldStop` says so (a termination signal).
    public func run(shouldStop: () -> Bool = { false }) {
        draw()
        while !wantsQuit && !shouldStop() {
            var changed = false
            if let key = backend.nextKey(timeoutMilliseconds: Int(Self.pollInterval * 1000)) {
                press(key)
                changed = true
            } else if lockIfIdle() {
                changed = true
            }
            if clock() - lastPoll >= Self.pollInterval { changed = poll() || changed }
            // Drawn only when something changed: an idle window costs its poll and nothing more
            // (drawing every half second was most of what 200 idle windows cost the server,
            // slotdesk-bench `windows`).
            if changed { draw() }
        }
    }

    /// Locks the screen once nobody has pressed a key for `idleLock` seconds (rule 13); returns
    /// whether it locked.
    @discardableResult
    public func lockIfIdle() -> Bool {
        guard let limit = idleLock, login == nil, clock() - lastActivity >= limit else { return false }
        lock()
        return true
    }

    /// Covers every screen with the unlock box; their state stays as it was.
    public func lock() {
        guard login == nil else { return }
        login = LoginState(language: state.language, stage: .unlock(username: actor.name))
    }

    /// Every screen as it is before anyone has used it.
    private static func emptyScreens(language: Language, now: LocalDateTime)
        -> (DeskState, CoordinatorState, SurgeryState, QueueState, AuditState, UtilisationState) {
        (DeskState(language: language, now: now), CoordinatorState(language: language, now: now), SurgeryState(language: language, now: now),
         QueueState(language: language, now: now), AuditState(language: language, now: now), UtilisationState(language: language, now: now))
    }

    /// An administrator disabled the signed-in account or changed its roles: back to the
    /// sign-in box, every screen emptied for whoever signs in next (the store already refuses
    /// the old sign-in's changes).
    private func signOut() {
        let language = state.language, now = store.now
        let stale = actor
        actor = Operator(name: "-", terminal: stale.terminal, roles: [])
        (state, coordinator, surgery, queue, audit, utilisation) = Self.emptyScreens(language: language, now: now)
        coordinator.ownClinics = actor.clinics
        state.keymap = keymap
        active = .desk
        var box = LoginState(language: language)
        box.message = DeskMessage(text: language.pick("管理员已停用账户 \(stale.name) 或更改了其角色：请重新登录",
                                                      "An administrator disabled \(stale.name) or changed its roles: sign in again"), kind: .error)
        login = box
    }

    /// Runs what the screens ask for against the store, as whoever is signed in now.
    private var effects: StoreEffects { StoreEffects(store: store, actor: actor) }

    /// Whether the sign-in or unlock screen is in front.
    public var isSignedOut: Bool { login != nil }

    private func pressLogin(_ key: Key, _ current: LoginState) {
        var screen = current
        let input: DeskInput
        switch key {
        case let .text(text): input = .text(text)
        case .backspace: input = .erase
        default:
            guard let action = keymap.action(for: key, in: .login) else { return }
            if action == .quit { loginQuit = true; return }
            input = .action(action)
        }
        effects.drive(&screen, input)
        login = screen
        switch screen.outcome {
        case nil:
            break
        case let .unlocked(op)?:
            login = nil
            actor = op
        case let .signedIn(op)?:
            login = nil
            actor = op
            coordinator.ownClinics = op.clinics
            // Each role starts where its work is.
            let home: KeyScope = op.roles.contains(.admin) || op.roles.contains(.desk) ? .desk
                : op.roles.contains(.coordinator) ? .coordinator : op.roles.contains(.night) ? .surgery : .desk
            switchScreen(to: home)
        }
    }

    public var wantsQuit: Bool { loginQuit || state.wantsQuit || coordinator.wantsQuit || surgery.wantsQuit || queue.wantsQuit || audit.wantsQuit || utilisation.wantsQuit }

    /// Runs `body` on the screen in front.
    /// Keys F1 lists beside the bindings: on the desk, those that edit the search box.
    private func helpNotes(_ topic: KeyScope) -> [(key: String, text: String)] {
        topic == .desk ? state.searchKeyNotes(keymap) : []
    }

    private func withActive<T>(_ body: (inout any DeskScreen) -> T) -> T {
        switch active {
        case .coordinator: return with(\.coordinator, body)
        case .surgery: return with(\.surgery, body)
        case .queue: return with(\.queue, body)
        case .audit: return with(\.audit, body)
        case .utilisation: return with(\.utilisation, body)
        default: return with(\.state, body)
        }
    }

    /// Runs `body` on one screen's state, and keeps what it made of it.
    private func with<Screen: DeskScreen, T>(_ screen: ReferenceWritableKeyPath<DeskApp, Screen>, _ body: (inout any DeskScreen) -> T) -> T {
        var current: any DeskScreen = self[keyPath: screen]
        defer { if let updated = current as? Screen { self[keyPath: screen] = updated } }
        return body(&current)
    }

    /// Brings another screen to the front, freshly loaded.
    public func switchScreen(to scope: KeyScope) {
        if scope == .utilisation && active != .utilisation { beforeUtilisation = active }
        active = ScreenCycle.order.contains(scope) || scope == .utilisation ? scope : .desk
        let effects = self.effects
        withActive { effects.reload(&$0) }
    }

    /// Handles one key as the operator pressed it.
    public func press(_ key: Key) {
        lastActivity = clock()
        switch key {
        case .resize, .unknown:
            return
        default:
            break
        }
        // Below the minimum size the screen shows only a notice: no key may act unseen.
        let (effects, actor, keymap) = (self.effects, self.actor, self.keymap)
        let size = backend.size
        if !Frame.fits(size.width, size.height) {
            if keymap.action(for: key, in: .global) == .quit {
                if login != nil { loginQuit = true } else { withActive { effects.drive(&$0, .action(.quit)) } }
            }
            return
        }
        if let current = login { return pressLogin(key, current) }
        if withActive({ $0.showingHelp }), let action = keymap.action(for: key, in: .help), action == .previousPage || action == .nextPage {
            let topic = withActive { $0.helpTopic }
            let rows = Overlay.helpRows(for: topic, keymap: keymap, language: state.language, screenWidth: size.width,
                                        notes: helpNotes(topic)).count
            let page = Overlay.helpPage(screenHeight: size.height, rows: rows)
            helpOffset = Overlay.clampedHelpOffset(helpOffset + (action == .nextPage ? page : -page), rows: rows, page: page)
            return
        }
        var switchTo: KeyScope?
        withActive { screen in
            if screen.acceptsText {
                switch key {
                case let .text(text): return effects.drive(&screen, .text(text))
                case .backspace: return effects.drive(&screen, .erase)
                default: break
                }
            }
            if let action = keymap.action(for: key, in: screen.scope) {
                if action == .switchScreen {
                    if ScreenCycle.order.contains(screen.scope) { switchTo = ScreenCycle.next(after: screen.scope, roles: actor.roles) }
                    return
                }
                // F11 brings the utilisation picture to the front; Esc or F11 there goes back.
                if action == .utilisation || (action == .back && screen.scope == .utilisation) {
                    switchTo = screen.scope == .utilisation ? beforeUtilisation : .utilisation
                    return
                }
                effects.drive(&screen, .action(action))
            } else if case let .text(text) = key, screen.typesAnywhere {
                // Typing anywhere on the desk goes to the search box: ID-card readers type digits and Enter.
                effects.drive(&screen, .text(text))
            }
        }
        if let switchTo { switchScreen(to: switchTo) }
    }

    /// Whether a message was taken away.
    @discardableResult
    private func expireMessage(at time: TimeInterval) -> Bool {
        // Nobody reads the screens behind the sign-in box: their messages wait until it goes.
        guard login == nil else { shownMessage.since = time; return false }
        let current = withActive { $0.message }
        if current != shownMessage.message {
            shownMessage = (current, time)
        } else if current != nil, time - shownMessage.since >= Self.messageLifetime {
            withActive { $0.message = nil }
            shownMessage = (nil, time)
            return true
        }
        return false
    }

    private func deliver(_ input: DeskInput) {
        let effects = self.effects
        withActive { effects.drive(&$0, input) }
    }

    /// Looks for changes committed by other terminals and for the clock's next minute, and
    /// takes away a message older than `messageLifetime` (by the app's `clock`).
    /// Returns whether anything on screen may have changed: another terminal's change, the sync
    /// state, the minute, or a message taken away.
    @discardableResult
    public func poll() -> Bool {
        let time = clock()
        let expired = expireMessage(at: time)
        lastPoll = time
        let wasSynced = synced
        var changed = false
        do {
            let mark = try store.changeMark()
            synced = true
            if mark != lastMark {
                // Checked before the mark moves on: a failed read is tried again at the next poll.
                if login == nil, actor.account != nil, try !store.signInHolds(actor) {
                    signOut()
                    return true
                }
                lastMark = mark
                deliver(.externalChange)
                changed = true
            }
        } catch {
            synced = false
        }
        let now = store.now
        if now != lastMinute {
            // A new minute may close an hour's same-day registration (rule 3: its department's
            // cutoff, any minute of the hour), so the grid is read again, not just the clock.
            lastMinute = now
            deliver(.tick(now))
            deliver(.externalChange)
            changed = true
        }
        return changed || expired || synced != wasSynced
    }

    /// Draws the current state at the terminal's current size.
    public func draw() {
        let size = backend.size
        var screen = Screen(width: max(0, size.width), height: max(0, size.height))
        let role = actor.roles.max()?.label(state.language) ?? ""
        let keymap = self.keymap
        // The title bar says who is signed in: display name and username.
        let who = actor.displayName.map { "\($0) \(actor.name)" } ?? actor.name
        if let login {
            let cursor = login.render(into: &screen, keymap: keymap, hospital: hospital, now: store.now, signedIn: (who, role))
            return backend.present(screen, cursor: cursor)
        }
        let frame = { (now: LocalDateTime) in
            FrameInfo(hospital: self.hospital, operatorName: who, role: role, now: now, synced: self.synced, language: self.state.language)
        }
        let cursor = withActive { $0.render(into: &screen, keymap: keymap, frame: frame($0.now)) }
        // The bar names the next screen this operator's F4 reaches, which depends on their roles.
        let scope = withActive { $0.scope }
        if Frame.fits(screen.width, screen.height) {
            Frame.functionKeys(keymap, scope: scope, language: state.language, roles: actor.roles, into: &screen)
            // The help, scrolled to where the operator paged it, over the one the screen drew.
            if withActive({ $0.showingHelp }) {
                let topic = withActive { $0.helpTopic }
                Overlay.help(for: topic, into: &screen, keymap: keymap, language: state.language, notes: helpNotes(topic), offset: helpOffset)
            }
        }
        if !withActive({ $0.showingHelp }) { helpOffset = 0 }
        backend.present(screen, cursor: cursor)
    }
}

extension DeskState {
    /// Whether typed text goes into a field right now rather than to key bindings.
    var acceptsText: Bool {
        if showingHelp { return false }
        if let confirmation { return confirmation.reason != nil }
        if form != nil { return true }
        return focus == .search
    }
}
