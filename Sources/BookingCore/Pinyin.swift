import Foundation

/// Pinyin keys for finding patients by name the way the desk types them: full pinyin
/// (`zhangsan`) or initials (`zs`) for 张三.
public struct PinyinKey: Sendable, Equatable {
    /// Lower-case syllables run together, e.g. `zhangsanfeng`.
    public let full: String
    /// The first letter of each syllable, e.g. `zsf`.
    public let initials: String

    /// Surnames whose reading differs from the common one (多音字姓氏); two-character surnames first.
    static let surnames: [(String, [String])] = [
        ("尉迟", ["yu", "chi"]), ("万俟", ["mo", "qi"]), ("长孙", ["zhang", "sun"]), ("单于", ["chan", "yu"]),
        ("单", ["shan"]), ("曾", ["zeng"]), ("区", ["ou"]), ("仇", ["qiu"]), ("解", ["xie"]), ("朴", ["piao"]),
        ("查", ["zha"]), ("乐", ["yue"]), ("覃", ["qin"]), ("翟", ["zhai"]), ("盖", ["ge"]), ("缪", ["miao"]),
        ("秘", ["bi"]), ("召", ["shao"]), ("折", ["she"]), ("种", ["chong"]), ("员", ["yun"]), ("宓", ["mi"]),
        ("柏", ["bai"]), ("贲", ["ben"]), ("句", ["gou"]), ("阚", ["kan"]), ("瞿", ["qu"]), ("沈", ["shen"]),
        ("重", ["chong"]), ("任", ["ren"]), ("纪", ["ji"]), ("华", ["hua"]), ("石", ["shi"]), ("薄", ["bo"]),
    ]

    /// The key of a person's name. Latin letters pass through; other characters are dropped.
    public init(name: String) {
        var syllables: [String] = []
        var rest = Substring(name.trimmingWhitespace())
        for (surname, reading) in Self.surnames where rest.hasPrefix(surname) {
            syllables = reading
            rest = rest.dropFirst(surname.count)
            break
        }
        syllables += Self.syllables(of: String(rest))
        full = syllables.joined()
        initials = String(syllables.compactMap(\.first))
    }

    static func syllables(of text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        let latin = text.applyingTransform(.mandarinToLatin, reverse: false) ?? text
        let plain = latin.applyingTransform(.stripDiacritics, reverse: false) ?? latin
        return plain.lowercased()
            .split(whereSeparator: { !($0.isASCII && $0.isLetter) })
            .map(String.init)
    }

    /// Normalises what an operator typed to compare with keys: lower-case ASCII letters only,
    /// or nil when the query is not a pinyin query.
    public static func query(_ text: String) -> String? {
        let lowered = text.trimmingWhitespace().lowercased()
        guard !lowered.isEmpty, lowered.count <= 40, lowered.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return lowered
    }
}
