import BookingCore
import BookingStore
import Terminal

extension DeskState {
    /// Draws the front desk into `screen`; returns where the text cursor belongs, if anywhere.
    public func render(into screen: inout Screen, keymap: Keymap, hospital: String, operatorName: String, role: String,
                       synced: Bool) -> (x: Int, y: Int)? {
        guard Frame.begin(&screen, language: language) else { return nil }
        let l = language
        Frame.title(FrameInfo(hospital: hospital, operatorName: operatorName, role: role, now: now, synced: synced, language: l), into: &screen)
        var cursor = renderSearch(into: &screen)
        renderPatient(into: &screen)
        renderPatientAppointments(into: &screen)
        let body = Rect(x: 0, y: 4, width: screen.width, height: screen.height - 6)
        let (left, right) = body.splitLeft(24)
        renderNavigation(into: &screen, area: left)
        let gridRows = min(gridHours.count + 3, max(6, right.height - 5))
        let (gridArea, listArea) = right.splitTop(gridRows)
        renderGrid(into: &screen, area: gridArea)
        switch lowerPane {
        case .dayList: renderDayList(into: &screen, area: listArea)
        case .waitlist: renderWaitlist(into: &screen, area: listArea, keymap: keymap)
        case .notify: renderNotifications(into: &screen, area: listArea, keymap: keymap)
        }
        if showingResults { renderResults(into: &screen) }
        Frame.message(message, into: &screen)
        Frame.functionKeys(keymap, scope: scope, language: l, into: &screen)
        if let form {
            cursor = form.render(into: &screen, language: l, today: now.date, keymap: keymap)
        }
        if let confirmation { cursor = Overlay.confirmation(confirmation, into: &screen, keymap: keymap, language: l) }
        if let slip {
            // The slip as the 80 mm printer gets it, framed.
            let height = min(screen.height - 2, slip.lines.count + 2)
            let inner = screen.box(Rect(x: max(0, (screen.width - 52) / 2), y: 1, width: min(52, screen.width), height: height), title: slip.title)
            for (i, line) in slip.lines.prefix(inner.height).enumerated() { screen.put(line, x: inner.x + 1, y: inner.y + i) }
            cursor = nil
        }
        if showingHelp {
            let scope: KeyScope = confirmation != nil ? .confirm : form != nil ? .register : .desk
            Overlay.help(for: scope, into: &screen, keymap: keymap, language: l, notes: scope == .desk ? searchKeyNotes(keymap) : [])
            cursor = nil
        }
        return cursor
    }

    /// The keys that edit the search box, for F1: they are not bindings of their own.
    func searchKeyNotes(_ keymap: Keymap) -> [(key: String, text: String)] {
        let l = language
        // Named as the list above names keys (`C-u`, not the bar's `^U`).
        let esc = keymap.keys(for: .back, in: .desk).first?.name ?? "Esc", clear = keymap.keys(for: .clearSearch, in: .desk).first?.name ?? "C-u"
        return [
            (l.pick("输入", "typing"), l.pick("进查找框；查找之后再输入即开始新的查找（读卡器直接刷）", "goes to the search box; after a search it starts a new query (card readers too)")),
            ("Backspace", l.pick("删去查找框最后一个字", "delete the last character of the query")),
            (esc, l.pick("查找框中：清空查找内容（患者不变）", "in the search box: clear the query (the patient stays)")),
            (clear, l.pick("清空查找并放下选定患者", "clear the query and the chosen patient")),
            (l.pick("字母", "letters"), l.pick("科室栏中：按科室代码或拼音首字母跳转（xnk=心内科）", "in the department list: jump by code or pinyin initials (card, xnk)")),
        ]
    }

    private func renderSearch(into screen: inout Screen) -> (x: Int, y: Int)? {
        let l = language
        let label = l.pick(" 查找患者：", " Find patient: ")
        let x = screen.put(label, x: 0, y: 1, style: focus == .search ? Palette.heading : .plain)
        let width = min(40, screen.width - x - 2)
        let text = fieldTail(search.text, width: width)
        let shown = DisplayWidth.pad(text, toWidth: width)
        screen.put(shown, x: x, y: 1, style: Palette.field)
        let hint = l.pick("姓名/拼音首字母/身份证/电话/卡号 + Enter", "name/pinyin initials/ID/phone/card + Enter")
        screen.put(DisplayWidth.truncate(hint, toWidth: max(0, screen.width - x - width - 2)), x: x + width + 2, y: 1, style: Palette.dimmed)
        guard focus == .search, form == nil, confirmation == nil else { return nil }
        return (x + min(DisplayWidth.width(of: text), width - 1), 1)
    }

    private func renderPatient(into screen: inout Screen) {
        let l = language
        let row = Rect(x: 0, y: 2, width: screen.width, height: 1)
        guard let p = patient else {
            screen.line(l.pick(" 患者：（未选定）", " Patient: (none chosen)"), in: row, style: Palette.dimmed)
            return
        }
        var parts = [l.pick(" 患者：", " Patient: ") + p.name, p.sex?.label(l) ?? "", p.age(on: now.date).map { l.pick("\($0)岁", "age \($0)") } ?? "",
                     p.maskedDocument, p.maskedPhone ?? "", p.cardNumber.map { l.pick("卡", "card ") + $0 } ?? "", l.pick("患者号", "no. ") + "\(p.id)"]
        parts = parts.filter { !$0.isEmpty }
        var x = screen.put(DisplayWidth.truncate(parts.joined(separator: "  "), toWidth: screen.width - 24), x: 0, y: 2, style: .plain.bolded())
        // Rule 8: the class the core gives the patient today (age or a group the desk set).
        if let why = PriorityRules.reason(birth: p.birthDate, group: p.priorityGroup, on: now.date) {
            x += screen.put("  [" + why.label(l) + "]", x: x, y: 2, style: Palette.flag)
        }
        if p.recentNoShows > 0 {
            screen.put("  [" + l.pick("90天爽约\(p.recentNoShows)次", "\(p.recentNoShows) no-shows/90d") + "]", x: x, y: 2,
                            style: p.flagged ? Palette.error : Palette.flag)
        }
    }

    /// The chosen patient's live appointments from today on (rule 5), under the patient line,
    /// so a clash is seen before F5.
    private func renderPatientAppointments(into screen: inout Screen) {
        let l = language
        guard patient != nil else { return }
        let label = l.pick(" 已约：", " Booked: ")
        guard !patientAppointments.isEmpty else {
            screen.put(label + l.pick("无", "none"), x: 0, y: 3, style: Palette.dimmed)
            return
        }
        let items = patientAppointments.map { a -> String in
            let hour = a.hour < 10 ? "0\(a.hour)" : "\(a.hour)"
            let day = l == .zh ? "\(a.date.month)-\(a.date.day)" + String(Frame.weekday(a.date, l).dropFirst()) : "\(a.date.month)-\(a.date.day)"
            return "\(day) \(hour):00 \(a.department) \(a.resourceName)" + (a.status == .checkedIn ? l.pick("（已签到）", " (checked in)") : "")
        }
        screen.put(DisplayWidth.truncate(label + items.joined(separator: language.pick("；", "; ")), toWidth: screen.width - 1), x: 0, y: 3, style: Palette.flag)
    }

    private func paneTitle(_ text: String, _ pane: DeskPane, in rect: Rect, into screen: inout Screen) {
        let marker = focus == pane ? "> " : "  "
        screen.line(marker + text, in: rect, style: focus == pane ? Palette.heading.reversed() : Palette.heading)
    }

    private func renderNavigation(into screen: inout Screen, area: Rect) {
        let l = language
        let half = max(3, area.height / 2 + 1)
        let (top, bottom) = area.splitTop(half)
        paneTitle(l.pick("科室", "Departments"), .departments, in: top, into: &screen)
        let depRows = top.height - 1
        for (row, i) in visibleRange(count: departments.count, cursor: departmentIndex, height: depRows).enumerated() {
            let d = departments[i]
            let selected = i == departmentIndex
            let style: Style = selected ? (focus == .departments ? Palette.cursor : .plain.bolded()) : .plain
            screen.line((selected ? " *" : "  ") + d.displayName(l), in: Rect(x: top.x, y: top.y + 1 + row, width: top.width - 1, height: 1), style: style)
        }
        paneTitle(l.pick("医生/检查室", "Doctors/rooms"), .resources, in: bottom, into: &screen)
        let resRows = bottom.height - 1
        for (row, i) in visibleRange(count: resources.count, cursor: resourceIndex, height: resRows).enumerated() {
            let r = resources[i]
            let selected = i == resourceIndex
            let style: Style = selected ? (focus == .resources ? Palette.cursor : .plain.bolded()) : .plain
            let title = r.title.map { " " + $0 } ?? ""
            screen.line((selected ? " *" : "  ") + r.name + title, in: Rect(x: bottom.x, y: bottom.y + 1 + row, width: bottom.width - 1, height: 1), style: style)
        }
        if resources.isEmpty {
            screen.line(l.pick("  （无）", "  (none)"), in: Rect(x: bottom.x, y: bottom.y + 1, width: bottom.width - 1, height: 1), style: Palette.dimmed)
        }
    }

    /// What one grid cell says, and how: a number of free seats, or a word, so it reads the same
    /// without colour.
    func cellText(_ slot: SlotView?) -> (String, Style) {
        let l = language
        guard let slot else { return ("  -", Palette.dimmed) }
        // Rule 3: the hour in progress stays open to walk-ins until its cutoff.
        if slot.started && !slot.walkInOpen { return ("  --", Palette.dimmed) }
        if slot.available > 2 { return ("  \(slot.available)", Palette.free) }
        if slot.available > 0 { return (" !\(slot.available)", Palette.few) }
        if slot.seats.reservedAvailable > 0 { return (l.pick(" 预\(slot.seats.reservedAvailable)", " R\(slot.seats.reservedAvailable)"), Palette.reserved) }
        return (l.pick(" 满", " full"), Palette.full)
    }

    private func renderGrid(into screen: inout Screen, area: Rect) {
        let l = language
        let title = resource.map { r in l.pick("号源  ", "Slots  ") + r.name + "  \(weekStart) – \(weekStart.adding(days: 6))" }
            ?? l.pick("号源（请选择医生或检查室）", "Slots (choose a doctor or room)")
        paneTitle(title, .grid, in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &screen)
        let labelWidth = 6
        let cellWidth = max(5, (area.width - labelWidth) / 7)
        for day in 0..<7 {
            let date = weekStart.adding(days: day)
            let weekday = l == .zh ? String(Frame.weekday(date, l).dropFirst()) : Frame.weekday(date, l)
            // "11-25三" where there is room, "25三" where there is not: the weekday always shows.
            let long = l == .zh ? "\(date.month)-\(date.day)" + weekday : weekday + " \(date.day)"
            let text = DisplayWidth.width(of: long) <= cellWidth - 1 ? long : (l == .zh ? "\(date.day)" + weekday : weekday + "\(date.day)")
            let style: Style = day == gridDay ? Palette.heading.bolded() : Palette.heading
            screen.put(DisplayWidth.truncate(text, toWidth: cellWidth - 1), x: area.x + labelWidth + day * cellWidth, y: area.y + 1, style: style)
        }
        let hours = gridHours
        let rows = area.height - 3
        guard rows > 0 else { return }
        let cursorRow = hours.firstIndex(of: gridHour) ?? 0
        var bySlot: [Int: [Int: SlotView]] = [:]
        for s in week { bySlot[weekStart.days(to: s.date), default: [:]][s.hour] = s }
        for (row, i) in visibleRange(count: hours.count, cursor: cursorRow, height: rows).enumerated() {
            let hour = hours[i]
            let y = area.y + 2 + row
            screen.put((hour < 10 ? " 0" : " ") + "\(hour):00", x: area.x, y: y, style: Palette.dimmed)
            for day in 0..<7 {
                let (text, style) = cellText(bySlot[day]?[hour])
                let selected = day == gridDay && hour == gridHour
                let cellStyle = selected ? (focus == .grid ? Palette.cursor : style.underlined()) : style
                screen.put(DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: cellWidth - 1), toWidth: cellWidth - 1),
                           x: area.x + labelWidth + day * cellWidth, y: y, style: cellStyle)
            }
        }
        let legend = l.pick("数字=可约  !n=余号少  满=已满  预n=仅医联体预留  -=无号  --=已过", "n=free  !n=few left  full  Rn=alliance-reserved only  -=none  --=past")
        screen.line(" " + legend, in: Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1), style: Palette.dimmed)
    }

    /// The rows of a list pane laid out by their columns (TableColumn's rule: the columns that
    /// carry the decision never drop), the cursor row highlighted while the pane has the focus.
    /// A cell's own style, if any, shows except on the cursor row.
    /// `cursorShown` says whether the cursor row shows (default: while the list has the focus).
    private func renderRows(_ rows: [[TableCell]], columns: [TableColumn], cursor: Int, into screen: inout Screen, area: Rect,
                            top: Int, styles: [Style] = [], cursorShown: Bool? = nil) {
        let widths = TableColumn.layout(columns, in: area.width)
        for (row, i) in visibleRange(count: rows.count, cursor: cursor, height: area.maxY - top).enumerated() {
            let y = top + row
            let selected = i == cursor && (cursorShown ?? (focus == .list))
            let style = selected ? Palette.cursor : (styles.indices.contains(i) ? styles[i] : .plain)
            screen.line("", in: Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
            var x = area.x
            for (cell, width) in zip(rows[i], widths) where width > 0 && x < area.maxX {
                let w = min(width, area.maxX - x)
                screen.put(DisplayWidth.pad(DisplayWidth.truncate(cell.text, toWidth: w - 1), toWidth: w), x: x, y: y,
                           style: selected ? style : cell.style ?? style)
                x += w
            }
        }
    }

    /// ` 1–8/17` (after `label`) for a pane's title when only some of its rows fit under it.
    private func shownOf(_ count: Int, cursor: Int, rows: Int, label: String = "") -> String {
        rowsShown(visibleRange(count: count, cursor: cursor, height: rows), of: count, language).map { " " + label + $0 } ?? ""
    }

    /// The waitlist's columns: who and which class (the seat the core gives them) never drop.
    static func waitlistColumns(_ l: Language, largestID: Int64) -> [TableColumn] {
        [TableColumn.number(6, largest: largestID, givesWay: 3), TableColumn(12, minimum: 8), TableColumn(l == .zh ? 10 : 14), TableColumn(13, givesWay: 4),
         TableColumn(7, givesWay: 5), TableColumn(7, givesWay: 2), TableColumn(24, minimum: 12, givesWay: 1, grows: true)]
    }

    private func renderWaitlist(into screen: inout Screen, area: Rect, keymap: Keymap) {
        let l = language
        guard area.height >= 2 else { return }
        let add = keymap.hint(for: .book, in: .desk, fallback: "F5"), remove = keymap.hint(for: .cancel, in: .desk, fallback: "F7")
        paneTitle(l.pick("候补 ", "Waitlist ") + (department.map { $0.displayName(l) } ?? "") + "  (\(waitlist.count))"
                  + shownOf(waitlist.count, cursor: waitIndex, rows: area.height - 1) + "  "
                  + l.pick("\(add) 加入  \(remove) 移出", "\(add) add  \(remove) remove"), .list,
                  in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &screen)
        guard !waitlist.isEmpty else {
            return screen.line(l.pick("  （没有候补）", "  (no one waiting)"), in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), style: Palette.dimmed)
        }
        let rows = waitlist.map { w -> [TableCell] in
            [TableCell(" \(w.id)"), TableCell(w.patientName), TableCell(w.priority.label(l) + (w.headOfClass ? "*" : "")),
             TableCell("\(w.firstDate.month)-\(w.firstDate.day)–\(w.lastDate.month)-\(w.lastDate.day)"),
             TableCell(String(format: "%02d-%02d", w.firstHour, w.endHour)), TableCell(w.resource ?? ""),
             TableCell(l.pick("自 ", "since ") + w.waitingSince.readable)]
        }
        renderRows(rows, columns: Self.waitlistColumns(l, largestID: waitlist.map(\.id).max() ?? 0), cursor: waitIndex, into: &screen, area: area, top: area.y + 1)
    }

    /// The to-notify list's columns: who, the phone to call and what to tell them never drop.
    static func notificationColumns(_ l: Language, largestID: Int64) -> [TableColumn] {
        [TableColumn.number(6, largest: largestID, givesWay: 3), TableColumn(l == .zh ? 10 : 16, givesWay: 2), TableColumn(12, minimum: 8), TableColumn(13),
         TableColumn(20, givesWay: 1), TableColumn(30, minimum: 12, grows: true)]
    }

    private func renderNotifications(into screen: inout Screen, area: Rect, keymap: Keymap) {
        let l = language
        guard area.height >= 2 else { return }
        let told = keymap.hint(for: .select, in: .desk, fallback: "Enter"), yes = keymap.hint(for: .book, in: .desk, fallback: "F5"),
            no = keymap.hint(for: .cancel, in: .desk, fallback: "F7"), phone = keymap.hint(for: .checkin, in: .desk, fallback: "F6")
        let shown = shownOf(notifications.count, cursor: notifyIndex, rows: area.height - 1)
        paneTitle(l.pick("待通知 (\(notifications.count))\(shown) \(phone) 电话 \(told) 已通知 \(yes) 改约 \(no) 不改约",
                         "To notify (\(notifications.count))\(shown) \(phone) phone \(told) told \(yes) rebook \(no) decline"),
                  .list, in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &screen)
        guard !notifications.isEmpty else {
            return screen.line(l.pick("  （没有待通知的患者）", "  (no one to call)"), in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), style: Palette.dimmed)
        }
        let rows = notifications.map { n -> [TableCell] in
            let why = n.kind == .waitlistBooked ? l.pick("候补成功", "waitlist booked") : l.pick("停诊", "clinic stopped")
            let todo: String
            if let offer = n.offeredSlot { todo = l.pick("可改约 ", "offer ") + offer.label }
            else if let r = n.rebookedAppointmentID { todo = l.pick("已改约 ", "rebooked ") + "\(r)" }
            else if let w = n.waitlistID { todo = l.pick("已候补 ", "waitlisted ") + "\(w)" }
            else { todo = l.pick("告知预约 ", "tell ") + n.appointment.slotLabel }
            return [TableCell(" \(n.id)"), TableCell(why), TableCell(n.patientName), TableCell(revealedPhones[n.id] ?? n.maskedPhone ?? ""),
                    TableCell(n.appointment.slotLabel), TableCell(todo)]
        }
        renderRows(rows, columns: Self.notificationColumns(l, largestID: notifications.map(\.id).max() ?? 0), cursor: notifyIndex, into: &screen, area: area, top: area.y + 1,
                   styles: notifications.map { $0.kind == .stopClinic ? Palette.few : .plain })
    }

    /// The day list's columns: the hour, the patient and the status carry the desk's decision and
    /// never drop; the alliance clinic gives way first, then the class and the no-show count.
    static func dayListColumns(_ l: Language, largestID: Int64) -> [TableColumn] {
        [TableColumn.number(7, largest: largestID, givesWay: 4), TableColumn(6), TableColumn(14, minimum: 8), TableColumn(l == .zh ? 8 : 11),
         TableColumn(l == .zh ? 10 : 15, minimum: l == .zh ? 9 : 10, givesWay: 3), TableColumn(10, givesWay: 2),
         TableColumn(14, minimum: 10, givesWay: 1, grows: true)]
    }

    private func renderDayList(into screen: inout Screen, area: Rect) {
        let l = language
        guard area.height >= 2 else { return }
        let title = l.pick("当日名单 ", "Day list ") + "\(selectedDate) \(Frame.weekday(selectedDate, l))" + (resource.map { "  " + $0.name } ?? "")
            + "  (\(dayList.filter { $0.status != .cancelled }.count))"
            // The count above is of live appointments; the rows shown include the cancelled ones.
            + shownOf(dayList.count, cursor: listIndex, rows: area.height - 1, label: l.pick("行", "rows "))
        paneTitle(title, .list, in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &screen)
        if dayList.isEmpty {
            screen.line(l.pick("  （没有预约）", "  (no appointments)"), in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), style: Palette.dimmed)
            return
        }
        let rows = dayList.map { a -> [TableCell] in
            let hour = a.hour < 10 ? "0\(a.hour)" : "\(a.hour)"
            let misses = noShows[a.patientID] ?? 0
            return [TableCell(" \(a.id)"), TableCell("\(hour):00"), TableCell(a.patientName), TableCell(a.status.label(l)),
                    TableCell(a.priority == .regular ? "" : a.priority.label(l), style: a.priority == .regular ? nil : Palette.flag),
                    TableCell(misses > 0 ? l.pick("爽约\(misses)", "\(misses) no-show") : "",
                              style: misses >= AppointmentRules.noShowFlagThreshold ? Palette.error : nil),
                    TableCell(a.channel == .alliance ? l.pick("医联体", "alliance ") + (a.clinic ?? "") : "")]
        }
        renderRows(rows, columns: Self.dayListColumns(l, largestID: dayList.map(\.id).max() ?? 0), cursor: listIndex, into: &screen, area: area, top: area.y + 1,
                   styles: dayList.map { $0.status == .cancelled ? Palette.dimmed : .plain })
    }

    /// The search results' columns: the name, sex, age, masked document (what tells two patients
    /// of one name apart) never drop; the no-show flag gives way first (the patient line shows it
    /// once chosen), then the card, the phone last. The sex is as wide as its label (`female`).
    static func resultColumns(_ l: Language) -> [TableColumn] {
        let sex = [Sex.male, .female].map { DisplayWidth.width(of: $0.label(l)) }.max() ?? 2
        return [TableColumn(12), TableColumn(max(5, sex + 1)), TableColumn(6), TableColumn(20, minimum: 19),
                TableColumn(13, givesWay: 3), TableColumn(12, minimum: 11, givesWay: 2), TableColumn(10, minimum: 6, givesWay: 1, grows: true)]
    }

    private func renderResults(into screen: inout Screen) {
        let l = language
        let width = min(screen.width - 4, 84)
        let height = min(results.count + 2, screen.height - 8)
        let shown = rowsShown(visibleRange(count: results.count, cursor: resultIndex, height: height - 2), of: results.count, l)
        let inner = screen.box(Rect(x: 2, y: 2, width: width, height: height),
                               title: l.pick("查找结果", "Patients found") + (shown.map { " " + $0 } ?? " (\(results.count))"))
        let rows = results.map { p -> [TableCell] in
            [p.name, p.sex?.label(l) ?? "", p.age(on: now.date).map { l.pick("\($0)岁", "\($0)y") } ?? "", p.maskedDocument,
             p.maskedPhone ?? "", p.cardNumber ?? "", p.flagged ? l.pick("爽约\(p.recentNoShows)", "\(p.recentNoShows) no-shows") : ""]
                .map { TableCell($0) }
        }
        renderRows(rows, columns: Self.resultColumns(l), cursor: resultIndex, into: &screen, area: inner, top: inner.y, cursorShown: true)
    }
}
