import BookingCore
import BookingStore
import Foundation
import Testing

func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("test date \(text) does not parse") }
    return date
}

func at(_ text: String) -> LocalDateTime {
    guard let moment = LocalDateTime(text) else { fatalError("test moment \(text) does not parse") }
    return moment
}

func identityNumber(region: String = "110105", birth: String = "19800101", sequence: Int) -> String {
    let body = region + birth + String(sequence % 1000 + 1000).dropFirst()
    return body + String(ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! }))
}

/// The `slotdesk` executable `swift test` built next to the test bundle (SlotdeskTests depends on it).
/// On Linux the bundle URL is the build folder itself; on macOS it is the .xctest inside it.
let slotdeskBinary: URL? = {
    let candidates = [
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("slotdesk"),
        Bundle.main.bundleURL.appendingPathComponent("slotdesk"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}()

/// What one run of `slotdesk` left behind.
struct Run: CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stdout: String
    let stderr: String

    /// stdout parsed as JSON.
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    /// stderr parsed as JSON (a refusal with `--json`).
    func errorJSON() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stderr.utf8)) as? [String: Any]
        return try #require(object?["error"] as? [String: Any], "stderr is not an error object: \(stderr)")
    }

    var description: String { "slotdesk \(arguments.joined(separator: " ")) → \(status)\nstdout: \(stdout.prefix(600))\nstderr: \(stderr.prefix(600))" }
}

/// A `slotdesk` process started and not yet waited for; its output goes to files, never to pipes
/// that could fill up while several run at once.
final class Launched {
    let process = Process()
    let arguments: [String]
    let out: URL
    let err: URL

    init(_ arguments: [String], environment: [String: String], directory: URL, scratch: URL) throws {
        let binary = try #require(slotdeskBinary, "the slotdesk executable was not built next to the tests")
        self.arguments = arguments
        let id = UUID().uuidString
        out = scratch.appendingPathComponent("\(id).out")
        err = scratch.appendingPathComponent("\(id).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
    }

    func wait() throws -> Run {
        process.waitUntilExit()
        let stdout = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        let stderr = String(decoding: try Data(contentsOf: err), as: UTF8.self)
        return Run(arguments: arguments, status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

/// A clerk's shell for command-line tests: a home, a database path, a clean environment.
struct Shell {
    let folder: URL
    let home: URL
    let db: String
    /// What a clerk's shell would pass: no SLOTDESK_DB, English, a home of its own.
    var environment: [String: String]

    static let now = "2026-11-25T08:30"

    init(folder: URL) throws {
        self.folder = folder
        home = folder.appendingPathComponent("home", isDirectory: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        db = folder.appendingPathComponent("hospital.db").path
        environment = ["PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8", "USER": "li", "TERM": "dumb"]
    }

    /// Runs `slotdesk` with `arguments` as they are (no options added) and waits for it.
    func run(_ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) throws -> Run {
        try launch(arguments, environment: environment, directory: directory).wait()
    }

    func launch(_ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil) throws -> Launched {
        try Launched(arguments, environment: environment ?? self.environment, directory: directory ?? home, scratch: folder)
    }

    /// Runs a subcommand on this hospital's database at the fixed clock: `book --patient 1 … --db F --now T`.
    func slotdesk(_ arguments: String..., json: Bool = false, now: String = Shell.now, extra: [String] = []) throws -> Run {
        try run(arguments + extra + ["--db", db, "--now", now] + (json ? ["--json"] : []))
    }

    /// The database opened in the test process, at the same clock.
    func store(now: String = Shell.now) throws -> Store { try Store.create(path: db, training: true, now: at(now)) }
}

func withShell<T>(_ body: (Shell) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slotdesk-cli-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(Shell(folder: folder))
}

let admin = Operator(name: "admin:chen", terminal: "-", roles: [.admin])

/// The demo hospital's setup and a fortnight of empty slots, written by the store (fast, and with
/// no demo bookings, so every seat count is the setup's own), plus `patients` registered patients.
@discardableResult
func prepareHospital(_ t: Shell, patients: Int = 6) throws -> [PatientView] {
    let store = try t.store()
    _ = try store.applySetup(DemoHospital.setup(), by: admin)
    _ = try store.generateSlots(from: day("2026-11-25"), to: day("2026-12-08"), by: admin)
    let names = Array("张李王赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施")
    let given = Array("一二三四五六七八九十")
    return try (1...max(1, patients)).prefix(patients).map { n in
        try store.registerPatient(PatientInput(name: String(names[n % names.count]) + String(given[n % 10]) + String(given[(n / 10) % 10]),
                                               documentType: .resident, documentNumber: identityNumber(sequence: n)), by: admin)
    }
}

func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    if let mode = attributes[.posixPermissions] as? Int { return mode & 0o777 }
    return try #require(attributes[.posixPermissions] as? NSNumber).intValue & 0o777
}
