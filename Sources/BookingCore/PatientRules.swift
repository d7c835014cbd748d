import Foundation

/// What the desk enters to register a patient, before any check.
public struct PatientInput: Sendable, Equatable {
    public var name: String
    public var documentType: DocumentType
    public var documentNumber: String
    public var phone: String?
    public var cardNumber: String?
    /// Only for documents other than the resident identity card, which carries its own.
    public var birthDate: LocalDate?
    public var sex: Sex?

    public init(name: String, documentType: DocumentType, documentNumber: String, phone: String? = nil,
                cardNumber: String? = nil, birthDate: LocalDate? = nil, sex: Sex? = nil) {
        self.name = name
        self.documentType = documentType
        self.documentNumber = documentNumber
        self.phone = phone
        self.cardNumber = cardNumber
        self.birthDate = birthDate
        self.sex = sex
    }
}

/// A patient record that satisfies rule 4, ready to store.
public struct ValidPatient: Sendable, Equatable {
    public let name: String
    public let documentType: DocumentType
    public let documentNumber: String
    public let birthDate: LocalDate?
    public let sex: Sex?
    public let phone: String?
    public let cardNumber: String?
    public let pinyin: PinyinKey
}

/// Real-name registration (rule 4): one verified identity per patient.
public enum PatientRules {
    public static let maxNameLength = 40

    public static func validate(_ input: PatientInput, today: LocalDate) -> Result<ValidPatient, BookingError> {
        // Stored composed (NFC), so a name typed with combining marks counts as the database counts it.
        let name = input.name.trimmingWhitespace().precomposedStringWithCanonicalMapping
        if let problem = nameProblem(name) { return .failure(.invalidInput(field: "name", problem: problem)) }
        var birth = input.birthDate
        var sex = input.sex
        let number: String
        switch input.documentType {
        case .resident:
            switch ResidentIdentity.parse(input.documentNumber, today: today) {
            case let .success(identity):
                number = identity.number
                birth = identity.birthDate
                sex = identity.sex
            case let .failure(problem):
                return .failure(.invalidIdentityNumber(String(input.documentNumber.prefix(40)), reason: problem))
            }
        default:
            let trimmed = input.documentNumber.trimmingWhitespace().uppercased()
            guard (4...32).contains(trimmed.count), trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                return .failure(.invalidInput(field: "document-number", problem: .documentNumberShape))
            }
            number = trimmed
            if let b = birth, b > today { return .failure(.invalidInput(field: "birth-date", problem: .birthInFuture)) }
        }
        var phone: String?
        if let raw = input.phone?.trimmingWhitespace(), !raw.isEmpty {
            guard let normal = normalisedPhone(raw) else {
                return .failure(.invalidInput(field: "phone", problem: .phoneShape))
            }
            phone = normal
        }
        var card: String?
        if let raw = input.cardNumber?.trimmingWhitespace(), !raw.isEmpty {
            guard (4...32).contains(raw.count), raw.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return .failure(.invalidInput(field: "card", problem: .cardShape))
            }
            card = raw.uppercased()
        }
        return .success(ValidPatient(name: name, documentType: input.documentType, documentNumber: number,
                                     birthDate: birth, sex: sex, phone: phone, cardNumber: card,
                                     pinyin: PinyinKey(name: name)))
    }

    /// Names are written as on the document: Chinese, Latin letters, spaces and the middle dot
    /// of minority and foreign names (阿卜杜·热合曼). No digits, no control characters.
    static func nameProblem(_ name: String) -> InputProblem? {
        if name.isEmpty { return .nameEmpty }
        if name.unicodeScalars.count > maxNameLength { return .nameTooLong(maxNameLength) }
        for scalar in name.unicodeScalars {
            let p = scalar.properties
            let allowed = p.isAlphabetic || scalar == " " || scalar == "·" || scalar == "•" || scalar == "." || scalar == "-"
                || scalar == "'" || p.generalCategory == .nonspacingMark
            if !allowed { return .nameCharacter(scalar.escaped(asASCII: true)) }
        }
        return nil
    }

    /// Mobile numbers as 11 digits; landlines as area code, dash, number.
    public static func normalisedPhone(_ raw: String) -> String? {
        let compact = raw.filter { $0 != " " }
        let digits = compact.filter { $0 != "-" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, "3456789".contains(second) {
            return digits
        }
        if digits.hasPrefix("0"), (10...12).contains(digits.count) {
            return compact.contains("-") ? compact : digits
        }
        return nil
    }
}
