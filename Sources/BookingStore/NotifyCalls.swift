import BookingCore
import GRDB

extension Store {
    /// The phone of a patient on the to-notify list, in full, for the desk that must telephone
    /// them (rule 10): recorded as `patient.reveal` with the reason in the same transaction. The
    /// identity number is never part of it (rule 14).
    public func phoneToCall(notification id: Int64, reason: String, by actor: Operator) throws(BookingError) -> String {
        try actor.require(.notify)
        let reason = try FreeText.line(reason, field: "reason", limit: 200)
        let now = self.now
        return try write { db in
            let n = try Self.requireNotification(db, id: id, now: now)
            guard Permissions.allowsPhoneToCall(actor.roles, onNotifyList: n.doneAt == nil) else {
                throw BookingError.notOnNotifyList(notification: id)
            }
            guard let phone = n.phone else { throw BookingError.notFound(kind: "phone", key: "patient \(n.patientID)") }
            try audit(db, by: actor, action: "patient.reveal", entity: "patient", id: n.patientID,
                      after: "phone shown in full for notification \(id): \(reason)")
            return phone
        }
    }
}
