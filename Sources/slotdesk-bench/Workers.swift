import BookingCore
import BookingStore
import Foundation

// Parts 2 and 3: several processes, each with its own Store on one shared file, booking at once.
// The parent writes a plan, starts `slotdesk-bench worker PLAN INDEX` processes (this same
// binary), lets them all begin at one moment, reads what each says it booked, and checks that
// against the database.

/// What one worker is told to do.
struct WorkerPlan {
    enum Mode: String { case contended, rush }

    var mode: Mode
    var database: String
    var now: LocalDateTime
    var folder: String
    var workers: Int
    var attemptsPerWorker: Int
    /// Slots everybody wants (contended), or the slots being released (rush).
    var hot: [Int64]
    /// Slots anyone may book besides (contended).
    var other: [Int64]
    /// Patients to book for: worker w's attempt i uses patients[(w * attempts + i) % count].
    var patients: [Int64]
    /// Share of attempts aimed at the hot slots (contended), in percent.
    var hotPercent = 50
    /// Every this-many-th attempt is an alliance booking by the referral office (0 = none).
    var allianceEvery = 0
    /// Attempts per second each worker makes, as desks do (0: one after another, flat out).
    var pacePerSecond = 0.0

    var dictionary: [String: Any] {
        ["mode": mode.rawValue, "database": database, "now": now.description, "folder": folder, "workers": workers,
         "attempts_per_worker": attemptsPerWorker, "hot": hot, "other": other, "patients": patients,
         "hot_percent": hotPercent, "alliance_every": allianceEvery, "pace_per_s": pacePerSecond]
    }

    init(mode: Mode, database: String, now: LocalDateTime, folder: String, workers: Int, attemptsPerWorker: Int,
         hot: [Int64], other: [Int64], patients: [Int64]) {
        self.mode = mode
        self.database = database
        self.now = now
        self.folder = folder
        self.workers = workers
        self.attemptsPerWorker = attemptsPerWorker
        self.hot = hot
        self.other = other
        self.patients = patients
    }

    init(_ d: [String: Any]) throws {
        func ids(_ key: String) -> [Int64] { numbers(d[key]).map { Int64($0) } }
        guard let mode = (d["mode"] as? String).flatMap(Mode.init), let database = d["database"] as? String,
              let now = (d["now"] as? String).flatMap(LocalDateTime.init), let folder = d["folder"] as? String,
              let workers = d["workers"].map(number).map(Int.init), let attempts = d["attempts_per_worker"].map(number).map(Int.init) else {
            throw BenchError("bad worker plan")
        }
        self.init(mode: mode, database: database, now: now, folder: folder, workers: workers, attemptsPerWorker: attempts,
                  hot: ids("hot"), other: ids("other"), patients: ids("patients"))
        hotPercent = Int(d["hot_percent"].map(number) ?? 50)
        allianceEvery = Int(d["alliance_every"].map(number) ?? 0)
        pacePerSecond = d["pace_per_s"].map(number) ?? 0
    }

    func readyFile(_ worker: Int) -> String { folder + "/ready-\(worker)" }
    var goFile: String { folder + "/go" }
    func resultFile(_ worker: Int) -> String { folder + "/result-\(worker).json" }
}

/// The refusals that are the rules working (rule 1 capacity and reserved seats, rule 5 one per
/// day and one per hour); anything else a worker meets is a failure.
func isExpectedRefusal(_ error: BookingError) -> Bool {
    switch error {
    case .slotFull, .publicSeatsReserved, .duplicateBooking, .duplicateExam, .sameHourBooking: return true
    default: return false
    }
}

enum Worker {
    /// How often one attempt is tried again after a storage error (a busy database) before it
    /// counts as a failure.
    static let maxRetries = 3

    /// `slotdesk-bench worker PLAN INDEX`: books as told, writes result-INDEX.json.
    static func main(planPath: String, index: Int) throws {
        let plan = try WorkerPlan(readJSONObject(at: planPath))
        let store = try Store.open(path: plan.database, now: plan.now)
        let desk = Operator(name: "desk:\(index)", terminal: "/dev/pts/\(index)", roles: [.desk])
        let office = Operator(name: "coordinator:\(index)", terminal: "/dev/pts/\(20 + index)", roles: [.coordinator])
        var rng = SplitMix(seed: 1000 + UInt64(index))
        var knownFull = Set<Int64>()

        // Everyone ready, then everyone starts at the moment the parent names.
        _ = FileManager.default.createFile(atPath: plan.readyFile(index), contents: Data())
        var startAt = 0.0
        while true {
            if let text = try? String(contentsOfFile: plan.goFile, encoding: .utf8), let t = Double(text) {
                startAt = t
                break
            }
            usleep(500)
        }
        while monotonicSeconds() < startAt { usleep(100) }

        var booked: [Int64] = []
        var refused: [String: Int] = [:]
        var failures: [String] = []
        var retries = 0
        var latencies: [Int] = []
        latencies.reserveCapacity(plan.attemptsPerWorker)
        var lastBooking = 0.0
        var commits: [Double] = []
        let begin = monotonicSeconds()
        for i in 0..<plan.attemptsPerWorker {
            if plan.pacePerSecond > 0 {
                // Desks spread over the second, each at its own phase.
                let due = begin + (Double(i) + Double(index) / Double(max(1, plan.workers))) / plan.pacePerSecond
                let wait = due - monotonicSeconds()
                if wait > 0 { usleep(UInt32(wait * 1e6)) }
            }
            let patient = plan.patients[(index * plan.attemptsPerWorker + i) % plan.patients.count]
            let slot: Int64
            switch plan.mode {
            case .contended:
                slot = Int.random(in: 0..<100, using: &rng) < plan.hotPercent || plan.other.isEmpty
                    ? plan.hot.randomElement(using: &rng)! : plan.other.randomElement(using: &rng)!
            case .rush:
                // People pick a slot the screen still shows open; the rules decide who gets it.
                let open = plan.hot.filter { !knownFull.contains($0) }
                slot = (open.isEmpty ? plan.hot : open).randomElement(using: &rng)!
            }
            let alliance = plan.allianceEvery > 0 && i % plan.allianceEvery == plan.allianceEvery - 1
            let request = BookingRequest(patient: .id(patient), slot: .id(slot), channel: alliance ? .alliance : .publicDesk,
                                         clinic: alliance ? "C01" : nil)
            let start = monotonicSeconds()
            var tries = 0
            while true {
                do {
                    let a = try store.book(request, by: alliance ? office : desk)
                    booked.append(a.id)
                    lastBooking = monotonicSeconds()
                    commits.append(lastBooking)
                } catch {
                    if error.kind == .storage, tries < maxRetries {
                        tries += 1
                        retries += 1
                        continue
                    }
                    if isExpectedRefusal(error) {
                        refused[error.code, default: 0] += 1
                        if case .slotFull = error { knownFull.insert(slot) }
                    } else {
                        failures.append(error.message(.en))
                    }
                }
                break
            }
            latencies.append(Int(((monotonicSeconds() - start) * 1e6).rounded()))
        }
        let end = monotonicSeconds()
        try writeJSONObject(["worker": index, "booked": booked, "refused": refused, "failures": failures, "retries": retries,
                             "latencies_us": latencies, "begin": begin, "end": end, "last_booking": lastBooking, "commits": commits],
                            to: plan.resultFile(index))
    }
}

/// What the workers of one run did together, checked against the database.
struct MultiProcessResult {
    var workers = 0
    var attempts = 0
    var booked: [Int64] = []
    var refused: [String: Int] = [:]
    var failures: [String] = []
    var retries = 0
    var latencies = Latencies()
    var startAt = 0.0
    var end = 0.0
    var lastBooking = 0.0
    /// When each booking committed (monotonic clock, shared by every process).
    var commits: [Double] = []

    var seconds: Double { end - startAt }
    var txPerSecond: Double { Double(attempts) / seconds }
}

enum MultiProcess {
    /// Starts the workers, releases them together, and gathers their results.
    static func run(_ plan: WorkerPlan) throws -> MultiProcessResult {
        let planPath = plan.folder + "/plan.json"
        try FileManager.default.createDirectory(atPath: plan.folder, withIntermediateDirectories: true)
        try writeJSONObject(plan.dictionary, to: planPath)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var processes: [Process] = []
        for w in 0..<plan.workers {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: executable)
            p.arguments = ["worker", planPath, String(w)]
            try p.run()
            processes.append(p)
        }
        // Wait until every worker has opened its store, then name a start a moment ahead.
        let deadline = monotonicSeconds() + 60
        while (0..<plan.workers).contains(where: { !FileManager.default.fileExists(atPath: plan.readyFile($0)) }) {
            if monotonicSeconds() > deadline || processes.contains(where: { !$0.isRunning && $0.terminationStatus != 0 }) {
                processes.forEach { if $0.isRunning { $0.terminate() } }
                throw BenchError("workers did not get ready")
            }
            usleep(2000)
        }
        let startAt = monotonicSeconds() + 0.2
        try String(startAt).write(toFile: plan.goFile, atomically: true, encoding: .utf8)
        for p in processes { p.waitUntilExit() }
        var result = MultiProcessResult()
        result.startAt = startAt
        result.workers = plan.workers
        for (w, p) in processes.enumerated() {
            guard p.terminationStatus == 0 else { throw BenchError("worker \(w) exited with \(p.terminationStatus)") }
            let r = try readJSONObject(at: plan.resultFile(w))
            result.booked += numbers(r["booked"]).map { Int64($0) }
            for (code, n) in r["refused"] as? [String: Any] ?? [:] { result.refused[code, default: 0] += Int(number(n)) }
            result.failures += r["failures"] as? [String] ?? []
            result.retries += Int(number(r["retries"]))
            let latencies = numbers(r["latencies_us"])
            for us in latencies { result.latencies.record(microseconds: UInt64(max(1, us))) }
            result.attempts += latencies.count
            result.end = max(result.end, number(r["end"]))
            result.lastBooking = max(result.lastBooking, number(r["last_booking"]))
            result.commits += numbers(r["commits"])
        }
        return result
    }
}
