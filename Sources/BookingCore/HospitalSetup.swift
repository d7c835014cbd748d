/// The master data of a hospital as an administrator writes it in the setup file: departments,
/// resources, weekly sessions, alliance clinics and the holiday calendar.
public struct HospitalSetup: Sendable, Equatable {
    public struct Hospital: Sendable, Equatable {
        public var name: String
        public var nameEn: String?
        public var timeZone: String
        /// Days a pending referral waits before it expires.
        public var referralExpiryDays: Int
        public init(name: String, nameEn: String? = nil, timeZone: String = "Asia/Shanghai",
                    referralExpiryDays: Int = ReferralRules.defaultExpiryDays) {
            self.name = name
            self.nameEn = nameEn
            self.timeZone = timeZone
            self.referralExpiryDays = referralExpiryDays
        }
    }

    public struct Department: Sendable, Equatable {
        public var code: String
        public var name: String
        public var nameEn: String
        public var policy: BookingPolicy
        public var line: Int?
        public init(code: String, name: String, nameEn: String, policy: BookingPolicy = .standard, line: Int? = nil) {
            self.code = code
            self.name = name
            self.nameEn = nameEn
            self.policy = policy
            self.line = line
        }
    }

    public struct Resource: Sendable, Equatable {
        public var code: String
        public var department: String
        public var kind: ResourceKind
        public var name: String
        public var nameEn: String?
        public var title: String?
        /// Theatres only: minutes between cases (rule 11); nil means the default, 15.
        public var turnoverMinutes: Int?
        /// How to prepare, printed on the appointment slip (`空腹8小时`).
        public var preparation: String?
        /// Where to go, printed on the appointment slip (`门诊楼3层 超声科`).
        public var location: String?
        public var line: Int?
        public init(code: String, department: String, kind: ResourceKind, name: String, nameEn: String? = nil,
                    title: String? = nil, turnoverMinutes: Int? = nil, preparation: String? = nil, location: String? = nil, line: Int? = nil) {
            self.preparation = preparation
            self.location = location
            self.code = code
            self.department = department
            self.kind = kind
            self.name = name
            self.nameEn = nameEn
            self.title = title
            self.turnoverMinutes = turnoverMinutes
            self.line = line
        }
    }

    /// A weekly template: on each of `weekdays`, one slot per hour in `firstHour..<endHour`.
    public struct Session: Sendable, Equatable {
        public var resource: String
        public var weekdays: [Int]
        public var firstHour: Int
        public var endHour: Int
        public var capacity: Int
        public var reserved: Int
        public var line: Int?
        public init(resource: String, weekdays: [Int], firstHour: Int, endHour: Int, capacity: Int, reserved: Int, line: Int? = nil) {
            self.resource = resource
            self.weekdays = weekdays
            self.firstHour = firstHour
            self.endHour = endHour
            self.capacity = capacity
            self.reserved = reserved
            self.line = line
        }

        /// `"08-12"` as the file writes it.
        public var hoursText: String {
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            return "\(two(firstHour))-\(two(endHour))"
        }
    }

    public struct Clinic: Sendable, Equatable {
        public var code: String
        public var name: String
        public var line: Int?
        public init(code: String, name: String, line: Int? = nil) {
            self.code = code
            self.name = name
            self.line = line
        }
    }

    public var hospital: Hospital?
    public var departments: [Department] = []
    public var resources: [Resource] = []
    public var sessions: [Session] = []
    public var clinics: [Clinic] = []
    public var calendar: WorkCalendar?

    public init() {}
}

/// Holidays and make-up working days (rule 12). Dates in a year the calendar does not cover are
/// ordinary weeks, and slots on them are flagged as generated without an official calendar.
public struct WorkCalendar: Sendable, Equatable {
    /// Years whose official schedule has been loaded.
    public var years: Set<Int>
    public var holidays: Set<LocalDate>
    /// Make-up working days (调休) and the weekday whose sessions they run.
    public var workdays: [LocalDate: Int]

    public init(years: Set<Int> = [], holidays: Set<LocalDate> = [], workdays: [LocalDate: Int] = [:]) {
        self.years = years
        self.holidays = holidays
        self.workdays = workdays
    }

    /// The weekday whose sessions run on `date`, or nil on a holiday.
    public func sessionWeekday(on date: LocalDate) -> Int? {
        if holidays.contains(date) { return nil }
        return workdays[date] ?? date.weekday
    }

    /// Whether an official schedule covers `date`'s year.
    public func covers(_ date: LocalDate) -> Bool { years.contains(date.year) }
}

/// Checks of a setup before anything is stored.
public enum SetupRules {
    /// Codes are short upper-case identifiers so they can be typed at the desk (`CARD`, `D001`).
    public static func codeProblem(_ code: String) -> SetupProblem.Reason? {
        guard (1...16).contains(code.count) else { return .characters(1...16) }
        guard code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            return .codeCharacters(code)
        }
        return nil
    }

    /// Every problem in `setup`, given the codes already stored in the database.
    public static func problems(in setup: HospitalSetup, storedDepartments: Set<String>, storedResources: [String: ResourceKind]) -> [SetupProblem] {
        var problems: [SetupProblem] = []
        func add(_ line: Int?, _ field: String, _ reason: SetupProblem.Reason) { problems.append(SetupProblem(line: line, field: field, reason: reason)) }

        if let hospital = setup.hospital {
            if hospital.name.trimmingWhitespace().isEmpty { add(nil, "hospital.name", .empty) }
            if !(1...365).contains(hospital.referralExpiryDays) { add(nil, "hospital.referral_expiry_days", .range(1...365)) }
        }
        var departments = storedDepartments
        var seen = Set<String>()
        for (i, d) in setup.departments.enumerated() {
            let field = "department[\(i + 1)]"
            if let p = codeProblem(d.code) { add(d.line, "\(field).code", p) }
            if !seen.insert(d.code).inserted { add(d.line, "\(field).code", .appearsTwice(d.code)) }
            if d.name.trimmingWhitespace().isEmpty { add(d.line, "\(field).name", .empty) }
            if !(0...90).contains(d.policy.publicHorizonDays) { add(d.line, "\(field).public_horizon_days", .range(0...90)) }
            if !(0...90).contains(d.policy.allianceHorizonDays) { add(d.line, "\(field).alliance_horizon_days", .range(0...90)) }
            if d.policy.allianceHorizonDays < d.policy.publicHorizonDays {
                add(d.line, "\(field).alliance_horizon_days", .allianceHorizonShorter)
            }
            if !(0...720).contains(d.policy.releaseLeadHours) { add(d.line, "\(field).release_lead_hours", .range(0...720)) }
            if let cap = d.policy.clinicDailyCap, !(1...500).contains(cap) { add(d.line, "\(field).clinic_daily_cap", .range(1...500)) }
            if !(0...59).contains(d.policy.walkInCutoffMinutes) { add(d.line, "\(field).walk_in_cutoff_minutes", .range(0...59)) }
            departments.insert(d.code)
        }
        var resources = storedResources
        seen = []
        for (i, r) in setup.resources.enumerated() {
            let field = "resource[\(i + 1)]"
            if let p = codeProblem(r.code) { add(r.line, "\(field).code", p) }
            if !seen.insert(r.code).inserted { add(r.line, "\(field).code", .appearsTwice(r.code)) }
            if !departments.contains(r.department) { add(r.line, "\(field).department", .noDepartment(r.department)) }
            if r.name.trimmingWhitespace().isEmpty { add(r.line, "\(field).name", .empty) }
            if let text = r.preparation, text.trimmingWhitespace().isEmpty || text.count > 200 { add(r.line, "\(field).preparation", .characters(1...200)) }
            if let text = r.location, text.trimmingWhitespace().isEmpty || text.count > 100 { add(r.line, "\(field).location", .characters(1...100)) }
            if let turnover = r.turnoverMinutes {
                if r.kind != .theatre { add(r.line, "\(field).turnover_minutes", .turnoverForTheatreOnly) }
                if !DaySurgeryRules.turnoverRange.contains(turnover) { add(r.line, "\(field).turnover_minutes", .range(DaySurgeryRules.turnoverRange)) }
            }
            resources[r.code] = r.kind
        }
        var taken: [String: [(weekday: Int, hours: Range<Int>, line: Int?)]] = [:]
        for (i, s) in setup.sessions.enumerated() {
            let field = "session[\(i + 1)]"
            if resources[s.resource] == nil { add(s.line, "\(field).resource", .noResource(s.resource)) }
            if s.weekdays.isEmpty || !s.weekdays.allSatisfy({ (1...7).contains($0) }) {
                add(s.line, "\(field).weekdays", .weekdays)
            }
            if Set(s.weekdays).count != s.weekdays.count { add(s.line, "\(field).weekdays", .weekdayTwice) }
            if !(0...23).contains(s.firstHour) || !(1...24).contains(s.endHour) || s.endHour <= s.firstHour {
                add(s.line, "\(field).hours", .hoursRange)
                continue
            }
            if !(1...500).contains(s.capacity) { add(s.line, "\(field).capacity", .range(1...500)) }
            if s.reserved < 0 || s.reserved > s.capacity { add(s.line, "\(field).reserved", .reservedOverCapacity(s.capacity)) }
            for day in Set(s.weekdays) {
                let hours = s.firstHour..<s.endHour
                if let clash = taken[s.resource, default: []].first(where: { $0.weekday == day && $0.hours.overlaps(hours) }) {
                    add(s.line, "\(field).hours", .overlaps(resource: s.resource, weekday: day, line: clash.line))
                }
                taken[s.resource, default: []].append((day, hours, s.line))
            }
        }
        seen = []
        for (i, c) in setup.clinics.enumerated() {
            let field = "clinic[\(i + 1)]"
            if let p = codeProblem(c.code) { add(c.line, "\(field).code", p) }
            if !seen.insert(c.code).inserted { add(c.line, "\(field).code", .appearsTwice(c.code)) }
            if c.name.trimmingWhitespace().isEmpty { add(c.line, "\(field).name", .empty) }
        }
        if let calendar = setup.calendar {
            for date in calendar.holidays where calendar.workdays[date] != nil {
                add(nil, "calendar", .holidayAndWorkday(date))
            }
            for (date, weekday) in calendar.workdays where !(1...7).contains(weekday) {
                add(nil, "calendar.workdays", .workdayWeekday(date))
            }
        }
        return problems
    }
}
