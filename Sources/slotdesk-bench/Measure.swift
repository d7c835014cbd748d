import Foundation
import Histogram

/// A failure of the benchmark itself (not a refusal by the store), with what went wrong.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    /// True for a mistake on the command line (exit 2), false for a failure of the run (exit 1).
    var usage = false
    init(_ description: String, usage: Bool = false) {
        self.description = description
        self.usage = usage
    }
}

/// Seconds on the monotonic clock. It is one clock for the whole machine, so the workers'
/// timestamps and the parent's can be compared.
func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Times one call.
@discardableResult
func timed<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
    let start = monotonicSeconds()
    defer { seconds = monotonicSeconds() - start }
    return try body()
}

/// Latencies in microseconds, kept in an HdrHistogram (3 significant digits, up to 10 minutes).
struct Latencies {
    private(set) var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000,
                                                    numberOfSignificantValueDigits: .three)

    mutating func record(seconds: Double) {
        record(microseconds: UInt64(max(1, (seconds * 1e6).rounded())))
    }

    mutating func record(microseconds: UInt64) {
        _ = histogram.record(max(1, microseconds))
    }

    var count: Int { Int(histogram.totalCount) }

    mutating func add(_ other: Latencies) {
        histogram.add(other.histogram)
    }

    /// The value at `percentile` (0–100), in microseconds.
    func microseconds(at percentile: Double) -> Double {
        count == 0 ? .nan : Double(histogram.valueAtPercentile(percentile))
    }

    func milliseconds(at percentile: Double) -> Double { microseconds(at: percentile) / 1000 }
}

/// The process's peak resident memory (VmHWM), in megabytes.
func peakMemoryMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
        return kilobytes / 1024
    }
    return .nan
}

/// Progress for the person running the benchmark; stdout carries only the JSON report.
func progress(_ text: String) {
    FileHandle.standardError.write(Data(("slotdesk-bench: " + text + "\n").utf8))
}

/// A small deterministic generator, so every run books the same patients into the same slots.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The process's CPU time so far, in seconds, in user space and in the kernel, and how often
/// the scheduler took the CPU away from it (other programs wanting it).
struct CPUUsage {
    var user: Double
    var system: Double
    var preemptions: Int

    static func now() -> CPUUsage {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return CPUUsage(user: Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6,
                        system: Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6,
                        preemptions: usage.ru_nivcsw)
    }
}

/// CPU seconds the calling thread has used: unlike the wall clock, it does not count the time
/// the thread waited for the CPU while other programs ran.
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}
