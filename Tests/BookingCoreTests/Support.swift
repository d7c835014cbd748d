import BookingCore

/// Shorthands so the tests read like the hospital's day: `day("2026-11-25")`, `at("2026-11-25T08:30")`.
func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("test date \(text) does not parse") }
    return date
}

func at(_ text: String) -> LocalDateTime {
    guard let moment = LocalDateTime(text) else { fatalError("test moment \(text) does not parse") }
    return moment
}

/// ISO 7064 MOD 11-2 written independently of `ResidentIdentity` (powers of two instead of the
/// weight table), so generated identity numbers do not merely repeat the code under test.
func iso7064CheckCharacter(_ body: String) -> Character {
    precondition(body.count == 17)
    var sum = 0
    for (i, ch) in body.enumerated() {
        let digit = Int(String(ch))!
        var weight = 1
        for _ in 0..<(17 - i) { weight = weight * 2 % 11 }
        sum += digit * weight
    }
    let value = (12 - sum % 11) % 11
    return value == 10 ? "X" : Character(String(value))
}

/// A complete resident identity number for a region, a birth date `YYYYMMDD` and a 3-digit sequence.
func identityNumber(region: String = "110105", birth: String, sequence: Int) -> String {
    let seq = String(sequence + 1000).dropFirst()
    let body = region + birth + seq
    return body + String(iso7064CheckCharacter(body))
}
