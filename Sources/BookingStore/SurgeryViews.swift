import BookingCore

/// What the surgeon's team writes when putting a patient on the day-surgery queue (rule 11).
public struct SurgeryCaseInput: Sendable, Equatable {
    public var patient: PatientReference
    public var procedure: String
    /// The operating surgeon's clinic resource code (`D014`).
    public var surgeon: String
    public var estimatedMinutes: Int
    public var anaesthesia: Anaesthesia
    /// The alliance referral the case comes from: it gives the class (green or referral), the
    /// waiting-since and, at discharge, the clinic for the follow-up.
    public var referral: Int64?
    /// Leave nil to derive it: from the referral, else `priority` at 65 or older, else `regular`.
    public var priority: PriorityClass?
    /// Leave nil for the referral's date, else now.
    public var waitingSince: LocalDateTime?
    public var note: String?

    public init(patient: PatientReference, procedure: String, surgeon: String, estimatedMinutes: Int, anaesthesia: Anaesthesia,
                referral: Int64? = nil, priority: PriorityClass? = nil, waitingSince: LocalDateTime? = nil, note: String? = nil) {
        self.patient = patient
        self.procedure = procedure
        self.surgeon = surgeon
        self.estimatedMinutes = estimatedMinutes
        self.anaesthesia = anaesthesia
        self.referral = referral
        self.priority = priority
        self.waitingSince = waitingSince
        self.note = note
    }
}

/// One ticked checklist item: who ticked it and when.
public struct ChecklistTick: Sendable, Equatable {
    public let item: ChecklistItem
    public let by: String
    public let at: LocalDateTime
    /// e.g. 免陪照护 for the escort item.
    public let note: String?
}

/// A day-surgery case as the screens and the command line read it.
public struct SurgeryCaseView: Sendable, Equatable {
    public let id: Int64
    public let patientID: Int64
    public let patientName: String
    public let patientSex: Sex?
    public let patientBirth: LocalDate?
    public let procedure: String
    public let surgeon: String
    public let surgeonName: String
    /// The surgeon's department, which the follow-up is written for.
    public let department: String
    public let estimatedMinutes: Int
    public let anaesthesia: Anaesthesia
    public let priority: PriorityClass
    public let waitingSince: LocalDateTime
    public let referralID: Int64?
    public let status: SurgeryStatus
    public let theatre: String?
    public let date: LocalDate?
    public let sequence: Int?
    /// Filled when read as part of a theatre day: the start its place in the sequence gives it.
    public internal(set) var plannedStart: LocalDateTime?
    /// Ticked items, in checklist order.
    public let ticks: [ChecklistTick]
    public let confirmedBy: String?
    public let postponedCount: Int
    public let postponeReason: String?
    public let dischargedAt: LocalDateTime?
    public let followUpReferralID: Int64?
    public let cancelReason: String?
    public let createdAt: LocalDateTime
    public let note: String?

    public var ticked: Set<ChecklistItem> { Set(ticks.map(\.item)) }
    /// Required items not yet ticked, in checklist order.
    public var missing: [ChecklistItem] { DaySurgeryRules.missing(ticked: ticked, anaesthesia: anaesthesia) }
    public var checklistComplete: Bool { missing.isEmpty }
    public func tick(_ item: ChecklistItem) -> ChecklistTick? { ticks.first { $0.item == item } }
    public var plannedEnd: LocalDateTime? { plannedStart?.adding(minutes: estimatedMinutes) }

    /// Whole days since the patient joined the queue.
    public func waitingDays(now: LocalDateTime) -> Int { max(0, (now.minuteNumber - waitingSince.minuteNumber) / 1440) }

    public func age(on date: LocalDate) -> Int? {
        guard let birth = patientBirth else { return nil }
        var years = date.year - birth.year
        if (date.month, date.day) < (birth.month, birth.day) { years -= 1 }
        return years
    }

    /// The case as the planner and the overlap check see it.
    public var listed: ListedCase {
        ListedCase(id: id, patient: patientID, surgeon: surgeon, surgeonName: surgeonName, minutes: estimatedMinutes, started: status.hasStarted)
    }

    var queued: QueuedCase {
        QueuedCase(listed: listed, priority: priority, waitingSince: waitingSince, checklistComplete: checklistComplete)
    }
}

/// One theatre on one date: its minutes, what is used, and its cases in sequence with times.
public struct TheatreDayView: Sendable, Equatable {
    public let theatre: String
    public let theatreName: String
    public let theatreNameEn: String?
    public let day: TheatreDay
    public let timetable: Timetable
    public let cases: [SurgeryCaseView]

    public var date: LocalDate { day.date }
    public var minutes: Int { day.minutes }
    public var turnover: Int { day.turnover }
    public var isOpen: Bool { day.isOpen }

    public func displayName(_ lang: Language) -> String { lang == .en ? theatreNameEn ?? theatreName : theatreName }
}

/// Every theatre's list for one date, and the surgeon overlaps among them (none, unless a
/// case dropped out and the rest closed up).
public struct SurgeryDayView: Sendable, Equatable {
    public let date: LocalDate
    public let theatres: [TheatreDayView]
    public let clashes: Set<SurgeonClash>
    /// Rule 11: cases planned during their surgeon's own clinic hours with patients booked.
    public var inClinic: Set<SurgeonInClinic> = []

    /// Every case of the day, theatre by theatre, in sequence.
    public var cases: [SurgeryCaseView] { theatres.flatMap(\.cases) }
    public var isOpen: Bool { theatres.contains { $0.isOpen } }

    public func clash(for id: Int64) -> SurgeonClash? { clashes.first { $0.cases.contains(id) } }
    public func clinicClash(for id: Int64) -> SurgeonInClinic? { inClinic.first { $0.caseID == id } }

    /// The same day with only `theatre`'s list (the overlaps kept, since they span theatres).
    public func only(theatre: String) -> SurgeryDayView {
        SurgeryDayView(date: date, theatres: theatres.filter { $0.theatre == theatre }, clashes: clashes, inClinic: inClinic)
    }
}

/// One placement the planner proposes, with what a person needs to read it.
public struct SurgeryPlanItem: Sendable, Equatable {
    public let proposal: PlanProposal
    public let surgeryCase: SurgeryCaseView
}

/// Where a case that dropped out of a list was: the gap a back-fill may take.
public struct FreedPlace: Sendable, Equatable {
    public let theatre: String
    public let date: LocalDate
    /// The dropped case's place in the sequence (1-based): a back-fill goes there.
    public let position: Int
    public let minutes: Int

    public init(theatre: String, date: LocalDate, position: Int, minutes: Int) {
        self.theatre = theatre
        self.date = date
        self.position = position
        self.minutes = minutes
    }
}

/// What postponing did: the case is back in the queue, its place is free, and the closing-up
/// may have put a surgeon in two theatres at once, for the reviewer to resolve.
public struct PostponeResult: Sendable, Equatable {
    public let surgeryCase: SurgeryCaseView
    public let freed: FreedPlace
    public let newClashes: Set<SurgeonClash>
    /// The later cases of that day whose planned start changed as the list closed up, so the
    /// night review can tell their patients.
    public var moved: [MovedCase] = []
}

/// A case whose planned start changed because another left its list.
public struct MovedCase: Sendable, Equatable {
    public let caseID: Int64
    public let patientName: String
    public let theatre: String
    public let from: LocalDateTime
    public let to: LocalDateTime

    public init(caseID: Int64, patientName: String, theatre: String, from: LocalDateTime, to: LocalDateTime) {
        self.caseID = caseID
        self.patientName = patientName
        self.theatre = theatre
        self.from = from
        self.to = to
    }
}

/// A back-fill proposal: the case and when it would start.
public struct BackfillProposal: Sendable, Equatable {
    public let surgeryCase: SurgeryCaseView
    public let theatre: String
    public let date: LocalDate
    public let position: Int
    public let start: LocalDateTime
}

/// What discharge did: the case is done, and the follow-up (down-referral) if there is a clinic.
public struct DischargeResult: Sendable, Equatable {
    public let surgeryCase: SurgeryCaseView
    public let followUp: ReferralView?
}
