import BookingCore
import CSV
import Foundation
import GRDB

/// The tables a CSV export can hold.
public enum CSVTable: String, Sendable, CaseIterable, Codable {
    case appointments, slots, referrals, surgery
}

/// How a CSV export is written: the table, its encoding, and the language of its headings and labels.
public struct CSVFormat: Sendable, Equatable {
    public var table: CSVTable
    public var encoding: TextEncoding
    /// UTF-8 only: start with a byte-order mark, which Excel and WPS need to read the file as UTF-8.
    public var byteOrderMark: Bool
    public var language: Language
    /// Written to a terminal or a pipe rather than a file: every control character in a field
    /// but the tab is shown as `?`, as in everything else the command line prints, so a name
    /// holding an escape sequence is never obeyed by the reader's terminal.
    public var printable = false

    public init(table: CSVTable, encoding: TextEncoding = .utf8, byteOrderMark: Bool = true, language: Language = .zh) {
        self.table = table
        self.encoding = encoding
        self.byteOrderMark = byteOrderMark
        self.language = language
    }
}

extension CSVFormat {
    /// `field` with every control character but the tab shown as `?`.
    public static func printable(_ field: String) -> String {
        func unsafe(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.generalCategory == .control && scalar != "\t" }
        guard field.unicodeScalars.contains(where: unsafe) else { return field }
        return String(String.UnicodeScalarView(field.unicodeScalars.map { unsafe($0) ? "?" : $0 }))
    }
}

/// Turns rows into RFC 4180 CSV bytes one row at a time (yaslab/CSV.swift's writer quotes fields
/// holding commas, quotes or line breaks; CRLF ends every row), in UTF-8 with a byte-order mark
/// or in GB18030.
public struct CSVRowEncoder {
    public let encoding: TextEncoding
    let byteOrderMark: Bool
    var started = false

    public init(encoding: TextEncoding, byteOrderMark: Bool = true) {
        self.encoding = encoding
        self.byteOrderMark = byteOrderMark
    }

    /// The bytes of one row, CRLF included; the first row also carries the byte-order mark.
    public mutating func encode(_ row: [String]) throws(BookingError) -> Data {
        let stream = OutputStream(toMemory: ())
        do {
            let writer = try CSVWriter(stream: stream, newline: .crlf)
            try writer.write(row: row)
            stream.close()
        } catch {
            throw BookingError.storage(.csvWriter("\(error)"))
        }
        guard let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw BookingError.storage(.csvWriter(nil))
        }
        var bytes = Data()
        if !started && encoding == .utf8 && byteOrderMark { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        started = true
        switch encoding {
        case .utf8: bytes.append(body)
        case .gb18030: bytes.append(try TextEncoding.gb18030.encode(String(decoding: body, as: UTF8.self)))
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
        return bytes
    }

    /// An identity number shown in full: Excel and WPS turn a long run of digits into a number and
    /// lose everything past the 15th digit (`1.10105E+17`). A leading tab keeps it text in both;
    /// masked numbers hold `*` and are text already.
    public static func keepAsText(_ number: String) -> String {
        number.count > 15 && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber) ? "\t" + number : number
    }
}

extension Store {
    /// Writes one table of the scope as CSV, row by row as it is read; returns the rows written
    /// (the heading not counted).
    public func exportCSV(_ scope: ExportScope, format: CSVFormat, by actor: Operator, progress: ((Int, Int) -> Void)? = nil,
                          write sink: @escaping (Data) throws -> Void) throws(BookingError) -> Int {
        try prepareExport(scope, format: "csv \(format.table.rawValue)", by: actor)
        let now = self.now
        return try read { db in
            var table = CSVTableWriter(db: db, scope: scope, format: format, now: now, output: ExportOutput(sink), progress: progress)
            try table.write()
            return table.rows
        }
    }
}

/// Reads one table's rows and writes them through the encoder.
struct CSVTableWriter {
    let db: Database
    let scope: ExportScope
    let format: CSVFormat
    let now: LocalDateTime
    var output: ExportOutput
    let progress: ((Int, Int) -> Void)?
    var encoder: CSVRowEncoder
    var rows = 0
    var total = 0

    init(db: Database, scope: ExportScope, format: CSVFormat, now: LocalDateTime, output: ExportOutput, progress: ((Int, Int) -> Void)?) {
        self.db = db
        self.scope = scope
        self.format = format
        self.now = now
        self.output = output
        self.progress = progress
        encoder = CSVRowEncoder(encoding: format.encoding, byteOrderMark: format.byteOrderMark)
    }

    var l: Language { format.language }

    /// Writes a row. Every field a spreadsheet would take for a formula is defused
    /// (`SurgeryHandover.defused`); the identity numbers in `identityColumns`, when shown in full,
    /// are then kept as text.
    mutating func emit(_ row: [String], heading: Bool = false, identityColumns: Set<Int> = []) throws(BookingError) {
        let fields = row.enumerated().map { i, field in
            let safe = SurgeryHandover.defused(format.printable ? CSVFormat.printable(field) : field)
            return scope.reveal && identityColumns.contains(i) ? CSVRowEncoder.keepAsText(safe) : safe
        }
        try output.write(try encoder.encode(fields))
        guard !heading else { return }
        rows += 1
        if rows % 500 == 0 { progress?(rows, total) }
    }

    mutating func write() throws {
        switch format.table {
        case .appointments: try appointments()
        case .slots: try slots()
        case .referrals: try referrals()
        case .surgery: try surgery()
        }
        try output.flush()
        progress?(rows, total)
    }

    func document(_ number: String, _ type: String?) -> String {
        scope.reveal ? number : Privacy.maskDocument(number, type: type.flatMap(DocumentType.init) ?? .other)
    }
    func phone(_ number: String?) -> String { number.map { scope.reveal ? $0 : Privacy.maskPhone($0) } ?? "" }
    static func hour(_ h: Int) -> String { (h < 10 ? "0\(h)" : "\(h)") + ":00" }

    // MARK: - Appointments

    mutating func appointments() throws {
        try emit([l.pick("预约号", "Appointment"), l.pick("日期", "Date"), l.pick("时段", "Hour"), l.pick("科室", "Department"),
                  l.pick("科室名称", "Department name"), l.pick("号源", "Resource"), l.pick("医生/检查室", "Doctor or room"),
                  l.pick("患者号", "Patient no."), l.pick("患者", "Patient"), l.pick("证件类型", "Document"), l.pick("证件号", "Document number"),
                  l.pick("电话", "Phone"), l.pick("状态", "Status"), l.pick("渠道", "Channel"), l.pick("医联体机构", "Clinic"),
                  l.pick("优先级", "Class"), l.pick("转诊单", "Referral"), l.pick("加号", "Add-on"), l.pick("预约时间", "Booked at"),
                  l.pick("签到时间", "Checked in at"), l.pick("备注", "Note")], heading: true)
        let sql = """
            SELECT a.id, a.date, a.hour, d.code AS department, d.name AS department_name, r.code AS resource, r.name AS resource_name,
                   p.id AS patient_id, p.name AS patient_name, p.document_type, p.document_number, p.phone, a.status, a.channel,
                   c.code AS clinic, a.priority, a.referral_id, a.add_on, a.booked_at, a.checked_in_at, a.flag_reason, a.cancel_kind
            FROM appointment a JOIN patient p ON p.id = a.patient_id JOIN slot s ON s.id = a.slot_id
            JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = a.department_id
            LEFT JOIN alliance_clinic c ON c.id = a.clinic_id
            WHERE a.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR d.code = ?3)
            ORDER BY a.date, a.hour, r.code, a.id
            """
        total = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))", arguments: scope.arguments) ?? 0
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: scope.arguments)
        while let a = try cursor.next() {
            let date: String = a["date"], hour: Int = a["hour"]
            var status = AppointmentStatus(rawValue: a["status"]) ?? .booked
            // Rule 7: not checked in by the slot's end + 30 minutes is a no-show, marked or not.
            if status == .booked, let day = LocalDate(date), AppointmentRules.noShowDeadline(date: day, hour: hour) <= now { status = .noShow }
            let channel = BookingChannel(rawValue: a["channel"]) ?? .publicDesk
            var note: [String] = []
            if let reason = a["flag_reason"] as String? { note.append(reason) }
            if (a["cancel_kind"] as String?) == "hospital" { note.append(l.pick("医院停诊取消", "cancelled by the hospital (clinic stopped)")) }
            try emit(["\(a["id"] as Int64)", date, Self.hour(hour), a["department"], a["department_name"], a["resource"], a["resource_name"],
                      "\(a["patient_id"] as Int64)", a["patient_name"], (DocumentType(rawValue: a["document_type"]) ?? .other).label(l),
                      document(a["document_number"], a["document_type"]), phone(a["phone"]), status.label(l),
                      channel == .alliance ? l.pick("医联体", "alliance") : l.pick("公众", "public"), a["clinic"] ?? "",
                      (PriorityClass(rawValue: a["priority"]) ?? .regular).label(l), (a["referral_id"] as Int64?).map { "\($0)" } ?? "",
                      (a["add_on"] as Bool) ? l.pick("是", "yes") : "", a["booked_at"], a["checked_in_at"] ?? "",
                      note.joined(separator: l.pick("；", "; "))], identityColumns: [10])
        }
    }

    // MARK: - Slots

    mutating func slots() throws {
        try emit([l.pick("时段号", "Slot"), l.pick("日期", "Date"), l.pick("时段", "Hour"), l.pick("科室", "Department"), l.pick("号源", "Resource"),
                  l.pick("医生/检查室", "Doctor or room"), l.pick("容量", "Capacity"), l.pick("预留", "Reserved"), l.pick("加号", "Added"),
                  l.pick("已约", "Booked"), l.pick("预留已用", "Reserved used"), l.pick("公众可约", "Public free"), l.pick("预留可约", "Reserved free"),
                  l.pick("状态", "Status"), l.pick("节假日历", "Calendar")], heading: true)
        let sql = """
            SELECT s.id, s.date, s.hour, s.capacity, s.reserved, s.added, s.public_used, s.reserved_used, s.calendar_known, s.withdrawn,
                   r.code AS resource, r.name AS resource_name, d.code AS department,
                   d.public_horizon_days, d.alliance_horizon_days, d.release_lead_hours, d.clinic_daily_cap
            FROM slot s JOIN resource r ON r.id = s.resource_id JOIN department d ON d.id = r.department_id
            WHERE s.date BETWEEN ?1 AND ?2 AND r.kind <> 'theatre' AND (?3 IS NULL OR d.code = ?3)
            ORDER BY s.date, d.id, r.id, s.hour
            """
        total = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))", arguments: scope.arguments) ?? 0
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: scope.arguments)
        while let row = try cursor.next() {
            let s = Store.slotView(row, now: now)
            let withdrawn: Bool = row["withdrawn"]
            let status: String
            if withdrawn { status = l.pick("停诊", "stopped") }
            else if s.started { status = l.pick("已开始", "started") }
            else if s.seats.total == 0 { status = l.pick("满", "full") }
            else { status = l.pick("可约", "open") }
            try emit(["\(s.id)", s.date.description, Self.hour(s.hour), s.department, s.resource, s.resourceName, "\(s.capacity + s.added)",
                      "\(s.reserved)", "\(s.added)", "\(s.booked)", "\(s.reservedUsed)",
                      "\(withdrawn || s.started ? 0 : s.seats.publicAvailable)", "\(withdrawn || s.started ? 0 : s.seats.reservedAvailable)", status,
                      s.calendarKnown ? l.pick("已载入", "loaded") : l.pick("未载入（按普通周）", "not loaded (ordinary week)")])
        }
    }

    // MARK: - Referrals

    mutating func referrals() throws {
        try emit([l.pick("转诊单", "Referral"), l.pick("登记时间", "Recorded"), l.pick("方向", "Direction"), l.pick("紧急程度", "Urgency"),
                  l.pick("状态", "Status"), l.pick("患者号", "Patient no."), l.pick("患者", "Patient"), l.pick("证件号", "Document number"),
                  l.pick("电话", "Phone"), l.pick("医联体机构", "Clinic"), l.pick("机构名称", "Clinic name"), l.pick("转诊医生", "Referring doctor"),
                  l.pick("科室", "Department"), l.pick("指定医生", "Doctor asked for"), l.pick("原因", "Reason"), l.pick("预约号", "Appointment"),
                  l.pick("就诊时段", "Appointment slot"), l.pick("随访日期", "Follow-up due")], heading: true)
        let expiry = try Store.referralExpiryDays(db)
        let sql = """
            SELECT f.id, f.created_at, f.direction, f.urgency, f.status, p.id AS patient_id, p.name AS patient_name, p.document_type, p.document_number, p.phone,
                   c.code AS clinic, c.name AS clinic_name, f.referring_doctor, d.code AS department, r.code AS resource, f.reason,
                   f.appointment_id, a.date AS appointment_date, a.hour AS appointment_hour, ar.code AS appointment_resource, f.due_date
            FROM referral f JOIN patient p ON p.id = f.patient_id JOIN alliance_clinic c ON c.id = f.clinic_id
            JOIN department d ON d.id = f.department_id LEFT JOIN resource r ON r.id = f.resource_id
            LEFT JOIN appointment a ON a.id = f.appointment_id LEFT JOIN slot s ON s.id = a.slot_id LEFT JOIN resource ar ON ar.id = s.resource_id
            WHERE \(ExportScope.referralCondition)
            ORDER BY f.id
            """
        total = try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))", arguments: scope.arguments) ?? 0
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: scope.arguments)
        while let f = try cursor.next() {
            let created = LocalDateTime(f["created_at"] as String) ?? now
            let status = ReferralRules.effectiveStatus(stored: ReferralStatus(rawValue: f["status"]) ?? .pending, createdAt: created,
                                                       expiryDays: expiry, now: now)
            var slot = ""
            if let date = (f["appointment_date"] as String?).flatMap(LocalDate.init), let resource = f["appointment_resource"] as String? {
                slot = SlotReference.label(resource: resource, date: date, hour: f["appointment_hour"])
            }
            try emit(["\(f["id"] as Int64)", f["created_at"], (ReferralDirection(rawValue: f["direction"]) ?? .up).label(l),
                      (ReferralUrgency(rawValue: f["urgency"]) ?? .routine).label(l), status.label(l), "\(f["patient_id"] as Int64)",
                      f["patient_name"], document(f["document_number"], f["document_type"]), phone(f["phone"]), f["clinic"], f["clinic_name"],
                      f["referring_doctor"], f["department"], f["resource"] ?? "", f["reason"],
                      (f["appointment_id"] as Int64?).map { "\($0)" } ?? "", slot, f["due_date"] ?? ""], identityColumns: [7])
        }
    }

    // MARK: - Day surgery

    /// The theatre lists of every day in range, as the morning handover prints them; with a
    /// department, only its surgeons' cases.
    mutating func surgery() throws {
        try emit(SurgeryHandover.header(l), heading: true)
        total = try Int.fetchOne(db, sql: "SELECT count(*) FROM surgery_case WHERE date BETWEEN ? AND ?",
                                arguments: [scope.from.description, scope.to.description]) ?? 0
        var date = scope.from
        while date <= scope.to {
            let day = try Store.surgeryLists(db, date: date).view
            for (c, row) in zip(day.cases, SurgeryHandover.rows(day, l)) where scope.department == nil || c.department == scope.department {
                try emit(row)
            }
            date = date.adding(days: 1)
        }
    }
}
