import BookingCore

/// A department as the screens and the command line show it.
public struct DepartmentView: Sendable, Equatable, Codable {
    public let id: Int64
    public let code: String
    public let name: String
    public let nameEn: String
    public let publicHorizonDays: Int
    public let allianceHorizonDays: Int
    public let releaseLeadHours: Int
    public let clinicDailyCap: Int?

    public var policy: BookingPolicy {
        BookingPolicy(publicHorizonDays: publicHorizonDays, allianceHorizonDays: allianceHorizonDays, releaseLeadHours: releaseLeadHours,
                      clinicDailyCap: clinicDailyCap)
    }

    public func displayName(_ lang: Language) -> String { lang == .zh || nameEn.isEmpty ? name : nameEn }
}

/// A bookable resource: a doctor's clinic, an exam room, a theatre.
public struct ResourceView: Sendable, Equatable, Codable {
    public let id: Int64
    public let code: String
    public let department: String
    public let kind: ResourceKind
    public let name: String
    public let nameEn: String?
    public let title: String?
}

/// One slot with what each kind of booking may still take from it, at the store's clock.
public struct SlotView: Sendable, Equatable {
    public let id: Int64
    public let resource: String
    public let resourceName: String
    public let department: String
    public let date: LocalDate
    public let hour: Int
    public let capacity: Int
    public let reserved: Int
    public let added: Int
    public let booked: Int
    public let reservedUsed: Int
    public let seats: SeatAvailability
    public let calendarKnown: Bool
    public let started: Bool

    /// `D001@2026-11-24T09`: how operators and scripts name a slot.
    public var label: String { SlotReference.label(resource: resource, date: date, hour: hour) }
    /// Seats a public booking may take now.
    public var available: Int { started ? 0 : seats.publicAvailable }
}

/// A registered patient. Lists show `maskedDocument` and `maskedPhone` (rule 14).
public struct PatientView: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let documentType: DocumentType
    public let documentNumber: String
    public let birthDate: LocalDate?
    public let sex: Sex?
    public let phone: String?
    public let cardNumber: String?
    /// No-shows in the last 90 days (rule 7).
    public let recentNoShows: Int
    /// Rule 8: a priority group the desk set, besides age.
    public var priorityGroup: PriorityGroup? = nil

    public var maskedDocument: String { Privacy.maskDocument(documentNumber, type: documentType) }
    public var maskedPhone: String? { phone.map(Privacy.maskPhone) }
    public var flagged: Bool { recentNoShows >= AppointmentRules.noShowFlagThreshold }

    public func age(on date: LocalDate) -> Int? {
        guard let birth = birthDate else { return nil }
        var years = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { years -= 1 }
        return years
    }
}

/// An appointment with the names a person needs to read it.
public struct AppointmentView: Sendable, Equatable {
    public let id: Int64
    public let patientID: Int64
    public let patientName: String
    public let slotID: Int64
    public let resource: String
    public let resourceName: String
    public let department: String
    public let date: LocalDate
    public let hour: Int
    public let status: AppointmentStatus
    public let channel: BookingChannel
    public let pool: SeatPool
    public let clinic: String?
    public let priority: PriorityClass
    public let bookedAt: String
    public let checkedInAt: String?
    public let flagReason: String?
    public let referralID: Int64?
    /// Rule 9: a seat added to a full slot for a green-channel patient.
    public let addOn: Bool

    public var slotLabel: String { SlotReference.label(resource: resource, date: date, hour: hour) }
}

/// How slots are named on the command line: a number, or `RESOURCE@YYYY-MM-DDTHH`.
public enum SlotReference: Sendable, Equatable {
    case id(Int64)
    case at(resource: String, date: LocalDate, hour: Int)

    public static func label(resource: String, date: LocalDate, hour: Int) -> String {
        "\(resource)@\(date)T\(hour < 10 ? "0" : "")\(hour)"
    }

    public init?(_ text: String) {
        let t = text.trimmingWhitespace()
        if let n = Int64(t), n > 0 { self = .id(n); return }
        let parts = t.split(separator: "@")
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let when = parts[1]
        guard when.count == 13, let tIndex = when.firstIndex(of: "T"),
              let date = LocalDate(String(when[..<tIndex])), let hour = Int(when[when.index(after: tIndex)...]),
              (0...23).contains(hour) else { return nil }
        self = .at(resource: parts[0].uppercased(), date: date, hour: hour)
    }
}

/// How patients are named on the command line: the patient number or a document number.
public enum PatientReference: Sendable, Equatable {
    case id(Int64)
    case document(String)

    public init?(_ text: String) {
        let t = text.trimmingWhitespace()
        guard !t.isEmpty, t.count <= 32 else { return nil }
        if t.count < 18, let n = Int64(t), n > 0 { self = .id(n) } else { self = .document(t.uppercased()) }
    }
}
