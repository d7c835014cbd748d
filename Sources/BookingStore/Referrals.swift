import BookingCore
import GRDB

/// What a clinic (or the hospital, for a follow-up) writes on a referral.
public struct ReferralInput: Sendable, Equatable {
    public var patient: PatientReference
    public var clinic: String
    public var referringDoctor: String
    public var department: String
    public var resource: String?
    public var reason: String
    public var urgency: ReferralUrgency
    public var direction: ReferralDirection
    /// For a down-referral: when the follow-up is due at the clinic.
    public var dueDate: LocalDate?

    public init(patient: PatientReference, clinic: String, referringDoctor: String, department: String, resource: String? = nil,
                reason: String, urgency: ReferralUrgency = .routine, direction: ReferralDirection = .up, dueDate: LocalDate? = nil) {
        self.patient = patient
        self.clinic = clinic
        self.referringDoctor = referringDoctor
        self.department = department
        self.resource = resource
        self.reason = reason
        self.urgency = urgency
        self.direction = direction
        self.dueDate = dueDate
    }
}

/// A referral as the coordinator reads it; `status` already accounts for expiry.
public struct ReferralView: Sendable, Equatable {
    public let id: Int64
    public let patientID: Int64
    public let patientName: String
    public let clinic: String
    public let clinicName: String
    public let referringDoctor: String
    public let department: String
    public let departmentName: String
    public let resource: String?
    public let reason: String
    public let urgency: ReferralUrgency
    public let direction: ReferralDirection
    public let status: ReferralStatus
    public let createdAt: LocalDateTime
    public let dueDate: LocalDate?
    public let appointmentID: Int64?

    /// Whole days the referral has waited.
    public func ageDays(now: LocalDateTime) -> Int { max(0, (now.minuteNumber - createdAt.minuteNumber) / 1440) }

    /// Rule 11a: a follow-up sent down, still pending after its due date.
    public func isOverdue(today: LocalDate) -> Bool {
        ReferralRules.isOverdue(direction: direction, status: status, dueDate: dueDate, today: today)
    }
}

/// Which referrals to list. The inbox is pending up-referrals, by urgency then age.
public struct ReferralFilter: Sendable, Equatable {
    public var statuses: Set<ReferralStatus>?
    public var clinic: String?
    public var department: String?
    public var direction: ReferralDirection?
    public var patient: PatientReference?

    public init(statuses: Set<ReferralStatus>? = nil, clinic: String? = nil, department: String? = nil,
                direction: ReferralDirection? = nil, patient: PatientReference? = nil) {
        self.statuses = statuses
        self.clinic = clinic
        self.department = department
        self.direction = direction
        self.patient = patient
    }

    public static let inbox = ReferralFilter(statuses: [.pending], direction: .up)
}

extension Store {
    /// Records a referral from an alliance clinic (or a follow-up down to one).
    public func addReferral(_ input: ReferralInput, by actor: Operator) throws(BookingError) -> ReferralView {
        try actor.require(.referral)
        let now = self.now
        let doctor = try FreeText.line(input.referringDoctor, field: "doctor", limit: 40)
        let reason = try FreeText.lines(input.reason, field: "reason", limit: 500)
        return try write { db in
            guard let patientID = try Self.resolvePatient(db, input.patient) else { throw BookingError.notFound(kind: "patient", key: input.patient.text) }
            guard let clinicID = try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [input.clinic.uppercased()]) else {
                throw BookingError.notFound(kind: "clinic", key: input.clinic)
            }
            guard let departmentID = try Int64.fetchOne(db, sql: "SELECT id FROM department WHERE code = ?", arguments: [input.department.uppercased()]) else {
                throw BookingError.notFound(kind: "department", key: input.department)
            }
            var resourceID: Int64?
            if let code = input.resource {
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM resource WHERE code = ? AND department_id = ?",
                                                  arguments: [code.uppercased(), departmentID]) else {
                    throw BookingError.notFound(kind: "resource", key: "\(code) in \(input.department)")
                }
                resourceID = id
            }
            try db.execute(sql: """
                INSERT INTO referral (patient_id, clinic_id, referring_doctor, department_id, resource_id, reason, urgency, direction,
                                      status, created_at, created_by, due_date)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                """, arguments: [patientID, clinicID, doctor, departmentID, resourceID, reason, input.urgency.rawValue, input.direction.rawValue,
                                 now.description, actor.name, input.dueDate?.description])
            let id = db.lastInsertedRowID
            try audit(db, by: actor, action: "referral.add", entity: "referral", id: id,
                      after: "patient \(patientID) \(input.direction.rawValue) \(input.clinic.uppercased())→\(input.department.uppercased()) \(input.urgency.rawValue)")
            return try Self.requireReferral(db, id: id, now: now)
        }
    }

    /// Withdraws a referral that has not been seen yet; a booked one has its appointment cancelled
    /// first, in the same transaction.
    public func cancelReferral(_ id: Int64, reason: String, by actor: Operator) throws(BookingError) -> ReferralView {
        try actor.require(.referral)
        let now = self.now
        let why = try FreeText.line(reason, field: "reason", limit: 200)
        return try write { db in
            let r = try Self.requireReferral(db, id: id, now: now)
            guard r.status == .pending || r.status == .booked || r.status == .expired else {
                throw BookingError.referralNotBookable(referral: id, status: r.status)
            }
            if r.status == .booked, let appointment = r.appointmentID {
                let a = try Self.requireAppointment(db, id: appointment)
                if let refusal = AppointmentRules.checkCancel(id: a.id, status: a.status, slotStart: LocalDateTime(date: a.date, hour: a.hour), now: now) {
                    throw refusal
                }
                try db.execute(sql: "UPDATE appointment SET status = 'cancelled', cancelled_at = ?, cancelled_by = ? WHERE id = ?",
                               arguments: [now.description, actor.name, a.id])
                try db.execute(sql: "UPDATE slot SET added = added - 1 WHERE id = ? AND ? = 1", arguments: [a.slotID, a.addOn])
                try audit(db, by: actor, action: "appointment.cancel", entity: "appointment", id: a.id, before: a.status.rawValue, after: "cancelled")
            }
            try db.execute(sql: "UPDATE referral SET status = 'cancelled', closed_at = ?, cancel_reason = ? WHERE id = ?",
                           arguments: [now.description, why, id])
            try db.execute(sql: "UPDATE waitlist SET status = 'removed', closed_at = ? WHERE referral_id = ? AND status = 'waiting'",
                           arguments: [now.description, id])
            try serveWaitlist(db, now: now)
            try audit(db, by: actor, action: "referral.cancel", entity: "referral", id: id, before: r.status.rawValue, after: "cancelled: \(why)")
            return try Self.requireReferral(db, id: id, now: now)
        }
    }

    public func referral(_ id: Int64) throws(BookingError) -> ReferralView {
        let now = self.now
        return try read { db in try Self.requireReferral(db, id: id, now: now) }
    }

    /// Referrals by urgency (green first), then by how long they have waited.
    public func referrals(_ filter: ReferralFilter) throws(BookingError) -> [ReferralView] {
        let now = self.now
        return try read { db in
            var patientID: Int64?
            if let p = filter.patient {
                guard let id = try Self.resolvePatient(db, p) else { throw BookingError.notFound(kind: "patient", key: p.text) }
                patientID = id
            }
            let rows = try Row.fetchAll(db, sql: Self.referralSelect + """
                 WHERE (?1 IS NULL OR c.code = ?1) AND (?2 IS NULL OR d.code = ?2) AND (?3 IS NULL OR f.direction = ?3)
                   AND (?4 IS NULL OR f.patient_id = ?4)
                 ORDER BY CASE f.urgency WHEN 'green' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, f.created_at, f.id
                 LIMIT 5000
                """, arguments: [filter.clinic?.uppercased(), filter.department?.uppercased(), filter.direction?.rawValue, patientID])
            let expiry = try Self.referralExpiryDays(db)
            let list = rows.map { Self.referralView($0, expiryDays: expiry, now: now) }
                .filter { filter.statuses?.contains($0.status) ?? true }
            // Rule 11a: follow-ups sent down are worked by due date, the soonest (or most overdue) first.
            guard filter.direction == .down else { return list }
            return list.sorted { ($0.dueDate ?? LocalDate(dayNumber: Int.max / 2), $0.id) < ($1.dueDate ?? LocalDate(dayNumber: Int.max / 2), $1.id) }
        }
    }

    /// Rule 11a: the alliance clinic reports a follow-up sent down as done (coordinator or admin;
    /// audited). Until then it stays pending, and overdue after its due date.
    public func completeFollowUp(_ id: Int64, by actor: Operator) throws(BookingError) -> ReferralView {
        try actor.require(.referral)
        let now = self.now
        return try write { db in
            let r = try Self.requireReferral(db, id: id, now: now)
            if let refusal = ReferralRules.checkFollowUpDone(id: id, status: r.status, direction: r.direction) { throw refusal }
            try db.execute(sql: "UPDATE referral SET status = 'completed', closed_at = ? WHERE id = ?", arguments: [now.description, id])
            try audit(db, by: actor, action: "referral.done", entity: "referral", id: id, before: r.status.rawValue,
                      after: "completed" + (r.isOverdue(today: now.date) ? " (overdue since \(r.dueDate.map { "\($0)" } ?? "-"))" : ""))
            return try Self.requireReferral(db, id: id, now: now)
        }
    }

    static let referralSelect = """
        SELECT f.id, f.patient_id, p.name AS patient_name, c.code AS clinic, c.name AS clinic_name, f.referring_doctor,
               d.code AS department, d.name AS department_name, r.code AS resource, f.reason, f.urgency, f.direction, f.status,
               f.created_at, f.due_date, f.appointment_id
        FROM referral f
        JOIN patient p ON p.id = f.patient_id
        JOIN alliance_clinic c ON c.id = f.clinic_id
        JOIN department d ON d.id = f.department_id
        LEFT JOIN resource r ON r.id = f.resource_id
        """

    static func referralExpiryDays(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT referral_expiry_days FROM hospital WHERE id = 1") ?? ReferralRules.defaultExpiryDays
    }

    static func requireReferral(_ db: Database, id: Int64, now: LocalDateTime) throws -> ReferralView {
        guard let row = try Row.fetchOne(db, sql: referralSelect + " WHERE f.id = ?", arguments: [id]) else {
            throw BookingError.notFound(kind: "referral", key: "\(id)")
        }
        return referralView(row, expiryDays: try referralExpiryDays(db), now: now)
    }

    static func referralView(_ row: Row, expiryDays: Int, now: LocalDateTime) -> ReferralView {
        let created = LocalDateTime(row["created_at"] as String) ?? now
        let stored = ReferralStatus(rawValue: row["status"]) ?? .pending
        return ReferralView(id: row["id"], patientID: row["patient_id"], patientName: row["patient_name"], clinic: row["clinic"],
                            clinicName: row["clinic_name"], referringDoctor: row["referring_doctor"], department: row["department"],
                            departmentName: row["department_name"], resource: row["resource"], reason: row["reason"],
                            urgency: ReferralUrgency(rawValue: row["urgency"]) ?? .routine,
                            direction: ReferralDirection(rawValue: row["direction"]) ?? .up,
                            status: ReferralRules.effectiveStatus(stored: stored, createdAt: created, expiryDays: expiryDays, now: now,
                                                                  direction: ReferralDirection(rawValue: row["direction"]) ?? .up),
                            createdAt: created, dueDate: (row["due_date"] as String?).flatMap(LocalDate.init), appointmentID: row["appointment_id"])
    }
}
