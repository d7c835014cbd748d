/// Why a resident identity number was refused.
public enum IdentityNumberProblem: Error, Equatable, Sendable {
    case length(Int)
    case characters
    case region(String)
    case birthDate(String)
    case checkDigit(expected: Character)

    public func message(_ lang: Language) -> String {
        switch self {
        case let .length(n): return lang.pick("应为18位，实为 \(n) 位", "it must have 18 characters, not \(n)")
        case .characters: return lang.pick("前17位须为数字，末位为数字或X", "the first 17 must be digits and the last a digit or X")
        case let .region(code): return lang.pick("地区码 \(code) 不存在", "region code \(code) does not exist")
        case let .birthDate(text): return lang.pick("出生日期 \(text) 无效", "birth date \(text) is not a real date")
        // The digit that would pass is not shown: one mistyped digit anywhere makes the last one
        // "wrong", and the person at the window should read the card again, not change the end.
        case .checkDigit: return lang.pick("号码与校验位不符，有一位输错了：请对照证件重新读一遍（或重新刷卡）",
                                           "the number does not add up (a digit is mistyped): read it again from the card, or swipe it again")
        }
    }
}

/// An 18-digit resident identity number that passed every check of GB 11643-1999 (rule 4):
/// a known province, a real birth date, and the ISO 7064 MOD 11-2 check digit.
public struct ResidentIdentity: Sendable, Equatable {
    /// The number with a lower-case `x` normalised to `X`.
    public let number: String
    public let birthDate: LocalDate
    public let sex: Sex

    /// Province-level codes (the first two digits) in use, incl. Hong Kong, Macao and Taiwan
    /// residence permits (81, 82, 83).
    static let provinces: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82", "83",
    ]
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Validates `text` as of `today` (a birth date after today is refused).
    public static func parse(_ text: String, today: LocalDate? = nil) -> Result<ResidentIdentity, IdentityNumberProblem> {
        let trimmed = text.trimmingWhitespace().uppercased()
        let chars = Array(trimmed)
        guard chars.count == 18 else { return .failure(.length(chars.count)) }
        guard chars[0..<17].allSatisfy({ $0.isASCII && $0.isNumber }),
              chars[17].isASCII && (chars[17].isNumber || chars[17] == "X") else { return .failure(.characters) }
        let region = String(chars[0..<6])
        guard provinces.contains(String(chars[0..<2])), region.suffix(4) != "0000" || chars[0] == "8" || chars[0] == "7" else {
            return .failure(.region(region))
        }
        let birthText = String(chars[6..<14])
        guard let year = Int(birthText.prefix(4)), let month = Int(birthText.dropFirst(4).prefix(2)),
              let day = Int(birthText.suffix(2)), let birth = LocalDate(year: year, month: month, day: day),
              today.map({ birth <= $0 }) ?? true else {
            return .failure(.birthDate(birthText))
        }
        let expected = checkCharacter(for: chars[0..<17].map { Int(String($0))! })
        guard chars[17] == expected else { return .failure(.checkDigit(expected: expected)) }
        let sequence = Int(String(chars[16]))!
        return .success(ResidentIdentity(number: trimmed, birthDate: birth, sex: sequence % 2 == 1 ? .male : .female))
    }

    /// The 18th character for 17 digits: ISO 7064 MOD 11-2.
    public static func checkCharacter(for digits: [Int]) -> Character {
        var sum = 0
        for (digit, weight) in zip(digits, weights) { sum += digit * weight }
        return checkCharacters[sum % 11]
    }

    /// Age in whole years on `date` (birthdays on 29 February count from 1 March in common years).
    public func age(on date: LocalDate) -> Int {
        var years = date.year - birthDate.year
        if (date.month, date.day) < (birthDate.month, birthDate.day) { years -= 1 }
        return years
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks (incl. U+3000).
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
