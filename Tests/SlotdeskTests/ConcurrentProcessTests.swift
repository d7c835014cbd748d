import BookingCore
import BookingStore
import Foundation
import Testing

@Suite("Several slotdesk processes booking the same slots at once (rule 1)")
struct ConcurrentProcessTests {
    @Test("eight processes race for the last seats of Dr Wang's Thursday: exits 0 or 1 only, no 'locked', nothing lost, nothing overbooked",
          .timeLimit(.minutes(3)))
    func racingProcesses() throws {
        try withShell { t throws in
            let initRun = try t.slotdesk("init", "--demo")
            #expect(initRun.status == 0, "\(initRun)")

            // Tuesday 1 December 11:00. Thursday 3 December is past the demo's bookings, and the reserved
            // seat of each of Dr Wang's hours 09–11 was released 48 h ahead, by 11:00 today: four public seats each.
            let now = "2026-12-01T11:00"
            let store = try t.store(now: now)
            let names = Array("甲乙丙丁戊己庚辛壬癸")
            var patients: [PatientView] = []
            for n in 0..<15 {
                patients.append(try store.registerPatient(
                    PatientInput(name: "测试" + String(names[n % 10]) + String(names[n / 10]), documentType: .resident,
                                 documentNumber: identityNumber(region: "330106", birth: "19900101", sequence: 500 + n)), by: admin))
            }
            let slots = ["D001@2026-12-03T09", "D001@2026-12-03T10", "D001@2026-12-03T11"]
            func seats(_ label: String) throws -> SlotView {
                try #require(try store.slots(SlotFilter(from: day("2026-12-03"), resource: "D001")).first { $0.label == label })
            }
            for label in slots {
                let s = try seats(label)
                #expect(s.booked == 0 && s.capacity == 4 && s.available == 4, "\(label)")
            }
            // Seats already taken at the windows: two, two and three; 2 + 2 + 1 seats are left.
            var earlier: [Int64] = []
            for (label, count) in zip(slots, [2, 2, 3]) {
                for _ in 0..<count {
                    let p = patients.removeLast()
                    earlier.append(try store.book(BookingRequest(patient: .id(p.id), slot: SlotReference(label)!), by: admin).id)
                }
            }

            // Eight processes at once: three on 09, three on 10, two on 11.
            let targets = [slots[0], slots[1], slots[2], slots[0], slots[1], slots[2], slots[0], slots[1]]
            #expect(patients.count == targets.count)
            let launched = try zip(targets, patients).map { label, p in
                try t.launch(["book", "--patient", "\(p.id)", "--slot", label, "--db", t.db, "--now", now, "--json"])
            }
            let runs = try launched.map { try $0.wait() }
            #expect(runs.count == 8)

            #expect(runs.allSatisfy { $0.status == 0 || $0.status == 1 }, "\(runs.filter { $0.status > 1 })")
            #expect(runs.allSatisfy { !$0.stderr.lowercased().contains("locked") && !$0.stderr.lowercased().contains("busy") })
            let printed = try runs.filter { $0.status == 0 }.map { run in
                try #require((try run.json() as? [String: Any])?["id"] as? Int, "\(run)")
            }
            for run in runs where run.status == 1 {
                #expect(try run.errorJSON()["code"] as? String == "slot_full", "\(run)")
            }
            #expect(printed.count == 5)  // exactly the seats that were left
            #expect(runs.filter { $0.status == 1 }.count == 3)

            for id in printed.map(Int64.init) + earlier {
                #expect(try store.appointment(id).status == .booked, "appointment \(id)")
            }
            for label in slots {
                let s = try seats(label)
                #expect(s.booked == s.capacity, "\(label)")
                #expect(s.booked <= s.capacity + s.added)
                let rows = try store.appointments(AppointmentFilter(date: day("2026-12-03"), resource: "D001")).filter { $0.slotLabel == label && $0.status == .booked }
                #expect(rows.count == s.booked, "\(label)")
            }
        }
    }

    @Test("six terminals started at once on the first morning, before any database exists, all start (exit 0)",
          .timeLimit(.minutes(3)))
    func firstMorning() throws {
        try withShell { t throws in
            var failed: [Run] = []
            for round in 0..<3 {
                let path = t.folder.appendingPathComponent("new-\(round).db").path
                let launched = try (0..<6).map { _ in try t.launch(["init", "--training", "--db", path, "--now", Shell.now]) }
                let runs = try launched.map { try $0.wait() }
                #expect(runs.allSatisfy { !$0.stderr.contains("locked") })
                failed += runs.filter { $0.status != 0 }
                #expect(try Store.create(path: path, training: true, now: at(Shell.now)).hospitalName() == nil)
                #expect(try permissions(path) == 0o600)
            }
            // Store.open holds a lock file around the migrations: no "table hospital already exists".
            #expect(failed.isEmpty, "\(failed)")
        }
    }
}
