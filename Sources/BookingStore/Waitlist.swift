import BookingCore
import GRDB

/// What the desk asks for when putting a patient on the waitlist.
public struct WaitlistRequest: Sendable, Equatable {
    public var patient: PatientReference
    public var department: String
    public var resource: String?
    public var firstDate: LocalDate
    public var lastDate: LocalDate
    public var firstHour = 0
    public var endHour = 24
    /// Nil: from the referral, else from age and priority group (rule 8).
    public var priority: PriorityClass?
    /// Wait for an alliance seat on behalf of this referral (its clinic's reserved seats count).
    public var referral: Int64?
    /// Rule 7: why a flagged patient may still be booked when a seat frees.
    public var reason: String?

    public init(patient: PatientReference, department: String, resource: String? = nil, firstDate: LocalDate, lastDate: LocalDate,
                firstHour: Int = 0, endHour: Int = 24, priority: PriorityClass? = nil, referral: Int64? = nil, reason: String? = nil) {
        self.patient = patient
        self.department = department
        self.resource = resource
        self.firstDate = firstDate
        self.lastDate = lastDate
        self.firstHour = firstHour
        self.endHour = endHour
        self.priority = priority
        self.referral = referral
        self.reason = reason
    }
}

/// A waitlist entry as the desk reads it.
public struct WaitlistView: Sendable, Equatable {
    public let id: Int64
    public let patientID: Int64
    public let patientName: String
    public let department: String
    public let resource: String?
    public let firstDate: LocalDate
    public let lastDate: LocalDate
    public let firstHour: Int
    public let endHour: Int
    public let priority: PriorityClass
    public let headOfClass: Bool
    public let waitingSince: LocalDateTime
    public let channel: BookingChannel
    public let clinic: String?
    public let referral: Int64?
    public let status: String
    public let appointmentID: Int64?
}

/// A patient someone must telephone, and why.
public struct NotificationView: Sendable, Equatable {
    public enum Kind: String, Sendable { case waitlistBooked = "waitlist_booked", stopClinic = "stop_clinic" }
    public let id: Int64
    public let kind: Kind
    public let patientID: Int64
    public let patientName: String
    public let phone: String?
    /// The appointment booked from the waitlist, or the one the hospital cancelled.
    public let appointment: AppointmentView
    /// Stop-clinic: the nearest free slot offered, not yet booked.
    public let offeredSlot: SlotView?
    public let rebookedAppointmentID: Int64?
    /// Stop-clinic: the slot the patient was rebooked into, as the desk names it.
    public let rebookedSlot: String?
    public let waitlistID: Int64?
    public let createdAt: String
    public let doneAt: String?

    public var maskedPhone: String? { phone.map(Privacy.maskPhone) }
}

extension Store {
    static let waitlistOperator = Operator(name: "system:waitlist", terminal: "-", roles: [.admin])

    /// Puts a patient on the waitlist, then serves the waitlist at once: a seat may already be free.
    public func addToWaitlist(_ request: WaitlistRequest, by actor: Operator) throws(BookingError) -> WaitlistView {
        try addingToWaitlist(request, by: actor, dryRun: false).entry
    }

    /// What `addToWaitlist` would do now, rolled back: the entry, or the refusal, and the
    /// appointment it would book at once when a seat is already free — so the desk can name the
    /// slot and ask rather than book silently.
    public func previewWaitlist(_ request: WaitlistRequest, by actor: Operator) throws(BookingError) -> (entry: WaitlistView, booked: AppointmentView?) {
        try addingToWaitlist(request, by: actor, dryRun: true)
    }

    private func addingToWaitlist(_ request: WaitlistRequest, by actor: Operator,
                                  dryRun: Bool) throws(BookingError) -> (entry: WaitlistView, booked: AppointmentView?) {
        try actor.require(.waitlist)
        let now = self.now
        if let refusal = WaitlistRules.checkWindow(firstDate: request.firstDate, lastDate: request.lastDate, firstHour: request.firstHour,
                                                   endHour: request.endHour, today: now.date) { throw refusal }
        let reason = try FreeText.optionalLine(request.reason, field: "reason", limit: 200)
        return try write(rollback: dryRun) { db in
            guard let patientID = try Self.resolvePatient(db, request.patient) else { throw BookingError.notFound(kind: "patient", key: request.patient.text) }
            guard let departmentID = try Int64.fetchOne(db, sql: "SELECT id FROM department WHERE code = ?", arguments: [request.department.uppercased()]) else {
                throw BookingError.notFound(kind: "department", key: request.department)
            }
            var resourceID: Int64?
            if let code = request.resource {
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM resource WHERE code = ? AND department_id = ? AND kind <> 'theatre'",
                                                  arguments: [code.uppercased(), departmentID]) else {
                    throw BookingError.notFound(kind: "resource", key: "\(code) in \(request.department)")
                }
                resourceID = id
            }
            if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM waitlist WHERE patient_id = ? AND department_id = ? AND status = 'waiting'",
                                                 arguments: [patientID, departmentID]) {
                throw BookingError.waitlistExists(existing: existing)
            }
            var channel = BookingChannel.publicDesk
            var clinicID: Int64?
            var priority = try request.priority ?? Self.derivedPriority(db, patient: patientID, on: request.firstDate)
            if let rid = request.referral {
                try actor.require(.bookAlliance)
                let r = try Self.requireReferral(db, id: rid, now: now)
                if let refusal = ReferralRules.checkBookable(id: rid, status: r.status, direction: r.direction) { throw refusal }
                guard r.patientID == patientID else { throw BookingError.invalidInput(field: "patient", problem: .referralForPatient(referral: rid, patient: r.patientID)) }
                guard r.department == request.department.uppercased() else { throw BookingError.referralMismatch(referral: rid, department: r.department) }
                channel = .alliance
                clinicID = try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [r.clinic])
                priority = request.priority ?? r.urgency.priority
                if resourceID == nil, let code = r.resource {
                    resourceID = try Int64.fetchOne(db, sql: "SELECT id FROM resource WHERE code = ?", arguments: [code])
                }
                if priority == .green && r.urgency != .green { throw BookingError.greenNeedsReferral }
            } else if priority == .green {
                throw BookingError.greenNeedsReferral
            }
            // Rule 7, as at booking: a flagged patient waits only with a reason, or would wait forever.
            _ = try markOverdueNoShows(db, patient: patientID, now: now)
            let noShows = try Int.fetchOne(db, sql: "SELECT count(*) FROM appointment WHERE patient_id = ? AND status = 'no_show' AND date >= ?",
                                           arguments: [patientID, AppointmentRules.noShowWindowStart(today: now.date).description]) ?? 0
            if noShows >= AppointmentRules.noShowFlagThreshold && reason == nil { throw BookingError.patientFlagged(noShows: noShows) }
            try db.execute(sql: """
                INSERT INTO waitlist (patient_id, department_id, resource_id, first_date, last_date, first_hour, end_hour, priority,
                                      waiting_since, channel, clinic_id, referral_id, reason, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [patientID, departmentID, resourceID, request.firstDate.description, request.lastDate.description, request.firstHour,
                                 request.endHour, priority.rawValue, now.description, channel.rawValue, clinicID, request.referral,
                                 reason, now.description, actor.name])
            let id = db.lastInsertedRowID
            try audit(db, by: actor, action: "waitlist.add", entity: "waitlist", id: id,
                      after: "patient \(patientID) \(request.department.uppercased()) \(request.firstDate)..\(request.lastDate) \(priority.rawValue)")
            try serveWaitlist(db, now: now)
            let entry = try Self.requireWaitlist(db, id: id)
            return (entry, try entry.appointmentID.flatMap { try Self.appointment(db, id: $0) })
        }
    }

    public func removeFromWaitlist(_ id: Int64, by actor: Operator) throws(BookingError) -> WaitlistView {
        try actor.require(.waitlist)
        let now = self.now
        return try write { db in
            let entry = try Self.requireWaitlist(db, id: id)
            guard entry.status == "waiting" else {
                throw BookingError.invalidInput(field: "waitlist", problem: .waitlistNotWaiting(entry: id, status: entry.status))
            }
            try db.execute(sql: "UPDATE waitlist SET status = 'removed', closed_at = ? WHERE id = ?", arguments: [now.description, id])
            try audit(db, by: actor, action: "waitlist.remove", entity: "waitlist", id: id, before: "waiting", after: "removed")
            return try Self.requireWaitlist(db, id: id)
        }
    }

    /// The waiting entries in the order they will be served (or every entry with `all`).
    public func waitlist(department: String? = nil, all: Bool = false) throws(BookingError) -> [WaitlistView] {
        let today = now.date
        return try read { db in
            let rows = try Row.fetchAll(db, sql: Self.waitlistSelect + " WHERE (?1 IS NULL OR d.code = ?1) AND (?2 = 1 OR w.status = 'waiting') LIMIT 5000",
                                        arguments: [department?.uppercased(), all])
            return rows.map(Self.waitlistView)
                .map { $0.status == "waiting" && $0.lastDate < today ? $0.with(status: "expired") : $0 }
                .sorted { a, b in
                    if (a.status == "waiting") != (b.status == "waiting") { return a.status == "waiting" }
                    return WaitlistRules.servedBefore(a.entry, b.entry)
                }
        }
    }

    /// Serves the waitlist now: what the clock has released since the last command goes to
    /// those waiting. Screens run it every minute; `slotdesk waitlist serve` runs it from a script.
    /// Returns the appointments booked.
    @discardableResult
    public func serveWaitlist(by actor: Operator) throws(BookingError) -> [Int64] {
        try actor.require(.waitlist)
        let now = self.now
        return try write { db in
            let before = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM appointment") ?? 0
            try serveWaitlist(db, now: now)
            return try Int64.fetchAll(db, sql: "SELECT appointment_id FROM waitlist WHERE status = 'booked' AND appointment_id > ?", arguments: [before])
        }
    }

    /// Runs `body` as one command in one write transaction after serving the waitlist in the same
    /// transaction. What serving booked is committed whatever becomes of `body`: when it booked
    /// (or expired) anything, `body` runs inside a savepoint, and a refusal undoes only `body`'s
    /// own changes before committing and rethrowing. When serving changed nothing, no savepoint is
    /// taken (the common case costs nothing more). With `rollback`, a dry run, both are undone.
    func writeServingWaitlistFirst<T>(now: LocalDateTime, rollback: Bool = false, _ body: (Database) throws -> T) throws(BookingError) -> T {
        let outcome: Result<T, any Error> = try write(rollback: rollback) { db in
            let before = db.totalChangesCount
            try serveWaitlist(db, now: now)
            guard db.totalChangesCount != before else { return .success(try body(db)) }
            try db.execute(sql: "SAVEPOINT command_body")
            do {
                let result = try body(db)
                try db.execute(sql: "RELEASE command_body")
                return .success(result)
            } catch {
                try db.execute(sql: "ROLLBACK TO command_body")
                try db.execute(sql: "RELEASE command_body")
                return .failure(error)
            }
        }
        switch outcome {
        case let .success(result): return result
        case let .failure(error as BookingError): throw error
        case let .failure(error): throw Store.translate(error)
        }
    }

    /// Serves the waitlist (rules 6 and 8): entries by class, then head of class, then waiting
    /// time; each gets the earliest free seat it may take without breaking a rule. Runs inside the
    /// transaction of every command that can free a seat — and at the start of every booking, so
    /// reserved seats released by the clock go to those waiting before anyone else.
    func serveWaitlist(_ db: Database, now: LocalDateTime) throws {
        guard try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM waitlist WHERE status = 'waiting')").firstRow({ _ in }, { $0.bool(0) }) ?? false else {
            return
        }
        try db.execute(sql: "UPDATE waitlist SET status = 'expired', closed_at = ? WHERE status = 'waiting' AND last_date < ?",
                       arguments: [now.description, now.date.description])
        let entries = try Row.fetchAll(db, sql: Self.waitlistSelect + " WHERE w.status = 'waiting'").map(Self.waitlistView)
            .sorted { WaitlistRules.servedBefore($0.entry, $1.entry) }
        for entry in entries {
            try serve(entry, db: db, now: now)
        }
    }

    private func serve(_ entry: WaitlistView, db: Database, now: LocalDateTime) throws {
        let first = max(entry.firstDate, now.date)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.id FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
            WHERE d.code = ? AND (? IS NULL OR r.code = ?) AND s.date BETWEEN ? AND ? AND s.hour >= ? AND s.hour < ?
              AND s.withdrawn = 0 AND s.public_used + s.reserved_used < s.capacity + s.added
            ORDER BY s.date, s.hour, r.id
            LIMIT 200
            """), arguments: [entry.department, entry.resource, entry.resource, first.description, entry.lastDate.description,
                              entry.firstHour, entry.endHour])
        let clinicID = try entry.clinic.flatMap { try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [$0]) }
        for row in rows {
            let slot = try Self.slotRow(db, .id(row["id"]))
            guard case let .success(pool) = try Self.seat(db, for: entry.channel, in: slot, clinic: clinicID, code: entry.clinic, now: now) else { continue }
            let reason = try String.fetchOne(db, sql: "SELECT reason FROM waitlist WHERE id = ?", arguments: [entry.id])
            do {
                _ = try checkPatientRules(db, patient: entry.patientID, slot: slot, now: now, reason: reason)
            } catch is BookingError {
                continue
            }
            let appointment = try insertAppointment(db, patient: entry.patientID, slot: slot, channel: entry.channel, pool: pool, clinic: clinicID,
                                                    priority: entry.priority, reason: reason, referral: entry.referral,
                                                    by: Self.waitlistOperator, now: now, originalBookedAt: entry.waitingSince.description)
            try db.execute(sql: "UPDATE waitlist SET status = 'booked', appointment_id = ?, closed_at = ? WHERE id = ?",
                           arguments: [appointment, now.description, entry.id])
            try db.execute(sql: "INSERT INTO notification (patient_id, kind, appointment_id, waitlist_id, created_at) VALUES (?, 'waitlist_booked', ?, ?, ?)",
                           arguments: [entry.patientID, appointment, entry.id, now.description])
            try audit(db, by: Self.waitlistOperator, action: "waitlist.book", entity: "appointment", id: appointment,
                      after: "waitlist \(entry.id) patient \(entry.patientID) slot \(slot.state.label) \(entry.priority.rawValue)")
            return
        }
    }

    static let waitlistSelect = """
        SELECT w.id, w.patient_id, p.name AS patient_name, d.code AS department, r.code AS resource, w.first_date, w.last_date,
               w.first_hour, w.end_hour, w.priority, w.head_of_class, w.waiting_since, w.channel, c.code AS clinic, w.referral_id,
               w.status, w.appointment_id
        FROM waitlist w
        JOIN patient p ON p.id = w.patient_id
        JOIN department d ON d.id = w.department_id
        LEFT JOIN resource r ON r.id = w.resource_id
        LEFT JOIN alliance_clinic c ON c.id = w.clinic_id
        """

    static func requireWaitlist(_ db: Database, id: Int64) throws -> WaitlistView {
        guard let row = try Row.fetchOne(db, sql: waitlistSelect + " WHERE w.id = ?", arguments: [id]) else {
            throw BookingError.notFound(kind: "waitlist", key: "\(id)")
        }
        return waitlistView(row)
    }

    static func waitlistView(_ row: Row) -> WaitlistView {
        let epoch = LocalDate(dayNumber: 0)
        return WaitlistView(id: row["id"], patientID: row["patient_id"], patientName: row["patient_name"], department: row["department"],
                            resource: row["resource"], firstDate: LocalDate(row["first_date"] as String) ?? epoch,
                            lastDate: LocalDate(row["last_date"] as String) ?? epoch, firstHour: row["first_hour"], endHour: row["end_hour"],
                            priority: PriorityClass(rawValue: row["priority"]) ?? .regular, headOfClass: row["head_of_class"],
                            waitingSince: LocalDateTime(row["waiting_since"] as String) ?? LocalDateTime(date: epoch, hour: 0),
                            channel: BookingChannel(rawValue: row["channel"]) ?? .publicDesk, clinic: row["clinic"], referral: row["referral_id"],
                            status: row["status"], appointmentID: row["appointment_id"])
    }
}

extension WaitlistView {
    var entry: WaitlistEntry {
        WaitlistEntry(id: id, priority: priority, headOfClass: headOfClass, waitingSince: waitingSince, department: department, resource: resource,
                      firstDate: firstDate, lastDate: lastDate, firstHour: firstHour, endHour: endHour)
    }

    func with(status: String) -> WaitlistView {
        WaitlistView(id: id, patientID: patientID, patientName: patientName, department: department, resource: resource, firstDate: firstDate,
                     lastDate: lastDate, firstHour: firstHour, endHour: endHour, priority: priority, headOfClass: headOfClass,
                     waitingSince: waitingSince, channel: channel, clinic: clinic, referral: referral, status: status, appointmentID: appointmentID)
    }
}
