import Foundation

/// What raw SQLite does here for the same booking transaction (../shared/bench), run in the
/// same run as SlotDesk's own figures so the two are compared under the same load.
enum Ceiling {
    /// Runs `run.sh NORMAL_COUNT FULL_COUNT` once; returns its transactions per second by mode.
    static func run(script: String, normal: Int, full: Int) throws -> [String: Double] {
        guard FileManager.default.fileExists(atPath: script) else {
            throw BenchError("the ceiling script \(script) is missing: pass --ceiling PATH, or --no-ceiling")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [script, String(normal), String(full)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(script) exited with \(process.terminationStatus)") }
        var rates: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let mode = object["synchronous"] as? String else { continue }
            rates[mode] = number(object["tx_per_s"])
        }
        guard rates["NORMAL"] != nil, rates["FULL"] != nil else { throw BenchError("\(script) printed no figures") }
        return rates
    }

    /// `../shared/bench/run.sh` beside the package, found from this source file's place.
    static func defaultScript() -> String {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/run.sh").path
    }
}
