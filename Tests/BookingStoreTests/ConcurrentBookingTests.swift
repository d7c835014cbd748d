import BookingCore
import BookingStore
import Foundation
import GRDB
import Synchronization
import Testing

/// What every terminal saw, collected across threads.
final class Outcomes: Sendable {
    struct Attempt: Sendable {
        let terminal: Int
        let slot: String
        let appointment: Int64?
        let refusal: BookingError?
        let otherError: String?
    }

    private let attempts = Mutex<[Attempt]>([])

    func record(_ attempt: Attempt) { attempts.withLock { $0.append(attempt) } }
    var all: [Attempt] { attempts.withLock { $0 } }
}

@Suite("Many terminals booking at once (rule 1)")
struct ConcurrentBookingTests {
    static let slots = ["R1@2026-11-26T08", "R1@2026-11-26T09", "R1@2026-11-26T10"]

    @Test("eight terminals, each with its own connection, book the same three slots at once: never more than capacity, nothing lost, nothing locked",
          .timeLimit(.minutes(3)))
    func eightTerminals() throws {
        let terminals = 8, perSlot = 2, capacity = 4
        try withSmallHospital(capacity: capacity, reserved: 1) { h in
            // The reserved seat of Thursday's slots was released on Tuesday: every seat is public.
            let patients = try h.patients(terminals * Self.slots.count * perSlot).map(\.id)
            let path = h.path
            let outcomes = Outcomes()
            let start = DispatchSemaphore(value: 0)
            let finished = DispatchGroup()
            for t in 0..<terminals {
                finished.enter()
                let mine = Array(patients[(t * Self.slots.count * perSlot)..<((t + 1) * Self.slots.count * perSlot)])
                let thread = Thread {
                    defer { finished.leave() }
                    start.wait()
                    let store: Store
                    do {
                        store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
                    } catch {
                        outcomes.record(.init(terminal: t, slot: "-", appointment: nil, refusal: nil, otherError: "open: \(error)"))
                        return
                    }
                    let clerk = Operator(name: "desk:\(t)", terminal: "/dev/pts/\(t)", roles: [.desk])
                    for (i, patient) in mine.enumerated() {
                        let label = Self.slots[(i + t) % Self.slots.count]
                        do {
                            let a = try store.book(BookingRequest(patient: .id(patient), slot: slot(label)), by: clerk)
                            outcomes.record(.init(terminal: t, slot: label, appointment: a.id, refusal: nil, otherError: nil))
                        } catch let error as BookingError {
                            outcomes.record(.init(terminal: t, slot: label, appointment: nil, refusal: error, otherError: nil))
                        } catch {
                            outcomes.record(.init(terminal: t, slot: label, appointment: nil, refusal: nil, otherError: "\(error)"))
                        }
                    }
                }
                thread.start()
            }
            for _ in 0..<terminals { start.signal() }
            finished.wait()

            let all = outcomes.all
            #expect(all.count == patients.count)
            #expect(all.compactMap(\.otherError).isEmpty, "\(all.compactMap(\.otherError))")
            for attempt in all {
                guard let refusal = attempt.refusal else { continue }
                switch refusal {
                case .slotFull, .duplicateBooking: break
                default: Issue.record("terminal \(attempt.terminal) got \(refusal)")
                }
                let text = refusal.message(.en).lowercased()
                #expect(!text.contains("locked") && !text.contains("busy"), "\(text)")
            }
            let succeeded = all.compactMap(\.appointment)
            let stored = try h.rawDatabase().read { db in
                try Int64.fetchAll(db, sql: "SELECT id FROM appointment WHERE status = 'booked' ORDER BY id")
            }
            #expect(Set(succeeded) == Set(stored))
            #expect(succeeded.count == stored.count)
            for label in Self.slots {
                let attempts = all.filter { $0.slot == label }.count
                let view = try h.slotView(label)
                #expect(attempts == terminals * perSlot)
                #expect(view.booked == min(attempts, capacity), "\(label)")
                #expect(all.filter { $0.slot == label && $0.appointment != nil }.count == view.booked)
                #expect(try h.count("SELECT count(*) FROM appointment WHERE slot_id = ?", [view.id]) == view.booked)
            }
            #expect(try h.count("SELECT count(*) FROM audit WHERE action = 'appointment.book'") == succeeded.count)
        }
    }

    @Test("while two terminals book and cancel the same slot over and over, the count always equals the live rows",
          .timeLimit(.minutes(3)))
    func bookAndCancel() throws {
        try withSmallHospital(capacity: 2) { h in
            let patients = try h.patients(6).map(\.id)
            let path = h.path
            let outcomes = Outcomes()
            let finished = DispatchGroup()
            for t in 0..<2 {
                finished.enter()
                let mine = Array(patients[(t * 3)..<(t * 3 + 3)])
                Thread {
                    defer { finished.leave() }
                    guard let store = try? Store.create(path: path, training: true, now: at("2026-11-25T08:30")) else {
                        outcomes.record(.init(terminal: t, slot: "-", appointment: nil, refusal: nil, otherError: "open failed"))
                        return
                    }
                    let clerk = Operator(name: "desk:\(t)", terminal: "/dev/pts/\(t)", roles: [.desk])
                    for round in 0..<10 {
                        let patient = mine[round % mine.count]
                        do {
                            let a = try store.book(BookingRequest(patient: .id(patient), slot: slot("R1@2026-11-27T09")), by: clerk)
                            _ = try store.cancel(appointment: a.id, by: clerk)
                            outcomes.record(.init(terminal: t, slot: "R1@2026-11-27T09", appointment: a.id, refusal: nil, otherError: nil))
                        } catch let error as BookingError {
                            outcomes.record(.init(terminal: t, slot: "R1@2026-11-27T09", appointment: nil, refusal: error, otherError: nil))
                        } catch {
                            outcomes.record(.init(terminal: t, slot: "R1@2026-11-27T09", appointment: nil, refusal: nil, otherError: "\(error)"))
                        }
                    }
                }.start()
            }
            finished.wait()
            let all = outcomes.all
            #expect(all.compactMap(\.otherError).isEmpty)
            #expect(all.compactMap(\.refusal).allSatisfy { if case .slotFull = $0 { true } else { false } })
            let cancelled = try h.count("SELECT count(*) FROM appointment WHERE status = 'cancelled'")
            #expect(all.filter { $0.appointment != nil }.count == cancelled)
            #expect(cancelled > 0)
            #expect(try h.slotView("R1@2026-11-27T09").booked == 0)
        }
    }

    @Test("eight terminals opening a brand-new database at once all get a working database (migrations race)",
          .timeLimit(.minutes(3)))
    func firstMorning() throws {
        try withTemporaryFolder { folder throws in
            var failures: [String] = []
            for round in 0..<4 {
                let path = folder.appendingPathComponent("first-morning-\(round).db").path
                let outcomes = Outcomes()
                let start = DispatchSemaphore(value: 0)
                let finished = DispatchGroup()
                for t in 0..<8 {
                    finished.enter()
                    Thread {
                        defer { finished.leave() }
                        start.wait()
                        do {
                            let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
                            _ = try store.departments()
                            outcomes.record(.init(terminal: t, slot: "-", appointment: 0, refusal: nil, otherError: nil))
                        } catch {
                            outcomes.record(.init(terminal: t, slot: "-", appointment: nil, refusal: nil, otherError: "\(error)"))
                        }
                    }.start()
                }
                for _ in 0..<8 { start.signal() }
                finished.wait()
                failures += outcomes.all.compactMap(\.otherError)
                // Whatever happened, the file ends up fully migrated and usable.
                #expect(try Store.create(path: path, training: true, now: at("2026-11-25T08:30")).departments().isEmpty)
            }
            // Store.open holds a lock file around the migrations: nobody applies 001 twice.
            #expect(failures.isEmpty, "\(failures)")
        }
    }
}
