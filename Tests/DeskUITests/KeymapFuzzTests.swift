import DeskUI
import Foundation
import Terminal
import Testing

/// Thousands of generated keymap files of hostile lines (issue, part 7): the parser never
/// crashes, every bad line is reported with its number, and the defaults stay in force for it.
@Suite("Hostile keymap files")
struct KeymapFuzzTests {
    /// A fixed-seed generator: the same files every run, so a failure can be reproduced.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let words = [
        "bind", "BIND", "bind\u{0}", "global", "desk", "coordinator", "surgery", "register", "confirm", "help", "nowhere", "F1", "F5", "F10", "F12",
        "F13", "F0", "F-1", "Enter", "Esc", "Tab", "C-a", "C-z", "C-@", "C-", "Up", "PgDown", "#", "# comment", "a", "长", "😀", "\u{1b}[2J",
        "\u{202E}", "quit", "book", "search", "cancel", "'; DROP TABLE keymap;--", "\"", "\\", "\t", "\r", " ", "", String(repeating: "x", count: 500),
    ]

    @Test("3,000 generated keymap files: no crash, problems named by line, the default for a bad line stays")
    func generated() {
        let (defaults, defaultProblems) = KeymapFiles.defaults()
        #expect(defaultProblems.isEmpty)
        var rng = SplitMix(state: 2026)
        var lines = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 0...8, using: &rng)
            let text = (0..<count).map { _ in
                (0..<Int.random(in: 0...6, using: &rng)).map { _ in Self.words.randomElement(using: &rng)! }.joined(separator: Bool.random(using: &rng) ? " " : "\t")
            }.joined(separator: Bool.random(using: &rng) ? "\n" : "\r\n")
            lines += count
            let (keymap, problems) = Keymap.parse(text, file: "fuzz.keymap", over: defaults)
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            for problem in problems { #expect((1...lineCount).contains(problem.line), "\(problem)") }
            // F10 quits and F1 helps unless a good line of this file rebound them.
            for (key, action) in [(Key.function(10), DeskAction.quit), (.function(1), .help)] where keymap.action(for: key, in: .global) != action {
                #expect(text.replacingOccurrences(of: "\t", with: " ").contains("bind global F\(key == .function(10) ? "10" : "1") "), "\(text.debugDescription)")
            }
        }
        #expect(lines > 10_000)
    }

    @Test("a keymap file that is not UTF-8, too large, or one 1 MB line is refused whole and the defaults stay")
    func hostileFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keymap-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (defaults, _) = KeymapFiles.defaults()
        for (n, data) in [Data([0xFF, 0xFE, 0x62, 0x00]), Data(count: 300 * 1024), Data(("bind global F10 " + String(repeating: "q", count: 1_048_576)).utf8)].enumerated() {
            let path = folder.appendingPathComponent("keymap\(n)").path
            #expect(FileManager.default.createFile(atPath: path, contents: data))
            let (keymap, problems) = KeymapFiles.load(userFile: path)
            #expect(!problems.isEmpty)
            #expect(keymap.action(for: .function(10), in: .global) == defaults.action(for: .function(10), in: .global))
        }
    }
}
