/// A calendar day in hospital time, without a time zone: what a patient means by "the 24th".
///
/// Arithmetic is done on day numbers (days since 1970-01-01, proleptic Gregorian), so generating
/// a year of slots for hundreds of resources needs no `Calendar` calls.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date when the fields name a real day (1900…9999), else nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; anything else (including impossible days) gives nil.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let y = LocalDate.number(bytes[0..<4]), let m = LocalDate.number(bytes[5..<7]),
              let d = LocalDate.number(bytes[8..<10]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Creates the date of a day number (days since 1970-01-01).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    /// `YYYY-MM-DD`. Written digit by digit: every booking prints several dates for SQLite.
    public var description: String {
        guard (1000...9999).contains(year) else {
            let m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
            return "\(year)-\(m)-\(d)"
        }
        return String(unsafeUninitializedCapacity: 10) { text in
            LocalDate.write(year, digits: 4, into: text, at: 0)
            text[4] = UInt8(ascii: "-")
            LocalDate.write(month, digits: 2, into: text, at: 5)
            text[7] = UInt8(ascii: "-")
            LocalDate.write(day, digits: 2, into: text, at: 8)
            return 10
        }
    }

    /// Writes the last `digits` decimal digits of `value` (not negative) at `offset`.
    static func write(_ value: Int, digits: Int, into text: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var rest = value
        for index in stride(from: offset + digits - 1, through: offset, by: -1) {
            text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}

/// A moment in hospital time to the minute: the unit every rule about slots is stated in.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    /// Minutes since midnight, 0…1439.
    public let minuteOfDay: Int

    public init(date: LocalDate, minuteOfDay: Int) {
        // Normalise overflow into the following or previous days.
        let days = minuteOfDay >= 0 ? minuteOfDay / 1440 : -((-minuteOfDay + 1439) / 1440)
        self.date = date.adding(days: days)
        self.minuteOfDay = minuteOfDay - days * 1440
    }

    public init(date: LocalDate, hour: Int, minute: Int = 0) {
        self.init(date: date, minuteOfDay: hour * 60 + minute)
    }

    /// Parses `YYYY-MM-DDTHH:MM` (a space may stand for the `T`).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"),
              let date = LocalDate(String(decoding: bytes[0..<10], as: UTF8.self)),
              let h = LocalDate.number(bytes[11..<13]), let m = LocalDate.number(bytes[14..<16]),
              h < 24, m < 60 else { return nil }
        self.init(date: date, hour: h, minute: m)
    }

    /// Minutes since 1970-01-01 00:00 hospital time; differences are durations.
    public var minuteNumber: Int { date.dayNumber * 1440 + minuteOfDay }

    public var hour: Int { minuteOfDay / 60 }
    public var minute: Int { minuteOfDay % 60 }

    public func adding(minutes: Int) -> LocalDateTime { LocalDateTime(date: date, minuteOfDay: minuteOfDay + minutes) }

    /// `YYYY-MM-DDTHH:MM`.
    public var description: String {
        let day = date.description
        guard day.utf8.count == 10 else {
            let h = hour < 10 ? "0\(hour)" : "\(hour)", m = minute < 10 ? "0\(minute)" : "\(minute)"
            return "\(day)T\(h):\(m)"
        }
        return String(unsafeUninitializedCapacity: 16) { text in
            _ = text.initialize(fromContentsOf: day.utf8)
            text[10] = UInt8(ascii: "T")
            LocalDate.write(hour, digits: 2, into: text, at: 11)
            text[13] = UInt8(ascii: ":")
            LocalDate.write(minute, digits: 2, into: text, at: 14)
            return 16
        }
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.minuteNumber < b.minuteNumber }
}
