import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal
import Testing

// DESIGN, "Deployment and scale": reads never wait for a writer. Another process holds a write
// transaction for 15 s; every read command and a desk's screen answer long before it lets go.

/// A python3 process holding `BEGIN IMMEDIATE` on `path` for `seconds`, as an import or a sqlite3
/// shell would: it is the first to open the file, and it has written nothing yet.
final class WriteHolder {
    let process = Process()
    private let output = Pipe()

    init(path: String, seconds: Int) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
            c.execute('BEGIN IMMEDIATE')
            print('held', flush=True)
            time.sleep(int(sys.argv[2]))
            c.execute('ROLLBACK')
            """, path, "\(seconds)"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the lock is taken: the first line of output.
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard line.hasPrefix("held") else { throw CocoaError(.fileReadUnknown) }
    }

    var holds: Bool { process.isRunning }

    func release() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// Seconds `body` took.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = Date()
    let result = try body()
    return (result, Date().timeIntervalSince(start))
}

@Suite("Readers never wait for a writer", .serialized)
struct ReadersNeverWaitTests {
    @Test("while another process holds a write transaction for 15 s, patient find, slots list and a desk screen answer within a second",
          .timeLimit(.minutes(3)))
    func readsDuringAWrite() throws {
        let folder = TemporaryFolder(prefix: "readers")
        let path = folder.path + "/desk.db"
        // Nobody has the file open: the holder is the first, as after a night with SlotDesk closed
        // (SlotDesk leaves its WAL file behind, Store.keepWALFile).
        try DemoTemplate.copy(to: path)
        let holder = try WriteHolder(path: path, seconds: 15)
        defer { holder.release() }

        let binary = try #require(Binary.slotdesk)
        let common = ["--db", path, "--now", deskNow.description, "--lang", "en"]
        let (find, findTime) = try timed { try run([binary, "patient", "find", Bai.query] + common, timeout: 14) }
        let (slots, slotsTime) = try timed { try run([binary, "slots", "list", "--date", tomorrow.description] + common, timeout: 14) }
        // A desk opened now as the full-screen program opens it (Store.open, no creation), and
        // its reloads on keys and at its poll.
        let terminal = MemoryTerminal(width: 120, height: 36, colorsEnabled: true)
        let (app, openTime) = try timed { () throws -> DeskApp in
            let app = DeskApp(backend: terminal, store: try Store.open(path: path, now: deskNow), keymap: KeymapFiles.defaults().0,
                              actor: clerk, language: .zh)
            app.draw()
            return app
        }
        let (_, reloadTime) = timed {
            for key in [Key.tab, .tab, .tab, .right] {
                app.press(key)
                app.draw()
            }
            app.poll()
            app.draw()
        }
        let lines = terminal.lastLines
        print("while a write was held: patient find \(findTime) s, slots list \(slotsTime) s, desk open \(openTime) s, reload \(reloadTime) s")
        #expect(holder.holds, "the write transaction ended before the reads did: the test proves nothing")

        #expect(find.status == 0, "patient find: \(find.status) \(find.stderr)")
        #expect(find.stdout.contains(Bai.name))
        #expect(slots.status == 0, "slots list: \(slots.status) \(slots.stderr)")
        #expect(slots.stdout.contains(tomorrow.description))
        #expect(lines.contains { $0.contains("当日名单") }, "\(lines.joined(separator: "\n"))")
        #expect(lines[0].hasSuffix("[已同步]"), "\(lines[0])")
        // Within a second each (the busy timeout is 10 s: none of them waited for the lock).
        for (what, seconds) in [("patient find", findTime), ("slots list", slotsTime), ("desk open", openTime), ("desk reload", reloadTime)] {
            #expect(seconds < 1, "\(what) took \(seconds) s")
        }
    }
}
