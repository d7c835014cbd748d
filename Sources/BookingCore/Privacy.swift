/// Masking of identity numbers and phone numbers in lists (rule 14).
public enum Privacy {
    /// A resident identity number as `110105********002X`: the region and the last four kept,
    /// the eight digits of the birth date hidden — which is why, beside a masked number, the
    /// birth date is shown only as an age. Every other document keeps only its last three
    /// characters (`******678`): nothing beside it says what the rest was.
    public static func maskDocument(_ number: String, type: DocumentType) -> String {
        let chars = Array(number)
        if type == .resident && chars.count == 18 {
            return String(chars.prefix(6)) + String(repeating: "*", count: 8) + String(chars.suffix(4))
        }
        guard chars.count > 3 else { return String(repeating: "*", count: chars.count) }
        return String(repeating: "*", count: chars.count - 3) + String(chars.suffix(3))
    }

    /// `138****0000`: the first three and last four digits kept.
    public static func maskPhone(_ phone: String) -> String {
        let chars = Array(phone)
        guard chars.count >= 8 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + String(repeating: "*", count: chars.count - 7) + String(chars.suffix(4))
    }
}
