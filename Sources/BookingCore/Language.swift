/// The operator's language: every message SlotDesk shows exists in both.
public enum Language: String, Sendable, CaseIterable, Codable {
    case zh, en

    /// `zh_*` locales (from `LC_ALL`, `LC_MESSAGES` or `LANG`, first set wins) mean Chinese;
    /// anything else English.
    public static func fromEnvironment(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .zh : .en
            }
        }
        return .en
    }

    /// Picks the text for this language.
    public func pick(_ zh: String, _ en: String) -> String { self == .zh ? zh : en }
}
