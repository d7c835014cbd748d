import BookingCore
import GRDB

extension Store {
    /// What the appointment slip (预约凭条) prints for appointment `id`: the patient's name masked,
    /// where to go and how to prepare from the setup file, the check-in deadline (rule 7).
    public func appointmentSlip(_ id: Int64, language l: Language) throws(BookingError) -> AppointmentSlip {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT a.id, a.patient_id, p.name AS patient_name, a.date, a.hour, d.name AS department, d.name_en AS department_en,
                       r.name AS resource, r.name_en AS resource_en, r.title, r.kind, r.location, r.preparation,
                       h.name AS hospital, h.name_en AS hospital_en
                FROM appointment a JOIN patient p ON p.id = a.patient_id JOIN slot s ON s.id = a.slot_id
                JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = a.department_id
                LEFT JOIN hospital h ON h.id = 1
                WHERE a.id = ?
                """, arguments: [id]), let date = LocalDate(row["date"] as String) else {
                throw BookingError.notFound(kind: "appointment", key: "\(id)")
            }
            func pick(_ zh: String?, _ en: String?) -> String { l == .zh || (en ?? "").isEmpty ? zh ?? "" : en ?? "" }
            let title: String? = row["title"]
            return AppointmentSlip(hospital: pick(row["hospital"], row["hospital_en"]), appointment: row["id"],
                                   patientName: Privacy.maskName(row["patient_name"]), patientNumber: row["patient_id"],
                                   department: pick(row["department"], row["department_en"]),
                                   resource: pick(row["resource"], row["resource_en"]) + (l == .zh ? title.map { " " + $0 } ?? "" : ""),
                                   resourceKind: ResourceKind(rawValue: row["kind"]) ?? .clinic, date: date, hour: row["hour"],
                                   location: row["location"], preparation: row["preparation"])
        }
    }
}
