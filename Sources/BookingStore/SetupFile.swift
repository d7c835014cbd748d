import BookingCore
import Foundation
import TOMLKit

/// Reads a setup file (TOML) into a `HospitalSetup`, collecting every problem with its line and
/// field instead of stopping at the first, so an administrator can fix a file in one pass.
public enum SetupFile {
    /// Largest setup file accepted: a real hospital's is a few hundred kilobytes.
    public static let maxBytes = 8 * 1024 * 1024

    public static func parse(data: Data) -> Result<HospitalSetup, BookingError> {
        guard data.count <= maxBytes else {
            return .failure(.setupInvalid([SetupProblem(line: nil, field: "file", reason: .fileTooLarge(megabytes: maxBytes / 1024 / 1024))]))
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8) else {
            return .failure(.setupInvalid([SetupProblem(line: nil, field: "file", reason: .notUTF8)]))
        }
        return parse(text: text)
    }

    public static func parse(text: String) -> Result<HospitalSetup, BookingError> {
        if text.contains("\0") {
            return .failure(.setupInvalid([SetupProblem(line: nil, field: "file", reason: .nulCharacters)]))
        }
        if let problem = TOMLGuard.unsafeHeader(in: text) { return .failure(.setupInvalid([problem])) }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return .failure(.setupInvalid([SetupProblem(line: error.source.begin.line, field: "syntax", reason: .syntax(error.description))]))
        } catch {
            return .failure(.setupInvalid([SetupProblem(line: nil, field: "syntax", reason: .syntax("\(error)"))]))
        }
        var reader = Reader(lines: ArrayTableLines(text: text))
        let setup = reader.read(table)
        return reader.problems.isEmpty ? .success(setup) : .failure(.setupInvalid(reader.problems))
    }

    /// Line numbers of each `[[name]]` header, so problems in the n-th entry can point at it.
    struct ArrayTableLines {
        var lines: [String: [Int]] = [:]
        var tableLines: [String: Int] = [:]

        init(text: String) {
            var number = 0
            // Any line ending counts (Windows editors save CRLF, which Swift reads as one character).
            // Lines end at LF or CRLF (Windows editors), which Swift reads as one character; other
            // Unicode line separators inside values or comments are not line ends for TOML.
            for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
                number += 1
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("[["), let end = trimmed.range(of: "]]") {
                    let name = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                    lines[name, default: []].append(number)
                } else if trimmed.hasPrefix("["), let end = trimmed.firstIndex(of: "]") {
                    let name = trimmed[trimmed.index(after: trimmed.startIndex)..<end].trimmingCharacters(in: .whitespaces)
                    tableLines[name] = number
                }
            }
        }

        func line(_ name: String, _ index: Int) -> Int? {
            guard let list = lines[name], index < list.count else { return nil }
            return list[index]
        }
    }

    struct Reader {
        let lines: ArrayTableLines
        var problems: [SetupProblem] = []

        init(lines: ArrayTableLines) { self.lines = lines }

        mutating func problem(_ line: Int?, _ field: String, _ reason: SetupProblem.Reason) {
            problems.append(SetupProblem(line: line, field: field, reason: reason))
        }

        static let topLevel: Set<String> = ["hospital", "department", "resource", "session", "clinic", "calendar"]

        mutating func read(_ table: TOMLTable) -> HospitalSetup {
            var setup = HospitalSetup()
            for key in table.keys where !Self.topLevel.contains(key) {
                problem(nil, key, .unknownSection(expected: Self.topLevel.sorted()))
            }
            if let value = table["hospital"] {
                if let hospital = value.table {
                    let line = lines.tableLines["hospital"]
                    var entry = Entry(table: hospital, field: "hospital", line: line)
                    let name = entry.string("name", required: true) ?? ""
                    let nameEn = entry.string("name_en")
                    let zone = entry.string("timezone") ?? "Asia/Shanghai"
                    if TimeZone(identifier: zone) == nil { entry.problem("timezone", .unknownTimeZone(zone)) }
                    let expiry = entry.int("referral_expiry_days") ?? ReferralRules.defaultExpiryDays
                    entry.finish(allowed: ["name", "name_en", "timezone", "referral_expiry_days"])
                    problems += entry.problems
                    setup.hospital = .init(name: name, nameEn: nameEn, timeZone: zone, referralExpiryDays: expiry)
                } else {
                    problem(nil, "hospital", .notATable("hospital"))
                }
            }
            for (i, t) in arrayOfTables(table, "department").enumerated() {
                var e = Entry(table: t, field: "department[\(i + 1)]", line: lines.line("department", i))
                let d = HospitalSetup.Department(
                    code: e.string("code", required: true) ?? "",
                    name: e.string("name", required: true) ?? "",
                    nameEn: e.string("name_en") ?? "",
                    policy: BookingPolicy(
                        publicHorizonDays: e.int("public_horizon_days") ?? BookingPolicy.standard.publicHorizonDays,
                        allianceHorizonDays: e.int("alliance_horizon_days") ?? BookingPolicy.standard.allianceHorizonDays,
                        releaseLeadHours: e.int("release_lead_hours") ?? BookingPolicy.standard.releaseLeadHours,
                        clinicDailyCap: e.int("clinic_daily_cap"),
                        walkInCutoffMinutes: e.int("walk_in_cutoff_minutes") ?? BookingPolicy.defaultWalkInCutoffMinutes),
                    line: e.line)
                e.finish(allowed: ["code", "name", "name_en", "public_horizon_days", "alliance_horizon_days", "release_lead_hours", "clinic_daily_cap",
                                   "walk_in_cutoff_minutes"])
                problems += e.problems
                setup.departments.append(d)
            }
            for (i, t) in arrayOfTables(table, "resource").enumerated() {
                var e = Entry(table: t, field: "resource[\(i + 1)]", line: lines.line("resource", i))
                let kindText = e.string("kind", required: true) ?? "clinic"
                let kind = ResourceKind(rawValue: kindText)
                if kind == nil { e.problem("kind", .resourceKind(kindText)) }
                let r = HospitalSetup.Resource(
                    code: e.string("code", required: true) ?? "",
                    department: e.string("department", required: true) ?? "",
                    kind: kind ?? .clinic,
                    name: e.string("name", required: true) ?? "",
                    nameEn: e.string("name_en"),
                    title: e.string("title"),
                    turnoverMinutes: e.int("turnover_minutes"),
                    preparation: e.string("preparation"),
                    location: e.string("location"),
                    line: e.line)
                e.finish(allowed: ["code", "department", "kind", "name", "name_en", "title", "turnover_minutes", "preparation", "location"])
                problems += e.problems
                setup.resources.append(r)
            }
            for (i, t) in arrayOfTables(table, "session").enumerated() {
                var e = Entry(table: t, field: "session[\(i + 1)]", line: lines.line("session", i))
                let hoursText = e.string("hours", required: true) ?? ""
                let hours = Self.hours(hoursText)
                if hours == nil && !hoursText.isEmpty { e.problem("hours", .hoursNotLike(hoursText)) }
                let s = HospitalSetup.Session(
                    resource: e.string("resource", required: true) ?? "",
                    weekdays: e.intArray("weekdays", required: true) ?? [],
                    firstHour: hours?.0 ?? 0, endHour: hours?.1 ?? 1,
                    capacity: e.int("capacity", required: true) ?? 1,
                    reserved: e.int("reserved") ?? 0,
                    line: e.line)
                e.finish(allowed: ["resource", "weekdays", "hours", "capacity", "reserved"])
                problems += e.problems
                setup.sessions.append(s)
            }
            for (i, t) in arrayOfTables(table, "clinic").enumerated() {
                var e = Entry(table: t, field: "clinic[\(i + 1)]", line: lines.line("clinic", i))
                let c = HospitalSetup.Clinic(code: e.string("code", required: true) ?? "", name: e.string("name", required: true) ?? "", line: e.line)
                e.finish(allowed: ["code", "name"])
                problems += e.problems
                setup.clinics.append(c)
            }
            if let value = table["calendar"] {
                if let cal = value.table {
                    setup.calendar = readCalendar(cal)
                } else {
                    problem(nil, "calendar", .notATable("calendar"))
                }
            }
            return setup
        }

        mutating func arrayOfTables(_ table: TOMLTable, _ name: String) -> [TOMLTable] {
            guard let value = table[name] else { return [] }
            guard let array = value.array else {
                problem(lines.tableLines[name], name, .notEntries(name))
                return []
            }
            var tables: [TOMLTable] = []
            for (i, item) in array.enumerated() {
                if let t = item.table { tables.append(t) } else { problem(lines.line(name, i), "\(name)[\(i + 1)]", .entryNotATable) }
            }
            return tables
        }

        mutating func readCalendar(_ cal: TOMLTable) -> WorkCalendar {
            var e = Entry(table: cal, field: "calendar", line: lines.tableLines["calendar"])
            var calendar = WorkCalendar()
            for text in e.stringArray("holidays") ?? [] {
                if let date = LocalDate(text) { calendar.holidays.insert(date) } else { e.problem("holidays", .notADate(text)) }
            }
            if let value = cal["workdays"] {
                if let array = value.array {
                    for (i, item) in array.enumerated() {
                        guard let t = item.table else { e.problem("workdays[\(i + 1)]", .workdayShape); continue }
                        var w = Entry(table: t, field: "calendar.workdays[\(i + 1)]", line: e.line)
                        let dateText = w.string("date", required: true) ?? ""
                        let weekday = w.int("weekday", required: true)
                        w.finish(allowed: ["date", "weekday"])
                        e.problems += w.problems
                        guard let date = LocalDate(dateText) else {
                            if !dateText.isEmpty { e.problem("workdays[\(i + 1)].date", .notADate(dateText)) }
                            continue
                        }
                        if let weekday { calendar.workdays[date] = weekday }
                    }
                } else {
                    e.problem("workdays", .workdaysShape)
                }
            }
            var years = Set(e.intArray("years") ?? [])
            if e.table["years"] == nil {
                years = Set(calendar.holidays.map(\.year)).union(calendar.workdays.keys.map(\.year))
            }
            for year in years where !(1900...9999).contains(year) { e.problem("years", .notAYear(year)) }
            calendar.years = years.filter { (1900...9999).contains($0) }
            e.finish(allowed: ["years", "holidays", "workdays"])
            problems += e.problems
            return calendar
        }

        /// `"08-12"` → (8, 12): slots 08, 09, 10 and 11.
        static func hours(_ text: String) -> (Int, Int)? {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let a = Int(parts[0].trimmingCharacters(in: .whitespaces)),
                  let b = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
            return (a, b)
        }
    }

    /// One table of the file with typed accessors that record what is wrong.
    struct Entry {
        let table: TOMLTable
        let field: String
        let line: Int?
        var problems: [SetupProblem] = []

        init(table: TOMLTable, field: String, line: Int?) {
            self.table = table
            self.field = field
            self.line = line
        }

        mutating func problem(_ key: String, _ reason: SetupProblem.Reason) {
            problems.append(SetupProblem(line: line, field: "\(field).\(key)", reason: reason))
        }

        mutating func string(_ key: String, required: Bool = false) -> String? {
            guard let value = table[key] else {
                if required { problem(key, .missing) }
                return nil
            }
            guard let text = value.string else { problem(key, .notAString); return nil }
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problem(key, .controlCharacters)
                return nil
            }
            if text.count > 200 { problem(key, .longerThan(200)); return nil }
            return text.trimmingWhitespace()
        }

        mutating func int(_ key: String, required: Bool = false) -> Int? {
            guard let value = table[key] else {
                if required { problem(key, .missing) }
                return nil
            }
            guard let number = value.int else { problem(key, .notAWholeNumber); return nil }
            return number
        }

        mutating func intArray(_ key: String, required: Bool = false) -> [Int]? {
            guard let value = table[key] else {
                if required { problem(key, .missing) }
                return nil
            }
            guard let array = value.array else { problem(key, .notAnArrayOfNumbers); return nil }
            var result: [Int] = []
            for item in array {
                guard let n = item.int else { problem(key, .wholeNumbersOnly); return nil }
                result.append(n)
            }
            return result
        }

        mutating func stringArray(_ key: String) -> [String]? {
            guard let value = table[key] else { return nil }
            guard let array = value.array else { problem(key, .notAnArrayOfStrings); return nil }
            var result: [String] = []
            for item in array {
                guard let s = item.string else { problem(key, .stringsOnly); return nil }
                result.append(s)
            }
            return result
        }

        mutating func finish(allowed: Set<String>) {
            for key in table.keys where !allowed.contains(key) {
                problem(key, .unknownField(expected: allowed.sorted()))
            }
        }
    }
}
