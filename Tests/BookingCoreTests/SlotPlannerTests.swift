import BookingCore
import Testing

@Suite("Generating slots from weekly sessions and the calendar (rule 12)")
struct SlotPlannerTests {
    /// The official 2026 schedule around New Year and National Day.
    static let calendar2026 = WorkCalendar(
        years: [2026],
        holidays: Set(["2026-01-01", "2026-01-02", "2026-01-03", "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04",
                       "2026-10-05", "2026-10-06", "2026-10-07"].map(day)),
        workdays: [day("2026-01-04"): 5, day("2026-10-10"): 3]
    )

    /// A Friday clinic 08–10 and a Sunday exam hour 09–10.
    static let sessions = [
        HospitalSetup.Session(resource: "D002", weekdays: [5], firstHour: 8, endHour: 10, capacity: 5, reserved: 2),
        HospitalSetup.Session(resource: "US1", weekdays: [7], firstHour: 9, endHour: 10, capacity: 12, reserved: 3),
        HospitalSetup.Session(resource: "D003", weekdays: [3], firstHour: 14, endHour: 15, capacity: 7, reserved: 1),
    ]

    static func plan(_ from: String, _ to: String, calendar: WorkCalendar = calendar2026) -> [PlannedSlot] {
        SlotPlanner.plan(sessions: sessions, calendar: calendar, dates: day(from)...day(to))
    }

    @Test("no sessions run on the New Year holidays")
    func holidays() {
        #expect(Self.plan("2026-01-01", "2026-01-03").isEmpty)
        #expect(Self.plan("2026-10-01", "2026-10-07").isEmpty)
    }

    @Test("Sunday 4 January 2026 is a make-up day: it runs Friday's sessions, not Sunday's")
    func makeUpDay() {
        let slots = Self.plan("2026-01-04", "2026-01-04")
        #expect(slots.map(\.resource) == ["D002", "D002"])
        #expect(slots.map(\.hour) == [8, 9])
        #expect(slots.allSatisfy { $0.capacity == 5 && $0.reserved == 2 && $0.calendarKnown })
        // The next Sunday is an ordinary Sunday again.
        #expect(Self.plan("2026-01-11", "2026-01-11").map(\.resource) == ["US1"])
    }

    @Test("Saturday 10 October 2026 runs Wednesday's sessions")
    func octoberMakeUp() {
        #expect(Self.plan("2026-10-10", "2026-10-10").map(\.resource) == ["D003"])
        #expect(Self.plan("2026-10-10", "2026-10-10").first?.hour == 14)
    }

    @Test("one slot per session hour, each weekday once even if a session lists it twice")
    func ordinaryWeek() {
        let week = Self.plan("2026-11-23", "2026-11-29")
        #expect(week.count == 2 + 1 + 1)
        #expect(week.filter { $0.date == day("2026-11-27") }.count == 2)
        var twice = Self.sessions[0]
        twice.weekdays = [5, 5]
        #expect(SlotPlanner.plan(sessions: [twice], calendar: Self.calendar2026, dates: day("2026-11-27")...day("2026-11-27")).count == 2)
    }

    @Test("a year with no official calendar is generated as ordinary weeks and flagged calendarKnown false")
    func unknownYear() {
        // 1 January 2027 is a Friday; 2027's schedule is not published, so it is not treated as a holiday.
        let slots = Self.plan("2026-12-31", "2027-01-01")
        let known = slots.filter { $0.date == day("2026-12-31") }
        let unknown = slots.filter { $0.date == day("2027-01-01") }
        #expect(unknown.map(\.resource) == ["D002", "D002"])
        #expect(unknown.allSatisfy { !$0.calendarKnown })
        #expect(known.allSatisfy { $0.calendarKnown })
        #expect(!Self.calendar2026.covers(day("2027-01-01")))
        #expect(Self.calendar2026.sessionWeekday(on: day("2026-10-01")) == nil)
        #expect(Self.calendar2026.sessionWeekday(on: day("2026-10-10")) == 3)
    }

    // MARK: reconciling with what is stored

    static let friday = day("2026-11-27")

    static func planned(capacity: Int = 5, reserved: Int = 2, known: Bool = true) -> PlannedSlot {
        SlotPlanner.plan(sessions: [HospitalSetup.Session(resource: "D002", weekdays: [5], firstHour: 8, endHour: 9, capacity: capacity, reserved: reserved)],
                         calendar: known ? calendar2026 : WorkCalendar(), dates: friday...friday)[0]
    }

    static func stored(id: Int64 = 1, hour: Int = 8, capacity: Int = 5, reserved: Int = 2, booked: Int = 0, reservedUsed: Int = 0,
                       history: Bool = false, withdrawn: Bool = false) -> StoredSlot {
        StoredSlot(id: id, resource: "D002", date: friday, hour: hour, capacity: capacity, reserved: reserved, booked: booked,
                   reservedUsed: reservedUsed, hasHistory: history || booked > 0, withdrawn: withdrawn)
    }

    @Test("a slot that matches its session is left unchanged; a missing one is created")
    func unchangedAndCreated() {
        let same = SlotPlanner.reconcile(planned: [Self.planned()], stored: [Self.stored(booked: 3, reservedUsed: 1)])
        #expect(same.unchanged == 1)
        #expect(same.create.isEmpty && same.update.isEmpty && same.delete.isEmpty && same.withdraw.isEmpty && same.conflicts.isEmpty)
        let fresh = SlotPlanner.reconcile(planned: [Self.planned()], stored: [])
        #expect(fresh.create == [Self.planned()])
    }

    @Test("raising the capacity of a slot with bookings grows it")
    func grows() {
        let plan = SlotPlanner.reconcile(planned: [Self.planned(capacity: 8)], stored: [Self.stored(booked: 5, reservedUsed: 2)])
        #expect(plan.update.map(\.id) == [1])
        #expect(plan.update.first?.planned.capacity == 8)
        #expect(plan.conflicts.isEmpty)
    }

    @Test("lowering the capacity of a slot with bookings is a conflict, even if the bookings would fit")
    func shrinkConflicts() {
        let slot = Self.stored(booked: 2)
        let plan = SlotPlanner.reconcile(planned: [Self.planned(capacity: 4)], stored: [slot])
        #expect(plan.conflicts == [.wouldShrink(slot: slot, capacity: 4, reserved: 2)])
        #expect(plan.update.isEmpty)
        // Without bookings, the same change is a plain update.
        #expect(SlotPlanner.reconcile(planned: [Self.planned(capacity: 4)], stored: [Self.stored()]).update.map(\.id) == [1])
    }

    @Test("lowering the reserved part below the reserved seats taken is a conflict")
    func reservedConflict() {
        let slot = Self.stored(booked: 2, reservedUsed: 2)
        #expect(SlotPlanner.reconcile(planned: [Self.planned(reserved: 1)], stored: [slot]).conflicts == [.wouldShrink(slot: slot, capacity: 5, reserved: 1)])
        // Raising the reserved part over public bookings already made would overbook the public part.
        let publicFull = Self.stored(booked: 3, reservedUsed: 0)
        #expect(SlotPlanner.reconcile(planned: [Self.planned(reserved: 3)], stored: [publicFull]).conflicts.count == 1)
    }

    @Test("a slot whose session was removed: deleted with no history, withdrawn with only cancelled history, a conflict with bookings")
    func removedSession() {
        let empty = Self.stored(id: 1, hour: 9)
        let cancelledOnly = Self.stored(id: 2, hour: 10, history: true)
        let booked = Self.stored(id: 3, hour: 11, booked: 1)
        let alreadyWithdrawn = Self.stored(id: 4, hour: 12, history: true, withdrawn: true)
        let plan = SlotPlanner.reconcile(planned: [], stored: [empty, cancelledOnly, booked, alreadyWithdrawn])
        #expect(plan.delete == [1])
        #expect(plan.withdraw == [2])
        #expect(plan.conflicts == [.noSession(slot: booked)])
        #expect(plan.create.isEmpty && plan.update.isEmpty && plan.unchanged == 0)
    }

    @Test("a withdrawn slot asked for again is offered again; a slot whose calendar became known is updated")
    func reoffered() {
        let withdrawn = Self.stored(history: true, withdrawn: true)
        #expect(SlotPlanner.reconcile(planned: [Self.planned()], stored: [withdrawn]).update.map(\.id) == [1])
        let unknown = StoredSlot(id: 9, resource: "D002", date: Self.friday, hour: 8, capacity: 5, reserved: 2, booked: 1, reservedUsed: 0,
                                 hasHistory: true, withdrawn: false, calendarKnown: false)
        let plan = SlotPlanner.reconcile(planned: [Self.planned()], stored: [unknown])
        #expect(plan.update.map(\.id) == [9])
        #expect(plan.conflicts.isEmpty)
    }

    @Test("reconciling the plan with its own result changes nothing (idempotent regeneration)")
    func idempotent() {
        let planned = Self.plan("2026-11-23", "2026-12-06")
        let first = SlotPlanner.reconcile(planned: planned, stored: [])
        #expect(first.create.count == planned.count)
        let stored = first.create.enumerated().map { i, p in
            StoredSlot(id: Int64(i + 1), resource: p.resource, date: p.date, hour: p.hour, capacity: p.capacity, reserved: p.reserved,
                       booked: 0, reservedUsed: 0, hasHistory: false, withdrawn: false, calendarKnown: p.calendarKnown)
        }
        let second = SlotPlanner.reconcile(planned: planned, stored: stored)
        #expect(second.unchanged == planned.count)
        #expect(second.create.isEmpty && second.update.isEmpty && second.delete.isEmpty && second.withdraw.isEmpty && second.conflicts.isEmpty)
    }
}
