import BookingCore
import BookingStore

/// The utilisation picture, reachable from every role's screen: a week's heat map of one
/// department (days × hours, each cell shaded by how full it is and labelled with the number),
/// and every department's fill for the week as a bar. Read-only: it changes nothing.
public struct UtilisationState {
    public var language: Language
    public var now: LocalDateTime
    /// The Monday of the week shown.
    public internal(set) var weekStart: LocalDate
    /// Departments with slots to fill (not the theatres' day-surgery centre), in setup order.
    public internal(set) var departments: [DepartmentView] = []
    public internal(set) var departmentIndex = 0
    /// The week's cells, every department.
    public internal(set) var cells: [UtilisationCell] = []

    var showingHelp = false
    public internal(set) var message: DeskMessage?
    public internal(set) var wantsQuit = false

    public init(language: Language, now: LocalDateTime) {
        self.language = language
        self.now = now
        weekStart = Self.weekToShow(today: now.date)
    }

    static func monday(of date: LocalDate) -> LocalDate { date.adding(days: 1 - date.weekday) }

    /// The week the picture opens on: this week, but on a Sunday the coming one (this week is
    /// all past by then, and tomorrow's bookings are what matter).
    static func weekToShow(today: LocalDate) -> LocalDate {
        monday(of: today.weekday == 7 ? today.adding(days: 1) : today)
    }

    public var scope: KeyScope { showingHelp ? .help : .utilisation }
    var acceptsText: Bool { false }

    public var department: DepartmentView? { departments.indices.contains(departmentIndex) ? departments[departmentIndex] : nil }
    public var days: [LocalDate] { (0..<7).map { weekStart.adding(days: $0) } }

    /// The selected department's cells by day and hour.
    func cell(_ date: LocalDate, _ hour: Int) -> UtilisationCell? {
        cells.first { $0.department == department?.code && $0.date == date && $0.hour == hour }
    }

    /// The hours any department offers this week, so every department's map has the same columns.
    var hours: [Int] {
        let offered = Set(cells.map(\.hour))
        guard let first = offered.min(), let last = offered.max() else { return Array(8..<17) }
        return Array(first...last)
    }

    /// A department's week: seats offered and booked.
    func week(of code: String) -> (capacity: Int, booked: Int) {
        cells.filter { $0.department == code }.reduce(into: (0, 0)) { $0.0 += $1.capacity; $0.1 += $1.booked }
    }

    // MARK: - Loading

    /// The week's picture: every department, the resources that make one bookable, the cells.
    public mutating func reload() -> [DeskEffect] { [.read(.utilisationWeek(from: weekStart))] }

    mutating func show(departments all: [DepartmentView], resources: [ResourceView], cells: [UtilisationCell]) {
        let selected = department?.code
        let bookable = Set(resources.filter { $0.kind != .theatre }.map(\.department))
        departments = all.filter { bookable.contains($0.code) }
        if let selected, let i = departments.firstIndex(where: { $0.code == selected }) { departmentIndex = i }
        departmentIndex = min(departmentIndex, max(0, departments.count - 1))
        self.cells = cells
    }

    // MARK: - Input

    public mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect] {
        switch input {
        case let .tick(now): self.now = now
        case .externalChange: return reload()
        case let .loaded(.utilisationWeek(from, departments, resources, cells)) where from == weekStart:
            show(departments: departments, resources: resources, cells: cells)
        case let .failed(_, error): message = DeskMessage(text: error.message(language), kind: .error)
        case .text, .erase, .loaded, .finished, .previewed: break
        case let .action(action):
            if showingHelp {
                if action == .back || action == .help { showingHelp = false }
                if action == .quit { wantsQuit = true }
                return []
            }
            switch action {
            case .quit: wantsQuit = true
            case .help: showingHelp = true
            case .up: departmentIndex = max(0, departmentIndex - 1)
            case .down: departmentIndex = min(max(0, departments.count - 1), departmentIndex + 1)
            case .left, .previousWeek: return moveWeek(by: -1)
            case .right, .nextWeek: return moveWeek(by: 1)
            case .today:
                weekStart = Self.weekToShow(today: now.date)
                return reload()
            default: break
            }
        }
        return []
    }

    mutating func moveWeek(by weeks: Int) -> [DeskEffect] {
        weekStart = weekStart.adding(days: 7 * weeks)
        message = nil
        return reload()
    }
}

extension UtilisationState: DeskScreen {
    var typesAnywhere: Bool { false }
}
