import BookingCore
import BookingStore
import Terminal

extension UtilisationState {
    /// ░ under a quarter full, ▒ under half, ▓ under three quarters, █ three quarters and more.
    static func shade(booked: Int, capacity: Int) -> String {
        guard capacity > 0 else { return " " }
        return ["░", "▒", "▓", "█", "█"][min(4, max(0, booked * 4 / capacity))]
    }

    static func shadeStyle(booked: Int, capacity: Int) -> Style {
        guard capacity > 0 else { return Palette.dimmed }
        switch booked * 4 / capacity {
        case 0: return Palette.free
        case 1: return .plain
        case 2: return Palette.few
        default: return Palette.full
        }
    }

    /// A heat-map cell `width` columns wide: the shade, then the fill in percent, right-aligned;
    /// `-` where nothing is offered.
    static func cellText(booked: Int, capacity: Int, width: Int) -> String {
        guard capacity > 0 else { return DisplayWidth.pad(DisplayWidth.pad("-", toWidth: width - 2, alignment: .right), toWidth: width) }
        let percent = Int(Share.percent(booked, of: capacity).rounded())
        let number = DisplayWidth.pad("\(percent)", toWidth: 3, alignment: .right)
        return DisplayWidth.pad(shade(booked: booked, capacity: capacity) + number, toWidth: width)
    }

    /// A fill bar: █ booked, ░ still free; `-` all along where nothing is offered (an empty
    /// bar of ░ would read as "all free").
    static func bar(booked: Int, capacity: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        guard capacity > 0 else { return String(repeating: "-", count: width) }
        let filled = capacity > 0 ? min(width, (booked * width + capacity / 2) / capacity) : 0
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// Draws the utilisation picture into `screen`; it has no text cursor.
    func render(into screen: inout Screen, keymap: Keymap, frame: FrameInfo) -> (x: Int, y: Int)? {
        guard Frame.begin(&screen, language: language) else { return nil }
        let l = language
        Frame.title(frame, into: &screen)
        let name = department?.displayName(l) ?? l.pick("（无科室）", "(no department)")
        // The arrow keys first when they are bound: they are what the hint should teach.
        func key(_ action: DeskAction, _ fallback: String) -> String {
            let keys = keymap.keys(for: action, in: .utilisation)
            return (keys.first { [.up, .down, .left, .right].contains($0) } ?? keys.first)?.label ?? fallback
        }
        let departmentKey = key(.up, "Up") + "/" + key(.down, "Down")
        let weekKey = key(.previousWeek, "PgUp") + "/" + key(.nextWeek, "PgDown")
        let end = weekStart.adding(days: 6)
        let range = "\(weekStart)–\(end.month < 10 ? "0" : "")\(end.month)-\(end.day < 10 ? "0" : "")\(end.day)"
        screen.line(l.pick(" 号源利用率  科室：\(name) [\(departmentKey)]   周：\(range) [\(weekKey)]",
                           " Utilisation  department: \(name) [\(departmentKey)]   week: \(range) [\(weekKey)]"),
                    in: Rect(x: 0, y: 1, width: screen.width, height: 1), style: .plain.bolded())
        screen.line(l.pick(" ░ 0–24%  ▒ 25–49%  ▓ 50–74%  █ 75–100%  数字＝已约占号源的百分比  - 无号源",
                           " ░ 0–24%  ▒ 25–49%  ▓ 50–74%  █ 75–100%  number = % of seats booked  - nothing offered"),
                    in: Rect(x: 0, y: 2, width: screen.width, height: 1), style: Palette.dimmed)
        let mapBottom = renderHeatMap(into: &screen, top: 4, name: name)
        renderBars(into: &screen, area: Rect(x: 0, y: mapBottom + 1, width: screen.width, height: screen.height - 2 - (mapBottom + 1)))
        Frame.message(message, into: &screen)
        Frame.functionKeys(keymap, scope: scope, language: l, into: &screen)
        if showingHelp { Overlay.help(for: .utilisation, into: &screen, keymap: keymap, language: l) }
        return nil
    }

    /// The selected department's week: a row per day, a column per hour, and the day in all.
    /// Returns the row below it.
    private func renderHeatMap(into screen: inout Screen, top: Int, name: String) -> Int {
        let l = language
        let labelWidth = 13
        let hours = self.hours
        // Five columns a cell ("▓ 62 "), four when the hours would not fit.
        let cellWidth = labelWidth + hours.count * 5 + 6 <= screen.width ? 5 : 4
        screen.line(" " + l.pick("\(name)：本周每日每小时（日 × 时）", "\(name): each day and hour of the week (days × hours)"),
                    in: Rect(x: 0, y: top, width: screen.width, height: 1), style: Palette.heading)
        var x = labelWidth
        for hour in hours where x + cellWidth <= screen.width {
            screen.put(DisplayWidth.pad(hour < 10 ? "0\(hour)" : "\(hour)", toWidth: cellWidth - 1, alignment: .right), x: x, y: top + 1, style: Palette.dimmed)
            x += cellWidth
        }
        let totalX = x
        if totalX + 6 <= screen.width { screen.put(DisplayWidth.pad(l.pick("全天", "day"), toWidth: 5, alignment: .right), x: totalX, y: top + 1, style: Palette.dimmed) }
        for (row, date) in days.enumerated() {
            let y = top + 2 + row
            let today = date == now.date
            let label = " \(Frame.weekday(date, l)) \(date.month < 10 ? "0" : "")\(date.month)-\(date.day < 10 ? "0" : "")\(date.day)" + (today ? "*" : "")
            screen.put(DisplayWidth.pad(label, toWidth: labelWidth), x: 0, y: y, style: today ? Palette.heading : .plain)
            var x = labelWidth
            var dayBooked = 0, dayCapacity = 0
            for hour in hours where x + cellWidth <= screen.width {
                let c = cell(date, hour)
                let booked = c?.booked ?? 0, capacity = c?.capacity ?? 0
                dayBooked += booked
                dayCapacity += capacity
                screen.put(Self.cellText(booked: booked, capacity: capacity, width: cellWidth), x: x, y: y,
                           style: Self.shadeStyle(booked: booked, capacity: capacity))
                x += cellWidth
            }
            if totalX + 6 <= screen.width {
                screen.put(" " + Self.cellText(booked: dayBooked, capacity: dayCapacity, width: 5), x: totalX, y: y,
                           style: Self.shadeStyle(booked: dayBooked, capacity: dayCapacity).bolded())
            }
        }
        return top + 2 + days.count
    }

    /// Every department's week as a bar, the selected one marked; scrolled to keep it in view.
    private func renderBars(into screen: inout Screen, area: Rect) {
        let l = language
        guard area.height >= 2 else { return }
        let range = visibleRange(count: departments.count, cursor: departmentIndex, height: area.height - 1)
        let shown = rowsShown(range, of: departments.count, l).map { " \($0)" } ?? ""
        screen.line(" " + l.pick("各科室本周利用率\(shown)（█已约 ░空余 -无号源）", "Each department's week\(shown) (█ booked ░ free - nothing offered)"),
                    in: Rect(x: area.x, y: area.y, width: area.width, height: 1), style: Palette.heading)
        let nameWidth = 14
        let barWidth = max(10, min(40, area.width - nameWidth - 22))
        for (row, i) in range.enumerated() {
            let d = departments[i]
            let y = area.y + 1 + row
            let selected = i == departmentIndex
            let week = self.week(of: d.code)
            let name = (selected ? " > " : "   ") + DisplayWidth.truncate(d.displayName(l), toWidth: nameWidth - 4)
            screen.put(DisplayWidth.pad(name, toWidth: nameWidth), x: area.x, y: y, style: selected ? Palette.cursor : .plain)
            screen.put(Self.bar(booked: week.booked, capacity: week.capacity, width: barWidth), x: area.x + nameWidth, y: y, style: Palette.reserved)
            let percent = Int(Share.percent(week.booked, of: week.capacity).rounded())
            let numbers = week.capacity > 0 ? DisplayWidth.pad("\(percent)%", toWidth: 5, alignment: .right) + "  \(week.booked)/\(week.capacity)"
                                            : l.pick("  无号源", "  nothing offered")
            screen.put(numbers, x: area.x + nameWidth + barWidth, y: y, style: selected ? .plain.bolded() : .plain)
        }
    }
}
