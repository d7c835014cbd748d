import BookingCore
import Foundation
import Terminal

/// One thing wrong in a keymap file: where, and what, in either language.
public struct KeymapProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let reason: Reason

    /// What is wrong with a keymap line or file.
    public enum Reason: Sendable, Equatable {
        case lineTooLong
        case unknownCommand(String)
        case wrongShape
        case unknownScreen(String)
        case unknownKey(String)
        case unknownAction(String)
        case alreadyBound(key: String, screen: String, line: Int)
        case unreadable
        case tooLarge
        case notUTF8

        public func text(_ l: Language) -> String {
            let shape = "bind <screen> <key> <action>"
            switch self {
            case .lineTooLong: return l.pick("行太长（最多 400 个字符）", "line too long")
            case let .unknownCommand(word): return l.pick("没有“\(word)”这个命令（应为：\(shape)）", "unknown command \"\(word)\" (expected: \(shape))")
            case .wrongShape: return l.pick("格式应为：\(shape)", "expected: \(shape)")
            case let .unknownScreen(word):
                let screens = KeyScope.allCases.map(\.rawValue).joined(separator: ", ")
                return l.pick("没有“\(word)”这个界面（可用：\(screens)）", "unknown screen \"\(word)\" (one of \(screens))")
            case let .unknownKey(word): return l.pick("没有“\(word)”这个按键", "unknown key \"\(word)\"")
            case let .unknownAction(word): return l.pick("没有“\(word)”这个动作（slotdesk keymap list 列出全部）", "unknown action \"\(word)\"")
            case let .alreadyBound(key, screen, line): return l.pick("\(key) 在 \(screen) 界面已于第 \(line) 行绑定", "\(key) is already bound on \(screen) at line \(line)")
            case .unreadable: return l.pick("无法读取", "cannot be read")
            case .tooLarge: return l.pick("超过 256 KB，已忽略", "larger than 256 KB; ignored")
            case .notUTF8: return l.pick("不是 UTF-8 文本，已忽略", "not UTF-8 text; ignored")
            }
        }
    }

    /// `FILE:LINE: what is wrong`, in the operator's language.
    public func text(_ l: Language) -> String { "\(file):\(line): " + reason.text(l) }

    public var description: String { text(.en) }
}

/// Key bindings in tig's line format: `bind <screen|global> <key> <action>`, `#` comments.
/// A screen's own bindings are looked up first, then `global`.
public struct Keymap: Sendable, Equatable {
    public private(set) var bindings: [KeyScope: [Key: DeskAction]] = [:]

    public init() {}

    /// The action bound to `key` on `scope`, falling back to `global`.
    public func action(for key: Key, in scope: KeyScope) -> DeskAction? {
        bindings[scope]?[key] ?? bindings[.global]?[key]
    }

    /// Bindings in force on `scope` (its own over global), sorted by key name.
    public func effective(in scope: KeyScope) -> [(key: Key, action: DeskAction)] {
        var merged = bindings[.global] ?? [:]
        for (key, action) in bindings[scope] ?? [:] { merged[key] = action }
        return merged.map { ($0.key, $0.value) }.sorted { Keymap.order($0.key) < Keymap.order($1.key) }
    }

    /// Every key bound to `action` on `scope`, Enter and Esc first: they are what people try.
    public func keys(for action: DeskAction, in scope: KeyScope) -> [Key] {
        let keys = effective(in: scope).filter { $0.action == action }.map(\.key)
        return keys.filter { $0 == .enter || $0 == .escape } + keys.filter { $0 != .enter && $0 != .escape }
    }

    /// A hint like `Enter/y/F5`, or `fallback` when nothing is bound.
    public func hint(for action: DeskAction, in scope: KeyScope, fallback: String) -> String {
        let labels = keys(for: action, in: scope).prefix(3).map(\.label)
        return labels.isEmpty ? fallback : labels.joined(separator: "/")
    }

    static func order(_ key: Key) -> String {
        if case let .function(n) = key { return String(format: "0%02d", n) }
        return "1" + key.name
    }

    public mutating func bind(_ key: Key, to action: DeskAction, in scope: KeyScope) {
        bindings[scope, default: [:]][key] = action
    }

    /// Reads `text` over `base`. Each bad line is reported and skipped, so the base bindings
    /// for it stay in force; a key bound twice in one file keeps its first binding.
    public static func parse(_ text: String, file: String, over base: Keymap = Keymap()) -> (Keymap, [KeymapProblem]) {
        var keymap = base
        var problems: [KeymapProblem] = []
        var seen: [KeyScope: [Key: Int]] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            func problem(_ reason: KeymapProblem.Reason) { problems.append(KeymapProblem(file: file, line: number, reason: reason)) }
            // A word starting with `#` begins a comment, except as the key itself (`bind desk # search`).
            var words: [String] = []
            for word in raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }) {
                if word.hasPrefix("#") && words.count != 2 { break }
                words.append(String(word))
            }
            if words.isEmpty { continue }
            guard raw.count <= 400 else { problem(.lineTooLong); continue }
            guard words[0] == "bind" else { problem(.unknownCommand(String(words[0].prefix(20)))); continue }
            guard words.count == 4 else { problem(.wrongShape); continue }
            guard let scope = KeyScope(rawValue: words[1]) else {
                problem(.unknownScreen(String(words[1].prefix(20))))
                continue
            }
            guard let key = Key(name: words[2]) else { problem(.unknownKey(String(words[2].prefix(20)))); continue }
            guard let action = DeskAction(rawValue: words[3]) else { problem(.unknownAction(String(words[3].prefix(30)))); continue }
            if let first = seen[scope]?[key] {
                problem(.alreadyBound(key: words[2], screen: scope.rawValue, line: first))
                continue
            }
            seen[scope, default: [:]][key] = number
            keymap.bind(key, to: action, in: scope)
        }
        return (keymap, problems)
    }
}
