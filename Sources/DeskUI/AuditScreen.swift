import BookingCore
import BookingStore
import Terminal

/// The audit log for administrators (rule 13): who did what, from which terminal, when, with
/// the before and after of each change, newest first. Read-only; the store checks the role of
/// the operator the app reads it as.
struct AuditState {
    var language: Language
    var now: LocalDateTime
    var records: [AuditRecord] = []
    var index = 0
    /// Older pages: the id below which the page starts.
    var pages: [Int64?] = [nil]
    /// Narrow the log to one kind of action (e.g. `appointment.`, `operator.`), cycled by a key.
    var prefix: String?
    var showingHelp = false
    var message: DeskMessage?
    var wantsQuit = false

    static let pageSize = 200
    static let prefixes: [String?] = [nil, "appointment.", "patient.", "referral.", "waitlist.", "session.", "surgery.", "operator.", "setup."]

    init(language: Language, now: LocalDateTime) {
        self.language = language
        self.now = now
    }

    var scope: KeyScope { showingHelp ? .help : .audit }
    var acceptsText: Bool { false }
    var typesAnywhere: Bool { false }

    /// The page in view, narrowed by the filter.
    var filter: AuditFilter { AuditFilter(actionPrefix: prefix, beforeID: pages.last ?? nil, limit: Self.pageSize) }

    mutating func reload() -> [DeskEffect] { [.read(.auditLog(filter))] }

    mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect] {
        switch input {
        case .externalChange:
            // Only the newest page follows the log as it grows; an older page stays put.
            return pages.count == 1 ? reload() : []
        case let .tick(now): self.now = now
        case let .loaded(.auditLog(asked, page)) where asked == filter:
            records = page
            index = min(index, max(0, records.count - 1))
            message = nil
        case let .failed(.read(.auditLog), error):
            records = []
            message = DeskMessage(text: error.message(language), kind: .error)
        case let .action(action): return handle(action)
        case .text, .erase, .loaded, .finished, .previewed, .failed: break
        }
        return []
    }

    private mutating func handle(_ action: DeskAction) -> [DeskEffect] {
        if showingHelp {
            if action == .back || action == .help { showingHelp = false }
            if action == .quit { wantsQuit = true }
            return []
        }
        switch action {
        case .quit: wantsQuit = true
        case .help: showingHelp = true
        case .up: index = max(0, index - 1)
        case .down: index = min(max(0, records.count - 1), index + 1)
        case .nextWeek, .nextPage:
            // PgDn: older records.
            if let last = records.last, records.count == Self.pageSize {
                pages.append(last.id)
                index = 0
                return reload()
            }
        case .previousWeek, .previousPage:
            if pages.count > 1 {
                pages.removeLast()
                index = 0
                return reload()
            }
        case .filterAction, .filterDepartment:
            let i = Self.prefixes.firstIndex(of: prefix) ?? 0
            prefix = Self.prefixes[(i + 1) % Self.prefixes.count]
            pages = [nil]
            index = 0
            return reload()
        case .back:
            message = nil
        default:
            break
        }
        return []
    }

    func render(into screen: inout Screen, keymap: Keymap, frame: FrameInfo) -> (x: Int, y: Int)? {
        guard Frame.begin(&screen, language: language) else { return nil }
        let l = language
        Frame.title(frame, into: &screen)
        let filter = prefix ?? l.pick("全部", "all")
        let filterKey = keymap.hint(for: .filterAction, in: .audit, fallback: "F3")
        let detailRows = 4
        let listArea = Rect(x: 0, y: 3, width: screen.width, height: screen.height - 5 - detailRows)
        let range = visibleRange(count: records.count, cursor: index, height: listArea.height)
        let shown = rowsShown(range, of: records.count, l).map { " (\($0))" } ?? ""
        screen.line(l.pick(" 审计日志  类别：\(filter) [\(filterKey)]   第 \(pages.count) 页\(shown)   PgDn 更早  PgUp 较新",
                           " Audit log  action: \(filter) [\(filterKey)]   page \(pages.count)\(shown)   PgDn older  PgUp newer"),
                    in: Rect(x: 0, y: 1, width: screen.width, height: 1), style: .plain.bolded())
        // Time, operator, terminal, action, entity: the terminal drops and the operator narrows
        // before the entity (what was changed) is cut; the time (to the minute) is never cut.
        let widths = TableColumn.layout([TableColumn(18), TableColumn(18, minimum: 10, givesWay: 2), TableColumn(12, givesWay: 1),
                                         TableColumn(24, minimum: 17), TableColumn(40, minimum: 12, grows: true)], in: screen.width)
        let headings = [l.pick(" 时间", " Time"), l.pick("操作员", "Operator"), l.pick("终端", "Terminal"), l.pick("动作", "Action"), l.pick("对象", "Entity")]
        screen.line("", in: Rect(x: 0, y: 2, width: screen.width, height: 1), style: Palette.heading)
        var hx = 0
        for (text, width) in zip(headings, widths) where width > 0 {
            screen.put(DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: width - 1), toWidth: width), x: hx, y: 2, style: Palette.heading)
            hx += width
        }
        for (row, i) in range.enumerated() {
            let r = records[i]
            let cells: [(String, Int)] = [(" " + r.at.replacingOccurrences(of: "T", with: " "), 18), (r.operatorName, 18), (r.terminal, 12),
                                          (r.action, 24), (r.entity + (r.entityID.map { " " + $0 } ?? ""), 40)]
            let style = i == index ? Palette.cursor : Style.plain
            screen.line("", in: Rect(x: 0, y: listArea.y + row, width: screen.width, height: 1), style: style)
            var x = 0
            for ((text, _), width) in zip(cells, widths) where width > 0 && x < screen.width {
                let w = min(width, screen.width - x)
                screen.put(DisplayWidth.pad(DisplayWidth.truncate(text, toWidth: w - 1), toWidth: w), x: x, y: listArea.y + row, style: style)
                x += w
            }
        }
        if records.isEmpty {
            screen.line(l.pick("  （没有记录）", "  (no records)"), in: Rect(x: 0, y: listArea.y, width: screen.width, height: 1), style: Palette.dimmed)
        }
        let detailTop = listArea.maxY
        screen.line("", in: Rect(x: 0, y: detailTop, width: screen.width, height: 1), style: Palette.heading)
        if records.indices.contains(index) {
            let r = records[index]
            screen.line(l.pick(" 变更前：", " Before: ") + (r.before ?? "-"), in: Rect(x: 0, y: detailTop + 1, width: screen.width, height: 1))
            screen.line(l.pick(" 变更后：", " After:  ") + (r.after ?? "-"), in: Rect(x: 0, y: detailTop + 2, width: screen.width, height: 1))
        }
        Frame.message(message, into: &screen)
        Frame.functionKeys(keymap, scope: scope, language: l, into: &screen)
        if showingHelp { Overlay.help(for: .audit, into: &screen, keymap: keymap, language: l) }
        return nil
    }
}

extension AuditState: DeskScreen {}
