@testable import BookingCore
@testable import BookingStore
@testable import DeskUI
import Testing

// Screens as state + handle(input) -> effects, with no store and a fixed clock: what a key asks
// the store for, and what the store's answer fed back does to the screen.

let cardiology = DepartmentView(id: 1, code: "CARD", name: "心内科", nameEn: "Cardiology", publicHorizonDays: 7, allianceHorizonDays: 14,
                                releaseLeadHours: 48, clinicDailyCap: nil)
let daySurgeryCentre = DepartmentView(id: 2, code: "DSC", name: "日间手术中心", nameEn: "Day Surgery", publicHorizonDays: 7,
                                      allianceHorizonDays: 14, releaseLeadHours: 48, clinicDailyCap: nil)
let drWang = ResourceView(id: 1, code: "D001", department: "CARD", kind: .clinic, name: "王建国", nameEn: nil, title: "主任医师")
let theatreOne = ResourceView(id: 2, code: "OR1", department: "DSC", kind: .theatre, name: "日间手术室一", nameEn: nil, title: nil)

func waiting(_ id: Int64, _ name: String, state: QueueEntry.State = .waiting) -> QueueEntry {
    QueueEntry(appointmentID: id, patientName: name, priority: .regular, checkedInAt: "2026-11-25T08:10", state: state, recalls: 0, position: Double(id))
}

@Suite("Screen logic without a store: the utilisation picture")
struct UtilisationLogicTests {
    @Test("next week asks for the next Monday's picture; the answer leaves out a department that only has theatres")
    func nextWeek() {
        var picture = UtilisationState(language: .zh, now: deskNow)
        #expect(picture.reload() == [.read(.utilisationWeek(from: LocalDate("2026-11-23")!))])
        #expect(picture.handle(.action(.nextWeek), actor: clerk) == [.read(.utilisationWeek(from: LocalDate("2026-11-30")!))])
        let effects = picture.handle(.loaded(.utilisationWeek(from: LocalDate("2026-11-30")!, departments: [cardiology, daySurgeryCentre],
                                                               resources: [drWang, theatreOne], cells: [])), actor: clerk)
        #expect(effects.isEmpty)
        #expect(picture.departments.map(\.code) == ["CARD"])
    }

    @Test("Today goes back to the week of the clock's day, as the tick last said it")
    func todayFollowsTheTick() {
        var picture = UtilisationState(language: .zh, now: deskNow)
        _ = picture.handle(.tick(LocalDateTime("2026-12-09T09:00")!), actor: clerk)
        #expect(picture.handle(.action(.today), actor: clerk) == [.read(.utilisationWeek(from: LocalDate("2026-12-07")!))])
    }
}

@Suite("Screen logic without a store: the call queue")
struct QueueLogicTests {
    /// The queue screen at 08:30 with Dr Wang's resource loaded.
    func queueOnDrWang() -> QueueState {
        var queue = QueueState(language: .zh, now: deskNow)
        #expect(queue.reload() == [.read(.queueResources)])
        let asked = queue.handle(.loaded(.queueResources([drWang])), actor: clerk)
        #expect(asked == [.read(.callQueue(.at(resource: "D001", date: deskNow.date, hour: 8)))])
        return queue
    }

    @Test("F5 calls the next patient of the hour in view; the answer puts them in the band and on the message line")
    func callNext() {
        var queue = queueOnDrWang()
        let place = SlotReference.at(resource: "D001", date: deskNow.date, hour: 8)
        #expect(queue.handle(.action(.callNext), actor: clerk) == [.run(.callNext(place))])
        let after = CallQueueView(slotLabel: "D001@2026-11-25T08", resourceName: "王建国", called: waiting(7, "白国琪", state: .called),
                                  waiting: [waiting(8, "林静")], done: [])
        #expect(queue.handle(.finished(.callQueue(after)), actor: clerk).isEmpty)
        #expect(queue.queue == after)
        #expect(queue.message == DeskMessage(text: "请 白国琪 就诊", kind: .success))
    }

    @Test("a refused call says why and reads the queue again, so the band shows what the store has")
    func refusedCall() {
        var queue = queueOnDrWang()
        let place = SlotReference.at(resource: "D001", date: deskNow.date, hour: 8)
        let effects = queue.handle(.failed(.run(.callNext(place)), .queueEmpty(slot: "D001@2026-11-25T08")), actor: clerk)
        #expect(effects == [.read(.queueResources)])
        #expect(queue.message?.kind == .error)
    }

    @Test("Right moves to the next hour and reads its queue; an hour with no session shows none")
    func nextHour() {
        var queue = queueOnDrWang()
        #expect(queue.handle(.action(.right), actor: clerk) == [.read(.queueResources)])
        #expect(queue.handle(.loaded(.queueResources([drWang])), actor: clerk) == [.read(.callQueue(.at(resource: "D001", date: deskNow.date, hour: 9)))])
        _ = queue.handle(.loaded(.callQueue(.at(resource: "D001", date: deskNow.date, hour: 9), nil)), actor: clerk)
        #expect(queue.queue == nil && queue.hour == 9)
    }
}

@Suite("Screen logic without a store: the audit log")
struct AuditLogicTests {
    @Test("F3 narrows the log to the next kind of action and reads its first page again")
    func filter() {
        var audit = AuditState(language: .en, now: deskNow)
        #expect(audit.reload() == [.read(.auditLog(AuditFilter(limit: AuditState.pageSize)))])
        #expect(audit.handle(.action(.filterAction), actor: tester) == [.read(.auditLog(AuditFilter(actionPrefix: "appointment.", limit: AuditState.pageSize)))])
    }

    @Test("an older page stays put when another terminal writes; the newest page follows the log")
    func olderPageStays() {
        var audit = AuditState(language: .en, now: deskNow)
        let page = (1...AuditState.pageSize).map { n in
            AuditRecord(id: Int64(1_000 - n), at: "2026-11-25T08:00", operatorName: "desk1", terminal: "-", action: "appointment.book",
                        entity: "appointment", entityID: "\(n)", before: nil, after: nil)
        }
        #expect(audit.handle(.externalChange, actor: tester) == [.read(.auditLog(audit.filter))])
        _ = audit.handle(.loaded(.auditLog(audit.filter, page)), actor: tester)
        #expect(audit.handle(.action(.nextPage), actor: tester) == [.read(.auditLog(AuditFilter(beforeID: 800, limit: AuditState.pageSize)))])
        #expect(audit.handle(.externalChange, actor: tester).isEmpty)
    }
}

@Suite("Screen logic without a store: signing in")
struct LoginLogicTests {
    @Test("Enter on the password asks the store to sign in with what was typed at this terminal; a refusal empties the password")
    func signIn() {
        var box = LoginState(language: .en)
        for c in "desk1" { _ = box.handle(.text(String(c)), actor: Operator(name: "-", terminal: "tty7")) }
        _ = box.handle(.action(.nextField), actor: Operator(name: "-", terminal: "tty7"))
        for c in "pw" { _ = box.handle(.text(String(c)), actor: Operator(name: "-", terminal: "tty7")) }
        let effects = box.handle(.action(.confirm), actor: Operator(name: "-", terminal: "tty7"))
        #expect(effects == [.run(.signIn(username: "desk1", password: "pw", terminal: "tty7"))])
        _ = box.handle(.failed(effects[0], .loginFailed), actor: Operator(name: "-", terminal: "tty7"))
        #expect(box.password.text.isEmpty && box.outcome == nil && box.message?.kind == .error)
    }

    @Test("an account that must change its password gets the new-password box, not the desk")
    func mustChangePassword() {
        var box = LoginState(language: .en)
        let fresh = Operator(name: "desk9", terminal: "tty7", roles: [.desk], mustChangePassword: true)
        _ = box.handle(.finished(.signedIn(fresh)), actor: Operator(name: "-", terminal: "tty7"))
        #expect(box.outcome == nil)
        #expect(box.stage == .changePassword(username: "desk9", old: ""))
    }
}

/// A free slot of Dr Wang's clinic, `seats` public seats and two reserved.
func wangSlot(_ id: Int64, _ date: String, _ hour: Int, seats: Int = 2) -> SlotView {
    SlotView(id: id, resource: "D001", resourceName: "王建国", department: "CARD", date: LocalDate(date)!, hour: hour, capacity: seats + 2, reserved: 2,
             added: 0, booked: 0, reservedUsed: 0, seats: SeatAvailability(publicAvailable: seats, reservedAvailable: 2, released: false),
             calendarKnown: true, started: false, walkInOpen: false)
}

/// An urgent referral from clinic C01 to cardiology, patient 42.
let referralToCardiology = ReferralView(id: 5, patientID: 42, patientName: "白国琪", clinic: "C01", clinicName: "城东社区卫生服务中心",
                                        referringDoctor: "李医生", department: "CARD", departmentName: "心内科", resource: nil, reason: "胸闷",
                                        urgency: .urgent, direction: .up, status: .pending, createdAt: LocalDateTime("2026-11-24T10:00")!,
                                        dueDate: nil, appointmentID: nil)

@Suite("Screen logic without a store: the referral office")
struct ReferralOfficeLogicTests {
    let coordinator = Operator(name: "referral1", terminal: "-", roles: [.coordinator], clinics: ["C01"])
    let slots = [wangSlot(101, "2026-11-26", 8), wangSlot(102, "2026-11-26", 9), wangSlot(103, "2026-11-27", 8)]

    /// The office loaded: the clinics and departments, the inbox, the referral's slots — each answer asks for the next.
    func loadedOffice() -> CoordinatorState {
        var office = CoordinatorState(language: .zh, now: deskNow)
        office.ownClinics = ["C01"]
        #expect(office.reload() == [.read(.referralOffice)])
        let inbox = ReferralFilter(statuses: [.pending], direction: .up)
        #expect(office.handle(.loaded(.referralOffice(clinics: [AllianceClinic(code: "C01", name: "城东社区卫生服务中心")], departments: [cardiology])),
                              actor: coordinator) == [.read(.referralInbox(inbox))])
        // Within the alliance horizon (14 days), in the referral's department.
        let horizon = SlotFilter(from: deskNow.date, to: LocalDate("2026-12-09")!, department: "CARD")
        #expect(office.handle(.loaded(.referralInbox(inbox, [referralToCardiology])), actor: coordinator) == [.read(.slots(horizon))])
        #expect(office.handle(.loaded(.slots(horizon, slots)), actor: coordinator).isEmpty)
        return office
    }

    @Test("Enter on the third slot asks to book the referral there; Enter again runs the booking with the referral named")
    func booksTheSlotUnderTheCursor() {
        var office = loadedOffice()
        _ = office.handle(.action(.select), actor: coordinator)
        _ = office.handle(.action(.down), actor: coordinator)
        _ = office.handle(.action(.down), actor: coordinator)
        #expect(office.handle(.action(.select), actor: coordinator).isEmpty)
        let request = BookingRequest(patient: .id(42), slot: .id(103), referral: 5, addOn: false)
        #expect(office.confirmation?.change == .book(request))
        #expect(office.handle(.action(.confirm), actor: coordinator) == [.run(.book(request))])
    }

    @Test("after a booking the cursor goes back to the inbox and the first slot, and the message names the appointment")
    func afterBookingTheFirstSlot() {
        var office = loadedOffice()
        for action: DeskAction in [.select, .down, .down, .select, .confirm] { _ = office.handle(.action(action), actor: coordinator) }
        #expect(office.candidateIndex == 2)
        let booked = AppointmentView(id: 900, patientID: 42, patientName: "白国琪", slotID: 103, resource: "D001", resourceName: "王建国", department: "CARD",
                                     date: LocalDate("2026-11-27")!, hour: 8, status: .booked, channel: .alliance, pool: .reserved, clinic: "C01",
                                     priority: .referral, bookedAt: "2026-11-25T08:30", checkedInAt: nil, flagReason: nil, referralID: 5, addOn: false)
        #expect(office.handle(.finished(.booked(booked)), actor: coordinator) == [.read(.referralOffice)])
        #expect(office.focus == .inbox && office.candidateIndex == 0)
        #expect(office.message == DeskMessage(text: "已预约 900：白国琪 D001@2026-11-27T08 王建国（转诊）", kind: .success))
        #expect(office.answering == nil)
    }

    @Test("a coordinator bound to another clinic is refused at the first Enter, and nothing is asked of the store")
    func otherClinicRefusedAtOnce() {
        var office = loadedOffice()
        let elsewhere = Operator(name: "referral2", terminal: "-", roles: [.coordinator], clinics: ["C02"])
        #expect(office.handle(.action(.select), actor: elsewhere).isEmpty)
        #expect(office.focus == .inbox && office.confirmation == nil)
        #expect(office.message?.kind == .error)
    }

    @Test("with the quota board up, a new day's tick and reload read the board of the fourteen days from the new date")
    func boardFollowsTheClock() {
        var office = loadedOffice()
        _ = office.handle(.action(.quotaBoard), actor: coordinator)
        _ = office.handle(.tick(LocalDateTime("2026-11-26T07:00")!), actor: coordinator)
        let asked = office.handle(.loaded(.referralOffice(clinics: [], departments: [cardiology])), actor: coordinator)
        #expect(asked.contains(.read(.quotaBoard(from: LocalDate("2026-11-26")!, to: LocalDate("2026-12-09")!, department: nil, clinic: nil))))
    }
}

/// 杜凤鹏's knee arthroscopy, first in OR1 tomorrow, with `ticks` of its checklist done.
func kneeCase(_ status: SurgeryStatus, ticks: [ChecklistItem], theatre: String? = "OR1") -> SurgeryCaseView {
    let at = LocalDateTime("2026-11-25T22:00")!
    return SurgeryCaseView(id: 31, patientID: 60, patientName: "杜凤鹏", patientSex: .female, patientBirth: nil, procedure: "膝关节镜", surgeon: "D030",
                           surgeonName: "许明远", department: "ORTH", estimatedMinutes: 60, anaesthesia: .general, priority: .regular,
                           waitingSince: LocalDateTime("2026-11-01T09:00")!, referralID: nil, status: status, theatre: theatre,
                           date: theatre == nil ? nil : tomorrow, sequence: theatre == nil ? nil : 1, plannedStart: nil,
                           ticks: ticks.map { ChecklistTick(item: $0, by: "night:wang", at: at, note: nil) }, confirmedBy: nil, postponedCount: 0,
                           postponeReason: nil, dischargedAt: nil, followUpReferralID: nil, cancelReason: nil, createdAt: at, note: nil)
}

/// Tomorrow's OR1 with `cases` on its list.
func theatreDay(_ cases: [SurgeryCaseView]) -> SurgeryDayView {
    let or1 = TheatreDayView(theatre: "OR1", theatreName: "日间手术室一", theatreNameEn: nil, day: TheatreDay(theatre: "OR1", date: tomorrow, periods: [480..<1020]),
                             timetable: Timetable(starts: cases.map { _ in 480 }, used: 60, fits: true, minutesLeft: 480, roomForAnother: 465), cases: cases)
    return SurgeryDayView(date: tomorrow, theatres: [or1], clashes: [])
}

@Suite("Screen logic without a store: the night review of day surgery")
struct NightReviewLogicTests {
    /// The review at 23:00, loaded: the next theatre day is tomorrow, with `cases` in OR1.
    func review(_ cases: [SurgeryCaseView]) -> SurgeryState {
        var review = SurgeryState(language: .zh, now: nightNow)
        #expect(review.reload() == [.read(.nextTheatreDay(after: nightNow.date))])
        #expect(review.handle(.loaded(.nextTheatreDay(after: nightNow.date, tomorrow)), actor: nightNurse) == [.read(.surgeryDay(tomorrow))])
        #expect(review.handle(.loaded(.surgeryDay(tomorrow, theatreDay(cases), queue: [])), actor: nightNurse).isEmpty)
        return review
    }

    @Test("postponing runs with the typed reason; the answer frees OR1's first place, reads its back-fill, and the message says none fits")
    func postponeThenBackfill() {
        var review = review([kneeCase(.scheduled, ticks: [.assessment])])
        _ = review.handle(.action(.postpone), actor: nightNurse)
        for c in "化验未回" { _ = review.handle(.text(String(c)), actor: nightNurse) }
        #expect(review.handle(.action(.confirm), actor: nightNurse) == [.run(.postponeSurgery(31, reason: "化验未回"))])
        let freed = FreedPlace(theatre: "OR1", date: tomorrow, position: 1, minutes: 60)
        let result = PostponeResult(surgeryCase: kneeCase(.queued, ticks: [.assessment], theatre: nil), freed: freed, newClashes: [])
        #expect(review.handle(.finished(.postponed(result)), actor: nightNurse) == [.read(.nextTheatreDay(after: nightNow.date))])
        _ = review.handle(.loaded(.nextTheatreDay(after: nightNow.date, tomorrow)), actor: nightNurse)
        #expect(review.handle(.loaded(.surgeryDay(tomorrow, theatreDay([]), queue: [])), actor: nightNurse)
            == [.read(.backfillProposal(theatre: "OR1", date: tomorrow, position: 1))])
        _ = review.handle(.loaded(.backfillProposal(theatre: "OR1", date: tomorrow, position: 1, nil)), actor: nightNurse)
        #expect(review.freed == freed && review.proposal == nil)
        #expect(review.message == DeskMessage(text: "已推迟 OR1 第1台 杜凤鹏 膝关节镜，退回队列（等待时间保留）。没有可补台的病例", kind: .success))
    }

    @Test("a digit on an unconfirmed case ticks at once; on a confirmed case it only asks")
    func tickAsksOnlyOnAConfirmedCase() {
        let all: [ChecklistItem] = [.assessment, .labs, .consent, .anaesthesiaReview, .fasting, .escort]
        var open = review([kneeCase(.scheduled, ticks: all.filter { $0 != .consent })])
        #expect(open.handle(.action(.tickConsent), actor: nightNurse) == [.run(.tickChecklist(31, .consent, undo: false))])
        _ = open.handle(.finished(.checklistTicked(kneeCase(.scheduled, ticks: all), .consent, undo: false)), actor: nightNurse)
        #expect(open.message?.text == "已勾选 OR1 第1台 杜凤鹏：知情同意，核查齐全，可确认")

        var confirmed = review([kneeCase(.ready, ticks: all)])
        #expect(confirmed.handle(.action(.tickConsent), actor: nightNurse).isEmpty)
        #expect(confirmed.confirmation?.change == .tickConfirmedCase(31, .consent, undo: true))
    }

    @Test("F6 asks the store for a plan; an empty plan says nothing fits and asks nothing")
    func emptyPlan() {
        var review = review([])
        #expect(review.handle(.action(.plan), actor: nightNurse) == [.read(.surgeryPlan(days: SurgeryState.planDays))])
        _ = review.handle(.loaded(.surgeryPlan([])), actor: nightNurse)
        #expect(review.confirmation == nil && review.message?.kind == .error)
    }
}

/// 白国琪 as the store lists him: male, 76, patient 42.
let baiGuoqi = PatientView(id: 42, name: "白国琪", documentType: .resident, documentNumber: "420106195001019952", birthDate: LocalDate("1950-01-01")!,
                           sex: .male, phone: "18600003699", cardNumber: "8800010041", recentNoShows: 0)

@Suite("Screen logic without a store: the front desk")
struct FrontDeskLogicTests {
    let week = SlotFilter(from: deskNow.date, to: LocalDate("2026-12-01")!, resource: "D001")
    let thursdayNine = wangSlot(102, "2026-11-26", 9)

    /// The desk at 08:30 with cardiology, Dr Wang's week and 白国琪 in hand; the cursor on
    /// Thursday 09:00. Each answer asks for what hangs on it, as the app would run it.
    func deskWithBai() -> DeskState {
        var desk = DeskState(language: .zh, now: deskNow)
        #expect(desk.reload() == [.read(.departments)])
        #expect(desk.handle(.loaded(.departments([cardiology])), actor: clerk) == [.read(.resources(department: "CARD"))])
        #expect(desk.handle(.loaded(.resources(department: "CARD", [drWang])), actor: clerk) == [.read(.slots(week))])
        let today = AppointmentFilter(date: deskNow.date, resource: "D001")
        #expect(desk.handle(.loaded(.slots(week, [wangSlot(101, "2026-11-25", 9), thursdayNine])), actor: clerk) == [.read(.dayList(today))])
        #expect(desk.handle(.loaded(.dayList(today, [], noShows: [:])), actor: clerk).isEmpty)
        for c in "bgq" { _ = desk.handle(.text(String(c)), actor: clerk) }
        #expect(desk.handle(.action(.select), actor: clerk) == [.read(.findPatients("bgq"))])
        #expect(desk.handle(.loaded(.patients(query: "bgq", [baiGuoqi])), actor: clerk) == [.read(.patientAppointments(42))])
        _ = desk.handle(.loaded(.patientAppointments(42, [])), actor: clerk)
        #expect(desk.focus == .grid && desk.patient == baiGuoqi)
        let thursday = AppointmentFilter(date: tomorrow, resource: "D001")
        #expect(desk.handle(.action(.right), actor: clerk) == [.read(.dayList(thursday))])
        _ = desk.handle(.loaded(.dayList(thursday, [], noShows: [:])), actor: clerk)
        #expect(desk.selectedSlot == thursdayNine)
        return desk
    }

    func booked(_ request: BookingRequest) -> AppointmentView {
        AppointmentView(id: 901, patientID: 42, patientName: "白国琪", slotID: 102, resource: "D001", resourceName: "王建国", department: "CARD",
                        date: tomorrow, hour: 9, status: .booked, channel: .publicDesk, pool: .publicPool, clinic: nil, priority: .priority,
                        bookedAt: "2026-11-25T08:30", checkedInAt: nil, flagReason: request.reason, referralID: nil, addOn: false)
    }

    @Test("Enter on a slot asks the store for a booking preview of the patient in hand into that slot; the answer shows the question")
    func enterPreviewsTheBooking() {
        var desk = deskWithBai()
        let request = BookingRequest(patient: .id(42), slot: .id(102))
        #expect(desk.handle(.action(.select), actor: clerk) == [.preview(.book(request))])
        #expect(desk.confirmation == nil, "nothing is asked before the store has answered")
        #expect(desk.handle(.previewed(.book(request), .booked(booked(request))), actor: clerk).isEmpty)
        #expect(desk.confirmation?.title == "确认预约" && desk.confirmation?.change == .book(request))
        #expect(desk.confirmation?.lines.contains("时间：2026-11-26 周四 09:00–10:00") == true)
        #expect(desk.confirmation?.lines.contains("类别：优先  号池：公共号  预约") == true, "\(desk.confirmation?.lines ?? [])")
        #expect(desk.handle(.action(.confirm), actor: clerk) == [.run(.book(request))])
        #expect(desk.handle(.finished(.booked(booked(request))), actor: clerk) == [.read(.departments), .read(.patientInHand(42))])
        #expect(desk.message == DeskMessage(text: "已预约 901：白国琪 D001@2026-11-26T09 王建国（优先）", kind: .success))
    }

    @Test("a booking's report stays on the message line when a read of the reload after it fails: no error for a booking that was made")
    func reportOutlivesAFailedReload() {
        var desk = deskWithBai()
        let request = BookingRequest(patient: .id(42), slot: .id(102))
        _ = desk.handle(.action(.select), actor: clerk)
        _ = desk.handle(.previewed(.book(request), .booked(booked(request))), actor: clerk)
        var reads: [DeskEffect] = []
        StoreEffects.run(desk.handle(.action(.confirm), actor: clerk), on: &desk, actor: clerk) { effect in
            guard case .run = effect else {
                reads.append(effect)
                return .failed(effect, .storage(.sqlite(code: 10, message: "disk I/O error")))
            }
            return .finished(.booked(self.booked(request)))
        }
        #expect(reads.first == .read(.departments), "the reload after the booking was asked for and failed")
        #expect(desk.message == DeskMessage(text: "已预约 901：白国琪 D001@2026-11-26T09 王建国（优先）", kind: .success))
        // Without a change before it, a failed read says so.
        StoreEffects.run([.read(.departments)], on: &desk, actor: clerk) { .failed($0, .storage(.sqlite(code: 10, message: "disk I/O error"))) }
        #expect(desk.message?.kind == .error)
    }

    @Test("a flagged patient: the preview is asked again with a reason; the question asks for it and the booking carries what was typed")
    func flaggedPatientNeedsAReason() {
        var desk = deskWithBai()
        let request = BookingRequest(patient: .id(42), slot: .id(102))
        var asked = request
        asked.reason = "?"
        #expect(desk.handle(.failed(.preview(.book(request)), .patientFlagged(noShows: 3)), actor: clerk) == [.preview(.book(asked))])
        _ = desk.handle(.previewed(.book(asked), .booked(booked(asked))), actor: clerk)
        #expect(desk.confirmation?.reason != nil && desk.confirmation?.change == .book(request))
        for c in "已电话确认" { _ = desk.handle(.text(String(c)), actor: clerk) }
        var withReason = request
        withReason.reason = "已电话确认"
        #expect(desk.handle(.action(.confirm), actor: clerk) == [.run(.book(withReason))])
    }

    @Test("a full slot is refused at the first key with the way forward: the waitlist")
    func fullSlotSaysWhereToGo() {
        var desk = deskWithBai()
        let request = BookingRequest(patient: .id(42), slot: .id(102))
        #expect(desk.handle(.failed(.preview(.book(request)), .slotFull(slot: "D001@2026-11-26T09")), actor: clerk).isEmpty)
        #expect(desk.confirmation == nil)
        #expect(desk.message?.kind == .error && desk.message?.text.hasSuffix(" — 按 F12 到候补，F5 加入候补") == true, "\(desk.message?.text ?? "")")
    }

    @Test("a refused booking reads the screen again and says why; the question is gone")
    func refusedBookingReloads() {
        var desk = deskWithBai()
        let request = BookingRequest(patient: .id(42), slot: .id(102))
        _ = desk.handle(.action(.select), actor: clerk)
        _ = desk.handle(.previewed(.book(request), .booked(booked(request))), actor: clerk)
        _ = desk.handle(.action(.confirm), actor: clerk)
        let effects = desk.handle(.failed(.run(.book(request)), .slotFull(slot: "D001@2026-11-26T09")), actor: clerk)
        #expect(effects == [.read(.departments), .read(.patientInHand(42))])
        #expect(desk.confirmation == nil && desk.answering == nil && desk.message?.kind == .error)
    }
}
