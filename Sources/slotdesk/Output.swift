import BookingCore
import BookingStore
import Foundation
import Terminal

/// Prints results for people (aligned tables, Chinese measured in columns) or for scripts (JSON).
struct Output {
    let json: Bool
    let language: Language

    func say(_ zh: String, _ en: String) { print(language.pick(zh, en)) }

    /// Writes one JSON value on stdout.
    func emit<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) { print(terminalSafeJSON(text)) }
    }

    /// The training database's mark (rule 15): whatever a training database prints is never
    /// taken for the hospital's real day.
    func markTraining(_ store: Store) {
        let clock = store.clock is FixedClock ? language.pick("，模拟时钟 \(store.now.readable)", ", simulated clock \(store.now.readable)") : ""
        let line = language.pick("【培训】培训数据库\(clock)", "[TRAINING] a training database\(clock)")
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    func fail(_ error: BookingError) {
        if json {
            struct Body: Encodable { let code: String; let message: String }
            struct Wrapper: Encodable { let error: Body }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(Wrapper(error: Body(code: error.code, message: error.message(language)))) {
                FileHandle.standardError.write(Data((terminalSafeJSON(String(decoding: data, as: UTF8.self)) + "\n").utf8))
            }
        } else {
            FileHandle.standardError.write(Data((language.pick("错误：", "error: ") + printable(error.message(language)) + "\n").utf8))
        }
    }

    /// Prints rows under a header, each column as wide as its widest cell in display columns.
    func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.width(of: cell)) }
        }
        for row in all {
            let line = row.enumerated().map { i, cell in
                i == row.count - 1 && !rightAligned.contains(i) ? cell
                    : DisplayWidth.pad(cell, toWidth: widths[i], alignment: rightAligned.contains(i) ? .right : .left)
            }.joined(separator: "  ")
            print(line)
        }
    }
}

/// Progress on stderr for long work, only when stderr is a terminal (design, command-line conventions).
final class Progress: @unchecked Sendable {
    let total: Int
    let label: String
    let started = Date()
    let enabled = isatty(2) == 1

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) { update(done, of: total) }

    /// `done` of `total`, for work whose total is known only once it started.
    func update(_ done: Int, of total: Int) {
        guard enabled, done > 0 else { return }
        let elapsed = Date().timeIntervalSince(started)
        let rate = Double(done) / max(elapsed, 0.001)
        let left = total > done ? Double(total - done) / rate : 0
        FileHandle.standardError.write(Data(String(format: "\r%@ %d/%d  %.0f/s  %.0fs left ", label, done, total, rate, left).utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
