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
    let actor: Operator
    let hospital: String
    public private(set) var state: DeskState
    public private(set) var coordinator: CoordinatorState
    /// Which screen is in front; both keep their state while the other is shown.
    public private(set) var active: KeyScope = .desk
    private var lastMark: Int64 = 0
    private var synced = true
    private var lastPoll = Date.distantPast
    private var lastMinute: LocalDateTime

    /// How often the screen looks for other terminals' changes (design: within a second).
    public static let pollInterval: TimeInterval = 0.5

    public init(backend: any TerminalBackend, store: Store, keymap: Keymap, actor: Operator, language: Language,
                startupMessage: DeskMessage? = nil) {
        self.backend = backend
        self.store = store
        self.keymap = keymap
        self.actor = actor
        let name = (try? store.hospitalName()) ?? nil
        hospital = language == .zh ? name?.name ?? "SlotDesk" : name?.nameEn ?? name?.name ?? "SlotDesk"
        state = DeskState(language: language, now: store.now)
        coordinator = CoordinatorState(language: language, now: store.now)
        lastMinute = store.now
        state.reload(from: store)
        lastMark = (try? store.changeMark()) ?? 0
        if let startupMessage { state.message = startupMessage }
    }

    /// Runs until the operator quits or `shouldStop` says so (a termination signal).
    public func run(shouldStop: () -> Bool = { false }) {
        draw()
        while !wantsQuit && !shouldStop() {
            if let key = backend.nextKey(timeoutMilliseconds: Int(Self.pollInterval * 1000)) {
                press(key)
            }
            if Date().timeIntervalSince(lastPoll) >= Self.pollInterval { poll() }
            draw()
        }
    }

    public var wantsQuit: Bool { state.wantsQuit || coordinator.wantsQuit }

    /// Brings the other screen to the front, freshly loaded.
    public func switchScreen(to scope: KeyScope) {
        active = scope
        if scope == .coordinator { coordinator.reload(from: store) } else { state.reload(from: store) }
    }

    /// Handles one key as the operator pressed it.
    public func press(_ key: Key) {
        switch key {
        case .resize, .unknown:
            return
        default:
            break
        }
        if active == .coordinator { return pressCoordinator(key) }
        let scope = state.scope
        if state.acceptsText {
            switch key {
            case let .text(text):
                return state.handle(.text(text), store: store, actor: actor)
            case .backspace:
                return state.handle(.erase, store: store, actor: actor)
            default:
                break
            }
        }
        if let action = keymap.action(for: key, in: scope) {
            if action == .switchScreen && scope == .desk { return switchScreen(to: .coordinator) }
            state.handle(.action(action), store: store, actor: actor)
        } else if case let .text(text) = key, scope == .desk {
            // Typing anywhere on the desk goes to the search box: ID-card readers type digits and Enter.
            state.handle(.text(text), store: store, actor: actor)
        }
    }

    private func pressCoordinator(_ key: Key) {
        let scope = coordinator.scope
        if coordinator.acceptsText {
            switch key {
            case let .text(text): return coordinator.handle(.text(text), store: store, actor: actor)
            case .backspace: return coordinator.handle(.erase, store: store, actor: actor)
            default: break
            }
        }
        guard let action = keymap.action(for: key, in: scope) else { return }
        if action == .switchScreen && scope == .coordinator { return switchScreen(to: .desk) }
        coordinator.handle(.action(action), store: store, actor: actor)
    }

    private func deliver(_ input: DeskInput) {
        if active == .coordinator { coordinator.handle(input, store: store, actor: actor) } else { state.handle(input, store: store, actor: actor) }
    }

    /// Looks for changes committed by other terminals and for the clock's next minute.
    public func poll() {
        lastPoll = Date()
        do {
            let mark = try store.changeMark()
            synced = true
            if mark != lastMark {
                lastMark = mark
                deliver(.externalChange)
            }
        } catch {
            synced = false
        }
        let now = store.now
        if now != lastMinute {
            // A new hour changes which slots have started: reload, not just the clock.
            let reload = now.hour != lastMinute.hour || now.date != lastMinute.date
            lastMinute = now
            deliver(reload ? .externalChange : .tick)
        }
    }

    /// Draws the current state at the terminal's current size.
    public func draw() {
        let size = backend.size
        var screen = Screen(width: max(0, size.width), height: max(0, size.height))
        let role = actor.roles.max()?.label(state.language) ?? ""
        let cursor: (x: Int, y: Int)?
        if active == .coordinator {
            cursor = coordinator.render(into: &screen, keymap: keymap,
                                        frame: FrameInfo(hospital: hospital, operatorName: actor.name, role: role, now: coordinator.now, synced: synced,
                                                         language: state.language))
        } else {
            cursor = state.render(into: &screen, keymap: keymap, hospital: hospital, operatorName: actor.name, role: role, synced: synced)
        }
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
