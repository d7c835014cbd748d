import BookingCore
import GRDB

/// Day surgery (rule 11): the queue, theatre days, the night review and discharge. Every
/// command is one write transaction that checks the operator's role, asks the core, writes its
/// rows and its audit records, and either commits whole or changes nothing.
extension Store {
    // MARK: - The queue

    /// Puts a patient on the day-surgery queue.
    public func addSurgeryCase(_ input: SurgeryCaseInput, by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgeryQueue)
        let now = self.now
        let procedure = try FreeText.line(input.procedure, field: "procedure", limit: 100)
        guard DaySurgeryRules.estimatedMinutesRange.contains(input.estimatedMinutes) else {
            throw BookingError.invalidInput(field: "minutes", problem: .mustBe(DaySurgeryRules.estimatedMinutesRange))
        }
        let note = try input.note.map { (n) throws(BookingError) in try FreeText.line(n, field: "note", limit: 200) }
        if let since = input.waitingSince, since > now {
            throw BookingError.invalidInput(field: "waiting-since", problem: .timeInFuture(since))
        }
        return try write { db in
            guard let patientID = try Self.resolvePatient(db, input.patient) else {
                throw BookingError.notFound(kind: "patient", key: input.patient.text)
            }
            let surgeonCode = input.surgeon.trimmingWhitespace().uppercased()
            guard let surgeon = try Row.fetchOne(db, sql: "SELECT id, kind FROM resource WHERE code = ?", arguments: [surgeonCode]) else {
                throw BookingError.notFound(kind: "resource", key: surgeonCode)
            }
            guard (surgeon["kind"] as String) == ResourceKind.clinic.rawValue else {
                throw BookingError.invalidInput(field: "surgeon", problem: .notADoctor(surgeonCode))
            }
            var referral: ReferralView?
            if let id = input.referral {
                let r = try Self.requireReferral(db, id: id, now: now)
                guard r.patientID == patientID else {
                    throw BookingError.invalidInput(field: "referral", problem: .referralForPatient(referral: id, patient: r.patientID))
                }
                guard r.direction == .up, r.status != .cancelled else { throw BookingError.referralNotBookable(referral: id, status: r.status) }
                referral = r
            }
            let priority: PriorityClass
            if let given = input.priority {
                priority = given
            } else if let r = referral {
                priority = r.urgency.priority
            } else {
                priority = try Self.derivedPriority(db, patient: patientID, on: now.date)
            }
            let since = input.waitingSince ?? referral?.createdAt ?? now
            try db.execute(sql: """
                INSERT INTO surgery_case (patient_id, procedure, surgeon_id, estimated_minutes, anaesthesia, priority, waiting_since,
                                          referral_id, status, created_at, created_by, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
                """, arguments: [patientID, procedure, surgeon["id"] as Int64, input.estimatedMinutes, input.anaesthesia.rawValue, priority.rawValue,
                                 since.description, referral?.id, now.description, actor.name, note])
            let id = db.lastInsertedRowID
            try audit(db, by: actor, action: "surgery.add", entity: "surgery_case", id: id,
                      after: "patient \(patientID) \(procedure) \(surgeonCode) \(input.estimatedMinutes)min \(input.anaesthesia.rawValue) \(priority.rawValue)"
                          + (referral.map { " referral \($0.id)" } ?? ""))
            return try Self.requireSurgeryCase(db, id: id)
        }
    }

    /// Ticks (or, with `undo`, withdraws) checklist items, recording who and when. Withdrawing a
    /// required item of a confirmed case puts it back to scheduled (rule 11).
    public func tickChecklist(case id: Int64, items: [ChecklistItem], note: String? = nil, undo: Bool = false,
                              by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgeryReview)
        let now = self.now
        guard !items.isEmpty else { throw BookingError.invalidInput(field: "item", problem: .noChecklistItem) }
        let note = try note.map { (n) throws(BookingError) in try FreeText.line(n, field: "note", limit: 100) }
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.check(.tick, case: id, status: c.status) { throw refusal }
            var status = c.status
            for item in items {
                if undo {
                    guard c.ticked.contains(item) else { continue }
                    if status == .ready && item.isRequired(for: c.anaesthesia) {
                        try db.execute(sql: "UPDATE surgery_case SET status = 'scheduled', confirmed_at = NULL, confirmed_by = NULL WHERE id = ?", arguments: [id])
                        try audit(db, by: actor, action: "surgery.unconfirm", entity: "surgery_case", id: id, before: "ready", after: "scheduled: \(item.rawValue) withdrawn")
                        status = .scheduled
                    }
                    try db.execute(sql: "DELETE FROM surgery_check WHERE case_id = ? AND item = ?", arguments: [id, item.rawValue])
                    try audit(db, by: actor, action: "surgery.untick", entity: "surgery_case", id: id, before: item.rawValue)
                } else {
                    guard item.isRequired(for: c.anaesthesia) else {
                        throw BookingError.invalidInput(field: "item", problem: .notForLocalAnaesthetic(item))
                    }
                    try db.execute(sql: """
                        INSERT INTO surgery_check (case_id, item, ticked_at, ticked_by, note) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (case_id, item) DO NOTHING
                        """, arguments: [id, item.rawValue, now.description, actor.name, note])
                    if db.changesCount > 0 {
                        try audit(db, by: actor, action: "surgery.tick", entity: "surgery_case", id: id, after: item.rawValue + (note.map { ": \($0)" } ?? ""))
                    }
                }
            }
            return try Self.requireSurgeryCase(db, id: id)
        }
    }

    /// Takes a case off the queue (or a list) for good.
    public func cancelSurgery(case id: Int64, reason: String, by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgeryQueue)
        let now = self.now
        let why = try FreeText.line(reason, field: "reason", limit: 200)
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.check(.cancel, case: id, status: c.status) { throw refusal }
            try takeOffList(db, c) { db in
                try db.execute(sql: """
                    UPDATE surgery_case SET status = 'cancelled', theatre_id = NULL, date = NULL, sequence = NULL,
                           cancelled_at = ?, cancel_reason = ? WHERE id = ?
                    """, arguments: [now.description, why, id])
            }
            try audit(db, by: actor, action: "surgery.cancel", entity: "surgery_case", id: id, before: Self.placeText(of: c), after: "cancelled: \(why)")
            return try Self.requireSurgeryCase(db, id: id)
        }
    }

    // MARK: - Theatre days

    /// Puts a queued case (or moves a scheduled one) on a theatre day at `position` (1-based;
    /// nil for the end): refused unless its minutes plus turnovers fit, its surgeon is in no
    /// other theatre at the same time, and the patient has no other case that day (rule 11).
    public func scheduleSurgery(case id: Int64, theatre: String, date: LocalDate, position: Int? = nil,
                                by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgerySchedule)
        let today = now.date
        guard date >= today else { throw BookingError.invalidInput(field: "date", problem: .dateInPast(date)) }
        let theatre = theatre.trimmingWhitespace().uppercased()
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.check(.schedule, case: id, status: c.status) { throw refusal }
            let day = try Self.surgeryLists(db, date: date)
            if let oldDate = c.date, oldDate != date {
                // Moving to another day: its old day closes up once the new place is taken.
                let old = try Self.surgeryLists(db, date: oldDate)
                try Self.place(db, c.listed, theatre: theatre, position: position, lists: day.lists, baseline: nil, date: date, theatres: day.theatres)
                try Self.persist(db, date: oldDate, lists: DaySurgeryRules.remove(id, from: old.lists).lists, theatres: old.theatres)
            } else {
                // Moving within the day (or placing a queued case): compared with the day as it was.
                let without = DaySurgeryRules.remove(id, from: day.lists).lists
                try Self.place(db, c.listed, theatre: theatre, position: position, lists: without, baseline: day.lists, date: date, theatres: day.theatres)
            }
            let after = try Self.requireSurgeryCase(db, id: id)
            try audit(db, by: actor, action: "surgery.schedule", entity: "surgery_case", id: id, before: Self.placeText(of: c), after: Self.placeText(of: after))
            return after
        }
    }

    /// Moves a scheduled or confirmed case to `position` (1-based) on its own theatre day.
    public func reorderSurgery(case id: Int64, position: Int, by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgerySchedule)
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.check(.reorder, case: id, status: c.status) { throw refusal }
            guard let date = c.date else { throw BookingError.wrongCaseStatus(caseID: id, status: c.status, step: .reorder) }
            let day = try Self.surgeryLists(db, date: date)
            switch DaySurgeryRules.move(id, to: position - 1, in: day.lists) {
            case let .success(lists): try Self.persist(db, date: date, lists: lists, theatres: day.theatres)
            case let .failure(error): throw error
            }
            let after = try Self.requireSurgeryCase(db, id: id)
            try audit(db, by: actor, action: "surgery.reorder", entity: "surgery_case", id: id, before: Self.placeText(of: c), after: Self.placeText(of: after))
            return after
        }
    }

    /// The first-fit plan for the `days` days from `from` (default tomorrow): queued cases by
    /// class then waiting-since, each at the end of the first theatre day it fits. Proposes only.
    public func proposeSurgeryPlan(days: Int, from: LocalDate? = nil) throws(BookingError) -> [SurgeryPlanItem] {
        guard (1...31).contains(days) else { throw BookingError.invalidInput(field: "days", problem: .mustBe(1...31)) }
        let start = from ?? now.date.adding(days: 1)
        guard start >= now.date else { throw BookingError.invalidInput(field: "from", problem: .dateInPast(start)) }
        return try read { db in
            let queue = try Self.proposableCases(db, today: now.date)
            let lists = try (0..<days).map { try Self.surgeryLists(db, date: start.adding(days: $0)).lists }
            let byID = Dictionary(uniqueKeysWithValues: queue.map { ($0.id, $0) })
            return DaySurgeryRules.plan(queue: queue.map(\.queued), days: lists).compactMap { p in
                byID[p.caseID].map { SurgeryPlanItem(proposal: p, surgeryCase: $0) }
            }
        }
    }

    /// Books a plan a person has confirmed, all or nothing: each placement is checked again.
    public func applySurgeryPlan(_ proposals: [PlanProposal], by actor: Operator) throws(BookingError) -> [SurgeryCaseView] {
        try actor.require(.surgerySchedule)
        let today = now.date
        return try write { db in
            var booked: [SurgeryCaseView] = []
            for p in proposals {
                guard p.date >= today else { throw BookingError.invalidInput(field: "date", problem: .dateInPast(p.date)) }
                let c = try Self.requireSurgeryCase(db, id: p.caseID)
                guard c.status == .queued else { throw BookingError.wrongCaseStatus(caseID: c.id, status: c.status, step: .schedule) }
                let day = try Self.surgeryLists(db, date: p.date)
                try Self.place(db, c.listed, theatre: p.theatre, position: p.position, lists: day.lists, baseline: nil, date: p.date, theatres: day.theatres)
                let after = try Self.requireSurgeryCase(db, id: c.id)
                try audit(db, by: actor, action: "surgery.schedule", entity: "surgery_case", id: c.id, before: "queued", after: Self.placeText(of: after) + " (plan)")
                booked.append(after)
            }
            return booked
        }
    }

    // MARK: - The night review

    /// Rule 11: a scheduled case becomes ready only with its checklist complete.
    public func confirmSurgery(case id: Int64, by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgeryReview)
        let now = self.now
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.checkConfirm(case: id, status: c.status, ticked: c.ticked, anaesthesia: c.anaesthesia) { throw refusal }
            // Rule 11: not while the case stands in its surgeon's own clinic hours with patients booked.
            if let date = c.date, let clash = DaySurgeryRules.clinicClashes(try Self.surgeryLists(db, date: date).lists).first(where: { $0.caseID == id }) {
                throw clash.refusal
            }
            try db.execute(sql: "UPDATE surgery_case SET status = 'ready', confirmed_at = ?, confirmed_by = ? WHERE id = ?",
                           arguments: [now.description, actor.name, id])
            try audit(db, by: actor, action: "surgery.confirm", entity: "surgery_case", id: id, before: c.status.rawValue, after: "ready")
            return try Self.requireSurgeryCase(db, id: id)
        }
    }

    /// Takes a case off its list and back to the queue, keeping its waiting-since (rule 11); the
    /// later cases close up. Says where the gap is, for a back-fill.
    public func postponeSurgery(case id: Int64, reason: String, by actor: Operator) throws(BookingError) -> PostponeResult {
        try actor.require(.surgeryReview)
        let now = self.now
        let why = try FreeText.line(reason, field: "reason", limit: 200)
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.check(.postpone, case: id, status: c.status) { throw refusal }
            guard let theatre = c.theatre, let date = c.date, let position = c.sequence else {
                throw BookingError.wrongCaseStatus(caseID: id, status: c.status, step: .postpone)
            }
            let before = try Self.surgeryLists(db, date: date).view.cases
            let clashes = try takeOffList(db, c) { db in
                try db.execute(sql: """
                    UPDATE surgery_case SET status = 'queued', theatre_id = NULL, date = NULL, sequence = NULL, confirmed_at = NULL,
                           confirmed_by = NULL, postponed_count = postponed_count + 1, postponed_at = ?, postpone_reason = ?
                    WHERE id = ?
                    """, arguments: [now.description, why, id])
            }
            let moved = try Self.surgeryLists(db, date: date).view.cases.compactMap { a -> MovedCase? in
                guard let b = before.first(where: { $0.id == a.id }), let from = b.plannedStart, let to = a.plannedStart, from != to else { return nil }
                return MovedCase(caseID: a.id, patientName: a.patientName, theatre: a.theatre ?? theatre, from: from, to: to)
            }
            try audit(db, by: actor, action: "surgery.postpone", entity: "surgery_case", id: id, before: Self.placeText(of: c),
                      after: "queued: \(why)" + moved.map { "; case \($0.caseID) \($0.from.readable) → \($0.to.readable)" }.joined())
            var result = PostponeResult(surgeryCase: try Self.requireSurgeryCase(db, id: id),
                                        freed: FreedPlace(theatre: theatre, date: date, position: position, minutes: c.estimatedMinutes), newClashes: clashes)
            result.moved = moved
            return result
        }
    }

    /// Rule 11 back-fill: the highest-priority queued case with a full checklist that fits
    /// `theatre`'s list on `date` at `position` (1-based; nil for the end). Proposes only.
    public func proposeBackfill(theatre: String, date: LocalDate, position: Int? = nil) throws(BookingError) -> BackfillProposal? {
        let theatre = theatre.trimmingWhitespace().uppercased()
        return try read { db in try Self.backfillChoice(db, theatre: theatre, date: date, position: position, today: now.date)?.proposal }
    }

    /// Books the back-fill a person confirmed. `expecting` is the case they were shown: if the
    /// queue changed since and another case is now the right one, nothing is booked.
    public func backfillSurgery(theatre: String, date: LocalDate, position: Int? = nil, expecting: Int64? = nil,
                                by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgerySchedule)
        let theatre = theatre.trimmingWhitespace().uppercased()
        guard date >= now.date else { throw BookingError.invalidInput(field: "date", problem: .dateInPast(date)) }
        return try write { db in
            guard let choice = try Self.backfillChoice(db, theatre: theatre, date: date, position: position, today: now.date) else {
                throw BookingError.noBackfill(theatre: theatre, date: date)
            }
            let chosen = choice.proposal.surgeryCase
            if let expecting, expecting != chosen.id {
                throw BookingError.invalidInput(field: "case", problem: .backfillChanged(theatre: theatre, date: date, now: chosen.id, expected: expecting))
            }
            try Self.persist(db, date: date, lists: choice.lists, theatres: choice.theatres)
            let after = try Self.requireSurgeryCase(db, id: chosen.id)
            try audit(db, by: actor, action: "surgery.backfill", entity: "surgery_case", id: chosen.id, before: "queued", after: Self.placeText(of: after))
            return after
        }
    }

    // MARK: - Theatre and discharge

    /// The patient goes to theatre: a confirmed case, on its day.
    public func startSurgery(case id: Int64, by actor: Operator) throws(BookingError) -> SurgeryCaseView {
        try actor.require(.surgeryReview)
        let now = self.now
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.check(.start, case: id, status: c.status) { throw refusal }
            guard c.date == now.date else { throw BookingError.invalidInput(field: "case", problem: .caseNotToday(caseID: id, date: c.date)) }
            try db.execute(sql: "UPDATE surgery_case SET status = 'in_theatre', started_at = ? WHERE id = ?", arguments: [now.description, id])
            try audit(db, by: actor, action: "surgery.start", entity: "surgery_case", id: id, before: c.status.rawValue, after: "in_theatre")
            return try Self.requireSurgeryCase(db, id: id)
        }
    }

    /// Discharge (rule 11): records the time and sends a follow-up (a down-referral, routine,
    /// due the next day unless told) to the patient's alliance clinic — `clinic`, else the clinic
    /// of the patient's most recent referral. Without either, no follow-up is written.
    public func completeSurgery(case id: Int64, clinic: String? = nil, followUpDue: LocalDate? = nil,
                                by actor: Operator) throws(BookingError) -> DischargeResult {
        try actor.require(.surgeryReview)
        let now = self.now
        return try write { db in
            let c = try Self.requireSurgeryCase(db, id: id)
            if let refusal = DaySurgeryRules.check(.done, case: id, status: c.status) { throw refusal }
            if let date = c.date, date > now.date {
                throw BookingError.invalidInput(field: "case", problem: .dischargeTooEarly(caseID: id, date: date))
            }
            let due = followUpDue ?? now.date.adding(days: DaySurgeryRules.defaultFollowUpDays)
            guard due >= now.date else { throw BookingError.invalidInput(field: "due", problem: .dueBeforeDischarge(due)) }
            var clinicID: Int64?
            if let code = clinic?.trimmingWhitespace().uppercased() {
                guard let found = try Int64.fetchOne(db, sql: "SELECT id FROM alliance_clinic WHERE code = ?", arguments: [code]) else {
                    throw BookingError.notFound(kind: "clinic", key: code)
                }
                clinicID = found
            } else {
                clinicID = try Int64.fetchOne(db, sql: "SELECT clinic_id FROM referral WHERE patient_id = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                                              arguments: [c.patientID])
            }
            try db.execute(sql: "UPDATE surgery_case SET status = 'done', discharged_at = ? WHERE id = ?", arguments: [now.description, id])
            var followUp: ReferralView?
            if let clinicID {
                let reason = "日间手术后随访 / day-surgery follow-up: \(c.procedure), \(now.date)"
                try db.execute(sql: """
                    INSERT INTO referral (patient_id, clinic_id, referring_doctor, department_id, resource_id, reason, urgency, direction,
                                          status, created_at, created_by, due_date)
                    SELECT ?, ?, substr(r.name, 1, 40), r.department_id, r.id, ?, 'routine', 'down', 'pending', ?, ?, ?
                    FROM resource r WHERE r.code = ?
                    """, arguments: [c.patientID, clinicID, String(reason.prefix(500)), now.description, actor.name, due.description, c.surgeon])
                let referralID = db.lastInsertedRowID
                try db.execute(sql: "UPDATE surgery_case SET follow_up_referral_id = ? WHERE id = ?", arguments: [referralID, id])
                followUp = try Self.requireReferral(db, id: referralID, now: now)
                try audit(db, by: actor, action: "referral.add", entity: "referral", id: referralID,
                          after: "patient \(c.patientID) down →\(followUp?.clinic ?? "?") follow-up of surgery case \(id), due \(due)")
            }
            try audit(db, by: actor, action: "surgery.done", entity: "surgery_case", id: id, before: c.status.rawValue,
                      after: "done" + (followUp.map { ", follow-up referral \($0.id)" } ?? ", no alliance clinic: no follow-up"))
            return DischargeResult(surgeryCase: try Self.requireSurgeryCase(db, id: id), followUp: followUp)
        }
    }

    // MARK: - Reading

    public func surgeryCase(_ id: Int64) throws(BookingError) -> SurgeryCaseView {
        try read { db in try Self.requireSurgeryCase(db, id: id) }
    }

    /// The queue in the order it is served: class, then waiting-since (rules 8 and 11).
    public func surgeryQueue() throws(BookingError) -> [SurgeryCaseView] {
        try read { db in
            try Self.surgeryCases(db, where: "c.status = 'queued'").sorted { DaySurgeryRules.queueOrder($0.queued, $1.queued) }
        }
    }

    /// A patient's cases, newest first.
    public func surgeryCases(patient: PatientReference) throws(BookingError) -> [SurgeryCaseView] {
        try read { db in
            guard let id = try Self.resolvePatient(db, patient) else { throw BookingError.notFound(kind: "patient", key: patient.text) }
            return try Self.surgeryCases(db, where: "c.patient_id = ?", arguments: [id]).sorted { $0.id > $1.id }
        }
    }

    /// Every theatre's list on `date`, in sequence, with planned times.
    public func surgeryDay(_ date: LocalDate) throws(BookingError) -> SurgeryDayView {
        try read { db in try Self.surgeryLists(db, date: date).view }
    }

    /// The first date after `date`, within `within` days, on which any theatre is open: the
    /// list the night shift reviews (tomorrow, or Monday on a Friday night).
    public func nextTheatreDay(after date: LocalDate, within: Int = 14) throws(BookingError) -> LocalDate? {
        try read { db in
            for offset in 1...max(1, within) {
                let day = date.adding(days: offset)
                if try Self.theatreDays(db, date: day).contains(where: \.day.isOpen) { return day }
            }
            return nil
        }
    }

    // MARK: - Inside the transaction

    /// One theatre resource as the lists need it.
    struct TheatreRow {
        let id: Int64
        let day: TheatreDay
        let name: String
        let nameEn: String?
    }

    /// The theatres and the minutes their sessions give them on `date` (calendar aware, rule 12).
    static func theatreDays(_ db: Database, date: LocalDate) throws -> [TheatreRow] {
        var calendar = WorkCalendar()
        if let row = try Row.fetchOne(db, sql: "SELECT kind, weekday FROM calendar_day WHERE date = ?", arguments: [date.description]) {
            if row["kind"] == "holiday" { calendar.holidays.insert(date) } else { calendar.workdays[date] = row["weekday"] }
        }
        var sessions: [Int64: [HospitalSetup.Session]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.resource_id, s.weekday, s.first_hour, s.end_hour FROM session s JOIN resource r ON r.id = s.resource_id
            WHERE r.kind = 'theatre'
            """) {
            sessions[row["resource_id"], default: []].append(HospitalSetup.Session(resource: "", weekdays: [row["weekday"]], firstHour: row["first_hour"],
                                                                                  endHour: row["end_hour"], capacity: 1, reserved: 0))
        }
        // Rule 11: the surgeons' clinic hours that day with patients booked.
        var clinics: [String: [Int: Int]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT r.code, s.hour, s.public_used + s.reserved_used AS booked FROM slot s JOIN resource r ON r.id = s.resource_id
            WHERE s.date = ? AND r.kind = 'clinic' AND s.public_used + s.reserved_used > 0
            """, arguments: [date.description]) {
            clinics[row["code"], default: [:]][row["hour"]] = row["booked"]
        }
        return try Row.fetchAll(db, sql: "SELECT id, code, name, name_en, turnover_minutes FROM resource WHERE kind = 'theatre' ORDER BY code").map { row in
            let id: Int64 = row["id"]
            let periods = DaySurgeryRules.periods(sessions: sessions[id] ?? [], on: date, calendar: calendar)
            return TheatreRow(id: id, day: TheatreDay(theatre: row["code"], date: date, periods: periods, turnover: row["turnover_minutes"],
                                                      surgeonClinics: clinics),
                              name: row["name"], nameEn: row["name_en"])
        }
    }

    struct SurgeryLists {
        let theatres: [TheatreRow]
        let lists: [TheatreList]
        let view: SurgeryDayView
    }

    /// Every theatre's list on `date` as stored, for the core and for the screens.
    static func surgeryLists(_ db: Database, date: LocalDate) throws -> SurgeryLists {
        let theatres = try theatreDays(db, date: date)
        let cases = try surgeryCases(db, where: "c.date = ? AND c.theatre_id IS NOT NULL", arguments: [date.description])
        var lists: [TheatreList] = []
        var views: [TheatreDayView] = []
        for t in theatres {
            let mine = cases.filter { $0.theatre == t.day.theatre }.sorted { ($0.sequence ?? 0) < ($1.sequence ?? 0) }
            let list = TheatreList(day: t.day, cases: mine.map(\.listed))
            let times = DaySurgeryRules.timetable(list)
            let timed = zip(mine, times.starts).map { c, start in
                var c = c
                c.plannedStart = LocalDateTime(date: date, minuteOfDay: start)
                return c
            }
            lists.append(list)
            views.append(TheatreDayView(theatre: t.day.theatre, theatreName: t.name, theatreNameEn: t.nameEn, day: t.day, timetable: times, cases: timed))
        }
        return SurgeryLists(theatres: theatres, lists: lists,
                            view: SurgeryDayView(date: date, theatres: views, clashes: DaySurgeryRules.surgeonClashes(lists),
                                                 inClinic: DaySurgeryRules.clinicClashes(lists)))
    }

    /// Places `c` through the core and writes the new sequence, or throws the core's refusal.
    static func place(_ db: Database, _ c: ListedCase, theatre: String, position: Int?, lists: [TheatreList], baseline: [TheatreList]?,
                      date: LocalDate, theatres: [TheatreRow]) throws {
        switch DaySurgeryRules.place(c, on: theatre, at: position.map { $0 - 1 }, in: lists, baseline: baseline) {
        case let .success(after): try persist(db, date: date, lists: after, theatres: theatres)
        case let .failure(error): throw error
        }
    }

    /// Writes each list's order as the cases' places. The day's places are first moved out of
    /// the way, so the unique index on (theatre, date, sequence) never sees two cases in one.
    static func persist(_ db: Database, date: LocalDate, lists: [TheatreList], theatres: [TheatreRow]) throws {
        try db.execute(sql: "UPDATE surgery_case SET sequence = sequence + 100000 WHERE date = ? AND theatre_id IS NOT NULL", arguments: [date.description])
        for list in lists {
            guard let theatreID = theatres.first(where: { $0.day.theatre == list.day.theatre })?.id else { continue }
            for (i, c) in list.cases.enumerated() {
                try db.execute(sql: """
                    UPDATE surgery_case SET theatre_id = ?, date = ?, sequence = ?,
                           status = CASE status WHEN 'queued' THEN 'scheduled' ELSE status END
                    WHERE id = ?
                    """, arguments: [theatreID, date.description, i + 1, c.id])
            }
        }
    }

    /// Runs `update` (which takes the case off its list) and closes up the rest of its day.
    /// Returns the surgeon overlaps the closing-up creates.
    @discardableResult
    func takeOffList(_ db: Database, _ c: SurgeryCaseView, _ update: (Database) throws -> Void) throws -> Set<SurgeonClash> {
        guard let date = c.date else {
            try update(db)
            return []
        }
        let day = try Self.surgeryLists(db, date: date)
        let result = DaySurgeryRules.remove(c.id, from: day.lists)
        try update(db)
        try Self.persist(db, date: date, lists: result.lists, theatres: day.theatres)
        return result.newClashes
    }

    /// The queued cases the planner and the back-fill may propose. A case postponed today is not
    /// proposed again the same day: the reason it was taken off (labs not back, no escort) has
    /// not had time to change.
    static func proposableCases(_ db: Database, today: LocalDate) throws -> [SurgeryCaseView] {
        try surgeryCases(db, where: "c.status = 'queued' AND (c.postponed_at IS NULL OR substr(c.postponed_at, 1, 10) <> ?)",
                         arguments: [today.description])
    }

    static func backfillChoice(_ db: Database, theatre: String, date: LocalDate, position: Int?, today: LocalDate)
        throws -> (proposal: BackfillProposal, lists: [TheatreList], theatres: [TheatreRow])? {
        let day = try surgeryLists(db, date: date)
        guard day.theatres.contains(where: { $0.day.theatre == theatre }) else { throw BookingError.notFound(kind: "theatre", key: theatre) }
        let queue = try proposableCases(db, today: today)
        guard let choice = DaySurgeryRules.backfill(queue: queue.map(\.queued), theatre: theatre, at: position.map { $0 - 1 }, in: day.lists),
              let chosen = queue.first(where: { $0.id == choice.chosen.id }),
              let list = choice.lists.first(where: { $0.day.theatre == theatre }),
              let index = list.cases.firstIndex(where: { $0.id == chosen.id }) else { return nil }
        let start = DaySurgeryRules.timetable(list).starts[index]
        return (BackfillProposal(surgeryCase: chosen, theatre: theatre, date: date, position: index + 1,
                                 start: LocalDateTime(date: date, minuteOfDay: start)), choice.lists, day.theatres)
    }

    /// `OR1 2026-11-26 #2` or the status, for audit records.
    static func placeText(of c: SurgeryCaseView) -> String {
        guard let theatre = c.theatre, let date = c.date, let sequence = c.sequence else { return c.status.rawValue }
        return "\(c.status.rawValue) \(theatre) \(date) #\(sequence)"
    }

    static let surgerySelect = """
        SELECT c.*, p.name AS patient_name, p.sex AS patient_sex, p.birth_date AS patient_birth,
               s.code AS surgeon, s.name AS surgeon_name, sd.code AS surgeon_department, t.code AS theatre
        FROM surgery_case c
        JOIN patient p ON p.id = c.patient_id
        JOIN resource s ON s.id = c.surgeon_id
        JOIN department sd ON sd.id = s.department_id
        LEFT JOIN resource t ON t.id = c.theatre_id
        """

    /// Cases matching `condition` (on `c`, the case), each with its ticks.
    static func surgeryCases(_ db: Database, where condition: String, arguments: StatementArguments = []) throws -> [SurgeryCaseView] {
        var ticks: [Int64: [ChecklistTick]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT k.case_id, k.item, k.ticked_at, k.ticked_by, k.note FROM surgery_check k
            WHERE k.case_id IN (SELECT c.id FROM surgery_case c WHERE \(condition))
            """, arguments: arguments) {
            guard let item = ChecklistItem(rawValue: row["item"]), let at = LocalDateTime(row["ticked_at"] as String) else { continue }
            ticks[row["case_id"], default: []].append(ChecklistTick(item: item, by: row["ticked_by"], at: at, note: row["note"]))
        }
        return try Row.fetchAll(db, sql: surgerySelect + " WHERE \(condition) ORDER BY c.id", arguments: arguments).map { row in
            let id: Int64 = row["id"]
            let mine = (ticks[id] ?? []).sorted { a, b in
                (ChecklistItem.allCases.firstIndex(of: a.item) ?? 0) < (ChecklistItem.allCases.firstIndex(of: b.item) ?? 0)
            }
            return surgeryCaseView(row, ticks: mine)
        }
    }

    static func requireSurgeryCase(_ db: Database, id: Int64) throws -> SurgeryCaseView {
        guard let c = try surgeryCases(db, where: "c.id = ?", arguments: [id]).first else {
            throw BookingError.notFound(kind: "surgery case", key: "\(id)")
        }
        guard let date = c.date else { return c }
        // On a list, the case's planned start comes from its whole day.
        return try surgeryLists(db, date: date).view.cases.first { $0.id == id } ?? c
    }

    static func surgeryCaseView(_ row: Row, ticks: [ChecklistTick]) -> SurgeryCaseView {
        let created = LocalDateTime(row["created_at"] as String) ?? LocalDateTime(date: LocalDate(dayNumber: 0), minuteOfDay: 0)
        return SurgeryCaseView(
            id: row["id"], patientID: row["patient_id"], patientName: row["patient_name"],
            patientSex: (row["patient_sex"] as String?).flatMap(Sex.init), patientBirth: (row["patient_birth"] as String?).flatMap(LocalDate.init),
            procedure: row["procedure"], surgeon: row["surgeon"], surgeonName: row["surgeon_name"], department: row["surgeon_department"],
            estimatedMinutes: row["estimated_minutes"], anaesthesia: Anaesthesia(rawValue: row["anaesthesia"]) ?? .general,
            priority: PriorityClass(rawValue: row["priority"]) ?? .regular,
            waitingSince: LocalDateTime(row["waiting_since"] as String) ?? created, referralID: row["referral_id"],
            status: SurgeryStatus(rawValue: row["status"]) ?? .queued, theatre: row["theatre"],
            date: (row["date"] as String?).flatMap(LocalDate.init), sequence: row["sequence"], plannedStart: nil, ticks: ticks,
            confirmedBy: row["confirmed_by"], postponedCount: row["postponed_count"], postponeReason: row["postpone_reason"],
            dischargedAt: (row["discharged_at"] as String?).flatMap(LocalDateTime.init), followUpReferralID: row["follow_up_referral_id"],
            cancelReason: row["cancel_reason"], createdAt: created, note: row["note"])
    }
}
