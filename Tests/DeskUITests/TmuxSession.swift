import Foundation
import Testing

// The real slotdesk binary in a real terminal: tmux runs it, keys go in with send-keys, the
// screen comes back with capture-pane. Each test has its own tmux server on its own socket
// (`-S` in a temporary folder), so it never touches anyone's sessions; it is killed when done.

let tmuxInstalled = Binary.isInstalled("tmux")

/// A private tmux server on its own socket, killed when the value goes away.
final class TmuxSession {
    /// Short paths, so that file names fit on the 120-column message line.
    let folder = TemporaryFolder(prefix: "sd")
    /// The server's socket lives in the test's own folder (`tmux -S`), so it goes with it.
    let socket: String
    let config: String

    /// A test that needs tmux fails without it, saying how to get it: it is never skipped.
    struct NotInstalled: Error, CustomStringConvertible {
        var description: String { "tmux is not installed: the end-to-end tests need it (apt-get install tmux)" }
    }

    init() throws {
        guard tmuxInstalled else { throw NotInstalled() }
        socket = folder.path + "/tmux.sock"
        config = try folder.write("""
            set -g remain-on-exit on
            set -g status off
            set -g default-terminal screen
            set -g history-limit 50
            """, to: "tmux.conf")
    }

    deinit { _ = try? tmux("kill-server") }

    @discardableResult
    func tmux(_ arguments: String...) throws -> Finished {
        try run(["tmux", "-S", socket, "-f", config] + arguments, environment: childEnvironment(["HOME": folder.path]), timeout: 10)
    }

    /// Starts `command` in a new detached session `name` of `width`×`height`; the shell
    /// writes the command's exit status to `<folder>/<name>.status` when it ends (whole, by
    /// renaming: a reader never sees the file half-written).
    func start(_ name: String, width: Int = 120, height: Int = 36, command: String) throws {
        let file = "\(folder.path)/\(name).status"
        let script = command + "; echo $? > '\(file).tmp' && mv '\(file).tmp' '\(file)'"
        let started = try tmux("new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", script)
        #expect(started.status == 0, "tmux new-session: \(started.stderr)")
    }

    /// The pane's text, one string per row, trailing spaces trimmed.
    func capture(_ name: String) throws -> [String] {
        let captured = try tmux("capture-pane", "-p", "-t", name)
        var rows = captured.stdout.components(separatedBy: "\n")
        if rows.last == "" { rows.removeLast() }
        return rows.map { row in
            var text = row
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// Sends named keys (F5, Enter, Right, C-a…) as a keyboard would.
    func keys(_ name: String, _ keys: String...) throws {
        for key in keys { try tmux("send-keys", "-t", name, key) }
    }

    /// Types text literally.
    func type(_ name: String, _ text: String) throws {
        try tmux("send-keys", "-t", name, "-l", text)
    }

    /// Waits for the sign-in box and signs in as a demo operator (demo-only passwords).
    func signIn(_ name: String, as user: String = "desk1", password: String = "demo-desk1") async throws {
        try await waitFor(name, within: 30, "the sign-in box") { rows in rows.contains { $0.contains("登录 SlotDesk") } }
        try type(name, user)
        try keys(name, "Tab")
        try type(name, password)
        try keys(name, "Enter")
    }

    /// `#{pane_dead}`: "0" while the program runs, "1" once it has ended.
    func paneState(_ name: String) throws -> String {
        try tmux("display-message", "-p", "-t", name, "#{pane_dead}").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits for the program in the pane to end and expects exit status 0. The status comes
    /// from the file the pane's shell writes (see `deskCommand`): tmux 3.3 sometimes marks a
    /// pane dead without ever learning its status.
    func waitForExit(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let file = folder.path + "/\(name).status"
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: file), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        while try paneState(name) != "1", Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let status = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let screen = try capture(name).joined(separator: "\n")
        #expect(status == "0", "slotdesk in \(name) ended with status \(status ?? "unknown (still running?)"); the pane reads:\n\(screen)",
                sourceLocation: sourceLocation)
        #expect(try paneState(name).hasPrefix("1"), sourceLocation: sourceLocation)
    }

    /// Polls the pane until `condition` holds or `seconds` pass; returns the last screen, and
    /// records an issue showing it when the condition never held.
    @discardableResult
    func waitFor(_ name: String, within seconds: Double = 10, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: ([String]) -> Bool) async throws -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        var rows = try capture(name)
        while !condition(rows) {
            guard Date() < deadline else {
                let screen = rows.joined(separator: "\n")
                Issue.record("waited \(seconds) s for \(what); the screen of \(name) reads:\n\(screen)", sourceLocation: sourceLocation)
                return rows
            }
            try await Task.sleep(for: .milliseconds(50))
            rows = try capture(name)
        }
        return rows
    }
}
