/// Why a file given to `patient import` cannot be read at all (`BookingError.importInvalid`):
/// nothing of it is imported.
public enum ImportProblem: Equatable, Sendable {
    case tooLarge(megabytes: Int)
    case notUTF8
    /// The CSV reader failed: its own words.
    case unreadable(String)

    public func text(_ lang: Language) -> String {
        switch self {
        case let .tooLarge(megabytes):
            return lang.pick("文件超过 \(megabytes) MB", "larger than \(megabytes) MB")
        case .notUTF8:
            return lang.pick("不是 UTF-8 编码；请另存为 UTF-8 CSV", "not UTF-8 text; save it as CSV UTF-8")
        case let .unreadable(detail):
            return lang.pick("不能按 CSV 读取（\(quotedDetail(detail))）", detail)
        }
    }
}

/// Why one row of an import was not imported; the other rows are.
public enum ImportRowProblem: Equatable, Sendable {
    /// Not 2–4 columns (`name,id_number,phone,card`).
    case columns(found: Int)
    /// Refused as the desk would refuse the same patient (rule 4), or by the database.
    case refused(BookingError)

    public func text(_ lang: Language) -> String {
        switch self {
        case let .columns(found):
            return lang.pick("应为 2–4 列（name,id_number,phone,card），实为 \(found) 列",
                             "expected 2–4 columns (name,id_number,phone,card), found \(found)")
        case let .refused(error):
            return error.message(lang)
        }
    }
}
