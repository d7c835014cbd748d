import BookingCore
import CSV
import Foundation

/// A theatre day's list for the morning handover: the same rows as plain text (the command line
/// aligns them) or as CSV that Excel and WPS open with the Chinese intact.
public enum SurgeryHandover {
    /// ✓ ticked, ✗ required but missing, - not needed (an anaesthesia review under local).
    public static func mark(_ c: SurgeryCaseView, _ item: ChecklistItem) -> String {
        if c.ticked.contains(item) { return "✓" }
        return item.isRequired(for: c.anaesthesia) ? "✗" : "-"
    }

    /// `08:00`
    public static func clock(_ t: LocalDateTime?) -> String {
        guard let t else { return "" }
        return t.readable.suffix(5).description
    }

    /// Column titles, in the order of `rows`.
    public static func header(_ l: Language) -> [String] {
        [l.pick("日期", "Date"), l.pick("手术室", "Theatre"), l.pick("台次", "No."), l.pick("开始", "Start"), l.pick("结束", "End"),
         l.pick("病例", "Case"), l.pick("患者号", "Patient no."), l.pick("患者", "Patient"), l.pick("手术", "Procedure"), l.pick("术者", "Surgeon"),
         l.pick("麻醉", "Anaesthesia"), l.pick("分钟", "Minutes"), l.pick("优先级", "Class"), l.pick("状态", "Status")]
            + ChecklistItem.allCases.map { $0.label(l) }
            + [l.pick("缺项", "Missing"), l.pick("备注", "Notes")]
    }

    /// One row per case, theatre by theatre, in sequence.
    public static func rows(_ day: SurgeryDayView, _ l: Language) -> [[String]] {
        day.theatres.flatMap { t in
            t.cases.map { c in
                var notes: [String] = []
                if let clash = day.clash(for: c.id) {
                    notes.append(l.pick("术者时间冲突（病例 \(clash.cases.map(String.init).joined(separator: "、"))）",
                                        "surgeon overlap (cases \(clash.cases.map(String.init).joined(separator: ", ")))"))
                }
                if let escort = c.tick(.escort)?.note { notes.append(escort) }
                if c.postponedCount > 0 { notes.append(l.pick("曾推迟\(c.postponedCount)次", "postponed \(c.postponedCount)×")) }
                if let by = c.confirmedBy { notes.append(l.pick("确认：\(by)", "confirmed by \(by)")) }
                return [day.date.description, t.theatre, c.sequence.map(String.init) ?? "", clock(c.plannedStart), clock(c.plannedEnd),
                        "\(c.id)", "\(c.patientID)", c.patientName, c.procedure, c.surgeonName, c.anaesthesia.label(l), "\(c.estimatedMinutes)",
                        c.priority.label(l), c.status.label(l)]
                    + ChecklistItem.allCases.map { mark(c, $0) }
                    + [c.missing.map { $0.label(l) }.joined(separator: l.pick("、", ", ")), notes.joined(separator: l.pick("；", "; "))]
            }
        }
    }

    /// RFC 4180 CSV (CRLF line ends, quoted where needed) in UTF-8 with a byte-order mark, so
    /// Excel and WPS read the Chinese correctly. Free text that a spreadsheet would take for a
    /// formula (`=`, `+`, `-`, `@` first) is prefixed with an apostrophe.
    /// `printable`: for a terminal or a pipe, control characters shown as `?` (`CSVFormat.printable`).
    public static func csv(_ day: SurgeryDayView, language: Language, printable: Bool = false) throws(BookingError) -> Data {
        let stream = OutputStream(toMemory: ())
        do {
            let writer = try CSVWriter(stream: stream, newline: .crlf)
            try writer.write(row: header(language))
            for row in rows(day, language) { try writer.write(row: row.map { defused(printable ? CSVFormat.printable($0) : $0) }) }
            stream.close()
        } catch {
            throw BookingError.storage(.csvWriter("\(error)"))
        }
        guard let body = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
            throw BookingError.storage(.csvWriter(nil))
        }
        return Data([0xEF, 0xBB, 0xBF]) + body + Data("\r\n".utf8)
    }

    static func defused(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), field != "-" else { return field }
        return "'" + field
    }
}
