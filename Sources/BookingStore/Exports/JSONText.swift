import Foundation

/// A JSON value whose object keys keep the order they were written in, so a FHIR resource reads
/// `resourceType` first and its elements in the specification's order. Empty strings, empty
/// arrays and empty objects are left out when the value is written: FHIR forbids them.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }

    /// An object from key–value pairs, dropping nil values.
    public static func fields(_ pairs: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(pairs.compactMap { key, value in value.map { (key, $0) } })
    }

    /// Whether the value says nothing (FHIR: "elements SHALL have a value or children").
    var isEmpty: Bool {
        switch self {
        case let .string(s): return s.isEmpty
        case let .array(items): return items.allSatisfy(\.isEmpty)
        case let .object(pairs): return pairs.allSatisfy { $0.1.isEmpty }
        case .int, .bool: return false
        }
    }

    /// Compact JSON text on one line, UTF-8 left as it is (Chinese stays readable).
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case let .string(s): JSONValue.quote(s, into: &out)
        case let .int(n): out += String(n)
        case let .bool(b): out += b ? "true" : "false"
        case let .array(items):
            out += "["
            var first = true
            for item in items where !item.isEmpty {
                if !first { out += "," }
                first = false
                item.write(into: &out)
            }
            out += "]"
        case let .object(pairs):
            out += "{"
            var first = true
            for (key, value) in pairs where !value.isEmpty {
                if !first { out += "," }
                first = false
                JSONValue.quote(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    /// RFC 8259 string quoting: quote, backslash and control characters escaped — the C1
    /// controls (U+0080–U+009F) too, which a terminal may obey when the export goes to stdout —
    /// nothing else.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
