import BookingCore
import BookingStore
import Foundation
import Testing

/// The rules that hold on every path, through the real `slotdesk` binary: the waitlist served
/// before a refused booking, stop-clinic's offers, a holiday loaded late, follow-ups sent down.
@Suite("Rules on every path, from the command line")
struct EveryPathCommandTests {
    @Test("book refused as full at the moment of release: the waiting patient keeps the released seat")
    func refusedBookingKeepsWaitlist() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t, patients: 5)
            let store = try t.store()
            let coordinator = Operator(name: "coordinator:zhao", terminal: "-", roles: [.coordinator])
            // D001 on 1 Dec, 09:00: four seats, two reserved until 29 Nov 09:00. Two public, one alliance.
            for p in patients.prefix(2) { _ = try store.book(BookingRequest(patient: .id(p.id), slot: .id(try slotID(store, "D001", "2026-12-01", 9))), by: admin) }
            _ = try store.book(BookingRequest(patient: .id(patients[2].id), slot: .id(try slotID(store, "D001", "2026-12-01", 9)), channel: .alliance,
                                              clinic: "C01"), by: coordinator)
            let wait = try t.slotdesk("waitlist", "add", "--patient", "\(patients[3].id)", "--department", "CARD", "--resource", "D001",
                                      "--from", "2026-12-01", "--to", "2026-12-01", "--hours", "09-10", json: true)
            #expect(wait.status == 0, "\(wait)")
            let refused = try t.slotdesk("book", "--patient", "\(patients[4].id)", "--slot", "D001@2026-12-01T09", json: true, now: "2026-11-29T09:00")
            #expect(refused.status == 1, "\(refused)")
            #expect(try refused.errorJSON()["code"] as? String == "slot_full")
            let list = try t.slotdesk("waitlist", "list", "--all", json: true, now: "2026-11-29T09:00")
            let entries = try #require(try list.json() as? [[String: Any]], "\(list)")
            #expect(entries.first { $0["patient"] as? Int == Int(patients[3].id) }?["status"] as? String == "booked", "\(list)")
        }
    }

    @Test("stop --dry-run --json never offers a slot more often than it has free seats; notify accept names the slot it booked")
    func stopOffersAndAccept() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t, patients: 6)
            let store = try t.store()
            for (i, p) in patients.enumerated() {
                _ = try store.book(BookingRequest(patient: .id(p.id), slot: .id(try slotID(store, "D001", "2026-12-01", 9 + i / 2))), by: admin)
            }
            let dry = try t.slotdesk("stop", "--resource", "D001", "--date", "2026-12-01", "--reason", "外出会诊", "--dry-run", json: true)
            #expect(dry.status == 0, "\(dry)")
            let report = try #require(try dry.json() as? [String: Any])
            let rows = try #require(report["patients"] as? [[String: Any]])
            #expect(rows.count == 6)
            var offers: [String: Int] = [:]
            for row in rows { if let label = row["slot_label"] as? String { offers[label, default: 0] += 1 } }
            #expect(!offers.isEmpty)
            for (label, count) in offers {
                let parts = label.split(separator: "@")
                let when = parts[1]
                let free = try store.slots(SlotFilter(from: try #require(LocalDate(String(when.prefix(10)))), resource: String(parts[0])))
                    .first { $0.hour == Int(when.suffix(2)) }.map { $0.capacity + $0.added - $0.booked } ?? 0
                #expect(count <= free, "\(label): \(count) offers for \(free) free seats")
            }
            let real = try t.slotdesk("stop", "--resource", "D001", "--date", "2026-12-01", "--reason", "外出会诊")
            #expect(real.status == 0 && real.stdout.contains("offered D"), "\(real)")
            let open = try #require(try store.notifications().first { $0.offeredSlot != nil })
            let offered = try #require(open.offeredSlot?.label)
            let accept = try t.slotdesk("notify", "accept", "\(open.id)")
            #expect(accept.status == 0, "\(accept)")
            #expect(accept.stdout.contains("Rebooked") && accept.stdout.contains(offered), "\(accept)")
        }
    }

    @Test("booking in a year without a calendar says so; a holiday loaded later stops the booked slot, dry run first")
    func holidayLoadedLate() throws {
        try withShell { t throws in
            let store = try t.store(now: "2026-12-28T08:30")
            _ = try store.applySetup(DemoHospital.setup(), by: admin)
            _ = try store.generateSlots(from: day("2026-12-28"), to: day("2027-01-04"), by: admin)
            let a = try store.registerPatient(PatientInput(name: "李明", documentType: .resident, documentNumber: identityNumber(sequence: 1)), by: admin)
            let b = try store.registerPatient(PatientInput(name: "王芳", documentType: .resident, documentNumber: identityNumber(sequence: 2)), by: admin)
            let now = "2026-12-28T08:30"
            let json = try t.slotdesk("book", "--patient", "\(a.id)", "--slot", "D002@2027-01-01T09", json: true, now: now)
            #expect(json.status == 0, "\(json)")
            #expect((try json.json() as? [String: Any])?["calendar_known"] as? Bool == false)
            let text = try t.slotdesk("book", "--patient", "\(b.id)", "--slot", "D002@2027-01-01T10", now: now)
            #expect(text.status == 0 && text.stdout.contains("no holiday calendar is loaded for 2027"), "\(text)")

            let file = t.folder.appendingPathComponent("calendar.toml")
            try "[calendar]\nyears = [2027]\nholidays = [\"2027-01-01\"]\n".write(to: file, atomically: true, encoding: .utf8)
            let dry = try t.slotdesk("setup", "apply", file.path, "--dry-run", now: now)
            #expect(dry.status == 0 && dry.stdout.contains("Dry run") && dry.stdout.contains("D002 stopped on 2027-01-01: 2 appointments cancelled"), "\(dry)")
            #expect(try store.appointments(AppointmentFilter(date: day("2027-01-01"))).allSatisfy { $0.status == .booked })
            let applied = try t.slotdesk("setup", "apply", file.path, now: now)
            let first = try #require(applied.stdout.split(separator: "\n").first)
            #expect(first.contains("holidays"), "the summary comes first: \(applied)")
            #expect(applied.stdout.contains("offered "), "\(applied)")
            let notify = try t.slotdesk("notify", "list", json: true, now: now)
            let calls = try #require(try notify.json() as? [[String: Any]])
            #expect(calls.count == 2 && calls.allSatisfy { $0["kind"] as? String == "stop_clinic" && $0["offered_slot_label"] is String }, "\(notify)")
            let again = try t.slotdesk("book", "--patient", "\(b.id)", "--slot", "D002@2027-01-01T11", now: now)
            #expect(again.status != 0, "\(again)")
            let doctor = try t.slotdesk("doctor", now: now)
            #expect(doctor.status == 0, "\(doctor)")
        }
    }

    @Test("a follow-up sent down is pending past 14 days, overdue after its due date, done with referral done, counted in report waits")
    func followUpFromTheCommandLine() throws {
        try withShell { t throws in
            let patients = try prepareHospital(t, patients: 1)
            let added = try t.slotdesk("referral", "add", "--patient", "\(patients[0].id)", "--clinic", "C01", "--doctor", "外科王医生",
                                       "--department", "GSUR", "--reason", "术后复查", "--direction", "down", "--due", "2026-12-10", json: true)
            #expect(added.status == 0, "\(added)")
            let id = try #require((try added.json() as? [String: Any])?["id"] as? Int)
            let late = "2026-12-21T09:00"
            let list = try t.slotdesk("referral", "list", "--direction", "down", json: true, now: late)
            let rows = try #require(try list.json() as? [[String: Any]], "\(list)")
            #expect(rows.count == 1 && rows.first?["status"] as? String == "pending" && rows.first?["overdue"] as? Bool == true, "\(list)")
            let waits = try t.slotdesk("report", "waits", json: true, now: late)
            let followUps = (try waits.json() as? [String: Any])?["follow_ups"] as? [String: Any]
            #expect(followUps?["pending"] as? Int == 1 && followUps?["overdue"] as? Int == 1, "\(waits)")
            let done = try t.slotdesk("referral", "done", "\(id)", now: late)
            #expect(done.status == 0 && done.stdout.contains("Follow-up done"), "\(done)")
            let twice = try t.slotdesk("referral", "done", "\(id)", json: true, now: late)
            #expect(twice.status == 1, "\(twice)")
            #expect(try twice.errorJSON()["code"] as? String == "follow_up_not_pending")
        }
    }

    @Test("two stop-clinics run at once in two processes never offer a slot more often than it has free seats")
    func concurrentStopsShareTheSeats() throws {
        try withShell { t throws in
            var setup = HospitalSetup()
            setup.hospital = .init(name: "测试医院", nameEn: "Test Hospital")
            setup.departments = [.init(code: "TEST", name: "测试科", nameEn: "Testing")]
            setup.resources = ["R1", "R2", "R3"].map { .init(code: $0, department: "TEST", kind: .clinic, name: "测试门诊" + $0) }
            setup.sessions = [.init(resource: "R1", weekdays: Array(1...7), firstHour: 8, endHour: 12, capacity: 4, reserved: 0),
                              .init(resource: "R3", weekdays: Array(1...7), firstHour: 8, endHour: 12, capacity: 4, reserved: 0),
                              // R2: one hour a day, two seats — the nearest slot for everyone stopped at 09:00.
                              .init(resource: "R2", weekdays: Array(1...7), firstHour: 9, endHour: 10, capacity: 2, reserved: 0)]
            setup.calendar = WorkCalendar(years: [2026])
            let store = try t.store()
            _ = try store.applySetup(setup, by: admin)
            _ = try store.generateSlots(from: day("2026-11-25"), to: day("2026-12-02"), by: admin)
            for n in 1...8 {
                let p = try store.registerPatient(PatientInput(name: "患者" + String(Array("甲乙丙丁戊己庚辛")[n - 1]), documentType: .resident, documentNumber: identityNumber(sequence: n)), by: admin)
                _ = try store.book(BookingRequest(patient: .id(p.id), slot: SlotReference("\(n <= 4 ? "R1" : "R3")@2026-11-27T09")!), by: admin)
            }
            let runs = try ["R1", "R3"].map { r in
                try t.launch(["stop", "--resource", r, "--date", "2026-11-27", "--reason", "外出会诊", "--db", t.db, "--now", Shell.now, "--json"])
            }.map { try $0.wait() }
            for run in runs { #expect(run.status == 0, "\(run)") }
            let open = try store.notifications().compactMap(\.offeredSlot)
            for (label, count) in Dictionary(grouping: open, by: \.label).mapValues(\.count) {
                let s = try #require(open.first { $0.label == label })
                let free = s.capacity + s.added - s.booked
                #expect(count <= free, "\(label): \(count) offers for \(free) free seats")
            }
            #expect(open.filter { $0.label == "R2@2026-11-27T09" }.count == 2)
        }
    }

    func slotID(_ store: Store, _ resource: String, _ date: String, _ hour: Int) throws -> Int64 {
        try #require(try store.slots(SlotFilter(from: day(date), resource: resource)).first { $0.hour == hour }?.id, "no \(resource) \(date) \(hour)")
    }
}
