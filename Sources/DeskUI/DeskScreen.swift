import BookingCore
import BookingStore
import Terminal

/// What the app needs of a screen: its keymap scope, whether typed text goes into a field,
/// its input handling and its drawing. Each screen is state + handle(input) -> effects + render;
/// the app runs the effects against the store (`StoreEffects`).
protocol DeskScreen: EffectScreen {
    var scope: KeyScope { get }
    /// Typed text and Backspace go into a field instead of to key bindings.
    var acceptsText: Bool { get }
    /// Printable keys nobody bound still mean something (the desk's search box).
    var typesAnywhere: Bool { get }
    var wantsQuit: Bool { get }
    var now: LocalDateTime { get }
    // The message line (`message`, of EffectScreen): the app takes an old one away
    // (`DeskApp.messageLifetime`).
    /// Whose keys the help lists while it covers the screen.
    var helpTopic: KeyScope { get }
    /// The help covers the screen (other things take the help's keys too, e.g. the desk's slip).
    var showingHelp: Bool { get }
    func render(into screen: inout Screen, keymap: Keymap, frame: FrameInfo) -> (x: Int, y: Int)?
}

extension DeskState: DeskScreen {
    var typesAnywhere: Bool { scope == .desk }
    var helpTopic: KeyScope { confirmation != nil ? .confirm : form != nil ? .register : .desk }

    func render(into screen: inout Screen, keymap: Keymap, frame: FrameInfo) -> (x: Int, y: Int)? {
        render(into: &screen, keymap: keymap, hospital: frame.hospital, operatorName: frame.operatorName, role: frame.role, synced: frame.synced)
    }
}

extension CoordinatorState: DeskScreen {
    var typesAnywhere: Bool { false }
    var helpTopic: KeyScope { confirmation != nil ? .confirm : .coordinator }
}

extension SurgeryState: DeskScreen {
    var typesAnywhere: Bool { false }
    var helpTopic: KeyScope { confirmation != nil ? .confirm : .surgery }
}

/// The screens F4 cycles through, and what the function-key bar calls the next one.
enum ScreenCycle {
    static let order: [KeyScope] = [.desk, .coordinator, .surgery, .queue, .audit]

    /// The next screen in the cycle; the audit log only for those who may read it.
    static func next(after scope: KeyScope, roles: Set<Role> = [.admin]) -> KeyScope {
        let screens = order.filter { $0 != .audit || Permissions.allows(roles, .readAudit) }
        guard let i = screens.firstIndex(of: scope) else { return .desk }
        return screens[(i + 1) % screens.count]
    }

    /// The next screen's name when the bar is short of room.
    static func shortLabel(of scope: KeyScope, _ lang: Language) -> String {
        switch scope {
        case .coordinator: return lang.pick("转诊", "Ref")
        case .surgery: return lang.pick("手术", "Surg")
        default: return label(of: scope, lang)
        }
    }

    static func label(of scope: KeyScope, _ lang: Language) -> String {
        switch scope {
        case .coordinator: return lang.pick("转诊办", "Referral")
        case .surgery: return lang.pick("日间手术", "Surgery")
        case .queue: return lang.pick("叫号", "Queue")
        case .audit: return lang.pick("审计", "Audit")
        default: return lang.pick("挂号", "Desk")
        }
    }
}

extension QueueState { var helpTopic: KeyScope { .queue } }
extension AuditState { var helpTopic: KeyScope { .audit } }
extension UtilisationState { var helpTopic: KeyScope { .utilisation } }
