import BookingCore
import BookingStore
import Foundation
import GRDB

/// How big each part is: the numbers, or a small smoke run with `--quick`.
struct Scale {
    var name = "full"
    var ceilingNormal = 48_000, ceilingFull = 2_400
    var rounds = 8
    var bookNormal = 20_000, bookFull = 2_000, warmup = 500
    var workers = 8
    var contendedPerWorker = 1_500
    var rushAttempts = 20_000, rushSeats = 500
    var resources = 300, patients = 200_000, appointments = 500_000
    var gridMoves = 312, searches = 200
    var windows = 200, windowsIdleSeconds = 10.0, windowsBusySeconds = 20.0, windowsPace = 10.0
    var importRows = 100_000, importPace = 20.0
    var pageSample = 300
    var holidayAppointments = 1_020

    static let quick = Scale(name: "quick", ceilingNormal: 5_000, ceilingFull: 200, rounds: 2, bookNormal: 1_000, bookFull: 100, warmup: 50,
                             workers: 8, contendedPerWorker: 150, rushAttempts: 2_000, rushSeats: 100,
                             resources: 30, patients: 20_000, appointments: 50_000, gridMoves: 52, searches: 20,
                             windows: 40, windowsIdleSeconds: 3, windowsBusySeconds: 4, windowsPace: 10, importRows: 10_000, importPace: 20,
                             pageSample: 100, holidayAppointments: 200)
}

struct Options {
    static let allParts = ["book", "contended", "release_rush", "generate", "screen", "windows", "import_storm", "holiday_stop"]
    var scale = Scale()
    var parts = Set(allParts)
    var ceilingScript = Ceiling.defaultScript()
    var keep = false
    /// Skip the ceiling: for profiling under valgrind, which cannot start the ceiling's shell.
    var ceiling = true
    var temporary = FileManager.default.temporaryDirectory.path
    /// This run's own folder inside `temporary`.
    var folder: String { temporary + "/slotdesk-bench-\(runID)" }
    private let runID = UUID().uuidString.prefix(8)

    static let usage = """
        usage: slotdesk-bench [--quick] [--parts LIST] [--ceiling RUN.SH | --no-ceiling] [--tmp DIR] [--keep]

        Builds its own databases in a temporary folder and prints one JSON object on stdout
        (progress goes to stderr). Parts: book, contended, release_rush, generate, screen, windows, import_storm,
        holiday_stop.
          --quick          a small smoke run (the same checks, about a tenth of the data)
          --parts LIST     comma-separated parts to run (default: all)
          --ceiling PATH   the raw-SQLite ceiling script (default: ../shared/bench/run.sh)
          --no-ceiling     skip the ceiling (to profile under valgrind); no ratios then
          --tmp DIR        where to make the temporary folder (default: the system's)
          --keep           keep the databases and print their folder on stderr
        """

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let arg = rest.popFirst() {
            switch arg {
            case "--quick": scale = .quick
            case "--keep": keep = true
            case "--no-ceiling": ceiling = false
            case "--parts":
                guard let list = rest.popFirst() else { throw BenchError("--parts needs a list", usage: true) }
                parts = Set(list.split(separator: ",").map(String.init))
                if let bad = parts.first(where: { !Self.allParts.contains($0) }) { throw BenchError("unknown part \(bad)", usage: true) }
            case "--ceiling":
                guard let path = rest.popFirst() else { throw BenchError("--ceiling needs a path", usage: true) }
                ceilingScript = path
            case "--tmp":
                guard let path = rest.popFirst() else { throw BenchError("--tmp needs a folder", usage: true) }
                temporary = path
            case "--help", "-h":
                print(Self.usage)
                exit(0)
            default:
                throw BenchError("unknown argument \(arg)\n\(Self.usage)", usage: true)
            }
        }
    }
}

/// The targets, each checked where its figure is made.
struct Targets {
    var rows: [JSON] = []
    var allMet = true

    mutating func check(_ name: String, _ value: Double, _ comparison: String, _ limit: Double, decimals: Int = 2) {
        let met = value.isFinite && (comparison == ">=" ? value >= limit : value <= limit)
        allMet = allMet && met
        rows.append(.object([("target", .string(name)), ("value", .num(value, decimals)), ("limit", .string("\(comparison) \(limit)")),
                             ("met", .bool(met))]))
    }

    mutating func require(_ name: String, _ value: Int) {
        allMet = allMet && value == 0
        rows.append(.object([("target", .string(name)), ("value", .int(value)), ("limit", .string("== 0")), ("met", .bool(value == 0))]))
    }
}

enum Bench {
    static func run(_ options: Options) throws {
        let began = monotonicSeconds()
        let folder = options.folder
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer {
            if options.keep { progress("databases kept in \(folder)") } else { try? FileManager.default.removeItem(atPath: folder) }
        }
        let scale = options.scale
        var report: [(String, JSON)] = [("scale", .string(scale.name)), ("machine", machine())]
        var targets = Targets()
        var singleNormal: Double?

        if options.parts.contains("book") {
            report.append(("book", try bookPart(options, targets: &targets, single: &singleNormal)))
        }

        if options.parts.contains("contended") {
            progress("contended: \(scale.workers) processes, 50 hot slots and the rest of the week")
            let (r, v, hot) = try ContentionBench.contended(folder: folder, workers: scale.workers, attemptsPerWorker: scale.contendedPerWorker)
            var extra: [(String, JSON)] = [("hot_slots", .int(hot)), ("hot_seats_held", .int(v.seatsHeld))]
            if let single = singleNormal {
                extra.append(("bookings_ratio_to_single_process", .num(Double(r.booked.count) / r.seconds / single, 2)))
            }
            report.append(("contended", multiProcessJSON(r, v, extra: extra, single: singleNormal)))
            record(&targets, "contended", r, v, throughput: ("transactions per second", r.txPerSecond), single: singleNormal)
        }

        if options.parts.contains("release_rush") {
            progress("release rush: \(scale.rushAttempts) attempts by \(scale.workers) processes over \(scale.rushSeats) seats")
            let (r, v, seats) = try ContentionBench.releaseRush(folder: folder, workers: scale.workers, attempts: scale.rushAttempts,
                                                                seats: scale.rushSeats)
            let sellOut = v.seatsHeld == seats ? r.lastBooking - r.startAt : .nan
            report.append(("release_rush", multiProcessJSON(r, v, extra: [
                ("seats", .int(seats)), ("sold", .int(v.seatsHeld)), ("sold_out", .bool(v.seatsHeld == seats)),
                ("sell_out_s", .num(sellOut, 3)), ("bookings_per_s_until_sold_out", .num(Double(v.seatsHeld) / sellOut, 0)),
            ], single: singleNormal)))
            record(&targets, "release_rush", r, v, throughput: ("bookings per second until sold out", Double(v.seatsHeld) / sellOut),
                   single: singleNormal)
        }

        if options.parts.contains("generate") || options.parts.contains("screen") {
            progress("large hospital: \(scale.resources) clinics, a year of slots, \(scale.patients) patients, \(scale.appointments) appointments")
            let large = try LargeHospital.build(folder: folder, resources: scale.resources, patients: scale.patients,
                                                appointments: scale.appointments)
            if options.parts.contains("generate") {
                report.append(("generate", .object([
                    ("resources", .int(large.resources)), ("days", .int(365)), ("slots", .int(large.slots)),
                    ("seconds", .num(large.generateSeconds, 2)), ("slots_per_s", .num(Double(large.slots) / large.generateSeconds, 0)),
                ])))
                targets.check("generate: one year of slots (s)", large.generateSeconds, "<=", 10)
            }
            if options.parts.contains("screen") {
                progress("front desk on the large database (its own process)")
                let s = try ScreenBench.run(database: large.path, moves: scale.gridMoves, searches: scale.searches)
                let size = (try? FileManager.default.attributesOfItem(atPath: large.path)[.size] as? NSNumber)?.doubleValue ?? 0
                report.append(("screen", .object([
                    ("database_mb", .num(size / 1_048_576, 0)), ("slots", .int(large.slots)), ("patients", .int(large.patients)),
                    ("appointments", .int(large.appointments)), ("terminal", .string("MemoryTerminal 120x36")),
                    ("open_ms", .num(number(s["open_ms"]), 1)), ("first_screen_ms", .num(number(s["first_screen_ms"]), 1)),
                    ("first_screen_slots_in_week", .int(Int(number(s["first_screen_slots_in_week"])))),
                    ("first_screen_day_list", .int(Int(number(s["first_screen_day_list"])))),
                    ("grid_moves", .int(Int(number(s["grid_moves"])))), ("grid_day_list_rows_mean", .num(number(s["grid_day_list_rows_mean"]), 1)),
                    ("grid_p50_ms", .num(number(s["grid_p50_ms"]), 2)), ("grid_p99_ms", .num(number(s["grid_p99_ms"]), 2)),
                    ("grid_max_ms", .num(number(s["grid_max_ms"]), 2)),
                    ("searches", .int(Int(number(s["searches"])))), ("search_results_mean", .num(number(s["search_results_mean"]), 1)),
                    ("search_p50_ms", .num(number(s["search_p50_ms"]), 2)), ("search_p99_ms", .num(number(s["search_p99_ms"]), 2)),
                    ("search_max_ms", .num(number(s["search_max_ms"]), 2)),
                    ("peak_memory_mb", .num(number(s["peak_memory_mb"]), 1)),
                ])))
                targets.check("screen: first screen (ms)", number(s["first_screen_ms"]), "<=", 200, decimals: 1)
                for (key, label) in [("grid", "week grid move"), ("search", "pinyin search")] {
                    targets.check("screen: \(label) p50 (ms)", number(s["\(key)_p50_ms"]), "<=", 10)
                    targets.check("screen: \(label) p99 (ms)", number(s["\(key)_p99_ms"]), "<=", 30)
                }
                targets.check("screen: peak memory (MB)", number(s["peak_memory_mb"]), "<=", 100, decimals: 1)
            }
        }
        if options.parts.contains("windows") {
            progress("windows: \(scale.windows) desks polling, idle for \(Int(scale.windowsIdleSeconds)) s, then while \(scale.workers) processes book")
            let w = try LoadBench.windows(folder: folder, windows: scale.windows, workers: scale.workers, pace: scale.windowsPace,
                                          idleSeconds: scale.windowsIdleSeconds, busySeconds: scale.windowsBusySeconds)
            report.append(("windows", w.json))
            targets.check("windows: idle polling of \(scale.windows) windows (share of one core)", w.idleShare, "<=", 0.10, decimals: 3)
            targets.check("windows: sync delay p99 (ms)", w.syncP99ms, "<=", 1000, decimals: 0)
            targets.check("windows: booking p99 while they poll (ms)", w.bookingP99ms, "<=", 5)
            targets.require("windows: booking failures", w.failures)
        }

        if options.parts.contains("import_storm") {
            progress("import storm: \(scale.importRows) patients imported while \(scale.workers) processes book")
            let (json, r, _) = try LoadBench.importStorm(folder: folder, rows: scale.importRows, workers: scale.workers, pace: scale.importPace)
            report.append(("import_storm", json))
            targets.require("import_storm: bookings refused for a busy database", r.failures.count + r.retries)
            targets.check("import_storm: booking p99 (ms)", r.latencies.milliseconds(at: 99), "<=", 100)
        }

        if options.parts.contains("holiday_stop") {
            let h = try HolidayBench.run(folder: folder, resources: scale.resources, appointments: scale.holidayAppointments)
            report.append(("holiday_stop", h.json))
            targets.check("holiday_stop: a booking's longest wait for the write lock (ms)", h.waitMaxMs, "<=", 50)
        }

        report.append(("targets", .array(targets.rows)))
        report.append(("all_targets_met", .bool(targets.allMet)))
        report.append(("load_average_at_end", .string(loadAverage())))
        report.append(("seconds", .num(monotonicSeconds() - began, 1)))
        print(JSON.object(report).rendered())
    }

    /// Part 1, in rounds: the ceiling, then as many of our bookings, again and again, so that
    /// both see the same load on a shared machine; each round gives a ratio, and the median ratio
    /// is the figure. NORMAL runs all its rounds before FULL, so that FULL's syncs do not land in
    /// NORMAL's latencies (the ceiling's other mode runs one transaction meanwhile).
    static func bookPart(_ options: Options, targets: inout Targets, single: inout Double?) throws -> JSON {
        let scale = options.scale
        var fields: [(String, JSON)] = [("rounds", .int(scale.rounds))]
        let modes: [(Store.Synchronous, bookings: Int, ceiling: Int)] = [(.normal, scale.bookNormal, scale.ceilingNormal),
                                                                          (.full, scale.bookFull, scale.ceilingFull)]
        for (mode, bookings, ceilingCount) in modes {
            progress("single-process bookings at synchronous=\(mode.rawValue), \(scale.rounds) rounds beside the ceiling")
            let session = try BookingBench(folder: options.folder, synchronous: mode, patients: bookings + scale.warmup + scale.pageSample)
            _ = try session.book(scale.warmup)
            var total = BookingBench.Result()
            var ratios: [Double] = []
            var ceilingRates: [Double] = []
            for _ in 1...scale.rounds {
                if options.ceiling {
                    let rates = try Ceiling.run(script: options.ceilingScript, normal: mode == .normal ? ceilingCount / scale.rounds : 1,
                                                full: mode == .full ? ceilingCount / scale.rounds : 1)
                    ceilingRates.append(rates[mode.rawValue] ?? .nan)
                }
                let r = try session.book(bookings / scale.rounds)
                total.add(r)
                if let c = ceilingRates.last { ratios.append(r.txPerSecond / c) }
            }
            let ratio = median(ratios)
            let pages = try session.pagesPerBooking(scale.pageSample)
            fields.append((mode.rawValue, .object([
                ("pages_per_booking", .num(pages, 1)),
                ("transactions", .int(total.transactions)), ("refused", .int(total.refused)),
                ("book_tx_per_s", .num(total.txPerSecond, 0)), ("book_p50_us", .num(total.latencies.microseconds(at: 50), 0)),
                ("book_p99_us", .num(total.latencies.microseconds(at: 99), 0)), ("book_max_us", .num(total.latencies.microseconds(at: 100), 0)),
                ("cpu_user_us_per_tx", .num(total.userMicrosecondsPerTx, 1)), ("cpu_system_us_per_tx", .num(total.systemMicrosecondsPerTx, 1)),
                ("thread_cpu_p50_us", .num(total.cpuLatencies.microseconds(at: 50), 0)),
                ("thread_cpu_p99_us", .num(total.cpuLatencies.microseconds(at: 99), 0)),
                ("preempted_per_1000_tx", .num(Double(total.preemptions) * 1000 / Double(max(1, total.transactions)), 1)),
                ("ceiling_tx_per_s", .num(median(ceilingRates), 0)), ("ratio", .num(ratio, 2)),
                ("ratio_by_round", .array(ratios.map { .num($0, 2) })),
                ("ceiling_tx_per_s_by_round", .array(ceilingRates.map { .num($0, 0) })),
            ])))
            if options.ceiling { targets.check("book \(mode.rawValue): ratio to the ceiling (median of rounds)", ratio, ">=", 0.6) }
            if mode == .normal {
                single = total.txPerSecond
                targets.check("book NORMAL: p99 (us)", total.latencies.microseconds(at: 99), "<=", 1000, decimals: 0)
            }
        }
        return .object(fields)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func multiProcessJSON(_ r: MultiProcessResult, _ v: Verification, extra: [(String, JSON)], single: Double?) -> JSON {
        var fields: [(String, JSON)] = [
            ("processes", .int(r.workers)), ("attempts", .int(r.attempts)),
            ("booked", .int(r.booked.count)),
            ("refused", .object(r.refused.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("retries", .int(r.retries)), ("failures", .int(r.failures.count)),
            ("seconds", .num(r.seconds, 3)), ("tx_per_s", .num(r.txPerSecond, 0)),
            ("bookings_per_s", .num(Double(r.booked.count) / r.seconds, 0)),
            ("p50_us", .num(r.latencies.microseconds(at: 50), 0)), ("p99_us", .num(r.latencies.microseconds(at: 99), 0)),
        ]
        if let single { fields.append(("ratio_to_single_process", .num(r.txPerSecond / single, 2))) }
        fields += extra
        if !r.failures.isEmpty { fields.append(("failure_examples", .array(Array(Set(r.failures)).prefix(5).map { .string($0) }))) }
        fields.append(("check", .object(v.json)))
        return .object(fields)
    }

    static func record(_ targets: inout Targets, _ part: String, _ r: MultiProcessResult, _ v: Verification,
                       throughput: (String, Double), single: Double?) {
        targets.require("\(part): failures", r.failures.count)
        targets.require("\(part): overbooked slots", v.overCapacity + v.reservedTaken)
        targets.require("\(part): database disagrees with what workers reported",
                        v.countMismatch + v.duplicates + v.reportedMissing + v.unreported)
        if let single { targets.check("\(part): \(throughput.0), ratio to single process", throughput.1 / single, ">=", 0.5) }
    }

    /// The machine's 1, 5 and 15 minute load averages: above the number of cores, other programs
    /// were waiting for the CPU too, and latencies say more about them than about SlotDesk.
    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Where the figures came from.
    static func machine() -> JSON {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memKB = meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal") }?.split(separator: " ").compactMap { Double($0) }.first ?? 0
        var uts = utsname()
        uname(&uts)
        let kernel = withUnsafeBytes(of: uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let sqlite = (try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) ?? nil
        return .object([("cpu", .string(model)), ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
                        ("load_average_at_start", .string(loadAverage())),
                        ("memory_gb", .num(memKB / 1_048_576, 1)), ("kernel", .string(kernel)), ("sqlite", .string(sqlite ?? "?"))])
    }
}
