import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Running the real slotdesk binary (and tmux) from tests: always under `timeout -s KILL`, so a
// hung child can never hang the test run.

/// What a finished child process left behind.
struct Finished {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum Binary {
    /// The slotdesk executable built next to the test bundle; nil when it is not there.
    static var slotdesk: String? {
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle.deletingLastPathComponent().appendingPathComponent("slotdesk"),
                          bundle.appendingPathComponent("slotdesk")]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether a program is on PATH.
    static func isInstalled(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }
}

/// The environment children get: PATH and a UTF-8 locale, plus `extra`; nothing from the
/// developer's own SlotDesk setup (database, keymap) or tmux session.
func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"]
    for (key, value) in extra { environment[key] = value }
    return environment
}

struct SpawnError: Error, CustomStringConvertible {
    let code: Int32
    var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
}

/// Runs `arguments` (program first) with a hard time limit and returns its status and output.
func run(_ arguments: [String], environment: [String: String] = childEnvironment(), timeout seconds: Int = 20) throws -> Finished {
    let folder = TemporaryFolder(prefix: "run")
    let outPath = folder.path + "/stdout", errPath = folder.path + "/stderr"
    let status = try spawnAndWait(["timeout", "-s", "KILL", "\(seconds)"] + arguments, environment: environment,
                                  stdout: outPath, stderr: errPath)
    let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return Finished(status: status, stdout: stdout, stderr: stderr)
}

#if canImport(Glibc)
/// posix_spawn with an empty signal mask and default signal handlers. The test runner's
/// threads block signals, and a child inherits that mask: `timeout` would never see its alarm
/// and tmux would never see its children exit. (Foundation's Process keeps the mask.)
private func spawnAndWait(_ arguments: [String], environment: [String: String], stdout: String, stderr: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var nothing = sigset_t()
    sigemptyset(&nothing)
    posix_spawnattr_setsigmask(&attributes, &nothing)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGALRM, SIGCHLD, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT] {
        sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let code = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard code == 0 else { throw SpawnError(code: code) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
}
#else
private func spawnAndWait(_ arguments: [String], environment: [String: String], stdout: String, stderr: String) throws -> Int32 {
    FileManager.default.createFile(atPath: stdout, contents: nil)
    FileManager.default.createFile(atPath: stderr, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdout))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
#endif
