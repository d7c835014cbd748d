/// The appointment slip (预约凭条) handed over at the window: what a patient needs to arrive at
/// the right place, prepared, in time. The name is masked: the slip leaves the counter.
public struct AppointmentSlip: Sendable, Equatable {
    public var hospital: String
    public var appointment: Int64
    /// Masked (`白*琪`).
    public var patientName: String
    public var patientNumber: Int64
    public var department: String
    /// The doctor (with title) or the exam room.
    public var resource: String
    public var resourceKind: ResourceKind
    public var date: LocalDate
    public var hour: Int
    /// Where to go; nil when the setup file does not say.
    public var location: String?
    /// What to bring or how to prepare (`空腹8小时`); nil when nothing is asked.
    public var preparation: String?
    /// Rule 7: not checked in by then, the appointment is a no-show.
    public var checkInBy: LocalDateTime

    public init(hospital: String, appointment: Int64, patientName: String, patientNumber: Int64, department: String, resource: String,
                resourceKind: ResourceKind, date: LocalDate, hour: Int, location: String?, preparation: String?) {
        self.hospital = hospital
        self.appointment = appointment
        self.patientName = patientName
        self.patientNumber = patientNumber
        self.department = department
        self.resource = resource
        self.resourceKind = resourceKind
        self.date = date
        self.hour = hour
        self.location = location
        self.preparation = preparation
        self.checkInBy = AppointmentRules.noShowDeadline(date: date, hour: hour)
    }
}

/// The slip as plain UTF-8 text for a receipt printer: 32 columns on 58 mm paper, 48 on 80 mm.
/// Widths are display columns (a Chinese character takes two), measured by `measure`, so the
/// layout is the same function whoever measures: the terminal's width table, in practice.
public enum SlipLayout {
    /// Paper widths in columns: 58 mm and 80 mm rolls.
    public static let widths = [32, 48]

    public static func lines(_ slip: AppointmentSlip, width: Int, language l: Language, measure: (String) -> Int) -> [String] {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let weekdays = l == .zh ? ["周一", "周二", "周三", "周四", "周五", "周六", "周日"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let rule = String(repeating: "-", count: width)
        var out = center(slip.hospital, width: width, measure: measure) + center(l.pick("预约凭条", "Appointment slip"), width: width, measure: measure) + [rule]
        func field(_ label: String, _ value: String) { out += wrap(label, value, width: width, measure: measure) }
        field(l.pick("预约号：", "No.: "), "\(slip.appointment)")
        field(l.pick("患者：", "Patient: "), slip.patientName + l.pick("（患者号 \(slip.patientNumber)）", " (patient \(slip.patientNumber))"))
        field(l.pick("科室：", "Dept: "), slip.department)
        field(slip.resourceKind == .clinic ? l.pick("医生：", "Doctor: ") : l.pick("检查室：", "Room: "), slip.resource)
        field(l.pick("日期：", "Date: "), "\(slip.date) \(weekdays[slip.date.weekday - 1])")
        field(l.pick("时间：", "Time: "), "\(two(slip.hour)):00–\(two(slip.hour + 1)):00")
        if let location = slip.location { field(l.pick("地点：", "Where: "), location) }
        if let preparation = slip.preparation { field(l.pick("准备：", "Prepare: "), preparation) }
        field(l.pick("签到截止：", "Check in by: "), slip.checkInBy.readable)
        out.append(rule)
        out += wrap("", l.pick("请在签到截止前到分诊台签到，逾时按爽约处理。", "Check in at the triage desk before the time above, or the appointment counts as missed."),
                    width: width, measure: measure)
        return out
    }

    /// The slip as the text a printer takes: lines ending in a newline.
    public static func text(_ slip: AppointmentSlip, width: Int, language: Language, measure: (String) -> Int) -> String {
        lines(slip, width: width, language: language, measure: measure).map { $0 + "\n" }.joined()
    }

    static func center(_ text: String, width: Int, measure: (String) -> Int) -> [String] {
        wrap("", text, width: width, measure: measure).map { line in String(repeating: " ", count: max(0, (width - measure(line)) / 2)) + line }
    }

    /// `label` then `value`, broken at display width `width`; continuation lines are indented
    /// under the value. Latin words stay whole where they fit on a line; Chinese breaks between
    /// any two characters; no line is wider than `width`.
    static func wrap(_ label: String, _ value: String, width: Int, measure: (String) -> Int) -> [String] {
        let indent = min(measure(label), width / 2)
        var lines: [String] = []
        var line = label
        var used = measure(label)
        func newLine() {
            lines.append(line)
            line = String(repeating: " ", count: indent)
            used = indent
        }
        for token in tokens(value) {
            let w = measure(token)
            if token == " " {
                if used + 1 <= width && used > indent { line += " "; used += 1 }
                continue
            }
            if used + w > width && used > indent { newLine() }
            for character in token {
                let cw = measure(String(character))
                if used + cw > width { newLine() }
                line.append(character)
                used += cw
            }
        }
        lines.append(line)
        return lines.map { text in
            var text = text
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// Runs of Latin letters and digits (a word), single spaces, and every other character alone.
    static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var word = ""
        for character in text {
            if character.isASCII && character != " " {
                word.append(character)
                continue
            }
            if !word.isEmpty { out.append(word); word = "" }
            out.append(String(character))
        }
        if !word.isEmpty { out.append(word) }
        return out
    }
}
