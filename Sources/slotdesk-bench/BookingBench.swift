import BookingCore
import BookingStore
import Foundation
import GRDB

/// Part 1: one process booking through the real command (every rule, the audit record), one
/// booking after another, as the ceiling does: each a new patient, slots visited in the
/// ceiling's order.
final class BookingBench {
    /// Monday 23 November 2026, 07:00: the week's slots are all still ahead.
    static let now = LocalDateTime(date: LocalDate(year: 2026, month: 11, day: 23)!, hour: 7)

    /// What a run of bookings did.
    struct Result {
        var transactions = 0
        var seconds = 0.0
        var latencies = Latencies()
        /// The same bookings' CPU time on the booking thread: what the wall clock shows less the
        /// waits for the CPU when the machine is busy (and less waits for the disk).
        var cpuLatencies = Latencies()
        var refused = 0
        /// Times the scheduler took the CPU away from the benchmark while it booked.
        var preemptions = 0
        /// CPU time in user space and in the kernel (writing the WAL), seconds.
        var user = 0.0
        var system = 0.0

        var txPerSecond: Double { Double(transactions) / seconds }
        var userMicrosecondsPerTx: Double { user * 1e6 / Double(max(1, transactions)) }
        var systemMicrosecondsPerTx: Double { system * 1e6 / Double(max(1, transactions)) }

        mutating func add(_ other: Result) {
            transactions += other.transactions
            seconds += other.seconds
            latencies.add(other.latencies)
            cpuLatencies.add(other.cpuLatencies)
            refused += other.refused
            preemptions += other.preemptions
            user += other.user
            system += other.system
        }
    }

    let store: Store
    let path: String
    let patients: [Int64]
    let slots: [Int64]
    let desk = Operator(name: "desk:bench", terminal: "/dev/pts/1", roles: [.desk])
    private var next = 0

    /// A database of 50 clinics, every day 08–18 with 20 seats (4,000 slots over the public
    /// horizon, like the ceiling's 13,500), and `patients` patients never booked yet.
    init(folder: String, synchronous: Store.Synchronous, patients count: Int) throws {
        let path = folder + "/book-\(synchronous.rawValue.lowercased()).db"
        self.path = path
        let today = Self.now.date
        let setup = try Fixtures.hospital(departments: 10, perDepartment: 5, sessions: Fixtures.everyDay, capacity: 20, reserved: 0)
        _ = try Fixtures.makeStore(at: path, now: Self.now, setup: setup, slots: today...today.adding(days: 7))
        patients = try Fixtures.insertPatients(path: path, count: count, today: today)
        store = try Store.open(path: path, now: Self.now, synchronous: synchronous)
        slots = try store.slots(SlotFilter(from: today, to: today.adding(days: 7))).filter { !$0.started }.map(\.id)
        guard !slots.isEmpty else { throw BenchError("no slots to book") }
    }

    /// Books the next `count` patients, timing each booking and the whole run.
    func book(_ count: Int) throws -> Result {
        var result = Result()
        let usageStart = CPUUsage.now()
        let wallStart = monotonicSeconds()
        for _ in 0..<count {
            guard next < patients.count else { throw BenchError("out of patients") }
            let request = BookingRequest(patient: .id(patients[next]), slot: .id(slots[(next * 7919) % slots.count]))
            next += 1
            let start = monotonicSeconds()
            let cpuStart = threadCPUSeconds()
            do {
                _ = try store.book(request, by: desk)
            } catch {
                if error.kind == .storage { throw BenchError("booking failed: \(error.message(.en))") }
                result.refused += 1
            }
            result.latencies.record(seconds: monotonicSeconds() - start)
            result.cpuLatencies.record(seconds: threadCPUSeconds() - cpuStart)
            result.transactions += 1
        }
        result.seconds = monotonicSeconds() - wallStart
        let usage = CPUUsage.now()
        result.user = usage.user - usageStart.user
        result.system = usage.system - usageStart.system
        result.preemptions = usage.preemptions - usageStart.preemptions
        return result
    }

    /// Pages one booking writes: the WAL emptied by a checkpoint, `count` bookings, then the WAL's
    /// frames counted (each commit appends every page it changed once; `count` bookings stay well
    /// under the 4,000-page checkpoint, so none is copied back meanwhile).
    func pagesPerBooking(_ count: Int) throws -> Double {
        let raw = try DatabaseQueue(path: path)
        defer { try? raw.close() }
        let pageSize = try raw.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096 }
        let busy = try raw.writeWithoutTransaction { db in try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")?[0] as Int? }
        guard busy == 0 else { throw BenchError("could not empty the WAL") }
        _ = try book(count)
        let size = (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        let frames = max(0, size - 32) / (pageSize + 24)
        return Double(frames) / Double(count)
    }
}
