import BookingCore
import BookingStore
import Foundation
import GRDB
import PropertyBased
import Testing

/// What the database holds, table by table, and the seats taken: a refused command must leave
/// it exactly as it was.
func fingerprint(_ path: String) throws -> [String: Int] {
    try DatabaseQueue(path: path).read { db in
        var counts: [String: Int] = [:]
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
            counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table)\"") ?? 0
        }
        counts["seats"] = try Int.fetchOne(db, sql: "SELECT coalesce(sum(public_used + reserved_used + added), 0) FROM slot") ?? 0
        counts["last audit"] = try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM audit") ?? 0
        counts["operator changes"] = try Int.fetchOne(db, sql: "SELECT coalesce(sum(failed_count + disabled + must_change), 0) FROM operator") ?? 0
        return counts
    }
}

/// One generated command line, with the files it names already written.
struct FuzzInvocation {
    let arguments: [String]
    /// `patient import` reports what it imported; everything else refused changes nothing.
    let isImport: Bool
}

enum CommandLineFuzz {
    static func invocation(_ rng: inout Xoshiro, folder: URL, number: Int) throws -> FuzzInvocation {
        func h() -> String { Hostile.argument.run(using: &rng) }
        func file(_ content: String) throws -> String {
            let path = folder.appendingPathComponent("input-\(number)-\(Int.random(in: 0...999_999, using: &rng))").path
            try Data(content.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        func lines(_ count: ClosedRange<Int>) -> String { (0..<Int.random(in: count, using: &rng)).map { _ in h() }.joined(separator: "\n") }
        var args: [String]
        var isImport = false
        switch Int.random(in: 0...20, using: &rng) {
        case 0: args = ["patient", "add", "--name", h(), "--id-number", h()] + (Bool.random(using: &rng) ? ["--phone", h()] : [])
        case 1: args = ["patient", "add", "--name", h(), "--document-type", "passport", "--document-number", h(), "--birth-date", h(), "--sex", "M"]
        case 2: args = ["patient", "find", h()]
        case 3: args = ["patient", "show", h()] + (Bool.random(using: &rng) ? ["--reveal"] : [])
        case 4: args = ["book", "--patient", h(), "--slot", h()]
        case 5: args = ["book", "--patient", "1", "--slot", "D001@2026-12-01T09", "--clinic", h(), "--reason", h()]
        case 6: args = [["cancel", "checkin", "noshow"][Int.random(in: 0...2, using: &rng)], h()]
        case 7: args = ["slots", "list", "--department", h(), "--date", h()]
        case 8: args = ["appointments", "--patient", h(), "--date", h()]
        case 9: args = ["referral", "add", "--patient", "2", "--clinic", h(), "--doctor", h(), "--department", h(), "--reason", h(), "--urgency", h()]
        case 10: args = ["audit", "--since", h(), "--operator", h(), "--action", h(), "--limit", h()]
        case 11: args = ["operator", "add", h(), "--name", h(), "--role", h(), "--password-file", try file(h())]
        case 12:
            let demo = try DemoHospital.setupText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var text = demo
            for _ in 0..<Int.random(in: 1...3, using: &rng) { text.insert(h(), at: Int.random(in: 0...(text.count - 1), using: &rng)) }
            args = ["setup", "apply", try file(Bool.random(using: &rng) ? text.joined(separator: "\n") : lines(0...20))]
                + (Bool.random(using: &rng) ? ["--dry-run"] : [])
        case 13:
            let rows = (0..<Int.random(in: 0...8, using: &rng)).map { n in
                [h(), Bool.random(using: &rng) ? identityNumber(sequence: 300 + number * 10 + n) : h(), h(), h()].joined(separator: ",")
            }
            args = ["patient", "import", try file(rows.joined(separator: "\n"))]
            isImport = true
        case 14: args = ["keymap", "check", try file((0..<Int.random(in: 0...6, using: &rng)).map { _ in "bind \(h()) \(h()) \(h())" }.joined(separator: "\n"))]
        case 15: args = ["surgery", "add", "--patient", "3", "--procedure", h(), "--surgeon", h(), "--minutes", h(), "--anaesthesia", h()]
        case 16: args = ["operator", "passwd", h(), "--password-file", try file(h())]
        case 17: args = ["patient", "priority", h(), "--group", h(), "--reason", h()]
        case 18: args = ["backup", folder.appendingPathComponent("backup-" + String(h().unicodeScalars.filter { $0.properties.isAlphabetic }.prefix(12))).path]
        case 19: args = ["referral", "cancel", h(), "--reason", h()]
        default: args = (0..<Int.random(in: 1...3, using: &rng)).map { _ in h() }
        }
        if Int.random(in: 0...9, using: &rng) == 0 { args += ["--lang", h()] }
        if isImport || Bool.random(using: &rng) { args.append("--json") }
        return FuzzInvocation(arguments: args, isImport: isImport)
    }

    /// What a person must never receive from SlotDesk: a crash report, or control characters
    /// (escape sequences) that the terminal would obey.
    static func problems(in run: Run) -> [String] {
        var found: [String] = []
        if ![0, 1, 2].contains(run.status) { found.append("exit \(run.status)") }
        for marker in ["Fatal error", "Stack dump", "Assertion", "Segmentation", "Illegal instruction"] where run.stderr.contains(marker) {
            found.append("crash: \(marker)")
        }
        if run.status != 0 && (run.stderr + run.stdout).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found.append("refused without a message") }
        let unsafe = (run.stdout + run.stderr).unicodeScalars.filter { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }
        if !unsafe.isEmpty { found.append("control characters in the output: \(unsafe.map { $0.escaped(asASCII: true) }.joined())") }
        return found
    }
}

@Suite("Hostile command lines against the real binary")
struct CommandLineFuzzTests {
    @Test("300 generated command lines with hostile values and files: exit 0, 1 or 2 with a message, no crash, no escape sequences; a refusal changes no row",
          .timeLimit(.minutes(3)))
    func hostileCommandLines() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slotdesk-clifuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        // One prepared hospital, copied for each worker so three run at once.
        let template = try Shell(folder: root)
        do {
            let patients = try prepareHospital(template, patients: 12)
            let store = try template.store()
            _ = try store.book(BookingRequest(patient: .id(patients[0].id), slot: SlotReference("D001@2026-12-01T09")!), by: admin)
            try store.addOperator(OperatorInput(username: "desk1", displayName: "李娜", roles: [.desk], password: "demo-desk1"), by: admin)
        }
        let workers = 3
        let perWorker = 100 * fuzzScale
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                let folder = root.appendingPathComponent("worker\(worker)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let db = folder.appendingPathComponent("hospital.db").path
                try FileManager.default.copyItem(atPath: template.db, toPath: db)
                var rng = Xoshiro(seed: (2026, 11, 25, UInt64(worker)))
                let environment = cleanEnvironment(home: folder)
                for n in 0..<perWorker {
                    let invocation = try CommandLineFuzz.invocation(&rng, folder: folder, number: worker * 10_000 + n)
                    let before = try fingerprint(db)
                    let run = try runSlotdesk(invocation.arguments + ["--db", db, "--now", "2026-11-25T08:30"], in: folder, environment: environment)
                    var found = CommandLineFuzz.problems(in: run)
                    if run.status != 0 {
                        let after = try fingerprint(db)
                        if invocation.isImport, let report = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
                           let imported = report["imported"] as? Int, imported > 0 {
                            if after["patient"] != (before["patient"] ?? 0) + imported { found.append("imported \(imported) but the patients changed otherwise") }
                        } else if after != before {
                            found.append("refused, yet rows changed: \(before.filter { after[$0.key] != $0.value }.keys.sorted())")
                        }
                    }
                    if !found.isEmpty { failures.add("\(found.joined(separator: "; ")) — \(run)") }
                    failures.count()
                }
            } catch {
                failures.add("worker \(worker): \(error)")
            }
        }
        #expect(failures.runs == workers * perWorker)
        for failure in failures.all.prefix(20) { Issue.record(Comment(rawValue: failure)) }
    }
}

/// Failures collected from the worker threads, reported on the test's own.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    private var total = 0

    func add(_ text: String) { lock.withLock { list.append(text) } }
    func count() { lock.withLock { total += 1 } }
    var all: [String] { lock.withLock { list } }
    var runs: Int { lock.withLock { total } }
}
