import _CryptoExtras
import Crypto
import Foundation

/// Operators' passwords as salted slow hashes (rule 13): PBKDF2-SHA256 from swift-crypto, at
/// least the 210,000 rounds OWASP asks for, a fresh 16-byte salt each time, stored as a
/// self-describing string `pbkdf2-sha256$210000$<salt base64>$<hash base64>` so the rounds can
/// be raised later without breaking the hashes already stored.
enum PasswordHash {
    static let scheme = "pbkdf2-sha256"
    /// The fewest rounds swift-crypto accepts, and what SlotDesk uses: one check takes a
    /// fraction of a second at a desk, and makes guessing a stolen file slow.
    static let rounds = 210_000
    static let saltBytes = 16
    static let hashBytes = 32

    /// A new hash of `password` with a fresh random salt.
    static func make(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let hash = try derive(password, salt: salt, rounds: rounds)
        return "\(scheme)$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` matches `stored`; false for anything that is not a hash this code wrote.
    /// The comparison takes the same time wherever the first differing byte is.
    static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let rounds = Int(parts[1]), rounds >= Self.rounds, rounds <= 10_000_000,
              let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
              !salt.isEmpty, expected.count == hashBytes,
              let actual = try? derive(password, salt: Array(salt), rounds: rounds) else { return false }
        return constantTimeEqual(actual, Array(expected))
    }

    /// Spends the time of one verification, so an unknown username answers no faster than a
    /// known one with a wrong password.
    static func waste(_ password: String) {
        _ = try? derive(password, salt: Array(repeating: 0, count: saltBytes), rounds: rounds)
    }

    static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256,
                                                    outputByteCount: hashBytes, rounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
