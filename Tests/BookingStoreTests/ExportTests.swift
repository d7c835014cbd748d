import BookingCore
@testable import BookingStore
import Foundation
import GRDB
import Testing

// The exchange: the FHIR R4 bundle for the regional platform and the CSV files for the offices.

/// The whole demo hospital (patients, bookings, referrals, day surgery) on a temporary file.
func withFullDemo<T>(now: String = "2026-11-25T08:30", _ body: (Hospital) throws -> T) throws -> T {
    try withTemporaryFolder { folder in
        let path = folder.appendingPathComponent("demo.db").path
        let store = try Store.create(path: path, training: true, now: at(now))
        _ = try store.installDemo(by: Hospital.admin)
        return try withExtendedLifetime(store) { try body(Hospital(folder: folder, path: path, store: store)) }
    }
}

/// Runs an export into memory.
func exported(_ export: (@escaping (Data) throws -> Void) throws -> Void) throws -> Data {
    final class Box: @unchecked Sendable { var data = Data() }
    let box = Box()
    try export { box.data.append($0) }
    return box.data
}

/// The FHIR R4 value sets the bundle's codes must come from.
enum R4 {
    static let appointmentStatus: Set<String> = ["proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow",
                                                 "entered-in-error", "checked-in", "waitlist"]
    static let participationStatus: Set<String> = ["accepted", "declined", "tentative", "needs-action"]
    static let participantRequired: Set<String> = ["required", "optional", "information-only"]
    static let slotStatus: Set<String> = ["busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"]
    static let requestStatus: Set<String> = ["draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"]
    static let requestIntent: Set<String> = ["proposal", "plan", "directive", "order", "original-order", "reflex-order", "filler-order",
                                             "instance-order", "option"]
    static let requestPriority: Set<String> = ["routine", "urgent", "asap", "stat"]
    static let gender: Set<String> = ["male", "female", "other", "unknown"]
    static let locationStatus: Set<String> = ["active", "suspended", "inactive"]
    static let bundleType: Set<String> = ["document", "message", "transaction", "transaction-response", "batch", "batch-response",
                                          "history", "searchset", "collection"]
    /// Which resource types each reference may point at (R4 element definitions).
    static let targets: [String: Set<String>] = [
        "Slot.schedule": ["Schedule"],
        "Schedule.actor": ["Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Device", "HealthcareService", "Location"],
        "Appointment.slot": ["Slot"],
        "Appointment.basedOn": ["ServiceRequest"],
        "Appointment.participant.actor": ["Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Device", "HealthcareService", "Location"],
        "ServiceRequest.subject": ["Patient", "Group", "Location", "Device"],
        "ServiceRequest.requester": ["Practitioner", "PractitionerRole", "Organization", "Patient", "RelatedPerson", "Device"],
        "ServiceRequest.performer": ["Practitioner", "PractitionerRole", "Organization", "CareTeam", "HealthcareService", "Patient", "Device", "RelatedPerson"],
        "Patient.managingOrganization": ["Organization"],
        "Location.managingOrganization": ["Organization"],
        "Organization.partOf": ["Organization"],
    ]
}

/// A parsed bundle, read as the regional platform would.
struct ParsedBundle {
    let root: [String: Any]
    let entries: [[String: Any]]
    /// fullUrl → resource.
    let byURL: [String: [String: Any]]

    init(_ data: Data) throws {
        root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        entries = try #require(root["entry"] as? [[String: Any]])
        var byURL: [String: [String: Any]] = [:]
        for entry in entries {
            if let url = entry["fullUrl"] as? String, let resource = entry["resource"] as? [String: Any] { byURL[url] = resource }
        }
        self.byURL = byURL
    }

    func resources(_ type: String) -> [[String: Any]] {
        entries.compactMap { $0["resource"] as? [String: Any] }.filter { $0["resourceType"] as? String == type }
    }

    /// Every `reference` in the bundle with the element path it sits at (`Appointment.participant.actor`).
    func references() -> [(path: String, reference: String)] {
        var found: [(String, String)] = []
        func walk(_ value: Any, _ path: String) {
            if let object = value as? [String: Any] {
                if let reference = object["reference"] as? String { found.append((path, reference)) }
                for (key, child) in object where key != "reference" { walk(child, path + "." + key) }
            } else if let array = value as? [Any] {
                for child in array { walk(child, path) }
            }
        }
        for entry in entries {
            guard let resource = entry["resource"] as? [String: Any], let type = resource["resourceType"] as? String else { continue }
            for (key, child) in resource { walk(child, type + "." + key) }
        }
        return found
    }

    /// Paths of elements FHIR forbids: empty strings, arrays or objects.
    func emptyElements() -> [String] {
        var found: [String] = []
        func walk(_ value: Any, _ path: String) {
            if let s = value as? String, s.isEmpty { found.append(path) }
            if let object = value as? [String: Any] {
                if object.isEmpty { found.append(path) }
                for (key, child) in object { walk(child, path + "." + key) }
            } else if let array = value as? [Any] {
                if array.isEmpty { found.append(path) }
                for child in array { walk(child, path) }
            }
        }
        walk(root, "Bundle")
        return found
    }
}

/// A day of the demo hospital that has seen everything: check-ins, a visit finished, a
/// cancellation, a marked and an unmarked no-show, a referral booked, a clinic stopped.
func busyDemoDay(_ h: Hospital) throws {
    let morning = h.at("2026-11-25T08:40")
    let nine = try morning.appointments(AppointmentFilter(date: day("2026-11-25"))).filter { $0.hour == 9 && $0.status == .booked }
    try #require(nine.count >= 4)
    _ = try morning.cancel(appointment: nine[0].id, by: Hospital.admin)
    let arrived = h.at("2026-11-25T09:05")
    _ = try arrived.checkIn(appointment: nine[1].id, by: Hospital.admin)
    _ = try arrived.checkIn(appointment: nine[2].id, by: Hospital.admin)
    let slot = SlotReference.id(nine[2].slotID)
    var queue = try arrived.callNext(slot, by: Hospital.admin)
    if queue.called?.appointmentID != nine[2].id { queue = try arrived.callNext(slot, by: Hospital.admin) }
    _ = try arrived.finishVisit(slot, by: Hospital.admin)
    _ = try h.at("2026-11-25T10:45").markNoShow(appointment: nine[3].id, by: Hospital.admin)
    // The green-channel chest-pain referral (referral 1, cardiology) booked for tomorrow.
    let referral = try h.store.referral(1)
    let free = try #require(try h.store.slots(SlotFilter(from: day("2026-11-26"), department: referral.department)).first { $0.seats.total > 0 })
    _ = try h.store.book(BookingRequest(patient: .id(referral.patientID), slot: .id(free.id), referral: referral.id), by: Hospital.admin)
    // Dr Wang's clinic stopped next Tuesday: its slots withdrawn, its patients cancelled by the hospital.
    let stopped = try h.store.stopSession(resource: "D001", date: day("2026-12-01"), reason: "外出会诊", by: Hospital.admin)
    try #require(!stopped.patients.isEmpty)
}

@Suite("FHIR R4 export")
struct FHIRExportTests {
    @Test("the demo hospital's export is a valid collection: resource types, references inside the bundle, R4 codes, required elements")
    func demoRoundTrip() throws {
        try withFullDemo { h in
            try busyDemoDay(h)
            let late = h.at("2026-11-25T11:00")
            let scope = ExportScope(from: day("2026-11-25"), to: day("2026-12-08"))
            let data = try exported { sink in _ = try late.exportFHIR(scope, by: Hospital.admin, write: sink) }
            let bundle = try ParsedBundle(data)

            #expect(bundle.root["resourceType"] as? String == "Bundle")
            #expect(bundle.root["type"] as? String == "collection")
            #expect(bundle.root["total"] == nil, "total is only for searchset and history (bdl-1)")
            #expect((bundle.root["timestamp"] as? String) == "2026-11-25T11:00:00+08:00")
            let types = Set(bundle.entries.compactMap { ($0["resource"] as? [String: Any])?["resourceType"] as? String })
            #expect(types == ["Organization", "Practitioner", "Location", "Schedule", "Slot", "Patient", "ServiceRequest", "Appointment"])

            // Every entry named once, by a urn:uuid; every resource id legal.
            let urls = bundle.entries.compactMap { $0["fullUrl"] as? String }
            #expect(urls.count == bundle.entries.count)
            #expect(Set(urls).count == urls.count)
            let uuid = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
            #expect(urls.allSatisfy { $0.wholeMatch(of: uuid) != nil })
            let idPattern = /^[A-Za-z0-9\-\.]{1,64}$/
            #expect(bundle.entries.allSatisfy { (($0["resource"] as? [String: Any])?["id"] as? String)?.wholeMatch(of: idPattern) != nil })

            // Every reference resolves inside the bundle, to a resource of a type R4 allows there.
            let references = bundle.references()
            #expect(references.count > 5000)
            for (path, reference) in references {
                let target = try #require(bundle.byURL[reference], "\(path) → \(reference) is not in the bundle")
                if let allowed = R4.targets[path] {
                    #expect(allowed.contains(target["resourceType"] as? String ?? ""), "\(path) points at \(target["resourceType"] ?? "?")")
                }
            }
            #expect(bundle.emptyElements().isEmpty, "empty elements: \(bundle.emptyElements().prefix(5))")

            let instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/
            // Schedules: one per doctor or room, with its actor.
            let schedules = bundle.resources("Schedule")
            #expect(schedules.count == 27 + 5, "27 doctors and 5 exam rooms; theatres book minutes, not slots")
            #expect(schedules.allSatisfy { ($0["actor"] as? [Any])?.isEmpty == false })

            // Slots: schedule, status, start and end, codes from SlotStatus.
            let slots = bundle.resources("Slot")
            #expect(slots.count == (try h.count("""
                SELECT count(*) FROM slot s JOIN resource r ON r.id = s.resource_id
                WHERE s.date BETWEEN '2026-11-25' AND '2026-12-08' AND r.kind <> 'theatre'
                """)), "every slot of every doctor and room")
            let withdrawn = try h.count("SELECT count(*) FROM slot WHERE withdrawn = 1")
            #expect(withdrawn > 0)
            #expect(slots.filter { $0["status"] as? String == "busy-unavailable" }.count == withdrawn, "the stopped clinic's slots")
            for slot in slots {
                #expect(slot["schedule"] != nil)
                #expect(R4.slotStatus.contains(slot["status"] as? String ?? ""))
                #expect((slot["start"] as? String)?.wholeMatch(of: instant) != nil)
                #expect((slot["end"] as? String)?.wholeMatch(of: instant) != nil)
            }
            let slotStatuses = Set(slots.compactMap { $0["status"] as? String })
            #expect(slotStatuses.isSuperset(of: ["free", "busy-unavailable"]))

            // Appointments: status from AppointmentStatus, a participant with a status, start with end.
            let appointments = bundle.resources("Appointment")
            for a in appointments {
                let status = a["status"] as? String ?? ""
                #expect(R4.appointmentStatus.contains(status))
                let participants = try #require(a["participant"] as? [[String: Any]])
                #expect(participants.count == 2)
                for p in participants {
                    #expect(R4.participationStatus.contains(p["status"] as? String ?? ""))
                    #expect(R4.participantRequired.contains(p["required"] as? String ?? ""))
                    #expect(p["actor"] != nil || p["type"] != nil, "app-1")
                }
                #expect((a["start"] == nil) == (a["end"] == nil), "app-2")
                #expect(a["start"] != nil || ["proposed", "cancelled", "waitlist"].contains(status), "app-3")
                #expect(a["cancelationReason"] == nil || ["cancelled", "noshow"].contains(status), "app-4")
                #expect([1, 3, 5, 9].contains(a["priority"] as? Int ?? -1))
                #expect((a["slot"] as? [Any])?.count == 1)
            }
            #expect(Set(appointments.compactMap { $0["status"] as? String }) == ["booked", "arrived", "fulfilled", "cancelled", "noshow"])
            // Stopped by the hospital: cancelled for the provider's reason.
            let stopped = appointments.filter { (($0["cancelationReason"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == "prov" }
            #expect(!stopped.isEmpty)
            // The referred patient's appointment is based on the referral, a green channel one.
            let referred = try #require(appointments.first { ($0["basedOn"] as? [Any]) != nil })
            #expect(referred["priority"] as? Int == 1)
            let request = try #require(bundle.byURL[(((referred["basedOn"] as? [[String: Any]])?.first)?["reference"] as? String) ?? ""])
            #expect(request["priority"] as? String == "stat")

            for r in bundle.resources("ServiceRequest") {
                #expect(R4.requestStatus.contains(r["status"] as? String ?? ""))
                #expect(R4.requestIntent.contains(r["intent"] as? String ?? ""))
                #expect(R4.requestPriority.contains(r["priority"] as? String ?? ""))
                #expect(r["subject"] != nil)
            }
            #expect(bundle.resources("ServiceRequest").count == 12)
            for p in bundle.resources("Patient") { #expect(R4.gender.contains(p["gender"] as? String ?? "")) }
            for l in bundle.resources("Location") { #expect(R4.locationStatus.contains(l["status"] as? String ?? "")) }
        }
    }

    @Test("identity numbers and phones are masked: the element stays, its value withheld as data-absent-reason masked")
    func masked() throws {
        try withFullDemo { h in
            let scope = ExportScope(from: day("2026-11-25"), to: day("2026-11-26"))
            let audits = try h.auditRows()
            let data = try exported { sink in _ = try h.store.exportFHIR(scope, by: Hospital.desk, write: sink) }
            let bundle = try ParsedBundle(data)
            let text = String(decoding: data, as: UTF8.self)
            let patients = bundle.resources("Patient")
            #expect(!patients.isEmpty)
            for p in patients {
                let id = try #require(Int64(p["id"] as? String ?? ""))
                let stored = try h.store.patient(.id(id))
                #expect(!text.contains(stored.documentNumber))
                if let phone = stored.phone { #expect(!text.contains(phone)) }
                let identifier = try #require((p["identifier"] as? [[String: Any]])?.first)
                #expect(identifier["value"] == nil)
                #expect(identifier["system"] as? String == "urn:oid:2.16.156.10011.1.3")
                let absent = (((identifier["_value"] as? [String: Any])?["extension"] as? [[String: Any]])?.first)
                #expect(absent?["url"] as? String == "http://hl7.org/fhir/StructureDefinition/data-absent-reason")
                #expect(absent?["valueCode"] as? String == "masked")
                #expect(((p["meta"] as? [String: Any])?["security"] as? [[String: Any]])?.first?["code"] as? String == "REDACTED")
            }
            #expect(try h.auditRows() == audits, "a masked export reveals nothing and records nothing")
        }
    }

    @Test("revealing is for coordinators and administrators, and every revealing export is audited")
    func reveal() throws {
        try withFullDemo { h in
            let scope = ExportScope(from: day("2026-11-25"), to: day("2026-11-26"), department: "CARD", reveal: true)
            let refused = refusal { try exported { sink in _ = try h.store.exportFHIR(scope, by: Hospital.desk, write: sink) } }
            #expect(refused?.code == "not_permitted")
            let audits = try h.auditRows()
            let data = try exported { sink in _ = try h.store.exportFHIR(scope, by: Hospital.referralOffice, write: sink) }
            let bundle = try ParsedBundle(data)
            let patient = try #require(bundle.resources("Patient").first)
            let stored = try h.store.patient(.id(try #require(Int64(patient["id"] as? String ?? ""))))
            let identifier = try #require((patient["identifier"] as? [[String: Any]])?.first)
            #expect(identifier["value"] as? String == stored.documentNumber)
            #expect(patient["meta"] == nil)
            #expect(try h.auditRows() == audits + 1)
            let row = try h.rawDatabase().read { db in
                try Row.fetchOne(db, sql: "SELECT operator, action, entity, entity_id, after FROM audit ORDER BY id DESC LIMIT 1")
            }
            #expect(row?["operator"] as String? == "coordinator:zhao")
            #expect(row?["action"] as String? == "patient.reveal")
            #expect(row?["entity"] as String? == "export")
            #expect((row?["after"] as String?)?.contains("2026-11-25…2026-11-26 CARD") == true)
        }
    }

    @Test("a green-channel add-on: the slot is overbooked and busy, the appointment first in priority")
    func addOn() throws {
        try withSmallHospital(capacity: 1) { h in
            let people = try h.patients(2)
            let (first, second) = (people[0], people[1])
            _ = try h.book(first, "R1@2026-11-26T09")
            let r = try h.store.addReferral(ReferralInput(patient: .id(second.id), clinic: "C01", referringDoctor: "赵文", department: "TEST",
                                                          reason: "胸痛2小时", urgency: .green), by: Hospital.referralOffice)
            _ = try h.store.book(BookingRequest(patient: .id(second.id), slot: slot("R1@2026-11-26T09"), referral: r.id, addOn: true),
                                 by: Hospital.referralOffice)
            let data = try exported { sink in _ = try h.store.exportFHIR(ExportScope(from: day("2026-11-26"), to: day("2026-11-26")), by: Hospital.admin, write: sink) }
            let bundle = try ParsedBundle(data)
            let slot = try #require(bundle.resources("Slot").first { $0["start"] as? String == "2026-11-26T09:00:00+08:00" })
            #expect(slot["status"] as? String == "busy")
            #expect(slot["overbooked"] as? Bool == true)
            let green = try #require(bundle.resources("Appointment").first { $0["basedOn"] != nil })
            #expect(green["priority"] as? Int == 1)
            #expect(bundle.resources("Appointment").first { $0["basedOn"] == nil }?["priority"] as? Int == 9)
        }
    }

    @Test("the same data exports to the same bytes: names are name-based UUIDs")
    func deterministic() throws {
        try withSmallHospital { h in
            _ = try h.book(try h.patient("张三", 1), "R1@2026-11-26T09")
            let scope = ExportScope(from: day("2026-11-25"), to: day("2026-11-27"))
            let first = try exported { sink in _ = try h.store.exportFHIR(scope, by: Hospital.admin, write: sink) }
            let second = try exported { sink in _ = try h.store.exportFHIR(scope, by: Hospital.admin, write: sink) }
            #expect(first == second)
        }
    }

    @Test("a range that runs backwards, or a department that does not exist, is refused before anything is written")
    func badScope() throws {
        try withSmallHospital { h in
            var written = 0
            let backwards = refusal { try h.store.exportFHIR(ExportScope(from: day("2026-11-27"), to: day("2026-11-25")), by: Hospital.admin) { written += $0.count } }
            #expect(backwards?.code == "invalid_input")
            let unknown = refusal { try h.store.exportFHIR(ExportScope(from: day("2026-11-25"), to: day("2026-11-25"), department: "NOPE"), by: Hospital.admin) { written += $0.count } }
            #expect(unknown == .notFound(kind: "department", key: "NOPE"))
            #expect(written == 0)
        }
    }
}

@Suite("FHIR mapping")
struct FHIRMappingTests {
    @Test("our statuses and classes map onto R4 codes")
    func mapping() {
        #expect(FHIRMapping.appointmentStatus(.booked, pastNoShowDeadline: false) == "booked")
        #expect(FHIRMapping.appointmentStatus(.booked, pastNoShowDeadline: true) == "noshow")
        #expect(FHIRMapping.appointmentStatus(.checkedIn, pastNoShowDeadline: true) == "arrived")
        #expect(FHIRMapping.appointmentStatus(.completed, pastNoShowDeadline: true) == "fulfilled")
        #expect(FHIRMapping.appointmentStatus(.cancelled, pastNoShowDeadline: false) == "cancelled")
        #expect(FHIRMapping.appointmentStatus(.noShow, pastNoShowDeadline: true) == "noshow")
        #expect(PriorityClass.allCases.map(FHIRMapping.priority) == [1, 3, 5, 9])
        #expect(FHIRMapping.slotStatus(withdrawn: true, booked: 0, capacity: 4) == "busy-unavailable")
        #expect(FHIRMapping.slotStatus(withdrawn: false, booked: 4, capacity: 4) == "busy")
        #expect(FHIRMapping.slotStatus(withdrawn: false, booked: 3, capacity: 4) == "free")
        #expect(ReferralStatus.allCases.map(FHIRMapping.serviceRequestStatus) == ["active", "active", "completed", "revoked", "revoked"])
        #expect(FHIRMapping.instant(at("2026-11-26T09:00"), offsetSeconds: 8 * 3600) == "2026-11-26T09:00:00+08:00")
        #expect(FHIRMapping.instant(at("2026-11-26T09:00"), offsetSeconds: -(3 * 3600 + 1800)) == "2026-11-26T09:00:00-03:30")
        #expect(FHIRMapping.resourceID("D_01 甲") == "D-01--")
    }

    @Test("name-based UUIDs follow RFC 4122 version 5")
    func uuid() {
        // Python's uuid.uuid5(uuid.NAMESPACE_DNS, …) gives the same; the second name spans two SHA-1 blocks.
        #expect(NameBasedUUID.string(namespace: NameBasedUUID.dnsNamespace, name: "示范人民医院/Patient/42") == "fe9abde3-fefd-57e0-bb30-e2a10d5d8929")
        #expect(NameBasedUUID.string(namespace: NameBasedUUID.dnsNamespace, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }
}

// MARK: - CSV

/// RFC 4180 read back independently of the writer: quoted fields, doubled quotes, CRLF rows.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = [], row: [String] = [], field = ""
    var quoted = false, afterQuote = false
    var scalars = Array(text.unicodeScalars)[...]
    while let c = scalars.popFirst() {
        if quoted {
            if c == "\"" {
                if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false; afterQuote = true }
            } else {
                field.unicodeScalars.append(c)
            }
            continue
        }
        switch c {
        case "\"" where field.isEmpty && !afterQuote: quoted = true
        case ",": row.append(field); field = ""; afterQuote = false
        case "\r" where scalars.first == "\n":
            scalars.removeFirst()
            row.append(field); rows.append(row); row = []; field = ""; afterQuote = false
        default: field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

@Suite("CSV export")
struct CSVExportTests {
    static let awkward = ["张三", "城东社区卫生服务中心, 二楼", "他说\"胸口疼\"", "胸闷两周\r\n活动后加重", "第一行\n第二行", ""]

    @Test("one row of Chinese text with commas, quotes and line breaks: quoted per RFC 4180, BOM first, CRLF after")
    func rowEncoding() throws {
        var encoder = CSVRowEncoder(encoding: .utf8)
        let first = try encoder.encode(Self.awkward)
        let second = try encoder.encode(["a", "b"])
        #expect(Array(first.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: first.dropFirst(3), as: UTF8.self)
                == "张三,\"城东社区卫生服务中心, 二楼\",\"他说\"\"胸口疼\"\"\",\"胸闷两周\r\n活动后加重\",\"第一行\n第二行\",\r\n")
        #expect(String(decoding: second, as: UTF8.self) == "a,b\r\n", "the mark only once, at the start")
        #expect(parseCSV(String(decoding: (first + second).dropFirst(3), as: UTF8.self)) == [Self.awkward, ["a", "b"]])
        var bare = CSVRowEncoder(encoding: .utf8, byteOrderMark: false)
        #expect(Array(try bare.encode(["x"])) == Array("x\r\n".utf8))
    }

    @Test("GB18030: the national encoding's bytes, no byte-order mark, and back through iconv unchanged")
    func gb18030() throws {
        // 中 D6D0, 文 CEC4, full-width comma A3AC, 测 B2E2, 试 CAD4 (GB 18030, the GBK range).
        #expect(Array(try TextEncoding.gb18030.encode("中文，测试")) == [0xD6, 0xD0, 0xCE, 0xC4, 0xA3, 0xAC, 0xB2, 0xE2, 0xCA, 0xD4])
        // Beyond GBK: 𠮷 (U+20BB7) takes the four-byte form; the euro sign is one of GB18030's two-byte codes.
        let rare = "𠮷€"
        let bytes = try TextEncoding.gb18030.encode(rare)
        #expect(Array(bytes) == [0x95, 0x34, 0xB2, 0x35, 0xA2, 0xE3])
        #expect(TextEncoding.gb18030.decode(bytes) == rare)
        var encoder = CSVRowEncoder(encoding: .gb18030)
        let row = try encoder.encode(Self.awkward)
        #expect(Array(row.prefix(3)) != [0xEF, 0xBB, 0xBF], "no UTF-8 byte-order mark")
        let text = try #require(TextEncoding.gb18030.decode(row))
        #expect(parseCSV(text) == [Self.awkward])
        #expect(TextEncoding.gb18030.decode(Data([0xFF, 0xFF, 0xFF])) == nil, "invalid GB18030 is refused, not guessed")
    }

    @Test("the referral table: Chinese reasons with commas, quotes and newlines come back field for field; numbers masked")
    func referrals() throws {
        try withSmallHospital { h in
            let patient = try h.patient("欧阳娜娜", 7, phone: "13812345678")
            let reason = "胸闷，气短, \"加重\"\n两周"
            _ = try h.store.addReferral(ReferralInput(patient: .id(patient.id), clinic: "C01", referringDoctor: "赵文", department: "TEST",
                                                      reason: reason, urgency: .urgent), by: Hospital.referralOffice)
            let scope = ExportScope(from: day("2026-11-25"), to: day("2026-11-26"))
            let data = try exported { sink in
                _ = try h.store.exportCSV(scope, format: CSVFormat(table: .referrals), by: Hospital.desk, write: sink)
            }
            #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let rows = parseCSV(String(decoding: data.dropFirst(3), as: UTF8.self))
            #expect(rows.count == 2)
            #expect(Array(rows[0].prefix(5)) == ["转诊单", "登记时间", "方向", "紧急程度", "状态"])
            let row = rows[1]
            #expect(row.count == rows[0].count)
            #expect(row[6] == "欧阳娜娜")
            #expect(row[7] == Privacy.maskDocument(patient.documentNumber, type: .resident))
            #expect(row[8] == "138****5678")
            #expect(row[14] == reason)
            #expect(row[3] == "急" && row[4] == "待预约")

            // In full, for a coordinator: the number kept as text for Excel with a leading tab; audited.
            let audits = try h.auditRows()
            let full = try exported { sink in
                _ = try h.store.exportCSV(ExportScope(from: scope.from, to: scope.to, reveal: true), format: CSVFormat(table: .referrals, encoding: .gb18030),
                                          by: Hospital.referralOffice, write: sink)
            }
            #expect(try h.auditRows() == audits + 1)
            let decoded = try #require(TextEncoding.gb18030.decode(full))
            let revealed = parseCSV(decoded)[1]
            #expect(revealed[7] == "\t" + patient.documentNumber || revealed[7] == patient.documentNumber)
            #expect(revealed[7].trimmingCharacters(in: .whitespaces) == patient.documentNumber)
            #expect(revealed[8] == "13812345678")
            #expect(revealed[14] == reason)
        }
    }

    @Test("the appointments table in English: one row per appointment, formulas defused, cancelled and no-shows labelled")
    func appointments() throws {
        try withSmallHospital { h in
            let people = try h.patients(3)
            let (a, b, c) = (people[0], people[1], people[2])
            let formula = try h.store.registerPatient(PatientInput(name: "-Lee", documentType: .passport, documentNumber: "E12345678"), by: Hospital.desk)
            _ = try h.book(a, "R1@2026-11-25T09")
            let cancelled = try h.book(b, "R1@2026-11-25T09")
            _ = try h.store.cancel(appointment: cancelled.id, by: Hospital.desk)
            _ = try h.book(c, "R1@2026-11-26T10")
            _ = try h.store.book(BookingRequest(patient: .id(formula.id), slot: slot("R1@2026-11-26T11")), by: Hospital.desk)
            let data = try exported { sink in
                _ = try h.at("2026-11-25T11:00").exportCSV(ExportScope(from: day("2026-11-25"), to: day("2026-11-26")),
                                                            format: CSVFormat(table: .appointments, language: .en), by: Hospital.admin, write: sink)
            }
            let rows = parseCSV(String(decoding: data.dropFirst(3), as: UTF8.self))
            #expect(rows.count == 5)
            #expect(rows[0][0] == "Appointment" && rows[0][12] == "Status")
            #expect(rows[1][8] == a.name && rows[1][12] == "no-show", "not checked in by 10:30: a no-show, marked or not")
            #expect(rows[2][12] == "cancelled")
            #expect(rows[3][12] == "booked")
            #expect(rows[4][8] == "'-Lee", "a name a spreadsheet would take for a formula starts with an apostrophe")
            #expect(rows[4][10] == "******678")
        }
    }

    @Test("the slot and surgery tables write their headings even with nothing in range")
    func emptyTables() throws {
        try withSmallHospital { h in
            for table in [CSVTable.slots, .surgery] {
                let data = try exported { sink in
                    _ = try h.store.exportCSV(ExportScope(from: day("2027-03-01"), to: day("2027-03-02")), format: CSVFormat(table: table),
                                              by: Hospital.admin, write: sink)
                }
                #expect(parseCSV(String(decoding: data.dropFirst(3), as: UTF8.self)).count == 1)
            }
            let slots = try exported { sink in
                _ = try h.store.exportCSV(ExportScope(from: day("2026-11-26"), to: day("2026-11-26")), format: CSVFormat(table: .slots),
                                          by: Hospital.admin, write: sink)
            }
            let rows = parseCSV(String(decoding: slots.dropFirst(3), as: UTF8.self))
            #expect(rows.count == 5, "R1's four hours")
            #expect(Array(rows[1][1...6]) == ["2026-11-26", "08:00", "TEST", "R1", "测试门诊", "4"])
        }
    }
}
