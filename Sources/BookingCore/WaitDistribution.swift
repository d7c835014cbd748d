/// How long a group of patients waited, in days: what the statisticians ask of waiting times
/// (referral to appointment, queue to day surgery). Pure: the store reads the rows.
public struct WaitDistribution: Sendable, Equatable, Codable {
    public let count: Int
    public let meanDays: Double
    public let medianDays: Double
    /// The wait nine in ten patients were seen within.
    public let p90Days: Double
    public let maxDays: Double

    /// The distribution of `days`; all zero when there are none.
    public init(days: [Double]) {
        let sorted = days.sorted()
        count = sorted.count
        guard !sorted.isEmpty else {
            meanDays = 0; medianDays = 0; p90Days = 0; maxDays = 0
            return
        }
        meanDays = Self.rounded(sorted.reduce(0, +) / Double(sorted.count))
        medianDays = Self.rounded(Self.percentile(sorted, 50))
        p90Days = Self.rounded(Self.percentile(sorted, 90))
        maxDays = Self.rounded(sorted[sorted.count - 1])
    }

    /// The nearest-rank percentile of sorted values: the smallest value with at least `p`% of the
    /// values at or below it, so it is always a wait some patient really had.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    /// Days to one decimal place: hours matter for a green-channel referral, minutes do not.
    static func rounded(_ days: Double) -> Double { (days * 10).rounded() / 10 }
}

/// A share as reports print it.
public enum Share {
    /// `part / whole` as a percentage to one decimal place; 0 when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> Double {
        guard whole > 0 else { return 0 }
        return (Double(part) * 1000 / Double(whole)).rounded() / 10
    }
}
