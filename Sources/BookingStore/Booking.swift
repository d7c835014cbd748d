import BookingCore
import GRDB

/// What the desk asks for when booking.
public struct BookingRequest: Sendable, Equatable {
    public var patient: PatientReference
    public var slot: SlotReference
    public var channel: BookingChannel = .publicDesk
    /// The alliance clinic the booking is made for (alliance channel).
    public var clinic: String?
    /// Leave nil to derive it: `priority` for patients aged 65 or more on the day, else `regular`.
    public var priority: PriorityClass?
    /// Rule 7: why a flagged patient is booked anyway.
    public var reason: String?
    /// Book from this referral: the alliance channel for its clinic, its priority class.
    public var referral: Int64?
    /// Rule 9: for a green referral, add a seat to a full slot.
    public var addOn = false

    public init(patient: PatientReference, slot: SlotReference, channel: BookingChannel = .publicDesk, clinic: String? = nil,
                priority: PriorityClass? = nil, reason: String? = nil, referral: Int64? = nil, addOn: Bool = false) {
        self.patient = patient
        self.slot = slot
        self.channel = channel
        self.clinic = clinic
        self.priority = priority
        self.reason = reason
        self.referral = referral
        self.addOn = addOn
    }
}

extension Store {
    /// Books a seat (rules 1, 3, 5, 7) in one write transaction: the slot, the patient's other
    /// appointments and the seat count are read and changed under the same lock, so any number of
    /// terminals booking at once can never overbook.
    ///
    /// With `dryRun` the transaction is rolled back: the answer to "would this be booked, and as
    /// what" (class, pool, same-day), or the refusal a real booking would get — from the same
    /// code, so no screen keeps a second copy of any rule.
    public func book(_ request: BookingRequest, by actor: Operator, dryRun: Bool = false) throws(BookingError) -> AppointmentView {
        let now = self.now
        var request = request
        if request.referral != nil { request.channel = .alliance }
        try actor.require(request.channel == .alliance ? .bookAlliance : .bookPublic)
        // Rule 7: why a flagged patient is booked anyway (blank is no reason).
        let givenReason = try FreeText.optionalLine(request.reason, field: "reason", limit: 200)
        // Those waiting come first: seats the clock has released since the last command go to
        // them, and stay theirs whether or not this booking goes through. A dry run undoes both.
        return try writeServingWaitlistFirst(now: now, rollback: dryRun) { db in
            let patientID: Int64
            if case let .id(id) = request.patient {
                patientID = id  // patientFacts below says if there is no such patient
            } else {
                guard let id = try Self.resolvePatient(db, request.patient) else {
                    throw BookingError.notFound(kind: "patient", key: request.patient.text)
                }
                patientID = id
            }
            let slot = try Self.slotRow(db, request.slot)
            let patient = try patientFacts(db, patient: patientID, slot: slot, now: now)
            var referral: ReferralView?
            if let id = request.referral {
                let r = try Self.requireReferral(db, id: id, now: now)
                if let refusal = ReferralRules.checkBookable(id: id, status: r.status, direction: r.direction) { throw refusal }
                guard r.patientID == patientID else {
                    throw BookingError.invalidInput(field: "patient", problem: .referralForPatient(referral: id, patient: r.patientID))
                }
                guard r.department == slot.departmentCode else { throw BookingError.referralMismatch(referral: id, department: r.department) }
                // A referral that asks for a doctor or room is booked there, not silently elsewhere.
                if let wanted = r.resource, wanted != slot.resource { throw BookingError.referralResourceMismatch(referral: id, resource: wanted) }
                if let given = request.clinic, given.uppercased() != r.clinic {
                    throw BookingError.invalidInput(field: "clinic", problem: .referralFromClinic(referral: id, clinic: r.clinic))
                }
                request.clinic = r.clinic
                request.priority = r.urgency.priority
                referral = r
            }
            var clinicID: Int64?
            if request.channel == .alliance {
                guard let code = request.clinic,
                      let id = try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [code.uppercased()]) else {
                    throw BookingError.notFound(kind: "clinic", key: request.clinic ?? "-")
                }
                // Rule 13: a coordinator bound to clinics books reserved seats for those clinics only.
                guard Permissions.allowsClinic(code, roles: actor.roles, boundClinics: actor.clinics) else {
                    throw BookingError.clinicNotBound(clinic: code.uppercased(), bound: actor.clinics.sorted())
                }
                clinicID = id
            }
            var pool: SeatPool
            var addOn = false
            // Rule 3: a booking at the window may take the hour in progress until its cutoff.
            switch try Self.seat(db, for: request.channel, in: slot, clinic: clinicID, code: request.clinic, now: now, walkIn: true) {
            case let .success(p):
                pool = p
            case let .failure(error):
                // Rule 9: a green referral into a full slot, on purpose and recorded.
                guard request.addOn, case .slotFull = error, let r = referral else { throw error }
                if let refusal = SlotRules.checkAddOn(urgency: r.urgency, roles: actor.roles, in: slot.state, now: now) { throw refusal }
                try db.execute(sql: "UPDATE slot SET added = added + 1 WHERE id = ?", arguments: [slot.id])
                pool = .publicPool
                addOn = true
            }
            // Rule 8: the green channel comes with a green referral; the desk never picks it.
            if request.priority == .green && referral?.urgency != .green { throw BookingError.greenNeedsReferral }
            if request.addOn && !addOn {
                if let r = referral, r.urgency != .green { throw BookingError.addOnNotGreen }
                if referral == nil { throw BookingError.addOnNotGreen }
                throw BookingError.addOnNotFull(slot: slot.state.label)
            }
            try Self.checkPatientRules(patient, slot: slot, reason: givenReason)
            let priority = request.priority ?? patient.derivedPriority(on: slot.state.date)
            let reason = patient.noShows >= AppointmentRules.noShowFlagThreshold ? givenReason : nil
            let clinic = request.channel == .alliance ? request.clinic?.uppercased() : nil
            let id = try insertAppointment(db, patient: patientID, slot: slot, channel: request.channel, pool: pool, clinic: clinicID,
                                           priority: priority, reason: reason, referral: referral?.id, addOn: addOn, by: actor, now: now)
            try audit(db, by: actor, action: addOn ? "appointment.add_on" : "appointment.book", entity: "appointment", id: id,
                      after: "patient \(patientID) slot \(slot.state.label) \(request.channel.rawValue)/\(pool.rawValue) \(priority.rawValue)"
                          + (clinic.map { " clinic \($0)" } ?? "") + (referral.map { " referral \($0.id)" } ?? "")
                          + (reason.map { " reason: \($0)" } ?? ""))
            // The row just written, from the values in hand: reading it back through five joins
            // was a tenth of a booking's time (slotdesk-bench). A test holds the two equal.
            return AppointmentView(id: id, patientID: patientID, patientName: patient.name, slotID: slot.id, resource: slot.resource,
                                   resourceName: slot.resourceName, department: slot.departmentCode, date: slot.state.date,
                                   hour: slot.state.hour, status: .booked, channel: request.channel, pool: pool, clinic: clinic,
                                   priority: priority, bookedAt: now.description, checkedInAt: nil, flagReason: reason,
                                   referralID: referral?.id, addOn: addOn)
        }
    }

    /// Rules 1–3 for one booking path: the seat `channel` may take in `slot` now, counting the
    /// reserved seats the alliance clinic already holds in the slot's department that day against
    /// the department's daily cap. Every path that books a seat (the desk, the waitlist,
    /// stop-clinic's rebooking and its offers) decides through here.
    static func seat(_ db: Database, for channel: BookingChannel, in slot: SlotRow, clinic: Int64?, code: String?,
                     now: LocalDateTime, walkIn: Bool = false) throws -> Result<SeatPool, BookingError> {
        // Rule 12: sessions do not run on holidays, whatever was generated before the calendar came.
        if slot.holiday { return .failure(.holiday(slot: slot.state.label, date: slot.state.date)) }
        let held = try clinicReservedSeats(db, clinic: clinic, department: slot.departmentID, date: slot.state.date)
        return SlotRules.seatFor(channel, in: slot.state, now: now, clinic: code?.uppercased() ?? "", clinicReservedToday: held, walkIn: walkIn)
    }

    /// The reserved seats an alliance clinic holds in a department on a day (0 for the public):
    /// the daily cap's count, in one place.
    static func clinicReservedSeats(_ db: Database, clinic: Int64?, department: Int64, date: LocalDate) throws -> Int {
        guard let clinic else { return 0 }
        return try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM appointment WHERE clinic_id = ? AND department_id = ? AND date = ? AND pool = 'reserved' AND status <> 'cancelled'
            """), arguments: [clinic, department, date.description]) ?? 0
    }

    /// Rule 8: the class a booking gets when nothing else decides it: `priority` for 65 and over
    /// on the day, or a priority group the desk set; else `regular`.
    static func derivedPriority(_ db: Database, patient: Int64, on date: LocalDate) throws -> PriorityClass {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT birth_date, priority_group FROM patient WHERE id = ?"), arguments: [patient])
        return PriorityRules.derived(birth: (row?["birth_date"] as String?).flatMap(LocalDate.init),
                                     group: (row?["priority_group"] as String?).flatMap(PriorityGroup.init), on: date)
    }

    /// What the booking rules need to know about a patient on a slot's day: one statement, since
    /// each statement costs more in GRDB than in SQLite.
    struct PatientDay {
        let name: String
        let birthDate: LocalDate?
        let group: PriorityGroup?
        /// Rule 5: the patient's live appointment that day in the slot's day scope (its
        /// department, or its exam resource: `AppointmentRules.dayScope`).
        let sameDepartmentDay: Int64?
        /// Rule 5: the patient's live appointment in the slot's hour, in any department.
        let sameHour: Int64?
        /// Rule 5: live appointments from today on.
        let liveFuture: Int
        /// Rule 7: no-shows in the window.
        let noShows: Int
        /// Booked appointments dated today or earlier: perhaps past their no-show deadline.
        let perhapsOverdue: Int

        /// Rule 8: the class a booking gets when nothing else decides it: `priority` for 65 and
        /// over on the day, or a priority group the desk set; else `regular`.
        func derivedPriority(on date: LocalDate) -> PriorityClass {
            PriorityRules.derived(birth: birthDate, group: group, on: date)
        }
    }

    static func patientDay(_ db: Database, patient: Int64, slot: SlotRow, now: LocalDateTime) throws -> PatientDay? {
        try db.cachedStatement(sql: """
            SELECT p.name, p.birth_date, p.priority_group,
                   (SELECT a.id FROM appointment a JOIN slot s ON s.id = a.slot_id JOIN resource r ON r.id = s.resource_id
                    WHERE a.patient_id = ?1 AND a.date = ?3 AND a.status IN ('booked', 'checked_in')
                      AND CASE WHEN ?6 = 1 THEN r.id = ?7 ELSE r.kind <> 'exam' AND a.department_id = ?2 END),
                   (SELECT count(*) FROM appointment WHERE patient_id = ?1 AND status IN ('booked', 'checked_in') AND date >= ?4),
                   (SELECT count(*) FROM appointment WHERE patient_id = ?1 AND status = 'no_show' AND date >= ?5),
                   (SELECT count(*) FROM appointment WHERE patient_id = ?1 AND status = 'booked' AND date <= ?4),
                   (SELECT id FROM appointment WHERE patient_id = ?1 AND date = ?3 AND hour = ?8 AND status IN ('booked', 'checked_in'))
            FROM patient p WHERE p.id = ?1
            """).firstRow({ arguments in
                arguments.bind(1, patient)
                arguments.bind(2, slot.departmentID)
                arguments.bind(3, slot.state.date.description)
                arguments.bind(4, now.date.description)
                arguments.bind(5, AppointmentRules.noShowWindowStart(today: now.date).description)
                arguments.bind(6, AppointmentRules.dayScope(of: slot.kind) == .resource)
                arguments.bind(7, slot.resourceID)
                arguments.bind(8, slot.state.hour)
            }) { row in
            PatientDay(name: row.text(0), birthDate: row.optionalText(1).flatMap(LocalDate.init), group: row.optionalText(2).flatMap(PriorityGroup.init),
                       sameDepartmentDay: row.optionalInt64(3), sameHour: row.optionalInt64(7), liveFuture: row.int(4), noShows: row.int(5),
                       perhapsOverdue: row.int(6))
        }
    }

    /// What the booking rules need to know about the patient, inside the caller's transaction,
    /// after writing down the no-shows the clock has already decided.
    func patientFacts(_ db: Database, patient patientID: Int64, slot: SlotRow, now: LocalDateTime) throws -> PatientDay {
        guard let patient = try Self.patientDay(db, patient: patientID, slot: slot, now: now) else {
            throw BookingError.notFound(kind: "patient", key: "\(patientID)")
        }
        guard patient.perhapsOverdue > 0, try markOverdueNoShows(db, patient: patientID, now: now) > 0 else { return patient }
        return try Self.patientDay(db, patient: patientID, slot: slot, now: now) ?? patient
    }

    /// Rules 5 and 7 for the patient.
    static func checkPatientRules(_ patient: PatientDay, slot: SlotRow, reason: String?) throws(BookingError) {
        if let refusal = AppointmentRules.checkPatient(sameDepartmentDay: patient.sameDepartmentDay, department: slot.departmentCode,
                                                       date: slot.state.date, liveFuture: patient.liveFuture, noShows: patient.noShows,
                                                       overrideReason: reason,
                                                       examResource: AppointmentRules.dayScope(of: slot.kind) == .resource ? slot.resource : nil,
                                                       sameHour: patient.sameHour, slot: slot.state.label) {
            throw refusal
        }
    }

    /// Rules 5 and 7 for the patient, inside the caller's transaction. Returns what it read.
    @discardableResult
    func checkPatientRules(_ db: Database, patient patientID: Int64, slot: SlotRow, now: LocalDateTime, reason: String?) throws -> PatientDay {
        let patient = try patientFacts(db, patient: patientID, slot: slot, now: now)
        try Self.checkPatientRules(patient, slot: slot, reason: reason)
        return patient
    }

    /// Writes one appointment row (the schema's triggers take its seat) and links its referral.
    func insertAppointment(_ db: Database, patient: Int64, slot: SlotRow, channel: BookingChannel, pool: SeatPool, clinic: Int64?,
                           priority: PriorityClass, reason: String?, referral: Int64?, addOn: Bool = false, by actor: Operator,
                           now: LocalDateTime, originalBookedAt: String? = nil) throws -> Int64 {
        // Rule 3: a rebooked patient keeps the moment they first booked, and so their 预约.
        let firstBooked = originalBookedAt.flatMap { LocalDateTime(String($0.prefix(16))) } ?? now
        let sameDay = SlotRules.isSameDay(bookedAt: firstBooked, visit: slot.state.date)
        do {
            try db.cachedStatement(sql: """
                INSERT INTO appointment (patient_id, slot_id, department_id, date, hour, status, channel, pool, clinic_id, priority,
                                         booked_at, booked_by, flag_reason, referral_id, add_on, original_booked_at, same_day)
                VALUES (?, ?, ?, ?, ?, 'booked', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run { arguments in
                arguments.bind(1, patient)
                arguments.bind(2, slot.id)
                arguments.bind(3, slot.departmentID)
                arguments.bind(4, slot.state.date.description)
                arguments.bind(5, slot.state.hour)
                arguments.bind(6, channel.rawValue)
                arguments.bind(7, pool.rawValue)
                arguments.bind(8, clinic)
                arguments.bind(9, priority.rawValue)
                arguments.bind(10, now.description)
                arguments.bind(11, actor.name)
                arguments.bind(12, reason)
                arguments.bind(13, referral)
                arguments.bind(14, addOn)
                arguments.bind(15, originalBookedAt)
                arguments.bind(16, sameDay)
            }
        } catch let error as DatabaseError {
            // The schema refused what the core let through: the same refusal, with what it clashed with.
            throw try Self.appointmentRefusal(error, db, patient: patient, slot: slot, referral: referral) ?? error
        }
        let id = db.lastInsertedRowID
        if let referral {
            try db.cachedStatement(sql: "UPDATE referral SET status = 'booked', appointment_id = ? WHERE id = ?").execute(arguments: [id, referral])
        }
        return id
    }

    /// Cancels a live appointment before its slot starts (rule 6); the seat returns to the pool
    /// it came from. With `dryRun`, only says whether it would.
    public func cancel(appointment id: Int64, by actor: Operator, dryRun: Bool = false) throws(BookingError) -> AppointmentView {
        try actor.require(.cancel)
        let now = self.now
        return try write(rollback: dryRun) { db in
            let a = try Self.requireAppointment(db, id: id)
            if let refusal = AppointmentRules.checkCancel(id: id, status: a.status, slotStart: LocalDateTime(date: a.date, hour: a.hour), now: now) {
                throw refusal
            }
            try db.execute(sql: "UPDATE appointment SET status = 'cancelled', cancelled_at = ?, cancelled_by = ? WHERE id = ?",
                           arguments: [now.description, actor.name, id])
            // An add-on seat existed for this patient only; a referral goes back to the inbox.
            try db.execute(sql: "UPDATE slot SET added = added - 1 WHERE id = (SELECT slot_id FROM appointment WHERE id = ? AND add_on = 1)", arguments: [id])
            try db.execute(sql: "UPDATE referral SET status = 'pending' WHERE appointment_id = ? AND status = 'booked'", arguments: [id])
            try db.execute(sql: "UPDATE appointment SET cancel_kind = 'patient', call_state = NULL WHERE id = ?", arguments: [id])
            try audit(db, by: actor, action: "appointment.cancel", entity: "appointment", id: id, before: a.status.rawValue, after: "cancelled")
            // Rule 6: the freed seat goes to the waitlist at once.
            try serveWaitlist(db, now: now)
            return try Self.appointment(db, id: id)!
        }
    }

    /// Records the patient's arrival: on the day, until the no-show deadline (rule 7). With
    /// `dryRun`, only says whether it would.
    public func checkIn(appointment id: Int64, by actor: Operator, dryRun: Bool = false) throws(BookingError) -> AppointmentView {
        try actor.require(.checkIn)
        let now = self.now
        return try write(rollback: dryRun) { db in
            let a = try Self.requireAppointment(db, id: id)
            if let refusal = AppointmentRules.checkCheckIn(id: id, status: a.status, date: a.date, hour: a.hour, now: now) { throw refusal }
            // Rule 8: the call queue orders by class, then check-in time.
            try db.execute(sql: "UPDATE appointment SET status = 'checked_in', checked_in_at = ?, call_state = 'waiting', queue_position = ? WHERE id = ?",
                           arguments: [now.description, CallQueue.position(priority: a.priority, checkedInAt: now), id])
            try db.execute(sql: "UPDATE referral SET status = 'completed', closed_at = ? WHERE appointment_id = ? AND status = 'booked'",
                           arguments: [now.description, id])
            try audit(db, by: actor, action: "appointment.checkin", entity: "appointment", id: id, before: a.status.rawValue, after: "checked_in")
            return try Self.appointment(db, id: id)!
        }
    }

    /// Marks one appointment a no-show once its deadline has passed (rule 7). With `dryRun`,
    /// only says whether it would.
    public func markNoShow(appointment id: Int64, by actor: Operator, dryRun: Bool = false) throws(BookingError) -> AppointmentView {
        try actor.require(.noShow)
        let now = self.now
        return try write(rollback: dryRun) { db in
            let a = try Self.requireAppointment(db, id: id)
            if let refusal = AppointmentRules.checkNoShow(id: id, status: a.status, date: a.date, hour: a.hour, now: now) { throw refusal }
            try db.execute(sql: "UPDATE appointment SET status = 'no_show', no_show_at = ? WHERE id = ?", arguments: [now.description, id])
            try audit(db, by: actor, action: "appointment.noshow", entity: "appointment", id: id, before: a.status.rawValue, after: "no_show")
            return try Self.appointment(db, id: id)!
        }
    }

    /// Marks every booked appointment past its deadline a no-show (rule 7); returns how many.
    /// With `dryRun`, only counts them.
    public func sweepNoShows(by actor: Operator, dryRun: Bool = false) throws(BookingError) -> Int {
        try actor.require(.noShow)
        let now = self.now
        return try write(rollback: dryRun) { db in
            let ids = try Self.overdueAppointments(db, patient: nil, now: now)
            for id in ids {
                try db.execute(sql: "UPDATE appointment SET status = 'no_show', no_show_at = ? WHERE id = ?", arguments: [now.description, id])
                try audit(db, by: actor, action: "appointment.noshow", entity: "appointment", id: id, before: "booked", after: "no_show")
            }
            return ids.count
        }
    }

    /// Before counting a patient's no-shows, the ones the clock has already decided are written
    /// down. Returns how many.
    func markOverdueNoShows(_ db: Database, patient: Int64, now: LocalDateTime) throws -> Int {
        let overdue = try Self.overdueAppointments(db, patient: patient, now: now)
        for id in overdue {
            try db.cachedStatement(sql: "UPDATE appointment SET status = 'no_show', no_show_at = ? WHERE id = ?").execute(arguments: [now.description, id])
            try audit(db, by: Operator(name: "system", terminal: "-"), action: "appointment.noshow", entity: "appointment", id: id,
                      before: "booked", after: "no_show")
        }
        return overdue.count
    }

    static func overdueAppointments(_ db: Database, patient: Int64?, now: LocalDateTime) throws -> [Int64] {
        // The deadline is slot end + 30 minutes, so anything dated before yesterday is surely overdue;
        // the last two days are decided hour by hour.
        let sql = "SELECT id, date, hour FROM appointment WHERE status = 'booked' AND date <= ?" + (patient == nil ? "" : " AND patient_id = ?")
        var args: StatementArguments = [now.date.description]
        if let patient { args += [patient] }
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: args).compactMap { row in
            guard let date = LocalDate(row["date"] as String) else { return nil }
            return AppointmentRules.noShowDeadline(date: date, hour: row["hour"]) <= now ? row["id"] as Int64 : nil
        }
    }

    // MARK: - Reading slots and appointments

    struct SlotRow {
        let id: Int64
        let resource: String
        let resourceName: String
        let departmentID: Int64
        let departmentCode: String
        var state: SlotState
        let resourceID: Int64
        let kind: ResourceKind
        /// Rule 12: false for a slot generated past the loaded calendar.
        let calendarKnown: Bool
        /// Rule 12: the slot's day is a holiday in the loaded calendar (a slot generated before it was loaded).
        let holiday: Bool
    }

    /// The slot with its resource and its department's policy. Columns are read by position
    /// (in the order of `slotSelect`): by name, GRDB compares every column's name for each.
    private static let slotSelect = """
        SELECT s.id, s.date, s.hour, s.capacity, s.reserved, s.added, s.public_used, s.reserved_used, s.withdrawn,
               r.code, r.name, d.id, d.code, d.public_horizon_days, d.alliance_horizon_days, d.release_lead_hours, d.clinic_daily_cap,
               r.id, r.kind, s.calendar_known,
               EXISTS (SELECT 1 FROM calendar_day c WHERE c.date = s.date AND c.kind = 'holiday'),
               d.walk_in_cutoff_minutes
        FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
        """
    private static let slotByID = slotSelect + " WHERE s.id = ?"
    private static let slotByLabel = slotSelect + " WHERE r.code = ? AND s.date = ? AND s.hour = ?"

    static func slotRow(_ db: Database, _ reference: SlotReference, includeWithdrawn: Bool = false) throws -> SlotRow {
        let statement: Statement
        let bind: (Arguments) -> Void
        switch reference {
        case let .id(id):
            statement = try db.cachedStatement(sql: slotByID)
            bind = { $0.bind(1, id) }
        case let .at(resource, date, hour):
            statement = try db.cachedStatement(sql: slotByLabel)
            bind = { $0.bind(1, resource); $0.bind(2, date.description); $0.bind(3, hour) }
        }
        let found = try statement.firstRow(bind) { row -> SlotRow? in
            guard includeWithdrawn || !row.bool(8), let date = LocalDate(row.text(1)) else { return nil }
            let policy = BookingPolicy(publicHorizonDays: row.int(13), allianceHorizonDays: row.int(14), releaseLeadHours: row.int(15),
                                       clinicDailyCap: row.optionalInt(16), walkInCutoffMinutes: row.int(21))
            let hour = row.int(2)
            let resource = row.text(9)
            let department = row.text(12)
            let state = SlotState(label: SlotReference.label(resource: resource, date: date, hour: hour), date: date, hour: hour,
                                  capacity: row.int(3), reserved: row.int(4), added: row.int(5), publicUsed: row.int(6),
                                  reservedUsed: row.int(7), policy: policy, department: department)
            return SlotRow(id: row.int64(0), resource: resource, resourceName: row.text(10), departmentID: row.int64(11),
                           departmentCode: department, state: state, resourceID: row.int64(17),
                           kind: ResourceKind(rawValue: row.text(18)) ?? .clinic, calendarKnown: row.bool(19), holiday: row.bool(20))
        }
        guard let slot = found ?? nil else {
            switch reference {
            case let .id(id): throw BookingError.notFound(kind: "slot", key: "\(id)")
            case let .at(resource, date, hour): throw BookingError.notFound(kind: "slot", key: SlotReference.label(resource: resource, date: date, hour: hour))
            }
        }
        return slot
    }

    static let appointmentSelect = """
        SELECT a.id, a.patient_id, p.name AS patient_name, a.slot_id, r.code AS resource, r.name AS resource_name, d.code AS department,
               a.date, a.hour, a.status, a.channel, a.pool, c.code AS clinic, a.priority, a.booked_at, a.checked_in_at, a.flag_reason,
               a.referral_id, a.add_on
        FROM appointment a
        JOIN patient p ON p.id = a.patient_id
        JOIN slot s ON s.id = a.slot_id
        JOIN resource r ON r.id = s.resource_id
        JOIN department d ON d.id = a.department_id
        LEFT JOIN alliance_clinic c ON c.id = a.clinic_id
        """

    static func appointment(_ db: Database, id: Int64) throws -> AppointmentView? {
        try Row.first(db.cachedStatement(sql: appointmentSelect + " WHERE a.id = ?"), arguments: [id], appointmentView)
    }

    static func requireAppointment(_ db: Database, id: Int64) throws -> AppointmentView {
        guard let a = try appointment(db, id: id) else { throw BookingError.notFound(kind: "appointment", key: "\(id)") }
        return a
    }

    static func appointmentView(_ row: Row) -> AppointmentView {
        AppointmentView(id: row["id"], patientID: row["patient_id"], patientName: row["patient_name"], slotID: row["slot_id"],
                        resource: row["resource"], resourceName: row["resource_name"], department: row["department"],
                        date: LocalDate(row["date"] as String) ?? LocalDate(dayNumber: 0), hour: row["hour"],
                        status: AppointmentStatus(rawValue: row["status"]) ?? .booked,
                        channel: BookingChannel(rawValue: row["channel"]) ?? .publicDesk,
                        pool: SeatPool(rawValue: row["pool"]) ?? .publicPool, clinic: row["clinic"],
                        priority: PriorityClass(rawValue: row["priority"]) ?? .regular,
                        bookedAt: row["booked_at"], checkedInAt: row["checked_in_at"], flagReason: row["flag_reason"],
                        referralID: row["referral_id"], addOn: row["add_on"])
    }
}
