import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

/// Nurse Wang on the ward's night shift.
private let ward = Operator(name: "night:wang", terminal: "/dev/pts/9", roles: [.night])
private let office = Hospital.referralOffice
/// Thursday 26 November 2026, the day after the tests' clock: OR1 (turnover 15) and OR2 (turnover 20) open 08:00–17:00.
private let thursday = day("2026-11-26")

extension Hospital {
    /// Puts `patient` on the day-surgery queue, by the referral office.
    @discardableResult
    func addCase(_ patient: PatientView, _ procedure: String = "腹股沟疝修补术", surgeon: String = "D014", minutes: Int = 60,
                 anaesthesia: Anaesthesia = .regional, referral: Int64? = nil, priority: PriorityClass? = nil, since: String? = nil) throws -> SurgeryCaseView {
        try store.addSurgeryCase(SurgeryCaseInput(patient: .id(patient.id), procedure: procedure, surgeon: surgeon, estimatedMinutes: minutes,
                                                  anaesthesia: anaesthesia, referral: referral, priority: priority,
                                                  waitingSince: since.map { BookingStoreTests.at($0) }), by: office)
    }

    /// Ticks every item the case needs.
    @discardableResult
    func tickAll(_ c: SurgeryCaseView) throws -> SurgeryCaseView {
        try store.tickChecklist(case: c.id, items: DaySurgeryRules.required(for: c.anaesthesia), by: ward)
    }

    func schedule(_ c: SurgeryCaseView, _ theatre: String = "OR1", on date: LocalDate = thursday, at position: Int? = nil) throws(BookingError) -> SurgeryCaseView {
        try store.scheduleSurgery(case: c.id, theatre: theatre, date: date, position: position, by: office)
    }
}

@Suite("Day surgery in the store (rule 11)")
struct DaySurgeryStoreTests {
    @Test("a case from a referral takes its class and waiting-since; only the referral office and admin add cases")
    func addFromReferral() throws {
        try withDemoHospital { h in
            let li = try h.patient("李明", 1)
            let r = try h.at("2026-11-20T10:00").addReferral(ReferralInput(patient: .id(li.id), clinic: "C02", referringDoctor: "钱红医生", department: "GSUR",
                                                                             reason: "右侧腹股沟包块", urgency: .urgent), by: office)
            let audits = try h.auditRows()
            let c = try h.addCase(li, referral: r.id)
            #expect(c.priority == .referral && c.waitingSince == at("2026-11-20T10:00") && c.status == .queued && c.referralID == r.id)
            #expect(c.surgeonName == "胡振华" && c.department == "GSUR" && c.missing.count == 6)
            #expect(try h.auditRows() == audits + 1)
            #expect(refusal { try h.store.addSurgeryCase(SurgeryCaseInput(patient: .id(li.id), procedure: "疝修补", surgeon: "D014", estimatedMinutes: 60,
                                                                           anaesthesia: .local), by: Hospital.desk) }?.code == "not_permitted")
            #expect(refusal { try h.store.addSurgeryCase(SurgeryCaseInput(patient: .id(li.id), procedure: "疝修补", surgeon: "D014", estimatedMinutes: 60,
                                                                           anaesthesia: .local), by: ward) }?.code == "not_permitted")
            #expect(refusal { try h.addCase(li, surgeon: "OR1") }?.code == "invalid_input")
            #expect(refusal { try h.addCase(li, minutes: 700) }?.code == "invalid_input")
        }
    }

    @Test("a theatre day's minutes plus turnovers never exceed 540: seven one-hour cases fit, the eighth is refused")
    func minutesNeverExceeded() throws {
        try withDemoHospital { h in
            let people = try h.patients(10)
            for p in people.prefix(7) { _ = try h.schedule(try h.addCase(p, surgeon: "D014")) }
            let eighth = try h.addCase(people[7], surgeon: "D015")
            let before = try h.auditRows()
            // 7 × 60 + 6 × 15 = 510 minutes used; the next case needs its own turnover first.
            #expect(refusal { try h.schedule(eighth) } == .theatreDayFull(theatre: "OR1", date: thursday, minutesLeft: 15, needed: 60))
            #expect(try h.store.surgeryCase(eighth.id).status == .queued)
            #expect(try h.auditRows() == before)
            let or1 = try #require(try h.store.surgeryDay(thursday).theatres.first { $0.theatre == "OR1" })
            #expect(or1.timetable.used == 510 && or1.cases.count == 7 && or1.cases.last?.plannedStart == at("2026-11-26T15:30"))
            // A 15-minute case fills the day to the minute; after it, nothing.
            _ = try h.schedule(try h.addCase(people[8], "体表肿物切除术", surgeon: "D016", minutes: 15, anaesthesia: .local))
            #expect(try h.store.surgeryDay(thursday).theatres[0].timetable.used == 540)
            #expect(refusal { try h.schedule(try h.addCase(people[9], "体表肿物切除术", surgeon: "D016", minutes: 5, anaesthesia: .local)) }?.code
                == "theatre_day_full")
            // OR2's turnover is 20: four 120-minute cases take 540 exactly.
            let more = try h.patients(5, first: 20)
            for p in more.prefix(4) { _ = try h.schedule(try h.addCase(p, surgeon: "D017", minutes: 120), "OR2", on: thursday.adding(days: 1)) }
            #expect(try h.store.surgeryDay(thursday.adding(days: 1)).theatres[1].timetable.used == 4 * 120 + 3 * 20)
        }
    }

    @Test("a surgeon operating in OR1 at 08:00 cannot be put first in OR2 that day; later, when he is free, he can")
    func surgeonDoubleBookingRefused() throws {
        try withDemoHospital { h in
            let people = try h.patients(4)
            _ = try h.schedule(try h.addCase(people[0], "腹腔镜胆囊切除术", surgeon: "D014", minutes: 90, anaesthesia: .general))
            let second = try h.addCase(people[1], surgeon: "D014")
            #expect(refusal { try h.schedule(second, "OR2") }
                == .surgeonBusy(surgeon: "胡振华", theatre: "OR1", from: at("2026-11-26T08:00"), to: at("2026-11-26T09:30")))
            #expect(try h.store.surgeryCase(second.id).status == .queued)
            // After Dr Xu's two cataracts (08:00–08:30, 08:50–09:20) and a turnover, OR2 is free at 09:40: so is Dr Hu.
            _ = try h.schedule(try h.addCase(people[2], "白内障超声乳化摘除术", surgeon: "D026", minutes: 30, anaesthesia: .local), "OR2")
            _ = try h.schedule(try h.addCase(people[3], "白内障超声乳化摘除术", surgeon: "D026", minutes: 30, anaesthesia: .local), "OR2")
            let placed = try h.schedule(second, "OR2")
            #expect(placed.status == .scheduled && placed.sequence == 3 && placed.plannedStart == at("2026-11-26T09:40"))
            // Moving him first in OR2 would put him in two theatres again.
            #expect(refusal { try h.store.reorderSurgery(case: second.id, position: 1, by: ward) }?.code == "surgeon_busy")
            #expect(try h.store.surgeryCase(second.id).sequence == 3)
        }
    }

    @Test("a patient has one case a day, checked by the core and again by the schema")
    func onePatientOneCaseADay() throws {
        try withDemoHospital { h in
            let li = try h.patient("李明", 1)
            let hernia = try h.schedule(try h.addCase(li))
            let cataract = try h.addCase(li, "白内障超声乳化摘除术", surgeon: "D026", minutes: 30, anaesthesia: .local)
            #expect(refusal { try h.schedule(cataract, "OR2") } == .patientHasCase(existing: hernia.id, date: thursday))
            #expect(throws: DatabaseError.self) {
                try h.rawDatabase().write { db in
                    try db.execute(sql: "UPDATE surgery_case SET status = 'scheduled', theatre_id = (SELECT id FROM resource WHERE code = 'OR2'), date = ?, sequence = 1 WHERE id = ?",
                                   arguments: [thursday.description, cataract.id])
                }
            }
        }
    }

    @Test("ready only with a full checklist: each tick records who and when; withdrawing one puts the case back")
    func readyOnlyWithFullChecklist() throws {
        try withDemoHospital { h in
            let li = try h.patient("李明", 1)
            let c = try h.schedule(try h.addCase(li, "腹腔镜胆囊切除术", minutes: 90, anaesthesia: .general))
            #expect(refusal { try h.store.confirmSurgery(case: c.id, by: ward) } == .checklistIncomplete(caseID: c.id, missing: ChecklistItem.allCases))
            let evening = h.at("2026-11-25T21:10")
            var ticked = try evening.tickChecklist(case: c.id, items: [.assessment, .labs, .consent, .fasting], by: ward)
            ticked = try evening.tickChecklist(case: c.id, items: [.escort], note: "免陪照护", by: ward)
            let escort = try #require(ticked.tick(.escort))
            #expect(escort.by == "night:wang" && escort.at == at("2026-11-25T21:10") && escort.note == "免陪照护")
            #expect(refusal { try h.store.confirmSurgery(case: c.id, by: ward) } == .checklistIncomplete(caseID: c.id, missing: [.anaesthesiaReview]))
            // The schema refuses a ready case with a gap, whatever the code does.
            #expect(throws: DatabaseError.self) {
                try h.rawDatabase().write { db in
                    try db.execute(sql: "UPDATE surgery_case SET status = 'ready', confirmed_at = '2026-11-25T22:00' WHERE id = ?", arguments: [c.id])
                }
            }
            _ = try h.store.tickChecklist(case: c.id, items: [.anaesthesiaReview], by: ward)
            let ready = try h.store.confirmSurgery(case: c.id, by: ward)
            #expect(ready.status == .ready && ready.confirmedBy == "night:wang")
            // The coordinator schedules but does not confirm.
            #expect(refusal { try h.store.confirmSurgery(case: c.id, by: office) }?.code == "not_permitted")
            let back = try h.store.tickChecklist(case: c.id, items: [.consent], undo: true, by: ward)
            #expect(back.status == .scheduled && back.missing == [.consent])
            // A local anaesthetic needs no anaesthesia review: five ticks make it ready.
            let local = try h.schedule(try h.addCase(try h.patient("王芳", 2), "体表肿物切除术", surgeon: "D016", minutes: 30, anaesthesia: .local))
            #expect(refusal { try h.store.tickChecklist(case: local.id, items: [.anaesthesiaReview], by: ward) }?.code == "invalid_input")
            _ = try h.tickAll(local)
            #expect(try h.store.confirmSurgery(case: local.id, by: ward).status == .ready)
        }
    }

    @Test("a postponed case goes back to the queue keeping its waiting-since, so it keeps its place; the list closes up")
    func postponedKeepsItsPlace() throws {
        try withDemoHospital { h in
            let people = try h.patients(4)
            let first = try h.addCase(people[0], since: "2026-11-01T09:00")
            let second = try h.addCase(people[1], surgeon: "D015", since: "2026-11-10T09:00")
            let third = try h.addCase(people[2], surgeon: "D016", since: "2026-11-20T09:00")
            let after = try h.addCase(people[3], "体表肿物切除术", surgeon: "D016", minutes: 30, anaesthesia: .local, since: "2026-11-21T09:00")
            _ = try h.schedule(first)
            _ = try h.schedule(after)
            #expect(try h.store.surgeryQueue().map(\.id) == [second.id, third.id])
            let result = try h.at("2026-11-25T23:05").postponeSurgery(case: first.id, reason: "血压控制不佳", by: ward)
            #expect(result.freed == FreedPlace(theatre: "OR1", date: thursday, position: 1, minutes: 60))
            let back = result.surgeryCase
            #expect(back.status == .queued && back.waitingSince == at("2026-11-01T09:00") && back.postponedCount == 1
                && back.postponeReason == "血压控制不佳" && back.theatre == nil)
            #expect(try h.store.surgeryQueue().map(\.id) == [first.id, second.id, third.id])
            let moved = try h.store.surgeryCase(after.id)
            #expect(moved.sequence == 1 && moved.plannedStart == at("2026-11-26T08:00"))
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'surgery.postpone' AND entity_id = ?", ["\(first.id)"]) == 1)
            // Only a case on a list can be postponed.
            #expect(refusal { try h.store.postponeSurgery(case: first.id, reason: "再次", by: ward) }
                == .wrongCaseStatus(caseID: first.id, status: .queued, step: .postpone))
        }
    }

    @Test("back-fill picks the highest-priority queued case with a full checklist that fits, and books it into the gap")
    func backfillPicksTheRightCase() throws {
        try withDemoHospital { h in
            let people = try h.patients(8)
            let p1 = try h.schedule(try h.addCase(people[0], "腹腔镜胆囊切除术", minutes: 90, anaesthesia: .general))
            let dropped = try h.schedule(try h.addCase(people[1], surgeon: "D015"))
            let p3 = try h.schedule(try h.addCase(people[2], "痔切除术", surgeon: "D016", minutes: 45))
            let green = try h.addCase(people[3], "内固定取出术", surgeon: "D018", minutes: 60, priority: .green, since: "2026-11-24T09:00")  // not ready
            let tooLong = try h.tickAll(try h.addCase(people[4], "关节镜下半月板修复术", surgeon: "D017", minutes: 400, anaesthesia: .general,
                                                      priority: .referral, since: "2026-11-01T09:00"))
            let right = try h.tickAll(try h.addCase(people[5], "腕管松解术", surgeon: "D018", minutes: 30, anaesthesia: .local,
                                                    priority: .referral, since: "2026-11-12T09:00"))
            let newer = try h.tickAll(try h.addCase(people[6], "腱鞘囊肿切除术", surgeon: "D019", minutes: 30, anaesthesia: .local,
                                                    priority: .referral, since: "2026-11-18T09:00"))
            let lower = try h.tickAll(try h.addCase(people[7], "白内障超声乳化摘除术", surgeon: "D026", minutes: 30, anaesthesia: .local,
                                                    priority: .regular, since: "2026-10-01T09:00"))
            _ = (green, tooLong, newer, lower)
            let freed = try h.store.postponeSurgery(case: dropped.id, reason: "上呼吸道感染", by: ward).freed
            let proposal = try #require(try h.store.proposeBackfill(theatre: freed.theatre, date: freed.date, position: freed.position))
            #expect(proposal.surgeryCase.id == right.id && proposal.position == 2 && proposal.start == at("2026-11-26T09:45"))
            // The reviewer was shown another case (the queue changed meanwhile): nothing is booked.
            #expect(refusal { try h.store.backfillSurgery(theatre: "OR1", date: thursday, position: 2, expecting: newer.id, by: ward) }?.code == "invalid_input")
            let booked = try h.store.backfillSurgery(theatre: "OR1", date: thursday, position: 2, expecting: right.id, by: ward)
            #expect(booked.status == .scheduled && booked.sequence == 2)
            #expect(try h.store.surgeryDay(thursday).theatres[0].cases.map(\.id) == [p1.id, right.id, p3.id])
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'surgery.backfill'") == 1)
            // The desk cannot back-fill.
            #expect(refusal { try h.store.backfillSurgery(theatre: "OR1", date: thursday, by: Hospital.desk) }?.code == "not_permitted")
        }
    }

    @Test("back-fill does not offer a case postponed today, even with its checklist complete; the next day it may")
    func backfillSkipsCasePostponedToday() throws {
        try withDemoHospital { h in
            let people = try h.patients(2)
            let postponed = try h.schedule(try h.tickAll(try h.addCase(people[0], "腕管松解术", surgeon: "D018", minutes: 30, anaesthesia: .local,
                                                                      priority: .referral, since: "2026-11-01T09:00")))
            let other = try h.schedule(try h.addCase(people[1], "腱鞘囊肿切除术", surgeon: "D019", minutes: 30, anaesthesia: .local,
                                                     priority: .regular, since: "2026-11-20T09:00"))
            let evening = h.at("2026-11-25T22:00")
            _ = try evening.postponeSurgery(case: postponed.id, reason: "化验未回", by: ward)
            #expect(try evening.surgeryCase(postponed.id).missing.isEmpty, "its checklist stays complete")
            let freed = try evening.postponeSurgery(case: other.id, reason: "上呼吸道感染", by: ward).freed
            #expect(try evening.proposeBackfill(theatre: freed.theatre, date: freed.date, position: freed.position) == nil)
            #expect(refusal { try evening.backfillSurgery(theatre: freed.theatre, date: freed.date, position: freed.position, by: ward) }
                == .noBackfill(theatre: freed.theatre, date: freed.date))
            let nextMorning = h.at("2026-11-26T00:30")
            let proposal = try #require(try nextMorning.proposeBackfill(theatre: freed.theatre, date: freed.date, position: freed.position))
            #expect(proposal.surgeryCase.id == postponed.id)
        }
    }

    @Test("the planner proposes by class then waiting time and writes nothing until a person confirms")
    func plannerProposesPersonConfirms() throws {
        try withDemoHospital { h in
            let people = try h.patients(3)
            let regular = try h.addCase(people[0], "腹腔镜胆囊切除术", surgeon: "D014", minutes: 300, anaesthesia: .general, priority: .regular, since: "2026-10-01T09:00")
            let referred = try h.addCase(people[1], "腹腔镜胆囊切除术", surgeon: "D015", minutes: 300, anaesthesia: .general, priority: .referral, since: "2026-11-20T09:00")
            let small = try h.addCase(people[2], "体表肿物切除术", surgeon: "D016", minutes: 30, anaesthesia: .local, priority: .regular, since: "2026-11-22T09:00")
            let audits = try h.auditRows()
            let plan = try h.store.proposeSurgeryPlan(days: 2)
            #expect(plan.map(\.proposal.caseID) == [referred.id, regular.id, small.id])
            #expect(plan.map(\.proposal.theatre) == ["OR1", "OR2", "OR1"])
            #expect(plan.allSatisfy { $0.proposal.date == thursday })
            #expect(try h.auditRows() == audits && (try h.store.surgeryQueue().count) == 3)
            let booked = try h.store.applySurgeryPlan(plan.map(\.proposal), by: office)
            #expect(booked.map(\.status) == [.scheduled, .scheduled, .scheduled])
            #expect(try h.store.surgeryCase(small.id).plannedStart == at("2026-11-26T13:15"))
            // Applied twice, the same proposal is refused whole: the cases are no longer queued.
            #expect(refusal { try h.store.applySurgeryPlan(plan.map(\.proposal), by: office) }?.code == "wrong_case_status")
        }
    }

    @Test("at discharge a follow-up goes down to the clinic of the patient's last referral, due the next day")
    func dischargeSendsFollowUp() throws {
        try withDemoHospital { h in
            let li = try h.patient("李明", 1), wang = try h.patient("王芳", 2)
            let r = try h.upReferral(li, clinic: "C02")
            let today = day("2026-11-25")
            let c = try h.tickAll(try h.addCase(li, referral: r.id))
            _ = try h.schedule(c, on: today)
            _ = try h.store.confirmSurgery(case: c.id, by: ward)
            #expect(refusal { try h.store.completeSurgery(case: c.id, by: Hospital.desk) }?.code == "not_permitted")
            _ = try h.store.startSurgery(case: c.id, by: ward)
            let result = try h.at("2026-11-25T15:40").completeSurgery(case: c.id, by: ward)
            #expect(result.surgeryCase.status == .done && result.surgeryCase.dischargedAt == at("2026-11-25T15:40"))
            let f = try #require(result.followUp)
            #expect(f.direction == .down && f.clinic == "C02" && f.department == "GSUR" && f.resource == "D014" && f.urgency == .routine
                && f.status == .pending && f.dueDate == day("2026-11-26") && f.reason.contains("腹股沟疝修补术"))
            #expect(result.surgeryCase.followUpReferralID == f.id)
            #expect(try h.store.referrals(ReferralFilter(statuses: [.pending], direction: .down)).map(\.id) == [f.id])
            // A patient with no referral has no alliance clinic: discharged, no follow-up, and the audit says so.
            let other = try h.tickAll(try h.addCase(wang, "体表肿物切除术", surgeon: "D016", minutes: 30, anaesthesia: .local))
            _ = try h.schedule(other, on: today)
            _ = try h.store.confirmSurgery(case: other.id, by: ward)
            let noClinic = try h.store.completeSurgery(case: other.id, by: ward)
            #expect(noClinic.followUp == nil && noClinic.surgeryCase.status == .done)
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'surgery.done' AND after LIKE '%no follow-up%'") == 1)
            // Discharged is final.
            #expect(refusal { try h.store.postponeSurgery(case: other.id, reason: "x", by: ward) }?.code == "wrong_case_status")
        }
    }

    @Test("theatre days follow the calendar: closed on a holiday, open on a make-up Saturday (rule 12)")
    func calendarAwareTheatreDays() throws {
        try withDemoHospital(now: "2026-09-28T09:00", days: 0) { h in
            let c = try h.addCase(try h.patient("李明", 1))
            #expect(refusal { try h.schedule(c, on: day("2026-10-01")) } == .theatreClosed(theatre: "OR1", date: day("2026-10-01")))
            #expect(try h.store.nextTheatreDay(after: day("2026-09-30")) == day("2026-10-08"))
            // Saturday 10 October works as a Wednesday: the theatres run their Wednesday sessions.
            let saturday = try h.schedule(c, on: day("2026-10-10"))
            #expect(saturday.status == .scheduled && saturday.plannedStart == at("2026-10-10T08:00"))
            #expect(try h.store.surgeryDay(day("2026-10-10")).theatres.map(\.minutes) == [540, 540])
        }
    }

    @Test("the setup file carries each theatre's turnover, only for theatres, 0–120 minutes")
    func turnoverInSetup() throws {
        try withDemoHospital { h in
            let exported = SetupFile.render(try h.store.currentSetup())
            #expect(exported.contains("code = \"OR2\"\ndepartment = \"DSC\"\nkind = \"theatre\"\nname = \"日间手术室二\"\nname_en = \"Day Surgery Theatre 2\"\nturnover_minutes = 20\n"))
            var setup = try DemoHospital.setup()
            let or2 = try #require(setup.resources.firstIndex { $0.code == "OR2" })
            setup.resources[or2].turnoverMinutes = 30
            _ = try h.store.applySetup(setup, by: Hospital.admin)
            #expect(try h.store.surgeryDay(thursday).theatres.map(\.turnover) == [15, 30])
            let bad = """
                [[department]]
                code = "DSC"
                name = "日间手术中心"
                [[resource]]
                code = "OR9"
                department = "DSC"
                kind = "theatre"
                name = "手术室九"
                turnover_minutes = 150
                [[resource]]
                code = "D099"
                department = "DSC"
                kind = "clinic"
                name = "某医生"
                turnover_minutes = 10
                """
            guard case let .failure(.setupInvalid(problems)) = SetupFile.parse(text: bad).flatMap({ setup -> Result<HospitalSetup, BookingError> in
                let found = SetupRules.problems(in: setup, storedDepartments: [], storedResources: [:])
                return found.isEmpty ? .success(setup) : .failure(.setupInvalid(found))
            }) else {
                Issue.record("the bad turnovers were accepted")
                return
            }
            #expect(problems.map(\.description) == ["line 4: resource[1].turnover_minutes: must be 0–120",
                                                     "line 10: resource[2].turnover_minutes: only a theatre has a turnover"])
        }
    }

    @Test("the handover CSV is RFC 4180 in UTF-8 with a BOM: Excel and WPS open the Chinese, quotes and commas survive")
    func handoverCSV() throws {
        try withDemoHospital { h in
            let li = try h.patient("李明", 1), wang = try h.patient("王芳", 2)
            let tricky = try h.schedule(try h.addCase(li, "宫腔镜检查术, \"加急\"", surgeon: "D020", minutes: 30, anaesthesia: .general))
            _ = try h.schedule(try h.addCase(wang, "=HYPERLINK(\"x\")", surgeon: "D016", minutes: 30, anaesthesia: .local))
            _ = try h.store.tickChecklist(case: tricky.id, items: [.assessment, .labs], by: ward)
            let data = try SurgeryHandover.csv(try h.store.surgeryDay(thursday), language: .zh)
            #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
            let text = try #require(String(data: data.dropFirst(3), encoding: .utf8))
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines.count == 4 && lines[3].isEmpty)  // header, two cases, the final CRLF
            #expect(lines[0].hasPrefix("日期,手术室,台次,开始,结束,病例,患者号,患者,手术,术者,麻醉,分钟,优先级,状态,术前评估,化验检查,知情同意,麻醉评估,禁食告知,陪护/免陪照护,缺项"))
            #expect(lines[1].hasPrefix("2026-11-26,OR1,1,08:00,08:30,\(tricky.id),\(li.id),李明,\"宫腔镜检查术, \"\"加急\"\"\",郭淑珍,全麻,30,普通,已排程,✓,✓,✗,✗,✗,✗,"))
            #expect(lines[2].contains(",\"'=HYPERLINK(\"\"x\"\")\","))
            #expect(lines[2].contains(",✗,✗,✗,-,✗,✗,"))
        }
    }

    @Test("the demo hospital has a day-surgery queue of 20+ cases across both theatres, tomorrow's list partly ready")
    func demoQueue() throws {
        try withTemporaryFolder { folder in
            let store = try Store.create(path: folder.appendingPathComponent("demo.db").path, training: true, now: at("2026-11-25T21:30"))
            let report = try store.installDemo(by: Hospital.admin)
            #expect(report.surgeryCases >= 20)
            let tomorrow = try store.surgeryDay(thursday)
            #expect(tomorrow.theatres.map(\.theatre) == ["OR1", "OR2"] && tomorrow.theatres.allSatisfy { $0.cases.count >= 4 && $0.timetable.fits })
            #expect(tomorrow.clashes.isEmpty)
            let cases = tomorrow.cases
            #expect(cases.contains { $0.status == .ready } && cases.contains { !$0.missing.isEmpty } && cases.contains { $0.status == .scheduled && $0.missing.isEmpty })
            let queue = try store.surgeryQueue()
            #expect(queue.count >= 6 && queue.contains { $0.checklistComplete } && queue.contains { $0.referralID != nil })
            // The demo's surgery referrals are past the inbox: the cases are already on the queue.
            #expect(try store.referrals(.inbox).count == report.referrals)
        }
    }
}

extension Hospital {
    /// An up-referral from `clinic` to general surgery, by the referral office.
    func upReferral(_ patient: PatientView, clinic: String) throws -> ReferralView {
        try store.addReferral(ReferralInput(patient: .id(patient.id), clinic: clinic, referringDoctor: "钱红医生", department: "GSUR", reason: "腹股沟包块"),
                              by: Hospital.referralOffice)
    }
}

/// Rule 11: a surgeon is not in theatre during their own clinic hours that have patients booked.
@Suite("A surgeon's own clinic and the theatre (rule 11)")
struct SurgeonClinicTests {
    /// Wednesday 2 December: 胡振华 (D014) holds clinic 08–12; OR1 and OR2 open at 08:00.
    static let wednesday = day("2026-12-02")

    @Test("scheduling a case into the surgeon's booked clinic hour is refused; the planner and back-fill never make one")
    func neverCreated() throws {
        try withDemoHospital { h in
            _ = try h.book(try h.patient("门诊病人", 40), "D014@2026-12-02T08")
            let c = try h.tickAll(try h.addCase(try h.patient("李明", 1), surgeon: "D014"))
            #expect(refusal { try h.schedule(c, "OR1", on: Self.wednesday) }
                    == .surgeonInClinic(surgeon: "胡振华", date: Self.wednesday, hour: 8, booked: 1))
            #expect(try h.store.surgeryCase(c.id).status == .queued)
            #expect(try h.store.proposeSurgeryPlan(days: 1, from: Self.wednesday).isEmpty, "08:00 in either theatre is his clinic hour")
            #expect(try h.store.proposeBackfill(theatre: "OR1", date: Self.wednesday) == nil)
            // Behind another surgeon's morning case, his case starts after his booked hour: allowed.
            let other = try h.addCase(try h.patient("王芳", 2), surgeon: "D015", minutes: 60)
            _ = try h.schedule(other, "OR1", on: Self.wednesday)
            #expect(try h.schedule(c, "OR1", on: Self.wednesday).status == .scheduled)
        }
    }

    @Test("a case already on the list when clinic patients book becomes !clinic on the night review, and cannot be confirmed")
    func standingConflict() throws {
        try withDemoHospital { h in
            let c = try h.tickAll(try h.addCase(try h.patient("李明", 1), surgeon: "D014"))
            let scheduled = try h.schedule(c, "OR1", on: Self.wednesday)
            #expect(scheduled.status == .scheduled)
            #expect(try h.store.surgeryDay(Self.wednesday).inClinic.isEmpty)
            _ = try h.book(try h.patient("门诊病人", 40), "D014@2026-12-02T08")
            let review = try h.store.surgeryDay(Self.wednesday)
            #expect(review.clinicClash(for: c.id)?.hour == 8)
            #expect(refusal { try h.store.confirmSurgery(case: c.id, by: Operator(name: "night:wang", terminal: "-", roles: [.night])) }
                    == .surgeonInClinic(surgeon: "胡振华", date: Self.wednesday, hour: 8, booked: 1))
        }
    }
}

@Suite("Postponing tells which cases moved (rule 11)")
struct PostponeMovesTests {
    @Test("postponing the first case names each later case whose planned start changed, with both times")
    func postponeNamesMovedCases() throws {
        try withDemoHospital { h in
            let first = try h.addCase(try h.patient("李明", 1), surgeon: "D015", minutes: 120)
            let second = try h.addCase(try h.patient("王芳", 2), surgeon: "D016", minutes: 60)
            _ = try h.schedule(first, "OR1", on: day("2026-11-26"))
            _ = try h.schedule(second, "OR1", on: day("2026-11-26"))
            let result = try h.store.postponeSurgery(case: first.id, reason: "血压控制不佳", by: Operator(name: "night:wang", terminal: "-", roles: [.night]))
            #expect(result.moved == [MovedCase(caseID: second.id, patientName: "王芳", theatre: "OR1", from: at("2026-11-26T10:15"), to: at("2026-11-26T08:00"))])
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'surgery.postpone' AND after LIKE ?", ["%case \(second.id) 2026-11-26 10:15 → 2026-11-26 08:00%"]) == 1)
        }
    }
}
