import BookingCore
import GRDB

/// What a stop-clinic did to each patient of the stopped session.
public struct StopReport: Sendable, Equatable {
    public struct Patient: Sendable, Equatable {
        public let cancelled: AppointmentView
        /// Booked straight into the nearest free slot (with `rebook`).
        public let rebooked: Int64?
        /// The nearest free slot offered, to book with one key after the telephone call.
        public let offeredSlot: Int64?
        /// The slot offered or rebooked into, as the desk names it (`D004@2026-12-10T09`).
        public let slotLabel: String?
        /// No free slot: back on the waitlist at the head of their class.
        public let waitlist: Int64?
        public let notification: Int64?
    }

    public var resource: String
    public var date: LocalDate
    public var patients: [Patient] = []
    public var dryRun = false
}

extension Store {
    /// Stops a resource's session on a date (rule 10): its appointments are cancelled by the
    /// hospital, each patient goes on the to-notify list and is offered the nearest free slot of
    /// the same department with their class and original booking time kept (booked at once with
    /// `rebook`); those with no slot go to the head of their class on the waitlist. All or nothing.
    public func stopSession(resource code: String, date: LocalDate, reason: String, rebook: Bool = false, dryRun: Bool = false,
                            by actor: Operator) throws(BookingError) -> StopReport {
        try actor.require(.stopClinic)
        let now = self.now
        let why = try FreeText.line(reason, field: "--reason", limit: 200)
        guard date >= now.date else { throw BookingError.invalidInput(field: "--date", problem: .datePassed(date)) }
        return try write(rollback: dryRun) { db in
            guard let resourceID = try Int64.fetchOne(db, sql: "SELECT id FROM resource WHERE code = ?", arguments: [code.uppercased()]) else {
                throw BookingError.notFound(kind: "resource", key: code)
            }
            if try Int.fetchOne(db, sql: "SELECT 1 FROM stopped_session WHERE resource_id = ? AND date = ?", arguments: [resourceID, date.description]) != nil {
                throw BookingError.sessionAlreadyStopped(resource: code.uppercased(), date: date)
            }
            return try stopResourceDay(db, resourceID: resourceID, code: code.uppercased(), date: date, reason: why, rebook: rebook, dryRun: dryRun,
                                       by: actor, now: now)
        }
    }

    /// Stops one resource's slots on one date inside the caller's transaction: recorded as a
    /// stopped session, slots withdrawn, each live appointment cancelled by the hospital with its
    /// patient on the to-notify list and offered the nearest free slot (rule 10). Stop-clinic and a
    /// holiday loaded after booking (rule 12, `applySetup`) both come here.
    func stopResourceDay(_ db: Database, resourceID: Int64, code: String, date: LocalDate, reason why: String, rebook: Bool, dryRun: Bool,
                         by actor: Operator, now: LocalDateTime) throws -> StopReport {
            try db.execute(sql: "INSERT INTO stopped_session (resource_id, date, reason, stopped_at, stopped_by) VALUES (?, ?, ?, ?, ?)",
                           arguments: [resourceID, date.description, why, now.description, actor.name])
            try db.execute(sql: "UPDATE slot SET withdrawn = 1 WHERE resource_id = ? AND date = ?", arguments: [resourceID, date.description])
            try audit(db, by: actor, action: "session.stop", entity: "resource", id: code, after: "\(date): \(why)")
            var report = StopReport(resource: code, date: date, dryRun: dryRun)
            // Those with the highest class and the earliest booking choose first.
            let ids = try Int64.fetchAll(db, sql: """
                SELECT a.id FROM appointment a JOIN slot s ON s.id = a.slot_id
                WHERE s.resource_id = ? AND s.date = ? AND a.status IN ('booked', 'checked_in')
                ORDER BY CASE a.priority WHEN 'green' THEN 0 WHEN 'referral' THEN 1 WHEN 'priority' THEN 2 ELSE 3 END,
                         coalesce(a.original_booked_at, a.booked_at), a.id
                """, arguments: [resourceID, date.description])
            for id in ids {
                report.patients.append(try stopOne(db, appointment: id, rebook: rebook, by: actor, now: now))
            }
            return report
    }

    /// Rule 12 after the fact: a calendar that turns a day with booked slots into a holiday stops
    /// those slots as stop-clinic does. One step, inside the caller's transaction: the next booked
    /// resource-days on holidays (from today; days past are history), in date and resource order,
    /// each stopped whole with its patients' cancellations, offers and to-notify entries: as many
    /// as fit in `appointments` live appointments, and always the first. Returns one report per
    /// resource and day that had appointments, and whether there was any: a step without is the last.
    func stopNextHolidays(_ db: Database, appointments limit: Int, dryRun: Bool, by actor: Operator,
                          now: LocalDateTime) throws -> (reports: [StopReport], done: Bool) {
        // From the holidays to their slots (CROSS JOIN keeps that order): from the slots, SQLite
        // read every slot from today on, a year of them, for each step: 0.2 s a step on 300 clinics
        // (slotdesk-bench holiday_stop).
        let booked = try Row.fetchAll(db, sql: """
            SELECT s.resource_id, r.code, s.date, count(*) AS live FROM calendar_day c
            CROSS JOIN slot s ON s.date = c.date
            JOIN resource r ON r.id = s.resource_id
            JOIN appointment a ON a.slot_id = s.id AND a.status IN ('booked', 'checked_in')
            WHERE c.kind = 'holiday' AND c.date >= ? AND s.withdrawn = 0
            GROUP BY s.resource_id, s.date
            ORDER BY s.date, r.code
            LIMIT ?
            """, arguments: [now.date.description, limit])
        var reports: [StopReport] = []
        var handled = 0
        for row in booked {
            // Whole resource-days only: the first always, the next while the step stays within the limit.
            let live: Int = row["live"]
            guard handled == 0 || handled + live <= limit else { break }
            handled += live
            guard let date = LocalDate(row["date"] as String) else { continue }
            let resourceID: Int64 = row["resource_id"]
            if try Int.fetchOne(db, sql: "SELECT 1 FROM stopped_session WHERE resource_id = ? AND date = ?", arguments: [resourceID, date.description]) != nil {
                try db.execute(sql: "UPDATE slot SET withdrawn = 1 WHERE resource_id = ? AND date = ?", arguments: [resourceID, date.description])
                continue
            }
            reports.append(try stopResourceDay(db, resourceID: resourceID, code: row["code"], date: date,
                                               reason: "\(date) 节假日 holiday (calendar loaded)", rebook: false, dryRun: dryRun, by: actor, now: now))
        }
        return (reports, !booked.isEmpty)
    }

    /// Rule 12 after the fact, the free slots: withdraws up to `limit` open slots on holidays from
    /// today, inside the caller's transaction, with an audit record when any were. Returns how many.
    func withdrawNextHolidaySlots(_ db: Database, limit: Int, by actor: Operator, now: LocalDateTime) throws -> Int {
        try db.execute(sql: """
            UPDATE slot SET withdrawn = 1 WHERE id IN (
                SELECT id FROM slot
                WHERE withdrawn = 0 AND date >= ? AND date IN (SELECT date FROM calendar_day WHERE kind = 'holiday')
                LIMIT ?)
            """, arguments: [now.date.description, limit])
        let withdrawn = db.changesCount
        if withdrawn > 0 {
            try audit(db, by: actor, action: "setup.apply", entity: "slot", id: nil, after: "\(withdrawn) free slots on holidays withdrawn")
        }
        return withdrawn
    }

    private func stopOne(_ db: Database, appointment id: Int64, rebook: Bool, by actor: Operator, now: LocalDateTime) throws -> StopReport.Patient {
        let a = try Self.requireAppointment(db, id: id)
        try db.execute(sql: """
            UPDATE appointment SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?, cancel_kind = 'hospital', call_state = NULL WHERE id = ?
            """, arguments: [now.description, actor.name, id])
        try db.execute(sql: "UPDATE slot SET added = added - 1 WHERE id = ? AND ? = 1", arguments: [a.slotID, a.addOn])
        try audit(db, by: actor, action: "appointment.cancel", entity: "appointment", id: id, before: a.status.rawValue, after: "cancelled by hospital")
        let original = try String.fetchOne(db, sql: "SELECT coalesce(original_booked_at, booked_at) FROM appointment WHERE id = ?", arguments: [id]) ?? a.bookedAt
        let offer = try nearestFreeSlot(db, for: a, now: now)
        var rebooked: Int64?
        var waitlist: Int64?
        if let offer, rebook {
            rebooked = try rebookInto(db, offer, from: a, originalBookedAt: original, by: actor, now: now)
        } else if offer == nil {
            waitlist = try waitlistAtHead(db, from: a, originalBookedAt: original, by: actor, now: now)
        }
        if a.referralID != nil && rebooked == nil {
            // The referral waits again, in the inbox or through its waitlist entry.
            try db.execute(sql: "UPDATE referral SET status = 'pending' WHERE id = ? AND status = 'booked'", arguments: [a.referralID])
        }
        try db.execute(sql: """
            INSERT INTO notification (patient_id, kind, appointment_id, offered_slot_id, rebooked_appointment_id, waitlist_id, created_at)
            VALUES (?, 'stop_clinic', ?, ?, ?, ?, ?)
            """, arguments: [a.patientID, id, rebooked == nil ? offer?.id : nil, rebooked, waitlist, now.description])
        return StopReport.Patient(cancelled: try Self.requireAppointment(db, id: id), rebooked: rebooked,
                                  offeredSlot: rebooked == nil ? offer?.id : nil, slotLabel: offer?.state.label, waitlist: waitlist,
                                  notification: db.lastInsertedRowID)
    }

    /// Seats of a slot offered to patients of a stopped session and neither taken nor declined yet.
    static func openOffers(_ db: Database, slot: Int64, except: Int64? = nil) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM notification
            WHERE offered_slot_id = ? AND rebooked_appointment_id IS NULL AND waitlist_id IS NULL AND id IS NOT ?
            """), arguments: [slot, except]) ?? 0
    }

    static func clinicID(_ db: Database, code: String?) throws -> Int64? {
        try code.flatMap { try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [$0.uppercased()]) }
    }

    private func rebookInto(_ db: Database, _ slot: SlotRow, from a: AppointmentView, originalBookedAt: String, by actor: Operator,
                            now: LocalDateTime) throws -> Int64 {
        let clinicID = try Self.clinicID(db, code: a.clinic)
        guard case let .success(pool) = try Self.seat(db, for: a.channel, in: slot, clinic: clinicID, code: a.clinic, now: now) else {
            throw BookingError.slotFull(slot: slot.state.label)
        }
        _ = try checkPatientRules(db, patient: a.patientID, slot: slot, now: now, reason: a.flagReason ?? "stop-clinic")
        let id = try insertAppointment(db, patient: a.patientID, slot: slot, channel: a.channel, pool: pool, clinic: clinicID, priority: a.priority,
                                       reason: a.flagReason, referral: a.referralID, by: actor, now: now, originalBookedAt: originalBookedAt)
        try audit(db, by: actor, action: "appointment.rebook", entity: "appointment", id: id,
                  after: "from \(a.id) to \(slot.state.label) \(a.priority.rawValue), booked first \(originalBookedAt)")
        return id
    }

    private func waitlistAtHead(_ db: Database, from a: AppointmentView, originalBookedAt: String, after declined: LocalDate? = nil,
                                by actor: Operator, now: LocalDateTime) throws -> Int64 {
        let departmentID = try Int64.fetchOne(db, sql: "SELECT id FROM department WHERE code = ?", arguments: [a.department]) ?? 0
        let clinicID = try a.clinic.flatMap { try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [$0]) }
        // A patient already waiting for the department keeps that entry, moved to the head of the class.
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM waitlist WHERE patient_id = ? AND department_id = ? AND status = 'waiting'",
                                             arguments: [a.patientID, departmentID]) {
            try db.execute(sql: "UPDATE waitlist SET head_of_class = 1 WHERE id = ?", arguments: [existing])
            try audit(db, by: actor, action: "waitlist.head_of_class", entity: "waitlist", id: existing,
                      after: "stop-clinic of appointment \(a.id), booked first \(originalBookedAt)")
            return existing
        }
        // A declined offer's day is not what the patient wants: the wait starts after it.
        let first = max(a.date, now.date, declined.map { $0.adding(days: 1) } ?? now.date)
        try db.execute(sql: """
            INSERT INTO waitlist (patient_id, department_id, first_date, last_date, priority, head_of_class, waiting_since, channel, clinic_id,
                                  referral_id, reason, created_at, created_by)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [a.patientID, departmentID, first.description, first.adding(days: 14).description, a.priority.rawValue, originalBookedAt,
                             a.channel.rawValue, clinicID, a.referralID, a.flagReason, now.description, actor.name])
        let id = db.lastInsertedRowID
        try audit(db, by: actor, action: "waitlist.add", entity: "waitlist", id: id, after: "stop-clinic: appointment \(a.id), head of \(a.priority.rawValue)")
        return id
    }

    // MARK: - The to-notify list

    /// Patients to telephone: open calls first (or every one with `all`).
    public func notifications(all: Bool = false) throws(BookingError) -> [NotificationView] {
        let now = self.now
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT n.*, p.name AS patient_name, p.phone FROM notification n JOIN patient p ON p.id = n.patient_id
                WHERE ?1 = 1 OR n.done_at IS NULL ORDER BY n.done_at IS NOT NULL, n.id LIMIT 5000
                """, arguments: [all]).map { try Self.notificationView(db, $0, now: now) }
        }
    }

    static func notificationView(_ db: Database, _ row: Row, now: LocalDateTime) throws -> NotificationView {
        let offered: SlotView? = try (row["offered_slot_id"] as Int64?).flatMap { id in
            try Row.fetchOne(db, sql: """
                SELECT s.id, s.date, s.hour, s.capacity, s.reserved, s.added, s.public_used, s.reserved_used, s.calendar_known,
                       r.code AS resource, r.name AS resource_name, d.code AS department,
                       d.public_horizon_days, d.alliance_horizon_days, d.release_lead_hours, d.clinic_daily_cap
                FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id WHERE s.id = ?
                """, arguments: [id]).map { slotView($0, now: now) }
        }
        return NotificationView(id: row["id"], kind: NotificationView.Kind(rawValue: row["kind"]) ?? .waitlistBooked, patientID: row["patient_id"],
                                patientName: row["patient_name"], phone: row["phone"], appointment: try requireAppointment(db, id: row["appointment_id"]),
                                offeredSlot: offered, rebookedAppointmentID: row["rebooked_appointment_id"],
                                rebookedSlot: try (row["rebooked_appointment_id"] as Int64?).flatMap { try appointment(db, id: $0)?.slotLabel },
                                waitlistID: row["waitlist_id"],
                                createdAt: row["created_at"], doneAt: row["done_at"])
    }

    static func requireNotification(_ db: Database, id: Int64, now: LocalDateTime) throws -> NotificationView {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT n.*, p.name AS patient_name, p.phone FROM notification n JOIN patient p ON p.id = n.patient_id WHERE n.id = ?
            """, arguments: [id]) else { throw BookingError.notFound(kind: "notification", key: "\(id)") }
        return try notificationView(db, row, now: now)
    }

    /// The patient has been told: the call is off the list.
    public func markNotified(_ id: Int64, by actor: Operator) throws(BookingError) -> NotificationView {
        try actor.require(.notify)
        let now = self.now
        return try write { db in
            let n = try Self.requireNotification(db, id: id, now: now)
            guard n.doneAt == nil else { return n }
            try db.execute(sql: "UPDATE notification SET done_at = ?, done_by = ? WHERE id = ?", arguments: [now.description, actor.name, id])
            try audit(db, by: actor, action: "notify.done", entity: "notification", id: id, after: "patient \(n.patientID)")
            return try Self.requireNotification(db, id: id, now: now)
        }
    }

    /// The patient accepts the offered slot: booked with one key, class and first booking time
    /// kept. If the slot has gone meanwhile, nothing else is booked behind the patient's back: the
    /// next nearest free slot becomes the offer (or, with none left, the patient goes to the head
    /// of their class on the waitlist), that is kept, and the answer is `offerGone` naming both.
    public func acceptOffer(_ id: Int64, by actor: Operator) throws(BookingError) -> NotificationView {
        try actor.require(.notify)
        let now = self.now
        let outcome: Result<NotificationView, BookingError> = try write { db in
            let n = try Self.requireNotification(db, id: id, now: now)
            guard n.kind == .stopClinic, n.rebookedAppointmentID == nil, n.waitlistID == nil, let offered = n.offeredSlot else {
                throw BookingError.noOffer(notification: id)
            }
            let original = try String.fetchOne(db, sql: "SELECT coalesce(original_booked_at, booked_at) FROM appointment WHERE id = ?",
                                               arguments: [n.appointment.id]) ?? n.appointment.bookedAt
            let slot = try Self.slotRow(db, .id(offered.id), includeWithdrawn: true)
            let withdrawn = try Bool.fetchOne(db, sql: "SELECT withdrawn FROM slot WHERE id = ?", arguments: [slot.id]) ?? true
            let clinicID = try Self.clinicID(db, code: n.appointment.clinic)
            let stillFree = try !withdrawn
                && (try? Self.seat(db, for: n.appointment.channel, in: slot, clinic: clinicID, code: n.appointment.clinic, now: now).get()) != nil
                && (try? checkPatientRules(db, patient: n.patientID, slot: slot, now: now, reason: n.appointment.flagReason ?? "stop-clinic")) != nil
            if stillFree {
                let booked = try rebookInto(db, slot, from: n.appointment, originalBookedAt: original, by: actor, now: now)
                try db.execute(sql: "UPDATE notification SET rebooked_appointment_id = ?, offered_slot_id = NULL WHERE id = ?", arguments: [booked, id])
                try audit(db, by: actor, action: "notify.accept", entity: "notification", id: id, after: "appointment \(booked) \(slot.state.label)")
                return .success(try Self.requireNotification(db, id: id, now: now))
            }
            if let next = try nearestFreeSlot(db, for: n.appointment, now: now, except: id) {
                try db.execute(sql: "UPDATE notification SET offered_slot_id = ? WHERE id = ?", arguments: [next.id, id])
                try audit(db, by: actor, action: "notify.reoffer", entity: "notification", id: id,
                          before: slot.state.label, after: "\(slot.state.label) gone: offered \(next.state.label)")
                return .failure(.offerGone(slot: slot.state.label, next: next.state.label, waitlist: nil))
            }
            let entry = try waitlistAtHead(db, from: n.appointment, originalBookedAt: original, by: actor, now: now)
            try db.execute(sql: "UPDATE notification SET waitlist_id = ?, offered_slot_id = NULL WHERE id = ?", arguments: [entry, id])
            try audit(db, by: actor, action: "notify.accept", entity: "notification", id: id,
                      after: "\(slot.state.label) gone, no free slot: waitlist \(entry)")
            return .failure(.offerGone(slot: slot.state.label, next: nil, waitlist: entry))
        }
        return try outcome.get()
    }

    /// The patient declines the offer: the head of their class on the waitlist instead.
    public func declineOffer(_ id: Int64, by actor: Operator) throws(BookingError) -> NotificationView {
        try actor.require(.notify)
        let now = self.now
        return try write { db in
            let n = try Self.requireNotification(db, id: id, now: now)
            guard n.kind == .stopClinic, n.rebookedAppointmentID == nil, n.waitlistID == nil else { throw BookingError.noOffer(notification: id) }
            let original = try String.fetchOne(db, sql: "SELECT coalesce(original_booked_at, booked_at) FROM appointment WHERE id = ?",
                                               arguments: [n.appointment.id]) ?? n.appointment.bookedAt
            let entry = try waitlistAtHead(db, from: n.appointment, originalBookedAt: original, after: n.offeredSlot?.date, by: actor, now: now)
            try db.execute(sql: "UPDATE notification SET waitlist_id = ?, offered_slot_id = NULL WHERE id = ?", arguments: [entry, id])
            try audit(db, by: actor, action: "notify.decline", entity: "notification", id: id, after: "waitlist \(entry)")
            // No serving here: a decline frees no seat, and serving would book the patient who has
            // just said no into the next seat before anyone asked them.
            return try Self.requireNotification(db, id: id, now: now)
        }
    }
}
