import Foundation

/// Why the database, or a file SlotDesk writes beside it, could not be read or written
/// (`BookingError.storage`), as a value. The sentence is in the operator's language; what SQLite
/// or the C library said is kept as a quoted detail for IT, in its own words.
public enum StorageProblem: Equatable, Sendable {
    /// SQLite refused: its primary result code (`SQLITE_FULL` is 13) and its own message.
    case sqlite(code: Int32, message: String)
    /// A constraint or trigger of the schema, named (a unique index, a CHECK, a trigger's message).
    case schemaGuard(String)
    case cannotCreate(path: String, errno: Int32)
    case cannotOpen(path: String, errno: Int32)
    case cannotSync(path: String, errno: Int32)
    case isFolder(path: String)
    /// The copy a backup made failed SQLite's `quick_check`: its first lines.
    case backupCheckFailed([String])
    case cannotMoveBackup(errno: Int32)
    /// The password hash could not be made: the cryptography library's words.
    case passwordHash(String)
    /// The CSV writer failed: its words, when it gave any.
    case csvWriter(String?)
    /// An export's output could not be written: what the output said.
    case exportWrite(String)
    /// The C library cannot convert between these two character sets at all.
    case conversionUnavailable(from: String, to: String, errno: Int32)
    /// Converting the text between these character sets failed part way.
    case conversionFailed(from: String, to: String, errno: Int32)
    /// A failure no case above names, in the words of the library that reported it.
    case other(String)

    /// SQLite's primary result codes that SlotDesk names.
    public enum SQLiteCode {
        public static let error: Int32 = 1, permission: Int32 = 3, busy: Int32 = 5, locked: Int32 = 6, noMemory: Int32 = 7
        public static let readOnly: Int32 = 8, interrupted: Int32 = 9, ioError: Int32 = 10, corrupt: Int32 = 11, full: Int32 = 13
        public static let cannotOpen: Int32 = 14, lockProtocol: Int32 = 15, schemaChanged: Int32 = 17, tooBig: Int32 = 18
        public static let constraint: Int32 = 19, notADatabase: Int32 = 26
    }

    public func text(_ lang: Language) -> String {
        switch self {
        case let .sqlite(code, message):
            return lang.pick("\(Self.sqliteZh(code))（SQLite：\(quotedDetail(message))）", Self.sqliteEn(code, message))
        case let .schemaGuard(name):
            return lang.pick("数据库约束拒绝了这项更改（\(quotedDetail(name))）", "refused by the schema (\(name))")
        case let .cannotCreate(path, code):
            return lang.pick("无法建立 \(path)：\(systemError(code, .zh))", "cannot create \(path): \(systemError(code, .en))")
        case let .cannotOpen(path, code):
            return lang.pick("无法打开 \(path)：\(systemError(code, .zh))", "cannot open \(path): \(systemError(code, .en))")
        case let .cannotSync(path, code):
            return lang.pick("无法把 \(path) 写入磁盘：\(systemError(code, .zh))", "cannot sync \(path): \(systemError(code, .en))")
        case let .isFolder(path):
            return lang.pick("\(path) 是文件夹，不是数据库文件", "\(path) is a folder, not a database file")
        case let .backupCheckFailed(lines):
            let joined = lines.joined(separator: "; ")
            return lang.pick("备份副本未通过完整性检查（SQLite：\(quotedDetail(joined))），未留下备份", "the copy failed its check: \(joined)")
        case let .cannotMoveBackup(code):
            return lang.pick("无法把备份放到目标位置：\(systemError(code, .zh))", "cannot move the backup into place: \(systemError(code, .en))")
        case let .passwordHash(detail):
            return lang.pick("无法计算密码的散列值（\(quotedDetail(detail))）", "cannot hash the password: \(detail)")
        case let .csvWriter(detail?):
            return lang.pick("无法生成 CSV（\(quotedDetail(detail))）", "cannot write the CSV: \(detail)")
        case .csvWriter(nil):
            return lang.pick("无法生成 CSV", "cannot write the CSV")
        case let .exportWrite(detail):
            return lang.pick("无法写出导出的内容（\(quotedDetail(detail))）", "cannot write the export: \(detail)")
        case let .conversionUnavailable(source, target, code):
            return lang.pick("本系统不能把 \(source) 转换为 \(target)（iconv：\(systemError(code, .zh))）",
                             "this system cannot convert \(source) to \(target) (iconv: \(systemError(code, .en)))")
        case let .conversionFailed(source, target, code):
            return lang.pick("无法把文本从 \(source) 转换为 \(target)：\(systemError(code, .zh))",
                             "cannot convert the text from \(source) to \(target): \(systemError(code, .en))")
        case let .other(detail):
            return lang.pick("意外的错误（\(quotedDetail(detail))）", detail)
        }
    }

    /// SQLite's own message, named where an operator can act on it (the English as it always read).
    static func sqliteEn(_ code: Int32, _ message: String) -> String {
        switch code {
        case SQLiteCode.readOnly: return "the database is read-only: \(message)"
        case SQLiteCode.full: return "the disk is full: \(message)"
        case SQLiteCode.constraint: return "refused by the schema: \(message)"
        default: return message
        }
    }

    static func sqliteZh(_ code: Int32) -> String {
        switch code {
        case SQLiteCode.readOnly: return "数据库只读，不能写入"
        case SQLiteCode.full: return "磁盘已满"
        case SQLiteCode.constraint: return "数据库约束拒绝了这项更改"
        case SQLiteCode.corrupt: return "数据库文件已损坏"
        case SQLiteCode.notADatabase: return "该文件不是数据库，或已损坏"
        case SQLiteCode.cannotOpen: return "无法打开数据库文件"
        case SQLiteCode.ioError: return "读写数据库文件时磁盘出错"
        case SQLiteCode.permission: return "没有访问数据库的权限"
        case SQLiteCode.noMemory: return "内存不足"
        case SQLiteCode.busy, SQLiteCode.locked: return "数据库被其他进程占用"
        case SQLiteCode.interrupted: return "操作被中断"
        case SQLiteCode.lockProtocol: return "数据库加锁出错"
        case SQLiteCode.schemaChanged: return "数据库结构刚被改变"
        case SQLiteCode.tooBig: return "数据过大"
        case SQLiteCode.error: return "数据库执行出错"
        default: return "SQLite 错误 \(code)"
        }
    }
}
