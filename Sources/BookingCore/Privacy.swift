/// Masking of identity numbers and phone numbers in lists (rule 14).
public enum Privacy {
    /// `110105********002X`: region and the last four kept.
    public static func maskDocument(_ number: String) -> String {
        let chars = Array(number)
        guard chars.count > 8 else { return String(repeating: "*", count: chars.count) }
        let keepHead = chars.count >= 15 ? 6 : 2
        return String(chars.prefix(keepHead)) + String(repeating: "*", count: chars.count - keepHead - 4) + String(chars.suffix(4))
    }

    /// `138****0000`: the first three and last four digits kept.
    public static func maskPhone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count >= 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }

    /// `白*琪`, `张*`: a name on paper that leaves the counter (the appointment slip) keeps its
    /// first and last characters.
    public static func maskName(_ name: String) -> String {
        let chars = Array(name)
        switch chars.count {
        case 0, 1: return name
        case 2: return String(chars[0]) + "*"
        default: return String(chars[0]) + String(repeating: "*", count: chars.count - 2) + String(chars[chars.count - 1])
        }
    }
}
