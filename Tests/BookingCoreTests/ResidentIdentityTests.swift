import BookingCore
import Testing

@Suite("Resident identity numbers (rule 4, GB 11643)")
struct ResidentIdentityTests {
    static let today = day("2026-11-25")

    @Test("the standard's own example 11010519491231002X is a woman born on 31 December 1949")
    func handVerified() throws {
        // Worked by hand: Σ digit × weight = 167, 167 mod 11 = 2, and position 2 of 1 0 X 9 8 7 6 5 4 3 2 is X.
        let id = try ResidentIdentity.parse("11010519491231002X", today: Self.today).get()
        #expect(id.number == "11010519491231002X")
        #expect(id.birthDate == day("1949-12-31"))
        #expect(id.sex == .female)
        #expect(ResidentIdentity.checkCharacter(for: "11010519491231002".map { Int(String($0))! }) == "X")
    }

    @Test("a lower-case x at the end is accepted and stored as X; surrounding spaces are trimmed")
    func lowercaseX() throws {
        #expect(try ResidentIdentity.parse("11010519491231002x", today: Self.today).get().number == "11010519491231002X")
        #expect(try ResidentIdentity.parse("  11010519491231002X\t", today: Self.today).get().number == "11010519491231002X")
    }

    @Test("every other 18th character than the right one is refused, naming the expected check digit")
    func wrongCheckDigit() {
        for wrong in Array("0123456789") {
            let number = "11010519491231002" + String(wrong)
            #expect(ResidentIdentity.parse(number, today: Self.today) == .failure(.checkDigit(expected: "X")), "\(number)")
        }
        let valid = identityNumber(birth: "19800101", sequence: 123)
        let right = valid.last!
        for other in Array("0123456789X") where other != right {
            let number = String(valid.dropLast()) + String(other)
            #expect(ResidentIdentity.parse(number, today: Self.today) == .failure(.checkDigit(expected: right)), "\(number)")
        }
    }

    @Test("a single mistyped sequence digit is caught by the check digit")
    func singleDigitTypos() {
        let valid = identityNumber(birth: "19800101", sequence: 456)
        var chars = Array(valid)
        for position in 14..<17 {
            let original = chars[position]
            for digit in Array("0123456789") where digit != original {
                chars[position] = digit
                guard case .failure(.checkDigit) = ResidentIdentity.parse(String(chars), today: Self.today) else {
                    Issue.record("typo at position \(position + 1) (\(String(chars))) was not caught")
                    continue
                }
            }
            chars[position] = original
        }
    }

    @Test("check digits computed by the core agree with an independent ISO 7064 MOD 11-2 over many numbers")
    func generatedNumbers() throws {
        var date = day("1930-01-01")
        var n = 0
        while date < day("2026-01-01") {
            let birth = String(date.description.filter { $0 != "-" })
            let number = identityNumber(region: ["110105", "310104", "440106", "820000"][n % 4], birth: birth, sequence: (n * 37) % 1000)
            let body = number.dropLast().map { Int(String($0))! }
            #expect(ResidentIdentity.checkCharacter(for: body) == number.last!)
            let id = try ResidentIdentity.parse(number, today: Self.today).get()
            #expect(id.birthDate == date)
            date = date.adding(days: 97)
            n += 1
        }
        #expect(n > 300)
    }

    @Test("the 17th digit gives the sex: odd for men, even for women")
    func sex() throws {
        for sequence in [0, 1, 2, 3, 118, 119, 999] {
            let id = try ResidentIdentity.parse(identityNumber(birth: "19900615", sequence: sequence), today: Self.today).get()
            #expect(id.sex == (sequence % 2 == 1 ? .male : .female), "sequence \(sequence)")
        }
    }

    @Test("unknown regions are refused", arguments: ["990105", "000000", "100105", "110000", "910105"])
    func badRegion(region: String) {
        let number = identityNumber(region: region, birth: "19800101", sequence: 1)
        #expect(ResidentIdentity.parse(number, today: Self.today) == .failure(.region(region)))
    }

    @Test("Hong Kong, Macao and Taiwan residence permits (81/82/83 0000) are real regions")
    func residencePermits() {
        for region in ["810000", "820000", "830000"] {
            #expect((try? ResidentIdentity.parse(identityNumber(region: region, birth: "19800101", sequence: 1), today: Self.today).get()) != nil)
        }
    }

    @Test("29 February 1900 never happened; 29 February 2000 did")
    func leapBirthDates() throws {
        #expect(ResidentIdentity.parse(identityNumber(birth: "19000229", sequence: 7), today: Self.today) == .failure(.birthDate("19000229")))
        let id = try ResidentIdentity.parse(identityNumber(birth: "20000229", sequence: 7), today: Self.today).get()
        #expect(id.birthDate == day("2000-02-29"))
        #expect(ResidentIdentity.parse(identityNumber(birth: "19801301", sequence: 7), today: Self.today) == .failure(.birthDate("19801301")))
        #expect(ResidentIdentity.parse(identityNumber(birth: "19800431", sequence: 7), today: Self.today) == .failure(.birthDate("19800431")))
    }

    @Test("a baby born today registers; a birth date tomorrow is refused")
    func futureBirth() {
        #expect((try? ResidentIdentity.parse(identityNumber(birth: "20261125", sequence: 2), today: Self.today).get()) != nil)
        #expect(ResidentIdentity.parse(identityNumber(birth: "20261126", sequence: 2), today: Self.today) == .failure(.birthDate("20261126")))
    }

    @Test("17 or 19 characters are refused by length")
    func lengths() {
        #expect(ResidentIdentity.parse("11010519491231002", today: Self.today) == .failure(.length(17)))
        #expect(ResidentIdentity.parse("11010519491231002X1", today: Self.today) == .failure(.length(19)))
        #expect(ResidentIdentity.parse("", today: Self.today) == .failure(.length(0)))
    }

    @Test("letters inside the number, or an X anywhere but last, are refused")
    func characters() {
        #expect(ResidentIdentity.parse("1101051949123100XX", today: Self.today) == .failure(.characters))
        #expect(ResidentIdentity.parse("11010519491231002Y", today: Self.today) == .failure(.characters))
        #expect(ResidentIdentity.parse("11010519491231００2X", today: Self.today) == .failure(.characters))
    }

    @Test("age counts whole years: 64 the day before the 65th birthday, 65 on it")
    func age() throws {
        let id = try ResidentIdentity.parse(identityNumber(birth: "19611126", sequence: 11), today: Self.today).get()
        #expect(id.age(on: day("2026-11-25")) == 64)
        #expect(id.age(on: day("2026-11-26")) == 65)
        #expect(id.age(on: day("2026-11-27")) == 65)
        let leap = try ResidentIdentity.parse(identityNumber(birth: "20000229", sequence: 11), today: Self.today).get()
        #expect(leap.age(on: day("2026-02-28")) == 25)
        #expect(leap.age(on: day("2026-03-01")) == 26)
        #expect(leap.age(on: day("2028-02-29")) == 28)
    }

    @Test("refusals explain themselves in Chinese and English")
    func messages() {
        let error = BookingError.invalidIdentityNumber("11010519491231002", reason: .length(17))
        #expect(error.message(.zh).contains("18位"))
        #expect(error.message(.en).contains("18 characters"))
        #expect(error.kind == .input)
        // A mistyped number asks for the card to be read again, never offers the digit that would pass.
        #expect(IdentityNumberProblem.checkDigit(expected: "X").message(.en).contains("read it again from the card"))
        #expect(!IdentityNumberProblem.checkDigit(expected: "X").message(.en).contains("X"))
        #expect(!IdentityNumberProblem.checkDigit(expected: "7").message(.zh).contains("7"))
    }
}
