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
    /// Reloads everything the screen shows, keeping the cursor where it was. Used at start, after
    /// every change made here, and when another terminal commits a change.
    mutating func reload(from store: Store) {
        do {
            now = store.now
            let departmentCode = department?.code
            departments = try store.departments().filter { d in d.code != "" }
            if let code = departmentCode, let i = departments.firstIndex(where: { $0.code == code }) { departmentIndex = i }
            departmentIndex = min(departmentIndex, max(0, departments.count - 1))
            try reloadResources(from: store)
            if let p = patient { patient = try? store.patient(.id(p.id)) }
            try reloadPatientAppointments(from: store)
        } catch {
            refuse(error)
        }
    }

    /// The chosen patient's live appointments from today on.
    mutating func reloadPatientAppointments(from store: Store) throws(BookingError) {
        guard let p = patient else { patientAppointments = []; return }
        let today = now.date
        patientAppointments = try store.appointments(AppointmentFilter(patient: .id(p.id), liveOnly: true))
            .filter { $0.date >= today }
            .sorted { ($0.date, $0.hour, $0.department) < ($1.date, $1.hour, $1.department) }
    }

    /// The key bound to `action` on the desk, for messages.
    func key(_ action: DeskAction, fallback: String) -> String { keymap.hint(for: action, in: .desk, fallback: fallback) }

    mutating func reloadResources(from store: Store) throws(BookingError) {
        let resourceCode = resource?.code
        if let d = department {
            // Theatres are planned as theatre days, not booked by the hour at the desk.
            resources = try store.resources(department: d.code).filter { $0.kind != .theatre }
        } else {
            resources = []
        }
        if let code = resourceCode, let i = resources.firstIndex(where: { $0.code == code }) { resourceIndex = i } else if resourceCode != nil { resourceIndex = 0 }
        resourceIndex = min(resourceIndex, max(0, resources.count - 1))
        try reloadWeek(from: store)
    }

    mutating func reloadWeek(from store: Store) throws(BookingError) {
        if let r = resource {
            week = try store.slots(SlotFilter(from: weekStart, to: weekStart.adding(days: 6), resource: r.code))
        } else {
            week = []
        }
        let hours = gridHours
        if !hours.contains(gridHour) { gridHour = hours.first(where: { $0 >= now.hour }) ?? hours.first ?? 8 }
        try reloadDay(from: store)
    }

    mutating func reloadDay(from store: Store) throws(BookingError) {
        let selectedID = selectedAppointment?.id
        if let r = resource {
            dayList = try store.appointments(AppointmentFilter(date: selectedDate, resource: r.code))
            noShows = try store.recentNoShows(patients: dayList.map(\.patientID))
        } else {
            dayList = []
            noShows = [:]
        }
        if let id = selectedID, let i = dayList.firstIndex(where: { $0.id == id }) { listIndex = i }
        listIndex = min(listIndex, max(0, dayList.count - 1))
        try reloadLists(from: store)
    }

    /// The waitlist of the chosen department and the to-notify list, when the lower pane shows them.
    mutating func reloadLists(from store: Store) throws(BookingError) {
        switch lowerPane {
        case .dayList:
            break
        case .waitlist:
            let selected = waitlist.indices.contains(waitIndex) ? waitlist[waitIndex].id : nil
            waitlist = try store.waitlist(department: department?.code)
            if let id = selected, let i = waitlist.firstIndex(where: { $0.id == id }) { waitIndex = i }
            waitIndex = min(waitIndex, max(0, waitlist.count - 1))
        case .notify:
            let selected = notifications.indices.contains(notifyIndex) ? notifications[notifyIndex].id : nil
            notifications = try store.notifications()
            if let id = selected, let i = notifications.firstIndex(where: { $0.id == id }) { notifyIndex = i }
            notifyIndex = min(notifyIndex, max(0, notifications.count - 1))
        }
    }
}
