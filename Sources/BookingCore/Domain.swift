/// What a resource is: a doctor's clinic, an exam room or device, or an operating theatre.
public enum ResourceKind: String, Sendable, Codable, CaseIterable {
    case clinic, exam, theatre
}

/// The life of an appointment. Only `booked` and `checkedIn` are live (rule 5); every status
/// but `cancelled` holds its seat, so a slot's booked count changes only on booking and cancel.
public enum AppointmentStatus: String, Sendable, Codable, CaseIterable {
    case booked
    case checkedIn = "checked_in"
    case completed
    case cancelled
    case noShow = "no_show"

    public var isLive: Bool { self == .booked || self == .checkedIn }
    public var holdsSeat: Bool { self != .cancelled }

    public func label(_ lang: Language) -> String {
        switch self {
        case .booked: return lang.pick("已预约", "booked")
        case .checkedIn: return lang.pick("已签到", "checked in")
        case .completed: return lang.pick("已就诊", "completed")
        case .cancelled: return lang.pick("已取消", "cancelled")
        case .noShow: return lang.pick("爽约", "no-show")
        }
    }
}

/// Who a booking was made for: the public, or an alliance clinic on behalf of its patient.
public enum BookingChannel: String, Sendable, Codable, CaseIterable {
    case publicDesk = "public"
    case alliance
}

/// Which part of a slot's capacity a booking's seat came from (rule 1).
public enum SeatPool: String, Sendable, Codable {
    case publicPool = "public"
    case reserved
}

/// Priority classes, highest first (rule 8).
public enum PriorityClass: String, Sendable, Codable, CaseIterable, Comparable {
    case green, referral, priority, regular

    /// 0 for the highest class: sort ascending to serve the right patient first.
    public var rank: Int {
        switch self {
        case .green: return 0
        case .referral: return 1
        case .priority: return 2
        case .regular: return 3
        }
    }

    public static func < (a: PriorityClass, b: PriorityClass) -> Bool { a.rank < b.rank }

    public func label(_ lang: Language) -> String {
        switch self {
        case .green: return lang.pick("绿色通道", "green channel")
        case .referral: return lang.pick("转诊", "referral")
        case .priority: return lang.pick("优先", "priority")
        case .regular: return lang.pick("普通", "regular")
        }
    }
}

/// The kind of identity document a patient registered with (rule 4).
public enum DocumentType: String, Sendable, Codable, CaseIterable {
    /// 居民身份证: fully validated, birth date and sex derived from it.
    case resident
    case passport
    /// 港澳居民来往内地通行证
    case hongKongMacao = "hk_macao"
    /// 台湾居民来往大陆通行证
    case taiwan
    /// 外国人永久居留身份证
    case foreignPermanent = "foreign_permanent"
    case other

    public func label(_ lang: Language) -> String {
        switch self {
        case .resident: return lang.pick("居民身份证", "resident ID")
        case .passport: return lang.pick("护照", "passport")
        case .hongKongMacao: return lang.pick("港澳通行证", "HK/Macao permit")
        case .taiwan: return lang.pick("台胞证", "Taiwan permit")
        case .foreignPermanent: return lang.pick("外国人永居证", "foreign permanent residence")
        case .other: return lang.pick("其他证件", "other document")
        }
    }
}

/// Sex as recorded on the identity document.
public enum Sex: String, Sendable, Codable {
    case male = "M", female = "F"

    public func label(_ lang: Language) -> String {
        self == .male ? lang.pick("男", "male") : lang.pick("女", "female")
    }
}

/// A department's booking policy (rules 2 and 3).
public struct BookingPolicy: Sendable, Equatable {
    public var publicHorizonDays: Int
    public var allianceHorizonDays: Int
    public var releaseLeadHours: Int
    /// Reserved seats one alliance clinic may hold per day in the department; nil for no cap.
    public var clinicDailyCap: Int?
    /// Rule 3: same-day registration at the window closes this many minutes before the hour in
    /// progress ends (0–59).
    public var walkInCutoffMinutes: Int

    public static let standard = BookingPolicy(publicHorizonDays: 7, allianceHorizonDays: 14, releaseLeadHours: 48)
    /// Rule 3's default: the hour in progress stays open to walk-ins until half past.
    public static let defaultWalkInCutoffMinutes = 30

    public init(publicHorizonDays: Int, allianceHorizonDays: Int, releaseLeadHours: Int, clinicDailyCap: Int? = nil,
                walkInCutoffMinutes: Int = BookingPolicy.defaultWalkInCutoffMinutes) {
        self.publicHorizonDays = publicHorizonDays
        self.allianceHorizonDays = allianceHorizonDays
        self.releaseLeadHours = releaseLeadHours
        self.clinicDailyCap = clinicDailyCap
        self.walkInCutoffMinutes = walkInCutoffMinutes
    }
}
