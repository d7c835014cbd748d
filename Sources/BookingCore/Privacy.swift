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
}
