/// Rule 13: who may sign in, with what password, and what repeated failures do.
public enum OperatorRules {
    /// Wrong passwords in a row before an operator is locked out.
    public static let maxFailures = 5
    /// How long a lockout lasts, by the hospital clock.
    public static let lockoutMinutes = 5
    /// Password length in characters: long enough to resist guessing, short enough for a desk.
    public static let passwordLength = 8...128
    /// Names SlotDesk itself writes in the audit log; no operator may take them.
    public static let reservedNames: Set<String> = ["system", "cli"]

    /// `desk1`, `zhang.wei`, `night-2`: 2–32 lower-case letters, digits, `.`, `_` or `-`,
    /// starting with a letter. No colon, so no operator can pass for `cli:<user>` in the audit log.
    public static func checkUsername(_ username: String) -> BookingError? {
        let ascii = username.unicodeScalars
        guard (2...32).contains(ascii.count) else {
            return .invalidInput(field: "username", problem: .usernameShape)
        }
        guard let first = ascii.first, ("a"..."z").contains(first),
              ascii.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" }) else {
            return .invalidInput(field: "username", problem: .usernameCharacters)
        }
        if reservedNames.contains(username) {
            return .invalidInput(field: "username", problem: .usernameReserved(username))
        }
        return nil
    }

    /// The name on the title bar: 1–64 characters, no control characters.
    public static func checkDisplayName(_ name: String) -> BookingError? {
        let trimmed = name.trimmingWhitespace()
        guard (1...64).contains(trimmed.count) else { return .invalidInput(field: "display name", problem: .characters(1...64)) }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) else {
            return .invalidInput(field: "display name", problem: .controlCharacters)
        }
        return nil
    }

    /// An operator has at least one role; a coordinator may be bound to clinics, nobody else.
    public static func checkRoles(_ roles: Set<Role>, clinics: Set<String>) -> BookingError? {
        if roles.isEmpty { return .invalidInput(field: "role", problem: .noRole) }
        if !clinics.isEmpty && !roles.contains(.coordinator) {
            return .invalidInput(field: "clinic", problem: .clinicForCoordinatorOnly)
        }
        return nil
    }

    /// 8–128 characters, no control characters, not the username, and (on a change) not the old one.
    public static func checkPassword(_ password: String, username: String, old: String? = nil) -> BookingError? {
        guard passwordLength.contains(password.count) else {
            return .invalidInput(field: "password", problem: .characters(passwordLength))
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return .invalidInput(field: "password", problem: .passwordControlCharacters)
        }
        if password.lowercased() == username.lowercased() {
            return .invalidInput(field: "password", problem: .passwordIsUsername)
        }
        if let old, old == password { return .invalidInput(field: "password", problem: .passwordUnchanged) }
        return nil
    }

    /// True while a lockout runs: from the fifth failure until `lockedUntil`.
    public static func isLocked(until lockedUntil: LocalDateTime?, now: LocalDateTime) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }

    /// After a wrong password: the new failure count and, at the fifth, when the lockout ends
    /// (the count starts again then).
    public static func afterFailure(failures: Int, now: LocalDateTime) -> (failures: Int, lockedUntil: LocalDateTime?) {
        let count = failures + 1
        return count >= maxFailures ? (0, now.adding(minutes: lockoutMinutes)) : (count, nil)
    }
}
