import BookingCore
import BookingStore
import Terminal

extension SurgeryState {
    /// Draws the night review into `screen`; returns where the text cursor belongs.
    func render(into screen: inout Screen, keymap: Keymap, frame: FrameInfo) -> (x: Int, y: Int)? {
        guard Frame.begin(&screen, language: language) else { return nil }
        let l = language
        Frame.title(frame, into: &screen)
        renderHeader(into: &screen, keymap: keymap)
        let theatres = day?.theatres ?? []
        renderTimeBars(theatres, into: &screen, top: 2)
        let listTop = 4 + theatres.count
        let detailTop = screen.height - 4
        let body = Rect(x: 0, y: listTop, width: screen.width, height: max(0, detailTop - listTop))
        let queueHeight = max(4, body.height / 3)
        let (list, queueArea) = body.splitBottom(min(queueHeight, max(0, body.height - 3)))
        renderList(into: &screen, area: list, keymap: keymap)
        renderQueue(into: &screen, area: queueArea)
        renderDetail(into: &screen, top: detailTop, keymap: keymap)
        Frame.message(message, into: &screen)
        Frame.functionKeys(keymap, scope: scope, language: l, into: &screen)
        var cursor: (x: Int, y: Int)?
        if let confirmation { cursor = Overlay.confirmation(confirmation, into: &screen, keymap: keymap, language: l) }
        if showingHelp {
            Overlay.help(for: confirmation != nil ? .confirm : .surgery, into: &screen, keymap: keymap, language: l)
            cursor = nil
        }
        return cursor
    }

    // MARK: - Marks a tired reader can tell apart without colour (NO_COLOR)

    /// ✓ ticked, ✗ required and missing, - not needed.
    static func mark(_ c: SurgeryCaseView, _ item: ChecklistItem) -> (String, Style) {
        if c.ticked.contains(item) { return ("✓", Palette.free) }
        return item.isRequired(for: c.anaesthesia) ? ("✗", Palette.error) : ("-", Palette.dimmed)
    }

    /// A case's block on the time bar: █ confirmed, ▓ checklist complete but unconfirmed,
    /// ░ something missing; dimmed once in theatre or done.
    static func block(_ c: SurgeryCaseView) -> (Character, Style) {
        switch c.status {
        case .inTheatre, .done: return ("█", Palette.dimmed)
        case .ready: return ("█", Palette.free)
        default: return c.checklistComplete ? ("▓", Palette.reserved) : ("░", Palette.error)
        }
    }

    /// What the status column says, and how loudly.
    func statusText(_ c: SurgeryCaseView) -> (String, Style) {
        let l = language
        if day?.clash(for: c.id) != nil { return (l.pick("!术者冲突", "!overlap"), Palette.error) }
        if day?.clinicClash(for: c.id) != nil { return (l.pick("!门诊冲突", "!clinic"), Palette.error) }
        switch c.status {
        case .ready: return (l.pick("✓已确认", "✓ready"), Palette.free)
        case .inTheatre: return (c.status.label(l), Palette.dimmed)
        case .done: return (c.status.label(l), Palette.dimmed)
        default:
            if c.checklistComplete { return (l.pick("待确认", "to confirm"), Palette.reserved) }
            return (l.pick("缺\(c.missing.count)项", "\(c.missing.count) missing"), Palette.error)
        }
    }

    /// Needs the reviewer: something missing, unconfirmed, or a surgeon in two places (two
    /// theatres, or theatre and their own booked clinic: a confirmed case can fall into either).
    func needsAttention(_ c: SurgeryCaseView) -> Bool {
        if c.status.hasStarted { return false }
        return c.status != .ready || day?.clash(for: c.id) != nil || day?.clinicClash(for: c.id) != nil
    }

    // MARK: - Parts

    private func renderHeader(into screen: inout Screen, keymap: Keymap) {
        let l = language
        let relative: String
        switch now.date.days(to: date) {
        case 0: relative = l.pick("（今天）", " (today)")
        case 1: relative = l.pick("（明天）", " (tomorrow)")
        default: relative = ""
        }
        let days = keymap.hint(for: .previousDay, in: .surgery, fallback: "PgUp") + "/" + keymap.hint(for: .nextDay, in: .surgery, fallback: "PgDn")
        let cases = reviewed
        let confirmed = cases.filter { $0.status == .ready || $0.status.hasStarted }.count
        let missing = cases.filter { !$0.status.hasStarted && !$0.checklistComplete }.count
        var text = l.pick(" 日间手术 夜班核查  \(date) \(Frame.weekday(date, l))\(relative) [\(days)]   共\(cases.count)台  已确认\(confirmed)  缺项\(missing)",
                          " Day surgery night review  \(date) \(Frame.weekday(date, l))\(relative) [\(days)]   \(cases.count) cases  confirmed \(confirmed)  missing items \(missing)")
        if DisplayWidth.width(of: text) > screen.width {
            // At 80 columns the English heading keeps its figures: the screen's name gives way.
            text = l.pick(" 夜班核查  \(date) \(Frame.weekday(date, l))\(relative) [\(days)]  共\(cases.count)台 已确认\(confirmed) 缺项\(missing)",
                          " Night review  \(date) \(Frame.weekday(date, l))\(relative)  \(cases.count) cases, \(confirmed) confirmed, \(missing) missing items")
        }
        if let clashes = day?.clashes, !clashes.isEmpty { text += l.pick("  !术者冲突\(clashes.count)", "  !overlaps \(clashes.count)") }
        screen.line(text, in: Rect(x: 0, y: 1, width: screen.width, height: 1), style: .plain.bolded())
    }

    /// One row per theatre: its cases as blocks across the day (one column per 10 minutes when
    /// the width allows), the turnovers as gaps, free time as dots; the minutes on the right.
    private func renderTimeBars(_ theatres: [TheatreDayView], into screen: inout Screen, top: Int) {
        let l = language
        let open = theatres.filter(\.isOpen)
        let start = open.map(\.day.opensAt).min() ?? 8 * 60
        let end = max(start + 60, open.map(\.day.closesAt).max() ?? 17 * 60)
        let labelWidth = 5
        let summaryWidth = 22
        var step = 10
        while (end - start + step - 1) / step > screen.width - labelWidth - summaryWidth { step += 5 }
        let columns = (end - start + step - 1) / step
        // The axis: each whole hour above its column.
        var hour = (start + 59) / 60
        while hour * 60 < end {
            let x = labelWidth + (hour * 60 - start) / step
            let text = hour < 10 ? "0\(hour)" : "\(hour)"
            if x + 2 <= labelWidth + columns + 1 { screen.put(text, x: x, y: top, style: Palette.dimmed) }
            hour += (step > 10 ? 2 : 1)
        }
        for (row, t) in theatres.enumerated() {
            let y = top + 1 + row
            screen.put(DisplayWidth.pad(t.theatre, toWidth: labelWidth), x: 0, y: y, style: .plain.bolded())
            let times = t.cases.compactMap { c -> (SurgeryCaseView, Int, Int)? in
                guard let s = c.plannedStart else { return nil }
                return (c, s.minuteOfDay, s.minuteOfDay + c.estimatedMinutes)
            }
            let selected = selectedCase?.id
            var previous: Int64?
            for column in 0..<columns {
                let minute = start + column * step + step / 2
                let x = labelWidth + column
                if let (c, _, _) = times.first(where: { $0.1 <= minute && minute < $0.2 }) {
                    let (glyph, blockStyle) = Self.block(c)
                    var style = blockStyle
                    var text = String(glyph)
                    // The block's first column carries its place in the sequence.
                    if c.id != previous, let s = c.sequence { text = s < 10 ? "\(s)" : "+"; style = style.reversed() }
                    if c.id == selected { style = style.underlined() }
                    screen.put(text, x: x, y: y, style: style)
                    previous = c.id
                    continue
                }
                previous = nil
                if t.day.periods.contains(where: { $0.contains(minute) }) {
                    let busyAround = times.contains { $0.2 <= minute && minute < $0.2 + t.turnover }
                    screen.put(busyAround ? " " : "·", x: x, y: y, style: Palette.dimmed)
                } else {
                    screen.put(" ", x: x, y: y)
                }
            }
            let summary = t.isOpen
                ? l.pick(" \(t.cases.count)台 \(t.timetable.used)/\(t.minutes)分 余\(t.timetable.roomForAnother)",
                         " \(t.cases.count) cases \(t.timetable.used)/\(t.minutes)m, \(t.timetable.roomForAnother)m free")
                : l.pick(" 不开放", " closed")
            screen.put(DisplayWidth.truncate(summary, toWidth: max(0, screen.width - labelWidth - columns)), x: labelWidth + columns, y: y,
                       style: t.timetable.fits ? .plain : Palette.error)
        }
        let legend = l.pick("     █已确认 ▓核查齐待确认 ░有缺项 ·空闲 数字=台次", "     █ confirmed ▓ complete, unconfirmed ░ items missing · free  digit = place")
        screen.line(legend, in: Rect(x: 0, y: top + 1 + theatres.count, width: screen.width, height: 1), style: Palette.dimmed)
    }

    private func title(_ text: String, focused: Bool, in rect: Rect, into screen: inout Screen) {
        screen.line((focused ? "> " : "  ") + text, in: rect, style: focused ? Palette.heading.reversed() : Palette.heading)
    }

    /// The list's columns: mark, theatre, place, start, patient, procedure, surgeon, anaesthesia,
    /// minutes, the six checklist items, status. The layout rule: the procedure shrinks first
    /// (the detail line has it whole), then the item columns narrow to the key and a letter;
    /// the anaesthesia and minutes columns give way only after that, and the items (the keys
    /// that tick them), the patient and the status never drop.
    static func listColumns(largestPlace: Int = 9) -> [TableColumn] {
        // The place (`#`) is how messages name a case: as wide as the largest, never cut.
        [TableColumn(2), TableColumn(4, givesWay: 6), TableColumn(String(largestPlace).count + 1), TableColumn(6, givesWay: 7), TableColumn(8, minimum: 7),
         TableColumn(8, minimum: 6, givesWay: 1, grows: true), TableColumn(8, minimum: 7, givesWay: 5),
         TableColumn(5, minimum: 4, givesWay: 4), TableColumn(5, minimum: 4, givesWay: 3)]
            + Array(repeating: TableColumn(6, minimum: 4, givesWay: 2), count: ChecklistItem.allCases.count)
            + [TableColumn(11, minimum: 10)]
    }

    private func renderList(into screen: inout Screen, area: Rect, keymap: Keymap) {
        let l = language
        guard area.height > 0 else { return }
        let range = visibleRange(count: reviewed.count, cursor: reviewIndex, height: area.height - 2)
        let shown = rowsShown(range, of: reviewed.count, l).map { " \($0)" } ?? ""
        title(l.pick("手术列表\(shown)（按台次；！需处理）", "The list\(shown) in sequence (! needs you)"), focused: focus == .review,
              in: Rect(x: 0, y: area.y, width: area.width, height: 1), into: &screen)
        guard let day, day.isOpen || !day.cases.isEmpty else {
            screen.line(l.pick("  （当天手术室不开放：节假日、周末或无排班）", "  (no theatre open that day: holiday, weekend or no session)"),
                        in: Rect(x: 0, y: area.y + 1, width: area.width, height: 1), style: Palette.dimmed)
            return
        }
        let widths = TableColumn.layout(Self.listColumns(largestPlace: day.cases.compactMap(\.sequence).max() ?? 9), in: area.width)
        // The header: item columns carry the key that ticks them, then as much of the name as fits.
        let keys: [DeskAction] = [.tickAssessment, .tickLabs, .tickConsent, .tickAnaesthesia, .tickFasting, .tickEscort]
        var header = ["", "OR", "#", l.pick("开始", "Start"), l.pick("患者", "Patient"), l.pick("手术", "Procedure"), l.pick("术者", "Surgeon"),
                      l.pick("麻醉", "Anae"), widths[8] >= 5 ? l.pick("分钟", "Min") : l.pick("分", "Min")]
        for (item, action) in zip(ChecklistItem.allCases, keys) {
            let key = keymap.keys(for: action, in: .surgery).first?.label ?? ""
            header.append(key + DisplayWidth.prefix(item.shortLabel(l), fitting: max(0, widths[header.count] - 1 - DisplayWidth.width(of: key))))
        }
        header.append(l.pick("状态", "Status"))
        var x = 0
        for (text, width) in zip(header, widths) where width > 0 && x < area.maxX {
            let w = min(width, area.maxX - x)
            screen.put(DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: w - 1), toWidth: w), x: x, y: area.y + 1, style: Palette.dimmed.underlined())
            x += w
        }
        guard !day.cases.isEmpty else {
            screen.line(l.pick("  （当天没有排程的病例）", "  (no case on the list)"), in: Rect(x: 0, y: area.y + 2, width: area.width, height: 1), style: Palette.dimmed)
            return
        }
        for (row, i) in range.enumerated() {
            let c = reviewed[i]
            let y = area.y + 2 + row
            let selected = i == reviewIndex
            let focused = selected && focus == .review
            let base: Style = focused ? Palette.cursor : (selected ? .plain.bolded() : .plain)
            screen.line("", in: Rect(x: 0, y: y, width: area.width, height: 1), style: base)
            var x = 0
            var column = 0
            func cell(_ text: String, _ style: Style? = nil) {
                let width = widths[column]
                column += 1
                guard width > 0, x < area.maxX else { return }
                let w = min(width, area.maxX - x)
                var shown = style ?? base
                if focused { shown = shown.reversed() }
                screen.put(DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: max(0, w - 1)), toWidth: w), x: x, y: y, style: shown)
                x += w
            }
            let attention = needsAttention(c)
            cell(attention ? "!" : " ", attention ? Palette.error : nil)
            cell(c.theatre ?? "")
            cell(c.sequence.map(String.init) ?? "")
            cell(Self.clock(c.plannedStart))
            cell(c.patientName)
            cell(c.procedure)
            cell(c.surgeonName)
            cell(c.anaesthesia.shortLabel(l))
            cell("\(c.estimatedMinutes)")
            for item in ChecklistItem.allCases {
                let (text, style) = Self.mark(c, item)
                cell(text, style)
            }
            let (status, style) = statusText(c)
            cell(status, style)
        }
    }

    private func renderQueue(into screen: inout Screen, area: Rect) {
        let l = language
        guard area.height > 0 else { return }
        let ready = queue.filter(\.checklistComplete).count
        let range = visibleRange(count: queue.count, cursor: queueIndex, height: area.height - 1)
        let shown = rowsShown(range, of: queue.count, l).map { l.pick("，显示\($0)", ", showing \($0)") } ?? ""
        title(l.pick("待排队列（按优先级、等待时间）\(queue.count)台\(shown)  核查齐全可补台\(ready)台",
                     "The queue (by class, then waiting time): \(queue.count)\(shown), \(ready) ready to back-fill"),
              focused: focus == .queue, in: Rect(x: 0, y: area.y, width: area.width, height: 1), into: &screen)
        guard !queue.isEmpty else {
            screen.line(l.pick("  （队列为空）", "  (the queue is empty)"), in: Rect(x: 0, y: area.y + 1, width: area.width, height: 1), style: Palette.dimmed)
            return
        }
        let procedureWidth = max(8, area.width - 2 - 9 - 6 - 8 - 7 - 5 - 5 - 12)
        for (row, i) in range.enumerated() {
            let c = queue[i]
            let y = area.y + 1 + row
            let selected = i == queueIndex
            let focused = selected && focus == .queue
            let base: Style = focused ? Palette.cursor : (selected ? .plain.bolded() : .plain)
            screen.line("", in: Rect(x: 0, y: y, width: area.width, height: 1), style: base)
            var x = 0
            func cell(_ text: String, _ width: Int, _ style: Style? = nil) {
                guard x < area.maxX else { return }
                let w = min(width, area.maxX - x)
                var shown = style ?? base
                if focused { shown = shown.reversed() }
                screen.put(DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: max(0, w - 1)), toWidth: w), x: x, y: y, style: shown)
                x += w
            }
            cell(c.checklistComplete ? "✓" : " ", 2, c.checklistComplete ? Palette.free : nil)
            cell(c.priority.label(l), 9, c.priority == .green ? Palette.error : (c.priority == .referral ? Palette.few : nil))
            cell(l.pick("\(c.waitingDays(now: now))天", "\(c.waitingDays(now: now))d"), 6)
            cell(c.patientName, 8)
            cell(c.procedure, procedureWidth)
            cell(c.surgeonName, 7)
            cell("\(c.estimatedMinutes)", 5)
            cell(c.anaesthesia.shortLabel(l), 5)
            let checklist = c.checklistComplete ? l.pick("核查齐全", "complete") : l.pick("缺\(c.missing.count)项", "\(c.missing.count) missing")
            cell(checklist + (c.postponedCount > 0 ? l.pick(" 推迟\(c.postponedCount)", " postp.\(c.postponedCount)") : ""), 12,
                 c.checklistComplete ? Palette.free : Palette.dimmed)
        }
    }

    /// Two lines about the case under the cursor, or the back-fill proposal when a case dropped out.
    private func renderDetail(into screen: inout Screen, top: Int, keymap: Keymap) {
        let l = language
        let row1 = Rect(x: 0, y: top, width: screen.width, height: 1)
        let row2 = Rect(x: 0, y: top + 1, width: screen.width, height: 1)
        if let c = selectedCase {
            let who = [c.patientSex?.label(l), c.age(on: date).map { l.pick("\($0)岁", "\($0)y") }].compactMap { $0 }.joined(separator: " ")
            var text = " \(c.id) \(c.patientName) \(who) | \(c.procedure) \(c.surgeonName) \(c.anaesthesia.label(l)) \(c.estimatedMinutes)" + l.pick("分钟", "min")
                + " | \(c.priority.label(l)) " + l.pick("等待\(c.waitingDays(now: now))天", "waited \(c.waitingDays(now: now))d")
            if c.postponedCount > 0, let why = c.postponeReason { text += l.pick(" | 推迟\(c.postponedCount)次：\(why)", " | postponed \(c.postponedCount)×: \(why)") }
            screen.line(text, in: row1, style: .plain.bolded())
        } else {
            screen.line("", in: row1)
        }
        if let f = freed, f.date == date {
            let key = keymap.hint(for: .backfill, in: .surgery, fallback: "F5")
            if let p = proposal {
                let c = p.surgeryCase
                screen.line(l.pick(" 补台建议 [\(key)]：\(f.theatre) 第\(f.position)台空出 → \(c.patientName) \(c.procedure) \(c.estimatedMinutes)分钟（\(c.priority.label(l))）\(Self.clock(p.start)) 开始",
                                   " Back-fill [\(key)]: \(f.theatre) #\(f.position) freed → \(c.patientName) \(c.procedure) \(c.estimatedMinutes) min (\(c.priority.label(l))) from \(Self.clock(p.start))"),
                            in: row2, style: Palette.few)
            } else {
                screen.line(l.pick(" \(f.theatre) 第\(f.position)台空出 \(f.minutes) 分钟：队列中没有核查齐全且放得下的病例",
                                   " \(f.theatre) #\(f.position) freed \(f.minutes) min: no queued case with a full checklist fits"), in: row2, style: Palette.dimmed)
            }
        } else if let c = selectedCase {
            if c.missing.isEmpty {
                let ticks = c.ticks.map { "\($0.item.shortLabel(l)) \($0.by) \(Self.clock($0.at))" + ($0.note.map { "(\($0))" } ?? "") }
                screen.line(l.pick(" 核查齐全：", " Checklist complete: ") + ticks.joined(separator: "  "), in: row2, style: Palette.free)
            } else {
                screen.line(l.pick(" 缺：", " Missing: ") + c.missing.map { $0.label(l) }.joined(separator: l.pick("、", ", ")), in: row2, style: Palette.error)
            }
        } else {
            screen.line("", in: row2)
        }
    }
}
