import Crypto
import Foundation

/// Name-based UUIDs (RFC 4122 version 5, SHA-1): the same name in the same namespace always gives
/// the same UUID. The FHIR export names each resource `urn:uuid:…` this way, so exporting the same
/// hospital twice gives the same identities and a receiver can update instead of duplicating.
/// SHA-1 is swift-crypto's (`Insecure.SHA1`): here only to make names, never for passwords or
/// signatures.
public enum NameBasedUUID {
    /// The RFC 4122 DNS namespace, `6ba7b810-9dad-11d1-80b4-00c04fd430c8`.
    public static let dnsNamespace: [UInt8] = [0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8]

    /// The 16 bytes of a name's UUID within `namespace`.
    public static func bytes(namespace: [UInt8], name: String) -> [UInt8] {
        var hash = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        hash[6] = (hash[6] & 0x0F) | 0x50  // version 5
        hash[8] = (hash[8] & 0x3F) | 0x80  // RFC 4122 variant
        return hash
    }

    /// `886313e1-3b8a-5372-9b90-0c9aee199e5d`: lower-case, as `urn:uuid:` wants it.
    public static func string(namespace: [UInt8], name: String) -> String {
        format(bytes(namespace: namespace, name: name))
    }

    public static func format(_ bytes: [UInt8]) -> String {
        let hex = bytes.map { b in String(b >> 4, radix: 16) + String(b & 0x0F, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}
