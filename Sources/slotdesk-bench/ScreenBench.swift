import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal

/// Part 5: the front desk on the large database, measured in a process of its own so that its
/// peak memory is the desk's and not the fixture builder's.
enum ScreenBench {
    /// Initials the desk types most: the common surnames with common given names.
    static let initials = ["zs", "lx", "wf", "zw", "cj", "lm", "wj", "zl", "ly", "hy", "zy", "cl", "lj", "wh", "xm", "yq", "gl", "zh", "lh", "wy"]

    /// `slotdesk-bench screen DB MOVES SEARCHES`: prints one JSON object on stdout.
    static func main(database: String, moves: Int, searches: Int) throws {
        var result: [String: Any] = [:]
        let start = monotonicSeconds()
        let store = try Store.open(path: database, now: LargeHospital.deskNow)
        let opened = monotonicSeconds()
        let terminal = MemoryTerminal(width: 120, height: 36)
        let clerk = Operator(name: "desk:bench", terminal: "/dev/pts/1", roles: [.desk])
        let app = DeskApp(backend: terminal, store: store, keymap: KeymapFiles.defaults().0, actor: clerk, language: .zh)
        app.draw()
        let firstFrame = monotonicSeconds()
        result["open_ms"] = (opened - start) * 1000
        result["first_screen_ms"] = (firstFrame - start) * 1000
        guard terminal.lastLines.first?.contains("基准测试医院") == true, app.state.resource != nil, !app.state.week.isEmpty else {
            throw BenchError("the first screen does not show the hospital, a doctor and a week of slots:\n"
                             + terminal.lastLines.joined(separator: "\n"))
        }
        result["first_screen_slots_in_week"] = app.state.week.count
        result["first_screen_day_list"] = app.state.dayList.count

        func frame(_ keys: Key...) {
            for key in keys {
                app.press(key)
                app.draw()
            }
        }

        // Into the week grid (Tab: search → departments → doctors → grid), then across the days:
        // two weeks forward and back again, on a different doctor each round.
        frame(.tab, .tab, .tab)
        guard app.state.focus == .grid else { throw BenchError("the week grid did not take the focus") }
        var gridMoves = Latencies()
        var dayListRows = 0
        while gridMoves.count < moves {
            for key in Array(repeating: Key.right, count: 13) + Array(repeating: Key.left, count: 13) where gridMoves.count < moves {
                let t = monotonicSeconds()
                app.press(key)
                app.draw()
                gridMoves.record(seconds: monotonicSeconds() - t)
                dayListRows += app.state.dayList.count
            }
            frame(.backTab, .down, .tab)
            guard app.state.focus == .grid else { throw BenchError("the week grid lost the focus after changing doctor") }
        }
        result["grid_moves"] = gridMoves.count
        result["grid_day_list_rows_mean"] = Double(dayListRows) / Double(max(1, gridMoves.count))
        result["grid_p50_ms"] = gridMoves.milliseconds(at: 50)
        result["grid_p99_ms"] = gridMoves.milliseconds(at: 99)
        result["grid_max_ms"] = gridMoves.milliseconds(at: 100)

        // Searching by pinyin initials: the initials arrive as typed text, then Enter; timed to the frame that shows the result.
        var search = Latencies()
        var found = 0
        for i in 0..<searches {
            frame(.control("u"))
            let query = initials[i % initials.count]
            let t = monotonicSeconds()
            app.press(.text(query))
            app.draw()
            app.press(.enter)
            app.draw()
            search.record(seconds: monotonicSeconds() - t)
            found += app.state.results.count
            frame(.escape)
        }
        result["searches"] = search.count
        result["search_results_mean"] = Double(found) / Double(max(1, search.count))
        result["search_p50_ms"] = search.milliseconds(at: 50)
        result["search_p99_ms"] = search.milliseconds(at: 99)
        result["search_max_ms"] = search.milliseconds(at: 100)
        result["peak_memory_mb"] = peakMemoryMegabytes()
        let data = try JSONSerialization.data(withJSONObject: result)
        FileHandle.standardOutput.write(data)
    }

    /// Runs the screen process on `database` and reads its figures.
    static func run(database: String, moves: Int, searches: Int) throws -> [String: Any] {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["screen", database, String(moves), String(searches)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchError("the screen process failed (\(process.terminationStatus))")
        }
        return object
    }
}
