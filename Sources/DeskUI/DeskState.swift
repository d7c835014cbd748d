import BookingCore
import BookingStore

/// The panes of the front desk, in Tab order.
public enum DeskPane: Int, CaseIterable, Sendable {
    case search, departments, resources, grid, list
}

/// Everything the front-desk screen shows and remembers. Loaded from the store's queries;
/// changed only through the store's commands.
public struct DeskState {
    public var language: Language
    public var now: LocalDateTime

    // The search box and the patient in hand.
    var search = TextField(limit: 64)
    public internal(set) var results: [PatientView] = []
    var resultIndex = 0
    var showingResults = false
    public internal(set) var patient: PatientView?
    /// The query found the patient in hand: the next typed character starts a new query, as in a
    /// selected text field — a queue of patients and an ID-card reader type one after another.
    var queryChosen = false
    /// The query found nobody: the next typed character starts a new query too (the next card
    /// in the reader), while Backspace edits the old one to mend a typo.
    var queryFailed = false
    /// The chosen patient's live appointments from today on, by date (rule 5: clashes seen before F5).
    public internal(set) var patientAppointments: [AppointmentView] = []
    /// Letters typed in the department list: its code or pinyin initials.
    var departmentJump = ""
    /// Phones revealed on the to-notify list this session, by notification (rule 10).
    var revealedPhones: [Int64: String] = [:]
    /// The keys in force, for messages that name them (F12 to wait).
    public var keymap = Keymap()

    // Department → resource → week grid → the day's list.
    public internal(set) var focus: DeskPane = .search
    public internal(set) var departments: [DepartmentView] = []
    var departmentIndex = 0
    public internal(set) var resources: [ResourceView] = []
    var resourceIndex = 0
    public internal(set) var weekStart: LocalDate
    public internal(set) var week: [SlotView] = []
    var gridDay = 0
    var gridHour = 8
    public internal(set) var dayList: [AppointmentView] = []
    var noShows: [Int64: Int] = [:]
    var listIndex = 0

    /// What the lower pane shows: the day's list, the waitlist, or the patients to telephone.
    public enum LowerPane: Int, CaseIterable, Sendable { case dayList, waitlist, notify }
    public internal(set) var lowerPane: LowerPane = .dayList
    public internal(set) var waitlist: [WaitlistView] = []
    var waitIndex = 0
    public internal(set) var notifications: [NotificationView] = []
    var notifyIndex = 0

    // What covers the screen, if anything, and the message line.
    var confirmation: Confirmation?
    /// The confirmed change on its way to the store, until the store answers.
    var answering: Confirmation?
    var form: RegistrationForm?
    var showingHelp = false
    /// The appointment slip on view (C-p on the day list), as the printer gets it.
    var slip: (title: String, lines: [String])?
    public internal(set) var message: DeskMessage?
    public internal(set) var wantsQuit = false

    public init(language: Language, now: LocalDateTime) {
        self.language = language
        self.now = now
        self.weekStart = now.date
    }

    public var department: DepartmentView? { departments.indices.contains(departmentIndex) ? departments[departmentIndex] : nil }
    public var resource: ResourceView? { resources.indices.contains(resourceIndex) ? resources[resourceIndex] : nil }
    public var selectedDate: LocalDate { weekStart.adding(days: gridDay) }
    public var selectedSlot: SlotView? { week.first { $0.date == selectedDate && $0.hour == gridHour } }
    public var selectedAppointment: AppointmentView? { dayList.indices.contains(listIndex) ? dayList[listIndex] : nil }

    /// Hours the grid shows: every hour any slot of the week uses, filled in between.
    var gridHours: [Int] {
        guard let low = week.map(\.hour).min(), let high = week.map(\.hour).max() else { return Array(8...16) }
        return Array(low...high)
    }

    /// The keymap scope in force: whatever covers the screen, else the desk.
    public var scope: KeyScope {
        if showingHelp || slip != nil { return .help }
        if confirmation != nil { return .confirm }
        if form != nil { return .register }
        return .desk
    }

    mutating func say(_ zh: String, _ en: String, _ kind: DeskMessage.Kind = .info) {
        message = DeskMessage(text: language.pick(zh, en), kind: kind)
    }

    mutating func refuse(_ error: BookingError) {
        message = DeskMessage(text: error.message(language), kind: .error)
    }
}

// MARK: - Loading from the store

extension DeskState {
    /// Reads everything the screen shows again, keeping the cursor where it was: at start, after
    /// every change made here, and when another terminal commits a change. The departments
    /// come first; each answer asks for what hangs on it (resources, the week, the day, the lists).
    mutating func reload() -> [DeskEffect] {
        [.read(.departments)] + (patient.map { [.read(.patientInHand($0.id))] } ?? [])
    }

    /// Takes in what the store read for the desk; asks for what depends on it.
    mutating func show(_ answer: StoreAnswer) -> [DeskEffect] {
        switch answer {
        case let .departments(all):
            let departmentCode = department?.code
            departments = all.filter { d in d.code != "" }
            if let code = departmentCode, let i = departments.firstIndex(where: { $0.code == code }) { departmentIndex = i }
            departmentIndex = min(departmentIndex, max(0, departments.count - 1))
            return reloadResources()
        case let .resources(code, all) where code == department?.code:
            // Theatres are planned as theatre days, not booked by the hour at the desk.
            showResources(all.filter { $0.kind != .theatre })
            return reloadWeek()
        case let .slots(filter, slots) where filter == weekFilter:
            week = slots
            return showWeek()
        case let .dayList(filter, list, noShows) where filter == dayFilter:
            let selectedID = selectedAppointment?.id
            dayList = list
            self.noShows = noShows
            if let id = selectedID, let i = dayList.firstIndex(where: { $0.id == id }) { listIndex = i }
            listIndex = min(listIndex, max(0, dayList.count - 1))
            return reloadLists()
        case let .waitlist(code, entries) where lowerPane == .waitlist && code == department?.code:
            let selected = waitlist.indices.contains(waitIndex) ? waitlist[waitIndex].id : nil
            waitlist = entries
            if let id = selected, let i = waitlist.firstIndex(where: { $0.id == id }) { waitIndex = i }
            waitIndex = min(waitIndex, max(0, waitlist.count - 1))
        case let .notifications(all) where lowerPane == .notify:
            let selected = notifications.indices.contains(notifyIndex) ? notifications[notifyIndex].id : nil
            notifications = all
            if let id = selected, let i = notifications.firstIndex(where: { $0.id == id }) { notifyIndex = i }
            notifyIndex = min(notifyIndex, max(0, notifications.count - 1))
        case let .patientInHand(id, found) where patient?.id == id:
            patient = found
            return reloadPatientAppointments()
        case let .patientAppointments(id, live) where patient?.id == id:
            // From today on, by date (rule 5: clashes seen before F5).
            let today = now.date
            patientAppointments = live.filter { $0.date >= today }
                .sorted { ($0.date, $0.hour, $0.department) < ($1.date, $1.hour, $1.department) }
        default:
            break
        }
        return []
    }

    /// The chosen patient's live appointments from today on.
    mutating func reloadPatientAppointments() -> [DeskEffect] {
        guard let p = patient else { patientAppointments = []; return [] }
        return [.read(.patientAppointments(p.id))]
    }

    /// The key bound to `action` on the desk, for messages.
    func key(_ action: DeskAction, fallback: String) -> String { keymap.hint(for: action, in: .desk, fallback: fallback) }

    /// The department's resources, then everything below them.
    mutating func reloadResources() -> [DeskEffect] {
        guard let d = department else {
            showResources([])
            return reloadWeek()
        }
        return [.read(.resources(department: d.code))]
    }

    /// Keeps the cursor on the same resource when it is still there, else the first.
    mutating func showResources(_ all: [ResourceView]) {
        let resourceCode = resource?.code
        resources = all
        if let code = resourceCode, let i = resources.firstIndex(where: { $0.code == code }) { resourceIndex = i } else if resourceCode != nil { resourceIndex = 0 }
        resourceIndex = min(resourceIndex, max(0, resources.count - 1))
    }

    /// The week of the resource in view.
    var weekFilter: SlotFilter? { resource.map { SlotFilter(from: weekStart, to: weekStart.adding(days: 6), resource: $0.code) } }

    mutating func reloadWeek() -> [DeskEffect] {
        guard let filter = weekFilter else {
            week = []
            return showWeek()
        }
        return [.read(.slots(filter))]
    }

    /// The grid's hour stays when the week has it, else the first hour from now on.
    mutating func showWeek() -> [DeskEffect] {
        let hours = gridHours
        if !hours.contains(gridHour) { gridHour = hours.first(where: { $0 >= now.hour }) ?? hours.first ?? 8 }
        return reloadDay()
    }

    /// The day's list of the resource in view, on the day under the cursor.
    var dayFilter: AppointmentFilter? { resource.map { AppointmentFilter(date: selectedDate, resource: $0.code) } }

    mutating func reloadDay() -> [DeskEffect] {
        guard let filter = dayFilter else {
            dayList = []
            noShows = [:]
            listIndex = 0
            return reloadLists()
        }
        return [.read(.dayList(filter))]
    }

    /// The waitlist of the chosen department and the to-notify list, when the lower pane shows them.
    mutating func reloadLists() -> [DeskEffect] {
        switch lowerPane {
        case .dayList: return []
        case .waitlist: return [.read(.waitlist(department: department?.code))]
        case .notify: return [.read(.notifications)]
        }
    }
}
