import BookingCore
import GRDB

/// What applying a setup file changed.
public struct SetupReport: Sendable, Equatable {
    public var created: [String: Int] = [:]
    public var updated: [String: Int] = [:]
    public var unchanged: [String: Int] = [:]
    /// Rules 10 and 12: booked days the loaded calendar made holidays, stopped as stop-clinic does.
    public var stopped: [StopReport] = []

    public var changedAnything: Bool { created.values.contains { $0 > 0 } || updated.values.contains { $0 > 0 } || !stopped.isEmpty }
}

extension Store {
    /// Applies master data idempotently (setup file, design "Master data"): entries are matched by
    /// code and created or updated; a resource listed in `[[session]]` entries gets exactly those
    /// weekly sessions; calendar years listed are replaced whole. Nothing is ever deleted that
    /// bookings refer to, and a file with any problem changes nothing.
    ///
    /// The setup rows are one transaction with their audit record. What a loaded calendar does to
    /// slots already generated (rule 12: booked days that became holidays stopped as stop-clinic
    /// does, free slots on them withdrawn) can be thousands of patients and slots, so it follows
    /// in transactions of `holidayChunkAppointments` appointments or `holidayChunkSlots` slots
    /// each, so a booking waits for one of them at most (DESIGN, "Deployment and scale"). Each
    /// resource-day is stopped whole with its to-notify entries; the calendar is in before the
    /// first, so nothing can be booked on those days meanwhile, and a run killed midway is
    /// completed by applying the file again. A dry run does the same steps in one transaction
    /// it rolls back, so it reports exactly what a real run would do.
    public func applySetup(_ setup: HospitalSetup, dryRun: Bool = false, by actor: Operator) throws(BookingError) -> SetupReport {
        try actor.require(.setup)
        let now = self.now
        if dryRun {
            return try write(rollback: true) { db in
                var report = try applySetupRows(db, setup, by: actor)
                guard setup.calendar != nil else { return report }
                while true {
                    let (reports, done) = try stopNextHolidays(db, appointments: Self.holidayChunkAppointments, dryRun: true, by: actor, now: now)
                    guard done else { break }
                    report.stopped += reports
                }
                while try withdrawNextHolidaySlots(db, limit: Self.holidayChunkSlots, by: actor, now: now) > 0 {}
                return report
            }
        }
        var report = try write { db in try applySetupRows(db, setup, by: actor) }
        guard setup.calendar != nil else { return report }
        while true {
            let (reports, done) = try write { db in
                try stopNextHolidays(db, appointments: Self.holidayChunkAppointments, dryRun: false, by: actor, now: now)
            }
            guard done else { break }
            report.stopped += reports
            Self.pauseBetweenChunks()
        }
        while try write({ db in try withdrawNextHolidaySlots(db, limit: Self.holidayChunkSlots, by: actor, now: now) }) > 0 {
            Self.pauseBetweenChunks()
        }
        return report
    }

    /// Live appointments a holiday stop handles in one transaction (a busier clinic day goes whole
    /// on its own): each is cancelled, offered the nearest free slot of its department, which
    /// reads that department's coming slots, and put on the to-notify list.
    static let holidayChunkAppointments = 10
    /// Free slots on holidays withdrawn in one transaction, as many as a generation chunk writes.
    static let holidayChunkSlots = 4000

    /// The setup rows of `applySetup`, checked and written inside the caller's transaction with
    /// their audit record when anything changed.
    private func applySetupRows(_ db: Database, _ setup: HospitalSetup, by actor: Operator) throws -> SetupReport {
        let storedDepartments = Set(try String.fetchAll(db, sql: "SELECT code FROM department"))
        var storedResources: [String: ResourceKind] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, kind FROM resource") {
            storedResources[row["code"]] = ResourceKind(rawValue: row["kind"]) ?? .clinic
        }
        let problems = SetupRules.problems(in: setup, storedDepartments: storedDepartments, storedResources: storedResources)
        if !problems.isEmpty { throw BookingError.setupInvalid(problems) }

        var report = SetupReport()
        func count(_ kind: String, _ change: Int) {
            switch change {
            case 1: report.created[kind, default: 0] += 1
            case 2: report.updated[kind, default: 0] += 1
            default: report.unchanged[kind, default: 0] += 1
            }
        }
        if let h = setup.hospital {
            count("hospital", try upsert(db, table: "hospital", key: ("id", 1),
                                         values: ["name": h.name, "name_en": h.nameEn, "time_zone": h.timeZone,
                                                  "referral_expiry_days": h.referralExpiryDays]))
        }
        for d in setup.departments {
            count("department", try upsert(db, table: "department", key: ("code", d.code), values: [
                "name": d.name, "name_en": d.nameEn, "public_horizon_days": d.policy.publicHorizonDays,
                "alliance_horizon_days": d.policy.allianceHorizonDays, "release_lead_hours": d.policy.releaseLeadHours,
                "clinic_daily_cap": d.policy.clinicDailyCap, "walk_in_cutoff_minutes": d.policy.walkInCutoffMinutes,
            ]))
        }
        for r in setup.resources {
            guard let departmentID = try Int64.fetchOne(db, sql: "SELECT id FROM department WHERE code = ?", arguments: [r.department]) else {
                throw BookingError.notFound(kind: "department", key: r.department)
            }
            count("resource", try upsert(db, table: "resource", key: ("code", r.code), values: [
                "department_id": departmentID, "kind": r.kind.rawValue, "name": r.name, "name_en": r.nameEn, "title": r.title,
                "turnover_minutes": r.turnoverMinutes ?? DaySurgeryRules.defaultTurnoverMinutes,
                "preparation": r.preparation, "location": r.location,
            ]))
        }
        for c in setup.clinics {
            count("clinic", try upsert(db, table: "alliance_clinic", key: ("code", c.code), values: ["name": c.name]))
        }
        try replaceSessions(db, setup.sessions, report: &report)
        if let calendar = setup.calendar { try replaceCalendar(db, calendar, report: &report) }
        if report.changedAnything {
            try audit(db, by: actor, action: "setup.apply", entity: "setup", id: nil,
                      after: "created \(report.created.sorted { $0.key < $1.key }), updated \(report.updated.sorted { $0.key < $1.key })")
        }
        return report
    }

    /// Rule 12: whether the holiday calendar of `year` is loaded; slots past it are ordinary weeks.
    public func calendarLoaded(year: Int) throws(BookingError) -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM calendar_year WHERE year = ?)", arguments: [year]) ?? false }
    }

    /// 1 = created, 2 = updated, 0 = unchanged.
    private func upsert(_ db: Database, table: String, key: (String, DatabaseValueConvertible), values: [String: (any DatabaseValueConvertible)?]) throws -> Int {
        let columns = values.keys.sorted()
        let existing = try Row.fetchOne(db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) WHERE \(key.0) = ?", arguments: [key.1])
        let arguments = StatementArguments(columns.map { values[$0]! })
        guard let existing else {
            let all = [key.0] + columns
            try db.execute(sql: "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))",
                           arguments: [key.1] + arguments)
            return 1
        }
        let same = columns.allSatisfy { existing[$0] as DatabaseValue == (values[$0]!?.databaseValue ?? .null) }
        if same { return 0 }
        try db.execute(sql: "UPDATE \(table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE \(key.0) = ?",
                       arguments: arguments + [key.1])
        return 2
    }

    private func replaceSessions(_ db: Database, _ sessions: [HospitalSetup.Session], report: inout SetupReport) throws {
        let byResource = Dictionary(grouping: sessions, by: \.resource)
        for (code, list) in byResource.sorted(by: { $0.key < $1.key }) {
            guard let resourceID = try Int64.fetchOne(db, sql: "SELECT id FROM resource WHERE code = ?", arguments: [code]) else {
                throw BookingError.notFound(kind: "resource", key: code)
            }
            struct Row4: Hashable { let weekday, first, end, capacity, reserved: Int }
            let wanted = Set(list.flatMap { s in s.weekdays.map { Row4(weekday: $0, first: s.firstHour, end: s.endHour, capacity: s.capacity, reserved: s.reserved) } })
            let stored = Set(try Row.fetchAll(db, sql: "SELECT weekday, first_hour, end_hour, capacity, reserved FROM session WHERE resource_id = ?",
                                              arguments: [resourceID]).map {
                Row4(weekday: $0["weekday"], first: $0["first_hour"], end: $0["end_hour"], capacity: $0["capacity"], reserved: $0["reserved"])
            })
            if wanted == stored {
                report.unchanged["session", default: 0] += wanted.count
                continue
            }
            try db.execute(sql: "DELETE FROM session WHERE resource_id = ?", arguments: [resourceID])
            for s in wanted.sorted(by: { ($0.weekday, $0.first) < ($1.weekday, $1.first) }) {
                try db.execute(sql: "INSERT INTO session (resource_id, weekday, first_hour, end_hour, capacity, reserved) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [resourceID, s.weekday, s.first, s.end, s.capacity, s.reserved])
            }
            report.created["session", default: 0] += wanted.subtracting(stored).count
            report.updated["session", default: 0] += stored.subtracting(wanted).count
        }
    }

    private func replaceCalendar(_ db: Database, _ calendar: WorkCalendar, report: inout SetupReport) throws {
        let years = calendar.years.union(calendar.holidays.map(\.year)).union(calendar.workdays.keys.map(\.year))
        for year in years.sorted() {
            var wanted: [String: Int?] = [:]
            for day in calendar.holidays where day.year == year { wanted[day.description] = .some(nil) }
            for (day, weekday) in calendar.workdays where day.year == year { wanted[day.description] = weekday }
            var stored: [String: Int?] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT date, weekday FROM calendar_day WHERE date BETWEEN ? AND ?",
                                        arguments: ["\(year)-01-01", "\(year)-12-31"]) {
                stored[row["date"]] = .some(row["weekday"])
            }
            let known = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM calendar_year WHERE year = ?)", arguments: [year]) ?? false
            if wanted == stored && (known || !calendar.years.contains(year)) {
                report.unchanged["calendar year", default: 0] += 1
                continue
            }
            try db.execute(sql: "DELETE FROM calendar_day WHERE date BETWEEN ? AND ?", arguments: ["\(year)-01-01", "\(year)-12-31"])
            for (day, weekday) in wanted.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO calendar_day (date, kind, weekday) VALUES (?, ?, ?)",
                               arguments: [day, weekday == nil ? "holiday" : "workday", weekday ?? nil])
            }
            if calendar.years.contains(year) { try db.execute(sql: "INSERT OR IGNORE INTO calendar_year (year) VALUES (?)", arguments: [year]) }
            if stored.isEmpty && !known { report.created["calendar year", default: 0] += 1 } else { report.updated["calendar year", default: 0] += 1 }
        }
    }

    /// The master data as stored, for `setup export` and for slot generation.
    public func currentSetup() throws(BookingError) -> HospitalSetup {
        try read { db in try Self.loadSetup(db) }
    }

    static func loadSetup(_ db: Database) throws -> HospitalSetup {
        var setup = HospitalSetup()
        if let row = try Row.fetchOne(db, sql: "SELECT name, name_en, time_zone, referral_expiry_days FROM hospital WHERE id = 1") {
            setup.hospital = .init(name: row["name"], nameEn: row["name_en"], timeZone: row["time_zone"], referralExpiryDays: row["referral_expiry_days"])
        }
        setup.departments = try Row.fetchAll(db, sql: "SELECT * FROM department ORDER BY id").map {
            .init(code: $0["code"], name: $0["name"], nameEn: $0["name_en"],
                  policy: BookingPolicy(publicHorizonDays: $0["public_horizon_days"], allianceHorizonDays: $0["alliance_horizon_days"],
                                        releaseLeadHours: $0["release_lead_hours"], clinicDailyCap: $0["clinic_daily_cap"],
                                        walkInCutoffMinutes: $0["walk_in_cutoff_minutes"]))
        }
        setup.resources = try Row.fetchAll(db, sql: """
            SELECT r.code, d.code AS department, r.kind, r.name, r.name_en, r.title, r.turnover_minutes, r.preparation, r.location
            FROM resource r JOIN department d ON d.id = r.department_id ORDER BY r.id
            """).map {
            let kind = ResourceKind(rawValue: $0["kind"]) ?? .clinic
            return .init(code: $0["code"], department: $0["department"], kind: kind, name: $0["name"], nameEn: $0["name_en"], title: $0["title"],
                         turnoverMinutes: kind == .theatre ? $0["turnover_minutes"] : nil, preparation: $0["preparation"], location: $0["location"])
        }
        // Sessions that share hours, capacity and reserved are written back as one entry with several weekdays.
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.code, s.weekday, s.first_hour, s.end_hour, s.capacity, s.reserved
            FROM session s JOIN resource r ON r.id = s.resource_id ORDER BY r.id, s.first_hour, s.weekday
            """)
        var merged: [HospitalSetup.Session] = []
        for row in rows {
            let code: String = row["code"], first: Int = row["first_hour"], end: Int = row["end_hour"]
            let capacity: Int = row["capacity"], reserved: Int = row["reserved"], weekday: Int = row["weekday"]
            if let last = merged.indices.last, merged[last].resource == code, merged[last].firstHour == first,
               merged[last].endHour == end, merged[last].capacity == capacity, merged[last].reserved == reserved {
                merged[last].weekdays.append(weekday)
            } else {
                merged.append(.init(resource: code, weekdays: [weekday], firstHour: first, endHour: end, capacity: capacity, reserved: reserved))
            }
        }
        setup.sessions = merged
        setup.clinics = try Row.fetchAll(db, sql: "SELECT code, name FROM alliance_clinic ORDER BY id").map { .init(code: $0["code"], name: $0["name"]) }
        var calendar = WorkCalendar()
        calendar.years = Set(try Int.fetchAll(db, sql: "SELECT year FROM calendar_year"))
        for row in try Row.fetchAll(db, sql: "SELECT date, kind, weekday FROM calendar_day") {
            guard let date = LocalDate(row["date"] as String) else { continue }
            if row["kind"] == "holiday" { calendar.holidays.insert(date) } else { calendar.workdays[date] = row["weekday"] }
        }
        setup.calendar = calendar
        return setup
    }
}
