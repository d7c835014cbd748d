import BookingCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The character encodings a CSV export can be written in. UTF-8 with a byte-order mark is what
/// current Excel and WPS open correctly; GB18030 is for older Excel versions and for systems of
/// the regional platform that read the national standard encoding.
public enum TextEncoding: String, Sendable, CaseIterable, Codable {
    case utf8 = "utf8"
    case gb18030

    /// The bytes of `text` in this encoding.
    public func encode(_ text: String) throws(BookingError) -> Data {
        switch self {
        case .utf8: return Data(text.utf8)
        case .gb18030: return try Iconv.convert(Data(text.utf8), from: "UTF-8", to: "GB18030")
        }
    }

    /// The text of `data` in this encoding; nil when the bytes are not valid in it.
    public func decode(_ data: Data) -> String? {
        switch self {
        case .utf8: return String(data: data, encoding: .utf8)
        case .gb18030: return (try? Iconv.convert(data, from: "GB18030", to: "UTF-8")).flatMap { String(data: $0, encoding: .utf8) }
        }
    }
}

/// Character-set conversion through the C library's iconv. Foundation on Linux names no GB18030
/// `String.Encoding` and has no `CFStringConvertEncodingToNSStringEncoding` to make one; the raw
/// CoreFoundation value (0x80000632) happens to work in this toolchain, but nothing documents it
/// there. glibc's iconv is a documented interface, converts GB18030 in both directions over all of
/// Unicode, and reports bytes that are not valid instead of guessing. (Both give the same bytes.)
enum Iconv {
    static func convert(_ input: Data, from source: String, to target: String) throws(BookingError) -> Data {
        guard !input.isEmpty else { return Data() }
        let descriptor = iconv_open(target, source)
        guard descriptor != iconv_t(bitPattern: -1) else {
            throw BookingError.storage(.conversionUnavailable(from: source, to: target, errno: errno))
        }
        defer { iconv_close(descriptor) }
        var output = Data()
        var failure: Int32 = 0
        input.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var inPointer = UnsafeMutablePointer<CChar>(mutating: raw.bindMemory(to: CChar.self).baseAddress)
            var inLeft = raw.count
            // GB18030 takes at most 4 bytes per character, UTF-8 at most 4 per 4-byte sequence.
            var chunk = [CChar](repeating: 0, count: 64 * 1024)
            while inLeft > 0 {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { buffer in
                    var outPointer = buffer.baseAddress
                    var outLeft = buffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 && errno != E2BIG { failure = errno }
                    return buffer.count - outLeft
                }
                output.append(contentsOf: chunk[0..<produced].map { UInt8(bitPattern: $0) })
                if failure != 0 { return }
            }
        }
        if failure != 0 {
            throw BookingError.storage(.conversionFailed(from: source, to: target, errno: failure))
        }
        return output
    }
}
