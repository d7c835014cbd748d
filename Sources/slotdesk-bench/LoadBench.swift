import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal

// Parts `windows` and `import_storm`: what one server carries (DESIGN, "Deployment and scale").
// Desks poll for changes while other processes book; bookings go on while a long import runs.

/// Many desk screens in this process, each on its own thread with its own store (its own
/// connections, as a window's process has), each polling and drawing as `DeskApp.run` does.
/// The sync delay counts to the end of the first poll that began after a booking committed:
/// that poll found the change and drew it.
final class DeskWindows: @unchecked Sendable {
    /// When each window's polls began and ended (monotonic seconds), in order.
    private var polls: [[(start: Double, end: Double)]]
    private let lock = NSLock()
    private var stopping = false
    private var opened = 0
    private let threads: Int

    init(count: Int) { threads = count; polls = Array(repeating: [], count: count) }

    var stopped: Bool { lock.withLock { stopping } }

    /// Opens `count` desks on `path` at `now` and lets each poll every `DeskApp.pollInterval`,
    /// spread evenly over the interval; returns once all are open.
    func start(path: String, now: LocalDateTime) throws {
        let interval = DeskApp.pollInterval
        for w in 0..<threads {
            let thread = Thread { [self] in
                let app: DeskApp
                do {
                    let store = try Store.open(path: path, now: now)
                    let terminal = MemoryTerminal(width: 120, height: 36, colorsEnabled: false)
                    app = DeskApp(backend: terminal, store: store, keymap: KeymapFiles.defaults().0,
                                  actor: Operator(name: "desk:\(w)", terminal: "/dev/pts/\(w)", roles: [.desk]), language: .zh)
                    app.draw()
                } catch {
                    FileHandle.standardError.write(Data("window \(w): \(error)\n".utf8))
                    return
                }
                lock.withLock { opened += 1 }
                var next = monotonicSeconds() + interval * Double(w) / Double(threads)
                var mine: [(start: Double, end: Double)] = []
                while !stopped {
                    let wait = next - monotonicSeconds()
                    if wait > 0 { usleep(UInt32(wait * 1e6)) }
                    let start = monotonicSeconds()
                    // As `DeskApp.run`: a poll, and a draw only when it found a change.
                    if app.poll() { app.draw() }
                    mine.append((start, monotonicSeconds()))
                    next += interval
                }
                lock.withLock { polls[w] = mine }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        let deadline = monotonicSeconds() + 120
        while lock.withLock({ opened }) < threads {
            guard monotonicSeconds() < deadline else { throw BenchError("windows did not open") }
            usleep(10_000)
        }
    }

    /// Stops every window and waits until each has handed in its polls.
    func stop() -> [[(start: Double, end: Double)]] {
        lock.withLock { stopping = true }
        let deadline = monotonicSeconds() + 30
        while lock.withLock({ polls.contains { $0.isEmpty } }) && monotonicSeconds() < deadline { usleep(10_000) }
        return lock.withLock { polls }
    }

    /// For each commit, how long until every window had drawn a poll that began after it.
    static func syncDelays(commits: [Double], polls: [[(start: Double, end: Double)]]) -> Latencies {
        var delays = Latencies()
        for commit in commits {
            var worst = 0.0
            for window in polls {
                // The first poll that began after the commit (a binary search over the sorted starts).
                var low = 0, high = window.count
                while low < high {
                    let mid = (low + high) / 2
                    if window[mid].start < commit { low = mid + 1 } else { high = mid }
                }
                guard low < window.count else { worst = .infinity; break }
                worst = max(worst, window[low].end - commit)
            }
            if worst.isFinite { delays.record(seconds: worst) }
        }
        return delays
    }
}

enum LoadBench {
    /// Monday 23 November 2026, 07:30.
    static let now = ContentionBench.now

    /// The week of 50 clinics the booking processes work on, and patients for them.
    static func hospital(path: String, patients: Int) throws -> (slots: [Int64], patients: [Int64]) {
        let today = now.date
        let setup = try Fixtures.hospital(departments: 10, perDepartment: 5, sessions: Fixtures.everyDay, capacity: 20, reserved: 2)
        let store = try Fixtures.makeStore(at: path, now: now, setup: setup, slots: today...today.adding(days: 7))
        let ids = try Fixtures.insertPatients(path: path, count: patients, today: today)
        let slots = try store.slots(SlotFilter(from: today, to: today.adding(days: 7))).filter { !$0.started }.map(\.id)
        return (slots, ids)
    }

    /// Part `windows`: `windows` desks idle for `idleSeconds` (CPU per window), then the same
    /// desks while `workers` processes book the week at `pace` bookings per second each (the
    /// delay until a booking shows on every desk, and the bookings' own latency).
    static func windows(folder: String, windows count: Int, workers: Int, pace: Double, idleSeconds: Double,
                        busySeconds: Double) throws -> (json: JSON, idleShare: Double, syncP99ms: Double, bookingP99ms: Double, failures: Int) {
        let path = folder + "/windows.db"
        let attempts = Int(pace * busySeconds)
        let (slots, patients) = try hospital(path: path, patients: max(1, workers * attempts))
        let desks = DeskWindows(count: count)
        try desks.start(path: path, now: now)
        // Idle: every window polls and draws, nothing changes.
        usleep(UInt32(DeskApp.pollInterval * 2e6))
        let idleStart = CPUUsage.now(), idleWall = monotonicSeconds()
        usleep(UInt32(idleSeconds * 1e6))
        let idleEnd = CPUUsage.now()
        let idleCPU = (idleEnd.user - idleStart.user) + (idleEnd.system - idleStart.system)
        let idleShare = idleCPU / (monotonicSeconds() - idleWall)

        var plan = WorkerPlan(mode: .contended, database: path, now: now, folder: folder + "/windows", workers: workers,
                              attemptsPerWorker: attempts, hot: slots, other: [], patients: patients)
        plan.hotPercent = 100
        plan.pacePerSecond = pace
        let busyStart = CPUUsage.now(), busyWall = monotonicSeconds()
        let result = try MultiProcess.run(plan)
        let busyEnd = CPUUsage.now()
        let busyShare = ((busyEnd.user - busyStart.user) + (busyEnd.system - busyStart.system)) / (monotonicSeconds() - busyWall)
        // One more poll interval, so that the last bookings reach every window.
        usleep(UInt32(DeskApp.pollInterval * 2e6))
        let polls = desks.stop()
        let delays = DeskWindows.syncDelays(commits: result.commits, polls: polls)
        let verification = try Verification.check(path: path, now: now, reported: result.booked, slots: slots)
        let json = JSON.object([
            ("windows", .int(count)), ("terminal", .string("MemoryTerminal 120x36")),
            ("poll_interval_s", .num(DeskApp.pollInterval, 1)), ("idle_seconds", .num(idleSeconds, 0)),
            ("idle_cpu_share_of_one_core", .num(idleShare, 3)),
            ("idle_cpu_us_per_window_per_s", .num(idleShare / Double(count) * 1e6, 0)),
            ("cpu_share_of_one_core_while_booking", .num(busyShare, 3)),
            ("booking_processes", .int(workers)), ("bookings_per_s_per_process", .num(pace, 0)),
            ("booked", .int(result.booked.count)), ("failures", .int(result.failures.count)), ("retries", .int(result.retries)),
            ("booking_p50_us", .num(result.latencies.microseconds(at: 50), 0)),
            ("booking_p99_us", .num(result.latencies.microseconds(at: 99), 0)),
            ("sync_delay_p50_ms", .num(delays.milliseconds(at: 50), 0)), ("sync_delay_p99_ms", .num(delays.milliseconds(at: 99), 0)),
            ("sync_delay_max_ms", .num(delays.milliseconds(at: 100), 0)), ("bookings_timed_to_every_window", .int(delays.count)),
            ("check", .object(verification.json)),
        ])
        return (json, idleShare, delays.milliseconds(at: 99), result.latencies.milliseconds(at: 99), result.failures.count)
    }

    /// Part `import_storm`: a `rows`-row patient import through the store while `workers`
    /// processes book at `pace` per second each, for as long as the import runs.
    static func importStorm(folder: String, rows: Int, workers: Int, pace: Double) throws -> (JSON, MultiProcessResult, Double) {
        let path = folder + "/storm.db"
        // Enough attempts to outlast the import: a release build imports some 10,000 rows a second.
        let attempts = Int(pace * max(10, Double(rows) / 4_000))
        let (slots, patients) = try hospital(path: path, patients: max(1, workers * attempts))
        let csv = Data(importFile(rows: rows, first: patients.count + 1_000).utf8)
        var plan = WorkerPlan(mode: .contended, database: path, now: now, folder: folder + "/storm", workers: workers,
                              attemptsPerWorker: attempts, hot: slots, other: [], patients: patients)
        plan.hotPercent = 100
        plan.pacePerSecond = pace
        // The import starts once the bookers run, in a thread of this process with a store of its own.
        let store = try Store.open(path: path, now: now)
        let outcome = ImportOutcome()
        let importer = Thread {
            usleep(1_000_000)
            let start = monotonicSeconds()
            do throws(BookingError) {
                let report = try store.importPatients(csv: csv, by: benchAdmin)
                outcome.set(report: report, seconds: monotonicSeconds() - start, error: nil)
            } catch {
                outcome.set(report: nil, seconds: monotonicSeconds() - start, error: error.message(.en))
            }
        }
        importer.start()
        let result = try MultiProcess.run(plan)
        while !outcome.done { usleep(100_000) }
        let (report, seconds, error) = outcome.value
        let busy = result.failures.filter { $0.contains("locked") || $0.contains("database") }.count
        let json = JSON.object([
            ("import_rows", .int(rows)), ("imported", .int(report?.imported ?? 0)), ("import_seconds", .num(seconds, 2)),
            ("import_rows_per_s", .num(Double(report?.imported ?? 0) / seconds, 0)), ("import_error", error.map { .string($0) } ?? .null),
            ("booking_processes", .int(workers)), ("bookings_per_s_per_process", .num(pace, 0)),
            ("attempts", .int(result.attempts)), ("booked", .int(result.booked.count)),
            ("refused_busy", .int(busy)), ("retries_after_busy", .int(result.retries)), ("failures", .int(result.failures.count)),
            ("booking_p50_ms", .num(result.latencies.milliseconds(at: 50), 2)),
            ("booking_p99_ms", .num(result.latencies.milliseconds(at: 99), 2)),
            ("booking_max_ms", .num(result.latencies.milliseconds(at: 100), 2)),
        ])
        return (json, result, seconds)
    }

    /// `rows` new patients in the import's CSV format, none of them in the database yet.
    static func importFile(rows: Int, first: Int) -> String {
        var rng = SplitMix(seed: 77)
        var text = "name,id_number,phone,card\n"
        text.reserveCapacity(rows * 48)
        for i in first..<(first + rows) {
            let person = PatientNames.identity(index: i, today: now.date)
            text += PatientNames.name(using: &rng) + "," + person.number + "," + String(format: "1%02d%08d", 30 + i % 60, i) + ",\n"
        }
        return text
    }
}

/// What the import thread of `import_storm` ended with.
final class ImportOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var result: (report: ImportReport?, seconds: Double, error: String?)?

    func set(report: ImportReport?, seconds: Double, error: String?) { lock.withLock { result = (report, seconds, error) } }
    var done: Bool { lock.withLock { result != nil } }
    var value: (report: ImportReport?, seconds: Double, error: String?) { lock.withLock { result ?? (nil, 0, nil) } }
}
