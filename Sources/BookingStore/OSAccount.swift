import Foundation

/// The OS account a process runs as, for the audit log (rule 15): its real user id looked up in
/// the password database, never `USER` or `LOGNAME`, which whoever starts the process can set
/// to anything (another clerk's name, escape sequences).
public enum OSAccount {
    /// The account name of the real user id, or `uid:N` when the password database has no
    /// usable name for it (a container's unnamed uid, a name holding control characters).
    public static func name(uid: uid_t = getuid()) -> String {
        var record = passwd()
        var result: UnsafeMutablePointer<passwd>?
        let suggested = sysconf(Int32(_SC_GETPW_R_SIZE_MAX))
        var buffer = [CChar](repeating: 0, count: suggested > 0 ? suggested : 16_384)
        var status = getpwuid_r(uid, &record, &buffer, buffer.count, &result)
        while status == ERANGE && buffer.count < 1 << 20 {
            buffer = [CChar](repeating: 0, count: buffer.count * 4)
            status = getpwuid_r(uid, &record, &buffer, buffer.count, &result)
        }
        guard status == 0, result != nil, let pointer = record.pw_name else { return "uid:\(uid)" }
        let name = String(cString: pointer)
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            return "uid:\(uid)"
        }
        return name
    }
}
