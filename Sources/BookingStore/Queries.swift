import BookingCore
import GRDB

/// Which slots to list.
public struct SlotFilter: Sendable, Equatable {
    public var from: LocalDate
    public var to: LocalDate
    public var department: String?
    public var resource: String?

    public init(from: LocalDate, to: LocalDate? = nil, department: String? = nil, resource: String? = nil) {
        self.from = from
        self.to = to ?? from
        self.department = department
        self.resource = resource
    }
}

/// Which appointments to list.
public struct AppointmentFilter: Sendable, Equatable {
    public var date: LocalDate?
    public var department: String?
    public var resource: String?
    public var patient: PatientReference?
    public var liveOnly = false

    public init(date: LocalDate? = nil, department: String? = nil, resource: String? = nil, patient: PatientReference? = nil, liveOnly: Bool = false) {
        self.date = date
        self.department = department
        self.resource = resource
        self.patient = patient
        self.liveOnly = liveOnly
    }
}

extension Store {
    /// The hospital's name as set up, or nil before any setup.
    public func hospitalName() throws(BookingError) -> (name: String, nameEn: String?)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT name, name_en FROM hospital WHERE id = 1").map { ($0["name"], $0["name_en"]) }
        }
    }

    /// The alliance's clinics, by code.
    public func clinics() throws(BookingError) -> [(code: String, name: String)] {
        try read { db in try Row.fetchAll(db, sql: "SELECT code, name FROM alliance_clinic ORDER BY code").map { ($0["code"], $0["name"]) } }
    }

    public func departments() throws(BookingError) -> [DepartmentView] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM department ORDER BY id").map {
                DepartmentView(id: $0["id"], code: $0["code"], name: $0["name"], nameEn: $0["name_en"], publicHorizonDays: $0["public_horizon_days"],
                               allianceHorizonDays: $0["alliance_horizon_days"], releaseLeadHours: $0["release_lead_hours"],
                               clinicDailyCap: $0["clinic_daily_cap"])
            }
        }
    }

    public func resources(department: String? = nil) throws(BookingError) -> [ResourceView] {
        try read { db in
            if let department, try Int.fetchOne(db, sql: "SELECT 1 FROM department WHERE code = ?", arguments: [department]) == nil {
                throw BookingError.notFound(kind: "department", key: department)
            }
            return try Row.fetchAll(db, sql: """
                SELECT r.id, r.code, d.code AS department, r.kind, r.name, r.name_en, r.title
                FROM resource r JOIN department d ON d.id = r.department_id
                WHERE ? IS NULL OR d.code = ? ORDER BY d.id, r.id
                """, arguments: [department, department]).map {
                ResourceView(id: $0["id"], code: $0["code"], department: $0["department"], kind: ResourceKind(rawValue: $0["kind"]) ?? .clinic,
                             name: $0["name"], nameEn: $0["name_en"], title: $0["title"])
            }
        }
    }

    /// Slots in a date range with their seats as of now.
    public func slots(_ filter: SlotFilter) throws(BookingError) -> [SlotView] {
        let now = self.now
        return try read { db in
            if let d = filter.department, try Int.fetchOne(db, sql: "SELECT 1 FROM department WHERE code = ?", arguments: [d]) == nil {
                throw BookingError.notFound(kind: "department", key: d)
            }
            if let r = filter.resource, try Int.fetchOne(db, sql: "SELECT 1 FROM resource WHERE code = ?", arguments: [r]) == nil {
                throw BookingError.notFound(kind: "resource", key: r)
            }
            // Only the conditions asked for: `? IS NULL OR …` cannot use an index.
            var sql = """
                SELECT s.id, s.date, s.hour, s.capacity, s.reserved, s.added, s.public_used, s.reserved_used, s.calendar_known,
                       r.code AS resource, r.name AS resource_name, d.code AS department,
                       d.public_horizon_days, d.alliance_horizon_days, d.release_lead_hours, d.clinic_daily_cap, d.walk_in_cutoff_minutes
                FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
                WHERE s.date BETWEEN ? AND ? AND s.withdrawn = 0
                """
            var arguments: StatementArguments = [filter.from.description, filter.to.description]
            if let d = filter.department { sql += " AND d.code = ?"; arguments += [d] }
            if let r = filter.resource { sql += " AND r.code = ?"; arguments += [r] }
            sql += " ORDER BY s.date, d.id, r.id, s.hour"
            return try Array(Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments).map { Self.slotView($0, now: now) })
        }
    }

    static func slotView(_ row: Row, now: LocalDateTime) -> SlotView {
        let date = LocalDate(row["date"] as String) ?? LocalDate(dayNumber: 0)
        let hour: Int = row["hour"]
        let policy = BookingPolicy(publicHorizonDays: row["public_horizon_days"], allianceHorizonDays: row["alliance_horizon_days"],
                                   releaseLeadHours: row["release_lead_hours"], clinicDailyCap: row["clinic_daily_cap"],
                                   walkInCutoffMinutes: row["walk_in_cutoff_minutes"] ?? BookingPolicy.defaultWalkInCutoffMinutes)
        let state = SlotState(label: "", date: date, hour: hour, capacity: row["capacity"], reserved: row["reserved"], added: row["added"],
                              publicUsed: row["public_used"], reservedUsed: row["reserved_used"], policy: policy)
        return SlotView(id: row["id"], resource: row["resource"], resourceName: row["resource_name"], department: row["department"],
                        date: date, hour: hour, capacity: state.capacity, reserved: state.reserved, added: state.added,
                        booked: state.booked, reservedUsed: state.reservedUsed, seats: SlotRules.availability(of: state, now: now),
                        calendarKnown: row["calendar_known"], started: state.start <= now,
                        walkInOpen: state.start <= now && now < SlotRules.walkInCloses(state))
    }

    public func appointments(_ filter: AppointmentFilter) throws(BookingError) -> [AppointmentView] {
        try read { db in
            var patientID: Int64?
            if let p = filter.patient {
                guard let id = try Self.resolvePatient(db, p) else { throw BookingError.notFound(kind: "patient", key: p.text) }
                patientID = id
            }
            // Only the conditions asked for: `? IS NULL OR …` cannot use an index, and a resource's
            // day read every appointment ever made. The date is the slot's (a trigger keeps the
            // appointment's equal to it), so a resource's day is found through the slot index.
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let date = filter.date { conditions.append("s.date = ?"); arguments += [date.description] }
            if let department = filter.department { conditions.append("d.code = ?"); arguments += [department] }
            if let resource = filter.resource { conditions.append("r.code = ?"); arguments += [resource] }
            if let patientID { conditions.append("a.patient_id = ?"); arguments += [patientID] }
            if filter.liveOnly { conditions.append("a.status IN ('booked', 'checked_in')") }
            let sql = Self.appointmentSelect + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
                + " ORDER BY a.date, a.hour, r.code, a.id LIMIT 5000"
            return try Array(Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments).map(Self.appointmentView))
        }
    }

    public func appointment(_ id: Int64) throws(BookingError) -> AppointmentView {
        try read { db in try Self.requireAppointment(db, id: id) }
    }
}

extension Store {
    /// A number that changes with every commit to the database from any connection or process,
    /// the store's own included, and stays the same while nothing is committed: the screens poll
    /// it and read again only when it moved. Only equality means anything; the number itself is
    /// this store's (`ChangeWatch`, SQLite's data version), not comparable across stores.
    public func changeMark() throws(BookingError) -> Int64 {
        do {
            return try changes.dataVersion()
        } catch {
            throw Store.translate(error)
        }
    }

    /// Recent no-shows (rule 7) for several patients at once, for flags in lists.
    public func recentNoShows(patients: [Int64]) throws(BookingError) -> [Int64: Int] {
        let now = self.now
        return try read { db in
            var result: [Int64: Int] = [:]
            for id in Set(patients) { result[id] = try Self.recentNoShows(db, patient: id, now: now) }
            return result
        }
    }
}
