import Foundation

/// What is wrong with one piece of input (`BookingError.invalidInput`), as a value: the operator
/// reads it in their own language, the tests can build every one of them.
public enum InputProblem: Equatable, Sendable {
    // Lengths, ranges and characters.
    /// `1–64 characters`.
    case characters(ClosedRange<Int>)
    /// `must be 1–31`.
    case mustBe(ClosedRange<Int>)
    /// A bare range: `1–10000`.
    case range(ClosedRange<Int>)
    case controlCharacters
    case oneLine
    case controlCharactersBesidesLineBreaks
    case notUTF8
    case largerThan(bytes: Int)

    // Operators and passwords.
    case usernameShape
    case usernameCharacters
    case usernameReserved(String)
    case noRole
    case clinicForCoordinatorOnly
    case passwordControlCharacters
    case passwordIsUsername
    case passwordUnchanged
    case passwordChangedMeanwhile
    case passwordNeedsFile
    case passwordsDiffer
    case passwordAloneOnFirstLine
    case noPasswordTyped

    // Patients.
    case nameEmpty
    case nameTooLong(Int)
    case nameCharacter(String)
    case documentNumberShape
    case birthInFuture
    case phoneShape
    case cardShape
    case cardTaken(String)
    case referralForPatient(referral: Int64, patient: Int64)
    case referralFromClinic(referral: Int64, clinic: String)
    case waitlistNotWaiting(entry: Int64, status: String)

    // Dates, windows and ranges of days.
    case windowBackwards
    case windowEnded
    case windowTooLong(days: Int)
    case hoursShape
    case hoursNotLike(String)
    case rangeTooLong(days: Int)
    case rangeBackwards(from: LocalDate, to: LocalDate)
    case atMostDaysAtATime(Int)
    case dateInPast(LocalDate)
    case datePassed(LocalDate)
    case timeInFuture(LocalDateTime)
    case notADate(String)
    case notDateOrTime(String)
    case neitherDateNorTime(String)
    case notASlot(String)
    case notAPatient(String)
    case notAuditHead(String)
    case csvNeedsDate

    // Day surgery.
    case positionRange(first: Int, last: Int, theatre: String, date: LocalDate)
    case notADoctor(String)
    case noChecklistItem
    case notForLocalAnaesthetic(ChecklistItem)
    case backfillChanged(theatre: String, date: LocalDate, now: Int64, expected: Int64)
    case caseNotToday(caseID: Int64, date: LocalDate?)
    case dischargeTooEarly(caseID: Int64, date: LocalDate)
    case dueBeforeDischarge(LocalDate)

    // Files.
    case backupPathMissing
    case isFolder(String)
    case isTheDatabase
    case fileExists(String)
    case isSymbolicLink(String)
    case folderMissing(String)
    case cannotRead(String)
    /// `errno` from the system call that failed, when known.
    case cannotWrite(String, errno: Int32?)

    public func text(_ lang: Language) -> String {
        switch self {
        case let .characters(r):
            return lang.pick("须为 \(r.lowerBound)–\(r.upperBound) 个字符", "\(r.lowerBound)–\(r.upperBound) characters")
        case let .mustBe(r):
            return lang.pick("须在 \(r.lowerBound)–\(r.upperBound) 之间", "must be \(r.lowerBound)–\(r.upperBound)")
        case let .range(r):
            return lang.pick("须在 \(r.lowerBound)–\(r.upperBound) 之间", "\(r.lowerBound)–\(r.upperBound)")
        case .controlCharacters:
            return lang.pick("不能含控制字符", "control characters are not allowed")
        case .oneLine:
            return lang.pick("只能一行，不能含控制字符", "one line, no control characters")
        case .controlCharactersBesidesLineBreaks:
            return lang.pick("除换行外不能含控制字符", "no control characters besides line breaks")
        case .notUTF8:
            return lang.pick("不是 UTF-8 文本", "not UTF-8 text")
        case let .largerThan(bytes):
            return lang.pick("超过 \(bytes) 字节", "larger than \(bytes) bytes")

        case .usernameShape:
            return lang.pick("须为 2–32 个字符：a–z、0–9、'.'、'_' 或 '-'，以字母开头",
                             "2–32 characters: a–z, 0–9, '.', '_' or '-', starting with a letter")
        case .usernameCharacters:
            return lang.pick("只能用 a–z、0–9、'.'、'_' 或 '-'，以字母开头", "only a–z, 0–9, '.', '_' or '-', starting with a letter")
        case let .usernameReserved(name):
            return lang.pick("\(name) 由 SlotDesk 自用，不能作为用户名", "\(name) is reserved for SlotDesk itself")
        case .noRole:
            return lang.pick("至少给一个角色：desk（窗口）、coordinator（医联体协调员）、night（夜班）、admin（管理员）",
                             "give at least one of desk, coordinator, night, admin")
        case .clinicForCoordinatorOnly:
            return lang.pick("只有医联体协调员才绑定医联体机构", "only a coordinator is bound to alliance clinics")
        case .passwordControlCharacters:
            return lang.pick("不能含控制字符（制表符、换行、NUL 等）", "control characters (tabs, new lines, NUL…) are not allowed")
        case .passwordIsUsername:
            return lang.pick("不能与用户名相同", "must not be the username")
        case .passwordUnchanged:
            return lang.pick("新密码不能与旧密码相同", "the new password must differ from the old one")
        case .passwordChangedMeanwhile:
            return lang.pick("密码刚在另一终端上被修改，请重试", "changed meanwhile on another terminal; try again")
        case .passwordNeedsFile:
            return lang.pick("没有可输入密码的终端，请用 --password-file FILE 给出", "give --password-file FILE (no terminal to type it at)")
        case .passwordsDiffer:
            return lang.pick("两次输入的密码不一致", "the two entries differ")
        case .passwordAloneOnFirstLine:
            return lang.pick("文件第一行只能写密码本身", "give the password alone on the first line")
        case .noPasswordTyped:
            return lang.pick("没有输入密码", "no password typed")

        case .nameEmpty:
            return lang.pick("不能为空", "empty")
        case let .nameTooLong(limit):
            return lang.pick("超过 \(limit) 个字符", "longer than \(limit) characters")
        case let .nameCharacter(scalar):
            return lang.pick("含有不允许的字符 \"\(scalar)\"", "contains \"\(scalar)\"")
        case .documentNumberShape:
            return lang.pick("须为 4–32 位字母、数字或 '-'", "4–32 letters, digits or '-'")
        case .birthInFuture:
            return lang.pick("出生日期在今天之后", "in the future")
        case .phoneShape:
            return lang.pick("须为 11 位手机号（1xxxxxxxxxx）或带区号的固话，如 010-12345678",
                             "an 11-digit mobile number (1xxxxxxxxxx) or a landline like 010-12345678")
        case .cardShape:
            return lang.pick("须为 4–32 位字母或数字", "4–32 letters or digits")
        case let .cardTaken(card):
            return lang.pick("就诊卡 \(card) 已属于另一位患者", "card \(card) already belongs to another patient")
        case let .referralForPatient(referral, patient):
            return lang.pick("转诊单 \(referral) 属于患者 \(patient)", "referral \(referral) is for patient \(patient)")
        case let .referralFromClinic(referral, clinic):
            return lang.pick("转诊单 \(referral) 来自 \(clinic)", "referral \(referral) comes from \(clinic)")
        case let .waitlistNotWaiting(entry, status):
            return lang.pick("候补 \(entry) 当前为「\(Self.waitlistStatusZh(status))」，不在等候中", "entry \(entry) is \(status), not waiting")

        case .windowBackwards:
            return lang.pick("结束日期早于开始日期", "the window ends before it starts")
        case .windowEnded:
            return lang.pick("等候期已经结束", "the window has already ended")
        case let .windowTooLong(days):
            return lang.pick("最多等候 \(days) 天", "at most \(days) days of waiting")
        case .hoursShape:
            return lang.pick("格式如 08-12：开始钟点须早于结束钟点", "like 08-12: a first hour before an end hour")
        case let .hoursNotLike(text):
            return lang.pick("格式须如 08-12，而不是 \"\(text)\"", "like 08-12, not \"\(text)\"")
        case let .rangeTooLong(days):
            return lang.pick("起止日期须从前往后，最多 \(days) 天", "the range must run forwards and cover at most \(days) days")
        case let .rangeBackwards(from, to):
            return lang.pick("\(to) 早于 \(from)", "\(to) is before \(from)")
        case let .atMostDaysAtATime(days):
            return lang.pick("一次最多 \(days) 天", "at most \(days) days at a time")
        case let .dateInPast(date):
            return lang.pick("\(date) 已经过去", "\(date) is in the past")
        case let .datePassed(date):
            return lang.pick("\(date) 已过", "\(date) has passed")
        case let .timeInFuture(time):
            return lang.pick("\(time.readable) 还没到", "\(time.readable) is in the future")
        case let .notADate(text):
            return lang.pick("\"\(text)\" 不是 YYYY-MM-DD 格式的日期", "\"\(text)\" is not a date YYYY-MM-DD")
        case let .notDateOrTime(text):
            return lang.pick("\"\(text)\" 须为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM", "\"\(text)\" is not YYYY-MM-DD or YYYY-MM-DDTHH:MM")
        case let .neitherDateNorTime(text):
            return lang.pick("\"\(text)\" 须为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM", "\"\(text)\" is neither YYYY-MM-DD nor YYYY-MM-DDTHH:MM")
        case let .notASlot(text):
            return lang.pick("\"\(text)\" 既不是时段编号，也不是 号源@YYYY-MM-DDTHH（如 D001@2026-11-24T09）",
                             "\"\(text)\" is neither a slot number nor RESOURCE@YYYY-MM-DDTHH (e.g. D001@2026-11-24T09)")
        case let .notAPatient(text):
            return lang.pick("\"\(text)\" 既不是患者编号，也不是证件号码", "\"\(text)\" is neither a patient number nor a document number")
        case let .notAuditHead(text):
            return lang.pick("\"\(text)\" 须为 编号:哈希（记录编号、冒号、64 位十六进制数）",
                             "\"\(text)\" is not ID:HASH (a record id, a colon, 64 hex digits)")
        case .csvNeedsDate:
            return lang.pick("CSV 格式须同时给出 --date", "csv needs --date")

        case let .positionRange(first, last, theatre, date):
            return lang.pick("须在 \(first)–\(last) 之间（\(theatre) \(date)）", "must be \(first)–\(last) on \(theatre) \(date)")
        case let .notADoctor(code):
            return lang.pick("\(code) 不是医生的号源", "\(code) is not a doctor's clinic")
        case .noChecklistItem:
            return lang.pick("至少指定一项核查项目", "name at least one checklist item")
        case let .notForLocalAnaesthetic(item):
            return lang.pick("局麻手术不需要「\(item.label(.zh))」", "\(item.rawValue) is not needed for a local anaesthetic")
        case let .backfillChanged(theatre, date, now, expected):
            return lang.pick("\(theatre) \(date) 的补台病例已变为 \(now)，不再是 \(expected)：候台队列有变，请重新查看",
                             "the back-fill for \(theatre) \(date) is now case \(now), not \(expected): the queue changed; look again")
        case let .caseNotToday(caseID, date):
            return lang.pick(date.map { "手术 \(caseID) 排在 \($0)，不是今天" } ?? "手术 \(caseID) 还没有排定日期，不是今天",
                             "case \(caseID) is on \(date.map { "\($0)" } ?? "-"), not today")
        case let .dischargeTooEarly(caseID, date):
            return lang.pick("手术 \(caseID) 在 \(date)，当天之前不能出院", "case \(caseID) is on \(date): it cannot be discharged before that day")
        case let .dueBeforeDischarge(due):
            return lang.pick("\(due) 早于出院日期", "\(due) is before the discharge")

        case .backupPathMissing:
            return lang.pick("请给出备份文件的路径", "give the path of the backup file")
        case let .isFolder(path):
            return lang.pick("\(path) 是文件夹", "\(path) is a folder")
        case .isTheDatabase:
            return lang.pick("这就是数据库文件本身", "that is the database itself")
        case let .fileExists(path):
            return lang.pick("\(path) 已存在；要覆盖请加 --force", "\(path) exists; give --force to replace it")
        case let .isSymbolicLink(path):
            return lang.pick("\(path) 是符号链接；要覆盖请加 --force", "\(path) is a symbolic link; give --force to replace it")
        case let .folderMissing(path):
            return lang.pick("文件夹 \(path) 不存在", "the folder \(path) does not exist")
        case let .cannotRead(file):
            return lang.pick("无法读取 \(file)", "cannot read \(file)")
        case let .cannotWrite(path, code?):
            return lang.pick("无法写入 \(path)：\(systemError(code, .zh))", "cannot write \(path): \(systemError(code, .en))")
        case let .cannotWrite(path, nil):
            return lang.pick("无法写入 \(path)", "cannot write \(path)")
        }
    }

    static func waitlistStatusZh(_ status: String) -> String {
        switch status {
        case "waiting": return "等候中"
        case "booked": return "已预约"
        case "expired": return "已过期"
        case "no_show": return "爽约"
        case "removed": return "已移除"
        default: return status
        }
    }
}
