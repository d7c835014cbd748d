import BookingCore
import GRDB

/// What `slots generate` did (or, with a dry run, would do).
public struct GenerationReport: Sendable, Equatable {
    public var from: LocalDate
    public var to: LocalDate
    public var created = 0
    public var updated = 0
    public var removed = 0
    public var unchanged = 0
    /// Slots generated on dates no loaded official calendar covers (rule 12).
    public var withoutCalendar = 0
    /// Days before today that were left alone: the past is never regenerated.
    public var pastDaysSkipped = 0
    public var conflicts: [String] = []
    public var dryRun = false
}

extension Store {
    /// The longest range one generation may cover.
    public static let maxGenerationDays = 1100

    /// Generates slots from the weekly sessions and the calendar over `from...to` (rule 12).
    /// Idempotent; never deletes or shrinks a slot holding bookings, reporting it instead; never
    /// touches days before today.
    ///
    /// A long range is written in transactions of `generationChunkDays` days each, so a booking
    /// waits for one of them at most (DESIGN, "Deployment and scale"); each is whole, with its
    /// audit record, and a run killed midway is completed by running it again. A dry run reads
    /// the whole range in one transaction it rolls back.
    public func generateSlots(from: LocalDate, to: LocalDate, dryRun: Bool = false, by actor: Operator,
                              progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(BookingError) -> GenerationReport {
        try actor.require(.generateSlots)
        guard from <= to else { throw BookingError.invalidInput(field: "--to", problem: .rangeBackwards(from: from, to: to)) }
        guard from.days(to: to) < Self.maxGenerationDays else {
            throw BookingError.invalidInput(field: "--to", problem: .atMostDaysAtATime(Self.maxGenerationDays))
        }
        if dryRun { return try generateSlotChunk(from: from, to: to, dryRun: true, by: actor) }
        var report = GenerationReport(from: from, to: to)
        let total = from.days(to: to) + 1
        var chunkStart = from
        while chunkStart <= to {
            let chunkEnd = min(to, chunkStart.adding(days: Self.generationChunkDays - 1))
            let part = try generateSlotChunk(from: chunkStart, to: chunkEnd, dryRun: false, by: actor)
            report.created += part.created
            report.updated += part.updated
            report.removed += part.removed
            report.unchanged += part.unchanged
            report.withoutCalendar += part.withoutCalendar
            report.pastDaysSkipped += part.pastDaysSkipped
            report.conflicts += part.conflicts
            progress?(from.days(to: chunkEnd) + 1, total)
            chunkStart = chunkEnd.adding(days: 1)
            if chunkStart <= to { Self.pauseBetweenChunks() }
        }
        return report
    }

    /// Days of slots written in one transaction: a month of the demo hospital's slots (some
    /// 4,000 rows) takes a few milliseconds to write.
    static let generationChunkDays = 28

    /// One transaction of `generateSlots`: `from...to`, reconciled, with its audit record.
    func generateSlotChunk(from: LocalDate, to: LocalDate, dryRun: Bool, by actor: Operator) throws(BookingError) -> GenerationReport {
        let today = now.date
        var report = GenerationReport(from: from, to: to, dryRun: dryRun)
        let start = max(from, today)
        report.pastDaysSkipped = max(0, from.days(to: min(to.adding(days: 1), today)))
        guard start <= to else { return report }
        return try write { db in
            let setup = try Self.loadSetup(db)
            // Theatres are planned in minutes per day (day surgery), not sold by the hour.
            let hourly = Set(setup.resources.filter { $0.kind != .theatre }.map(\.code))
            // Rule 10: a stopped session stays stopped, whatever the weekly template says.
            let stopped = Set(try Row.fetchAll(db, sql: """
                SELECT r.code, x.date FROM stopped_session x JOIN resource r ON r.id = x.resource_id WHERE x.date BETWEEN ? AND ?
                """, arguments: [start.description, to.description]).map { "\($0["code"] as String)@\($0["date"] as String)" })
            let planned = SlotPlanner.plan(sessions: setup.sessions.filter { hourly.contains($0.resource) },
                                           calendar: setup.calendar ?? WorkCalendar(), dates: start...to)
                .filter { stopped.isEmpty || !stopped.contains("\($0.resource)@\($0.date)") }
            let stored = try Row.fetchAll(db, sql: """
                SELECT s.id, r.code, s.date, s.hour, s.capacity, s.reserved, s.public_used + s.reserved_used AS booked,
                       s.reserved_used, s.withdrawn, s.calendar_known, EXISTS (SELECT 1 FROM appointment a WHERE a.slot_id = s.id) AS history
                FROM slot s JOIN resource r ON r.id = s.resource_id
                WHERE s.date BETWEEN ? AND ?
                """, arguments: [start.description, to.description]).map {
                StoredSlot(id: $0["id"], resource: $0["code"], date: LocalDate($0["date"] as String) ?? start, hour: $0["hour"],
                           capacity: $0["capacity"], reserved: $0["reserved"], booked: $0["booked"], reservedUsed: $0["reserved_used"],
                           hasHistory: $0["history"], withdrawn: $0["withdrawn"], calendarKnown: $0["calendar_known"])
            }
            let plan = SlotPlanner.reconcile(planned: planned, stored: stored)
            report.created = plan.create.count
            report.updated = plan.update.count
            report.removed = plan.delete.count + plan.withdraw.count
            report.unchanged = plan.unchanged
            report.withoutCalendar = planned.lazy.filter { !$0.calendarKnown }.count
            report.conflicts = plan.conflicts.map { conflict in
                switch conflict {
                case let .wouldShrink(slot, capacity, reserved):
                    return "\(SlotReference.label(resource: slot.resource, date: slot.date, hour: slot.hour)): \(slot.booked) booked; sessions now ask for capacity \(capacity), reserved \(reserved) — left unchanged"
                case let .noSession(slot):
                    return "\(SlotReference.label(resource: slot.resource, date: slot.date, hour: slot.hour)): \(slot.booked) booked but no session covers it any more — left unchanged"
                }
            }
            guard !dryRun else { return report }

            var resourceIDs: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT code, id FROM resource") { resourceIDs[row["code"]] = row["id"] }
            let insert = try db.makeStatement(sql: """
                INSERT INTO slot (resource_id, date, hour, capacity, reserved, calendar_known) VALUES (?, ?, ?, ?, ?, ?)
                """)
            var dateText: [Int: String] = [:]
            for p in plan.create {
                guard let rid = resourceIDs[p.resource] else { continue }
                let day = dateText[p.date.dayNumber] ?? p.date.description
                dateText[p.date.dayNumber] = day
                try insert.execute(arguments: [rid, day, p.hour, p.capacity, p.reserved, p.calendarKnown])
            }
            let update = try db.makeStatement(sql: "UPDATE slot SET capacity = ?, reserved = ?, calendar_known = ?, withdrawn = 0 WHERE id = ?")
            for (id, p) in plan.update { try update.execute(arguments: [p.capacity, p.reserved, p.calendarKnown, id]) }
            let delete = try db.makeStatement(sql: "DELETE FROM slot WHERE id = ?")
            for id in plan.delete { try delete.execute(arguments: [id]) }
            let withdraw = try db.makeStatement(sql: "UPDATE slot SET withdrawn = 1 WHERE id = ?")
            for id in plan.withdraw { try withdraw.execute(arguments: [id]) }
            // New or larger slots are freed capacity: the waitlist is served at once.
            try serveWaitlist(db, now: now)
            if report.created + report.updated + report.removed > 0 {
                try audit(db, by: actor, action: "slots.generate", entity: "slot", id: nil,
                          after: "\(start)..\(to): created \(report.created), updated \(report.updated), removed \(report.removed), conflicts \(report.conflicts.count)")
            }
            return report
        }
    }
}
