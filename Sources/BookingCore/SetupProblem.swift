/// One thing wrong in a setup file, located by line (when known) and field, so an administrator
/// can fix the file in one pass. Field names stay as the file writes them (`session[2].reserved`).
public struct SetupProblem: Equatable, Sendable, CustomStringConvertible {
    public let line: Int?
    public let field: String
    public let reason: Reason

    public init(line: Int?, field: String, reason: Reason) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `line 27: session[2].reserved: must be 0–capacity (4)`, or in Chinese
    /// `第 27 行，session[2].reserved：须在 0 到容量（4）之间`.
    public func text(_ lang: Language) -> String {
        switch lang {
        case .zh: (line.map { "第 \($0) 行，" } ?? "") + "\(field)：\(reason.text(.zh))"
        case .en: (line.map { "line \($0): " } ?? "") + "\(field): \(reason.text(.en))"
        }
    }

    public var description: String { text(.en) }

    /// What is wrong, as a value: the administrator reads it in their own language, the tests can
    /// build every one of them. Where the TOML parser says what it found, its own words are kept
    /// as a quoted detail.
    public enum Reason: Equatable, Sendable {
        // The file as a whole.
        case fileTooLarge(megabytes: Int)
        case notUTF8
        case nulCharacters
        /// The TOML parser's own words.
        case syntax(String)
        /// A table header with nothing after `[` or `[[`.
        case headerWithoutName
        /// A table header that starts with this character instead of a name.
        case headerStartsWith(String)
        case braceInArray
        /// A Unicode line separator (escaped, `\u{2028}`) outside a string.
        case lineSeparator(String)

        // Sections, entries and fields.
        case unknownSection(expected: [String])
        case unknownField(expected: [String])
        /// `[hospital]` or `[calendar]` written as something else.
        case notATable(String)
        /// `[[department]]` and the like written as something else.
        case notEntries(String)
        /// One entry of an `[[…]]` list that is not a table.
        case entryNotATable
        case missing
        case notAString
        case controlCharacters
        case longerThan(Int)
        case notAWholeNumber
        case notAnArrayOfNumbers
        case wholeNumbersOnly
        case notAnArrayOfStrings
        case stringsOnly

        // Values.
        case empty
        /// A number outside `range`.
        case range(ClosedRange<Int>)
        /// A text whose length is outside `range`.
        case characters(ClosedRange<Int>)
        case codeCharacters(String)
        case appearsTwice(String)
        case unknownTimeZone(String)
        case resourceKind(String)
        case noDepartment(String)
        case noResource(String)
        case allianceHorizonShorter
        case turnoverForTheatreOnly
        case weekdays
        case weekdayTwice
        /// `hours` that do not read as `HH-HH`.
        case hoursNotLike(String)
        /// `hours` that read as `HH-HH` but do not run forwards within the day.
        case hoursRange
        case reservedOverCapacity(Int)
        case overlaps(resource: String, weekday: Int, line: Int?)

        // The calendar.
        case notADate(String)
        case notAYear(Int)
        case workdayShape
        case workdaysShape
        case holidayAndWorkday(LocalDate)
        case workdayWeekday(LocalDate)

        public func text(_ lang: Language) -> String {
            switch self {
            case let .fileTooLarge(megabytes):
                return lang.pick("文件超过 \(megabytes) MB", "larger than \(megabytes) MB")
            case .notUTF8:
                return lang.pick("不是 UTF-8 文本，请将文件另存为 UTF-8", "not UTF-8 text; save the file as UTF-8")
            case .nulCharacters:
                return lang.pick("含有 NUL 字符，不是文本文件", "contains NUL characters; not a text file")
            case let .syntax(detail):
                return lang.pick("TOML 语法错误（解析器提示：\(quotedDetail(detail))）", detail)
            case .headerWithoutName:
                return lang.pick("表头须写明表名，如 [[department]]；此处行已结束",
                                 "a table header must name a table, like [[department]]; found the end of the line")
            case let .headerStartsWith(character):
                return lang.pick("表头须以表名开头，如 [[department]]；此处是 \"\(character)\"",
                                 "a table header must start with a name, like [[department]]; found \"\(character)\"")
            case .braceInArray:
                return lang.pick("数组中应为取值的位置出现了 '}'", "a '}' inside an array, where a value should be")
            case let .lineSeparator(escaped):
                return lang.pick("字符串外出现 Unicode 行分隔符（\(escaped)）", "a Unicode line separator (\(escaped)) outside a string")

            case let .unknownSection(expected):
                return lang.pick("未知的段落（应为 \(expected.joined(separator: "、")) 之一）",
                                 "unknown section (expected one of \(expected.joined(separator: ", ")))")
            case let .unknownField(expected):
                return lang.pick("未知的字段（应为 \(expected.joined(separator: "、")) 之一）",
                                 "unknown field (expected one of \(expected.joined(separator: ", ")))")
            case let .notATable(name):
                return lang.pick("须写成表：[\(name)]", "must be a table: [\(name)]")
            case let .notEntries(name):
                return lang.pick("须写成 [[\(name)]] 条目", "must be written as [[\(name)]] entries")
            case .entryNotATable:
                return lang.pick("须写成表", "must be a table")
            case .missing:
                return lang.pick("缺少此项", "is missing")
            case .notAString:
                return lang.pick("须为加引号的字符串", "must be a string in quotes")
            case .controlCharacters:
                return lang.pick("含有控制字符", "contains control characters")
            case let .longerThan(limit):
                return lang.pick("超过 \(limit) 个字符", "is longer than \(limit) characters")
            case .notAWholeNumber:
                return lang.pick("须为整数", "must be a whole number")
            case .notAnArrayOfNumbers:
                return lang.pick("须为数组，如 [1, 3, 5]", "must be an array like [1, 3, 5]")
            case .wholeNumbersOnly:
                return lang.pick("数组中只能有整数", "must contain whole numbers only")
            case .notAnArrayOfStrings:
                return lang.pick("须为字符串数组", "must be an array of strings")
            case .stringsOnly:
                return lang.pick("数组中只能有字符串", "must contain strings only")

            case .empty:
                return lang.pick("不能为空", "must not be empty")
            case let .range(r):
                return lang.pick("须在 \(r.lowerBound)–\(r.upperBound) 之间", "must be \(r.lowerBound)–\(r.upperBound)")
            case let .characters(r):
                return lang.pick("须为 \(r.lowerBound)–\(r.upperBound) 个字符", "must be \(r.lowerBound)–\(r.upperBound) characters")
            case let .codeCharacters(code):
                return lang.pick("只能用大写字母、数字、'-' 或 '_'（\"\(code)\"）", "use upper-case letters, digits, '-' or '_' (\"\(code)\")")
            case let .appearsTwice(code):
                return lang.pick("\(code) 出现了两次", "\(code) appears twice")
            case let .unknownTimeZone(zone):
                return lang.pick("未知的时区 \(zone)", "unknown time zone \(zone)")
            case let .resourceKind(kind):
                return lang.pick("须为 clinic（门诊）、exam（检查）或 theatre（手术室），而不是 \"\(kind)\"",
                                 "must be clinic, exam or theatre, not \"\(kind)\"")
            case let .noDepartment(code):
                return lang.pick("没有科室 \(code)", "no department \(code)")
            case let .noResource(code):
                return lang.pick("没有号源主体 \(code)", "no resource \(code)")
            case .allianceHorizonShorter:
                return lang.pick("不能短于 public_horizon_days（医联体可提前预约的天数不能少于公众）", "must not be shorter than public_horizon_days")
            case .turnoverForTheatreOnly:
                return lang.pick("只有手术室有接台时间", "only a theatre has a turnover")
            case .weekdays:
                return lang.pick("须列出星期 1（周一）到 7（周日）", "must list days 1 (Monday) to 7 (Sunday)")
            case .weekdayTwice:
                return lang.pick("同一天写了两次", "a day appears twice")
            case let .hoursNotLike(text):
                return lang.pick("格式须如 \"08-12\"（即 08、09、10、11 四个时段），而不是 \"\(text)\"",
                                 "must be like \"08-12\" (slots 08, 09, 10, 11), not \"\(text)\"")
            case .hoursRange:
                return lang.pick("格式须如 \"08-12\"：开始钟点 00–23 早于结束钟点 01–24",
                                 "must be like \"08-12\": a first hour 00–23 before an end hour 01–24")
            case let .reservedOverCapacity(capacity):
                return lang.pick("须在 0 到容量（\(capacity)）之间", "must be 0–capacity (\(capacity))")
            case let .overlaps(resource, weekday, line):
                return lang.pick("与 \(resource) 星期 \(weekday) 的另一出诊时间重叠\(line.map { "（第 \($0) 行）" } ?? "")",
                                 "overlaps another session of \(resource) on weekday \(weekday)\(line.map { " (line \($0))" } ?? "")")

            case let .notADate(text):
                return lang.pick("\"\(text)\" 不是 YYYY-MM-DD 格式的日期", "\"\(text)\" is not a date YYYY-MM-DD")
            case let .notAYear(year):
                return lang.pick("\(year) 不是年份", "\(year) is not a year")
            case .workdayShape:
                return lang.pick("须写成 { date = \"YYYY-MM-DD\", weekday = N }", "must be { date = \"YYYY-MM-DD\", weekday = N }")
            case .workdaysShape:
                return lang.pick("须为数组，每项写成 { date = \"YYYY-MM-DD\", weekday = N }",
                                 "must be an array of { date = \"YYYY-MM-DD\", weekday = N }")
            case let .holidayAndWorkday(date):
                return lang.pick("\(date) 既是节假日又是调休工作日", "\(date) is both a holiday and a make-up working day")
            case let .workdayWeekday(date):
                return lang.pick("\(date)：weekday 须在 1–7 之间", "\(date): weekday must be 1–7")
            }
        }
    }
}
