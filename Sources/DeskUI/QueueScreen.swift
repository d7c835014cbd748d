import BookingCore
import BookingStore
import Terminal

/// The call queue of one resource-hour, for the clinic nurse to leave open: who is called, who
/// waits in which order, in large type. The order lives in the database, so every terminal shows
/// the same; other terminals' changes appear within a second.
public struct QueueState {
    public var language: Language
    public var now: LocalDateTime
    var resources: [ResourceView] = []
    var resourceIndex = 0
    public internal(set) var date: LocalDate
    public internal(set) var hour: Int
    public internal(set) var queue: CallQueueView?
    var showingHelp = false
    public internal(set) var message: DeskMessage?
    public internal(set) var wantsQuit = false

    public init(language: Language, now: LocalDateTime) {
        self.language = language
        self.now = now
        date = now.date
        hour = now.hour
    }

    public var resource: ResourceView? { resources.indices.contains(resourceIndex) ? resources[resourceIndex] : nil }
    public var scope: KeyScope { showingHelp ? .help : .queue }
    var acceptsText: Bool { false }
    var typesAnywhere: Bool { false }

    mutating func refuse(_ error: BookingError) { message = DeskMessage(text: error.message(language), kind: .error) }

    /// The resource-hour in view, when there is a resource.
    var place: SlotReference? { resource.map { .at(resource: $0.code, date: date, hour: hour) } }

    /// The resources first; their answer asks for the queue of the hour in view.
    mutating func reload() -> [DeskEffect] { [.read(.queueResources)] }

    /// Keeps the cursor on the same resource when it is still there.
    mutating func show(resources all: [ResourceView]) -> [DeskEffect] {
        let code = resource?.code
        resources = all
        if let code, let i = resources.firstIndex(where: { $0.code == code }) { resourceIndex = i }
        resourceIndex = min(resourceIndex, max(0, resources.count - 1))
        guard let place else { queue = nil; return [] }
        return [.read(.callQueue(place))]
    }

    mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect] {
        switch input {
        case .externalChange: return reload()
        case let .tick(now): self.now = now; return []
        case let .loaded(.queueResources(all)): return show(resources: all)
        case let .loaded(.callQueue(shown, q)):
            if shown == place { queue = q }
            return []
        case let .finished(.callQueue(q)):
            queue = q
            let l = language
            message = DeskMessage(text: q.called.map { l.pick("请 \($0.patientName) 就诊", "Calling \($0.patientName)") } ?? l.pick("已完成", "Done"),
                                  kind: .success)
            return []
        case let .failed(.run, error):
            refuse(error)
            return reload()
        case let .failed(_, error):
            refuse(error)
            return []
        case let .action(action): return handle(action)
        case .text, .erase, .loaded, .finished, .previewed: return []
        }
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
        case .up, .down:
            resourceIndex = min(max(0, resourceIndex + (action == .up ? -1 : 1)), max(0, resources.count - 1))
            return reload()
        case .left, .right:
            hour = min(23, max(0, hour + (action == .left ? -1 : 1)))
            return reload()
        case .previousDay, .nextDay:
            date = date.adding(days: action == .previousDay ? -1 : 1)
            return reload()
        case .today:
            date = now.date
            hour = now.hour
            return reload()
        case .callNext, .recall, .skip, .finish:
            guard let place else { return [] }
            switch action {
            case .callNext: return [.run(.callNext(place))]
            case .recall: return [.run(.recall(place))]
            case .skip: return [.run(.skip(place))]
            default: return [.run(.finishVisit(place))]
            }
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
        let hourText = String(format: "%02d:00–%02d:00", hour, hour + 1)
        let place = resource.map { r in "\(r.name)\(r.title.map { " " + $0 } ?? "")  \(r.department)" } ?? l.pick("（无）", "(none)")
        screen.line(l.pick(" 叫号  ", " Call queue  ") + place + "  \(date) \(Frame.weekday(date, l)) \(hourText)",
                    in: Rect(x: 0, y: 1, width: screen.width, height: 1), style: .plain.bolded())
        screen.line(l.pick(" 上下键换医生/诊室，左右键换时段", " Up/Down: doctor or room   Left/Right: hour"), in: Rect(x: 0, y: 2, width: screen.width, height: 1),
                    style: Palette.dimmed)
        // The called patient, in a band across the screen that can be read from the waiting room.
        let band = Rect(x: 2, y: 4, width: screen.width - 4, height: 3)
        screen.fill(rect: band, char: " ", style: Palette.cursor)
        let calledText: String
        if let queue {
            if let c = queue.called {
                let spaced = c.patientName.map(String.init).joined(separator: " ")
                calledText = l.pick("请  \(spaced)  就诊", "Now seeing:  \(spaced)") + (c.recalls > 0 ? l.pick("（重呼\(c.recalls)）", "  (recall \(c.recalls))") : "")
            } else {
                calledText = l.pick("等待叫号", "Waiting to call")
            }
        } else {
            calledText = l.pick("此时段无出诊", "No session in this hour")
        }
        let shown = DisplayWidth.truncate(calledText, toWidth: band.width - 2)
        screen.put(shown, x: band.x + max(1, (band.width - DisplayWidth.width(of: shown)) / 2), y: band.y + 1, style: Palette.cursor.bolded())
        var y = band.maxY + 1
        if let queue {
            // Two rows a patient, as many as fit above the message line; the heading says when some are below.
            let fits = max(0, (screen.height - 3 - (y + 2) + 1) / 2)
            let hidden = rowsShown(0..<min(fits, queue.waiting.count), of: queue.waiting.count, l).map { l.pick("，显示\($0)", ", showing \($0)") } ?? ""
            screen.line(l.pick(" 候诊（\(queue.waiting.count) 人\(hidden)）   已就诊 \(queue.done.count) 人", " Waiting (\(queue.waiting.count)\(hidden))   seen \(queue.done.count)"),
                        in: Rect(x: 0, y: y, width: screen.width, height: 1), style: Palette.heading)
            y += 2
            for (i, e) in queue.waiting.enumerated() where y < screen.height - 3 {
                let tag = e.priority == .regular ? "" : "  [" + e.priority.label(l) + "]"
                screen.put(DisplayWidth.truncate("  \(i + 1).  " + e.patientName.map(String.init).joined(separator: " ") + tag, toWidth: screen.width - 2), x: 0, y: y,
                           style: i == 0 ? .plain.bolded() : .plain)
                y += 2
            }
            if queue.waiting.isEmpty { screen.put(l.pick("  （没有候诊患者）", "  (no one waiting)"), x: 0, y: y, style: Palette.dimmed) }
        }
        Frame.message(message, into: &screen)
        Frame.functionKeys(keymap, scope: scope, language: l, into: &screen)
        if showingHelp { Overlay.help(for: .queue, into: &screen, keymap: keymap, language: l) }
        return nil
    }
}

extension QueueState: DeskScreen {}
