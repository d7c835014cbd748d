import Foundation
import Testing

/// The `slotdesk-bench` executable built next to the tests, like `slotdesk`.
let benchBinary: URL? = {
    let candidates = [
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("slotdesk-bench"),
        Bundle.main.bundleURL.appendingPathComponent("slotdesk-bench"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// The benchmark's correctness checks on a small scale. Nothing here is timed: the figures are
/// the benchmark's to report (README, "Benchmark"); the test only keeps it honest and working.
@Suite("The benchmark's own checks (slotdesk-bench --quick)")
struct BenchmarkSmokeTests {
    @Test("eight processes booking the same hot slots, then the 08:00 release rush: no failure, no slot over capacity, and the database holds exactly the bookings the processes reported",
          .timeLimit(.minutes(2)))
    func contendedAndReleaseRush() throws {
        let report = try Self.quickRun(parts: "contended,release_rush")
        for part in ["contended", "release_rush"] {
            let figures = try #require(report[part] as? [String: Any], "no \(part) in the report")
            let check = try #require(figures["check"] as? [String: Any])
            #expect(figures["failures"] as? Int == 0, "\(part): \(figures["failure_examples"] ?? "")")
            #expect((figures["booked"] as? Int ?? 0) > 0, "\(part) booked nothing")
            for key in ["over_capacity_slots", "reserved_taken_by_public", "seat_count_mismatches", "duplicate_live_bookings",
                        "reported_not_in_db", "in_db_not_reported"] {
                #expect(check[key] as? Int == 0, "\(part): \(key) = \(check[key] ?? "missing")")
            }
        }
        let rush = try #require(report["release_rush"] as? [String: Any])
        #expect(rush["sold_out"] as? Bool == true)
        #expect(rush["sold"] as? Int == rush["seats"] as? Int)
    }

    @Test("200 windows' part and the import storm at quick scale: every booking reached every window, the import is whole, no booking was refused for a busy database",
          .timeLimit(.minutes(3)))
    func windowsAndImportStorm() throws {
        let report = try Self.quickRun(parts: "windows,import_storm")
        let windows = try #require(report["windows"] as? [String: Any])
        #expect(windows["failures"] as? Int == 0)
        #expect((windows["booked"] as? Int ?? 0) > 0)
        #expect(windows["bookings_timed_to_every_window"] as? Int == windows["booked"] as? Int)
        #expect((windows["check"] as? [String: Any])?["passed"] as? Bool == true)
        let storm = try #require(report["import_storm"] as? [String: Any])
        #expect(storm["imported"] as? Int == storm["import_rows"] as? Int, "\(storm)")
        #expect(storm["refused_busy"] as? Int == 0 && storm["failures"] as? Int == 0, "\(storm)")
        #expect(storm["booked"] as? Int == storm["attempts"] as? Int, "\(storm)")
    }

    /// Runs `slotdesk-bench --quick --parts PARTS` and returns its report.
    static func quickRun(parts: String) throws -> [String: Any] {
        let binary = try #require(benchBinary, "slotdesk-bench was not built next to the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("report.json")
        let err = folder.appendingPathComponent("progress.txt")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--quick", "--parts", parts, "--no-ceiling", "--tmp", folder.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        let progress = String(decoding: try Data(contentsOf: err), as: UTF8.self)
        try #require(process.terminationStatus == 0, "slotdesk-bench failed:\n\(progress)")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
    }
}
