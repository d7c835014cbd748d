import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

// Children for the fuzz and fault tests, started with posix_spawn: an empty signal mask and
// default handlers (the test runner's threads block signals and a child would inherit that, so
// `timeout` would never fire), output to files, standard input from /dev/null, and a pid we
// can SIGKILL. The approach of Tests/DeskUITests/Processes.swift, for this target.

struct SpawnFailure: Error, CustomStringConvertible {
    let code: Int32
    var description: String { "posix_spawn failed: \(String(cString: strerror(code)))" }
}

/// A started child process.
final class Spawned {
    let pid: pid_t
    let arguments: [String]
    let stdoutPath: String
    let stderrPath: String
    private(set) var status: Int32?

    /// Starts `arguments` (the program's path first) with its output in the two files, in
    /// `directory` (through `env -C`, which execs: the pid stays the program's own).
    init(_ command: [String], environment: [String: String], stdout: String, stderr: String, directory: String? = nil) throws {
        let arguments = directory.map { ["env", "-C", $0] + command } ?? command
        self.arguments = arguments
        stdoutPath = stdout
        stderrPath = stderr
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
        for signal in [SIGALRM, SIGCHLD, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT, SIGXFSZ] {
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
        guard code == 0 else { throw SpawnFailure(code: code) }
        self.pid = pid
    }

    /// The exit status, or 128 + the signal that ended it; nil while it runs (with `block` false).
    @discardableResult
    func wait(block: Bool = true) -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &raw, block ? 0 : WNOHANG) } while result == -1 && errno == EINTR
        guard result == pid else { return nil }
        let signal = raw & 0x7F
        status = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
        return status
    }

    /// Sends SIGKILL; true when the child was still running to receive it.
    func kill() -> Bool {
        guard status == nil, wait(block: false) == nil else { return false }
        return Glibc.kill(pid, SIGKILL) == 0
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? String(decoding: (FileManager.default.contents(atPath: stdoutPath) ?? Data()), as: UTF8.self) }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? String(decoding: (FileManager.default.contents(atPath: stderrPath) ?? Data()), as: UTF8.self) }
}

/// Runs the slotdesk binary with `arguments` under `timeout -s KILL`, in `folder`'s scratch
/// files, and waits for it.
func runSlotdesk(_ arguments: [String], in folder: URL, environment: [String: String], timeout seconds: Int = 60) throws -> Run {
    let binary = try #require(slotdeskBinary, "the slotdesk executable was not built next to the tests")
    let id = UUID().uuidString
    let out = folder.appendingPathComponent("\(id).out").path, err = folder.appendingPathComponent("\(id).err").path
    defer {
        unlink(out)
        unlink(err)
    }
    let child = try Spawned(["timeout", "-s", "KILL", "\(seconds)", binary.path] + arguments, environment: environment, stdout: out, stderr: err,
                            directory: folder.path)
    let status = child.wait() ?? -1
    return Run(arguments: arguments, status: status, stdout: child.stdout, stderr: child.stderr)
}

/// The environment a clerk's shell would give: no SLOTDESK_DB, a UTF-8 locale, English.
func cleanEnvironment(home: URL) -> [String: String] {
    ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8", "USER": "li", "TERM": "dumb"]
}
