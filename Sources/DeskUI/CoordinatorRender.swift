import BookingCore
import BookingStore
import Terminal

extension CoordinatorState {
    /// Draws the referral office into `screen`; returns where the text cursor belongs.
    func render(into screen: inout Screen, keymap: Keymap, frame: FrameInfo) -> (x: Int, y: Int)? {
        guard Frame.begin(&screen, language: language) else { return nil }
        let l = language
        Frame.title(frame, into: &screen)
        let clinic = clinicFilter.flatMap { clinics.indices.contains($0) ? "\(clinics[$0].code) \(clinics[$0].name)" : nil }
            ?? ownClinicsShown.map { l.pick("本人 ", "mine ") + $0.sorted().joined(separator: "/") } ?? l.pick("全部", "all")
        let department = departmentFilter.flatMap { departments.indices.contains($0) ? departments[$0].displayName(l) : nil } ?? l.pick("全部", "all")
        let clinicKey = keymap.hint(for: .filterClinic, in: .coordinator, fallback: "F2")
        let departmentKey = keymap.hint(for: .filterDepartment, in: .coordinator, fallback: "F3")
        let count = showingFollowUps ? l.pick("待随访 \(inbox.count) 张", "follow-ups: \(inbox.count)") : l.pick("待预约 \(inbox.count) 张", "pending: \(inbox.count)")
        screen.line(l.pick(" 转诊办  机构：\(clinic) [\(clinicKey)]   科室：\(department) [\(departmentKey)]   \(count)",
                           " Referral office  clinic: \(clinic) [\(clinicKey)]   department: \(department) [\(departmentKey)]   \(count)"),
                    in: Rect(x: 0, y: 1, width: screen.width, height: 1), style: .plain.bolded())
        let body = Rect(x: 0, y: 3, width: screen.width, height: screen.height - 5)
        if showingBoard {
            renderBoard(into: &screen, area: body)
        } else {
            let (left, right) = body.splitLeft(body.width * 11 / 20)
            renderInbox(into: &screen, area: left)
            renderCandidates(into: &screen, area: right)
        }
        Frame.message(message, into: &screen)
        Frame.functionKeys(keymap, scope: scope, language: l, into: &screen)
        var cursor: (x: Int, y: Int)?
        if let confirmation { cursor = Overlay.confirmation(confirmation, into: &screen, keymap: keymap, language: l) }
        if showingHelp {
            Overlay.help(for: confirmation != nil ? .confirm : .coordinator, into: &screen, keymap: keymap, language: l)
            cursor = nil
        }
        return cursor
    }

    private func title(_ text: String, focused: Bool, in rect: Rect, into screen: inout Screen) {
        screen.line((focused ? "> " : "  ") + text, in: rect, style: focused ? Palette.heading.reversed() : Palette.heading)
    }

    static func urgencyStyle(_ u: ReferralUrgency) -> Style {
        switch u {
        case .green: return Palette.error
        case .urgent: return Palette.few
        case .routine: return .plain
        }
    }

    /// The inbox's columns: id, urgency, patient, clinic, department, days waiting, reason. The
    /// department and then the clinic drop first (the filter line and the detail on the right
    /// name them); urgency, patient, waiting time and some of the reason always show.
    static func inboxColumns(_ l: Language, largestID: Int64 = 0) -> [TableColumn] {
        [.number(5, largest: largestID, givesWay: 3), TableColumn(l == .zh ? 10 : 8), TableColumn(10, minimum: 8),
         TableColumn(5, givesWay: 2), TableColumn(6, givesWay: 1), TableColumn(l == .zh ? 6 : 5), TableColumn(40, minimum: 12, grows: true)]
    }

    private func renderInbox(into screen: inout Screen, area: Rect) {
        let l = language
        let rows = area.height - 1
        let range = visibleRange(count: inbox.count, cursor: inboxIndex, height: rows)
        let shown = rowsShown(range, of: inbox.count, l).map { " \($0)" } ?? ""
        title(showingFollowUps ? l.pick("出院随访下转单\(shown)（待基层随访）", "Follow-ups\(shown) sent down to the clinics after discharge")
                               : l.pick("转诊收件箱\(shown)（按紧急程度、等待时间）", "Inbox\(shown) (by urgency, then waiting time)"), focused: focus == .inbox,
              in: Rect(x: area.x, y: area.y, width: area.width - 1, height: 1), into: &screen)
        guard !inbox.isEmpty else {
            screen.line(showingFollowUps ? l.pick("  （没有待随访的下转单）", "  (no follow-ups pending)") : l.pick("  （没有待预约的转诊单）", "  (no pending referrals)"), in: Rect(x: area.x, y: area.y + 1, width: area.width - 1, height: 1), style: Palette.dimmed)
            return
        }
        let widths = TableColumn.layout(Self.inboxColumns(l, largestID: inbox.map(\.id).max() ?? 0), in: area.width - 1)
        for (row, i) in range.enumerated() {
            let r = inbox[i]
            let y = area.y + 1 + row
            let selected = i == inboxIndex
            let base: Style = selected ? (focus == .inbox ? Palette.cursor : .plain.bolded()) : .plain
            screen.line("", in: Rect(x: area.x, y: y, width: area.width - 1, height: 1), style: base)
            var x = area.x
            let columns: [(String, Style?)] = [
                (" \(r.id)", nil), (r.urgency.label(l), selected && focus == .inbox ? nil : Self.urgencyStyle(r.urgency)),
                (r.patientName, nil), (r.clinic, nil), (r.department, nil),
                (l.pick("\(r.ageDays(now: now))天", "\(r.ageDays(now: now))d"), nil), (r.reason, nil),
            ]
            for ((text, style), width) in zip(columns, widths) where width > 0 {
                screen.put(DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: width - 1), toWidth: width), x: x, y: y, style: style ?? base)
                x += width
            }
        }
    }

    private func renderCandidates(into screen: inout Screen, area: Rect) {
        let l = language
        guard let r = referral else { return }
        if r.direction == .down {
            // A follow-up after day surgery: the clinic sees the patient; nothing is booked here.
            let due = r.dueDate.map { l.pick("\($0) 前随访  ", "due \($0)  ") } ?? ""
            let lines = ["\(r.patientName)  " + l.pick("下转至 ", "down to ") + "\(r.clinicName) (\(r.clinic))",
                         due + l.pick("术者 ", "surgeon ") + "\(r.referringDoctor)  \(r.departmentName)", l.pick("原因：", "Reason: ") + r.reason]
            for (i, text) in lines.enumerated() {
                screen.line(" " + text, in: Rect(x: area.x, y: area.y + i, width: area.width, height: 1), style: i == 0 ? .plain.bolded() : .plain)
            }
            return
        }
        let details = [
            "\(r.patientName)  " + l.pick("来自 ", "from ") + "\(r.clinicName) \(r.referringDoctor)",
            l.pick("转往 ", "to ") + r.departmentName + (r.resource.map { " \($0)" } ?? "") + "  " + r.urgency.label(l),
            l.pick("原因：", "Reason: ") + r.reason,
        ]
        for (i, text) in details.enumerated() {
            screen.line(" " + text, in: Rect(x: area.x, y: area.y + i, width: area.width, height: 1), style: i == 0 ? .plain.bolded() : .plain)
        }
        let listTop = area.y + details.count + 1
        let range = visibleRange(count: candidates.count, cursor: candidateIndex, height: area.maxY - listTop)
        let shown = rowsShown(range, of: candidates.count, l).map { " \($0)" } ?? ""
        title(l.pick("可用时段\(shown)（医联体可提前14天）", "Slots\(shown) open to the alliance (14 days)"), focused: focus == .slots,
              in: Rect(x: area.x, y: listTop - 1, width: area.width, height: 1), into: &screen)
        guard !candidates.isEmpty else {
            screen.line(l.pick("  （没有可用时段）", "  (no open slot)"), in: Rect(x: area.x, y: listTop, width: area.width, height: 1), style: Palette.dimmed)
            return
        }
        for (row, i) in range.enumerated() {
            let s = candidates[i]
            let hour = s.hour < 10 ? "0\(s.hour)" : "\(s.hour)"
            let seats: String
            let style: Style
            if s.seats.total == 0 {
                seats = l.pick("满（可加号）", "full (add-on)")
                style = Palette.full
            } else {
                seats = l.pick("预留\(s.seats.reservedAvailable) 公共\(s.seats.publicAvailable)", "R\(s.seats.reservedAvailable) P\(s.seats.publicAvailable)")
                style = s.seats.reservedAvailable > 0 ? Palette.reserved : Palette.free
            }
            let selected = i == candidateIndex
            let text = " \(s.date.month)-\(s.date.day) \(Frame.weekday(s.date, l)) \(hour):00  " + DisplayWidth.pad(DisplayWidth.truncate(s.resourceName, toWidth: 8), toWidth: 8) + " " + seats
            screen.line(text, in: Rect(x: area.x, y: listTop + row, width: area.width, height: 1),
                        style: selected ? (focus == .slots ? Palette.cursor : style.underlined()) : style)
        }
    }

    /// One character per day: how much of the day's reserved quota is used, from ▁ to █.
    static func level(_ used: Int, of reserved: Int) -> String {
        let levels = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        guard reserved > 0 else { return " " }
        let index = min(levels.count - 1, used * levels.count / reserved)
        return levels[index]
    }

    /// Reserved seats as a stacked bar: █ used, ▒ still held, ░ released to the public.
    static func bar(used: Int, held: Int, released: Int, width: Int) -> String {
        let total = used + held + released
        guard total > 0, width > 0 else { return String(repeating: " ", count: max(0, width)) }
        let u = used * width / total, h = held * width / total
        let r = max(0, width - u - h)
        return String(repeating: "█", count: u) + String(repeating: "▒", count: h) + String(repeating: "░", count: r)
    }

    private func renderBoard(into screen: inout Screen, area: Rect) {
        let l = language
        title(l.pick("预留号源看板：未来14天", "Reserved quota, next 14 days"),
              focused: true, in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &screen)
        // The legend, at the foot of the board: what a day's level and the total bar mean.
        let legend = [l.pick(" 每格一天，预留已用：▁ 少 ▂▃▄▅▆▇ 多 █ 用完  - 无预留  ! 24小时内释放",
                             " Each day, reserved used: ▁ few ▂▃▄▅▆▇ █ all  - none  ! releases within 24 h"),
                      l.pick(" 合计条：█ 已用  ▒ 仍预留  ░ 已释放给公众", " Total bar: █ used  ▒ still held  ░ released to the public")]
        for (i, text) in legend.enumerated() {
            screen.line(text, in: Rect(x: area.x, y: area.maxY - legend.count + i, width: area.width, height: 1), style: Palette.dimmed)
        }
        let boardBottom = area.maxY - legend.count
        let nameWidth = 12
        var x = area.x + nameWidth
        for day in 0..<Self.boardDays {
            let date = now.date.adding(days: day)
            screen.put(DisplayWidth.pad("\(date.day)", toWidth: 3, alignment: .right), x: x, y: area.y + 1, style: Palette.dimmed)
            x += 3
        }
        var byDepartment: [String: [LocalDate: QuotaRow]] = [:]
        for row in board { byDepartment[row.department, default: [:]][row.date] = row }
        var y = area.y + 2
        for d in departments where byDepartment[d.code] != nil && y + 1 < boardBottom {
            let days = byDepartment[d.code] ?? [:]
            screen.put(DisplayWidth.pad(DisplayWidth.truncate(d.displayName(l), toWidth: nameWidth - 1), toWidth: nameWidth), x: area.x, y: y, style: .plain.bolded())
            var x = area.x + nameWidth
            for day in 0..<Self.boardDays {
                let date = now.date.adding(days: day)
                if let q = days[date] {
                    let soon = q.releasingSoon > 0
                    screen.put(" " + Self.level(q.used, of: q.reserved), x: x, y: y, style: soon ? Palette.few : Palette.reserved)
                    if soon { screen.put("!", x: x + 2, y: y, style: Palette.few) }
                } else {
                    screen.put("  -", x: x, y: y, style: Palette.dimmed)
                }
                x += 3
            }
            let total = days.values.reduce(into: (reserved: 0, used: 0, released: 0, held: 0, soon: 0)) {
                $0.reserved += $1.reserved; $0.used += $1.used; $0.released += $1.released; $0.held += $1.held; $0.soon += $1.releasingSoon
            }
            // The figures whole: the bar gives way to them (down to 8 columns), then the short form.
            let soon = total.soon > 0 ? l.pick("  24小时内释放\(total.soon)", "  releasing <24h: \(total.soon)") : ""
            var numbers = l.pick(" 预留\(total.reserved) 已用\(total.used) 已释放\(total.released) 仍预留\(total.held)",
                                 " reserved \(total.reserved) used \(total.used) released \(total.released) held \(total.held)") + soon
            if DisplayWidth.width(of: numbers) > area.width - nameWidth - 8 {
                numbers = l.pick(" 预留\(total.reserved) 用\(total.used) 放\(total.released) 留\(total.held)", " res \(total.reserved) used \(total.used) rel \(total.released) held \(total.held)")
                    + (total.soon > 0 ? l.pick(" !\(total.soon)", " !\(total.soon)") : "")
            }
            let barWidth = max(8, min(40, area.width - nameWidth - DisplayWidth.width(of: numbers)))
            screen.put(String(repeating: " ", count: nameWidth) + Self.bar(used: total.used, held: total.held, released: total.released, width: barWidth),
                       x: area.x, y: y + 1, style: Palette.reserved)
            screen.put(DisplayWidth.truncate(numbers, toWidth: max(0, area.maxX - (area.x + nameWidth + barWidth))), x: area.x + nameWidth + barWidth, y: y + 1,
                       style: total.soon > 0 ? Palette.few : .plain)
            y += 2
        }
        if board.isEmpty {
            screen.line(l.pick("  （没有预留号源）", "  (no reserved seats)"), in: Rect(x: area.x, y: area.y + 2, width: area.width, height: 1), style: Palette.dimmed)
        }
    }
}
