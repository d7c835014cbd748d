/// How SlotDesk's values map onto FHIR R4 codes, for the export to the regional health platform.
/// Pure functions: the store reads the rows and builds the resources with these.
///
/// | SlotDesk | FHIR R4 |
/// | --- | --- |
/// | appointment `booked` | `Appointment.status` `booked` (`noshow` once past slot end + 30 min, rule 7) |
/// | `checked_in` / `completed` / `cancelled` / `no_show` | `arrived` / `fulfilled` / `cancelled` / `noshow` |
/// | class green / referral / priority / regular | `Appointment.priority` 1 / 3 / 5 / 9 (unsignedInt, 1 highest) |
/// | slot withdrawn (stop-clinic) / no seat left / seats left | `Slot.status` `busy-unavailable` / `busy` / `free` |
/// | a seat added to a full slot (rule 9) | `Slot.overbooked` true |
/// | referral pending, booked / completed / cancelled, expired | `ServiceRequest.status` `active` / `completed` / `revoked` |
/// | urgency green / urgent / routine | `ServiceRequest.priority` `stat` / `urgent` / `routine` |
/// | sex M / F | `Patient.gender` `male` / `female` (`unknown` when not recorded) |
public enum FHIRMapping {
    /// `Identifier.system` of the resident identity number (居民身份证号, GB 11643).
    ///
    /// The OID the national health-information sharing document standard (WS/T 500, 电子病历共享文档
    /// 规范) gives the patient's identity-card number, `<id root="2.16.156.10011.1.3">` (患者身份证号
    /// 标识), as Chinese CDA and FHIR implementations write it — e.g. the WS/T 500 templates in the
    /// public repositories bzrrr/cda and jerry-zhch/queryMQ, and a Chinese FHIR platform's
    /// `urn:oid:2.16.156.10011.1.3` extension for an identity number. FHIR writes an OID as the
    /// `urn:oid:` URI (R4, identifier registry). Note that `2.16.156.10011.1.1` in the same
    /// standard is the document serial number (文档流水号), not an identity.
    public static let residentIdentitySystem = "urn:oid:2.16.156.10011.1.3"

    /// HL7 v2 table 0203, the code system FHIR R4 uses for `Identifier.type`.
    public static let identifierTypeSystem = "http://terminology.hl7.org/CodeSystem/v2-0203"
    /// FHIR R4's code system for `Appointment.cancelationReason`.
    public static let cancellationReasonSystem = "http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason"
    /// The extension FHIR uses to say why a value is missing; `masked` for rule 14.
    public static let dataAbsentReason = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
    /// The security label a resource with masked elements carries (v3 ObservationValue `REDACTED`).
    public static let securityLabelSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
    /// FHIR R4's organisation types: `prov` for the hospital and the clinics, `dept` for a department.
    public static let organizationTypeSystem = "http://terminology.hl7.org/CodeSystem/organization-type"
    /// SNOMED CT, for the referral's code (3457005 Patient referral).
    public static let snomed = "http://snomed.info/sct"

    /// `Appointment.status`. A booked appointment not checked in by its slot's end + 30 minutes is
    /// a no-show (rule 7) whether or not the desk has marked it yet.
    public static func appointmentStatus(_ status: AppointmentStatus, pastNoShowDeadline: Bool) -> String {
        switch status {
        case .booked: return pastNoShowDeadline ? "noshow" : "booked"
        case .checkedIn: return "arrived"
        case .completed: return "fulfilled"
        case .cancelled: return "cancelled"
        case .noShow: return "noshow"
        }
    }

    /// `Appointment.priority`, an unsignedInt where (as in iCalendar) 1 is the highest and 9 the
    /// lowest, 0 undefined. The four classes of rule 8 spread over the scale so that a receiver
    /// sorting by it serves them in the same order.
    public static func priority(_ p: PriorityClass) -> Int {
        switch p {
        case .green: return 1
        case .referral: return 3
        case .priority: return 5
        case .regular: return 9
        }
    }

    /// `Appointment.cancelationReason`: the patient (`pat`) or the hospital's provider stopping
    /// the clinic (`prov`, rule 10).
    public static func cancellationReason(hospital: Bool) -> (code: String, display: String) {
        hospital ? ("prov", "Provider") : ("pat", "Patient")
    }

    /// `Slot.status`: a withdrawn slot (stop-clinic) is `busy-unavailable`; a slot whose seats are
    /// all taken (capacity plus add-ons) is `busy`; any seat left, public or reserved, is `free`.
    public static func slotStatus(withdrawn: Bool, booked: Int, capacity: Int) -> String {
        if withdrawn { return "busy-unavailable" }
        return booked >= capacity ? "busy" : "free"
    }

    /// `ServiceRequest.status` of a referral: still to be seen is `active`; seen is `completed`;
    /// withdrawn, or expired with nobody booking it, is `revoked`.
    public static func serviceRequestStatus(_ s: ReferralStatus) -> String {
        switch s {
        case .pending, .booked: return "active"
        case .completed: return "completed"
        case .cancelled, .expired: return "revoked"
        }
    }

    /// `ServiceRequest.priority`: a green-channel referral (chest pain, stroke) is `stat`.
    public static func serviceRequestPriority(_ u: ReferralUrgency) -> String {
        switch u {
        case .green: return "stat"
        case .urgent: return "urgent"
        case .routine: return "routine"
        }
    }

    /// `Patient.gender`.
    public static func gender(_ sex: Sex?) -> String {
        switch sex {
        case .male: return "male"
        case .female: return "female"
        case nil: return "unknown"
        }
    }

    /// `Identifier.system` and `Identifier.type` (v2-0203) of a patient's document. Only the resident
    /// identity number has a national system; the others carry their type and their name.
    public static func identifier(for type: DocumentType) -> (system: String?, typeCode: String?, typeText: String) {
        switch type {
        case .resident: return (residentIdentitySystem, "NI", "居民身份证")
        case .passport: return (nil, "PPN", "护照")
        case .foreignPermanent: return (nil, "PRC", "外国人永久居留身份证")
        case .hongKongMacao: return (nil, nil, "港澳居民来往内地通行证")
        case .taiwan: return (nil, nil, "台湾居民来往大陆通行证")
        case .other: return (nil, nil, "其他证件")
        }
    }

    /// A FHIR `instant` (or `dateTime` to the second) for a moment in hospital time, with the
    /// hospital's offset from UTC: `2026-11-26T09:00:00+08:00`.
    public static func instant(_ t: LocalDateTime, offsetSeconds: Int) -> String {
        let sign = offsetSeconds < 0 ? "-" : "+"
        let minutes = abs(offsetSeconds) / 60
        return "\(t.description):00\(sign)\(twoDigits(minutes / 60)):\(twoDigits(minutes % 60))"
    }

    /// A resource id (`[A-Za-z0-9\-\.]{1,64}`) from a code of the setup file.
    public static func resourceID(_ code: String) -> String {
        let cleaned = String(code.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == ".") ? Character(s) : "-"
        })
        return String(cleaned.prefix(64))
    }

    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
