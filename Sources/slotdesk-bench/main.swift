import Foundation

// slotdesk-bench: booking throughput against the raw-SQLite ceiling, several processes booking
// at once, the 08:00 release rush, a year of slot generation, and the front desk on a large
// database. See README, "Benchmark". The same binary is also its own worker processes:
//   slotdesk-bench worker PLAN INDEX            one booking process of parts 2 and 3
//   slotdesk-bench screen DB MOVES SEARCHES     the front desk of part 5

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "worker" where arguments.count == 3:
        try Worker.main(planPath: arguments[1], index: Int(arguments[2]) ?? 0)
    case "screen" where arguments.count == 4:
        try ScreenBench.main(database: arguments[1], moves: Int(arguments[2]) ?? 0, searches: Int(arguments[3]) ?? 0)
    default:
        try Bench.run(Options(arguments: arguments))
    }
} catch {
    FileHandle.standardError.write(Data("slotdesk-bench: \(error)\n".utf8))
    exit((error as? BenchError)?.usage == true ? 2 : 1)
}
