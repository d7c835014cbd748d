import Foundation

/// A JSON value whose objects keep their keys in the order written, so the report reads top
/// down the way the issue lists its parts.
indirect enum JSON {
    case int(Int)
    case number(Double, decimals: Int)
    case string(String)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])
    case null

    /// A number rounded for people: `decimals` digits after the point.
    static func num(_ value: Double, _ decimals: Int = 1) -> JSON {
        value.isFinite ? .number(value, decimals: decimals) : .null
    }

    func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case let .int(n): return String(n)
        case let .number(x, decimals): return String(format: "%.\(decimals)f", x)
        case let .string(s): return JSON.quote(s)
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        case let .array(items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) { return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]" }
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case let .object(fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { inner + JSON.quote($0.0) + ": " + $0.1.rendered(indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Reads a JSON object written by a worker process.
func readJSONObject(at path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw BenchError("\(path) does not hold a JSON object")
    }
    return object
}

func writeJSONObject(_ object: [String: Any], to path: String) throws {
    let data = try JSONSerialization.data(withJSONObject: object)
    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
}

/// A number read back from JSONSerialization (an NSNumber on Linux), 0 when absent.
func number(_ value: Any?) -> Double {
    (value as? NSNumber)?.doubleValue ?? (value as? Double) ?? Double(value as? Int ?? 0)
}

/// An array of numbers read back from JSONSerialization.
func numbers(_ value: Any?) -> [Double] {
    (value as? [Any] ?? []).map(number)
}
