import BookingCore
import BookingStore
import Foundation
import GRDB
import PropertyBased
import Testing

/// Rules 6, 8 and 10 at the desk: the waitlist, the call queue and stop-clinic, on real files.
@Suite("Waitlist, call queue and stop-clinic")
struct WaitlistTests {
    func wait(_ h: Hospital, _ p: PatientView, from: String = "2026-11-25", to: String = "2026-11-30", hours: (Int, Int) = (0, 24),
              priority: PriorityClass? = nil, store: Store? = nil) throws -> WaitlistView {
        try (store ?? h.store).addToWaitlist(WaitlistRequest(patient: .id(p.id), department: "TEST", firstDate: day(from), lastDate: day(to),
                                                             firstHour: hours.0, endHour: hours.1, priority: priority), by: Hospital.desk)
    }

    @Test("a cancelled seat goes at once to the waiting patient of the highest class, not the one who waited longest")
    func cancelServesHighestClass() throws {
        try withSmallHospital(capacity: 1) { h in
            let booked = try h.book(try h.patient("李明", 1), "R1@2026-11-26T09")
            // Every other 09:00–10:00 seat that day is taken too, so the entries wait.
            for (i, hour) in [8, 10, 11].enumerated() { _ = try h.book(try h.patient("占位", 50 + i), "R1@2026-11-26T\(hour < 10 ? "0" : "")\(hour)") }
            let regular = try wait(h, try h.patient("王芳", 2), from: "2026-11-26", to: "2026-11-26", store: h.at("2026-11-25T07:00"))
            let elderly = try wait(h, try h.patient("张伟", 3, birth: "19500101"), from: "2026-11-26", to: "2026-11-26")
            #expect(regular.status == "waiting" && elderly.status == "waiting" && elderly.priority == .priority)
            _ = try h.store.cancel(appointment: booked.id, by: Hospital.desk)
            let served = try h.store.waitlist(all: true)
            #expect(served.first { $0.id == elderly.id }?.status == "booked")
            #expect(served.first { $0.id == regular.id }?.status == "waiting")
            let note = try #require(try h.store.notifications().first)
            #expect(note.kind == .waitlistBooked && note.patientName == "张伟" && note.appointment.slotLabel == "R1@2026-11-26T09")
            #expect(note.appointment.priority == .priority)
        }
    }

    @Test("an entry is only served within its window and hours, and expires when its window ends")
    func windowAndExpiry() throws {
        try withSmallHospital(capacity: 1) { h in
            for hour in 8...11 { _ = try h.book(try h.patient("占位", 60 + hour), "R1@2026-11-27T\(hour < 10 ? "0" : "")\(hour)") }
            let morning = try wait(h, try h.patient("王芳", 2), from: "2026-11-27", to: "2026-11-27", hours: (10, 12))
            let nineOClock = try h.store.appointments(AppointmentFilter(date: day("2026-11-27"))).first { $0.hour == 9 }!
            _ = try h.store.cancel(appointment: nineOClock.id, by: Hospital.desk)
            #expect(try h.store.waitlist().first?.id == morning.id, "09:00 is outside 10–12: still waiting")
            #expect(try h.at("2026-11-28T08:00").waitlist(all: true).first?.status == "expired")
            _ = try h.at("2026-11-28T08:00").serveWaitlist(by: Hospital.desk)
            #expect(try h.count("SELECT count(*) FROM waitlist WHERE status = 'expired'") == 1)
        }
    }

    @Test("reserved seats released by the clock go to the waitlist at the next command")
    func releaseServesWaitlist() throws {
        try withSmallHospital(capacity: 2, reserved: 1) { h in
            _ = try h.book(try h.patient("李明", 1), "R1@2026-11-28T09")
            for hour in [8, 10, 11] {
                for k in 0..<2 { _ = try h.store.book(BookingRequest(patient: .id(try h.patient("占位", hour * 10 + k).id), slot: slot("R1@2026-11-28T\(hour < 10 ? "0" : "")\(hour)"),
                                                                     channel: .alliance, clinic: "C01"), by: Hospital.referralOffice) }
            }
            let entry = try wait(h, try h.patient("王芳", 2), from: "2026-11-28", to: "2026-11-28")
            #expect(entry.status == "waiting", "the last seat at 09:00 is reserved until 26 Nov 09:00")
            #expect(try h.at("2026-11-26T08:59").serveWaitlist(by: Hospital.desk).isEmpty)
            let booked = try h.at("2026-11-26T09:00").serveWaitlist(by: Hospital.desk)
            #expect(booked.count == 1)
            #expect(try h.store.waitlist(all: true).first?.status == "booked")
        }
    }

    @Test("the call queue: class first, then check-in time; a skipped patient goes back after the next two")
    func callQueueOrder() throws {
        try withSmallHospital(capacity: 6) { h in
            let names = ["甲", "乙", "丙", "丁"]
            var appointments: [AppointmentView] = []
            for (i, name) in names.enumerated() { appointments.append(try h.book(try h.patient("患者" + name, i + 1), "R1@2026-11-25T09")) }
            let elderly = try h.book(try h.patient("老人", 9, birth: "19500101"), "R1@2026-11-25T09")
            for (i, a) in appointments.enumerated() { _ = try h.at("2026-11-25T08:\(40 + i)").checkIn(appointment: a.id, by: Hospital.desk) }
            _ = try h.at("2026-11-25T08:50").checkIn(appointment: elderly.id, by: Hospital.desk)
            let place = slot("R1@2026-11-25T09")
            let queue = try h.store.callQueue(place)
            #expect(queue.waiting.map(\.patientName) == ["老人", "患者甲", "患者乙", "患者丙", "患者丁"])
            _ = try h.store.callNext(place, by: Hospital.desk)
            #expect(refusal { try h.store.callNext(place, by: Hospital.desk) }?.code == "patient_being_seen")
            let skipped = try h.store.skip(place, by: Hospital.desk)
            #expect(skipped.called == nil)
            #expect(skipped.waiting.map(\.patientName) == ["患者甲", "患者乙", "老人", "患者丙", "患者丁"])
            _ = try h.store.callNext(place, by: Hospital.desk)
            let done = try h.store.finishVisit(place, by: Hospital.desk)
            #expect(done.done.map(\.patientName) == ["患者甲"])
            #expect(try h.store.appointment(appointments[0].id).status == .completed)
            // Another terminal reads the same order from the database.
            let other = try Store.create(path: h.path, training: true, now: at("2026-11-25T08:55"))
            #expect(try other.callQueue(place).waiting.map(\.patientName) == ["患者乙", "老人", "患者丙", "患者丁"])
        }
    }

    @Test("a stop-clinic of a full day of 40 appointments rebooks or waitlists all 40 and loses none")
    func stopClinicLosesNone() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("stop.db").path
            let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
            var setup = smallSetup(capacity: 10)
            setup.resources.append(.init(code: "R2", department: "TEST", kind: .clinic, name: "第二诊室"))
            setup.sessions.append(.init(resource: "R2", weekdays: [4], firstHour: 8, endHour: 10, capacity: 5, reserved: 0))
            _ = try store.applySetup(setup, by: Hospital.admin)
            _ = try store.generateSlots(from: day("2026-11-25"), to: day("2026-12-01"), by: Hospital.admin)
            let h = Hospital(folder: folder, path: path, store: store)
            var booked: [AppointmentView] = []
            for i in 0..<40 {
                let p = try h.patient("患者", 200 + i, birth: i % 4 == 0 ? "19500101" : "19900101")
                booked.append(try h.book(p, "R1@2026-11-26T\(["08", "09", "10", "11"][i % 4])"))
            }
            // Fill tomorrow's R1 neighbours so some must wait: only R2 (10 seats on Thursday 26th) and later days remain.
            let report = try store.stopSession(resource: "R1", date: day("2026-11-26"), reason: "医生外出会诊", rebook: true, by: Hospital.admin)
            #expect(report.patients.count == 40)
            #expect(report.patients.allSatisfy { ($0.rebooked != nil) != ($0.waitlist != nil) })
            let rebooked = report.patients.compactMap(\.rebooked)
            let waitlisted = report.patients.compactMap(\.waitlist)
            #expect(rebooked.count + waitlisted.count == 40)
            #expect(try h.count("SELECT count(*) FROM appointment WHERE cancel_kind = 'hospital'") == 40)
            #expect(try h.count("SELECT count(*) FROM notification WHERE kind = 'stop_clinic'") == 40)
            // Rebooked patients keep their class and first booking time.
            for p in report.patients {
                if let id = p.rebooked {
                    let a = try store.appointment(id)
                    #expect(a.priority == p.cancelled.priority && a.patientID == p.cancelled.patientID)
                    #expect(try h.count("SELECT count(*) FROM appointment WHERE id = ? AND original_booked_at = ?", [id, p.cancelled.bookedAt]) == 1)
                }
            }
            #expect(try h.count("SELECT count(*) FROM waitlist WHERE status = 'waiting' AND head_of_class = 1") == waitlisted.count)
            // Nothing is offered on the stopped day again, even after regenerating.
            _ = try store.generateSlots(from: day("2026-11-25"), to: day("2026-12-01"), by: Hospital.admin)
            #expect(try store.slots(SlotFilter(from: day("2026-11-26"), resource: "R1")).isEmpty)
            #expect(refusal { try h.book(try h.patient("新患者", 300), "R1@2026-11-26T09") } == .notFound(kind: "slot", key: "R1@2026-11-26T09"))
        }
    }

    @Test("a stopped patient offered a slot is booked with one key, or waits at the head of their class after declining")
    func stopClinicOffers() throws {
        try withSmallHospital(capacity: 2) { h in
            let a = try h.book(try h.patient("李明", 1), "R1@2026-11-27T09")
            let b = try h.book(try h.patient("王芳", 2), "R1@2026-11-27T10")
            _ = try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "停电检修", by: Hospital.admin)
            let notes = try h.store.notifications().filter { $0.kind == .stopClinic }
            #expect(notes.count == 2 && notes.allSatisfy { $0.offeredSlot != nil })
            let first = try #require(notes.first { $0.appointment.id == a.id })
            #expect(first.offeredSlot?.date == day("2026-11-26") || first.offeredSlot?.date == day("2026-11-28"))
            let accepted = try h.store.acceptOffer(first.id, by: Hospital.desk)
            #expect(accepted.rebookedAppointmentID != nil)
            let second = try #require(notes.first { $0.appointment.id == b.id })
            let declined = try h.store.declineOffer(second.id, by: Hospital.desk)
            let entry = try #require(try h.store.waitlist(all: true).first { $0.id == declined.waitlistID })
            #expect(entry.headOfClass && entry.priority == .regular)
            // The declined day is not offered again: the wait starts the day after it.
            #expect(entry.firstDate == second.offeredSlot!.date.adding(days: 1))
            _ = try h.store.markNotified(accepted.id, by: Hospital.desk)
            #expect(try h.store.notifications().contains { $0.id == accepted.id } == false)
            let actions = try h.store.auditLog(AuditFilter(actionPrefix: "notify.", limit: 10), by: Hospital.admin).map(\.action)
            #expect(actions.contains("notify.accept") && actions.contains("notify.decline"))
        }
    }

    @Test("declining an offer when already waiting moves the entry to the head of its class, recorded in the audit log")
    func declineWhileWaiting() throws {
        try withSmallHospital(capacity: 2) { h in
            let patient = try h.patient("李明", 1)
            let a = try h.book(patient, "R1@2026-11-27T09")
            // The hour the entry waits for is full, so it keeps waiting.
            for (n, date) in ["2026-11-28", "2026-11-29", "2026-11-30"].enumerated() {
                for k in 0..<2 { _ = try h.book(try h.patient("患者", 10 + n * 2 + k), "R1@\(date)T11") }
            }
            let waiting = try h.store.addToWaitlist(WaitlistRequest(patient: .id(patient.id), department: "TEST", firstDate: day("2026-11-28"),
                                                                    lastDate: day("2026-11-30"), firstHour: 11, endHour: 12), by: Hospital.desk)
            #expect(waiting.status == "waiting")
            _ = try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "停电检修", by: Hospital.admin)
            let note = try #require(try h.store.notifications().first { $0.appointment.id == a.id })
            let declined = try h.store.declineOffer(note.id, by: Hospital.desk)
            #expect(declined.waitlistID == waiting.id)
            #expect(try h.store.waitlist().first { $0.id == waiting.id }?.headOfClass == true)
            let actions = try h.store.auditLog(AuditFilter(limit: 5), by: Hospital.admin).map(\.action)
            #expect(actions.contains("waitlist.head_of_class") && actions.contains("notify.decline"))
        }
    }

    @Test("the desk may not stop a clinic; stopping twice is refused")
    func stopNeedsAdmin() throws {
        try withSmallHospital { h in
            #expect(refusal { try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "x", by: Hospital.desk) }?.code == "not_permitted")
            _ = try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "会诊", by: Hospital.admin)
            #expect(refusal { try h.store.stopSession(resource: "R1", date: day("2026-11-27"), reason: "会诊", by: Hospital.admin) }
                    == .sessionAlreadyStopped(resource: "R1", date: day("2026-11-27")))
        }
    }

    @Test("a priority group set at the desk gives the priority class; taking it away gives regular again")
    func priorityGroup() throws {
        try withSmallHospital { h in
            let p = try h.patient("刘芳", 2)  // an even sequence number: a woman
            #expect(try h.book(p, "R1@2026-11-26T09").priority == .regular)
            let man = try h.patient("王强", 3)
            #expect(refusal { try h.store.setPriorityGroup(.id(man.id), group: .pregnant, reason: "孕28周", by: Hospital.desk) }
                    == .priorityGroupMismatch(group: "pregnant"))
            #expect(try h.store.patient(.id(man.id)).priorityGroup == nil)
            #expect(refusal { try h.store.setPriorityGroup(.id(p.id), group: .pregnant, reason: " ", by: Hospital.desk) }?.code == "invalid_input")
            _ = try h.store.setPriorityGroup(.id(p.id), group: .pregnant, reason: "孕28周", by: Hospital.desk)
            #expect(try h.book(p, "R1@2026-11-27T09").priority == .priority)
            _ = try h.store.setPriorityGroup(.id(p.id), group: nil, reason: nil, by: Hospital.desk)
            #expect(try h.book(p, "R1@2026-11-28T09").priority == .regular)
        }
    }
}

/// Random days at the desk: bookings, cancellations, waitlist entries and the clock moving past
/// release moments. After every step no freed seat stays empty while an eligible entry waits,
/// and nobody was served before a waiting entry of a higher class that could take the same seat.
@Suite("Waitlist properties")
struct WaitlistPropertyTests {
    enum Event { case book(patient: Int, slot: Int), cancel(Int), wait(patient: Int, fromDay: Int, days: Int, hours: Int, priority: PriorityClass), advance(hours: Int) }

    static func decode(_ n: Int) -> Event {
        let kind = n % 10, a = (n / 10) % 12, b = (n / 120) % 8
        switch kind {
        case 0...3: return .book(patient: a, slot: b)
        case 4, 5: return .cancel(a)
        case 6...8: return .wait(patient: a, fromDay: b % 2, days: 1 + (b / 2) % 2, hours: (b / 4) % 3, priority: PriorityClass.allCases[(n / 960) % 4])
        default: return .advance(hours: 3 + b * 3)
        }
    }

    @Test("no freed seat stays empty while an eligible entry waits; classes are served in order")
    func waitlistInvariants() async throws {
        await propertyCheck(count: 40, input: Gen.int(in: 0...9999).array(of: 20...60)) { numbers in
            do {
                try Self.run(numbers.map(Self.decode))
            } catch {
                Issue.record("unexpected failure: \(error)")
            }
        }
    }

    static func run(_ events: [Event]) throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("prop.db").path
            var clock = at("2026-11-25T08:00")
            let base = try Store.create(path: path, training: true, now: clock)
            var setup = smallSetup(capacity: 2, reserved: 1)
            setup.departments[0].policy = BookingPolicy(publicHorizonDays: 7, allianceHorizonDays: 14, releaseLeadHours: 48)
            _ = try base.applySetup(setup, by: Hospital.admin)
            _ = try base.generateSlots(from: day("2026-11-25"), to: day("2026-11-29"), by: Hospital.admin)
            let h = Hospital(folder: folder, path: path, store: base)
            let patients = try (0..<12).map { i in try h.patient("患者", 500 + i, birth: i % 3 == 0 ? "19500101" : "19900101") }
            let slots = try base.slots(SlotFilter(from: day("2026-11-26"), to: day("2026-11-27"))).map(\.id)
            var servedBefore = Set(try Int64.fetchAll(try h.rawDatabase().makeReader(), "SELECT id FROM waitlist WHERE status = 'booked'"))
            for event in events {
                let store = base.with(clock: FixedClock(clock))
                let waitingBefore = try store.waitlist().filter { $0.status == "waiting" }
                do {
                    switch event {
                    case let .book(p, s):
                        _ = try store.book(BookingRequest(patient: .id(patients[p].id), slot: .id(slots[s % slots.count])), by: Hospital.desk)
                    case let .cancel(k):
                        let live = try store.appointments(AppointmentFilter(liveOnly: true)).filter { $0.date >= clock.date }
                        if !live.isEmpty { _ = try store.cancel(appointment: live[k % live.count].id, by: Hospital.desk) }
                    case let .wait(p, fromDay, days, hours, priority):
                        // Everyone waits for the two days the bookings fill, so entries compete for freed seats.
                        let first = day("2026-11-26").adding(days: fromDay)
                        let range = [(0, 24), (8, 10), (10, 12)][hours]
                        _ = try store.addToWaitlist(WaitlistRequest(patient: .id(patients[p].id), department: "TEST", firstDate: first,
                                                                    lastDate: first.adding(days: days - 1), firstHour: range.0, endHour: range.1,
                                                                    priority: priority), by: Hospital.desk)
                    case let .advance(hours):
                        clock = clock.adding(minutes: hours * 60)
                        _ = try base.with(clock: FixedClock(clock)).serveWaitlist(by: Hospital.desk)
                    }
                } catch let error as BookingError where error.kind != .storage {
                    // Refusals are part of a day at the desk; the invariants must hold regardless.
                }
                try checkInvariants(h, now: clock, waitingBefore: waitingBefore, servedBefore: &servedBefore)
            }
        }
    }

    static func checkInvariants(_ h: Hospital, now: LocalDateTime, waitingBefore: [WaitlistView], servedBefore: inout Set<Int64>) throws {
        let db = try h.rawDatabase()
        let store = h.store.with(clock: FixedClock(now))
        let waiting = try store.waitlist().filter { $0.status == "waiting" }
        let slots = try store.slots(SlotFilter(from: now.date, to: now.date.adding(days: 7)))
        let live = try store.appointments(AppointmentFilter(liveOnly: true))
        func eligible(_ w: WaitlistView, _ s: SlotView, ignoring: Int64? = nil) -> Bool {
            guard !s.started, WaitlistRules.matches(w.entry, department: s.department, resource: s.resource, date: s.date, hour: s.hour),
                  s.date <= SlotRules.horizonEnd(today: now.date, channel: w.channel, policy: .standard) else { return false }
            let sameDay = live.contains { $0.patientID == w.patientID && $0.date == s.date && $0.id != ignoring }
            return !sameDay
        }
        for w in waiting {
            for s in slots where eligible(w, s) && s.available > 0 {
                Issue.record("entry \(w.id) (\(w.priority)) waits while \(s.label) has \(s.available) public seat(s) free at \(now)")
            }
        }
        let newlyServed = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT id, appointment_id FROM waitlist WHERE status = 'booked'").filter { !servedBefore.contains($0["id"]) }
        }
        var servedNow: [(entry: WaitlistView, appointment: AppointmentView)] = []
        for row in newlyServed {
            let id: Int64 = row["id"]
            servedBefore.insert(id)
            let entry = try #require(try store.waitlist(all: true).first { $0.id == id })
            servedNow.append((entry, try store.appointment(row["appointment_id"])))
        }
        // Everyone of a higher class who was waiting when this seat was given out, and could have
        // taken it, must have been served at this seat's time or earlier.
        for (served, a) in servedNow {
            guard let s = slots.first(where: { $0.id == a.slotID }) else { continue }
            for w in waitingBefore where w.priority < served.priority && w.id != served.id {
                let own = servedNow.first { $0.entry.id == w.id }?.appointment
                if let own, LocalDateTime(date: own.date, hour: own.hour) <= LocalDateTime(date: a.date, hour: a.hour) { continue }
                let sameDay = live.contains { $0.patientID == w.patientID && $0.date == s.date && $0.id != a.id && $0.id != own?.id }
                guard !s.started, !sameDay, WaitlistRules.matches(w.entry, department: s.department, resource: s.resource, date: s.date, hour: s.hour),
                      s.date <= SlotRules.horizonEnd(today: now.date, channel: w.channel, policy: .standard) else { continue }
                Issue.record("entry \(served.id) (\(served.priority)) got \(s.label) before \(w.id) (\(w.priority)), who could take it")
            }
        }
    }
}

extension DatabaseQueue {
    func makeReader() -> DatabaseQueue { self }
}

extension Int64 {
    static func fetchAll(_ reader: DatabaseQueue, _ sql: String) throws -> [Int64] {
        try reader.read { db in try Int64.fetchAll(db, sql: sql) }
    }
}

extension WaitlistView {
    var entry: WaitlistEntry {
        WaitlistEntry(id: id, priority: priority, headOfClass: headOfClass, waitingSince: waitingSince, department: department, resource: resource,
                      firstDate: firstDate, lastDate: lastDate, firstHour: firstHour, endHour: endHour)
    }
}
