import BookingCore
import Foundation
import GRDB

/// What a FHIR export wrote, by resource type.
public struct ExportSummary: Sendable, Equatable {
    /// Entries per `resourceType`.
    public var counts: [String: Int] = [:]
    public var revealed = false

    public var total: Int { counts.values.reduce(0, +) }
}

/// The FHIR R4 export for the regional health platform and the alliance's clinics: one `Bundle` of
/// type `collection` holding, for a range of days, the hospital and its departments
/// (`Organization`), each doctor (`Practitioner`) or exam room (`Location`) with its `Schedule`,
/// every hourly `Slot`, the `Patient`s and their `Appointment`s, and the referrals
/// (`ServiceRequest`) with the clinics that sent them (`Organization`).
///
/// Every entry's `fullUrl` is a name-based `urn:uuid:` and every reference points at one of them,
/// so the bundle stands alone. The bundle is written entry by entry, one per line, as the rows
/// are read. Theatres are left out: day surgery is booked in minutes, not in slots.
extension Store {
    public func exportFHIR(_ scope: ExportScope, by actor: Operator, progress: ((Int, Int) -> Void)? = nil,
                           write sink: @escaping (Data) throws -> Void) throws(BookingError) -> ExportSummary {
        try prepareExport(scope, format: "fhir", by: actor)
        let now = self.now
        let offset = timeZone.secondsFromGMT(for: Date())
        return try read { db in
            var bundle = try FHIRBundleWriter(db, scope: scope, now: now, offsetSeconds: offset, sink: sink, progress: progress)
            try bundle.writeAll()
            return bundle.summary
        }
    }
}

/// Reads the rows of one export and writes them as bundle entries, in an order where nothing
/// is referred to before the reader can have seen it.
struct FHIRBundleWriter {
    let db: Database
    let scope: ExportScope
    let now: LocalDateTime
    let offset: Int
    let namespace: [UInt8]
    var output: ExportOutput
    let progress: ((Int, Int) -> Void)?
    var summary = ExportSummary()
    var total = 0
    var written = 0

    init(_ db: Database, scope: ExportScope, now: LocalDateTime, offsetSeconds: Int, sink: @escaping (Data) throws -> Void,
         progress: ((Int, Int) -> Void)?) throws {
        self.db = db
        self.scope = scope
        self.now = now
        offset = offsetSeconds
        output = ExportOutput(sink)
        self.progress = progress
        summary.revealed = scope.reveal
        // One namespace per hospital: the same row always gets the same urn:uuid.
        let hospital = try String.fetchOne(db, sql: "SELECT name FROM hospital WHERE id = 1") ?? "SlotDesk"
        namespace = NameBasedUUID.bytes(namespace: NameBasedUUID.dnsNamespace, name: "slotdesk.fhir." + hospital)
    }

    // MARK: - References

    func uuid(_ type: String, _ id: String) -> String { "urn:uuid:" + NameBasedUUID.string(namespace: namespace, name: "\(type)/\(id)") }

    func reference(_ type: String, _ id: String, display: String? = nil) -> JSONValue {
        .fields(["reference": .string(uuid(type, id)), "display": display.map(JSONValue.string)])
    }

    func instant(_ t: LocalDateTime) -> JSONValue { .string(FHIRMapping.instant(t, offsetSeconds: offset)) }

    /// `2026-11-24T09:30` as stored → a FHIR dateTime with the hospital's offset.
    func dateTime(_ stored: String?) -> JSONValue? { stored.flatMap(LocalDateTime.init).map(instant) }

    static func coding(_ system: String, _ code: String, _ display: String? = nil) -> JSONValue {
        .fields(["system": .string(system), "code": .string(code), "display": display.map(JSONValue.string)])
    }

    // MARK: - Writing

    /// Writes one entry; elements given as nil are left out.
    mutating func entry(_ type: String, _ id: String, _ elements: [(String, JSONValue?)]) throws(BookingError) {
        let resource = JSONValue.object([("resourceType", .string(type)), ("id", .string(id))] + elements.compactMap { key, value in value.map { (key, $0) } })
        let entry = JSONValue.object([("fullUrl", .string(uuid(type, id))), ("resource", resource)])
        try output.write((written == 0 ? "\n" : ",\n") + entry.text)
        written += 1
        summary.counts[type, default: 0] += 1
        if written % 250 == 0 { progress?(written, total) }
    }

    mutating func writeAll() throws {
        total = try countEntries()
        let header = JSONValue.object([
            ("resourceType", .string("Bundle")),
            ("id", .string(NameBasedUUID.string(namespace: namespace, name: "Bundle/\(scope.description)/\(now)"))),
            ("meta", .fields(["security": scope.reveal ? nil : .array([Self.redacted])])),
            ("type", .string("collection")),
            ("timestamp", instant(now)),
        ]).text
        // The header without its closing brace, then the entries, then the close.
        try output.write(String(header.dropLast()) + ",\"entry\":[")
        try writeOrganizations()
        try writeResources()
        try writeSlots()
        try writePatients()
        try writeServiceRequests()
        try writeAppointments()
        try output.write("\n]}\n")
        try output.flush()
        progress?(written, total)
    }

    func countEntries() throws -> Int {
        let args = scope.arguments
        let departments = try Int.fetchOne(db, sql: "SELECT count(*) FROM department d WHERE ?3 IS NULL OR d.code = ?3", arguments: args) ?? 0
        let resources = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Self.resourceSelect))", arguments: args) ?? 0
        let slots = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Self.slotSelect))", arguments: args) ?? 0
        let patients = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(ExportScope.patientIDs))", arguments: args) ?? 0
        let referrals = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Self.referralSelect))", arguments: args) ?? 0
        let clinics = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Self.clinicSelect))", arguments: args) ?? 0
        let appointments = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(Self.appointmentSelect))", arguments: args) ?? 0
        return 1 + departments + clinics + 2 * resources + slots + patients + referrals + appointments
    }

    /// The security label of a resource (and of the bundle) whose identities are masked.
    static let redacted = coding(FHIRMapping.securityLabelSystem, "REDACTED", "redacted")

    /// `"_value": {"extension": [data-absent-reason masked]}`: the element is there, its value withheld.
    static let maskedValue: JSONValue = .fields(["extension": .array([.fields([
        "url": .string(FHIRMapping.dataAbsentReason), "valueCode": .string("masked"),
    ])])])

    // MARK: - Organizations: the hospital, its departments, the clinics that referred

    static let clinicSelect = """
        SELECT DISTINCT c.id, c.code, c.name FROM alliance_clinic c
        WHERE c.id IN (SELECT f.clinic_id FROM referral f JOIN department d ON d.id = f.department_id WHERE \(ExportScope.referralCondition))
        ORDER BY c.code
        """

    mutating func writeOrganizations() throws {
        let hospital = try Row.fetchOne(db, sql: "SELECT name, name_en FROM hospital WHERE id = 1")
        let name: String = hospital?["name"] ?? "SlotDesk"
        let nameEn: String? = hospital?["name_en"]
        let provider = JSONValue.array([.fields(["coding": .array([Self.coding(FHIRMapping.organizationTypeSystem, "prov", "Healthcare Provider")])])])
        try entry("Organization", "hospital", [("active", .bool(true)), ("type", provider), ("name", .string(name)),
                                               ("alias", .array(nameEn.map { [.string($0)] } ?? []))])
        let department = JSONValue.array([.fields(["coding": .array([Self.coding(FHIRMapping.organizationTypeSystem, "dept", "Hospital Department")])])])
        let departments = try Row.fetchAll(db, sql: "SELECT code, name, name_en FROM department d WHERE ?3 IS NULL OR d.code = ?3 ORDER BY d.id",
                                           arguments: scope.arguments)
        for d in departments {
            let code: String = d["code"], nameEn: String = d["name_en"]
            try entry("Organization", "dept-" + FHIRMapping.resourceID(code), [
                ("active", .bool(true)), ("type", department), ("name", .string(d["name"])), ("alias", .array([.string(nameEn)])),
                ("partOf", reference("Organization", "hospital", display: name)),
            ])
        }
        for c in try Row.fetchAll(db, sql: Self.clinicSelect, arguments: scope.arguments) {
            try entry("Organization", "clinic-" + FHIRMapping.resourceID(c["code"]), [("active", .bool(true)), ("type", provider), ("name", .string(c["name"]))])
        }
    }

    // MARK: - Practitioners and Locations, each with its Schedule

    static let resourceSelect = """
        SELECT r.id, r.code, r.kind, r.name, r.title, d.code AS department, d.name AS department_name
        FROM resource r JOIN department d ON d.id = r.department_id
        WHERE r.kind <> 'theatre' AND (?3 IS NULL OR d.code = ?3)
          AND EXISTS (SELECT 1 FROM slot s WHERE s.resource_id = r.id AND s.date BETWEEN ?1 AND ?2)
        ORDER BY d.id, r.id
        """

    /// A doctor's clinic is a Practitioner; an exam room or device a Location.
    static func actorType(kind: String) -> String { kind == "clinic" ? "Practitioner" : "Location" }

    mutating func writeResources() throws {
        let rows = try Row.fetchAll(db, sql: Self.resourceSelect, arguments: scope.arguments)
        for r in rows {
            let id = FHIRMapping.resourceID(r["code"])
            let kind: String = r["kind"], name: String = r["name"], departmentName: String = r["department_name"]
            let department = reference("Organization", "dept-" + FHIRMapping.resourceID(r["department"]), display: departmentName)
            if kind == "clinic" {
                let title: String? = r["title"]
                try entry("Practitioner", id, [
                    ("active", .bool(true)), ("name", .array([.fields(["text": .string(name)])])),
                    ("qualification", .array(title.map { [.fields(["code": .fields(["text": .string($0)])])] } ?? [])),
                ])
            } else {
                try entry("Location", id, [("status", .string("active")), ("name", .string(name)), ("mode", .string("instance")),
                                           ("managingOrganization", department)])
            }
        }
        for r in rows {
            let id = FHIRMapping.resourceID(r["code"])
            let kind: String = r["kind"], name: String = r["name"], departmentName: String = r["department_name"]
            try entry("Schedule", id, [
                ("active", .bool(true)),
                ("actor", .array([reference(Self.actorType(kind: kind), id, display: name)])),
                ("planningHorizon", .fields(["start": instant(LocalDateTime(date: scope.from, hour: 0)),
                                             "end": instant(LocalDateTime(date: scope.to.adding(days: 1), hour: 0))])),
                ("comment", .string("\(departmentName) \(name)")),
            ])
        }
    }

    // MARK: - Slots

    static let slotSelect = """
        SELECT s.id, s.date, s.hour, s.capacity, s.reserved, s.added, s.public_used + s.reserved_used AS booked, s.withdrawn, r.code AS resource
        FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
        WHERE s.date BETWEEN ?1 AND ?2 AND r.kind <> 'theatre' AND (?3 IS NULL OR d.code = ?3)
        ORDER BY s.date, r.id, s.hour
        """

    mutating func writeSlots() throws {
        let cursor = try Row.fetchCursor(db, sql: Self.slotSelect, arguments: scope.arguments)
        while let s = try cursor.next() {
            guard let date = LocalDate(s["date"] as String) else { continue }
            let id: Int64 = s["id"], hour: Int = s["hour"], capacity: Int = s["capacity"], added: Int = s["added"]
            let booked: Int = s["booked"], reserved: Int = s["reserved"], withdrawn: Bool = s["withdrawn"]
            let start = LocalDateTime(date: date, hour: hour)
            try entry("Slot", "\(id)", [
                ("schedule", reference("Schedule", FHIRMapping.resourceID(s["resource"]))),
                ("status", .string(FHIRMapping.slotStatus(withdrawn: withdrawn, booked: booked, capacity: capacity + added))),
                ("start", instant(start)), ("end", instant(start.adding(minutes: 60))),
                ("overbooked", added > 0 ? .bool(true) : nil),
                ("comment", .string("capacity \(capacity + added), booked \(booked), reserved for the alliance \(reserved)"
                                    + (added > 0 ? ", added \(added)" : "") + (withdrawn ? ", clinic stopped" : ""))),
            ])
        }
    }

    // MARK: - Patients

    mutating func writePatients() throws {
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT p.id, p.name, p.document_type, p.document_number, p.birth_date, p.sex, p.phone
            FROM patient p WHERE p.id IN (\(ExportScope.patientIDs)) ORDER BY p.id
            """, arguments: scope.arguments)
        while let p = try cursor.next() {
            let id: Int64 = p["id"]
            let type = DocumentType(rawValue: p["document_type"]) ?? .other
            let number: String = p["document_number"]
            let phone: String? = p["phone"]
            let kind = FHIRMapping.identifier(for: type)
            var identifier: [(String, JSONValue)] = [("use", .string("official"))]
            identifier.append(("type", .fields([
                "coding": kind.typeCode.map { JSONValue.array([Self.coding(FHIRMapping.identifierTypeSystem, $0)]) },
                "text": .string(kind.typeText),
            ])))
            if let system = kind.system { identifier.append(("system", .string(system))) }
            identifier.append(scope.reveal ? ("value", .string(number)) : ("_value", Self.maskedValue))
            var telecom: [JSONValue] = []
            if let phone, !phone.isEmpty {
                let mobile = phone.count == 11 && phone.hasPrefix("1")
                telecom.append(.object([("system", .string("phone")), scope.reveal ? ("value", .string(phone)) : ("_value", Self.maskedValue),
                                        ("use", .string(mobile ? "mobile" : ""))]))
            }
            let sex = (p["sex"] as String?).flatMap(Sex.init)
            try entry("Patient", "\(id)", [
                ("meta", .fields(["security": scope.reveal ? nil : .array([Self.redacted])])),
                ("identifier", .array([.object(identifier)])),
                ("name", .array([.fields(["use": .string("official"), "text": .string(p["name"])])])),
                ("telecom", .array(telecom)),
                ("gender", .string(FHIRMapping.gender(sex))),
                // Beside a masked identity number the birth date is absent, masked: it is the
                // number's hidden digits (rule 14).
                scope.reveal ? ("birthDate", (p["birth_date"] as String?).map(JSONValue.string)) : ("_birthDate", Self.maskedValue as JSONValue?),
                ("managingOrganization", reference("Organization", "hospital")),
            ])
        }
    }

    // MARK: - Referrals as ServiceRequests

    static let referralSelect = """
        SELECT f.id, f.patient_id, p.name AS patient_name, c.code AS clinic, c.name AS clinic_name, f.referring_doctor,
               d.code AS department, d.name AS department_name, f.reason, f.urgency, f.direction, f.status, f.created_at, f.due_date
        FROM referral f JOIN patient p ON p.id = f.patient_id JOIN alliance_clinic c ON c.id = f.clinic_id
        JOIN department d ON d.id = f.department_id
        WHERE \(ExportScope.referralCondition)
        ORDER BY f.id
        """

    mutating func writeServiceRequests() throws {
        let expiry = try Store.referralExpiryDays(db)
        let cursor = try Row.fetchCursor(db, sql: Self.referralSelect, arguments: scope.arguments)
        while let f = try cursor.next() {
            let id: Int64 = f["id"]
            let created = LocalDateTime(f["created_at"] as String) ?? now
            let stored = ReferralStatus(rawValue: f["status"]) ?? .pending
            let status = ReferralRules.effectiveStatus(stored: stored, createdAt: created, expiryDays: expiry, now: now)
            let urgency = ReferralUrgency(rawValue: f["urgency"]) ?? .routine
            let up = (ReferralDirection(rawValue: f["direction"]) ?? .up) == .up
            let clinicName: String = f["clinic_name"], departmentName: String = f["department_name"], doctor: String = f["referring_doctor"]
            let clinic = reference("Organization", "clinic-" + FHIRMapping.resourceID(f["clinic"]), display: up ? "\(clinicName) \(doctor)" : clinicName)
            let department = reference("Organization", "dept-" + FHIRMapping.resourceID(f["department"]), display: up ? departmentName : "\(departmentName) \(doctor)")
            let due = (f["due_date"] as String?).flatMap(LocalDate.init)
            try entry("ServiceRequest", "\(id)", [
                ("status", .string(FHIRMapping.serviceRequestStatus(status))),
                ("intent", .string("order")),
                ("priority", .string(FHIRMapping.serviceRequestPriority(urgency))),
                ("code", .fields(["coding": .array([Self.coding(FHIRMapping.snomed, "3457005", "Patient referral")]),
                                  "text": .string(up ? "转诊（上转）：\(departmentName)" : "随访（下转）：\(clinicName)")])),
                ("subject", reference("Patient", "\(f["patient_id"] as Int64)", display: f["patient_name"])),
                ("occurrenceDateTime", due.map { .string($0.description) }),
                ("authoredOn", instant(created)),
                ("requester", up ? clinic : department),
                ("performer", .array([up ? department : clinic])),
                ("reasonCode", .array([.fields(["text": .string(f["reason"])])])),
            ])
        }
    }

    // MARK: - Appointments

    static let appointmentSelect = """
        SELECT a.id, a.patient_id, p.name AS patient_name, a.slot_id, r.code AS resource, r.kind, r.name AS resource_name,
               d.name AS department_name, a.date, a.hour, a.status, a.priority, a.booked_at, a.flag_reason, a.referral_id,
               a.cancel_kind, a.channel, c.name AS clinic_name
        FROM appointment a JOIN patient p ON p.id = a.patient_id JOIN slot s ON s.id = a.slot_id
        JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = a.department_id
        LEFT JOIN alliance_clinic c ON c.id = a.clinic_id
        WHERE a.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.code = ?3)
        ORDER BY a.date, a.hour, r.code, a.id
        """

    mutating func writeAppointments() throws {
        let cursor = try Row.fetchCursor(db, sql: Self.appointmentSelect, arguments: scope.arguments)
        while let a = try cursor.next() {
            guard let date = LocalDate(a["date"] as String) else { continue }
            let id: Int64 = a["id"], hour: Int = a["hour"]
            let stored = AppointmentStatus(rawValue: a["status"]) ?? .booked
            let status = FHIRMapping.appointmentStatus(stored, pastNoShowDeadline: AppointmentRules.noShowDeadline(date: date, hour: hour) <= now)
            let priority = PriorityClass(rawValue: a["priority"]) ?? .regular
            let start = LocalDateTime(date: date, hour: hour)
            let resource = FHIRMapping.resourceID(a["resource"])
            let resourceName: String = a["resource_name"], departmentName: String = a["department_name"]
            var cancellation: JSONValue?
            if stored == .cancelled {
                let reason = FHIRMapping.cancellationReason(hospital: (a["cancel_kind"] as String?) == "hospital")
                cancellation = .fields(["coding": .array([Self.coding(FHIRMapping.cancellationReasonSystem, reason.code, reason.display)])])
            }
            let clinic: String? = a["clinic_name"]
            let comment = [a["flag_reason"] as String?, clinic.map { "医联体预约：\($0)" }].compactMap { $0 }.joined(separator: "；")
            try entry("Appointment", "\(id)", [
                ("status", .string(status)),
                ("cancelationReason", cancellation),
                ("priority", .int(FHIRMapping.priority(priority))),
                ("description", .string("\(departmentName) \(resourceName)")),
                ("start", instant(start)), ("end", instant(start.adding(minutes: 60))),
                ("slot", .array([reference("Slot", "\(a["slot_id"] as Int64)")])),
                ("created", dateTime(a["booked_at"])),
                ("comment", .string(comment)),
                ("basedOn", .array((a["referral_id"] as Int64?).map { [reference("ServiceRequest", "\($0)")] } ?? [])),
                ("participant", .array([
                    .fields(["actor": reference("Patient", "\(a["patient_id"] as Int64)", display: a["patient_name"]),
                             "required": .string("required"), "status": .string("accepted")]),
                    .fields(["actor": reference(Self.actorType(kind: a["kind"]), resource, display: resourceName),
                             "required": .string("required"), "status": .string("accepted")]),
                ])),
            ])
        }
    }
}
