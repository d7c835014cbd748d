import Foundation

/// Where "now" comes from. Every rule takes its time from a clock, so tests and simulations can
/// set it (`--now`) and the screens and the command line agree on the hospital's local time.
public protocol Clock: Sendable {
    /// The current moment in hospital time.
    func now() -> LocalDateTime
}

/// The wall clock, read in the hospital's time zone.
public struct SystemClock: Clock {
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    public func now() -> LocalDateTime { HospitalTime.local(Date(), in: timeZone) }
}

/// A clock that always says the same minute: `--now` on the command line, and tests.
public struct FixedClock: Clock {
    public let moment: LocalDateTime

    public init(_ moment: LocalDateTime) { self.moment = moment }

    public func now() -> LocalDateTime { moment }
}

/// Conversions between absolute time and the hospital's wall clock.
public enum HospitalTime {
    /// The wall-clock minute at `date` in `timeZone`.
    public static func local(_ date: Date, in timeZone: TimeZone) -> LocalDateTime {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let minutes = seconds >= 0 ? seconds / 60 : (seconds - 59) / 60
        let day = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440
        return LocalDateTime(date: LocalDate(dayNumber: day), minuteOfDay: minutes - day * 1440)
    }

    /// The zone named in the setup file, falling back to China Standard Time.
    public static func zone(named name: String?) -> TimeZone {
        name.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
    }
}
