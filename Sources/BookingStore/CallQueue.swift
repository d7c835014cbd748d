import BookingCore
import GRDB

/// One patient in the call queue of a resource-hour.
public struct QueueEntry: Sendable, Equatable {
    public enum State: String, Sendable { case waiting, called, done }
    public let appointmentID: Int64
    public let patientName: String
    public let priority: PriorityClass
    public let checkedInAt: String
    public let state: State
    public let recalls: Int
    public let position: Double
}

/// The call queue of one resource-hour, the same on every terminal because it lives in the database.
public struct CallQueueView: Sendable, Equatable {
    public let slotLabel: String
    public let resourceName: String
    /// The patient called to the room, if any.
    public let called: QueueEntry?
    /// Those still waiting, in the order they will be called.
    public let waiting: [QueueEntry]
    /// Seen already.
    public let done: [QueueEntry]
}

extension Store {
    /// The queue of one resource-hour (rule 8): class, then check-in time, moved only by skips.
    public func callQueue(_ slot: SlotReference) throws(BookingError) -> CallQueueView {
        try read { db in try Self.callQueue(db, slot) }
    }

    static func callQueue(_ db: Database, _ reference: SlotReference) throws -> CallQueueView {
        let slot = try slotRow(db, reference, includeWithdrawn: true)
        let resourceName = try String.fetchOne(db, sql: "SELECT r.name FROM slot s JOIN resource r ON r.id = s.resource_id WHERE s.id = ?",
                                               arguments: [slot.id]) ?? ""
        let entries = try Row.fetchAll(db, sql: """
            SELECT a.id, p.name, a.priority, a.checked_in_at, a.call_state, a.recalls, a.queue_position
            FROM appointment a JOIN patient p ON p.id = a.patient_id
            WHERE a.slot_id = ? AND a.call_state IS NOT NULL
            ORDER BY a.queue_position, a.id
            """, arguments: [slot.id]).map {
            QueueEntry(appointmentID: $0["id"], patientName: $0["name"], priority: PriorityClass(rawValue: $0["priority"]) ?? .regular,
                       checkedInAt: $0["checked_in_at"] ?? "", state: QueueEntry.State(rawValue: $0["call_state"]) ?? .waiting,
                       recalls: $0["recalls"], position: $0["queue_position"] ?? 0)
        }
        return CallQueueView(slotLabel: slot.state.label, resourceName: resourceName, called: entries.first { $0.state == .called },
                             waiting: entries.filter { $0.state == .waiting }, done: entries.filter { $0.state == .done })
    }

    /// Calls the first patient waiting. One patient is called at a time: finish or skip them first.
    public func callNext(_ slot: SlotReference, by actor: Operator) throws(BookingError) -> CallQueueView {
        try actor.require(.callQueue)
        return try write { db in
            let queue = try Self.callQueue(db, slot)
            if let current = queue.called { throw BookingError.patientBeingSeen(appointment: current.appointmentID, patient: current.patientName) }
            guard let next = queue.waiting.first else { throw BookingError.queueEmpty(slot: queue.slotLabel) }
            try db.execute(sql: "UPDATE appointment SET call_state = 'called', called_at = ? WHERE id = ?", arguments: [now.description, next.appointmentID])
            try audit(db, by: actor, action: "queue.call", entity: "appointment", id: next.appointmentID, before: "waiting", after: "called")
            return try Self.callQueue(db, slot)
        }
    }

    /// Calls the patient in the room's doorway again.
    public func recall(_ slot: SlotReference, by actor: Operator) throws(BookingError) -> CallQueueView {
        try actor.require(.callQueue)
        return try write { db in
            let queue = try Self.callQueue(db, slot)
            guard let current = queue.called else { throw BookingError.noOneCalled(slot: queue.slotLabel) }
            try db.execute(sql: "UPDATE appointment SET recalls = recalls + 1, called_at = ? WHERE id = ?", arguments: [now.description, current.appointmentID])
            try audit(db, by: actor, action: "queue.recall", entity: "appointment", id: current.appointmentID, after: "recall \(current.recalls + 1)")
            return try Self.callQueue(db, slot)
        }
    }

    /// The called patient did not come: they go back after the next two waiting.
    public func skip(_ slot: SlotReference, by actor: Operator) throws(BookingError) -> CallQueueView {
        try actor.require(.callQueue)
        return try write { db in
            let queue = try Self.callQueue(db, slot)
            guard let current = queue.called else { throw BookingError.noOneCalled(slot: queue.slotLabel) }
            let position = CallQueue.positionAfterSkip(waiting: queue.waiting.map(\.position))
            try db.execute(sql: "UPDATE appointment SET call_state = 'waiting', queue_position = ? WHERE id = ?", arguments: [position, current.appointmentID])
            try audit(db, by: actor, action: "queue.skip", entity: "appointment", id: current.appointmentID, before: "called", after: "waiting")
            return try Self.callQueue(db, slot)
        }
    }

    /// The called patient has been seen: the appointment is completed.
    public func finishVisit(_ slot: SlotReference, by actor: Operator) throws(BookingError) -> CallQueueView {
        try actor.require(.callQueue)
        return try write { db in
            let queue = try Self.callQueue(db, slot)
            guard let current = queue.called else { throw BookingError.noOneCalled(slot: queue.slotLabel) }
            try db.execute(sql: "UPDATE appointment SET call_state = 'done', status = 'completed' WHERE id = ?", arguments: [current.appointmentID])
            try audit(db, by: actor, action: "queue.done", entity: "appointment", id: current.appointmentID, before: "checked_in", after: "completed")
            return try Self.callQueue(db, slot)
        }
    }
}
