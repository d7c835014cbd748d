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
        lastMinute = store.now
        state.reload(from: store)
        lastMark = (try? store.changeMark()) ?? 0
        if let startupMessage { state.message = startupMessage }
    }

    /// Runs until the operator quits or `shouldStop` says so (a termination signal).
    public func run(shouldStop: () -> Bool = { false }) {
        draw()
        while !state.wantsQuit && !shouldStop() {
            if let key = backend.nextKey(timeoutMilliseconds: Int(Self.pollInterval * 1000)) {
                press(key)
            }
            if Date().timeIntervalSince(lastPoll) >= Self.pollInterval { poll() }
            draw()
        }
    }

    /// Handles one key as the operator pressed it.
    public func press(_ key: Key) {
        switch key {
        case .resize, .unknown:
            return
        default:
            break
        }
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
            state.handle(.action(action), store: store, actor: actor)
        } else if case let .text(text) = key, scope == .desk {
            // Typing anywhere on the desk goes to the search box: ID-card readers type digits and Enter.
            state.handle(.text(text), store: store, actor: actor)
        }
    }

    /// Looks for changes committed by other terminals and for the clock's next minute.
    public func poll() {
        lastPoll = Date()
        do {
            let mark = try store.changeMark()
            synced = true
            if mark != lastMark {
                lastMark = mark
                state.handle(.externalChange, store: store, actor: actor)
            }
        } catch {
            synced = false
        }
        let now = store.now
        if now != lastMinute {
            // A new hour changes which slots have started: reload, not just the clock.
            let reload = now.hour != lastMinute.hour || now.date != lastMinute.date
            lastMinute = now
            state.handle(reload ? .externalChange : .tick, store: store, actor: actor)
        }
    }

    /// Draws the current state at the terminal's current size.
    public func draw() {
        let size = backend.size
        var screen = Screen(width: max(0, size.width), height: max(0, size.height))
        let cursor = state.render(into: &screen, keymap: keymap, hospital: hospital, operatorName: actor.name,
                                  role: state.language.pick("挂号", "desk"), synced: synced)
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
